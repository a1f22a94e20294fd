"""Chaum-Pedersen proofs of equal discrete logarithms, and decryption-share proofs.

Statement: ``a = x*base1`` and ``b = x*base2`` for one secret ``x``. Compact form
``(c, z)``: the verifier recomputes ``t1 = z*base1 - c*a`` and ``t2 = z*base2 - c*b``
and checks the transcript challenge. A decryption share ``d = x*alpha`` is proven with
``base1 = G`` (public share ``x*G``) and ``base2 = alpha``, binding the whole ciphertext.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from suffrage.crypto import hazmat
from suffrage.crypto.group import Element, RandomSource, Scalar
from suffrage.crypto.proofs._base import decode_scalars, random_scalar, start
from suffrage.errors import InvalidProof

if TYPE_CHECKING:
    from suffrage.crypto.elgamal import Ciphertext

__all__ = [
    "DleqProof",
    "prove_decryption_share",
    "prove_dleq",
    "verify_decryption_share",
    "verify_dleq",
]

KIND_DLEQ = "dleq"
KIND_SHARE = "decryption-share"

_Items = tuple[tuple[str, Element], ...]


@dataclass(frozen=True, slots=True)
class DleqProof:
    """Challenge ``c`` and response ``z``; encoded as ``c || z`` (64 bytes)."""

    challenge: Scalar
    response: Scalar

    def to_bytes(self) -> bytes:
        return self.challenge.to_bytes() + self.response.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> DleqProof:
        c, z = decode_scalars(data, 2, "a DLEQ proof")
        return cls(c, z)


def _times(base: Element, s: Scalar) -> Element:
    return Element.base_times(s) if base == Element.generator() else base * s


def _commitments(
    bases: tuple[Element, Element], values: tuple[Element, Element], c: Scalar, z: Scalar
) -> list[Element]:
    """``z*base_i - c*value_i`` for i = 1, 2, in one call of the verification backend.

    A base equal to ``G`` goes in the generator's column (its precomputed table).
    """
    points = list(values)
    columns = []  # column of each base's coefficient; column 0 is G's
    for base in bases:
        if base == Element.generator():
            columns.append(0)
        else:
            points.append(base)
            columns.append(len(points))
    rows = []
    for i, column in enumerate(columns):
        row = [Scalar.zero()] * (len(points) + 1)
        row[1 + i] = -c
        row[column] = z
        rows.append(row)
    return hazmat.combine(points, rows)


def _challenge(kind: str, statement: _Items, t1: Element, t2: Element, context: bytes) -> Scalar:
    t = start(kind, context)
    t.append_elements((*statement, ("commitment1", t1), ("commitment2", t2)))
    return t.challenge_scalar("challenge")


def _prove(
    kind: str,
    secret: Scalar,
    bases: tuple[Element, Element],
    statement: _Items,
    context: bytes,
    rng: RandomSource,
) -> DleqProof:
    w = random_scalar(rng)
    c = _challenge(kind, statement, _times(bases[0], w), _times(bases[1], w), context)
    return DleqProof(c, w + c * secret)


def _verify(
    kind: str,
    bases: tuple[Element, Element],
    values: tuple[Element, Element],
    statement: _Items,
    proof: DleqProof,
    context: bytes,
) -> None:
    t1, t2 = _commitments(bases, values, proof.challenge, proof.response)
    if _challenge(kind, statement, t1, t2, context) != proof.challenge:
        raise InvalidProof(f"{kind} proof fails: c != H(statement, z*base1 - c*a, z*base2 - c*b)")


def _dleq_statement(base1: Element, a: Element, base2: Element, b: Element) -> _Items:
    return (("base1", base1), ("a", a), ("base2", base2), ("b", b))


def prove_dleq(
    secret: Scalar, base1: Element, base2: Element, context: bytes, rng: RandomSource
) -> DleqProof:
    """Prove ``log_base1(secret*base1) == log_base2(secret*base2)``, bound to ``context``."""
    a, b = _times(base1, secret), _times(base2, secret)
    statement = _dleq_statement(base1, a, base2, b)
    return _prove(KIND_DLEQ, secret, (base1, base2), statement, context, rng)


def verify_dleq(
    base1: Element, a: Element, base2: Element, b: Element, proof: DleqProof, context: bytes
) -> None:
    """Raise :class:`InvalidProof` unless ``log_base1(a) == log_base2(b)`` is proven."""
    statement = _dleq_statement(base1, a, base2, b)
    _verify(KIND_DLEQ, (base1, base2), (a, b), statement, proof, context)


def _share_statement(public_share: Element, ct: Ciphertext, share: Element) -> _Items:
    return (
        ("public_share", public_share),
        ("alpha", ct.alpha),
        ("beta", ct.beta),
        ("share", share),
    )


def prove_decryption_share(
    secret_share: Scalar, ct: Ciphertext, context: bytes, rng: RandomSource
) -> tuple[Element, DleqProof]:
    """The share ``secret_share * alpha`` and a proof that it matches ``secret_share * G``."""
    public_share = Element.base_times(secret_share)
    share = ct.alpha * secret_share
    statement = _share_statement(public_share, ct, share)
    g = Element.generator()
    return share, _prove(KIND_SHARE, secret_share, (g, ct.alpha), statement, context, rng)


def verify_decryption_share(
    public_share: Element, ct: Ciphertext, share: Element, proof: DleqProof, context: bytes
) -> None:
    """Raise :class:`InvalidProof` unless ``share = x*alpha`` with ``public_share = x*G``."""
    statement = _share_statement(public_share, ct, share)
    g = Element.generator()
    _verify(KIND_SHARE, (g, ct.alpha), (public_share, share), statement, proof, context)
