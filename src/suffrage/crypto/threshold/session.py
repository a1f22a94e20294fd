"""One trustee's side of the key generation, as a sans-I/O state machine.

The caller moves messages; the trustee only computes::

    dealing = trustee.start(rng)             # broadcast dealing.commitment, send dealing.shares
    trustee.receive_commitment(msg)          # every dealer's broadcast (its own included)
    trustee.receive_share(share)             # every share addressed to this trustee
    complaints = trustee.complaints()        # broadcast
    response = trustee.respond(complaint)    # for every complaint; broadcast when not None
    key = trustee.finish(all_complaints, all_responses)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from suffrage.crypto.group import Element, RandomSource, Scalar
from suffrage.crypto.threshold.dkg import (
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
)
from suffrage.errors import ThresholdError

__all__ = ["DkgTrustee", "TrusteeKey", "public_shares"]


@dataclass(frozen=True, slots=True)
class TrusteeKey:
    """A trustee's result: its secret share and the public outcome everyone agrees on."""

    index: int
    secret_share: Scalar = field(repr=False)
    public_key: Element
    public_shares: tuple[Element, ...]
    qualified: tuple[int, ...]

    @property
    def public_share(self) -> Element:
        return self.public_shares[self.index - 1]


def public_shares(params: DkgParameters, joint: tuple[Element, ...]) -> tuple[Element, ...]:
    """Every trustee's public share ``x_j * G`` from the joint commitments."""
    return tuple(evaluate_commitments(joint, j) for j in range(1, params.trustees + 1))


class DkgTrustee:
    """Trustee ``index`` of a ``threshold``-of-``trustees`` key generation."""

    def __init__(self, params: DkgParameters, index: int) -> None:
        params.check_index(index, "trustee")
        self.params = params
        self.index = index
        self._dealing: Dealing | None = None
        self._commitments: dict[int, DealerCommitment] = {}
        self._shares: dict[int, Share] = {}
        self._accepted: dict[int, Scalar] | None = None

    def start(self, rng: RandomSource) -> Dealing:
        """Deal this trustee's polynomial; keeps its own share."""
        if self._dealing is not None:
            raise ThresholdError(f"trustee {self.index} has already dealt")
        self._dealing = deal(self.params, self.index, rng)
        return self._dealing

    def receive_commitment(self, msg: DealerCommitment) -> None:
        self.params.check_index(msg.dealer, "dealer")
        known = self._commitments.get(msg.dealer)
        if known is not None and known != msg:
            raise ThresholdError(f"dealer {msg.dealer} broadcast two different commitments")
        self._commitments[msg.dealer] = msg

    def receive_share(self, share: Share) -> None:
        if share.recipient != self.index:
            raise ThresholdError(f"share for trustee {share.recipient} sent to {self.index}")
        self.params.check_index(share.dealer, "dealer")
        known = self._shares.get(share.dealer)
        if known is not None and known != share:
            raise ThresholdError(f"dealer {share.dealer} sent two different shares")
        self._shares[share.dealer] = share

    def complaints(self) -> tuple[Complaint, ...]:
        """Check every received share; complain about missing or failing ones.

        Dealers whose broadcast is missing or invalid are disqualified publicly and need
        no complaint.
        """
        accepted: dict[int, Scalar] = {}
        out = []
        for dealer, msg in sorted(self._commitments.items()):
            try:
                check_commitment(self.params, msg)
            except ThresholdError:
                continue
            share = self._shares.get(dealer)
            try:
                if share is None:
                    raise ThresholdError("missing share")
                check_share(self.params, msg, share)
            except ThresholdError:
                out.append(Complaint(self.index, dealer))
                continue
            accepted[dealer] = share.value
        self._accepted = accepted
        return tuple(out)

    def respond(self, complaint: Complaint) -> ComplaintResponse | None:
        """This trustee's answer to a complaint against it; ``None`` for others' or bogus ones."""
        if complaint.dealer != self.index or not 1 <= complaint.accuser <= self.params.trustees:
            return None
        if self._dealing is None:
            raise ThresholdError(f"trustee {self.index} has not dealt")
        return answer_complaint(self._dealing, complaint)

    def finish(
        self, complaints: Iterable[Complaint], responses: Iterable[ComplaintResponse]
    ) -> TrusteeKey:
        """The joint key, this trustee's secret share and every public share."""
        if self._accepted is None:
            raise ThresholdError("call complaints() before finish()")
        responses = tuple(responses)
        qualified = qualified_dealers(self.params, self._commitments, complaints, responses)
        revealed = {r.dealer: r.value for r in responses if r.accuser == self.index}
        secret = Scalar.zero()
        for dealer in qualified:
            value = self._accepted.get(dealer, revealed.get(dealer))
            if value is None:
                raise ThresholdError(f"no valid share from qualified dealer {dealer}")
            secret = secret + value
        joint = joint_commitments(self._commitments, qualified)
        shares = public_shares(self.params, joint)
        if Element.base_times(secret) != shares[self.index - 1]:
            raise ThresholdError(f"trustee {self.index}'s share does not match its public share")
        return TrusteeKey(self.index, secret, joint[0], shares, qualified)
