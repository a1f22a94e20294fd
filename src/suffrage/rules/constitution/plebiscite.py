"""Plebiscites and referendums: quorum, (super)majority, approval quorum, double majority."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from suffrage.rules.constitution.model import Plebiscite

__all__ = ["PlebisciteOutcome", "decide_plebiscite"]


@dataclass(frozen=True, slots=True)
class PlebisciteOutcome:
    approved: bool
    winner: str | None
    units_approving: int
    notes: tuple[str, ...]


def decide_plebiscite(
    rules: Plebiscite,
    *,
    registered: int,
    votes: Mapping[str, int],
    by_unit: Mapping[str, Mapping[str, int]],
) -> PlebisciteOutcome:
    """Whether ``rules.approve`` carries; ``winner`` is the option with most votes."""
    cast = sum(votes.values())
    notes: list[str] = []
    approving = sum(1 for unit in by_unit.values() if _carries(rules, unit))
    winner = _leader(rules, votes)
    checks = [
        _quorum(rules.turnout_quorum, cast, registered, "turnout", rules.turnout_strict),
        _quorum(rules.approval_quorum, votes.get(rules.approve, 0), registered, "approval"),
    ]
    notes.extend(n for n in checks if n)
    if not _carries(rules, votes):
        notes.append(
            f"{rules.approve!r} has {votes.get(rules.approve, 0)} of {cast} votes, "
            f"not more than {rules.approval_share}"
        )
    if rules.double_majority and 2 * approving <= len(by_unit):
        notes.append(
            f"{rules.approve!r} carries {approving} of {len(by_unit)} units, not a majority"
        )
    return PlebisciteOutcome(not notes, winner, approving, tuple(notes))


def _carries(rules: Plebiscite, votes: Mapping[str, int]) -> bool:
    cast = sum(votes.values())
    return cast > 0 and Fraction(votes.get(rules.approve, 0), cast) > rules.approval_share


def _quorum(
    share: Fraction | None, count: int, registered: int, what: str, strict: bool = False
) -> str | None:
    """None when ``count`` of ``registered`` meets the quorum (more than it when strict)."""
    if share is None:
        return None
    if registered:
        got = Fraction(count, registered)
        if got > share or (got == share and not strict):
            return None
    op = "more than" if strict else "at least"
    return f"{what} {count}/{registered} is not {op} the quorum of {share}"


def _leader(rules: Plebiscite, votes: Mapping[str, int]) -> str | None:
    if not votes or not any(votes.values()):
        return None
    best = max(votes.get(o, 0) for o in rules.options)
    leaders = [o for o in rules.options if votes.get(o, 0) == best]
    return leaders[0] if len(leaders) == 1 else None
