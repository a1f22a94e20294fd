"""Each preset runs its example end to end; records check; seats follow the rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from suffrage.adapters.cli import app
from suffrage.errors import ScenarioError
from suffrage.protocol.rollcall import check_rollcall
from suffrage.service.scenario import RunReport, run_scenario_file, write_records

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PRESETS = [
    "soviet-1918",
    "ussr-1936",
    "plebiscite",
    "multiparty-pr",
    "council-democracy",
    "council-democracy-stv",
]


@pytest.fixture(scope="module")
def reports() -> dict[str, RunReport]:
    return {name: run_scenario_file(EXAMPLES / f"{name}.toml") for name in PRESETS}


def test_records_check_and_never_mix(reports: dict[str, RunReport], tmp_path: Path) -> None:
    runner = CliRunner()
    for name in PRESETS:  # every record of every example, tiers and recalls included
        report = reports[name]
        for folder in write_records(report, tmp_path / name):
            files = {p.name for p in folder.iterdir()}
            if report.secrecy == "open":
                assert files == {"rollcall.json"}
                check_rollcall(json.loads((folder / "rollcall.json").read_text()))
            else:
                assert "rollcall.json" not in files and "board.jsonl" in files
                result = runner.invoke(app, ["verify", str(folder)])
                assert result.exit_code == 0, result.output


def test_soviet_1918_seats_follow_art_57_and_art_65(reports: dict[str, RunReport]) -> None:
    report = reports["soviet-1918"]
    seats = {c.unit: c.seats for c in report.constituencies}
    # Art. 57: 1 per 1,000 city inhabitants; villages 1 per 100, bounded to 3..50.
    assert seats == {"putilov": 30, "obukhov": 20, "ivanovka": 50, "krasnoe-selo": 50}
    excluded = {p: r for p, r in report.excluded()}
    reasons = [reason for rs in excluded.values() for reason in rs]
    assert any(r.startswith("Art. 65(e)") for r in reasons)
    # Art. 65(g): by a court's sentence for a term, not by a soviet's decision.
    assert any(r.startswith("Art. 65(g)") and "court" in r and "theft" in r for r in reasons)
    assert len(excluded) == 2 + 3 + 3  # police; merchants + sentenced; kulaks + clergy
    # Art. 53(b): Petrograd has (30 + 20) electors x 500 = 25,000 voters -> 12 delegates;
    # Art. 25: 25,000 voters -> 1 delegate straight to the All-Russian Congress.
    got = {(d.source, d.target): d.seats for d in report.delegations}
    assert got[("petrograd", "petrograd-gubernia")] == 25000 // 2000
    assert got[("petrograd", "rsfsr")] == 1
    # Villages reach the gubernia through volost (Art. 53(d): 50 members / 10 = 5 each)
    # and uezd (53(c): 17,000 inhabitants / 1,000 = 17, 53(b): 17,000 / 10,000 = 1).
    assert got[("ivanovka", "krasnoe-selo-volost")] == 5
    assert got[("krasnoe-selo", "krasnoe-selo-volost")] == 5
    assert got[("krasnoe-selo-volost", "tsarskoe-selo-uezd")] == 17
    assert got[("tsarskoe-selo-uezd", "petrograd-gubernia")] == 1
    assert ("petrograd-gubernia", "rsfsr") not in got  # 67,000 < 125,000 inhabitants


def test_recall_removes_the_deputy_from_every_tier(reports: dict[str, RunReport]) -> None:
    for name, recalled, successor in [
        ("soviet-1918", "Semyon Markov", "Vera Slutskaya"),
        ("council-democracy", "Lena Koch", "Jonas Falk"),
        ("ussr-1936", "Anna Sidorova", "Maria Volkova"),
    ]:
        report = reports[name]
        members = {
            d.name for councils in report.councils.values() for ds in councils.values() for d in ds
        }
        assert recalled not in members and successor in members
    (event,) = reports["council-democracy"].events
    assert any(c.startswith("regional-council/region-north: -Lena Koch") for c in event.changes)


def test_ussr_1936_single_candidate_and_court_only(reports: dict[str, RunReport]) -> None:
    report = reports["ussr-1936"]
    first = report.constituencies[0]
    assert first.nominations is not None
    assert [n.name for n, _ in first.nominations.rejected] == ["Father Nikolai"]
    assert first.outcome is not None and first.outcome.spec.candidates == ("Ivan Petrov",)
    reasons = [r for _, r in report.excluded()]
    assert (
        sum("court" in r[0] for r in reasons) == 1 and sum(r == ("under 18",) for r in reasons) == 3
    )


def test_multiparty_threshold_and_seats(reports: dict[str, RunReport]) -> None:
    report = reports["multiparty-pr"]
    assert [c.seats for c in report.constituencies] == [5, 2]  # 4.5 -> 5, 2.49999 -> 2
    assert "tiny" not in report.parties()["council"]


def test_plebiscite_decides(reports: dict[str, RunReport]) -> None:
    result = reports["plebiscite"].plebiscite
    assert result is not None
    marks = [c.outcome.marks for c in reports["plebiscite"].constituencies if c.outcome]
    yes_units = sum(1 for m in marks if 2 * m["yes"] > m["yes"] + m["no"])
    assert result.units_approving == yes_units
    assert result.approved == (not result.notes)


def test_invalid_scenario_names_the_field(tmp_path: Path) -> None:
    text = (EXAMPLES / "ussr-1936.toml").read_text().replace("count = 24", "count = 0", 1)
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    with pytest.raises(ScenarioError, match=r"^scenario\.units\[0\]\.groups\[0\]\.count: "):
        run_scenario_file(bad)
    result = CliRunner().invoke(app, ["run", str(bad)])
    assert result.exit_code == 1 and "groups[0].count" in result.output


def test_cli_lists_and_runs() -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["constitution", "list"])
    assert listed.exit_code == 0 and "soviet-1918" in listed.output
    ran = runner.invoke(app, ["run", str(EXAMPLES / "plebiscite.toml"), "--json"])
    assert ran.exit_code == 0 and json.loads(ran.output)["constitution"] == "plebiscite"


def test_council_democracy_tiers_apportioned_by_sainte_lague(
    reports: dict[str, RunReport],
) -> None:
    report = reports["council-democracy"]
    seats = {c.unit: c.seats for c in report.constituencies}
    # 1 per 50 electors, half up; scale 10: 200 -> 4, 150 -> 3, 120 -> 2.4 -> 2, 80 -> 1.6 -> 2
    assert seats == {"steelworks": 4, "hospital": 3, "port": 2, "school": 2}
    got = {(d.source, d.target): d.seats for d in report.delegations}
    # 4 regional seats by Sainte-Lague on voters: north 200/150 -> 2/2, south 120/80 -> 2/2;
    # 3 federal seats: north 350, south 200 -> 350, 200, 350/3 -> 2 and 1.
    assert got == {
        ("steelworks", "region-north"): 2,
        ("hospital", "region-north"): 2,
        ("port", "region-south"): 2,
        ("school", "region-south"): 2,
        ("region-north", "federation"): 2,
        ("region-south", "federation"): 1,
    }
    sizes = {t: sum(len(ds) for ds in c.values()) for t, c in report.councils.items()}
    assert sizes == {"workplace-council": 10, "regional-council": 8, "federal-council": 3}


def test_ussr_1936_low_turnout_leaves_the_seat_for_a_new_election(
    reports: dict[str, RunReport],
) -> None:
    (void,) = [c for c in reports["ussr-1936"].constituencies if c.unit == "sverdlovsk-north"]
    assert void.validity is not None and not void.validity.valid
    assert void.validity.action == "new-election" and void.outcome is not None
    assert 2 * void.outcome.cast < void.registered and not void.outcome.elected


def test_soviet_1918_recall_propagates_to_the_congress(reports: dict[str, RunReport]) -> None:
    (event,) = reports["soviet-1918"].events
    assert event.changes[0] == "seat vacated"
    assert any(
        c.startswith("provincial-congress/petrograd-gubernia: -Semyon Markov")
        for c in event.changes
    )


def test_one_electorate_under_another_constitution(tmp_path: Path) -> None:
    soviet = run_scenario_file(EXAMPLES / "soviet-1918.toml", "council-democracy")
    assert soviet.constitution == "council-democracy" and soviet.secrecy == "secret"
    # Art. 65 is gone: only the court's sentence excludes; councils of levels 1-3 map onto
    # its tiers (the volost and uezd congresses become the regional and federal councils).
    assert [p for p, _ in soviet.excluded()] == ["obukhov/workers-021"]
    assert set(soviet.councils) == {"workplace-council", "regional-council", "federal-council"}
    assert all(c.seats == 25 for c in soviet.constituencies)  # 1 per 50, at most 25
    (event,) = soviet.events
    assert event.changes[0] == "seat vacated"
    folders = write_records(soviet, tmp_path)
    assert all((f / "board.jsonl").exists() for f in folders)
    result = CliRunner().invoke(app, ["verify", str(folders[-1])])
    assert result.exit_code == 0, result.output


def test_rollcall_command_checks_an_open_record(
    reports: dict[str, RunReport], tmp_path: Path
) -> None:
    folder = write_records(reports["soviet-1918"], tmp_path)[0]
    runner = CliRunner()
    ok = runner.invoke(app, ["rollcall", str(folder)])
    assert ok.exit_code == 0 and "named votes" in " ".join(ok.output.split())
    data = json.loads((folder / "rollcall.json").read_text())
    vote = data["votes"][0]
    vote["choice"] = [o for o in data["options"] if o not in vote["choice"]][:1]
    (folder / "rollcall.json").write_text(json.dumps(data))
    bad = runner.invoke(app, ["rollcall", str(folder)])
    assert bad.exit_code == 1 and "vote 0" in bad.output and "Traceback" not in bad.output


def test_compare_shows_each_constitution_side_by_side() -> None:
    result = CliRunner().invoke(
        app,
        ["compare", str(EXAMPLES / "soviet-1918.toml"), "-c", "soviet-1918", "-c", "ussr-1936"],
    )
    # ussr-1936 has no factory constituencies: the comparison stops with the field named.
    assert result.exit_code == 1 and "scenario.units[0].kind" in result.output
    ran = CliRunner().invoke(
        app,
        ["compare", str(EXAMPLES / "plebiscite.toml"), "-c", "plebiscite", "--json"],
    )
    assert ran.exit_code == 0
    (report,) = json.loads(ran.output)
    assert report["strata"]["apprentices"] == {"persons": 4, "electors": 0}


def test_council_democracy_with_secret_stv_mixes_every_election(
    reports: dict[str, RunReport], tmp_path: Path
) -> None:
    """Every election of the STV variant is a mixed ranked record; encrypting, mixing and
    decrypting the rankings elects exactly whom counting them in plaintext elects."""
    from suffrage.rules.constitution import load_preset
    from suffrage.service.lab.runner import plaintext_box
    from suffrage.service.scenario import parse_scenario_text, run_scenario

    report = reports["council-democracy-stv"]
    assert report.secrecy == "secret" and len(report.contests) >= 10
    folders = write_records(report, tmp_path)
    assert len(folders) == len(report.contests)
    for contest, folder in zip(report.contests, folders, strict=True):
        events = [json.loads(line) for line in (folder / "board.jsonl").read_text().splitlines()]
        types = [e["type"] for e in events]
        if contest.spec.question:  # the recall vote: keep or recall, a sum per option
            assert "mix" not in types
            continue
        assert types.count("mix") == 2 and types.count("mix_share") == 2, folder.name
        (row,) = events[-1]["payload"]["contests"]
        assert row["rankings"] and row["invalid"] == []
    plain = run_scenario(
        load_preset("council-democracy-stv"),
        parse_scenario_text((EXAMPLES / "council-democracy-stv.toml").read_text()),
        secret_box=plaintext_box,
    )
    assert [c.elected for c in plain.contests] == [c.elected for c in report.contests]
    assert [c.spec.ballot.method for c in report.contests if not c.spec.question] == [
        "stv-scottish"
    ] * sum(1 for c in report.contests if not c.spec.question)
