"""Re-encryption and permutation of rows of ciphertexts: the mix itself (part 9.3).

A *row* is one ballot: ``w`` ciphertexts (one per candidate). A shuffle of ``N`` rows
draws a permutation ``pi`` and, for every output row ``i`` and column ``k``, a fresh
nonce ``r_ik``, and outputs ``e'_ik = e_{pi(i),k} + (r_ik*G, r_ik*H)``: the same
plaintexts in a hidden order. The permutation and nonces are the :class:`ShuffleSecret`
the mixer needs to prove the shuffle (:func:`~suffrage.crypto.mix.prove.prove_shuffle`)
and must then forget. All secret arithmetic runs in libsodium (constant time).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from suffrage.crypto import hazmat
from suffrage.crypto.elgamal import Ciphertext
from suffrage.crypto.group import Element, RandomSource, Scalar
from suffrage.crypto.mix.permutation import check_permutation, random_permutation
from suffrage.crypto.proofs._base import random_scalar
from suffrage.errors import CryptoError

__all__ = ["Rows", "ShuffleSecret", "check_rows", "reencrypt", "shuffle"]

#: Rows of ciphertexts as published: ``rows[i][k]`` is column ``k`` of row ``i``.
Rows = tuple[tuple[Ciphertext, ...], ...]


@dataclass(frozen=True, slots=True, repr=False)
class ShuffleSecret:
    """The mixer's witness: ``permutation[i]`` is the input row that became output row
    ``i``, re-encrypted with ``nonces[i][k]`` in column ``k``. Never published."""

    permutation: tuple[int, ...]
    nonces: tuple[tuple[Scalar, ...], ...]

    def __post_init__(self) -> None:
        n = len(self.permutation)
        check_permutation(self.permutation, n)
        if len(self.nonces) != n or len({len(row) for row in self.nonces}) > 1:
            raise ValueError("one row of nonces per row, all of the same width")

    def __repr__(self) -> str:
        return f"ShuffleSecret(<hidden>, rows={len(self.permutation)})"


def check_rows(rows: Sequence[Sequence[Ciphertext]], what: str) -> tuple[int, int]:
    """``(N, w)`` for a non-empty list of rows of equal, non-zero width, else ValueError."""
    if len(rows) == 0:
        raise ValueError(f"{what}: at least one row is needed")
    width = len(rows[0])
    if width == 0:
        raise ValueError(f"{what}: a row needs at least one ciphertext")
    for i, row in enumerate(rows):
        if len(row) != width:
            raise ValueError(f"{what}: row {i} has {len(row)} ciphertexts, row 0 has {width}")
        for ct in row:
            if not isinstance(ct, Ciphertext):
                raise TypeError(f"{what}: row {i} holds a {type(ct).__name__}, not a Ciphertext")
    return len(rows), width


def shuffle(
    public: Element, rows: Sequence[Sequence[Ciphertext]], rng: RandomSource
) -> tuple[Rows, ShuffleSecret]:
    """Permute and re-encrypt ``rows`` under ``public``; returns the output and the secret.

    Draws, in order: the permutation (part 9.3), then ``r_ik`` row by row, column by column.
    """
    if not isinstance(public, Element) or public.is_identity():
        raise CryptoError("the public key must be an Element other than the identity")
    n, width = check_rows(rows, "shuffle input")
    perm = random_permutation(n, rng)
    nonces = tuple(tuple(random_scalar(rng) for _ in range(width)) for _ in range(n))
    return reencrypt(public, rows, perm, nonces), ShuffleSecret(perm, nonces)


def reencrypt(
    public: Element,
    rows: Sequence[Sequence[Ciphertext]],
    perm: Sequence[int],
    nonces: Sequence[Sequence[Scalar]],
) -> Rows:
    """Output row ``i`` = input row ``perm[i]`` plus ``(r*G, r*H)`` per column (libsodium)."""
    add, mul, mul_base = hazmat.raw_add, hazmat.raw_scalarmult, hazmat.raw_scalarmult_base
    wrap = hazmat.element_unchecked
    h = public.to_bytes()
    out = []
    for i, j in enumerate(perm):
        row = []
        for ct, r in zip(rows[j], nonces[i], strict=True):
            rb = r.to_bytes()
            alpha = add(ct.alpha.to_bytes(), mul_base(rb))
            beta = add(ct.beta.to_bytes(), mul(rb, h))
            row.append(Ciphertext(wrap(alpha), wrap(beta)))
        out.append(tuple(row))
    return tuple(out)
