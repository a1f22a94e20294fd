"""The disjunctive (CDS) proof that a ciphertext encrypts one of ``lo, lo+1, ..., hi``.

For each candidate value ``k`` there is one Chaum-Pedersen branch proving
``log_G(alpha) == log_H(beta - k*G)``. The prover answers its real branch and simulates
the others; the branch challenges must add up to the transcript challenge. The verifier
recomputes every branch commitment::

    a_k = z_k*G - c_k*alpha
    b_k = z_k*H - c_k*(beta - k*G) = (c_k*k)*G + z_k*H - c_k*beta

all of them in one call of the verification backend (:func:`hazmat.raw_combine`): the
points ``alpha, H, beta`` are decoded once, and each commitment is one linear combination
of ``G`` and those points (variable time: everything here is public).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from suffrage.crypto import hazmat
from suffrage.crypto.group import ORDER, Element, RandomSource, Scalar
from suffrage.crypto.proofs._base import random_scalar, start
from suffrage.crypto.transcript import element_header
from suffrage.errors import CryptoError, InvalidProof

if TYPE_CHECKING:
    from suffrage.crypto.elgamal import Ciphertext

__all__ = ["MAX_BRANCHES", "Branches", "prove_branches", "verify_branches"]

#: The largest number of values ``hi - lo + 1`` a disjunctive proof may cover.
MAX_BRANCHES = 4096

#: Per branch ``k = lo..hi`` in order: ``(c_k, z_k)``.
Branches = tuple[tuple[Scalar, Scalar], ...]

_PUBLIC: Final = element_header("public")
_ALPHA: Final = element_header("alpha")
_BETA: Final = element_header("beta")
_A: Final = element_header("a")
_B: Final = element_header("b")
_ZERO: Final = bytes(32)


def _check_bounds(lo: int, hi: int) -> None:
    for name, v in (("lo", lo), ("hi", hi)):
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise CryptoError(f"range bound {name} must be a non-negative int, got {v!r}")
    if hi < lo:
        raise CryptoError(f"empty range {lo}..{hi}")
    if hi - lo + 1 > MAX_BRANCHES:
        raise CryptoError(f"range {lo}..{hi} has more than {MAX_BRANCHES} values")


def _shifted_beta(beta: Element, lo: int) -> Element:
    """``beta - lo*G`` with the fewest operations."""
    if lo == 0:
        return beta
    if lo == 1:
        return beta - Element.generator()
    return beta - Element.base_times(Scalar.from_int(lo))


def _statement(public: Element, ct: Ciphertext) -> list[bytes]:
    return [_PUBLIC, public.to_bytes(), _ALPHA, ct.alpha.to_bytes(), _BETA, ct.beta.to_bytes()]


def _challenge(
    kind: str, bounds: tuple[int, int] | None, parts: list[bytes], context: bytes
) -> Scalar:
    """The challenge over the statement and the commitments (``parts``, pre-framed)."""
    t = start(kind, context)
    if bounds is not None:
        t.append_int("lo", bounds[0])
        t.append_int("hi", bounds[1])
    t.append_element_encodings(parts)
    return t.challenge_scalar("challenge")


def prove_branches(
    kind: str,
    bounds: tuple[int, int] | None,
    public: Element,
    ct: Ciphertext,
    m: int,
    nonce: Scalar,
    lo: int,
    hi: int,
    context: bytes,
    rng: RandomSource,
) -> Branches:
    """Branches proving ``ct = (nonce*G, m*G + nonce*public)`` with ``lo <= m <= hi``.

    ``bounds`` are absorbed into the transcript when given (range proofs). Random draws,
    in branch order: ``c_k`` then ``z_k`` for a simulated branch, ``w`` for the real one.
    """
    _check_bounds(lo, hi)
    if not isinstance(m, int) or not lo <= m <= hi:
        raise CryptoError(f"cannot prove that {m!r} lies in {lo}..{hi}")
    g = Element.generator()
    shifted = _shifted_beta(ct.beta, lo)
    parts = _statement(public, ct)
    fake: dict[int, tuple[Scalar, Scalar]] = {}
    w = Scalar.zero()
    for k in range(lo, hi + 1):
        if k == m:
            w = random_scalar(rng)
            a, b = Element.base_times(w), public * w
        else:
            c, z = random_scalar(rng), random_scalar(rng)
            fake[k] = (c, z)
            a = Element.base_times(z) - ct.alpha * c
            b = public * z - shifted * c
        parts += (_A, a.to_bytes(), _B, b.to_bytes())
        if k < hi:
            shifted = shifted - g
    total = _challenge(kind, bounds, parts, context)
    c_real = total
    for c, _ in fake.values():
        c_real = c_real - c
    real = (c_real, w + c_real * nonce)
    return tuple(real if k == m else fake[k] for k in range(lo, hi + 1))


def verify_branches(
    kind: str,
    bounds: tuple[int, int] | None,
    public: Element,
    ct: Ciphertext,
    lo: int,
    hi: int,
    branches: Branches,
    context: bytes,
) -> None:
    """Raise :class:`InvalidProof` unless ``branches`` prove ``ct`` encrypts a value in range."""
    _check_bounds(lo, hi)
    if len(branches) != hi - lo + 1:
        raise InvalidProof(
            f"{kind} proof has {len(branches)} branches, the range {lo}..{hi} needs {hi - lo + 1}"
        )
    # The hot loop of ballot verification: one backend call; scalars as integers mod L.
    to_int = hazmat.scalar_to_int
    points = b"".join((ct.alpha.to_bytes(), public.to_bytes(), ct.beta.to_bytes()))
    rows: list[bytes] = []
    total = 0
    for k, (c, z) in enumerate(branches, lo):
        cv = to_int(c)
        zb, neg_c = z.to_bytes(), (-cv % ORDER).to_bytes(32, "little")
        # Rows over (G, alpha, H, beta): a_k, then b_k.
        rows += (zb, neg_c, _ZERO, _ZERO, (cv * k % ORDER).to_bytes(32, "little"), _ZERO, zb, neg_c)
        total += cv
    out = hazmat.raw_combine(points, b"".join(rows))
    parts = _statement(public, ct)
    for i in range(0, len(out), 64):
        parts += (_A, out[i : i + 32], _B, out[i + 32 : i + 64])
    if to_int(_challenge(kind, bounds, parts, context)) != total % ORDER:
        raise InvalidProof(
            f"{kind} proof fails: sum of c_k != H(statement, z_k*G - c_k*alpha, "
            "z_k*H - c_k*(beta - k*G))"
        )
