"""Approval voting, score (range) voting and STAR (score then automatic runoff)."""

from __future__ import annotations

from suffrage.errors import CountError
from suffrage.rules.ballots import ApprovalProfile, ScoreProfile
from suffrage.rules.result import Result, Round
from suffrage.rules.single._common import Decider, scored, single_seat
from suffrage.rules.ties import TiePolicy

__all__ = ["approval", "score", "score_totals", "star"]


def approval(profile: ApprovalProfile, *, seats: int = 1, ties: TiePolicy | None = None) -> Result:
    """The candidate approved on the most ballots wins."""
    single_seat("approval", seats)
    if not isinstance(profile, ApprovalProfile):
        raise CountError("approval counts approval ballots")
    counts = [0] * len(profile.candidates)
    for ballot in profile.ballots:
        for c in ballot.approved:
            counts[c] += ballot.count
    approvals = dict(zip(profile.candidates, counts, strict=True))
    if not any(counts):
        raise CountError("approval: no ballot approves anyone")
    decide = Decider(ties)
    winner = decide.best(approvals, purpose="winner")
    rounds = (Round(1, "Approvals", approvals, (f"{winner} has the most approvals",)),)
    return Result("approval", profile.candidates, (winner,), rounds, tuple(decide.record))


def score_totals(profile: ScoreProfile) -> dict[str, int]:
    totals = [0] * len(profile.candidates)
    for ballot in profile.ballots:
        for c, s in enumerate(ballot.scores):
            totals[c] += s * ballot.count
    return dict(zip(profile.candidates, totals, strict=True))


def score(profile: ScoreProfile, *, seats: int = 1, ties: TiePolicy | None = None) -> Result:
    """The candidate with the highest total score wins (equivalently, the highest mean)."""
    single_seat("score", seats)
    profile = scored("score", profile)
    totals = score_totals(profile)
    decide = Decider(ties)
    winner = decide.best(totals, purpose="winner")
    rounds = (Round(1, "Total scores", totals, (f"{winner} has the highest total",)),)
    return Result("score", profile.candidates, (winner,), rounds, tuple(decide.record))


def star(profile: ScoreProfile, *, seats: int = 1, ties: TiePolicy | None = None) -> Result:
    """STAR: the two highest-scoring candidates meet in an automatic runoff.

    Each ballot supports the finalist it scores higher (equal scores: neither). A tied
    runoff goes to the finalist with the higher total score, then to the tie policy.
    """
    single_seat("star", seats)
    profile = scored("star", profile)
    names = profile.candidates
    if len(names) < 2:
        raise CountError("star needs at least two candidates")
    totals = score_totals(profile)
    decide = Decider(ties)
    first = decide.best(totals, purpose="first finalist")
    second = decide.best({n: v for n, v in totals.items() if n != first}, purpose="second finalist")
    a, b = names.index(first), names.index(second)
    prefer_a = prefer_b = equal = 0
    for ballot in profile.ballots:
        sa, sb = ballot.scores[a], ballot.scores[b]
        if sa > sb:
            prefer_a += ballot.count
        elif sb > sa:
            prefer_b += ballot.count
        else:
            equal += ballot.count
    runoff = {first: prefer_a, second: prefer_b}
    winner = decide.best(runoff, purpose="runoff winner", history=[totals])
    rounds = (
        Round(1, "Scoring round", totals, (f"finalists: {first} and {second}",)),
        Round(
            2,
            "Automatic runoff (ballots preferring each finalist)",
            runoff,
            (f"{winner} wins the runoff",),
            exhausted=equal,
        ),
    )
    return Result("star", names, (winner,), rounds, tuple(decide.record))
