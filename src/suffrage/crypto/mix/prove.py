"""The prover of the shuffle proof (``docs/protocol.md``, part 9.5).

Terelius-Wikstrom's commitment-consistent proof of a shuffle in the form of Haenni,
Locher, Koenig and Dubuis (2017), for rows of ``w`` ciphertexts: one permutation
commitment and one set of ``s'_i`` serve every column, and each column ``k`` has its own
re-encryption equation ``t4_k``. Every product with a secret scalar (the permutation
shows through ``u'_i``, ``omega'_i`` and the nonces) is a libsodium call, constant time;
scalar arithmetic modulo ``L`` uses Python integers, as in the other provers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from suffrage.crypto import hazmat
from suffrage.crypto.elgamal import Ciphertext
from suffrage.crypto.group import ORDER, Element, RandomSource, Scalar
from suffrage.crypto.mix._transcript import first_round, second_round, table
from suffrage.crypto.mix.generators import generator_encodings
from suffrage.crypto.mix.proof import ShuffleProof
from suffrage.crypto.mix.shuffle import ShuffleSecret, check_rows
from suffrage.crypto.proofs._base import random_scalar
from suffrage.errors import CryptoError

__all__ = ["prove_shuffle"]

_add: Callable[[bytes, bytes], bytes] = hazmat.raw_add
_sub: Callable[[bytes, bytes], bytes] = hazmat.raw_sub
_mul: Callable[[bytes, bytes], bytes] = hazmat.raw_scalarmult
_mul_base: Callable[[bytes], bytes] = hazmat.raw_scalarmult_base


def _le(n: int) -> bytes:
    return n.to_bytes(32, "little")


def _draws(count: int, rng: RandomSource) -> list[int]:
    to_int = hazmat.scalar_to_int
    return [to_int(random_scalar(rng)) for _ in range(count)]


def _weighted_sum(scalars: Sequence[int], points: Sequence[bytes]) -> bytes:
    """``sum s_i * P_i`` with libsodium (constant time in the scalars)."""
    acc = hazmat.IDENTITY_BYTES
    for s, p in zip(scalars, points, strict=True):
        acc = _add(acc, _mul(_le(s), p))
    return acc


def _chain(start: bytes, u_perm: Sequence[int], r_hat: Sequence[int]) -> list[bytes]:
    """``Chat_i = rhat_i*G + u'_i*Chat_{i-1}`` from ``Chat_0 = Q_0``."""
    out, prev = [], start
    for u, r in zip(u_perm, r_hat, strict=True):
        prev = _add(_mul_base(_le(r)), _mul(_le(u), prev))
        out.append(prev)
    return out


def _check(
    public: Element,
    inputs: Sequence[Sequence[Ciphertext]],
    outputs: Sequence[Sequence[Ciphertext]],
    secret: ShuffleSecret,
) -> tuple[int, int]:
    if not isinstance(public, Element) or public.is_identity():
        raise CryptoError("the public key must be an Element other than the identity")
    n, w = check_rows(inputs, "shuffle input")
    if check_rows(outputs, "shuffle output") != (n, w):
        raise ValueError(f"the output must have the input's shape, {n} rows x {w} columns")
    if len(secret.permutation) != n or len(secret.nonces[0]) != w:
        raise ValueError("the shuffle secret does not fit the rows")
    return n, w


def prove_shuffle(
    public: Element,
    inputs: Sequence[Sequence[Ciphertext]],
    outputs: Sequence[Sequence[Ciphertext]],
    secret: ShuffleSecret,
    context: bytes,
    rng: RandomSource,
) -> ShuffleProof:
    """Prove that ``outputs`` is ``inputs`` permuted and re-encrypted under ``public`` with
    ``secret``, bound to ``context`` (callers bind the election, contest and mixer).

    The proof is only as good as the secret: a secret that does not describe the shuffle
    yields a proof that fails verification.
    """
    n, w = _check(public, inputs, outputs, secret)
    perm = secret.permutation
    h = public.to_bytes()
    gens = generator_encodings(n + 1)
    e_in, e_out = table(inputs), table(outputs)
    # Permutation commitment: C_{pi(i)} = r_{pi(i)}*G + Q_i.
    r = _draws(n, rng)
    commitments = [b""] * n
    for i, j in enumerate(perm):
        commitments[j] = _add(_mul_base(_le(r[j])), gens[i + 1])
    t, u = first_round(context, public, e_in, e_out, commitments)
    u_perm = [u[j] for j in perm]
    r_hat = _draws(n, rng)
    chain = _chain(gens[0], u_perm, r_hat)
    w1, w2, w3 = _draws(3, rng)
    w4 = _draws(w, rng)
    w_hat = _draws(n, rng)
    w_prime = _draws(n, rng)
    t1, t2 = _mul_base(_le(w1)), _mul_base(_le(w2))
    t3 = _add(_mul_base(_le(w3)), _weighted_sum(w_prime, gens[1:]))
    t4 = []
    for k in range(w):
        sum_a = _weighted_sum(w_prime, [row[k][0] for row in e_out])
        sum_b = _weighted_sum(w_prime, [row[k][1] for row in e_out])
        t4.append((_sub(sum_a, _mul_base(_le(w4[k]))), _sub(sum_b, _mul(_le(w4[k]), h))))
    previous = [gens[0], *chain[:-1]]
    t_hat = [
        _add(_mul_base(_le(a)), _mul(_le(b), p))
        for a, b, p in zip(w_hat, w_prime, previous, strict=True)
    ]
    c = second_round(t, chain, (t1, t2, t3), t4, t_hat)
    nonces = [[hazmat.scalar_to_int(x) for x in row] for row in secret.nonces]
    s1 = (w1 + c * sum(r)) % ORDER
    s2 = (w2 + c * _chain_opening(u_perm, r_hat)) % ORDER
    s3 = (w3 + c * sum(a * b for a, b in zip(r, u, strict=True))) % ORDER
    s4 = [
        (w4[k] + c * sum(row[k] * up for row, up in zip(nonces, u_perm, strict=True))) % ORDER
        for k in range(w)
    ]
    s_hat = [(a + c * b) % ORDER for a, b in zip(w_hat, r_hat, strict=True)]
    s_prime = [(a + c * b) % ORDER for a, b in zip(w_prime, u_perm, strict=True)]
    el, sc = hazmat.element_unchecked, Scalar.from_int
    return ShuffleProof(
        rows=n,
        width=w,
        commitments=tuple(map(el, commitments)),
        chain=tuple(map(el, chain)),
        t1=el(t1),
        t2=el(t2),
        t3=el(t3),
        t4=tuple((el(a), el(b)) for a, b in t4),
        t_hat=tuple(map(el, t_hat)),
        s1=sc(s1),
        s2=sc(s2),
        s3=sc(s3),
        s4=tuple(map(sc, s4)),
        s_hat=tuple(map(sc, s_hat)),
        s_prime=tuple(map(sc, s_prime)),
    )


def _chain_opening(u_perm: Sequence[int], r_hat: Sequence[int]) -> int:
    """``sum rhat_i * v_i`` with ``v_N = 1`` and ``v_{i-1} = u'_i * v_i``: the opening of
    ``Chat_N - (prod u'_i)*Q_0`` to ``G``."""
    total, v = 0, 1
    for i in range(len(r_hat) - 1, -1, -1):
        total += r_hat[i] * v
        v = v * u_perm[i] % ORDER
    return total % ORDER
