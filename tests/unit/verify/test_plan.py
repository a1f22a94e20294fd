"""Chunked verification: partial results reduce to the same report as one pass."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from suffrage.protocol.encoding import LABEL_EVENT, PROTOCOL, ZERO_HASH, canonical, hash_object
from suffrage.protocol.record import record_files
from suffrage.protocol.simulation import run_demo, seeded_rng
from suffrage.verify import MemorySource, VerificationReport, verify_record
from suffrage.verify.model import Election
from suffrage.verify.plan import Chunk, bounded_map, chunked, sequential
from suffrage.verify.segment import Segment


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return record_files(run_demo(12, seeded_rng(b"plan"), weighted=True).election.board)


def _rebuild(events: list[dict[str, Any]]) -> dict[str, bytes]:
    prev, lines = ZERO_HASH, []
    for i, event in enumerate(events):
        event["seq"], event["prev"] = i, prev
        prev = hash_object(LABEL_EVENT, event).hex()
        lines.append(canonical(event) + b"\n")
    manifest = events[0]["payload"]["manifest"]
    mh = hash_object("suffrage/1/manifest", manifest).hex()
    head = {"events": len(events), "head": prev, "manifest": mh, "protocol": PROTOCOL}
    return {
        "board.jsonl": b"".join(lines),
        "manifest.json": canonical(manifest) + b"\n",
        "head.json": canonical(head) + b"\n",
    }


def _summary(report: VerificationReport) -> list[tuple[str, str, int]]:
    return [(c.id, c.status.value, c.failure_count) for c in report]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 512])
def test_every_chunk_size_gives_the_same_report(files: dict[str, bytes], size: int) -> None:
    report = verify_record(MemorySource(files), chunk_size=size)
    assert report.valid
    events = [json.loads(line) for line in files["board.jsonl"].splitlines()]
    ballots = [e["payload"]["ballot"] for e in events if e["type"] == "ballot"]
    assert report.facts["cast"] == len(ballots)
    assert report.facts["counted"] == len({b["credential"] for b in ballots}) < len(ballots)
    assert report.facts["replaced"] == len(ballots) - report.facts["counted"] > 0
    assert _summary(report) == _summary(verify_record(MemorySource(files)))


@pytest.mark.parametrize("flush", [1, 2])
def test_sums_folded_in_small_batches_give_the_same_report(
    files: dict[str, bytes], flush: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _summary(verify_record(MemorySource(files)))
    monkeypatch.setattr("suffrage.verify.segment.FLUSH_TERMS", flush)
    for size in (1, 3, 512):
        report = verify_record(MemorySource(files), chunk_size=size)
        assert report.valid and _summary(report) == expected


def _revote_pair(events: list[dict[str, Any]]) -> tuple[int, int]:
    for k, event in enumerate(events):
        if event["type"] == "ballot" and event["payload"]["replaces"] is not None:
            cred = event["payload"]["ballot"]["credential"]
            first = next(
                j
                for j in range(k)
                if events[j]["type"] == "ballot"
                and events[j]["payload"]["ballot"]["credential"] == cred
            )
            return first, k
    raise AssertionError("the demo has a revote")


@pytest.mark.parametrize("size", [1, 2, 512])
def test_revote_and_duplicate_across_chunk_borders(files: dict[str, bytes], size: int) -> None:
    events = [json.loads(line) for line in files["board.jsonl"].splitlines()]
    first, last = _revote_pair(events)
    swapped = copy.deepcopy(events)
    swapped[first], swapped[last] = swapped[last], swapped[first]
    report = verify_record(MemorySource(_rebuild(swapped)), chunk_size=size)
    assert "ballots.replaces" in {c.id for c in report.failed}
    assert "tally.ciphertexts" in {c.id for c in report.failed}

    duplicated = copy.deepcopy(events)
    duplicated.insert(last + 1, copy.deepcopy(events[first]))
    report = verify_record(MemorySource(_rebuild(duplicated)), chunk_size=size)
    unique = report.get("ballots.unique")
    assert unique.failures and f"seq {last + 1}" in unique.failures[0].item
    assert f"at seq {first}" in unique.failures[0].reason


def test_an_executor_mapper_matches_the_sequential_one(files: dict[str, bytes]) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:

        def mapper(election: Election, chunks: Iterator[Chunk]) -> Iterator[Segment]:
            return bounded_map(pool.submit, election, chunks, window=4)

        report = verify_record(MemorySource(files), chunk_size=2, mapper=mapper)
    assert report.valid
    assert _summary(report) == _summary(verify_record(MemorySource(files), mapper=sequential))


def test_chunked_splits_in_order() -> None:
    assert [len(c.events) for c in chunked(iter([]), 3)] == []
    with pytest.raises(ValueError, match="positive"):
        list(chunked(iter([]), 0))
