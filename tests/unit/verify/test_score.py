"""Score contests: per-option range proofs, weighted tallies, and their tampering."""

from __future__ import annotations

import json
from typing import Any

import pytest

import suffrage.protocol.simulation as sim
from suffrage.protocol.encoding import (
    LABEL_EVENT,
    PROTOCOL,
    ZERO_HASH,
    JsonObject,
    canonical,
    hash_object,
)
from suffrage.protocol.record import record_files
from suffrage.verify import MemorySource, VerificationReport, verify_record


def _score_manifest(trustees: int = 3, threshold: int = 2) -> JsonObject:
    return {
            "protocol": PROTOCOL,
            "id": "budget-2026",
            "title": "Budget points",
            "contests": [
                {"id": "budget", "title": "Spread up to 5 points", "kind": "score",
                 "min": 0, "max": 5, "value_max": 3,
                 "options": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"},
                             {"id": "c", "title": "C"}]},
                {"id": "referendum", "title": "Yes or no", "kind": "choose",
                 "min": 1, "max": 1, "value_max": 1,
                 "options": [{"id": "yes", "title": "Yes"}, {"id": "no", "title": "No"}]},
            ],
            "styles": [{"id": "members", "title": "Members",
                        "contests": ["budget", "referendum"]}],
            "trustees": [{"index": i, "name": f"T{i}"} for i in range(1, trustees + 1)],
            "threshold": threshold,
        }  # fmt: skip


@pytest.fixture(scope="module")
def score_files() -> dict[str, bytes]:
    original = sim.default_manifest
    sim.default_manifest = _score_manifest
    try:
        outcome = sim.run_demo(8, sim.seeded_rng(b"score"), weighted=True)
    finally:
        sim.default_manifest = original
    assert outcome.counts == outcome.expected
    return record_files(outcome.election.board)


def _events(files: dict[str, bytes]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in files["board.jsonl"].splitlines()]


def _rechain(files: dict[str, bytes], events: list[dict[str, Any]]) -> dict[str, bytes]:
    prev, lines = ZERO_HASH, []
    for i, event in enumerate(events):
        event["seq"], event["prev"] = i, prev
        prev = hash_object(LABEL_EVENT, event).hex()
        lines.append(canonical(event) + b"\n")
    mh = json.loads(files["head.json"])["manifest"]
    head = {"events": len(events), "head": prev, "manifest": mh, "protocol": PROTOCOL}
    return {**files, "board.jsonl": b"".join(lines), "head.json": canonical(head) + b"\n"}


def _verify(files: dict[str, bytes]) -> VerificationReport:
    return verify_record(MemorySource(files))


def test_a_score_election_verifies(score_files: dict[str, bytes]) -> None:
    report = _verify(score_files)
    assert report.valid, [str(c.failures) for c in report.failed]
    result = _events(score_files)[-1]["payload"]["contests"][0]["counts"]
    assert any(n > 1 for n in result)  # scores above one were really counted


def test_a_range_proof_of_another_option_fails(score_files: dict[str, bytes]) -> None:
    events = _events(score_files)
    seq = next(i for i, e in enumerate(events) if e["type"] == "ballot")
    options = events[seq]["payload"]["ballot"]["contests"][0]["options"]
    options[0]["proof"], options[1]["proof"] = options[1]["proof"], options[0]["proof"]
    report = _verify(_rechain(score_files, events))
    check = report.get("ballots.option_proofs")
    assert check.failure_count == 2
    assert f"ballot seq {seq}" in check.failures[0].item
    assert check.failures[0].item.endswith("contest budget option 0")


def test_a_score_result_out_of_its_bound_fails(score_files: dict[str, bytes]) -> None:
    events = _events(score_files)
    events[-1]["payload"]["contests"][0]["counts"][2] = 10**6
    report = _verify(_rechain(score_files, events))
    failure = report.get("result.counts").failures[0]
    assert failure.item.endswith("contest budget option 2") and "outside 0.." in failure.reason
