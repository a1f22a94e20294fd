"""Tamper suite: each mutation of a valid record is caught by a named check and item.

One valid record is built per session with the protocol package (10 voters, one weighted,
one audit, one revote, three trustees of which two decrypt); each test copies it, changes
one thing and asserts the exact check id that fails and the item it names. Most mutations
re-chain the board afterwards (as a forger with write access would), so the failure comes
from the semantic check rather than only from the hash chain.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from suffrage.protocol.encoding import LABEL_EVENT, PROTOCOL, ZERO_HASH, canonical, hash_object
from suffrage.protocol.record import record_files
from suffrage.protocol.simulation import run_demo, seeded_rng
from suffrage.verify import MemorySource, VerificationReport, verify_record

Event = dict[str, Any]

# Board layout of the session record (asserted in test_layout):
REVOTE_FIRST, REVOTE_LAST, AUDIT, WEIGHTED = 13, 14, 10, 7
SHARE, RESULT, TALLY, CLOSE = 25, 27, 22, 21


@dataclass
class Record:
    events: list[Event]
    manifest_file: bytes | None = None
    head_file: bytes | None = None

    @classmethod
    def from_files(cls, files: dict[str, bytes]) -> Record:
        lines = files["board.jsonl"].splitlines()
        return cls([json.loads(line) for line in lines])

    def ev(self, seq: int) -> Event:
        return self.events[seq]

    def ballot(self, seq: int) -> dict[str, Any]:
        ballot: dict[str, Any] = self.events[seq]["payload"]["ballot"]
        return ballot

    def files(self, *, rechain: bool = True) -> dict[str, bytes]:
        prev = ZERO_HASH
        lines = []
        for i, event in enumerate(self.events):
            if rechain:
                event["seq"], event["prev"] = i, prev
            prev = hash_object(LABEL_EVENT, event).hex()
            lines.append(canonical(event) + b"\n")
        manifest = self.events[0]["payload"]["manifest"]
        mh = hash_object("suffrage/1/manifest", manifest).hex()
        head = {"events": len(self.events), "head": prev, "manifest": mh, "protocol": PROTOCOL}
        return {
            "board.jsonl": b"".join(lines),
            "manifest.json": self.manifest_file or canonical(manifest) + b"\n",
            "head.json": self.head_file or canonical(head) + b"\n",
        }


@pytest.fixture(scope="session")
def valid_files() -> dict[str, bytes]:
    outcome = run_demo(10, seeded_rng(b"tamper"), trustees=3, threshold=2, weighted=True)
    return record_files(outcome.election.board)


@pytest.fixture(scope="session")
def other_files() -> dict[str, bytes]:
    """A second election (another manifest id, other keys and voters)."""
    import suffrage.protocol.simulation as sim

    original = sim.default_manifest

    def renamed(trustees: int = 3, threshold: int = 2) -> Any:
        value = original(trustees, threshold)
        value["id"] = "other-election"
        return value

    sim.default_manifest = renamed
    try:
        outcome = run_demo(4, seeded_rng(b"other"), trustees=3, threshold=2)
    finally:
        sim.default_manifest = original
    return record_files(outcome.election.board)


@pytest.fixture
def rec(valid_files: dict[str, bytes]) -> Record:
    return Record.from_files(copy.deepcopy(valid_files))


def verify(files: dict[str, bytes]) -> VerificationReport:
    return verify_record(MemorySource(files))


def assert_caught(report: VerificationReport, check_id: str, item: str) -> None:
    failed = {c.id: c for c in report.failed}
    assert not report.valid
    assert check_id in failed, f"{check_id} did not fail; failed: {sorted(failed)}"
    items = [f.item for f in failed[check_id].failures]
    assert any(item in i for i in items), f"{item!r} not in {items}"


def test_layout(valid_files: dict[str, bytes]) -> None:
    rec = Record.from_files(valid_files)
    types = [e["type"] for e in rec.events]
    assert types[AUDIT] == "audit" and types[CLOSE] == "close" and types[TALLY] == "tally"
    assert types[SHARE] == types[SHARE + 1] == "decryption_share" and types[RESULT] == "result"
    assert (
        rec.ev(REVOTE_LAST)["payload"]["replaces"]
        == hash_object("suffrage/1/ballot", rec.ballot(REVOTE_FIRST)).hex()
    )
    weights = [v["weight"] for v in rec.ev(5)["payload"]["voters"]]
    assert sorted(weights) == [1] * 9 + [3]
    report = verify(valid_files)
    assert report.valid, [str(c.failures) for c in report.failed]


def _hex_flip(value: str, at: int = 0) -> str:
    """Change one hex digit (the result may or may not decode; both are tampering)."""
    digit = "1" if value[at] != "1" else "2"
    return value[:at] + digit + value[at + 1 :]


def _other_element(rec: Record) -> str:
    """A valid element that is not where we put it: another ballot's ciphertext alpha."""
    return str(rec.ballot(8)["contests"][0]["options"][0]["ciphertext"][:64])


Mutation = Callable[[Record], dict[str, bytes]]


def _opt(rec: Record, seq: int, j: int = 0, c: int = 0) -> dict[str, Any]:
    option: dict[str, Any] = rec.ballot(seq)["contests"][c]["options"][j]
    return option


def _swap_halves(hexstr: str, a: int, b: int, width: int = 64) -> str:
    parts = [hexstr[k : k + width] for k in range(0, len(hexstr), width)]
    parts[a], parts[b] = parts[b], parts[a]
    return "".join(parts)


def drop_counted_ballot(r: Record) -> dict[str, bytes]:
    del r.events[9]
    return r.files()


def drop_ballot_no_rechain(r: Record) -> dict[str, bytes]:
    del r.events[9]
    return r.files(rechain=False)


def duplicate_ballot(r: Record) -> dict[str, bytes]:
    r.events.insert(13, copy.deepcopy(r.ev(12)))
    return r.files()


def reorder_ballots_no_rechain(r: Record) -> dict[str, bytes]:
    r.events[8], r.events[9] = r.events[9], r.events[8]
    r.events[8]["seq"], r.events[9]["seq"] = 8, 9
    return r.files(rechain=False)


def reorder_revote(r: Record) -> dict[str, bytes]:
    r.events[REVOTE_FIRST], r.events[REVOTE_LAST] = r.events[REVOTE_LAST], r.events[REVOTE_FIRST]
    return r.files()


def alter_ciphertext(r: Record) -> dict[str, bytes]:
    _opt(r, 9, 0)["ciphertext"] = _opt(r, 9, 1)["ciphertext"]
    return r.files()


def identity_ciphertext(r: Record) -> dict[str, bytes]:
    ct = _opt(r, 9, 0)["ciphertext"]
    _opt(r, 9, 0)["ciphertext"] = ct[:64] + "0" * 64
    return r.files()


def swap_proofs_between_ballots(r: Record) -> dict[str, bytes]:
    a, b = _opt(r, 8, 2), _opt(r, 9, 2)
    a["proof"], b["proof"] = b["proof"], a["proof"]
    return r.files()


def alter_challenge(r: Record) -> dict[str, bytes]:
    _opt(r, 9, 1)["proof"] = _swap_halves(_opt(r, 9, 1)["proof"], 0, 2)  # c0 <-> c1
    return r.files()


def alter_response(r: Record) -> dict[str, bytes]:
    _opt(r, 9, 1)["proof"] = _swap_halves(_opt(r, 9, 1)["proof"], 1, 3)  # z0 <-> z1
    return r.files()


def alter_contest_proof(r: Record) -> dict[str, bytes]:
    contest = r.ballot(9)["contests"][1]
    contest["proof"] = r.ballot(8)["contests"][1]["proof"]
    return r.files()


def alter_signature(r: Record) -> dict[str, bytes]:
    b = r.ballot(9)
    b["signature"] = _swap_halves(b["signature"], 0, 1)
    return r.files()


def swap_credential(r: Record) -> dict[str, bytes]:
    r.ballot(9)["credential"] = r.ballot(8)["credential"]
    return r.files()


def unknown_credential(r: Record) -> dict[str, bytes]:
    r.ballot(9)["credential"] = _other_element(r)
    return r.files()


def wrong_style(r: Record) -> dict[str, bytes]:
    r.ballot(9)["style"] = "nobody"
    return r.files()


def alter_weight(r: Record) -> dict[str, bytes]:
    for v in r.ev(5)["payload"]["voters"]:
        v["weight"] = 1
    r.ev(6)["payload"]["voters"] = hash_object(
        "suffrage/1/voters", r.ev(5)["payload"]["voters"]
    ).hex()
    return r.files()


def unsorted_voters(r: Record) -> dict[str, bytes]:
    voters = r.ev(5)["payload"]["voters"]
    voters[0], voters[1] = voters[1], voters[0]
    return r.files()


def alter_trustee_key(r: Record) -> dict[str, bytes]:
    coms = r.ev(2)["payload"]["commitments"]
    coms[0] = r.ev(3)["payload"]["commitments"][0]
    return r.files()


def alter_commitment(r: Record) -> dict[str, bytes]:
    coms = r.ev(2)["payload"]["commitments"]
    coms[1] = r.ev(3)["payload"]["commitments"][1]
    return r.files()


def alter_public_share(r: Record) -> dict[str, bytes]:
    shares = r.ev(4)["payload"]["public_shares"]
    shares[1]["public_share"] = shares[0]["public_share"]
    return r.files()


def alter_joint_key(r: Record) -> dict[str, bytes]:
    r.ev(4)["payload"]["public_key"] = r.ev(4)["payload"]["public_shares"][0]["public_share"]
    return r.files()


def alter_qualified(r: Record) -> dict[str, bytes]:
    r.ev(4)["payload"]["qualified"] = [1, 2]
    return r.files()


def unanswered_complaint(r: Record) -> dict[str, bytes]:
    r.events.insert(4, {"payload": {"dealer": 3, "trustee": 1}, "type": "trustee_complaint"})
    return r.files()


def change_threshold(r: Record) -> dict[str, bytes]:
    r.ev(0)["payload"]["manifest"]["threshold"] = 3
    return r.files()


def change_manifest(r: Record) -> dict[str, bytes]:
    r.ev(0)["payload"]["manifest"]["title"] = "A different election"
    return r.files()


def change_manifest_file(r: Record) -> dict[str, bytes]:
    manifest = copy.deepcopy(r.ev(0)["payload"]["manifest"])
    manifest["contests"][1]["title"] = "Something else"
    r.manifest_file = canonical(manifest) + b"\n"
    return r.files()


def alter_share(r: Record) -> dict[str, bytes]:
    shares = r.ev(SHARE)["payload"]["contests"][0]["shares"]
    shares[0]["share"], shares[1]["share"] = shares[1]["share"], shares[0]["share"]
    return r.files()


def duplicate_share(r: Record) -> dict[str, bytes]:
    r.events.insert(SHARE + 1, copy.deepcopy(r.ev(SHARE)))
    return r.files()


def drop_share(r: Record) -> dict[str, bytes]:
    del r.events[SHARE + 1]
    r.ev(RESULT - 1)["payload"]["trustees"] = [1]
    return r.files()


def share_by_non_trustee(r: Record) -> dict[str, bytes]:
    r.ev(SHARE + 1)["payload"]["trustee"] = 4
    return r.files()


def alter_result_count(r: Record) -> dict[str, bytes]:
    r.ev(RESULT)["payload"]["contests"][1]["counts"][0] += 1
    return r.files()


def alter_result_trustees(r: Record) -> dict[str, bytes]:
    r.ev(RESULT)["payload"]["trustees"] = [1, 3]
    return r.files()


def alter_tally(r: Record) -> dict[str, bytes]:
    cts = r.ev(TALLY)["payload"]["contests"][0]["ciphertexts"]
    cts[0], cts[1] = cts[1], cts[0]
    return r.files()


def alter_tally_counted(r: Record) -> dict[str, bytes]:
    r.ev(TALLY)["payload"]["counted"] += 1
    return r.files()


def alter_close(r: Record) -> dict[str, bytes]:
    r.ev(CLOSE)["payload"]["cast"] -= 1
    return r.files()


def break_chain(r: Record) -> dict[str, bytes]:
    files = r.files()
    lines = files["board.jsonl"].splitlines(keepends=True)
    event = json.loads(lines[12])
    event["prev"] = _hex_flip(event["prev"], 5)
    lines[12] = canonical(event) + b"\n"
    files["board.jsonl"] = b"".join(lines)
    return files


def alter_payload_no_rechain(r: Record) -> dict[str, bytes]:
    r.ev(CLOSE)["payload"]["audited"] = 7
    return r.files(rechain=False)


def replay_other_election(r: Record, other: Record) -> dict[str, bytes]:
    r.events.insert(12, copy.deepcopy(other.ev(8)))
    return r.files()


def foreign_manifest_hash(r: Record) -> dict[str, bytes]:
    r.ballot(9)["manifest"] = _hex_flip(r.ballot(9)["manifest"])
    return r.files()


def remove_audit_reveal(r: Record) -> dict[str, bytes]:
    r.ev(AUDIT)["payload"]["reveal"] = r.ev(AUDIT)["payload"]["reveal"][:1]
    return r.files()


def alter_audit_value(r: Record) -> dict[str, bytes]:
    values = r.ev(AUDIT)["payload"]["reveal"][1]["values"]
    values[0], values[1] = 1 - values[0], 1 - values[1]
    return r.files()


def cast_audited_ballot(r: Record) -> dict[str, bytes]:
    audited = copy.deepcopy(r.ev(AUDIT)["payload"]["ballot"])
    r.ev(AUDIT + 1)["payload"]["ballot"] = audited
    return r.files()


def wrong_replaces(r: Record) -> dict[str, bytes]:
    r.ev(REVOTE_LAST)["payload"]["replaces"] = None
    return r.files()


def spurious_replaces(r: Record) -> dict[str, bytes]:
    r.ev(9)["payload"]["replaces"] = r.ev(REVOTE_LAST)["payload"]["replaces"]
    return r.files()


def voter_list_before_key(r: Record) -> dict[str, bytes]:
    r.events[4], r.events[5] = r.events[5], r.events[4]
    return r.files()


def event_after_result(r: Record) -> dict[str, bytes]:
    r.events.append(copy.deepcopy(r.ev(CLOSE)))
    return r.files()


def unknown_event_type(r: Record) -> dict[str, bytes]:
    r.ev(CLOSE)["type"] = "closed"
    return r.files()


def non_canonical_line(r: Record) -> dict[str, bytes]:
    files = r.files()
    lines = files["board.jsonl"].splitlines(keepends=True)
    lines[3] = lines[3].replace(b'{"payload":', b'{ "payload":', 1)
    files["board.jsonl"] = b"".join(lines)
    return files


def non_canonical_ballot_line(r: Record) -> dict[str, bytes]:
    """A ballot line is read deferred (its end is canonical): the check still runs."""
    files = r.files()
    lines = files["board.jsonl"].splitlines(keepends=True)
    lines[9] = lines[9].replace(b'{"payload":{"ballot":{', b'{"payload":{"ballot":{ ', 1)
    files["board.jsonl"] = b"".join(lines)
    return files


def wrong_head(r: Record) -> dict[str, bytes]:
    files = r.files()
    head = json.loads(files["head.json"])
    head["events"] -= 1
    files["head.json"] = canonical(head) + b"\n"
    return files


def open_with_other_key(r: Record) -> dict[str, bytes]:
    r.ev(6)["payload"]["public_key"] = r.ev(4)["payload"]["public_shares"][0]["public_share"]
    return r.files()


def flip_trustee_signature(r: Record) -> dict[str, bytes]:
    payload = r.ev(2)["payload"]
    payload["signature"] = _hex_flip(payload["signature"], 70)
    return r.files()


def drop_trustee_signature(r: Record) -> dict[str, bytes]:
    del r.ev(SHARE)["payload"]["signature"]
    return r.files()


def swap_trustee_signatures(r: Record) -> dict[str, bytes]:
    one, two = r.ev(1)["payload"], r.ev(2)["payload"]
    one["signature"], two["signature"] = two["signature"], one["signature"]
    return r.files()


def attest_another_head(r: Record) -> dict[str, bytes]:
    r.ev(CLOSE + 2)["payload"]["head"] = r.ev(CLOSE + 1)["prev"][::-1]
    return r.files()


def drop_an_attestation(r: Record) -> dict[str, bytes]:
    del r.events[CLOSE + 2]  # trustee 1's close attestation: her shares then come unattested
    return r.files()


CASES: list[tuple[str, Mutation, str, str]] = [
    ("flip a trustee's signature", flip_trustee_signature, "trustees.signatures", "event 2"),
    ("drop a trustee's signature", drop_trustee_signature, "trustees.signatures", "event 25"),
    ("swap trustees' signatures", swap_trustee_signatures, "trustees.signatures", "(trustee 1)"),
    ("attest another head", attest_another_head, "trustees.attestations", "(trustee 1)"),
    ("drop an attestation", drop_an_attestation, "trustees.attestations", "(trustee 1)"),
    ("drop a counted ballot", drop_counted_ballot, "close.counts", "event 20 (close)"),
    ("drop a ballot, keep the chain", drop_ballot_no_rechain, "board.encoding", "board.jsonl:10"),
    ("duplicate a ballot", duplicate_ballot, "ballots.unique", "ballot seq 13"),
    ("reorder ballots, keep the chain", reorder_ballots_no_rechain, "board.chain", "event 8"),
    ("reorder a revote", reorder_revote, "ballots.replaces", "ballot seq 13"),
    ("alter a ciphertext", alter_ciphertext, "ballots.option_proofs", "ballot seq 9"),
    ("identity in a ciphertext", identity_ciphertext, "ballots.format", "ballot seq 9"),
    ("swap proofs between ballots", swap_proofs_between_ballots, "ballots.option_proofs", "seq 8"),
    ("alter a challenge", alter_challenge, "ballots.option_proofs", "ballot seq 9"),
    ("alter a response", alter_response, "ballots.option_proofs", "ballot seq 9"),
    ("alter a contest proof", alter_contest_proof, "ballots.contest_proofs", "ballot seq 9"),
    ("alter a signature", alter_signature, "ballots.signature", "ballot seq 9"),
    ("swap a credential", swap_credential, "ballots.signature", "ballot seq 9"),
    ("unknown credential", unknown_credential, "ballots.credential", "ballot seq 9"),
    ("wrong ballot style", wrong_style, "ballots.format", "ballot seq 9"),
    ("alter a weight", alter_weight, "tally.ciphertexts", "event 22 (tally)"),
    ("unsorted voter list", unsorted_voters, "voters.list", "voters[1]"),
    ("alter a trustee key", alter_trustee_key, "keys.proofs", "trustee 2"),
    ("alter a commitment", alter_commitment, "keys.shares", "trustee 1"),
    ("alter a public share", alter_public_share, "keys.shares", "trustee 2"),
    ("alter the joint key", alter_joint_key, "keys.joint", "event 4 (joint_key)"),
    ("alter the qualified set", alter_qualified, "keys.qualified", "event 4 (joint_key)"),
    (
        "forged complaint",
        unanswered_complaint,
        "trustees.signatures",
        "event 4 (trustee_complaint)",
    ),
    ("change the threshold", change_threshold, "keys.commitments", "event 1"),
    ("change the manifest", change_manifest, "ballots.manifest", "ballot seq 7"),
    ("change manifest.json", change_manifest_file, "manifest.file", "manifest.json"),
    ("alter a decryption share", alter_share, "decryption.proofs", "contest council option 0"),
    ("duplicate a decryption share", duplicate_share, "decryption.shares", "event 26"),
    ("drop a decryption share", drop_share, "result.trustees", "event 26 (result)"),
    ("share by a non-trustee", share_by_non_trustee, "decryption.shares", "event 26"),
    ("alter a result count", alter_result_count, "result.counts", "contest referendum option 0"),
    ("alter the result's trustees", alter_result_trustees, "result.trustees", "event 27"),
    ("alter the tally", alter_tally, "tally.ciphertexts", "contest council option 0"),
    ("alter the tally's counted", alter_tally_counted, "tally.ciphertexts", "event 22"),
    ("alter the close counts", alter_close, "close.counts", "event 21 (close)"),
    ("break the hash chain", break_chain, "board.chain", "event 12"),
    ("alter a payload, keep the chain", alter_payload_no_rechain, "board.chain", "event 22"),
    ("foreign manifest hash", foreign_manifest_hash, "ballots.manifest", "ballot seq 9"),
    ("remove an audit reveal", remove_audit_reveal, "audits.reveal", "audit seq 10"),
    ("alter a revealed value", alter_audit_value, "audits.reveal", "audit seq 10"),
    ("cast an audited ballot", cast_audited_ballot, "ballots.format", "ballot seq 11"),
    ("drop a revote's replaces", wrong_replaces, "ballots.replaces", "ballot seq 14"),
    ("spurious replaces", spurious_replaces, "ballots.replaces", "ballot seq 9"),
    ("voter list before the key", voter_list_before_key, "board.order", "event 4"),
    ("event after the result", event_after_result, "board.order", "event 28"),
    ("unknown event type", unknown_event_type, "board.encoding", "board.jsonl:22"),
    ("non-canonical line", non_canonical_line, "board.encoding", "board.jsonl:4"),
    ("non-canonical ballot line", non_canonical_ballot_line, "board.encoding", "board.jsonl:10"),
    ("wrong head.json", wrong_head, "record.head", "head.json events"),
    ("open with another key", open_with_other_key, "election.open", "event 6 (open)"),
]


@pytest.mark.parametrize(
    ("mutate", "check_id", "item"),
    [pytest.param(m, c, i, id=name) for name, m, c, i in CASES],
)
def test_tampering_is_caught(rec: Record, mutate: Mutation, check_id: str, item: str) -> None:
    assert_caught(verify(mutate(rec)), check_id, item)


def test_replay_from_another_election(rec: Record, other_files: dict[str, bytes]) -> None:
    report = verify(replay_other_election(rec, Record.from_files(other_files)))
    assert_caught(report, "ballots.manifest", "ballot seq 12")
    assert_caught(report, "ballots.credential", "ballot seq 12")


def test_a_commitment_replayed_from_another_election_fails(
    rec: Record, other_files: dict[str, bytes]
) -> None:
    other = Record.from_files(other_files)
    assert other.ev(0)["payload"]["manifest"]["nonce"] != rec.ev(0)["payload"]["manifest"]["nonce"]
    rec.events[1] = copy.deepcopy(other.ev(1))
    report = verify(rec.files())
    assert_caught(report, "keys.proofs", "event 1 (trustee_commitment) (trustee 1)")
    assert_caught(report, "trustees.signatures", "event 1 (trustee_commitment) (trustee 1)")


def test_there_are_at_least_thirty_kinds() -> None:
    assert len({name for name, *_ in CASES}) >= 30
    assert len({check for _, _, check, _ in CASES}) >= 20


def test_a_lying_expanded_proof_is_found_by_the_batch(rec: Record) -> None:
    """An expanded proof (5.9) whose transcript holds over its own commitments but whose
    commitment equation does not: a ciphertext of 0 "proved" to encrypt 1. The batch that
    holds the other ballots' equations fails, and the verifier names this option with the
    per-proof message."""
    from suffrage.crypto import Element, Scalar, encrypt
    from suffrage.crypto.proofs import prove_zero_or_one
    from suffrage.protocol.ballot import option_context

    ballot = rec.ballot(9)
    key = Element.from_hex(rec.ev(4)["payload"]["public_key"])
    mh = hash_object("suffrage/1/manifest", rec.ev(0)["payload"]["manifest"]).hex()
    contest = ballot["contests"][0]
    r = Scalar.from_int(987654321)
    ct = encrypt(key, 0, r)
    context = option_context(mh, ballot["credential"], contest["contest"], 0)
    lie = prove_zero_or_one(key, ct, 1, r, context, seeded_rng(b"lie"))
    contest["options"][0] = {"ciphertext": ct.hex(), "proof": lie.to_bytes().hex()}
    report = verify(rec.files())
    item = f"ballot seq 9 (tracking code {hash_object('suffrage/1/ballot', ballot).hex()[:16]})"
    assert_caught(report, "ballots.option_proofs", f"{item} contest {contest['contest']} option 0")
    reasons = [f.reason for f in report.get("ballots.option_proofs").failures]
    assert reasons == ["zero-or-one proof fails: b_1 != z_1*H - c_1*(beta - 1*G)"]


def test_a_record_of_compact_proofs_still_verifies() -> None:
    """Records made before the expanded form (5.9) keep verifying, one proof at a time."""
    from pathlib import Path

    folder = Path(__file__).parent / "records" / "compact-v1"
    files = {p.name: p.read_bytes() for p in folder.iterdir()}
    first = json.loads(files["board.jsonl"].splitlines()[8])
    assert len(first["payload"]["ballot"]["signature"]) == 128  # compact
    report = verify(files)
    assert report.valid, [str(c.failures) for c in report.failed]
    tampered = Record.from_files(files)
    option = tampered.ballot(8)["contests"][0]["options"][0]
    option["proof"] = _swap_halves(option["proof"], 1, 3)
    assert_caught(verify(tampered.files()), "ballots.option_proofs", "ballot seq 8")


def test_a_re_formed_signature_is_refused(rec: Record) -> None:
    """Dropping R from a ballot's expanded signature keeps it a valid signature but gives
    the ballot a second tracking code: one form per ballot (5.9) refuses it."""
    ballot = rec.ballot(9)
    ballot["signature"] = ballot["signature"][:128]
    item = f"ballot seq 9 (tracking code {hash_object('suffrage/1/ballot', ballot).hex()[:16]})"
    report = verify(rec.files())
    assert_caught(report, "ballots.format", item)
    reasons = [f.reason for f in report.get("ballots.format").failures]
    assert reasons == [
        "ballot.contests[0].options[0].proof: an expanded proof in a ballot whose signature"
        " is compact"
    ]
