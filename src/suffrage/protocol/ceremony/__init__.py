"""Sans-I/O ceremonies: the trustees' key generation and their decryption of the tally."""

from suffrage.protocol.ceremony.decryption import (
    combine_result,
    decryption_share_payload,
    parse_decryption_share,
)
from suffrage.protocol.ceremony.keys import (
    JointKey,
    TrusteeKeys,
    answer_payload,
    commitment_payload,
    complaint_payload,
    compute_joint_key,
    dkg_parameters,
    parse_answer,
    parse_commitment,
    parse_complaint,
)

__all__ = [
    "JointKey",
    "TrusteeKeys",
    "answer_payload",
    "combine_result",
    "commitment_payload",
    "complaint_payload",
    "compute_joint_key",
    "decryption_share_payload",
    "dkg_parameters",
    "parse_answer",
    "parse_commitment",
    "parse_complaint",
    "parse_decryption_share",
]
