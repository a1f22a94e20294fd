"""Scenario runs on small hand-made cases; mistakes are reported with the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from suffrage.adapters.cli import app
from suffrage.errors import ScenarioError
from suffrage.protocol.rollcall import check_rollcall
from suffrage.rules.constitution import parse_constitution_text, preset_text
from suffrage.service.scenario import (
    parse_scenario_text,
    run_scenario,
    run_scenario_file,
    write_records,
)

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def _scenario(old: str, new: str, name: str = "council-democracy") -> str:
    text = (EXAMPLES / f"{name}.toml").read_text()
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('kind = "workplace"', 'kind = "castle"', r"^scenario\.units\[0\]\.kind: 'castle'"),
        ('tier = "federal-council"', 'tier = "senate"', r"^scenario\.councils\[0\]\.tier: "),
        ('parent = "federation"', 'parent = "steelworks"', r"councils\[1\]\.parent: .* cycle"),
        ("count = 20", "count = -1", r"^scenario\.units\[0\]\.groups\[0\]\.count: must"),
        ('party = "red"', 'party = "blue"', r"^scenario\.units\[0\]\.candidates\[0\]\.party"),
        ("signatures = 5", "signatures = 5\ncolour = 1", r"^scenario\.events\[0\]\.colour"),
    ],
)
def test_scenario_errors_name_the_field(old: str, new: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        scenario = parse_scenario_text(_scenario(old, new))
        rules = parse_constitution_text(preset_text("council-democracy"))
        run_scenario(rules, scenario)


def test_cli_validate_reports_the_field_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(preset_text("ussr-1936").replace("min_age = 18", "min_age = -1"))
    result = CliRunner().invoke(app, ["constitution", "validate", str(bad)])
    assert result.exit_code == 1
    assert "constitution.franchise.min_age: must be an integer >= 0" in result.output
    assert "Traceback" not in result.output
    good = tmp_path / "good.toml"
    good.write_text(preset_text("ussr-1936"))
    assert CliRunner().invoke(app, ["constitution", "validate", str(good)]).exit_code == 0
    shown = CliRunner().invoke(app, ["constitution", "show", "soviet-1918"])
    assert shown.exit_code == 0 and "Art. 65" in shown.output
    missing = CliRunner().invoke(app, ["constitution", "show", "athens"])
    assert missing.exit_code == 1 and "no preset constitution 'athens'" in missing.output


def test_weighted_delegates_vote_with_their_electors(tmp_path: Path) -> None:
    text = preset_text("soviet-1918").replace(
        'name = "Provincial (gubernia) congress of soviets"',
        'name = "Provincial (gubernia) congress of soviets"\ndelegate_weight = "voters"',
    )
    rules = parse_constitution_text(text)
    report = run_scenario(rules, parse_scenario_text((EXAMPLES / "soviet-1918.toml").read_text()))
    first = [c.spec.id for c in report.contests].index("provincial-congress-petrograd")
    folder = write_records(report, tmp_path)[first]
    record = json.loads((folder / "rollcall.json").read_text())
    check_rollcall(record)
    weights = {v["elector"]: v["weight"] for v in record["votes"]}
    # The 30 + 20 deputies of Petrograd vote; Putilov: 30 electors x 500 / 30 seats = 500,
    # Obukhov: 20 x 500 / 20 seats = 500.
    assert len(record["roll"]) == 50 and set(weights.values()) == {500}
    assert sum(record["tally"].values()) == 500 * len(weights)


def test_secret_tier_weights_are_refused() -> None:
    text = preset_text("council-democracy").replace(
        'sources = ["workplace-council"]',
        'sources = ["workplace-council"]\ndelegate_weight = "voters"',
    )
    with pytest.raises(ValueError, match=r"tiers\[1\]\.delegate_weight: weighted delegate"):
        parse_constitution_text(text)


RUNOFF_SCENARIO = """
[scenario]
name = "three candidates"
seed = "runoff"

[[parties]]
id = "a"
[[parties]]
id = "b"
[[parties]]
id = "c"

[[units]]
id = "d1"
kind = "district"
class = "district"

[[units.groups]]
stratum = "workers"
count = 20
support = { a = 4, b = 3.5, c = 2.5 }

[[units.candidates]]
name = "Ada"
party = "a"
organization = "a"
[[units.candidates]]
name = "Bea"
party = "b"
organization = "b"
[[units.candidates]]
name = "Cid"
party = "c"
organization = "c"
"""


def test_no_absolute_majority_leads_to_a_second_ballot_of_the_two_leaders() -> None:
    text = (
        preset_text("ussr-1936")
        .replace('kind = "keep-strike"', 'kind = "choose-one"')
        .replace('method = "strike-out"', 'method = "plurality"')
        .replace("max_candidates_per_seat = 1", "max_candidates_per_seat = 3")
        .replace('on_no_majority = "new-election"', 'on_no_majority = "runoff"')
    )
    report = run_scenario(parse_constitution_text(text), parse_scenario_text(RUNOFF_SCENARIO))
    (district,) = report.constituencies
    first, final = district.first_round, district.outcome
    assert first is not None and final is not None
    assert 2 * max(first.marks.values()) <= first.cast  # nobody had more than half
    leaders = sorted(first.marks, key=lambda c: -first.marks[c])[:2]
    assert set(final.spec.candidates) == set(leaders)
    assert district.validity is not None and district.validity.valid
    assert final.elected and final.elected[0] in leaders
    assert [d.name for d in report.councils["council"]["council"]] == list(final.elected)


def test_strike_out_with_two_names_needs_an_absolute_majority() -> None:
    text = preset_text("ussr-1936").replace(
        "max_candidates_per_seat = 1", "max_candidates_per_seat = 2"
    )
    scenario = parse_scenario_text((EXAMPLES / "ussr-1936.toml").read_text())
    report = run_scenario(parse_constitution_text(text), scenario)
    (tambov,) = [c for c in report.constituencies if c.unit == "tambov-rural"]
    assert tambov.outcome is not None and tambov.validity is not None
    first = tambov.first_round
    assert first is not None and tambov.repeat == "runoff"
    assert first.spec.candidates == ("Anna Sidorova", "Pavel Orlov")
    kept = [first.marks[c] for c in first.spec.candidates]
    valid = first.cast
    assert sum(kept) + first.marks["(all names struck)"] == valid
    assert all(2 * k <= valid for k in kept)  # neither kept on more than half
    assert not first.elected
    # 1937 Regulation: a repeat ballot between the two leaders, carried out (not skipped).
    final = tambov.outcome
    assert final.spec.id.endswith("-runoff") and set(final.spec.candidates) == set(
        kept and first.spec.candidates
    )
    a, b = (final.marks[c] for c in final.spec.candidates)
    if a != b:
        assert tambov.validity.valid
        assert final.elected == (final.spec.candidates[0 if a > b else 1],)
    else:
        assert not tambov.validity.valid and not final.elected


def test_a_unit_without_electors_holds_no_vote_and_names_stay_unique() -> None:
    rules = parse_constitution_text(preset_text("ussr-1936"))
    nobody = RUNOFF_SCENARIO.replace("count = 20", "count = 20\nage = 15")
    report = run_scenario(rules, parse_scenario_text(nobody))
    (district,) = report.constituencies
    assert district.registered == 0 and district.outcome is None and not report.contests
    twice = RUNOFF_SCENARIO.replace('name = "Bea"', 'name = "Ada"')
    with pytest.raises(ScenarioError, match=r"^scenario\.units\[0\]\.candidates\[1\]\.name: "):
        run_scenario(rules, parse_scenario_text(twice))


def test_scenario_names_an_unknown_constitution_or_a_file_beside_it(tmp_path: Path) -> None:
    text = (EXAMPLES / "ussr-1936.toml").read_text()
    unknown = tmp_path / "unknown.toml"
    unknown.write_text(text.replace('constitution = "ussr-1936"', 'constitution = "athens"'))
    with pytest.raises(ScenarioError, match=r"^scenario\.scenario\.constitution: no preset"):
        run_scenario_file(unknown)
    (tmp_path / "local.toml").write_text(preset_text("ussr-1936").replace("ussr-1936", "local"))
    beside = tmp_path / "beside.toml"
    beside.write_text(text.replace('constitution = "ussr-1936"', 'constitution = "local.toml"'))
    assert run_scenario_file(beside).constitution == "local"
