"""Zero-knowledge proofs and signatures, all non-interactive through Fiat-Shamir transcripts.

Every proof is a frozen dataclass with a canonical ``to_bytes``/``from_bytes``; every
prover takes a ``context`` (bound into the transcript with the whole statement) and a
``rng``; every verifier returns ``None`` or raises :class:`~suffrage.errors.InvalidProof`
naming the failed equation. The exact transcripts are in ``docs/protocol.md``, part 5.
"""

from suffrage.crypto.proofs.disjunctive import (
    DisjunctiveProof,
    prove_zero_or_one,
    verify_zero_or_one,
)
from suffrage.crypto.proofs.dleq import (
    DleqProof,
    prove_decryption_share,
    prove_dleq,
    verify_decryption_share,
    verify_dleq,
)
from suffrage.crypto.proofs.range import RangeProof, prove_range, verify_range
from suffrage.crypto.proofs.schnorr import SchnorrProof, prove_key_knowledge, verify_key_knowledge
from suffrage.crypto.proofs.signature import Signature, sign, verify_signature

__all__ = [
    "DisjunctiveProof",
    "DleqProof",
    "RangeProof",
    "SchnorrProof",
    "Signature",
    "prove_decryption_share",
    "prove_dleq",
    "prove_key_knowledge",
    "prove_range",
    "prove_zero_or_one",
    "sign",
    "verify_decryption_share",
    "verify_dleq",
    "verify_key_knowledge",
    "verify_range",
    "verify_signature",
    "verify_zero_or_one",
]
