"""Attacks of whoever runs the election on the key ceremony and the decryption, replayed.

Each test plays the server or an administrator (no trustee's key), or a dishonest trustee
(her own key only), against the protocol's state machine, and checks that the independent
verifier agrees with what the machine accepted.
"""

from __future__ import annotations

import pytest
from protocol_helpers import Setup, open_election

from suffrage.crypto.group import RandomSource
from suffrage.crypto.threshold.dkg import Complaint
from suffrage.errors import IllegalTransition, InvalidEncoding, InvalidProof, ProtocolError
from suffrage.protocol.ceremony.decryption import decryption_share_payload
from suffrage.protocol.ceremony.keys import (
    TrusteeKeys,
    answer_payload,
    commitment_payload,
    complaint_payload,
    dkg_parameters,
)
from suffrage.protocol.election import Election
from suffrage.protocol.identity import SigningKey, sign_trustee_payload
from suffrage.protocol.manifest import Manifest
from suffrage.protocol.record import record_files
from suffrage.verify import MemorySource, verify_record
from trustee_identity import attest, post, signed


def _ceremony_start(
    manifest: Manifest, rng: RandomSource
) -> tuple[Election, dict[int, TrusteeKeys]]:
    e = Election()
    e.setup(manifest)
    keys = {i: TrusteeKeys(dkg_parameters(manifest), i, rng) for i in (1, 2, 3)}
    for k in keys.values():
        post(e, "trustee_commitment", commitment_payload(k.commitment()), rng)
    return e, keys


def test_a_complaint_in_a_trustees_name_needs_her_signature(
    manifest: Manifest, rng: RandomSource
) -> None:
    """Attack 1: the server complains "as" trustees 1 and 2 to make dealer 3 reveal shares."""
    e, _ = _ceremony_start(manifest, rng)
    before = len(e.board)
    server_key = SigningKey.generate(rng)  # any key that is not trustee 1's
    payload = complaint_payload(Complaint(1, 3))
    forged = sign_trustee_payload(server_key, manifest.hash_hex, "trustee_complaint", payload, rng)
    with pytest.raises(InvalidProof, match=r"trustee_complaint\.signature"):
        e.post_trustee("trustee_complaint", forged)
    with pytest.raises(InvalidEncoding, match="signature"):
        e.post_trustee("trustee_complaint", payload)  # unsigned
    # signed by trustee 2 but naming trustee 1: the signature is checked against trustee 1
    by_two = signed(manifest, "trustee_complaint", {"trustee": 2, "dealer": 3}, rng)
    with pytest.raises(InvalidProof):
        e.post_trustee("trustee_complaint", {**by_two, "trustee": 1})
    assert len(e.board) == before


def test_a_dishonest_complainer_learns_only_her_own_share(
    manifest: Manifest, rng: RandomSource
) -> None:
    """Trustee 1 complains about an honest dealer: the answer is valid, the dealer stays."""
    e, keys = _ceremony_start(manifest, rng)
    commitments = {i: k.commitment() for i, k in keys.items()}
    for j, k in keys.items():
        assert k.receive(commitments, [d.share_for(j) for d in keys.values()]) == []
    false_claim = Complaint(1, 2)
    post(e, "trustee_complaint", complaint_payload(false_claim), rng)
    answer = keys[2].answer(false_claim)
    assert answer.value == keys[2].share_for(1).value  # what trustee 1 already held
    post(e, "trustee_answer", answer_payload(answer), rng)
    e.post_joint_key()
    assert e.joint_key.qualified == (1, 2, 3)
    assert verify_record(MemorySource(record_files(e.board))).valid


def test_t_complaints_disqualify_a_dealer_whatever_it_answers(
    manifest: Manifest, rng: RandomSource
) -> None:
    """With t = 2, complaints by trustees 1 and 2 put dealer 3 out (it must not answer)."""
    e, keys = _ceremony_start(manifest, rng)
    for accuser in (1, 2):
        post(e, "trustee_complaint", complaint_payload(Complaint(accuser, 3)), rng)
    for accuser in (1, 2):  # valid answers do not save it: two shares would give f_3 away
        post(e, "trustee_answer", answer_payload(keys[3].answer(Complaint(accuser, 3))), rng)
    e.post_joint_key()
    assert e.joint_key.qualified == (1, 2)
    report = verify_record(MemorySource(record_files(e.board)))
    assert report.valid, [c.id for c in report.failed]
    assert report.get("keys.qualified").status.value == "passed"


def test_decryption_shares_only_from_a_trustee_who_attested_both_heads(
    manifest: Manifest, rng: RandomSource
) -> None:
    s: Setup = open_election(manifest, rng, [("north", 1), ("south", 1)])
    e = s.election
    e.close()
    e.post_tally()
    secret = s.trustees[1].secret_share(e.joint_key.qualified)
    share = decryption_share_payload(e.manifest, 1, secret, e.tally, rng)
    with pytest.raises(ProtocolError, match="only after attesting close"):
        post(e, "decryption_share", share, rng)
    with pytest.raises(IllegalTransition, match="not due now"):
        attest(e, 1, "open", rng)  # the open attestation is due only while open
    wrong = signed(
        e.manifest, "attestation", {"trustee": 1, "phase": "close", "head": "00" * 32}, rng
    )
    with pytest.raises(ProtocolError, match="not the hash of this board's 'close' event"):
        e.post_trustee("attestation", wrong)
    attest(e, 1, "close", rng)
    with pytest.raises(ProtocolError, match="already attested"):
        attest(e, 1, "close", rng)
    post(e, "decryption_share", share, rng)
    # the server cannot post trustee 2's shares for her
    other = decryption_share_payload(e.manifest, 2, secret, e.tally, rng)
    forged = sign_trustee_payload(
        SigningKey.generate(rng), e.manifest.hash_hex, "decryption_share", other, rng
    )
    with pytest.raises(InvalidProof):
        e.post_trustee("decryption_share", forged)
