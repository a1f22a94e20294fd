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
from suffrage.crypto.proofs import (
    DisjunctiveProof,
    DleqProof,
    RangeProof,
    SchnorrProof,
    Signature,
    prove_decryption_share,
    prove_dleq,
    prove_key_knowledge,
    prove_range,
    prove_zero_or_one,
    sign,
    verify_decryption_share,
    verify_dleq,
    verify_key_knowledge,
    verify_range,
    verify_signature,
    verify_zero_or_one,
)
from suffrage.crypto.threshold import (
    DkgParameters,
    DkgTrustee,
    TrusteeKey,
    combine_shares,
    lagrange_coefficient,
)
from suffrage.crypto.transcript import Transcript

__all__ = [
    "ORDER",
    "Ciphertext",
    "DisjunctiveProof",
    "DkgParameters",
    "DkgTrustee",
    "DleqProof",
    "DlogTable",
    "Element",
    "KeyPair",
    "RandomSource",
    "RangeProof",
    "Scalar",
    "SchnorrProof",
    "Signature",
    "Transcript",
    "TrusteeKey",
    "combine_shares",
    "decrypt",
    "decrypt_to_element",
    "dlog",
    "encrypt",
    "generate_keypair",
    "keypair_from_secret",
    "lagrange_coefficient",
    "partial_decrypt",
    "prove_decryption_share",
    "prove_dleq",
    "prove_key_knowledge",
    "prove_range",
    "prove_zero_or_one",
    "rerandomize",
    "sign",
    "verify_decryption_share",
    "verify_dleq",
    "verify_key_knowledge",
    "verify_range",
    "verify_signature",
    "verify_zero_or_one",
]
