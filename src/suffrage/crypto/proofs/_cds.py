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

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from suffrage.crypto import hazmat
from suffrage.crypto.group import ORDER, Element, RandomSource, Scalar
from suffrage.crypto.proofs._base import random_scalar, start
from suffrage.crypto.proofs.batch import EquationBatch
from suffrage.crypto.transcript import element_header
from suffrage.errors import CryptoError, InvalidProof

if TYPE_CHECKING:
    from suffrage.crypto.elgamal import Ciphertext

__all__ = [
    "MAX_BRANCHES",
    "Branches",
    "Commitments",
    "batch_branches",
    "prove_branches",
    "verify_branches",
]

#: The largest number of values ``hi - lo + 1`` a disjunctive proof may cover.
MAX_BRANCHES = 4096

#: Per branch ``k = lo..hi`` in order: ``(c_k, z_k)``.
Branches = tuple[tuple[Scalar, Scalar], ...]
#: The expanded form's commitments (5.9): per branch in order, ``a_k || b_k`` (64 bytes).
Commitments = tuple[bytes, ...]

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
) -> tuple[Branches, Commitments]:
    """Branches proving ``ct = (nonce*G, m*G + nonce*public)`` with ``lo <= m <= hi``,
    and their commitments ``a_k || b_k`` (for the expanded form).

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
    commitments: list[bytes] = []
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
        commitments.append(a.to_bytes() + b.to_bytes())
        parts += (_A, commitments[-1][:32], _B, commitments[-1][32:])
        if k < hi:
            shifted = shifted - g
    total = _challenge(kind, bounds, parts, context)
    c_real = total
    for c, _ in fake.values():
        c_real = c_real - c
    real = (c_real, w + c_real * nonce)
    branches = tuple(real if k == m else fake[k] for k in range(lo, hi + 1))
    return branches, tuple(commitments)


def verify_branches(
    kind: str,
    bounds: tuple[int, int] | None,
    public: Element,
    ct: Ciphertext,
    lo: int,
    hi: int,
    branches: Branches,
    context: bytes,
    commitments: Commitments | None = None,
) -> None:
    """Raise :class:`InvalidProof` unless ``branches`` prove ``ct`` encrypts a value in range.

    With ``commitments`` (the expanded form), the transcript absorbs the given ones and each
    must equal its recomputed value (5.9); a non-canonical one can never equal it.
    """
    _check_bounds(lo, hi)
    if len(branches) != hi - lo + 1:
        raise InvalidProof(
            f"{kind} proof has {len(branches)} branches, the range {lo}..{hi} needs {hi - lo + 1}"
        )
    if commitments is not None and len(commitments) != len(branches):
        raise InvalidProof(
            f"{kind} proof has {len(commitments)} commitment pairs, not one a branch"
        )
    out = _recomputed(public, ct, lo, branches)
    given = out if commitments is None else b"".join(commitments)
    total = sum(hazmat.scalar_to_int(c) for c, _ in branches)
    if to_int_challenge(kind, bounds, public, ct, given, context) != total % ORDER:
        what = (
            "a_k, b_k" if commitments is not None else "z_k*G - c_k*alpha, z_k*H - c_k*(beta - k*G)"
        )
        raise InvalidProof(f"{kind} proof fails: sum of c_k != H(statement, {what})")
    if given != out:
        raise InvalidProof(_first_mismatch(kind, lo, given, out))


def _recomputed(public: Element, ct: Ciphertext, lo: int, branches: Branches) -> bytes:
    """``a_k || b_k`` per branch, recomputed from the responses (one backend call)."""
    # The hot loop of ballot verification: one backend call; scalars as integers mod L.
    to_int = hazmat.scalar_to_int
    points = b"".join((ct.alpha.to_bytes(), public.to_bytes(), ct.beta.to_bytes()))
    rows: list[bytes] = []
    for k, (c, z) in enumerate(branches, lo):
        cv = to_int(c)
        zb, neg_c = z.to_bytes(), (-cv % ORDER).to_bytes(32, "little")
        # Rows over (G, alpha, H, beta): a_k, then b_k.
        rows += (zb, neg_c, _ZERO, _ZERO, (cv * k % ORDER).to_bytes(32, "little"), _ZERO, zb, neg_c)
    return hazmat.raw_combine(points, b"".join(rows))


def to_int_challenge(
    kind: str,
    bounds: tuple[int, int] | None,
    public: Element,
    ct: Ciphertext,
    commitments: bytes,
    context: bytes,
) -> int:
    """The transcript's challenge over the statement and ``a_k || b_k`` per branch."""
    parts = _statement(public, ct)
    for i in range(0, len(commitments), 64):
        parts += (_A, commitments[i : i + 32], _B, commitments[i + 32 : i + 64])
    return hazmat.scalar_to_int(_challenge(kind, bounds, parts, context))


def _first_mismatch(kind: str, lo: int, given: bytes, out: bytes) -> str:
    for i in range(0, len(out), 32):
        if given[i : i + 32] != out[i : i + 32]:
            k = lo + i // 64
            if i % 64 == 0:
                return f"{kind} proof fails: a_{k} != z_{k}*G - c_{k}*alpha"
            return f"{kind} proof fails: b_{k} != z_{k}*H - c_{k}*(beta - {k}*G)"
    raise AssertionError("no mismatch")  # pragma: no cover - callers compare first


def batch_branches(
    batch: EquationBatch,
    kind: str,
    bounds: tuple[int, int] | None,
    public: Element,
    ct: Ciphertext,
    lo: int,
    hi: int,
    branches: Branches,
    context: bytes,
    commitments: Commitments,
    parts: Sequence[Ciphertext] = (),
) -> bool:
    """Queue the commitment equations of an expanded proof on ``batch`` (5.9).

    Checks the branch count and the transcript (steps 1 and 2) now; returns ``False``
    without queuing anything when either fails, so that the caller verifies the proof
    on its own and reports why. ``parts`` (ciphertexts that sum to ``ct``, trusted to)
    carry the terms on ``alpha`` and ``beta`` instead of ``ct`` itself.
    """
    if len(branches) != hi - lo + 1 or len(commitments) != len(branches):
        return False
    given = b"".join(commitments)
    to_int = hazmat.scalar_to_int
    values = [(to_int(c), to_int(z)) for c, z in branches]
    if (
        to_int_challenge(kind, bounds, public, ct, given, context)
        != sum(cv for cv, _ in values) % ORDER
    ):
        return False
    key = public.to_bytes()
    weights = batch.weights(2 * len(branches))
    g = h = on_alpha = on_beta = 0
    for k, (cv, zv) in enumerate(values, lo):
        wa, wb = next(weights), next(weights)
        # a_k = z_k*G - c_k*alpha;  b_k = (c_k*k)*G + z_k*H - c_k*beta.
        g += wa * zv + wb * cv * k
        h += wb * zv
        on_alpha -= wa * cv
        on_beta -= wb * cv
        pair = commitments[k - lo]
        batch.commit(pair[:32], wa)
        batch.commit(pair[32:], wb)
    batch.term_on_generator(g)
    batch.term(key, h)
    for part in parts or (ct,):
        batch.term(part.alpha.to_bytes(), on_alpha)
        batch.term(part.beta.to_bytes(), on_beta)
    return True
