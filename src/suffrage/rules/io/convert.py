"""Turn a profile read from a file into the ballot kind a method counts."""

from __future__ import annotations

from suffrage.errors import CountError
from suffrage.rules.ballots import ApprovalProfile, RankedProfile, ScoreProfile, Tally
from suffrage.rules.io.file import Profile

__all__ = ["as_ballot_kind"]

_KIND_OF = {
    RankedProfile: "ranked",
    ApprovalProfile: "approval",
    ScoreProfile: "score",
    Tally: "choose-one",
}


def as_ballot_kind(profile: Profile, kind: str) -> Profile:
    """``profile`` as ``kind``: the same object, or first preferences for ``choose-one``.

    Ranked ballots become a choose-one tally of first preferences (a ballot with a tied
    first place counts for nobody). Other conversions would invent information and are
    refused with :class:`~suffrage.errors.CountError`.
    """
    have = _KIND_OF[type(profile)]
    if have == kind or (kind == "party-votes" and have == "choose-one"):
        return profile
    if kind == "choose-one" and isinstance(profile, RankedProfile):
        votes = [0] * len(profile.candidates)
        for ballot in profile.ballots:
            if ballot.ranking and len(ballot.ranking[0]) == 1:
                votes[ballot.ranking[0][0]] += ballot.count
        return Tally(profile.candidates, tuple(votes))
    raise CountError(f"this method counts {kind} ballots, but the file holds {have} ballots")
