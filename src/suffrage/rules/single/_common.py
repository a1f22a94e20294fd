"""What single-winner methods share: checks on the input, tie decisions, first choices."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from suffrage.errors import CountError
from suffrage.rules.ballots import (
    ApprovalProfile,
    RankedProfile,
    ScoreProfile,
    Tally,
)
from suffrage.rules.result import Number, TieBreak
from suffrage.rules.ties import TiePolicy

__all__ = [
    "Decider",
    "ranked",
    "scored",
    "single_seat",
]


def single_seat(method: str, seats: int) -> None:
    if seats != 1:
        raise CountError(f"{method} fills exactly one seat, not {seats}")


def ranked(method: str, profile: object) -> RankedProfile:
    if not isinstance(profile, RankedProfile):
        raise CountError(f"{method} counts ranked ballots, not {_kind(profile)}")
    if profile.total == 0:
        raise CountError(f"{method}: there are no ballots to count")
    return profile


def scored(method: str, profile: object) -> ScoreProfile:
    if not isinstance(profile, ScoreProfile):
        raise CountError(f"{method} counts score ballots, not {_kind(profile)}")
    if profile.total == 0:
        raise CountError(f"{method}: there are no ballots to count")
    return profile


def _kind(profile: object) -> str:
    kinds = {
        RankedProfile: "ranked ballots",
        ApprovalProfile: "approval ballots",
        ScoreProfile: "score ballots",
        Tally: "a vote tally",
    }
    return kinds.get(type(profile), type(profile).__name__)


class Decider:
    """Applies a :class:`TiePolicy` and keeps the record of every tie it broke."""

    def __init__(self, ties: TiePolicy | None) -> None:
        self.policy = ties if ties is not None else TiePolicy()
        self.record: list[TieBreak] = []

    def best(
        self,
        values: Mapping[str, Number],
        *,
        purpose: str,
        history: Sequence[Mapping[str, Number]] = (),
    ) -> str:
        """The name with the highest value; ties go to the policy."""
        top = max(values.values())
        return self.pick([n for n, v in values.items() if v == top], purpose, "highest", history)

    def worst(
        self,
        values: Mapping[str, Number],
        *,
        purpose: str,
        history: Sequence[Mapping[str, Number]] = (),
    ) -> str:
        """The name with the lowest value; ties go to the policy."""
        low = min(values.values())
        return self.pick([n for n, v in values.items() if v == low], purpose, "lowest", history)

    def pick(
        self,
        tied: Sequence[str],
        purpose: str,
        prefer: str = "highest",
        history: Sequence[Mapping[str, Number]] = (),
    ) -> str:
        chosen, tie = self.policy.pick(tied, purpose=purpose, prefer=prefer, history=history)
        if tie is not None:
            self.record.append(tie)
        return chosen
