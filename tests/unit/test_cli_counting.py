"""``suffrage count``, ``apportion`` and ``methods`` through the Typer app."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from suffrage.adapters.cli import app
from suffrage.rules import all_methods

runner = CliRunner()

BLT = """4 2
5 1 2 0
4 2 1 0
3 3 4 2 0
2 4 3 0
0
"Ann (Red)"
"Ben (Blue)"
"Cy (Green)"
"Di (Gold)"
"Club committee"
"""


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_count_blt_json(tmp_path: Path) -> None:
    path = _write(tmp_path, "club.blt", BLT)
    out = runner.invoke(app, ["count", path, "--method", "instant-runoff", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["method"] == "instant-runoff"
    assert data["elected"] == ["Ann (Red)"]
    assert data["title"] == "Club committee"
    assert [r["number"] for r in data["rounds"]] == [1, 2, 3]


def test_count_sheet_and_tie_seed(tmp_path: Path) -> None:
    path = _write(tmp_path, "tie.csv", "count,1,2\n3,A,B\n3,B,A\n")
    first = runner.invoke(app, ["count", path, "-m", "plurality", "--tie-seed", "00"])
    assert first.exit_code == 0, first.output
    assert "Round 1: Votes" in first.output
    assert "lot (seed 00)" in first.output
    winners = {
        json.loads(
            runner.invoke(app, ["count", path, "-m", "plurality", "--json", "--tie-seed", s]).output
        )["elected"][0]
        for s in ("00", "01", "02", "03", "04", "05", "06", "07")
    }
    assert winners == {"A", "B"}  # the lot depends on the published seed


def test_count_uses_the_registry_for_multi_winner_methods(tmp_path: Path) -> None:
    multi = [m for m in all_methods() if m.multi_seat and m.ballot_kind == "ranked"]
    path = _write(tmp_path, "club.blt", BLT)
    for info in multi:
        out = runner.invoke(app, ["count", path, "-m", info.id, "--json"])
        assert out.exit_code == 0, (info.id, out.output)
        assert len(json.loads(out.output)["elected"]) == 2  # seats from the BLT header


def test_count_errors_are_messages_not_tracebacks(tmp_path: Path) -> None:
    bad = _write(tmp_path, "bad.blt", "2 1\n1 1 3 0\n0\nA\nB\n")
    out = runner.invoke(app, ["count", bad, "-m", "schulze"])
    assert out.exit_code == 1
    assert "bad.blt, line 2: preference 3 is not a candidate number 1..2" in out.output
    assert "Traceback" not in out.output
    missing = runner.invoke(app, ["count", str(tmp_path / "none.blt"), "-m", "schulze"])
    assert missing.exit_code == 1 and "cannot read" in missing.output
    unknown = runner.invoke(app, ["count", bad, "-m", "nope"])
    assert unknown.exit_code == 1 and "no method 'nope'" in unknown.output
    seeds = runner.invoke(app, ["count", bad, "-m", "schulze", "--tie-seed", "zz"])
    assert seeds.exit_code == 1 and "hexadecimal" in seeds.output
    kinds = runner.invoke(app, ["count", _write(tmp_path, "r.blt", BLT), "-m", "approval"])
    assert kinds.exit_code == 1 and "counts approval ballots" in kinds.output
    seats = runner.invoke(
        app, ["count", _write(tmp_path, "s.blt", BLT), "-m", "borda", "--seats", "3"]
    )
    assert seats.exit_code == 1 and "fills one seat" in seats.output


def test_apportion_with_threshold_json(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "votes.csv", "party,votes\nRed,43000\nBlue,31000\nGreen,17000\nGold,4000\n"
    )
    out = runner.invoke(
        app,
        ["apportion", path, "--seats", "10", "--method", "dhondt", "--threshold", "5%", "--json"],
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["seats"] == {"Red": 5, "Blue": 3, "Green": 2, "Gold": 0}
    assert data["rounds"][0]["events"][1].startswith("Gold is below the threshold")
    plain = runner.invoke(app, ["apportion", path, "--seats", "10", "-m", "hare"])
    assert plain.exit_code == 0 and "Quotas and remainders" in plain.output


def test_apportion_errors(tmp_path: Path) -> None:
    path = _write(tmp_path, "votes.csv", "party,votes\nRed,10\n")
    bad = runner.invoke(
        app, ["apportion", path, "--seats", "3", "-m", "dhondt", "--threshold", "lots"]
    )
    assert bad.exit_code == 1 and "not a share" in bad.output
    wrong = runner.invoke(app, ["apportion", path, "--seats", "3", "-m", "schulze"])
    assert wrong.exit_code == 1 and "not an apportionment method" in wrong.output
    zero = runner.invoke(app, ["apportion", path, "--seats", "0", "-m", "dhondt"])
    assert zero.exit_code == 1 and "must be positive" in zero.output


def test_methods_lists_every_registered_method() -> None:
    out = runner.invoke(app, ["methods"], env={"COLUMNS": "250"})
    assert out.exit_code == 0
    for m in all_methods():
        assert m.id in out.output


def test_methods_never_cuts_an_id_in_a_narrow_terminal() -> None:
    for width in ("80", "60"):
        out = runner.invoke(app, ["methods"], env={"COLUMNS": width})
        assert out.exit_code == 0
        cells = {cell.strip() for line in out.output.splitlines() for cell in line.split("│")}
        for m in all_methods():
            assert m.id in cells, (width, m.id)
        assert "…" not in out.output


def test_methods_json_lists_every_method_with_its_metadata() -> None:
    out = runner.invoke(app, ["methods", "--json"])
    assert out.exit_code == 0
    rows = json.loads(out.output)
    assert [r["id"] for r in rows] == [m.id for m in all_methods()]
    for row, m in zip(rows, all_methods(), strict=True):
        assert row == {
            "id": m.id,
            "name": m.name,
            "family": m.family,
            "ballot_kind": m.ballot_kind,
            "multi_seat": m.multi_seat,
            "citation": m.citation,
        }
