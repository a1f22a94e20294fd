"""Pure cryptographic core: the ristretto255 group, ElGamal, proofs and threshold keys.

This package does no I/O, reads no clock or environment and keeps no mutable module
state; every randomized function takes a :data:`~suffrage.crypto.group.RandomSource`.
"""

from suffrage.crypto.dlog import DlogTable, dlog
from suffrage.crypto.elgamal import (
    Ciphertext,
    KeyPair,
    decrypt,
    decrypt_to_element,
    encrypt,
    generate_keypair,
    keypair_from_secret,
    partial_decrypt,
    rerandomize,
)
from suffrage.crypto.group import ORDER, Element, RandomSource, Scalar

__all__ = [
    "ORDER",
    "Ciphertext",
    "DlogTable",
    "Element",
    "KeyPair",
    "RandomSource",
    "Scalar",
    "decrypt",
    "decrypt_to_element",
    "dlog",
    "encrypt",
    "generate_keypair",
    "keypair_from_secret",
    "partial_decrypt",
    "rerandomize",
]
