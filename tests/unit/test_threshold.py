"""Distributed key generation, complaints, disqualification and t-of-n decryption."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from itertools import combinations

import pytest

from suffrage.crypto import Element, Scalar
from suffrage.crypto.elgamal import decrypt_to_element, encrypt
from suffrage.crypto.proofs import (
    SchnorrProof,
    prove_decryption_share,
    verify_decryption_share,
)
from suffrage.crypto.threshold import (
    Complaint,
    ComplaintResponse,
    Dealing,
    DkgParameters,
    DkgTrustee,
    Share,
    TrusteeKey,
    combine_shares,
    decrypt_with_shares,
    lagrange_coefficient,
    qualified_dealers,
)
from suffrage.errors import DecryptionError, InvalidProof, ThresholdError

Rng = Callable[[int], bytes]
Tamper = Callable[[Dealing], Dealing]

PARAMS = DkgParameters(threshold=3, trustees=5, context=b"election-7 trustees")


def _run(
    rng: Rng,
    params: DkgParameters = PARAMS,
    tamper: dict[int, Tamper] | None = None,
    answer: Callable[[DkgTrustee, Complaint], ComplaintResponse | None] | None = None,
    extra_complaints: tuple[Complaint, ...] = (),
) -> tuple[list[TrusteeKey], list[Dealing]]:
    """Run the whole ceremony in memory; ``tamper`` rewrites a dealer's outgoing dealing."""
    trustees = [DkgTrustee(params, i) for i in range(1, params.trustees + 1)]
    dealings = [t.start(rng) for t in trustees]
    sent = [(tamper or {}).get(d.commitment.dealer, lambda x: x)(d) for d in dealings]
    for d in sent:
        for t in trustees:
            t.receive_commitment(d.commitment)
        for s in d.shares:
            trustees[s.recipient - 1].receive_share(s)
    complaints = [c for t in trustees for c in t.complaints()] + list(extra_complaints)
    respond = answer or (lambda t, c: t.respond(c))
    responses = [r for c in complaints for t in trustees if (r := respond(t, c)) is not None]
    keys = [t.finish(complaints, responses) for t in trustees]
    return keys, dealings


def _bad_share_to(recipient: int) -> Tamper:
    def tamper(d: Dealing) -> Dealing:
        shares = tuple(
            replace(s, value=s.value + Scalar.one()) if s.recipient == recipient else s
            for s in d.shares
        )
        return replace(d, shares=shares)

    return tamper


def _drop_share_to(recipient: int) -> Tamper:
    def tamper(d: Dealing) -> Dealing:
        return replace(d, shares=tuple(s for s in d.shares if s.recipient != recipient))

    return tamper


def _assert_consistent(keys: list[TrusteeKey]) -> None:
    first = keys[0]
    for k in keys:
        assert k.public_key == first.public_key
        assert k.public_shares == first.public_shares
        assert k.qualified == first.qualified
        assert Element.base_times(k.secret_share) == k.public_share


def _interpolate(keys: list[TrusteeKey], subset: tuple[int, ...]) -> Scalar:
    total = Scalar.zero()
    for i in subset:
        total = total + keys[i - 1].secret_share * lagrange_coefficient(i, subset)
    return total


def test_honest_ceremony_every_t_subset_decrypts(rng: Rng) -> None:
    keys, _ = _run(rng)
    _assert_consistent(keys)
    assert keys[0].qualified == (1, 2, 3, 4, 5)
    pk = keys[0].public_key
    m = 4
    ct = encrypt(pk, m, Scalar.random(rng))
    shares = {k.index: ct.alpha * k.secret_share for k in keys}
    expected = Element.base_times(Scalar.from_int(m))
    indices = range(1, 6)
    for size in (3, 4, 5):
        for subset in combinations(indices, size):
            combined = combine_shares({i: shares[i] for i in subset}, 3)
            assert decrypt_to_element(ct, combined) == expected
            assert Element.base_times(_interpolate(keys, subset)) == pk
    for size in (1, 2):
        for subset in combinations(indices, size):
            with pytest.raises(DecryptionError, match="at least 3"):
                combine_shares({i: shares[i] for i in subset}, 3)
            # Interpolating fewer than t shares yields a wrong secret, not the key.
            assert Element.base_times(_interpolate(keys, subset)) != pk


def test_decryption_shares_are_proven_against_public_shares(rng: Rng) -> None:
    keys, _ = _run(rng)
    ct = encrypt(keys[0].public_key, 1, Scalar.random(rng))
    for k in keys[:3]:
        share, proof = prove_decryption_share(k.secret_share, ct, b"tally", rng)
        verify_decryption_share(k.public_share, ct, share, proof, b"tally")
    share, proof = prove_decryption_share(keys[0].secret_share, ct, b"tally", rng)
    with pytest.raises(InvalidProof, match="decryption-share"):
        verify_decryption_share(keys[1].public_share, ct, share, proof, b"tally")


def test_missing_share_is_answered_and_dealer_stays(rng: Rng) -> None:
    keys, _ = _run(rng, tamper={2: _drop_share_to(4)})
    _assert_consistent(keys)
    assert keys[0].qualified == (1, 2, 3, 4, 5)


def test_bad_share_then_bad_answer_disqualifies(rng: Rng) -> None:
    def lying(t: DkgTrustee, c: Complaint) -> ComplaintResponse | None:
        r = t.respond(c)
        return None if r is None else replace(r, value=r.value + Scalar.one())

    keys, dealings = _run(rng, tamper={3: _bad_share_to(1)}, answer=lying)
    _assert_consistent(keys)
    assert keys[0].qualified == (1, 2, 4, 5)
    expected_key = Element.identity()
    for d in dealings:
        if d.commitment.dealer != 3:
            expected_key = expected_key + d.commitment.commitments[0]
    assert keys[0].public_key == expected_key
    ct = encrypt(keys[0].public_key, 2, Scalar.random(rng))
    for subset in combinations(range(1, 6), 3):
        combined = combine_shares({i: ct.alpha * keys[i - 1].secret_share for i in subset}, 3)
        assert decrypt_to_element(ct, combined) == Element.base_times(Scalar.from_int(2))


def test_unanswered_complaint_disqualifies(rng: Rng) -> None:
    def silent(t: DkgTrustee, c: Complaint) -> ComplaintResponse | None:
        return None if c.dealer == 5 else t.respond(c)

    keys, _ = _run(rng, tamper={5: _bad_share_to(2)}, answer=silent)
    assert keys[0].qualified == (1, 2, 3, 4)
    _assert_consistent(keys)


def test_false_complaint_answered_keeps_dealer(rng: Rng) -> None:
    keys, _ = _run(rng, extra_complaints=(Complaint(accuser=1, dealer=2),))
    assert keys[0].qualified == (1, 2, 3, 4, 5)
    _assert_consistent(keys)


def test_complaint_from_no_trustee_is_ignored(rng: Rng) -> None:
    keys, _ = _run(rng, extra_complaints=(Complaint(accuser=99, dealer=2),))
    assert keys[0].qualified == (1, 2, 3, 4, 5)


def test_invalid_commitment_proof_disqualifies_without_complaint(rng: Rng) -> None:
    def bad_proof(d: Dealing) -> Dealing:
        p = d.commitment.proof
        forged = SchnorrProof(p.challenge, p.response + Scalar.one())
        return replace(d, commitment=replace(d.commitment, proof=forged))

    keys, _ = _run(rng, tamper={4: bad_proof})
    assert keys[0].qualified == (1, 2, 3, 5)
    _assert_consistent(keys)


def test_too_few_qualified_dealers(rng: Rng) -> None:
    def silent(t: DkgTrustee, c: Complaint) -> ComplaintResponse | None:
        return None

    tamper = {d: _bad_share_to(1) for d in (2, 3, 4)}
    with pytest.raises(ThresholdError, match="only 2 qualified"):
        _run(rng, tamper=tamper, answer=silent)


def test_qualified_dealers_needs_matching_keys(rng: Rng) -> None:
    _, dealings = _run(rng)
    commitments = {d.commitment.dealer: d.commitment for d in dealings}
    commitments[1] = commitments[2]
    assert qualified_dealers(PARAMS, commitments, (), ()) == (2, 3, 4, 5)


@pytest.mark.parametrize(("t", "n"), [(0, 3), (4, 3), (1, 0), (2, 5000)])
def test_bad_parameters(t: int, n: int) -> None:
    with pytest.raises(ThresholdError, match="threshold"):
        DkgParameters(threshold=t, trustees=n, context=b"")


def test_state_machine_misuse(rng: Rng) -> None:
    t = DkgTrustee(PARAMS, 1)
    with pytest.raises(ThresholdError, match="complaints"):
        t.finish((), ())
    d = t.start(rng)
    with pytest.raises(ThresholdError, match="already dealt"):
        t.start(rng)
    with pytest.raises(ThresholdError, match="sent to 1"):
        t.receive_share(d.share_for(2))
    with pytest.raises(ThresholdError, match="index"):
        DkgTrustee(PARAMS, 6)
    t.receive_share(d.share_for(1))
    with pytest.raises(ThresholdError, match="two different shares"):
        t.receive_share(Share(1, 1, Scalar.one()))


def test_lagrange_coefficients() -> None:
    # Over {1, 2}: lambda_1 = 2/(2-1) = 2, lambda_2 = 1/(1-2) = -1.
    assert lagrange_coefficient(1, (1, 2)) == Scalar.from_int(2)
    assert lagrange_coefficient(2, (1, 2)) == Scalar.from_int(-1)
    with pytest.raises(ThresholdError, match="not among"):
        lagrange_coefficient(3, (1, 2))
    with pytest.raises(ThresholdError, match="duplicate"):
        lagrange_coefficient(1, (1, 1, 2))
    with pytest.raises(ThresholdError, match="positive"):
        lagrange_coefficient(0, (0, 1))


def test_decrypt_with_shares(rng: Rng) -> None:
    keys, _ = _run(rng)
    ct = encrypt(keys[0].public_key, 6, Scalar.random(rng))
    shares = {k.index: ct.alpha * k.secret_share for k in keys[2:]}
    assert decrypt_with_shares(ct, shares, 3) == Element.base_times(Scalar.from_int(6))
    with pytest.raises(DecryptionError, match="2 decryption share"):
        decrypt_with_shares(ct, {i: shares[i] for i in (3, 4)}, 3)


def test_tampered_commitment_leads_to_complaints_and_disqualification(rng: Rng) -> None:
    def bad_commitment(d: Dealing) -> Dealing:
        c = d.commitment.commitments
        changed = (c[0], c[1] + Element.generator(), *c[2:])
        return replace(d, commitment=replace(d.commitment, commitments=changed))

    complaints_seen: list[Complaint] = []

    def record(t: DkgTrustee, c: Complaint) -> ComplaintResponse | None:
        complaints_seen.append(c)
        return t.respond(c)

    keys, _ = _run(rng, tamper={2: bad_commitment}, answer=record)
    # Every trustee's share from dealer 2 fails against the changed C_1; the revealed
    # shares fail too, so dealer 2 is out.
    assert {c.accuser for c in complaints_seen if c.dealer == 2} == {1, 2, 3, 4, 5}
    assert keys[0].qualified == (1, 3, 4, 5)
    _assert_consistent(keys)
