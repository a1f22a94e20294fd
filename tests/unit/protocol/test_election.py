from __future__ import annotations

import pytest
from protocol_helpers import Setup, open_election, run_ceremony

from suffrage.crypto.group import Element, RandomSource, Scalar
from suffrage.crypto.threshold.dkg import Share
from suffrage.errors import IllegalTransition, InvalidEncoding, InvalidProof, ProtocolError
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
from suffrage.protocol.election import Election
from suffrage.protocol.lifecycle import Phase
from suffrage.protocol.manifest import Manifest
from trustee_identity import attest, post


def _cast(s: Setup, voter: int, choice: dict[str, list[int]], rng: RandomSource) -> str:
    prepared = encrypt_ballot(
        s.election.ballot_context, s.creds[voter], s.styles[voter], choice, rng
    )
    s.election.cast(prepared.ballot)
    return prepared.tracking_code


def _decrypt(s: Setup, present: list[int], rng: RandomSource) -> dict[str, list[int]]:
    e = s.election
    e.close()
    e.post_tally()
    for i in present:
        secret = s.trustees[i].secret_share(e.joint_key.qualified)
        attest(e, i, "close", rng)
        post(
            e,
            "decryption_share",
            decryption_share_payload(e.manifest, i, secret, e.tally, rng),
            rng,
        )
    _, counts = e.publish_result()
    return counts


def test_revote_last_ballot_counts_with_weights_and_absent_trustee(
    opened: Setup, rng: RandomSource
) -> None:
    _cast(opened, 0, {"council": [1, 1, 0], "budget": [3, 1]}, rng)
    first = _cast(opened, 1, {"council": [1, 0, 0], "budget": [0, 0]}, rng)
    _cast(opened, 1, {"council": [0, 0, 1], "budget": [2, 0]}, rng)  # weight 2, replaces
    _cast(opened, 2, {"council": [0, 1, 0]}, rng)  # south: no budget contest
    last = opened.election.board.events[-1]
    previous = opened.election.board.events[-2]
    assert previous.payload["replaces"] == first
    assert last.payload["replaces"] is None
    counts = _decrypt(opened, [1, 3], rng)  # trustee 2 absent
    assert counts == {"council": [1, 2, 2], "budget": [3 + 4, 1]}
    assert opened.election.phase is Phase.PUBLISHED
    tally = opened.election.tally
    assert (tally.counted, tally.weight) == (3, 4)
    result = opened.election.board.events[-1].payload
    assert result["trustees"] == [1, 3]


def test_audited_ballot_is_never_counted_nor_castable(opened: Setup, rng: RandomSource) -> None:
    e = opened.election
    spoiled = encrypt_ballot(
        e.ballot_context, opened.creds[0], "north", {"council": [0, 0, 1], "budget": [1, 1]}, rng
    )
    form = audit_form(spoiled.ballot)
    assert "credential" not in form and "signature" not in form  # links to no voter
    e.audit(form, spoiled.reveal)
    with pytest.raises(ProtocolError, match="already on the board"):
        e.audit(form, spoiled.reveal)
    with pytest.raises(InvalidEncoding, match="missing field 'credential'"):
        e.cast(form)  # an audit form is no ballot: it has no credential to count it for
    with pytest.raises(InvalidEncoding, match="unknown field 'credential'"):
        e.audit(spoiled.ballot, spoiled.reveal)  # an audit never carries the credential
    _cast(opened, 0, {"council": [1, 0, 0], "budget": [0, 2]}, rng)
    assert _decrypt(opened, [2, 3], rng) == {"council": [1, 0, 0], "budget": [0, 2]}
    close = next(ev for ev in e.board.events if ev.type == "close")
    assert close.payload == {"audited": 1, "cast": 1, "counted": 1}


def test_audit_with_a_false_reveal_is_refused_and_board_unchanged(
    opened: Setup, rng: RandomSource
) -> None:
    e = opened.election
    spoiled = encrypt_ballot(
        e.ballot_context, opened.creds[0], "north", {"council": [0, 0, 1], "budget": [1, 1]}, rng
    )
    reveal = spoiled.reveal
    reveal[1]["values"] = [2, 0]  # type: ignore[index,call-overload]
    before = len(e.board)
    with pytest.raises(ProtocolError, match="does not re-encrypt"):
        e.audit(audit_form(spoiled.ballot), reveal)
    assert len(e.board) == before


def test_duplicate_ballot_and_steps_out_of_order(opened: Setup, rng: RandomSource) -> None:
    e = opened.election
    prepared = encrypt_ballot(
        e.ballot_context, opened.creds[2], "south", {"council": [0, 0, 0]}, rng
    )
    e.cast(prepared.ballot)
    with pytest.raises(ProtocolError, match="already on the board"):
        e.cast(prepared.ballot)
    with pytest.raises(IllegalTransition, match="'tally' is not allowed while the election is"):
        e.post_tally()
    with pytest.raises(IllegalTransition, match="'result'"):
        e.publish_result()
    e.close()
    with pytest.raises(IllegalTransition, match=r"'ballot' is not allowed while .* 'closed'"):
        e.cast(prepared.ballot)
    e.post_tally()
    secret = opened.trustees[1].secret_share(e.joint_key.qualified)
    attest(e, 1, "close", rng)
    post(e, "decryption_share", decryption_share_payload(e.manifest, 1, secret, e.tally, rng), rng)
    with pytest.raises(IllegalTransition, match="needs 2 trustees' shares"):
        e.publish_result()


def test_wrong_decryption_share_is_rejected(opened: Setup, rng: RandomSource) -> None:
    e = opened.election
    e.close()
    e.post_tally()
    wrong = Scalar.from_int(12345)
    payload = decryption_share_payload(e.manifest, 1, wrong, e.tally, rng)
    with pytest.raises(InvalidProof, match=r"decryption_share\.contests\[0\]\.shares\[0\]\.proof"):
        post(e, "decryption_share", payload, rng)


def test_dkg_complaint_answered_keeps_dealer(manifest: Manifest, rng: RandomSource) -> None:
    e = Election()
    e.setup(manifest)
    params = dkg_parameters(manifest)
    keys = {i: TrusteeKeys(params, i, rng) for i in (1, 2, 3)}
    for k in keys.values():
        post(e, "trustee_commitment", commitment_payload(k.commitment()), rng)
    commitments = {i: k.commitment() for i, k in keys.items()}
    # Dealer 3 sends trustee 1 a corrupted share; trustee 1 complains, dealer 3 answers.
    bad = Share(3, 1, Scalar.from_int(7))
    shares_for_1 = [keys[1].share_for(1), keys[2].share_for(1), bad]
    complaints = keys[1].receive(commitments, shares_for_1)
    assert [(c.accuser, c.dealer) for c in complaints] == [(1, 3)]
    for j in (2, 3):
        assert keys[j].receive(commitments, [k.share_for(j) for k in keys.values()]) == []
    post(e, "trustee_complaint", complaint_payload(complaints[0]), rng)
    answer = keys[3].answer(complaints[0])
    post(e, "trustee_answer", answer_payload(answer), rng)
    keys[1].accept_answer(answer)
    e.post_joint_key()
    assert e.joint_key.qualified == (1, 2, 3)
    for i in (1, 2, 3):
        x = keys[i].secret_share(e.joint_key.qualified)
        assert e.public_share(i) == Element.base_times(x)


def test_dkg_unanswered_complaint_disqualifies_dealer(
    manifest: Manifest, rng: RandomSource
) -> None:
    e = Election()
    e.setup(manifest)
    params = dkg_parameters(manifest)
    keys = {i: TrusteeKeys(params, i, rng) for i in (1, 2, 3)}
    for k in keys.values():
        post(e, "trustee_commitment", commitment_payload(k.commitment()), rng)
    with pytest.raises(ProtocolError, match="already posted its commitment"):
        post(e, "trustee_commitment", commitment_payload(keys[1].commitment()), rng)
    commitments = {i: k.commitment() for i, k in keys.items()}
    for j in (1, 2, 3):
        shares = [k.share_for(j) for i, k in keys.items() if not (i == 2 and j == 3)]
        for c in keys[j].receive(commitments, shares):
            post(e, "trustee_complaint", complaint_payload(c), rng)
    e.post_joint_key()
    assert e.joint_key.qualified == (1, 3)
    assert set(e.joint_key.public_shares) == {1, 3}


def test_full_small_election_with_four_voters_all_present(
    manifest: Manifest, rng: RandomSource
) -> None:
    s = open_election(manifest, rng, [("north", 1), ("south", 3), ("north", 1), ("south", 1)])
    _cast(s, 0, {"council": [0, 1, 1], "budget": [0, 4 - 3]}, rng)
    _cast(s, 1, {"council": [1, 0, 0]}, rng)
    _cast(s, 3, {"council": [0, 0, 0]}, rng)
    assert _decrypt(s, [1, 2, 3], rng) == {"council": [3, 1, 1], "budget": [0, 1]}


def test_voter_list_with_unknown_style_is_refused(manifest: Manifest, rng: RandomSource) -> None:
    from suffrage.protocol.credentials import new_credential
    from suffrage.protocol.voters import Voter, VoterList

    e = Election()
    e.setup(manifest)
    run_ceremony(e, rng)
    bad = VoterList((Voter(new_credential(rng).public, "west", 1),))
    with pytest.raises(ProtocolError, match="style 'west' is not a style of the manifest"):
        e.post_voter_list(bad)
    with pytest.raises(IllegalTransition, match="needs the voter list first"):
        e.open()


def test_contest_without_ballots_decrypts_to_zero(manifest: Manifest, rng: RandomSource) -> None:
    s = open_election(manifest, rng, [("south", 1), ("south", 1)])
    _cast(s, 0, {"council": [0, 1, 1]}, rng)
    counts = _decrypt(s, [2, 3], rng)
    assert counts == {"council": [0, 1, 1], "budget": [0, 0]}
    budget = s.election.tally.contests["budget"]
    assert all(ct.alpha.is_identity() for ct in budget)


def test_election_with_no_ballots_at_all(manifest: Manifest, rng: RandomSource) -> None:
    s = open_election(manifest, rng, [("north", 1)])
    assert _decrypt(s, [1, 2], rng) == {"council": [0, 0, 0], "budget": [0, 0]}
