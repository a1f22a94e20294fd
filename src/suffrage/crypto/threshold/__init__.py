"""Threshold keys: Pedersen/Feldman distributed key generation and ``t``-of-``n`` decryption.

Pure functions (:mod:`.dkg`, :mod:`.lagrange`) and a sans-I/O trustee state machine
(:mod:`.session`), and the sealing of shares for their recipients (:mod:`.transport`);
no networking. The messages and checks are in ``docs/protocol.md``,
part 6.
"""

from suffrage.crypto.threshold.dkg import (
    MAX_TRUSTEES,
    Complaint,
    ComplaintResponse,
    DealerCommitment,
    Dealing,
    DkgParameters,
    Share,
    answer_complaint,
    check_commitment,
    check_share,
    deal,
    evaluate_commitments,
    joint_commitments,
    qualified_dealers,
    too_many_complaints,
)
from suffrage.crypto.threshold.lagrange import (
    combine_shares,
    decrypt_with_shares,
    lagrange_coefficient,
)
from suffrage.crypto.threshold.session import DkgTrustee, TrusteeKey, public_shares
from suffrage.crypto.threshold.transport import SEALED_SHARE_SIZE, open_share, seal_share

__all__ = [
    "MAX_TRUSTEES",
    "SEALED_SHARE_SIZE",
    "Complaint",
    "ComplaintResponse",
    "DealerCommitment",
    "Dealing",
    "DkgParameters",
    "DkgTrustee",
    "Share",
    "TrusteeKey",
    "answer_complaint",
    "check_commitment",
    "check_share",
    "combine_shares",
    "deal",
    "decrypt_with_shares",
    "evaluate_commitments",
    "joint_commitments",
    "lagrange_coefficient",
    "open_share",
    "public_shares",
    "qualified_dealers",
    "seal_share",
    "too_many_complaints",
]
