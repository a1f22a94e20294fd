"""The election lifecycle as an explicit state table (docs/protocol.md 7.9).

Phases: ``draft -> keys -> open -> closed -> tallied -> published``. Each board event
type is legal in some phases and may move the election to the next one; anything else
raises :class:`~suffrage.errors.IllegalTransition` naming the phase and the event.
"""

from __future__ import annotations

from enum import Enum
from typing import Final

from suffrage.errors import IllegalTransition

__all__ = ["EVENT_TYPES", "TRANSITIONS", "Phase", "next_phase"]


class Phase(Enum):
    DRAFT = "draft"  # the manifest is being written; nothing on the board
    KEYS = "keys"  # manifest fixed (setup posted); key ceremony and voter list
    OPEN = "open"  # ballots and audits accepted
    CLOSED = "closed"  # no more ballots; the tally is computed next
    TALLIED = "tallied"  # encrypted tally posted; trustees post decryption shares
    PUBLISHED = "published"  # result posted; nothing follows


#: (phase, event type) -> phase after the event. Pairs not listed are illegal.
TRANSITIONS: Final[dict[tuple[Phase, str], Phase]] = {
    (Phase.DRAFT, "setup"): Phase.KEYS,
    (Phase.KEYS, "trustee_commitment"): Phase.KEYS,
    (Phase.KEYS, "trustee_complaint"): Phase.KEYS,
    (Phase.KEYS, "trustee_answer"): Phase.KEYS,
    (Phase.KEYS, "joint_key"): Phase.KEYS,
    (Phase.KEYS, "voter_list"): Phase.KEYS,
    (Phase.KEYS, "open"): Phase.OPEN,
    (Phase.OPEN, "ballot"): Phase.OPEN,
    (Phase.OPEN, "audit"): Phase.OPEN,
    (Phase.OPEN, "attestation"): Phase.OPEN,
    (Phase.OPEN, "close"): Phase.CLOSED,
    (Phase.CLOSED, "attestation"): Phase.CLOSED,
    (Phase.CLOSED, "tally"): Phase.TALLIED,
    (Phase.TALLIED, "attestation"): Phase.TALLIED,
    (Phase.TALLIED, "decryption_share"): Phase.TALLIED,
    (Phase.TALLIED, "result"): Phase.PUBLISHED,
}

#: Every event type of the board.
EVENT_TYPES: Final = frozenset(t for _, t in TRANSITIONS)


def next_phase(phase: Phase, event_type: str) -> Phase:
    """The phase after ``event_type`` in ``phase``; raise if the step is illegal there."""
    try:
        return TRANSITIONS[(phase, event_type)]
    except KeyError:
        if event_type not in EVENT_TYPES:
            raise IllegalTransition(f"unknown event type {event_type!r}") from None
        legal = sorted(t for p, t in TRANSITIONS if p is phase)
        raise IllegalTransition(
            f"{event_type!r} is not allowed while the election is {phase.value!r}"
            f" (allowed: {', '.join(legal) or 'nothing'})"
        ) from None
