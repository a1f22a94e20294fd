"""Batch verification of expanded proofs (protocol 5.9): it accepts exactly what the
per-proof verifier accepts, and names the failing groups."""

from __future__ import annotations

import random

import pytest

from suffrage.crypto import Element, Scalar, encrypt
from suffrage.crypto.proofs import DisjunctiveProof, prove_range, prove_zero_or_one, sign
from suffrage.crypto.proofs.batch import EquationBatch
from suffrage.crypto.proofs.disjunctive import batch_zero_or_one
from suffrage.crypto.proofs.range import batch_range
from suffrage.crypto.proofs.signature import batch_signature

CTX = b"batch-test"


class Rng:
    def __init__(self, seed: int) -> None:
        self._r = random.Random(seed)

    def __call__(self, n: int) -> bytes:
        return self._r.randbytes(n)


@pytest.fixture
def rng() -> Rng:
    return Rng(5)


@pytest.fixture
def key(rng: Rng) -> Element:
    return Element.base_times(Scalar.random(rng))


def _ballot_like(batch: EquationBatch, key: Element, rng: Rng, lie: bool = False) -> None:
    """One group: two zero-or-one proofs, an exactly-1 sum proof and a signature."""
    batch.open_group()
    votes, nonces = [1, 0], [Scalar.random(rng), Scalar.random(rng)]
    cts = [encrypt(key, v, r) for v, r in zip(votes, nonces, strict=True)]
    for ct, v, r in zip(cts, votes, nonces, strict=True):
        claimed = 1 - v if lie else v  # a lying prover's transcript still holds (5.9)
        assert batch_zero_or_one(
            batch, key, ct, prove_zero_or_one(key, ct, claimed, r, CTX, rng), CTX
        )
    total = cts[0] + cts[1]
    sum_proof = prove_range(key, total, 1, nonces[0] + nonces[1], 1, 1, CTX, rng)
    assert batch_range(batch, key, total, 1, 1, sum_proof, CTX)
    secret = Scalar.random(rng)
    sig = sign(secret, b"message", rng, expanded=True)
    assert batch_signature(batch, Element.base_times(secret), b"message", sig)


def test_valid_proofs_hold_together(key: Element, rng: Rng) -> None:
    batch = EquationBatch()
    for _ in range(12):
        _ballot_like(batch, key, rng)
    assert batch.holds()
    assert batch.failing_groups() == []


@pytest.mark.parametrize("bad", [[0], [7], [3, 11], list(range(12))])
def test_failing_groups_are_named(key: Element, rng: Rng, bad: list[int]) -> None:
    batch = EquationBatch()
    for i in range(12):
        _ballot_like(batch, key, rng, lie=i in bad)
    assert not batch.holds()
    assert batch.failing_groups() == bad


def test_compact_proofs_and_failed_transcripts_are_not_queued(key: Element, rng: Rng) -> None:
    batch = EquationBatch()
    batch.open_group()
    r = Scalar.random(rng)
    ct = encrypt(key, 1, r)
    proof = prove_zero_or_one(key, ct, 1, r, CTX, rng)
    assert not batch_zero_or_one(batch, key, ct, proof.compact(), CTX)
    assert not batch_zero_or_one(batch, key, ct, proof, CTX + b"!")
    swapped = DisjunctiveProof(proof.challenges, proof.responses, proof.commitments[::-1])
    assert not batch_zero_or_one(batch, key, ct, swapped, CTX)
    assert not batch_signature(batch, key, b"m", sign(r, b"m", rng))
    assert batch.failing_groups() == []  # nothing was queued


def test_non_canonical_commitment_fails_its_group(key: Element, rng: Rng) -> None:
    batch = EquationBatch()
    _ballot_like(batch, key, rng)
    batch.open_group()
    batch.term_on_generator(1)
    batch.commit(b"\xff" * 32, 1)
    _ballot_like(batch, key, rng)
    assert batch.failing_groups() == [1]


def test_errors_that_cancel_under_equal_weights_are_caught() -> None:
    """Two false equations G = G + X and G = G - X: with equal weights their errors cancel,
    which is why the weights are random and secret to the record's author."""
    g = Element.generator()
    x = Element.base_times(Scalar.from_int(12345))

    def build(entropy: object) -> EquationBatch:
        batch = EquationBatch(entropy) if entropy else EquationBatch()  # type: ignore[arg-type]
        for wrong in (g + x, g - x):
            batch.open_group()
            (w,) = batch.weights(1)
            batch.term_on_generator(w)
            batch.commit(wrong.to_bytes(), w)
        return batch

    assert build(lambda n: b"\x01" * n).holds()  # fixed weights: fooled
    assert not build(None).holds()  # random weights: caught
    assert build(None).failing_groups() == [0, 1]


def test_an_empty_batch_holds() -> None:
    batch = EquationBatch()
    assert batch.holds()
    batch.open_group()
    assert batch.holds()
    assert batch.failing_groups() == []
