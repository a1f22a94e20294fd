"""Property tests: for random t <= n, any t shares decrypt and fewer never do."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suffrage.crypto import Element, Scalar
from suffrage.crypto.elgamal import decrypt_to_element, encrypt
from suffrage.crypto.threshold import (
    DkgParameters,
    DkgTrustee,
    Share,
    TrusteeKey,
    combine_shares,
    lagrange_coefficient,
)
from suffrage.errors import DecryptionError, ThresholdError


def _rng(seed: bytes) -> Callable[[int], bytes]:
    counter = 0

    def read(n: int) -> bytes:
        nonlocal counter
        out = b""
        while len(out) < n:
            out += hashlib.sha512(seed + counter.to_bytes(8, "big")).digest()
            counter += 1
        return out[:n]

    return read


def _ceremony(t: int, n: int, rng: Callable[[int], bytes]) -> list[TrusteeKey]:
    params = DkgParameters(threshold=t, trustees=n, context=b"prop")
    trustees = [DkgTrustee(params, i) for i in range(1, n + 1)]
    for d in [x.start(rng) for x in trustees]:
        for x in trustees:
            x.receive_commitment(d.commitment)
        for s in d.shares:
            trustees[s.recipient - 1].receive_share(s)
    complaints = [c for x in trustees for c in x.complaints()]
    assert complaints == []
    return [x.finish((), ()) for x in trustees]


@st.composite
def scenario(draw: st.DrawFn) -> tuple[int, int, list[int], list[int]]:
    n = draw(st.integers(1, 5))
    t = draw(st.integers(1, n))
    order = draw(st.permutations(list(range(1, n + 1))))
    enough = sorted(order[: draw(st.integers(t, n))])
    too_few = sorted(order[: draw(st.integers(0, t - 1))])
    return t, n, enough, too_few


@settings(max_examples=12, deadline=None)
@given(scenario(), st.binary(min_size=4, max_size=4), st.integers(0, 20))
def test_threshold_decryption(
    case: tuple[int, int, list[int], list[int]], seed: bytes, m: int
) -> None:
    t, n, enough, too_few = case
    rng = _rng(seed)
    keys = _ceremony(t, n, rng)
    pk = keys[0].public_key
    assert all(k.public_key == pk for k in keys)
    ct = encrypt(pk, m, Scalar.random(rng))
    shares = {k.index: ct.alpha * k.secret_share for k in keys}
    expected = Element.base_times(Scalar.from_int(m))
    combined = combine_shares({i: shares[i] for i in enough}, t)
    assert decrypt_to_element(ct, combined) == expected
    with pytest.raises(DecryptionError):
        combine_shares({i: shares[i] for i in too_few}, t)
    if too_few:  # interpolating fewer than t points misses the key
        partial = Element.identity()
        for i in too_few:
            partial = partial + shares[i] * lagrange_coefficient(i, too_few)
        assert decrypt_to_element(ct, partial) != expected


@st.composite
def misbehaviour(draw: st.DrawFn) -> tuple[set[tuple[int, int]], set[int]]:
    """Wrong shares (dealer, recipient) and the dealers that repeat them when challenged."""
    pairs = [(d, r) for d in range(1, 5) for r in range(1, 5)]
    wrong = set(draw(st.lists(st.sampled_from(pairs), max_size=5, unique=True)))
    liars = set(draw(st.lists(st.sampled_from(sorted({d for d, _ in wrong}) or [1]), unique=True)))
    return wrong, liars & {d for d, _ in wrong}


@settings(max_examples=10, deadline=None)
@given(misbehaviour(), st.binary(min_size=4, max_size=4))
def test_complaints_disqualify_exactly_the_lying_dealers(
    case: tuple[set[tuple[int, int]], set[int]], seed: bytes
) -> None:
    wrong, liars = case
    rng = _rng(seed)
    params = DkgParameters(threshold=2, trustees=4, context=b"prop-complaints")
    trustees = [DkgTrustee(params, i) for i in range(1, 5)]
    dealings = [x.start(rng) for x in trustees]
    for d in dealings:
        for x in trustees:
            x.receive_commitment(d.commitment)
        for s in d.shares:
            bad = (s.dealer, s.recipient) in wrong
            sent = Share(s.dealer, s.recipient, s.value + Scalar.one()) if bad else s
            trustees[s.recipient - 1].receive_share(sent)
    complaints = [c for x in trustees for c in x.complaints()]
    assert {(c.dealer, c.accuser) for c in complaints} == wrong
    responses = []
    for c in complaints:
        r = trustees[c.dealer - 1].respond(c)
        assert r is not None
        if c.dealer in liars:
            r = type(r)(r.dealer, r.accuser, r.value + Scalar.one())
        responses.append(r)
    # Dealers accused by t = 2 or more others are out whatever they answer (6.5).
    accused = {d: {r for dd, r in wrong if dd == d and r != d} for d in range(1, 5)}
    crowded = {d for d, who in accused.items() if len(who) >= 2}
    expected = tuple(i for i in range(1, 5) if i not in liars | crowded)
    if len(expected) < 2:
        with pytest.raises(ThresholdError, match="qualified"):
            trustees[0].finish(complaints, responses)
        return
    keys = [x.finish(complaints, responses) for x in trustees]
    assert all(k.qualified == expected for k in keys)
    assert len({k.public_key for k in keys}) == 1
    ct = encrypt(keys[0].public_key, 3, Scalar.random(rng))
    combined = combine_shares({k.index: ct.alpha * k.secret_share for k in keys[1:3]}, 2)
    assert decrypt_to_element(ct, combined) == Element.base_times(Scalar.from_int(3))
