"""The verifier of the shuffle proof (``docs/protocol.md``, part 9.7).

Every input is public, so each equation is a linear combination computed by the
variable-time native backend (:func:`suffrage.crypto.hazmat.raw_combine`). The native call
takes at most 1,024 points, so long sums are cut into chunks whose results are added
(:func:`suffrage.crypto.hazmat.raw_sum`). Every equation is computed; a failure raises
:class:`~suffrage.errors.InvalidProof` naming each failed one (``t1``, ``t2``, ``t3``,
``t4_alpha[k]``, ``t4_beta[k]``, ``t_hat[i]``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from suffrage.crypto import hazmat
from suffrage.crypto.elgamal import Ciphertext
from suffrage.crypto.group import ORDER, Element
from suffrage.crypto.mix._transcript import first_round, second_round, table
from suffrage.crypto.mix.generators import generator_encodings
from suffrage.crypto.mix.proof import ShuffleProof
from suffrage.crypto.mix.shuffle import check_rows
from suffrage.errors import InvalidProof

__all__ = ["EQUATIONS", "verify_shuffle"]

#: What each equation checks, by name (the names appear in error messages).
EQUATIONS: Final = {
    "t1": "t1 = s1*G - c*(sum C_j - sum Q_i): the commitments commit to a permutation's sum",
    "t2": "t2 = s2*G - c*(Chat_N - (prod u_j)*Q_0): the chain commits to the product of the u_j",
    "t3": "t3 = s3*G + sum s'_i*Q_i - c*sum u_j*C_j: the same permuted u_j as the commitments",
    "t4_alpha": "t4_alpha[k] = sum s'_i*alpha'_ik - s4_k*G - c*sum u_j*alpha_jk",
    "t4_beta": "t4_beta[k] = sum s'_i*beta'_ik - s4_k*H - c*sum u_j*beta_jk",
    "t_hat": "t_hat[i] = shat_i*G + s'_i*Chat_{i-1} - c*Chat_i: the chain's links",
}
#: Points per native call (the extension's limit).
_CHUNK: Final = 1024
_ZERO: Final = bytes(32)


def _le(n: int) -> bytes:
    return n.to_bytes(32, "little")


def msm(g_scalar: int, points: Sequence[bytes], scalars: Sequence[int]) -> bytes:
    """``g_scalar*G + sum scalars[i]*points[i]`` (variable time; public inputs only)."""
    partial = []
    for start in range(0, max(len(points), 1), _CHUNK):
        part = points[start : start + _CHUNK]
        head = _le(g_scalar) if start == 0 else _ZERO
        row = head + b"".join(map(_le, scalars[start : start + _CHUNK]))
        partial.append(hazmat.raw_combine(b"".join(part), row))
    return partial[0] if len(partial) == 1 else hazmat.raw_sum(b"".join(partial))


def _failure(failed: list[str], total: int) -> InvalidProof:
    """The error for the failed equations (``name`` or ``name[index]``), in check order.

    Every equation depends on the challenge ``c``, which hashes the whole statement and
    every commitment; when all of them fail, that is what differs, and the error says so.
    """
    if len(failed) == total:
        return InvalidProof(
            "shuffle proof fails every equation (t1, t2, t3, t4_alpha[k], t4_beta[k], "
            "t_hat[i]): the challenge does not fit, so the statement (public key, inputs, "
            "outputs, context) or the proof's commitments differ from what was proven"
        )
    first = failed[0].split("[")[0]
    names = ", ".join(failed[:8]) + (f" and {len(failed) - 8} more" if len(failed) > 8 else "")
    return InvalidProof(f"shuffle proof fails equation {names}: {EQUATIONS[first]}")


def verify_shuffle(
    public: Element,
    inputs: Sequence[Sequence[Ciphertext]],
    outputs: Sequence[Sequence[Ciphertext]],
    proof: ShuffleProof,
    context: bytes,
) -> None:
    """Raise :class:`InvalidProof` unless ``proof`` shows that ``outputs`` is a permutation
    of ``inputs`` re-encrypted under ``public``, bound to ``context``."""
    n, w = check_rows(inputs, "shuffle input")
    if check_rows(outputs, "shuffle output") != (n, w):
        raise InvalidProof(f"shuffle output is not {n} rows x {w} columns like the input")
    if (proof.rows, proof.width) != (n, w):
        raise InvalidProof(f"the proof is for {proof.rows}x{proof.width}, the rows are {n}x{w}")
    gens = generator_encodings(n + 1)
    e_in, e_out = table(inputs), table(outputs)
    enc = [e.to_bytes() for e in proof.commitments]
    chain = [e.to_bytes() for e in proof.chain]
    t123 = (proof.t1.to_bytes(), proof.t2.to_bytes(), proof.t3.to_bytes())
    t4 = [(a.to_bytes(), b.to_bytes()) for a, b in proof.t4]
    t_hat = [e.to_bytes() for e in proof.t_hat]
    transcript, u = first_round(context, public, e_in, e_out, enc)
    c = second_round(transcript, chain, t123, t4, t_hat)
    to_int = hazmat.scalar_to_int
    s_prime = [to_int(s) for s in proof.s_prime]
    minus_c, cu = -c % ORDER, [-c * x % ORDER for x in u]
    failed = [
        *_check_commitments(proof, gens, enc, chain, t123, c, u, s_prime, cu),
        *_check_columns(public.to_bytes(), proof, e_in, e_out, t4, s_prime, cu),
        *_check_links(proof, gens[0], chain, t_hat, s_prime, minus_c),
    ]
    if failed:  # all equations are computed: the error names every one that fails
        raise _failure(failed, 3 + 2 * w + n)


def _check_commitments(
    proof: ShuffleProof,
    gens: list[bytes],
    enc: list[bytes],
    chain: list[bytes],
    t123: tuple[bytes, bytes, bytes],
    c: int,
    u: list[int],
    s_prime: list[int],
    cu: list[int],
) -> list[str]:
    n, to_int = len(enc), hazmat.scalar_to_int
    minus_c = -c % ORDER
    prod_u = 1
    for x in u:
        prod_u = prod_u * x % ORDER
    values = (
        msm(to_int(proof.s1), enc + gens[1:], [minus_c] * n + [c] * n),
        msm(to_int(proof.s2), [chain[-1], gens[0]], [minus_c, c * prod_u % ORDER]),
        msm(to_int(proof.s3), gens[1:] + enc, s_prime + cu),
    )
    return [name for name, v, t in zip(("t1", "t2", "t3"), values, t123, strict=True) if v != t]


def _check_columns(
    h: bytes,
    proof: ShuffleProof,
    e_in: list[list[tuple[bytes, bytes]]],
    e_out: list[list[tuple[bytes, bytes]]],
    t4: list[tuple[bytes, bytes]],
    s_prime: list[int],
    cu: list[int],
) -> list[str]:
    to_int, failed = hazmat.scalar_to_int, []
    for k in range(proof.width):
        s4 = to_int(proof.s4[k])
        a_out, a_in = [row[k][0] for row in e_out], [row[k][0] for row in e_in]
        if msm(-s4 % ORDER, a_out + a_in, s_prime + cu) != t4[k][0]:
            failed.append(f"t4_alpha[{k}]")
        b_out, b_in = [row[k][1] for row in e_out], [row[k][1] for row in e_in]
        if msm(0, [*b_out, *b_in, h], [*s_prime, *cu, -s4 % ORDER]) != t4[k][1]:
            failed.append(f"t4_beta[{k}]")
    return failed


def _check_links(
    proof: ShuffleProof,
    start: bytes,
    chain: list[bytes],
    t_hat: list[bytes],
    s_prime: list[int],
    minus_c: int,
) -> list[str]:
    to_int, combine, failed = hazmat.scalar_to_int, hazmat.raw_combine, []
    previous = start
    tail = _le(minus_c)
    for i, current in enumerate(chain):
        row = _le(to_int(proof.s_hat[i])) + _le(s_prime[i]) + tail
        if combine(previous + current, row) != t_hat[i]:
            failed.append(f"t_hat[{i}]")
        previous = current
    return failed
