"""Verification on a Dask cluster gives the same report as verification in one process."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from suffrage.adapters.cli import app
from suffrage.adapters.distributed import LOCAL, DaskUnavailable, dask_mapper
from suffrage.protocol.encoding import canonical
from suffrage.protocol.record import record_files
from suffrage.protocol.simulation import run_demo, seeded_rng
from suffrage.verify import MemorySource, VerificationReport, verify_record
from suffrage.verify.plan import ChunkMapper

runner = CliRunner()


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return record_files(run_demo(12, seeded_rng(b"dask")).election.board)


@pytest.fixture(scope="module")
def cluster() -> Iterator[ChunkMapper]:
    with dask_mapper(LOCAL, workers=2) as mapper:
        yield mapper


def _tampered(files: dict[str, bytes]) -> tuple[dict[str, bytes], int]:
    lines = files["board.jsonl"].splitlines(keepends=True)
    ballots = [i for i, line in enumerate(lines) if b'"type":"ballot"' in line]
    seq = ballots[-1]  # in the last chunk, so a worker, not the first one, finds it
    event = json.loads(lines[seq])
    event["payload"]["ballot"]["signature"] = "00" * 96  # expanded, as its proofs
    lines[seq] = canonical(event) + b"\n"
    return {**files, "board.jsonl": b"".join(lines)}, seq


def _summary(report: VerificationReport) -> list[tuple[str, str, list[str]]]:
    return [(c.id, c.status.value, [f.item for f in c.failures]) for c in report.checks]


def test_valid_record_on_a_local_cluster(files: dict[str, bytes], cluster: ChunkMapper) -> None:
    alone = verify_record(MemorySource(files), chunk_size=3)
    on_dask = verify_record(MemorySource(files), chunk_size=3, mapper=cluster)
    assert on_dask.valid and alone.valid
    assert _summary(on_dask) == _summary(alone)


def test_tampered_ballot_is_found_by_a_worker(
    files: dict[str, bytes], cluster: ChunkMapper
) -> None:
    bad, seq = _tampered(files)
    alone = verify_record(MemorySource(bad), chunk_size=3)
    on_dask = verify_record(MemorySource(bad), chunk_size=3, mapper=cluster)
    assert not on_dask.valid
    assert _summary(on_dask) == _summary(alone)
    failed = {c.id: c for c in on_dask.checks if c.status.value == "failed"}
    assert f"ballot seq {seq}" in failed["ballots.signature"].failures[0].item


def test_cli_verifies_on_dask(tmp_path: Path, files: dict[str, bytes]) -> None:
    record = tmp_path / "rec"
    record.mkdir()
    for name, data in files.items():
        (record / name).write_bytes(data)
    args = ["verify", str(record), "--json", "--dask", LOCAL, "--workers", "2"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["valid"] is True


def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path, files: dict[str, bytes]) -> None:
    message = re.escape("cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    with pytest.raises(DaskUnavailable, match=message), dask_mapper("tcp://127.0.0.1:9", 1):
        pass
    record = tmp_path / "rec"
    record.mkdir()
    for name, data in files.items():
        (record / name).write_bytes(data)
    result = runner.invoke(app, ["verify", str(record), "--dask", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler" in result.output
    assert "Traceback" not in result.output


def test_workers_must_be_positive() -> None:
    with pytest.raises(ValueError, match="workers must be positive"):
        dask_mapper(LOCAL, workers=0)
