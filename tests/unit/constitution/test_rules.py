"""Seat computation, franchise, nominations, validity, recall, plebiscite and presets."""

from __future__ import annotations

from fractions import Fraction

import pytest

from suffrage.errors import ConstitutionError
from suffrage.rules.constitution import (
    Council,
    Decision,
    Exclusion,
    Franchise,
    Nomination,
    Nominee,
    Person,
    Plebiscite,
    Recall,
    SeatRule,
    Validity,
    check_nominations,
    check_validity,
    compute_seats,
    decide_plebiscite,
    delegation_seats,
    evaluate_franchise,
    load_preset,
    parse_constitution_text,
    preset_names,
    preset_text,
    recall_outcome,
    with_totals,
)


def test_seats_follow_the_ratio_rounding_and_bounds() -> None:
    rule = SeatRule("inhabitants", per=1000, rounding="floor", minimum=1)
    assert compute_seats(rule, voters=0, inhabitants=4999).seats == 4
    assert compute_seats(rule, voters=0, inhabitants=10).seats == 1
    half_up = SeatRule("voters", per=50, rounding="half-up")
    assert compute_seats(half_up, voters=125, inhabitants=0).seats == 3
    assert compute_seats(half_up, voters=124, inhabitants=0).seats == 2
    ceil = SeatRule("voters", per=25000, rounding="ceil", minimum=0, maximum=3)
    assert compute_seats(ceil, voters=25001, inhabitants=0).seats == 2
    assert compute_seats(ceil, voters=10**6, inhabitants=0).seats == 3
    assert compute_seats(SeatRule("fixed", seats=1, minimum=0), voters=9, inhabitants=9).seats == 1


def test_franchise_records_each_reason() -> None:
    f = Franchise(
        18,
        ("worker",),
        exclusions=(
            Exclusion("Art. 65(d)", category="clergy"),
            Exclusion("by a court", decision_by="court"),
        ),
    )
    assert evaluate_franchise(f, Person("a", 30, frozenset({"worker"}))).eligible
    young = evaluate_franchise(f, Person("b", 17, frozenset({"worker"})))
    assert young.reasons == ("under 18",)
    priest = evaluate_franchise(f, Person("c", 40, frozenset({"worker", "clergy"})))
    assert priest.reasons == ("Art. 65(d)",)
    sentenced = Person("d", 40, frozenset({"worker"}), decisions=(Decision("court", "theft"),))
    assert evaluate_franchise(f, sentenced).reasons == ("by a court: theft",)
    other = Person("e", 40, frozenset({"worker"}), decisions=(Decision("tribunal", "x"),))
    assert evaluate_franchise(f, other).eligible  # only a court's decision counts here
    union = Franchise(16, membership="union")
    member = Person("f", 16, memberships=frozenset({"union"}))
    assert evaluate_franchise(union, member).eligible
    outsider = evaluate_franchise(union, Person("g", 50))
    assert outsider.reasons == ("not a member of union",)


def test_nominations_check_who_may_nominate_vetting_and_limit() -> None:
    rules = Nomination(None, ("party", "trade-union"), True, 1)
    filed = [
        Nominee("A", organization="u", organization_kind="trade-union"),
        Nominee("B", organization="p", organization_kind="party"),
        Nominee("C", organization="church", organization_kind="parish"),
        Nominee("D", organization="p", organization_kind="party", vetted=False),
    ]
    check = check_nominations(rules, filed, seats=1)
    assert [n.name for n in check.accepted] == ["A"]
    reasons = {n.name: r for n, r in check.rejected}
    assert "limit" in reasons["B"]
    assert "only an organization" in reasons["C"]
    assert "commission" in reasons["D"]


def test_validity_turnout_and_absolute_majority() -> None:
    rules = Validity(Fraction(1, 2), False, "absolute", None, "valid", "new-election", "runoff")
    assert check_validity(rules, registered=10, cast=5, valid=5, leader_votes=3).valid
    low = check_validity(rules, registered=10, cast=4, valid=4, leader_votes=4)
    assert (low.valid, low.action) == (False, "new-election")
    split = check_validity(rules, registered=10, cast=6, valid=6, leader_votes=3)
    assert (split.valid, split.action) == (False, "runoff")


def test_recall_petition_and_vote() -> None:
    rules = Recall(Fraction(1, 4), "electors")
    assert not recall_outcome(rules, electors=40, signatures=9, recall=40, keep=0).petition_ok
    assert recall_outcome(rules, electors=40, signatures=10, recall=21, keep=0).carried
    assert not recall_outcome(rules, electors=40, signatures=10, recall=20, keep=1).carried
    votes = Recall(Fraction(1, 4), "votes")
    assert recall_outcome(votes, electors=40, signatures=10, recall=3, keep=2).carried


def test_plebiscite_quorum_and_double_majority() -> None:
    rules = Plebiscite(("yes", "no"), "yes", Fraction(1, 2), Fraction(1, 2), None, True)
    units = {"a": {"yes": 9, "no": 1}, "b": {"yes": 2, "no": 3}, "c": {"yes": 2, "no": 3}}
    total = {"yes": 13, "no": 7}
    out = decide_plebiscite(rules, registered=30, votes=total, by_unit=units)
    assert not out.approved and out.units_approving == 1  # people yes, units no
    units["b"] = {"yes": 3, "no": 2}
    assert decide_plebiscite(rules, registered=30, votes=total, by_unit=units).approved
    assert not decide_plebiscite(rules, registered=50, votes=total, by_unit=units).approved


def test_every_preset_validates_and_names_its_sources() -> None:
    assert set(preset_names()) == {
        "soviet-1918", "ussr-1936", "plebiscite", "multiparty-pr", "council-democracy",
        "council-democracy-stv",
    }  # fmt: skip
    for name in preset_names():
        c = load_preset(name)
        assert c.id == name and c.sources


def test_soviet_1918_delegations_follow_arts_25_and_53() -> None:
    c = load_preset("soviet-1918")
    councils = {
        "rsfsr": Council("rsfsr", "all-russian-congress", "default"),
        "gub": Council("gub", "provincial-congress", "default", "rsfsr"),
        "uezd": Council("uezd", "uezd-congress", "default", "gub"),
        "volost": Council("volost", "volost-congress", "default", "uezd"),
        "city": Council("city", "local-soviet", "city", "gub"),
        "village": Council("village", "local-soviet", "village", "volost"),
    }
    totals = with_totals(councils, {"city": (51000, 90000, 90), "village": (4000, 9000, 50)})
    seats = {(d.source, d.target): d.seats for d in delegation_seats(c, totals)}
    assert seats[("city", "gub")] == 51000 // 2000  # Art. 53(b): 1 per 2,000 city voters
    assert seats[("village", "volost")] == 50 // 10  # Art. 53(d): 1 per 10 soviet members
    assert seats[("volost", "uezd")] == 9000 // 1000  # Art. 53(c): 1 per 1,000 inhabitants
    assert ("uezd", "gub") not in seats  # Art. 53(b): 9,000 < 10,000 rural inhabitants
    assert seats[("city", "rsfsr")] == 51000 // 25000  # Art. 25: 1 per 25,000 voters
    assert ("gub", "rsfsr") not in seats  # 99,000 < 125,000 inhabitants


def _broken(old: str, new: str, name: str = "ussr-1936") -> str:
    text = preset_text(name)
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("seats = 1", "seats = 0", "constitution.representation.district.seats"),
        ('method = "strike-out"', 'method = "nope"', "constitution.ballot.method"),
        ('kind = "keep-strike"', 'kind = "ranked"', "constitution.ballot.method"),
        ("min_age = 18", 'min_age = "x"', "constitution.franchise.min_age"),
        ('petition_share = "1/10"', "petition_share = 2", "constitution.recall.petition_share"),
        ('secrecy = "secret"', 'secrecy = "whisper"', "constitution.ballot.secrecy"),
        ("[nomination]", "[nomination]\ncolour = 1", "constitution.nomination.colour"),
    ],
)
def test_invalid_constitutions_name_the_field(old: str, new: str, field: str) -> None:
    with pytest.raises(ConstitutionError, match=rf"^{field}: "):
        parse_constitution_text(_broken(old, new))


def test_ratio_rule_needs_one_basis() -> None:
    text = _broken("inhabitants_per_deputy = 1000", "voters_per_deputy = 0", "soviet-1918")
    with pytest.raises(ConstitutionError, match=r"representation\.city\.voters_per_deputy: must"):
        parse_constitution_text(text)


def test_secret_ranked_ballots_are_mixed_and_approval_ones_refused() -> None:
    text = _broken('method = "sainte-lague"', 'method = "stv-meek"', "council-democracy")
    text = text.replace('kind = "party-votes"', 'kind = "ranked"', 1)
    text = text.replace("party_lists = true", "party_lists = false", 1)
    ranked = parse_constitution_text(text)  # the protocol mixes secret rankings (7.16)
    assert (ranked.ballot.secrecy, ranked.ballot.kind) == ("secret", "ranked")
    text = text.replace('method = "stv-meek"', 'method = "seq-pav"', 1)
    text = text.replace('kind = "ranked"', 'kind = "approval"', 1)
    with pytest.raises(ConstitutionError, match=r"constitution\.ballot\.kind: a secret ballot"):
        parse_constitution_text(text)
