"""Pure cryptographic core: the ristretto255 group, ElGamal, proofs and threshold keys.

This package does no I/O, reads no clock or environment and keeps no mutable module
state; every randomized function takes a :data:`~suffrage.crypto.group.RandomSource`.
"""

from suffrage.crypto.group import ORDER, Element, RandomSource, Scalar

__all__ = ["ORDER", "Element", "RandomSource", "Scalar"]
