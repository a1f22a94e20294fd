"""Validity of a result: turnout quorum and majority, and what follows when they fail."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from suffrage.rules.constitution.model import Validity

__all__ = ["ValidityOutcome", "check_validity"]


@dataclass(frozen=True, slots=True)
class ValidityOutcome:
    """``action`` is ``none`` when valid, else ``runoff`` or ``new-election``."""

    valid: bool
    action: str
    notes: tuple[str, ...]


def check_validity(
    rules: Validity, *, registered: int, cast: int, valid: int, leader_votes: int
) -> ValidityOutcome:
    """Check turnout (``cast`` / ``registered``) and the leader's majority."""
    notes: list[str] = []
    if not _turnout_met(rules, registered, cast):
        op = "more than" if rules.turnout_strict else "at least"
        quorum = rules.turnout_quorum
        notes.append(f"turnout {cast}/{registered} is not {op} {quorum} of the electors")
        action = rules.on_no_quorum if rules.on_no_quorum != "none" else "none"
        return ValidityOutcome(False, action, tuple(notes))
    if not _majority_met(rules, registered, cast, valid, leader_votes):
        base = {"valid": valid, "cast": cast, "registered": registered}[rules.majority_of]
        needed = "more than half" if rules.majority == "absolute" else f"{rules.qualified_share}"
        notes.append(f"{leader_votes} of {base} {rules.majority_of} votes is not {needed}")
        return ValidityOutcome(False, rules.on_no_majority, tuple(notes))
    return ValidityOutcome(True, "none", ())


def _turnout_met(rules: Validity, registered: int, cast: int) -> bool:
    if rules.turnout_quorum is None:
        return True
    if registered == 0:
        return False
    share = Fraction(cast, registered)
    return share > rules.turnout_quorum if rules.turnout_strict else share >= rules.turnout_quorum


def _majority_met(rules: Validity, registered: int, cast: int, valid: int, leader: int) -> bool:
    if rules.majority == "none":
        return True
    base = {"valid": valid, "cast": cast, "registered": registered}[rules.majority_of]
    if base == 0:
        return False
    if rules.majority == "absolute":
        return 2 * leader > base
    assert rules.qualified_share is not None
    return Fraction(leader, base) >= rules.qualified_share
