"""Verifiable re-encryption mixing of rows of ciphertexts (``docs/protocol.md``, part 9).

A mixer takes ``N`` rows (ballots) of ``w`` exponential-ElGamal ciphertexts, re-encrypts
every ciphertext and permutes the rows with one secret permutation (:func:`shuffle`),
then proves it with Terelius and Wikstrom's commitment-consistent proof of a shuffle as
written out by Haenni, Locher, Koenig and Dubuis, "Pseudo-code algorithms for verifiable
re-encryption mix-nets" (2017), adapted to ristretto255 and to rows
(:func:`prove_shuffle`). Anyone checks it with :func:`verify_shuffle`, which raises
:class:`~suffrage.errors.InvalidProof` naming the failed equation. The generators of the
permutation commitment come from hash-to-group (:func:`shuffle_generators`).

Typical use, ``context`` binding the election, the contest and the mixer::

    outputs, secret = shuffle(public, rows, rng)
    proof = prove_shuffle(public, rows, outputs, secret, context, rng)
    verify_shuffle(public, rows, outputs, ShuffleProof.from_bytes(proof.to_bytes()), context)
"""

from suffrage.crypto.mix.generators import GENERATOR_LABEL, shuffle_generators
from suffrage.crypto.mix.permutation import random_permutation
from suffrage.crypto.mix.proof import ShuffleProof, proof_size
from suffrage.crypto.mix.prove import prove_shuffle
from suffrage.crypto.mix.shuffle import Rows, ShuffleSecret, shuffle
from suffrage.crypto.mix.verify import EQUATIONS, verify_shuffle

__all__ = [
    "EQUATIONS",
    "GENERATOR_LABEL",
    "Rows",
    "ShuffleProof",
    "ShuffleSecret",
    "proof_size",
    "prove_shuffle",
    "random_permutation",
    "shuffle",
    "shuffle_generators",
    "verify_shuffle",
]
