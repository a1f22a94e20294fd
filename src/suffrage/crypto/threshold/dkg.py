"""Pedersen's distributed key generation with Feldman commitments (pure functions).

Each trustee ``i`` in ``1..n`` deals a random polynomial ``f_i`` of degree ``t - 1``:
it broadcasts a :class:`DealerCommitment` (``C_ik = a_ik * G`` for every coefficient and a
Schnorr proof of knowledge of ``a_i0``) and sends each trustee ``j`` the :class:`Share`
``f_i(j)`` privately. A recipient checks ``f_i(j)*G == sum_k j^k * C_ik`` and otherwise
broadcasts a :class:`Complaint`; the accused dealer must answer with a
:class:`ComplaintResponse` revealing the share, and is disqualified when it does not or
when the revealed share fails the same check. The joint key is the sum of the qualified
dealers' ``C_i0``; trustee ``j``'s secret share is ``sum_i f_i(j)`` over qualified
dealers, and its public share is computable by anyone from the commitments.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from suffrage.crypto.group import Element, RandomSource, Scalar
from suffrage.crypto.proofs._base import random_scalar
from suffrage.crypto.proofs.schnorr import SchnorrProof, prove_key_knowledge, verify_key_knowledge
from suffrage.errors import InvalidProof, ThresholdError

__all__ = [
    "MAX_TRUSTEES",
    "Complaint",
    "ComplaintResponse",
    "DealerCommitment",
    "Dealing",
    "DkgParameters",
    "Share",
    "answer_complaint",
    "check_commitment",
    "check_share",
    "deal",
    "evaluate_commitments",
    "joint_commitments",
    "qualified_dealers",
    "too_many_complaints",
]

#: Upper bound on ``n``; indices are encoded in 4 bytes.
MAX_TRUSTEES = 1024


def _u32(n: int) -> bytes:
    return n.to_bytes(4, "big")


@dataclass(frozen=True, slots=True)
class DkgParameters:
    """``threshold`` of ``trustees`` are needed to decrypt; ``context`` names the ceremony."""

    threshold: int
    trustees: int
    context: bytes

    def __post_init__(self) -> None:
        t, n = self.threshold, self.trustees
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (t, n)):
            raise ThresholdError("threshold and trustees must be integers")
        if not 1 <= t <= n <= MAX_TRUSTEES:
            raise ThresholdError(
                f"need 1 <= threshold <= trustees <= {MAX_TRUSTEES}, got t={t}, n={n}"
            )
        if not isinstance(self.context, bytes):
            raise ThresholdError("the ceremony context must be bytes")

    def check_index(self, i: int, role: str) -> None:
        if not isinstance(i, int) or isinstance(i, bool) or not 1 <= i <= self.trustees:
            raise ThresholdError(f"{role} index must be in 1..{self.trustees}, got {i!r}")

    def proof_context(self, dealer: int) -> bytes:
        """Context of dealer ``i``'s proof: ``"dkg" || u32(n) || u32(t) || u32(i) || context``."""
        return b"dkg" + _u32(self.trustees) + _u32(self.threshold) + _u32(dealer) + self.context


@dataclass(frozen=True, slots=True)
class DealerCommitment:
    """Broadcast by dealer ``dealer``: ``C_k = a_k * G`` for ``k = 0..t-1`` and a proof."""

    dealer: int
    commitments: tuple[Element, ...]
    proof: SchnorrProof


@dataclass(frozen=True, slots=True)
class Share:
    """Sent privately from ``dealer`` to ``recipient``: the value ``f_dealer(recipient)``."""

    dealer: int
    recipient: int
    value: Scalar = field(repr=False)


@dataclass(frozen=True, slots=True)
class Complaint:
    """Broadcast by ``accuser``: the share from ``dealer`` is missing or fails the check."""

    accuser: int
    dealer: int


@dataclass(frozen=True, slots=True)
class ComplaintResponse:
    """Broadcast by ``dealer`` in answer to a complaint: the share it sent to ``accuser``."""

    dealer: int
    accuser: int
    value: Scalar


@dataclass(frozen=True, slots=True)
class Dealing:
    """What a dealer produces: the public commitment and one private share per trustee."""

    commitment: DealerCommitment
    shares: tuple[Share, ...] = field(repr=False)

    def share_for(self, recipient: int) -> Share:
        for s in self.shares:
            if s.recipient == recipient:
                return s
        raise ThresholdError(f"dealer {self.commitment.dealer} has no share for {recipient}")


def _evaluate(coefficients: tuple[Scalar, ...], x: int) -> Scalar:
    xs, acc = Scalar.from_int(x), Scalar.zero()
    for a in reversed(coefficients):
        acc = acc * xs + a
    return acc


def deal(params: DkgParameters, dealer: int, rng: RandomSource) -> Dealing:
    """Dealer ``dealer``'s commitments and shares; draws ``a_0..a_{t-1}``, then the proof nonce."""
    params.check_index(dealer, "dealer")
    coefficients = tuple(random_scalar(rng) for _ in range(params.threshold))
    commitments = tuple(Element.base_times(a) for a in coefficients)
    proof = prove_key_knowledge(coefficients[0], commitments[0], params.proof_context(dealer), rng)
    shares = tuple(
        Share(dealer, j, _evaluate(coefficients, j)) for j in range(1, params.trustees + 1)
    )
    return Dealing(DealerCommitment(dealer, commitments, proof), shares)


def check_commitment(params: DkgParameters, msg: DealerCommitment) -> None:
    """Raise :class:`ThresholdError` unless ``msg`` is a well-formed, proven commitment."""
    params.check_index(msg.dealer, "dealer")
    if len(msg.commitments) != params.threshold:
        raise ThresholdError(
            f"dealer {msg.dealer} committed to {len(msg.commitments)} coefficients, "
            f"expected {params.threshold}"
        )
    try:
        verify_key_knowledge(msg.commitments[0], msg.proof, params.proof_context(msg.dealer))
    except InvalidProof as exc:
        raise ThresholdError(f"dealer {msg.dealer}: {exc}") from exc


def evaluate_commitments(commitments: tuple[Element, ...], j: int) -> Element:
    """``sum_k j^k * C_k`` (Horner's rule): the public image ``f(j)*G`` of a share."""
    js = Scalar.from_int(j)
    acc = commitments[-1]
    for c in reversed(commitments[:-1]):
        acc = acc * js + c
    return acc


def check_share(
    params: DkgParameters, msg: DealerCommitment, share: Share | ComplaintResponse
) -> None:
    """Raise :class:`ThresholdError` unless ``value * G == sum_k j^k * C_k``."""
    recipient = share.recipient if isinstance(share, Share) else share.accuser
    params.check_index(recipient, "recipient")
    if share.dealer != msg.dealer:
        raise ThresholdError(
            f"share from dealer {share.dealer} checked against dealer {msg.dealer}"
        )
    if Element.base_times(share.value) != evaluate_commitments(msg.commitments, recipient):
        raise ThresholdError(
            f"share from dealer {msg.dealer} to trustee {recipient} fails f(j)*G == sum_k j^k * C_k"
        )


def _is_index(params: DkgParameters, i: int) -> bool:
    try:
        params.check_index(i, "trustee")
    except ThresholdError:
        return False
    return True


def answer_complaint(dealing: Dealing, complaint: Complaint) -> ComplaintResponse:
    """The dealer's answer: reveal the share it sent to the accuser."""
    if complaint.dealer != dealing.commitment.dealer:
        raise ThresholdError(f"complaint against dealer {complaint.dealer}, not this dealer")
    share = dealing.share_for(complaint.accuser)
    return ComplaintResponse(share.dealer, share.recipient, share.value)


def too_many_complaints(params: DkgParameters, complaints: Iterable[Complaint]) -> set[int]:
    """Dealers accused by at least ``threshold`` distinct trustees (of ``1..n``, not itself)."""
    accusers: dict[int, set[int]] = {}
    for c in complaints:
        if _is_index(params, c.accuser) and c.accuser != c.dealer:
            accusers.setdefault(c.dealer, set()).add(c.accuser)
    return {i for i, who in accusers.items() if len(who) >= params.threshold}


def qualified_dealers(
    params: DkgParameters,
    commitments: Mapping[int, DealerCommitment],
    complaints: Iterable[Complaint],
    responses: Iterable[ComplaintResponse],
) -> tuple[int, ...]:
    """The dealers that stay in the joint key; a public, deterministic decision.

    Disqualified: dealers without a valid commitment, dealers accused by ``threshold`` or
    more distinct trustees (they do not answer: ``threshold`` revealed shares would make
    their polynomial public), and dealers with a complaint that has no response or whose
    revealed share fails the check. Raises when fewer than ``threshold`` dealers remain.
    """
    good = set()
    for i, msg in commitments.items():
        try:
            if i != msg.dealer:
                raise ThresholdError(f"commitment of dealer {msg.dealer} filed under {i}")
            check_commitment(params, msg)
        except ThresholdError:
            continue
        good.add(i)
    answered: dict[tuple[int, int], ComplaintResponse] = {}
    for r in responses:
        answered.setdefault((r.dealer, r.accuser), r)
    complaints = [c for c in complaints if _is_index(params, c.accuser)]
    for i in too_many_complaints(params, complaints):
        good.discard(i)  # answering would publish t points of its polynomial
    for c in complaints:
        if c.dealer not in good:
            continue
        resp = answered.get((c.dealer, c.accuser))
        try:
            if resp is None:
                raise ThresholdError("no response")
            check_share(params, commitments[c.dealer], resp)
        except ThresholdError:
            good.discard(c.dealer)
    if len(good) < params.threshold:
        raise ThresholdError(
            f"only {len(good)} qualified dealer(s), at least {params.threshold} are needed"
        )
    return tuple(sorted(good))


def joint_commitments(
    commitments: Mapping[int, DealerCommitment], qualified: Iterable[int]
) -> tuple[Element, ...]:
    """``A_k = sum_{i qualified} C_ik``: commitments to the joint polynomial; ``A_0`` is the key."""
    rows = [commitments[i].commitments for i in qualified]
    if not rows:
        raise ThresholdError("no qualified dealers")
    joint = list(rows[0])
    for row in rows[1:]:
        joint = [a + c for a, c in zip(joint, row, strict=True)]
    return tuple(joint)
