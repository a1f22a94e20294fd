"""The key ceremony: Pedersen DKG steps as messages in, messages out (docs/protocol.md 7.5).

Each trustee runs a :class:`TrusteeKeys`: it deals (a public commitment for the board and
one private share per trustee), checks the shares it receives and returns complaints,
answers complaints against itself, and finally derives its secret share. The board side
(:func:`compute_joint_key`) decides who is qualified from public messages only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from suffrage.crypto.group import Element, RandomSource, Scalar
from suffrage.crypto.proofs import SchnorrProof
from suffrage.crypto.threshold.dkg import (
    Complaint,
    ComplaintResponse,
    DealerCommitment,
    DkgParameters,
    Share,
    answer_complaint,
    check_share,
    deal,
    evaluate_commitments,
    joint_commitments,
    qualified_dealers,
)
from suffrage.errors import InvalidEncoding, ThresholdError
from suffrage.protocol.encoding import (
    Json,
    JsonObject,
    context,
    get_element,
    get_hex,
    get_int,
    get_list,
    get_object,
    get_scalar,
    require_keys,
)
from suffrage.protocol.manifest import Manifest

__all__ = [
    "JointKey",
    "TrusteeKeys",
    "answer_payload",
    "commitment_payload",
    "complaint_payload",
    "compute_joint_key",
    "dkg_parameters",
    "parse_answer",
    "parse_commitment",
    "parse_complaint",
]


def dkg_parameters(manifest: Manifest) -> DkgParameters:
    """The DKG of this election: ``t`` of ``n``, ceremony context ``{"mh", "type": "key"}``."""
    ceremony = context({"mh": manifest.hash_hex, "type": "key"})
    return DkgParameters(manifest.threshold, len(manifest.trustees), ceremony)


# ---------------------------------------------------------------- payloads


def commitment_payload(msg: DealerCommitment) -> JsonObject:
    return {
        "trustee": msg.dealer,
        "commitments": [c.hex() for c in msg.commitments],
        "proof": msg.proof.to_bytes().hex(),
    }


def parse_commitment(payload: Json, n: int) -> DealerCommitment:
    path = "trustee_commitment"
    obj = get_object(payload, path)
    require_keys(obj, path, ("trustee", "commitments", "proof", "signature"))
    items = get_list(obj, "commitments", path, min_len=1, max_len=n)
    coms = tuple(
        get_element({"c": c}, "c", f"{path}.commitments[{k}]") for k, c in enumerate(items)
    )
    try:
        proof = SchnorrProof.from_bytes(get_hex(obj, "proof", path))
    except InvalidEncoding as exc:
        raise InvalidEncoding(f"{path}.proof: {exc}") from None
    return DealerCommitment(get_int(obj, "trustee", path, lo=1, hi=n), coms, proof)


def complaint_payload(msg: Complaint) -> JsonObject:
    return {"trustee": msg.accuser, "dealer": msg.dealer}


def parse_complaint(payload: Json, n: int) -> Complaint:
    path = "trustee_complaint"
    obj = get_object(payload, path)
    require_keys(obj, path, ("trustee", "dealer", "signature"))
    accuser = get_int(obj, "trustee", path, lo=1, hi=n)
    return Complaint(accuser, get_int(obj, "dealer", path, lo=1, hi=n))


def answer_payload(msg: ComplaintResponse) -> JsonObject:
    return {"trustee": msg.dealer, "recipient": msg.accuser, "share": msg.value.hex()}


def parse_answer(payload: Json, n: int) -> ComplaintResponse:
    path = "trustee_answer"
    obj = get_object(payload, path)
    require_keys(obj, path, ("trustee", "recipient", "share", "signature"))
    return ComplaintResponse(
        get_int(obj, "trustee", path, lo=1, hi=n),
        get_int(obj, "recipient", path, lo=1, hi=n),
        get_scalar(obj, "share", path),
    )


# ---------------------------------------------------------------- joint key


@dataclass(frozen=True, slots=True)
class JointKey:
    """The outcome of the ceremony: qualified trustees, election key, public shares."""

    qualified: tuple[int, ...]
    public_key: Element
    public_shares: dict[int, Element]

    def payload(self) -> JsonObject:
        return {
            "qualified": list(self.qualified),
            "public_key": self.public_key.hex(),
            "public_shares": [
                {"trustee": j, "public_share": y.hex()} for j, y in self.public_shares.items()
            ],
        }


def compute_joint_key(
    params: DkgParameters,
    commitments: Mapping[int, DealerCommitment],
    complaints: Iterable[Complaint],
    answers: Iterable[ComplaintResponse],
) -> JointKey:
    """Qualified dealers, ``Y = sum C_i0`` and ``Y_j = sum_k j^k A_k`` from public messages."""
    qualified = qualified_dealers(params, commitments, complaints, answers)
    joint = joint_commitments(commitments, qualified)
    shares = {j: evaluate_commitments(joint, j) for j in qualified}
    return JointKey(qualified, joint[0], shares)


# ---------------------------------------------------------------- one trustee


@dataclass
class TrusteeKeys:
    """One trustee's side of the DKG; holds its polynomial and received shares."""

    params: DkgParameters
    index: int
    rng: RandomSource
    _received: dict[int, Scalar] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._dealing = deal(self.params, self.index, self.rng)

    def commitment(self) -> DealerCommitment:
        """The public message for the board."""
        return self._dealing.commitment

    def share_for(self, recipient: int) -> Share:
        """The private message for trustee ``recipient``."""
        return self._dealing.share_for(recipient)

    def receive(
        self, commitments: Mapping[int, DealerCommitment], shares: Iterable[Share]
    ) -> list[Complaint]:
        """Check the shares dealt to this trustee; return complaints for bad or missing ones."""
        got = {s.dealer: s for s in shares if s.recipient == self.index}
        complaints = []
        for i, msg in sorted(commitments.items()):
            share = got.get(i)
            try:
                if share is None:
                    raise ThresholdError("missing share")
                check_share(self.params, msg, share)
            except ThresholdError:
                complaints.append(Complaint(self.index, i))
                continue
            self._received[i] = share.value
        return complaints

    def answer(self, complaint: Complaint) -> ComplaintResponse:
        """Answer a complaint against this trustee by revealing the disputed share."""
        return answer_complaint(self._dealing, complaint)

    def accept_answer(self, answer: ComplaintResponse) -> None:
        """Take a share revealed on the board in answer to this trustee's complaint."""
        if answer.accuser == self.index:
            self._received[answer.dealer] = answer.value

    def secret_share(self, qualified: Iterable[int]) -> Scalar:
        """``x_j = sum_{i qualified} f_i(j)``; call once the joint key is known."""
        total = Scalar.zero()
        for i in qualified:
            if i not in self._received:
                raise ThresholdError(f"trustee {self.index} holds no valid share from {i}")
            total = total + self._received[i]
        return total
