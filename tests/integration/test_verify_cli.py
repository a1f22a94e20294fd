"""``suffrage verify`` and ``suffrage verify-extends`` on disk: exit codes, output, bad input."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from suffrage.adapters.cli import app
from suffrage.adapters.cli.verification.commands import count_ballots
from suffrage.errors import RecordFormatError
from suffrage.protocol.encoding import LABEL_EVENT, PROTOCOL, canonical, hash_object
from suffrage.protocol.record import archive, record_files
from suffrage.protocol.simulation import run_demo, seeded_rng
from suffrage.verify import Limits, MemorySource, verify_record

runner = CliRunner()


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return record_files(run_demo(6, seeded_rng(b"cli")).election.board)


def _write(path: Path, files: dict[str, bytes]) -> Path:
    path.mkdir(parents=True)
    for name, data in files.items():
        (path / name).write_bytes(data)
    return path


def _snapshot(files: dict[str, bytes], events: int) -> dict[str, bytes]:
    lines = files["board.jsonl"].splitlines(keepends=True)[:events]
    last = json.loads(lines[-1])
    head = {
        "events": events,
        "head": hash_object(LABEL_EVENT, last).hex(),
        "manifest": json.loads(files["head.json"])["manifest"],
        "protocol": PROTOCOL,
    }
    return {**files, "board.jsonl": b"".join(lines), "head.json": canonical(head) + b"\n"}


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_valid_directory(tmp_path: Path, files: dict[str, bytes]) -> None:
    code, out = _run("verify", str(_write(tmp_path / "rec", files)))
    assert code == 0
    assert "The record is valid" in out and "result.counts" in out


@pytest.mark.parametrize("suffix", [".tar.gz", ".tgz", ".zip"])
def test_valid_archives(tmp_path: Path, files: dict[str, bytes], suffix: str) -> None:
    path = tmp_path / f"record{suffix}"
    if suffix == ".zip":
        raw = io.BytesIO()
        with zipfile.ZipFile(raw, "w") as zf:
            for name, data in files.items():
                zf.writestr(f"election/{name}", data)
        path.write_bytes(raw.getvalue())
    else:
        path.write_bytes(archive(files))
    code, out = _run("verify", str(path), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["valid"] is True
    assert {c["status"] for c in report["checks"]} == {"passed"}


def test_tampered_record_names_the_check_and_ballot(
    tmp_path: Path, files: dict[str, bytes]
) -> None:
    lines = files["board.jsonl"].splitlines(keepends=True)
    seq = next(i for i, line in enumerate(lines) if b'"type":"ballot"' in line)
    event = json.loads(lines[seq])
    event["payload"]["ballot"]["signature"] = "00" * 96  # expanded, as its proofs
    lines[seq] = canonical(event) + b"\n"
    path = _write(tmp_path / "rec", {**files, "board.jsonl": b"".join(lines)})
    code, out = _run("verify", str(path))
    assert code == 1
    assert "FAILED ballots.signature" in out and f"ballot seq {seq}" in out
    code, out = _run("verify", str(path), "--json")
    report = json.loads(out)
    assert code == 1 and report["valid"] is False
    failed = {c["id"]: c for c in report["checks"] if c["status"] == "failed"}
    assert f"ballot seq {seq}" in failed["ballots.signature"]["failures"][0]["item"]
    assert "board.chain" in failed  # the next event's prev no longer matches


def test_snapshot_is_valid_and_later_checks_are_not_reached(
    tmp_path: Path, files: dict[str, bytes]
) -> None:
    lines = files["board.jsonl"].splitlines()
    close = next(i for i, line in enumerate(lines) if b'"type":"close"' in line)
    path = _write(tmp_path / "snap", _snapshot(files, close))
    code, out = _run("verify", str(path), "--json")
    report = json.loads(out)
    assert code == 0 and report["valid"] and report["facts"]["complete"] is False
    status = {c["id"]: c["status"] for c in report["checks"]}
    assert status["ballots.signature"] == "passed"
    assert status["tally.ciphertexts"] == status["result.counts"] == "not-reached"


def test_verify_extends(tmp_path: Path, files: dict[str, bytes]) -> None:
    full = _write(tmp_path / "full", files)
    snap = _write(tmp_path / "snap", _snapshot(files, 9))
    code, out = _run("verify-extends", str(snap), str(full))
    assert code == 0, out
    code, out = _run("verify-extends", str(full), str(snap), "--json")
    report = json.loads(out)
    assert code == 1 and not report["valid"]
    assert "fewer than the old board" in json.dumps(report)
    lines = files["board.jsonl"].splitlines(keepends=True)
    event = json.loads(lines[3])
    event["payload"]["proof"] = "00" * 64
    lines[3] = canonical(event) + b"\n"
    forged = _write(tmp_path / "forged", {**files, "board.jsonl": b"".join(lines)})
    code, out = _run("verify-extends", str(snap), str(forged), "--json")
    failed = {c["id"] for c in json.loads(out)["checks"] if c["status"] == "failed"}
    assert code == 1 and {"extends.prefix", "extends.new"} <= failed


@pytest.mark.parametrize(
    ("board", "message"),
    [
        (b'{"payload":\n', "board.jsonl:1: malformed JSON"),
        (b"\xff\xfe\n", "board.jsonl:1: not UTF-8"),
        (b'{"a":1,"a":2}\n', "board.jsonl:1: duplicate key"),
        (b"\n", "board.jsonl:1: malformed JSON"),
    ],
)
def test_malformed_board_is_a_clear_error(
    tmp_path: Path, files: dict[str, bytes], board: bytes, message: str
) -> None:
    path = _write(tmp_path / "rec", {**files, "board.jsonl": board})
    code, out = _run("verify", str(path))
    assert code == 2 and message in out


def test_wrong_types_are_failed_checks(tmp_path: Path, files: dict[str, bytes]) -> None:
    lines = files["board.jsonl"].splitlines(keepends=True)
    lines[0] = b'{"payload":[],"prev":"00","seq":"0","type":7}\n'
    path = _write(tmp_path / "rec", {**files, "board.jsonl": b"".join(lines)})
    code, out = _run("verify", str(path), "--json")
    report = json.loads(out)
    failed = {c["id"]: c for c in report["checks"] if c["status"] == "failed"}
    assert code == 1 and "board.encoding" in failed
    assert "board.jsonl:1" in failed["board.encoding"]["failures"][0]["item"]


def test_bad_head_json(tmp_path: Path, files: dict[str, bytes]) -> None:
    path = _write(tmp_path / "rec", {**files, "head.json": b"[1, 2,"})
    code, out = _run("verify", str(path))
    assert code == 2 and "head.json: malformed JSON" in out
    path = _write(tmp_path / "rec2", {**files, "head.json": b"[1, 2]\n"})
    code, out = _run("verify", str(path), "--json")
    assert code == 1 and "record.head" in out


def test_missing_files_and_paths(tmp_path: Path, files: dict[str, bytes]) -> None:
    partial = {k: v for k, v in files.items() if k != "head.json"}
    code, out = _run("verify", str(_write(tmp_path / "rec", partial)), "--json")
    report = json.loads(out)
    assert code == 1 and not report["valid"]
    failed = [c for c in report["checks"] if c["status"] == "failed"]
    assert [c["id"] for c in failed] == ["record.files"]
    assert failed[0]["failures"][0]["item"] == "head.json"
    code, out = _run("verify", str(tmp_path / "nothing-here"))
    assert code == 2 and "no such file or directory" in out
    code, out = _run("verify", str(tmp_path / "nothing-here"), "--json")
    assert code == 2 and '"valid": false' in out


@pytest.mark.parametrize("name", ["garbage.tar.gz", "garbage.zip", "garbage.tgz", "garbage.txt"])
def test_garbage_archives(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x1f\x8b not really gzip" * 20)
    code, out = _run("verify", str(path))
    assert code == 2 and "error:" in out


def test_oversized_files_and_lines(files: dict[str, bytes]) -> None:
    with pytest.raises(RecordFormatError, match=r"board.jsonl:\d+: line is longer than the limit"):
        verify_record(MemorySource(files), limits=Limits(max_line_bytes=2000))
    with pytest.raises(RecordFormatError, match=r"manifest.json: file is larger than the limit"):
        verify_record(MemorySource(files), limits=Limits(max_file_bytes=100))


def test_workers_give_the_same_report(tmp_path: Path, files: dict[str, bytes]) -> None:
    path = _write(tmp_path / "rec", files)
    code, out = _run("verify", str(path), "--json", "--workers", "2")
    assert code == 0
    parallel = json.loads(out)
    code, out = _run("verify", str(path), "--json")
    assert parallel == json.loads(out)
    events = [json.loads(line) for line in files["board.jsonl"].splitlines()]
    expected = sum(1 for e in events if e["type"] in ("ballot", "audit"))
    assert (
        count_ballots(path) == expected == parallel["facts"]["cast"] + parallel["facts"]["audited"]
    )
