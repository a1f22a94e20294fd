"""Plurality (first past the post) and the two-round system counted from rankings."""

from __future__ import annotations

from suffrage.errors import CountError
from suffrage.rules.ballots import RankedProfile, Tally
from suffrage.rules.result import Result, Round
from suffrage.rules.single._common import Decider, ranked, single_seat
from suffrage.rules.ties import TiePolicy

__all__ = ["first_preferences", "plurality", "two_round"]


def first_preferences(profile: RankedProfile) -> tuple[dict[str, int], int]:
    """Votes per candidate from first preferences, and ballots with a tied first place."""
    votes = dict.fromkeys(profile.candidates, 0)
    void = 0
    for ballot in profile.ballots:
        first = ballot.ranking[0] if ballot.ranking else ()
        if len(first) == 1:
            votes[profile.candidates[first[0]]] += ballot.count
        else:
            void += ballot.count
    return votes, void


def plurality(
    profile: Tally | RankedProfile, *, seats: int = 1, ties: TiePolicy | None = None
) -> Result:
    """The candidate with the most votes wins (ranked ballots: first preferences)."""
    single_seat("plurality", seats)
    if isinstance(profile, Tally):
        votes, void = dict(zip(profile.candidates, profile.votes, strict=True)), 0
    elif isinstance(profile, RankedProfile):
        votes, void = first_preferences(profile)
    else:
        raise CountError("plurality counts a vote tally or ranked ballots")
    if sum(votes.values()) == 0:
        raise CountError("plurality: there are no valid votes")
    decide = Decider(ties)
    winner = decide.best(votes, purpose="winner")
    events = [f"{winner} has the most votes ({votes[winner]})"]
    if void:
        events.insert(0, f"{void} ballots with a tied first place are void")
    rounds = (Round(1, "Votes", votes, tuple(events)),)
    return Result("plurality", tuple(votes), (winner,), rounds, tuple(decide.record))


def two_round(profile: RankedProfile, *, seats: int = 1, ties: TiePolicy | None = None) -> Result:
    """Two-round system: elected in round 1 with an absolute majority of valid votes,
    otherwise a runoff between the two leaders, each ballot counting for whichever
    of the two it ranks higher."""
    single_seat("two-round", seats)
    profile = ranked("two-round", profile)
    names = profile.candidates
    votes, void = first_preferences(profile)
    valid = sum(votes.values())
    if valid == 0:
        raise CountError("two-round: there are no valid first preferences")
    decide = Decider(ties)
    leader = decide.best(votes, purpose="first place in round 1")
    if 2 * votes[leader] > valid:
        event = f"{leader} has an absolute majority ({votes[leader]} of {valid})"
        first = Round(1, "First round", votes, (event,))
        return Result("two-round", names, (leader,), (first,), tuple(decide.record))
    if len(names) < 2:
        raise CountError("two-round: a runoff needs two candidates")
    others = {n: v for n, v in votes.items() if n != leader}
    second = decide.best(others, purpose="second place in round 1")
    first = Round(
        1,
        "First round",
        votes,
        (
            *((f"{void} ballots with a tied first place are void",) if void else ()),
            f"no absolute majority ({valid} valid votes); {leader} and {second} go to a runoff",
        ),
    )
    runoff, exhausted = _runoff(profile, names.index(leader), names.index(second))
    winner = decide.best(runoff, purpose="runoff winner", history=[votes])
    final = Round(2, "Runoff", runoff, (f"{winner} wins the runoff",), exhausted=exhausted)
    return Result("two-round", names, (winner,), (first, final), tuple(decide.record))


def _runoff(profile: RankedProfile, a: int, b: int) -> tuple[dict[str, int], int]:
    va = vb = neither = 0
    for ballot in profile.ballots:
        for group in ballot.ranking:
            if a in group and b in group:
                neither += ballot.count
                break
            if a in group:
                va += ballot.count
                break
            if b in group:
                vb += ballot.count
                break
        else:
            neither += ballot.count
    names = profile.candidates
    return {names[a]: va, names[b]: vb}, neither
