"""Property tests of the mix: honest mixes verify and keep the ballots; any change to the
encoded proof is refused; the decoder fails with InvalidEncoding and nothing else."""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mix_rows import keypair, rows_of, seeded
from suffrage.crypto import decrypt
from suffrage.crypto.mix import ShuffleProof, proof_size, prove_shuffle, shuffle, verify_shuffle
from suffrage.errors import InvalidEncoding, InvalidProof

KP = keypair("props")
CTX = b"props"
SETTINGS = settings(max_examples=25, deadline=None)

plaintexts = st.integers(1, 5).flatmap(
    lambda w: st.lists(st.lists(st.integers(0, 4), min_size=w, max_size=w), min_size=1, max_size=6)
)


def _mix(plain: list[list[int]], seed: int) -> tuple[Any, Any, ShuffleProof, tuple[int, ...]]:
    rows = rows_of(KP.public, plain, f"p{seed}")
    out, secret = shuffle(KP.public, rows, seeded(f"s{seed}"))
    proof = prove_shuffle(KP.public, rows, out, secret, CTX, seeded(f"q{seed}"))
    return rows, out, proof, secret.permutation


@SETTINGS
@given(plaintexts, st.integers(0, 2**32))
def test_honest_mixes_verify_and_permute_the_ballots(plain: list[list[int]], seed: int) -> None:
    rows, out, proof, perm = _mix(plain, seed)
    verify_shuffle(KP.public, rows, out, ShuffleProof.from_bytes(proof.to_bytes()), CTX)
    decrypted = [[decrypt(ct, KP.secret, 4) for ct in row] for row in out]
    assert decrypted == [plain[j] for j in perm]
    assert Counter(map(tuple, decrypted)) == Counter(map(tuple, plain))


_FIXED = _mix([[1, 0], [0, 1], [2, 2]], 7)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_change_to_the_encoded_proof_is_refused(data: st.DataObject) -> None:
    rows, out, proof, _ = _FIXED
    encoded = bytearray(proof.to_bytes())
    index = data.draw(st.integers(0, len(encoded) - 1))
    encoded[index] ^= data.draw(st.integers(1, 255))
    try:
        changed = ShuffleProof.from_bytes(bytes(encoded))
    except InvalidEncoding:
        return
    try:
        verify_shuffle(KP.public, rows, out, changed, CTX)
    except InvalidProof:
        return
    raise AssertionError(f"a proof changed at byte {index} was accepted")


garbage: st.SearchStrategy[Any] = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=50),
    st.integers(),
    st.none(),
    st.binary(max_size=100).map(bytearray),
)


def _header(n: int, w: int) -> bytes:
    return n.to_bytes(8, "big") + w.to_bytes(8, "big")


def _mutations() -> st.SearchStrategy[bytes]:
    valid = _FIXED[2].to_bytes()
    return st.one_of(
        st.integers(0, len(valid)).map(lambda k: valid[:k]),
        st.binary(min_size=1, max_size=40).map(lambda b: valid + b),
        st.tuples(
            st.integers(0, 2**64 - 1), st.integers(0, 2**64 - 1), st.binary(max_size=300)
        ).map(lambda t: _header(t[0], t[1]) + t[2]),
        st.tuples(st.integers(1, 3), st.integers(1, 3), st.binary(min_size=32, max_size=32)).map(
            lambda t: _header(t[0], t[1]) + t[2] * ((proof_size(t[0], t[1]) - 16) // 32)
        ),
    )


@settings(max_examples=300, deadline=None)
@given(st.one_of(garbage, _mutations()))
def test_the_decoder_fails_only_with_invalid_encoding(data: Any) -> None:
    try:
        proof = ShuffleProof.from_bytes(data)
    except InvalidEncoding:
        return
    assert proof.to_bytes() == bytes(data)  # whatever decodes is canonical
