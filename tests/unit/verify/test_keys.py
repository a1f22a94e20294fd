"""The key ceremony with complaints: answered, unanswered and forged answers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from suffrage.crypto.threshold.dkg import Complaint
from suffrage.protocol.ceremony.keys import (
    TrusteeKeys,
    answer_payload,
    commitment_payload,
    complaint_payload,
    dkg_parameters,
)
from suffrage.protocol.election import Election
from suffrage.protocol.encoding import LABEL_EVENT, PROTOCOL, ZERO_HASH, canonical, hash_object
from suffrage.protocol.manifest import Manifest, parse_manifest
from suffrage.protocol.record import record_files
from suffrage.protocol.simulation import default_manifest, seeded_rng
from suffrage.verify import CheckStatus, MemorySource, VerificationReport, verify_record
from trustee_identity import keyed, post, signed

MANIFEST: Manifest = parse_manifest(keyed(default_manifest(3, 2)))


def _ceremony(answer: bool) -> dict[str, bytes]:
    """Three trustees; trustee 1 complains against 3, who answers (or not)."""
    rng = seeded_rng(b"keys")
    election = Election()
    election.setup(MANIFEST)
    params = dkg_parameters(election.manifest)
    trustees = {i: TrusteeKeys(params, i, rng) for i in (1, 2, 3)}
    for t in trustees.values():
        post(election, "trustee_commitment", commitment_payload(t.commitment()), rng)
    complaint = Complaint(1, 3)
    post(election, "trustee_complaint", complaint_payload(complaint), rng)
    if answer:
        post(election, "trustee_answer", answer_payload(trustees[3].answer(complaint)), rng)
    election.post_joint_key()
    return record_files(election.board)


def _report(files: dict[str, bytes]) -> VerificationReport:
    return verify_record(MemorySource(files))


def _rechain(files: dict[str, bytes], events: list[dict[str, Any]]) -> dict[str, bytes]:
    prev, lines = ZERO_HASH, []
    for i, event in enumerate(events):
        event["seq"], event["prev"] = i, prev
        prev = hash_object(LABEL_EVENT, event).hex()
        lines.append(canonical(event) + b"\n")
    mh = json.loads(files["head.json"])["manifest"]
    head = {"events": len(events), "head": prev, "manifest": mh, "protocol": PROTOCOL}
    return {**files, "board.jsonl": b"".join(lines), "head.json": canonical(head) + b"\n"}


@pytest.mark.parametrize(("answer", "qualified"), [(True, [1, 2, 3]), (False, [1, 2])])
def test_complaints_decide_the_qualified_set(answer: bool, qualified: list[int]) -> None:
    files = _ceremony(answer)
    events = [json.loads(line) for line in files["board.jsonl"].splitlines()]
    assert events[-1]["payload"]["qualified"] == qualified
    report = _report(files)
    assert report.valid, [str(c.failures) for c in report.failed]
    assert report.get("keys.qualified").status is CheckStatus.PASSED
    assert report.get("voters.list").status is CheckStatus.NOT_REACHED
    assert report.facts["phase"] == "joint_key" and not report.facts["complete"]


def test_a_forged_answer_disqualifies_the_dealer() -> None:
    files = _ceremony(True)
    events = [json.loads(line) for line in files["board.jsonl"].splitlines()]
    answer = next(e for e in events if e["type"] == "trustee_answer")
    answer["payload"]["share"] = "01" + "00" * 31  # a dishonest dealer signs a wrong share
    answer["payload"] = signed(MANIFEST, "trustee_answer", answer["payload"], seeded_rng(b"x"))
    report = _report(_rechain(files, events))
    failed = {c.id: c for c in report.failed}
    assert set(failed) == {"keys.qualified", "keys.joint", "keys.shares"}
    assert "expected [1, 2]" in failed["keys.qualified"].failures[0].reason


def test_an_answer_without_a_complaint_is_refused() -> None:
    files = _ceremony(False)
    events = [json.loads(line) for line in files["board.jsonl"].splitlines()]
    payload = signed(
        MANIFEST,
        "trustee_answer",
        {"recipient": 3, "share": "02" + "00" * 31, "trustee": 2},
        seeded_rng(b"x"),
    )
    events.insert(len(events) - 1, {"payload": payload, "type": "trustee_answer"})
    report = _report(_rechain(files, events))
    failure = report.get("keys.complaints").failures[0]
    assert "answer without a complaint by 3" in failure.reason
