"""``suffrage demo`` and ``suffrage ballot check`` through the Typer app."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from suffrage.adapters.cli import app
from suffrage.protocol.record import RECORD_FILES, read_archive

runner = CliRunner()


def _demo(out: Path, *extra: str) -> str:
    args = ["demo", "--voters", "8", "--out", str(out), "--seed", "t", *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.output


def test_demo_writes_a_verified_record_and_ballot_check_finds_ballots(tmp_path: Path) -> None:
    out = tmp_path / "rec"
    output = _demo(out, "--archive")
    assert "matches the simulated voters' intentions" in output
    assert "absent at decryption: 3" in output
    assert "Independent verifier: record valid" in output
    assert sorted(p.name for p in out.iterdir()) == sorted(RECORD_FILES)
    packed = read_archive((tmp_path / "rec.tar.gz").read_bytes())
    assert packed == {n: (out / n).read_bytes() for n in RECORD_FILES}
    match = re.search(r"ballot check \S+ ([0-9a-f]{16})", output)
    assert match is not None
    check = runner.invoke(app, ["ballot", "check", str(out), match.group(1)])
    assert check.exit_code == 0, check.output
    assert "counted" in check.output
    missing = runner.invoke(app, ["ballot", "check", str(out), "00000000"])
    assert missing.exit_code == 1
    assert "no ballot with tracking code 00000000" in missing.output
    assert "Traceback" not in missing.output


def test_demo_is_reproducible_with_a_seed_and_overwrites_its_own_record(tmp_path: Path) -> None:
    out = tmp_path / "rec"
    _demo(out, "--no-verify")
    first = (out / "board.jsonl").read_bytes()
    (out / ".board.jsonl.tmp").write_bytes(b"partial")  # an interrupted earlier write
    _demo(out, "--no-verify")
    assert (out / "board.jsonl").read_bytes() == first
    assert not (out / ".board.jsonl.tmp").exists()


def test_demo_refuses_a_foreign_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = runner.invoke(app, ["demo", "--voters", "2", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "holds no suffrage record" in result.output
    assert (tmp_path / "notes.txt").read_text() == "mine"
    args = ["demo", "--trustees", "2", "--threshold", "3", "--out", str(tmp_path / "x")]
    bad = runner.invoke(app, args)
    assert bad.exit_code == 2
    assert "larger than --trustees" in bad.output


def test_ballot_check_reports_replaced_and_audited_ballots(tmp_path: Path) -> None:
    from suffrage.protocol.record import record_board

    out = tmp_path / "rec"
    _demo(out, "--no-verify")
    board = record_board({n: (out / n).read_bytes() for n in RECORD_FILES})
    replaced = next(e for e in board.events if e.type == "ballot" and e.payload["replaces"])
    code = str(replaced.payload["replaces"])
    result = runner.invoke(app, ["ballot", "check", str(out), code])
    assert result.exit_code == 3
    assert "replaced by the later ballot" in result.output
    nowhere = runner.invoke(app, ["ballot", "check", str(tmp_path / "none"), "abcdef12"])
    assert nowhere.exit_code == 1
    assert "cannot read the record" in nowhere.output
