"""Each historical rule of the presets, pinned to the article it comes from."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from suffrage.errors import ConstitutionError, ScenarioError
from suffrage.rules.constitution import (
    Council,
    Decision,
    Nominee,
    Person,
    check_nominations,
    decide_plebiscite,
    delegation_seats,
    evaluate_franchise,
    load_preset,
    parse_constitution_text,
    preset_text,
    with_totals,
)
from suffrage.service.presets import outcome_rule
from suffrage.service.scenario import parse_scenario_text, run_scenario

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def _village_scenario(villages: int, inhabitants: int) -> str:
    """``villages`` villages of one volost, uezd and gubernia, three peasants each."""
    head = """
[scenario]
name = "villages"
seed = "villages"
scale = 1000

[[parties]]
id = "left-sr"

[[councils]]
id = "gub"
tier = "provincial-congress"

[[councils]]
id = "uezd"
tier = "uezd-congress"
parent = "gub"

[[councils]]
id = "volost"
tier = "volost-congress"
parent = "uezd"
"""
    parts = [head]
    for k in range(villages):
        parts.append(f"""
[[councils]]
id = "v{k}"
tier = "local-soviet"
class = "village"
parent = "volost"

[[units]]
id = "v{k}"
kind = "village"
class = "village"
council = "v{k}"
inhabitants = {inhabitants}
slates = ["left-sr"]

[[units.groups]]
stratum = "peasants"
count = 3
categories = ["peasant"]
support = {{ left-sr = 1 }}
""")
    return "".join(parts)


def test_art_57b_village_soviets_only_below_10000_inhabitants() -> None:
    rules = load_preset("soviet-1918")
    assert rules.representation["village"].inhabitants_below == 10000
    run_scenario(rules, parse_scenario_text(_village_scenario(1, 9999)))
    with pytest.raises(ScenarioError, match=r"units\[0\]\.inhabitants: 10000 inhabitants.*10000"):
        run_scenario(rules, parse_scenario_text(_village_scenario(1, 10000)))


def test_art_53_twenty_villages_of_9000_send_18_delegates_to_the_gubernia() -> None:
    rules = load_preset("soviet-1918")
    report = run_scenario(rules, parse_scenario_text(_village_scenario(20, 9000)))
    got = {(d.source, d.target): d.seats for d in report.delegations}
    # Art. 57(b): 90 deputies bounded to 50; Art. 53(d): 50 / 10 = 5 volost delegates each.
    assert all(got[(f"v{k}", "volost")] == 5 for k in range(20))
    # Art. 53(c): 180,000 inhabitants / 1,000 = 180 uezd delegates (at most 300).
    assert got[("volost", "uezd")] == 180
    # Art. 53(b): 180,000 rural inhabitants / 10,000 = 18 gubernia delegates.
    assert got[("uezd", "gub")] == 18
    seated = report.councils["provincial-congress"]["gub"]
    assert len(seated) == 18 and {d.stratum for d in seated} == {"peasants"}
    # the volost congress (100 members) cannot send 180: the report says so
    assert any("volost has 100 members for 180 delegate seats" in n for n in report.notes)


def test_art_53_caps_300_per_gubernia_500_per_oblast() -> None:
    c = load_preset("soviet-1918")
    assert {t.id: t.maximum for t in c.tiers[1:]} == {
        "volost-congress": None,
        "uezd-congress": 300,
        "provincial-congress": 300,
        "oblast-congress": 500,
        "all-russian-congress": None,
    }
    councils = {
        "obl": Council("obl", "oblast-congress", "default"),
        "gub": Council("gub", "provincial-congress", "default", "obl"),
        "uezd": Council("uezd", "uezd-congress", "default", "gub"),
        "volost": Council("volost", "volost-congress", "default", "uezd"),
        "city": Council("city", "local-soviet", "city", "gub"),
        "village": Council("village", "local-soviet", "village", "volost"),
    }
    # a city of 800,000 voters and 2,000,000 rural inhabitants: 400 + 200 > 300
    totals = with_totals(councils, {"city": (800000, 1500000, 1000), "village": (0, 2000000, 50)})
    seats = {(d.source, d.target): d.seats for d in delegation_seats(c, totals)}
    assert seats[("city", "gub")] + seats[("uezd", "gub")] == 300
    assert (seats[("city", "gub")], seats[("uezd", "gub")]) == (200, 100)  # 400:200 shared
    assert seats[("volost", "uezd")] == 300  # 2,000 by the ratio, capped (Art. 53(c))
    # Art. 53(a): 800,000 / 5,000 = 160 city + 2,000,000 / 25,000 = 80 uezd: under 500
    assert seats[("city", "obl")] == 160 and seats[("uezd", "obl")] == 80


def test_art_65g_needs_a_court_not_a_soviet() -> None:
    franchise = load_preset("soviet-1918").franchise
    worker = frozenset({"worker"})
    by_soviet = Person("a", 30, worker, decisions=(Decision("soviet", "disloyal"),))
    assert evaluate_franchise(franchise, by_soviet).eligible
    by_court = Person("b", 30, worker, decisions=(Decision("court", "theft, two years"),))
    (reason,) = evaluate_franchise(franchise, by_court).reasons
    assert reason.startswith("Art. 65(g)") and "court" in reason


def test_arts_64_65_and_1936_art_135_govern_the_right_to_be_elected() -> None:
    soviet = load_preset("soviet-1918")
    assert soviet.nomination is not None and soviet.nomination.candidates_must_be_electors
    priest = Nominee(
        "Father Ioann", "left-sr", "left-sr", "party", person=Person("p", 50, frozenset({"clergy"}))
    )
    worker = Nominee(
        "Anna", "left-sr", "left-sr", "party", person=Person("w", 30, frozenset({"worker"}))
    )
    check = check_nominations(
        soviet.nomination, [priest, worker], seats=2, franchise=soviet.franchise
    )
    assert [n.name for n in check.accepted] == ["Anna"]
    ((refused, reason),) = check.rejected
    assert refused.name == "Father Ioann" and "Art. 65(d)" in reason
    assert reason.startswith("may not be elected")
    ussr = load_preset("ussr-1936")
    assert ussr.nomination is not None
    sentenced = Nominee(
        "Gleb",
        organization="p",
        organization_kind="party",
        person=Person("g", 40, decisions=(Decision("court", "deprived of rights"),)),
    )
    check = check_nominations(ussr.nomination, [sentenced], seats=1, franchise=ussr.franchise)
    assert "Art. 135" in check.rejected[0][1]


def test_a_priest_on_a_1918_slate_or_list_is_never_seated() -> None:
    text = (EXAMPLES / "soviet-1918.toml").read_text()
    text = text.replace(
        '[[units.candidates]]\nname = "Semyon Markov"',
        '[[units.candidates]]\nname = "Father Ioann"\nparty = "mensheviks"\n'
        'stratum = "clergy"\ncategories = ["clergy"]\norganization = "putilov-committee"\n\n'
        '[[units.candidates]]\nname = "Semyon Markov"',
    )
    report = run_scenario(load_preset("soviet-1918"), parse_scenario_text(text))
    putilov = report.constituencies[0]
    assert putilov.nominations is not None
    assert [n.name for n, _ in putilov.nominations.rejected] == ["Father Ioann"]
    members = {d.name for cs in report.councils.values() for ds in cs.values() for d in ds}
    assert "Father Ioann" not in members
    # Slates draw their candidates from the groups that may be elected: no kulak, no priest.
    strata = {d.stratum for d in report.councils["local-soviet"]["ivanovka"]}
    assert strata == {"peasants"}


def test_sntv_is_flagged_as_a_modelling_choice_when_seats_go_by_lot() -> None:
    rules = load_preset("soviet-1918")
    assert any("SNTV" in m for m in rules.modelling_choices)
    report = run_scenario(rules, parse_scenario_text((EXAMPLES / "soviet-1918.toml").read_text()))
    lots = [n for c in report.constituencies if c.outcome for n in c.outcome.notes if "by lot" in n]
    assert lots and all("sntv" in n for n in lots)
    putilov = report.constituencies[0]
    assert putilov.outcome is not None
    empty = [c for c in putilov.outcome.elected if not putilov.outcome.marks.get(c, 0)]
    assert f"{len(empty)} of 30 seats went by lot" in " ".join(putilov.outcome.notes)
    (flag,) = [n for n in report.notes if "modelling choice" in n]
    assert "putilov" in flag and "sntv is a modelling choice, not the constitution's text" in flag


def test_1936_strike_out_elects_one_deputy_per_district() -> None:
    text = preset_text("ussr-1936")
    with pytest.raises(ConstitutionError, match=r"representation\.district: a keep-or-strike"):
        parse_constitution_text(text.replace("seats = 1", "seats = 2"))


def test_1936_new_election_below_half_turnout_is_held() -> None:
    rules = load_preset("ussr-1936")
    assert rules.validity.turnout_quorum == 0.5 and rules.validity.on_no_quorum == "new-election"
    report = run_scenario(rules, parse_scenario_text((EXAMPLES / "ussr-1936.toml").read_text()))
    (void,) = [c for c in report.constituencies if c.unit == "sverdlovsk-north"]
    assert void.repeat == "new-election" and void.first_round is not None
    assert 2 * void.first_round.cast < void.registered
    assert void.outcome is not None and void.outcome.spec.id.endswith("-new")
    ids = [c.spec.id for c in report.contests]
    assert void.first_round.spec.id in ids and void.outcome.spec.id in ids


def test_1936_runoff_with_one_name_becomes_a_new_election() -> None:
    rules = load_preset("ussr-1936")
    assert rules.validity.on_no_majority == "runoff"
    scenario = (EXAMPLES / "ussr-1936.toml").read_text()
    old = "support = { bloc = 0.95, against = 0.05 }"
    assert old in scenario
    scenario = scenario.replace(old, "support = { against = 1 }")
    report = run_scenario(rules, parse_scenario_text(scenario))
    first = report.constituencies[0]
    assert first.repeat == "new-election" and first.outcome is not None
    assert not first.outcome.elected and first.validity is not None
    assert not first.validity.valid


def test_1936_nomination_by_general_meetings() -> None:
    rules = load_preset("ussr-1936")
    assert rules.nomination is not None
    for kind in ("workers-meeting", "servicemen-meeting", "kolkhoz-meeting"):
        meeting = Nominee("X", organization="m", organization_kind=kind)
        assert check_nominations(rules.nomination, [meeting], seats=1).accepted
    parish = Nominee("Y", organization="p", organization_kind="parish")
    assert check_nominations(rules.nomination, [parish], seats=1).rejected


def test_italian_art_75_quorum_is_a_strict_majority_of_those_entitled() -> None:
    rules = load_preset("plebiscite").plebiscite
    assert rules is not None and rules.turnout_strict
    units = {"a": {"yes": 4, "no": 1}, "b": {"yes": 1, "no": 4}, "c": {"yes": 5, "no": 0}}
    votes = {"yes": 10, "no": 5}
    half = decide_plebiscite(rules, registered=30, votes=votes, by_unit=units)
    assert not half.approved and "turnout 15/30 is not more than" in half.notes[0]
    more = decide_plebiscite(rules, registered=29, votes=votes, by_unit=units)
    assert more.approved
    # an election created from the preset carries the strict quorum into its outcome rule
    rule = outcome_rule(load_preset("plebiscite"), ["o1", "o2"], 1, "seed")
    assert rule.quorum == Fraction(1, 2) and rule.quorum_strict


NATIONALITIES = """
[scenario]
name = "two nationalities"
seed = "nationalities"

[[parties]]
id = "bloc"

[[regions]]
id = "ukrainian-ssr"
class = "union-republic"

[[regions]]
id = "evenk-area"
class = "national-area"

[[units]]
id = "kiev"
kind = "district"
class = "district"
slates = ["bloc"]
region = "ukrainian-ssr"

[[units.groups]]
stratum = "workers"
count = 52
support = { bloc = 1 }

[[units]]
id = "tura"
kind = "district"
class = "district"
slates = ["bloc"]
region = "evenk-area"

[[units.groups]]
stratum = "herders"
count = 3
support = { bloc = 1 }
"""


def test_1936_art_35_soviet_of_nationalities_is_a_second_chamber() -> None:
    rules = load_preset("ussr-1936")
    (chamber,) = rules.chambers
    assert dict(chamber.seats) == {
        "union-republic": 25,
        "autonomous-republic": 11,
        "autonomous-region": 5,
        "national-area": 1,
    }
    report = run_scenario(rules, parse_scenario_text(NATIONALITIES))
    districts = report.chambers["soviet-of-nationalities"]
    # 25 single-member districts for the union republic, 1 for the national area
    assert [d.council for d in districts].count("ukrainian-ssr") == 25
    assert [d.council for d in districts].count("evenk-area") == 1
    assert all(d.seats == 1 for d in districts)
    sizes = sorted(d.registered for d in districts if d.council == "ukrainian-ssr")
    assert sizes[0] == 2 and sizes[-1] == 3 and sum(sizes) == 52  # as near equal as can be
    seated = report.councils["soviet-of-nationalities"]
    assert len(seated["evenk-area"]) <= 1 and len(seated["ukrainian-ssr"]) <= 25
    # the same electors also elect the Soviet of the Union in their own districts
    assert set(report.councils["council"]) == {"council"}
    assert report.districts["evenk-area-1"] == {"tura": 3}


def test_1936_regions_must_be_of_a_seated_class_and_are_optional() -> None:
    rules = load_preset("ussr-1936")
    bad = NATIONALITIES.replace('class = "national-area"', 'class = "krai"')
    with pytest.raises(ScenarioError, match=r"'evenk-area' is of class 'krai'"):
        run_scenario(rules, parse_scenario_text(bad))
    report = run_scenario(rules, parse_scenario_text((EXAMPLES / "ussr-1936.toml").read_text()))
    assert any("Soviet of Nationalities not elected" in n for n in report.notes)
    assert "soviet-of-nationalities" not in report.councils
