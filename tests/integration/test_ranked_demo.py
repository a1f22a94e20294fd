"""``suffrage demo --ranked``: a secret STV council, mixed and decrypted; the record verifies
and pref_voting's Scottish STV, counting the published rankings, elects the same members."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from suffrage.adapters.cli import app

runner = CliRunner()


def test_ranked_demo_prints_the_stv_outcome_and_its_record_verifies(tmp_path: Path) -> None:
    from pref_voting.profiles_with_ties import ProfileWithTies
    from pref_voting.proportional_methods import stv_scottish

    out = tmp_path / "R"
    args = ["demo", "--ranked", "--voters", "40", "--out", str(out), "--seed", "ranked"]
    demo = runner.invoke(app, args)
    assert demo.exit_code == 0, demo.output
    assert "stv-scottish: " in demo.output and "first preferences" in demo.output
    assert "matches the simulated voters' intentions" in demo.output

    checked = runner.invoke(app, ["verify", str(out), "--json"])
    assert checked.exit_code == 0, checked.output
    report = json.loads(checked.output)
    assert report["valid"] is True
    status = {c["id"]: c["status"] for c in report["checks"]}
    for check in ("mix.shuffle", "mix.decryption", "result.rankings", "result.ranked_outcome"):
        assert status[check] == "passed"

    events = [json.loads(line) for line in (out / "board.jsonl").read_text().splitlines()]
    manifest = events[0]["payload"]["manifest"]
    contest = next(c for c in manifest["contests"] if c["kind"] == "rank")
    row = next(r for r in events[-1]["payload"]["contests"] if r["contest"] == contest["id"])
    elected = row["outcome"]["elected"]
    assert elected and elected == [i for i in elected if i in {o["id"] for o in contest["options"]}]
    assert len(row["rankings"]) + len(row["invalid"]) == row["outcome"]["cast"]
    assert ", ".join(o["title"] for o in contest["options"] if o["id"] == elected[0]) in demo.output
    ids = [o["id"] for o in contest["options"]]
    ballots = [{ids.index(c): k + 1 for k, c in enumerate(r)} for r in row["rankings"]]
    theirs = stv_scottish(
        ProfileWithTies(ballots, candidates=list(range(len(ids)))),
        num_seats=contest["outcome"]["seats"],
    )
    assert {ids[c] for c in theirs} == set(elected)
    assert row["outcome"]["sheet"]["ties"] == []  # no lot: the elected set is unique

    shown = runner.invoke(app, ["result", str(out), "--csv"])  # votes: first preferences
    assert shown.exit_code == 0, shown.output
    firsts = {oid: sum(1 for r in row["rankings"] if r[0] == oid) for oid in ids}
    lines = [line.split(",") for line in shown.output.splitlines()[1:]]
    assert {cells[1]: int(cells[3]) for cells in lines if cells[0] == contest["id"]} == firsts
