"""Single-candidate ballot with strike-out (USSR 1937 electoral regulation).

The ballot carries the names nominated in the constituency; the voter leaves the name of
the candidate voted for and strikes out the others, so on a one-name ballot a voter keeps
or strikes that name. Regulation on elections to the Supreme Soviet of the USSR of
9 July 1937, arts. 73-74 (ballot and marking), 101-102 (result):

- a ballot leaving more than one name is invalid;
- the candidate left on more than half of the valid ballots is elected;
- the election is void, and a new one is held, when fewer than half of the voters on
  the register took part (turnout counts every ballot cast, valid or not).

Input: an :class:`~suffrage.rules.ballots.ApprovalProfile` in which ``approved`` holds
the names a ballot keeps (empty: every name struck), and the options ``electorate``
(voters on the register) and ``invalid`` (ballots void for other reasons).
"""

from __future__ import annotations

from suffrage.errors import CountError
from suffrage.rules.ballots import ApprovalProfile
from suffrage.rules.result import Result, Round
from suffrage.rules.single._common import single_seat
from suffrage.rules.ties import TiePolicy

__all__ = ["strike_out"]


def strike_out(
    profile: ApprovalProfile,
    *,
    seats: int = 1,
    ties: TiePolicy | None = None,
    electorate: int | None = None,
    invalid: int = 0,
) -> Result:
    single_seat("strike-out", seats)
    if not isinstance(profile, ApprovalProfile):
        raise CountError("strike-out counts keep-or-strike ballots (an approval profile)")
    if electorate is None:
        raise CountError("strike-out needs the electorate (voters on the register)")
    if invalid < 0:
        raise CountError("the number of invalid ballots cannot be negative")
    names = profile.candidates
    kept = dict.fromkeys(names, 0)
    against = 0
    for ballot in profile.ballots:
        if len(ballot.approved) > 1:
            invalid += ballot.count
        elif ballot.approved:
            (c,) = ballot.approved
            kept[names[c]] += ballot.count
        else:
            against += ballot.count
    valid = sum(kept.values()) + against
    cast = valid + invalid
    if cast > electorate:
        raise CountError(f"more ballots cast ({cast}) than voters on the register ({electorate})")
    values = {**kept, "all names struck": against, "invalid ballots": invalid}
    events = [f"turnout {cast} of {electorate} registered voters"]
    elected: tuple[str, ...] = ()
    if 2 * cast < electorate:
        events.append("fewer than half of the registered voters took part: a new election is held")
    else:
        winners = [n for n, v in kept.items() if 2 * v > valid]
        if winners:
            elected = (winners[0],)
            events.append(f"{winners[0]} is elected with {kept[winners[0]]} of {valid} valid votes")
        else:
            events.append("no candidate is kept on more than half of the valid ballots")
    rounds = (Round(1, "Keep or strike", values, tuple(events)),)
    return Result("strike-out", names, elected, rounds, (), notes=tuple(events[1:]))
