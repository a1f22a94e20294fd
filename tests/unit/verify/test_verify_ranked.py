"""The verifier on ranked contests (docs/protocol.md 7.16, part 8 steps 34-38): a mixed
record passes, and a replaced mixed ciphertext, ranking or outcome fails the check named."""

from __future__ import annotations

import json
from typing import Any

import pytest

from suffrage.protocol.encoding import LABEL_EVENT, PROTOCOL, canonical, hash_object
from suffrage.protocol.record import record_files
from suffrage.protocol.simulation import ranked_manifest, run_demo, seeded_rng
from suffrage.verify.api import verify_record
from suffrage.verify.report import VerificationReport
from suffrage.verify.source import MemorySource

ZERO_HASH = "0" * 64
RANKED_CHECKS = ("mix.order", "mix.shuffle", "mix.decryption", "result.rankings",
                 "result.ranked_outcome")  # fmt: skip


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    outcome = run_demo(16, seeded_rng(b"ranked verifier"), manifest=ranked_manifest())
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


def _status(report: VerificationReport) -> dict[str, str]:
    return {c.id: c.status.value for c in report.checks}


def _failed(report: VerificationReport, check: str) -> list[str]:
    found = next(c for c in report.checks if c.id == check)
    return [f"{f.item}: {f.reason}" for f in found.failures]


def test_a_mixed_record_passes_every_ranked_check(files: dict[str, bytes]) -> None:
    report = verify_record(MemorySource(files))
    assert report.valid
    status = _status(report)
    assert all(status[c] == "passed" for c in RANKED_CHECKS)
    events = _events(files)
    assert [e["payload"]["round"] for e in events if e["type"] == "mix"] == [0, 1]
    row = events[-1]["payload"]["contests"][0]
    assert row["rankings"] and row["outcome"]["method"] == "stv-scottish"


@pytest.mark.parametrize("which", [0, 1])
def test_a_replaced_mixed_ciphertext_fails_the_shuffle_check(
    files: dict[str, bytes], which: int
) -> None:
    events = _events(files)
    mixes = [e for e in events if e["type"] == "mix"]
    outputs = mixes[which]["payload"]["outputs"]
    outputs[0][2] = outputs[1][2]  # one ciphertext replaced by another of the same mix
    report = verify_record(MemorySource(_rechain(files, events)))
    assert not report.valid
    assert _status(report)["mix.shuffle"] == "failed"
    assert any(f"round {which}" in f for f in _failed(report, "mix.shuffle"))


def test_changed_rankings_fail_result_rankings(files: dict[str, bytes]) -> None:
    events = _events(files)
    row = events[-1]["payload"]["contests"][0]
    rankings = row["rankings"]
    k = next(k for k, r in enumerate(rankings) if r != rankings[0])
    rankings[0], rankings[k] = rankings[k], rankings[0]  # same multiset, other mixed order
    report = verify_record(MemorySource(_rechain(files, events)))
    assert _status(report)["result.rankings"] == "failed"
    assert "rankings differ" in _failed(report, "result.rankings")[0]


def test_a_changed_elected_set_fails_the_ranked_outcome(files: dict[str, bytes]) -> None:
    events = _events(files)
    outcome = events[-1]["payload"]["contests"][0]["outcome"]
    outcome["elected"] = outcome["elected"][::-1]  # STV elects in order; 3 seats
    report = verify_record(MemorySource(_rechain(files, events)))
    assert _status(report)["result.ranked_outcome"] == "failed"
    assert any("elected is" in f for f in _failed(report, "result.ranked_outcome"))


def test_a_forged_mix_share_fails_mix_decryption(files: dict[str, bytes]) -> None:
    events = _events(files)
    shares = [e for e in events if e["type"] == "mix_share"]
    cells = shares[0]["payload"]["shares"]
    cells[0][0]["share"], cells[1][0]["share"] = cells[1][0]["share"], cells[0][0]["share"]
    report = verify_record(MemorySource(_rechain(files, events)))
    assert _status(report)["mix.decryption"] == "failed"
    assert any("row 0 column 0" in f for f in _failed(report, "mix.decryption"))


def test_a_record_without_ranked_contests_passes_them_trivially() -> None:
    outcome = run_demo(4, seeded_rng(b"plain"))
    report = verify_record(MemorySource(record_files(outcome.election.board)))
    assert report.valid
    assert all(_status(report)[c] == "passed" for c in RANKED_CHECKS)


def test_a_weighted_voter_of_a_ranked_contest_fails_mix_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import suffrage.protocol.election as election_module

    monkeypatch.setattr(election_module, "check_ranked_weights", lambda manifest, voters: None)
    outcome = run_demo(4, seeded_rng(b"weighted"), manifest=ranked_manifest(seats=1), weighted=True)
    report = verify_record(MemorySource(record_files(outcome.election.board)))
    assert _status(report)["mix.order"] == "failed"
    assert "1 voters of its styles have weight != 1" in _failed(report, "mix.order")[0]


@pytest.mark.parametrize(("last", "reached"), [("tally", 0), ("mix", 2), ("mix_share", 3)])
def test_snapshots_before_the_result_are_valid_with_later_checks_not_reached(
    files: dict[str, bytes], last: str, reached: int
) -> None:
    events = _events(files)
    cut = [e["type"] for e in events].index(last) + 1
    report = verify_record(MemorySource(_rechain(files, events[:cut])))
    assert report.valid
    status = _status(report)
    assert [status[c] for c in RANKED_CHECKS[:reached]] == ["passed"] * reached
    assert all(status[c] == "not-reached" for c in RANKED_CHECKS[reached:])


def test_mixes_of_an_input_not_ordered_by_credential_fail_the_shuffle_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A server that fed the first mixer the counted rows in another order (so that it
    knows where each voter's row went) is caught: the verifier rebuilds the input by
    credential (7.16.2), and the first mix is no shuffle of that."""
    import suffrage.protocol.election as election_module
    from suffrage.protocol.mixnet import start_chains

    def reversed_input(*args: Any) -> Any:
        chains = start_chains(*args)
        for chain in chains.values():
            chain.inputs = tuple(reversed(chain.inputs))
        return chains

    monkeypatch.setattr(election_module, "start_chains", reversed_input)
    outcome = run_demo(6, seeded_rng(b"reordered"), manifest=ranked_manifest(seats=1))
    report = verify_record(MemorySource(record_files(outcome.election.board)))
    assert not report.valid
    assert _status(report)["mix.shuffle"] == "failed"
    assert any("round 0" in f for f in _failed(report, "mix.shuffle"))
