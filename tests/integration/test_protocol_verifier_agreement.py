"""Records the protocol writes in unusual situations are accepted by the independent verifier.

Complaints answered and unanswered in the key ceremony (a disqualified trustee), weighted
voters, two ballot styles, a contest with no marks, revotes and audits.
"""

from __future__ import annotations

from suffrage.crypto.group import RandomSource, Scalar
from suffrage.crypto.threshold.dkg import Share
from suffrage.protocol.audit import audit_form
from suffrage.protocol.ballot import encrypt_ballot
from suffrage.protocol.ceremony.decryption import decryption_share_payload
from suffrage.protocol.ceremony.keys import (
    TrusteeKeys,
    answer_payload,
    commitment_payload,
    complaint_payload,
    dkg_parameters,
)
from suffrage.protocol.credentials import new_credential
from suffrage.protocol.election import Election
from suffrage.protocol.encoding import Json, JsonObject
from suffrage.protocol.manifest import parse_manifest
from suffrage.protocol.record import record_files
from suffrage.protocol.simulation import seeded_rng
from suffrage.protocol.voters import Voter, build_voter_list
from suffrage.verify import MemorySource, verify_record
from trustee_identity import attest, keyed, post


def _manifest(trustees: int, threshold: int) -> JsonObject:
    def contest(cid: str, kind: str, lo: int, hi: int, top: int, n: int) -> JsonObject:
        options: list[Json] = [{"id": f"o{j}", "title": f"Option {j}"} for j in range(n)]
        return {
            "id": cid,
            "title": cid,
            "kind": kind,
            "min": lo,
            "max": hi,
            "value_max": top,
            "options": options,
        }

    return {
        "protocol": "suffrage/1", "id": "agreement", "title": "Agreement",
        "contests": [contest("seats", "choose", 1, 2, 1, 4), contest("points", "score", 0, 5, 3, 3),
                     contest("local", "choose", 0, 1, 1, 2)],
        "styles": [{"id": "a", "title": "A", "contests": ["seats", "points"]},
                   {"id": "b", "title": "B", "contests": ["local", "seats"]}],
        "trustees": [{"index": i, "name": f"T{i}"} for i in range(1, trustees + 1)],
        "threshold": threshold,
    }  # fmt: skip


def _ceremony(e: Election, rng: RandomSource) -> dict[int, TrusteeKeys]:
    """Trustee 4 sends 1 a bad share and answers; trustee 2 sends 3 a bad share and hides."""
    params = dkg_parameters(e.manifest)
    keys = {i: TrusteeKeys(params, i, rng) for i in range(1, 5)}
    for k in keys.values():
        post(e, "trustee_commitment", commitment_payload(k.commitment()), rng)
    commitments = {i: k.commitment() for i, k in keys.items()}
    complaints = []
    for j, k in keys.items():
        shares = [d.share_for(j) for d in keys.values()]
        if j in (1, 3):
            dealer = 4 if j == 1 else 2
            shares = [s for s in shares if s.dealer != dealer] + [Share(dealer, j, Scalar.one())]
        for complaint in k.receive(commitments, shares):
            post(e, "trustee_complaint", complaint_payload(complaint), rng)
            complaints.append(complaint)
    assert [(c.accuser, c.dealer) for c in complaints] == [(1, 4), (3, 2)]
    answer = keys[4].answer(complaints[0])
    post(e, "trustee_answer", answer_payload(answer), rng)
    keys[1].accept_answer(answer)
    e.post_joint_key()
    return keys


def test_unusual_record_is_accepted_by_the_independent_verifier() -> None:
    rng = seeded_rng(b"agreement")
    e = Election()
    e.setup(parse_manifest(keyed(_manifest(4, 2))))
    keys = _ceremony(e, rng)
    assert e.joint_key.qualified == (1, 3, 4)
    creds = [new_credential(rng) for _ in range(4)]
    roll = [("a", 1), ("a", 5), ("b", 2), ("b", 1)]
    e.post_voter_list(build_voter_list(
        [Voter(c.public, st, w) for c, (st, w) in zip(creds, roll, strict=True)], e.manifest
    ))  # fmt: skip
    e.open()
    ctx = e.ballot_context

    def ballot(v: int, choice: dict[str, list[int]]) -> tuple[JsonObject, list[Json]]:
        p = encrypt_ballot(ctx, creds[v], roll[v][0], choice, rng)
        return p.ballot, p.reveal

    e.cast(ballot(0, {"seats": [1, 0, 0, 0], "points": [3, 2, 0]})[0])
    b, reveal = ballot(1, {"seats": [0, 1, 1, 0], "points": [0, 0, 3]})
    e.audit(audit_form(b), reveal)
    e.cast(ballot(1, {"seats": [0, 1, 0, 0], "points": [1, 1, 1]})[0])
    e.cast(ballot(1, {"seats": [0, 0, 1, 1], "points": [0, 0, 0]})[0])
    e.cast(ballot(2, {"seats": [1, 1, 0, 0], "local": [0, 0]})[0])
    for i in (1, 3, 4):
        attest(e, i, "open", rng)
    e.close()
    e.post_tally()
    for i in (3, 4):  # trustee 1 absent, trustee 2 disqualified
        secret = keys[i].secret_share(e.joint_key.qualified)
        attest(e, i, "close", rng)
        payload = decryption_share_payload(e.manifest, i, secret, e.tally, rng)
        post(e, "decryption_share", payload, rng)
    _, counts = e.publish_result()
    assert counts == {"seats": [3, 2, 5, 5], "points": [3, 2, 0], "local": [0, 0]}
    report = verify_record(MemorySource(record_files(e.board), label="agreement"))
    assert report.valid, [f"{c.id}: {c.detail}" for c in report.failed]
