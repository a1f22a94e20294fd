"""What a ballot file holds once read: a profile, and the seats and title where given."""

from __future__ import annotations

from dataclasses import dataclass

from suffrage.errors import BallotFormatError
from suffrage.rules.ballots import (
    ApprovalProfile,
    RankedBallot,
    RankedProfile,
    ScoreProfile,
    Tally,
)

__all__ = ["BallotFile", "Profile", "drop_candidates", "format_error"]

#: Any profile a reader can return.
Profile = RankedProfile | ApprovalProfile | ScoreProfile | Tally


@dataclass(frozen=True, slots=True)
class BallotFile:
    """A parsed ballot file.

    ``withdrawn`` names candidates the file marks as withdrawn (BLT); they stay in
    ``profile`` so that indices match the file, and :meth:`counted_profile` drops them.
    ``blank`` counts ballots that rank nobody; they are not in the profile.
    """

    profile: Profile
    seats: int | None = None
    title: str | None = None
    withdrawn: tuple[str, ...] = ()
    blank: int = 0
    source: str = "<string>"

    def counted_profile(self) -> Profile:
        """The profile to count: withdrawn candidates removed from every ranking."""
        if not self.withdrawn:
            return self.profile
        if not isinstance(self.profile, RankedProfile):
            raise BallotFormatError(f"{self.source}: withdrawal applies to ranked ballots only")
        return drop_candidates(self.profile, frozenset(self.withdrawn))


def drop_candidates(profile: RankedProfile, names: frozenset[str]) -> RankedProfile:
    """``profile`` without the candidates in ``names``; later preferences move up."""
    keep = [i for i, name in enumerate(profile.candidates) if name not in names]
    new_index = {old: new for new, old in enumerate(keep)}
    merged: dict[tuple[tuple[int, ...], ...], int] = {}
    for ballot in profile.ballots:
        ranking = tuple(
            group
            for group in (tuple(new_index[c] for c in g if c in new_index) for g in ballot.ranking)
            if group
        )
        if ranking:
            merged[ranking] = merged.get(ranking, 0) + ballot.count
    candidates = tuple(profile.candidates[i] for i in keep)
    ballots = tuple(RankedBallot(r, n) for r, n in merged.items())
    return RankedProfile(candidates, ballots)


def format_error(source: str, line: int | None, problem: str) -> BallotFormatError:
    """A :class:`BallotFormatError` naming the file, the (1-based) line and the problem."""
    where = f"{source}, line {line}" if line is not None else source
    return BallotFormatError(f"{where}: {problem}")
