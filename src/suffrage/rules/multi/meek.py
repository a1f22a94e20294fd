"""STV by Meek's method in nine-decimal fixed-point arithmetic.

The rules are those of Hill, Wichmann & Woodall (1987), "Algorithm 123 - Single
Transferable Vote by Meek's method", as adopted by the New Zealand Local Electoral
Regulations 2001, Schedule 1A. All numbers are integers scaled by 10^9 (nine decimal
places, as Schedule 1A prescribes); no floating point is used.

* Every candidate has a keep value: 1 while hopeful, 0 once excluded, and for an elected
  candidate the share of each vote reaching them that they keep.
* Each ballot passes down its order: a candidate receives value x keep value, rounded
  up to nine decimals, and the rest passes on; what is left after the last preference is
  non-transferable.
* The quota is (valid votes - non-transferable) / (seats + 1), truncated to nine
  decimals, plus 0.000000001. A hopeful candidate whose votes reach it is elected.
* Keep values of elected candidates are multiplied by quota / votes (rounded up to
  nine decimals) and the ballots are distributed again, until the total surplus is at
  most 0.00001, the keep values repeat (nine-decimal rounding has reached a fixed point
  or a cycle), or 1,000 iterations have run; then the
  hopeful candidate with the fewest votes is excluded (ties: earlier stages, then lot).
* When the elected and hopeful candidates together equal the seats, the hopeful ones
  are elected.

Ballots are grouped by their *path*: the elected candidates before the first hopeful
one, and that hopeful one. Only paths matter to a distribution, so each iteration costs
one pass over a few hundred paths, however many ballots there are.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from typing import Any

from suffrage.errors import CountError
from suffrage.rules.ballots import RankedProfile
from suffrage.rules.multi.rankings import StrictBallots, strict_ballots
from suffrage.rules.multi.seats import DEFAULT_TIES
from suffrage.rules.result import Result, Round, TieBreak
from suffrage.rules.ties import TiePolicy

__all__ = ["SCALE", "count_meek"]

SCALE = 10**9
TOLERANCE = 10**4  # a total surplus of 0.00001, scaled
MAX_ITERATIONS = 1000
HOPEFUL, ELECTED, EXCLUDED = 0, 1, 2


def count_meek(
    profile: RankedProfile, *, seats: int, ties: TiePolicy = DEFAULT_TIES, **options: Any
) -> Result:
    """Meek STV (Algorithm 123; NZ Local Electoral Regulations 2001, Schedule 1A)."""
    if options:
        raise CountError(f"stv-meek takes no options, got {', '.join(sorted(options))}")
    ballots = strict_ballots(profile, seats)
    count = _Meek(ballots, seats, ties)
    count.run()
    return Result(
        method="stv-meek",
        candidates=profile.candidates,
        elected=tuple(profile.candidates[c] for c in count.elected),
        rounds=tuple(count.rounds),
        ties=tuple(count.breaks),
        notes=ballots.notes(),
    )


def _show(value: int) -> Decimal:
    return Decimal(value).scaleb(-9) if value else Decimal(0)


class _Meek:
    def __init__(self, ballots: StrictBallots, seats: int, ties: TiePolicy) -> None:
        self.names = ballots.candidates
        self.ballots = ballots
        prefs = ballots.prefs
        # each order as a tuple once: _regroup walks them all at every change of status
        self.orders = [tuple(prefs[a:b]) for a, b in pairwise(ballots.offsets)]
        self.counts = list(ballots.counts)
        self.seats = seats
        self.ties = ties
        n = len(self.names)
        self.status = [HOPEFUL] * n
        self.keep = [SCALE] * n
        self.totals = [0] * n
        self.exhausted = 0
        self.quota = 0
        self.elected: list[int] = []
        self.paths: list[tuple[tuple[int, ...], int]] = []
        self.history: list[dict[str, int]] = []
        self.rounds: list[Round] = []
        self.breaks: list[TieBreak] = []
        self.iterations = 0

    def run(self) -> None:
        self._regroup()
        self._distribute()
        self._stage("First preferences", [])
        while len(self.elected) < self.seats:
            hopeful = [c for c, s in enumerate(self.status) if s == HOPEFUL]
            if len(hopeful) + len(self.elected) <= self.seats:
                self._elect(hopeful, "elected: hopeful candidates equal the vacancies left")
                self._stage("Last vacancies filled", [])
                return
            self._converge()

    def _converge(self) -> None:
        """Iterate keep values until someone is elected or the surplus has settled."""
        seen: set[tuple[int, ...]] = set()
        for _ in range(MAX_ITERATIONS):
            events = self._elect_reaching_quota()
            if events:
                self._stage("Election", events)
                return
            surplus = sum(self.totals[c] - self.quota for c in self.elected)
            if surplus <= TOLERANCE:
                break
            seen.add(tuple(self.keep))
            self._update_keep_values()
            if tuple(self.keep) in seen:
                break  # nine-decimal rounding has reached a fixed point or a cycle
            self._distribute()
        self._exclude_lowest()

    def _elect_reaching_quota(self) -> list[str]:
        reached = [
            c for c, s in enumerate(self.status) if s == HOPEFUL and self.totals[c] >= self.quota
        ]
        if not reached:
            return []
        order = self._highest_first(reached)[: self.seats - len(self.elected)]
        return self._elect(order, "elected (quota reached)")

    def _elect(self, cands: list[int], why: str) -> list[str]:
        events = []
        for c in self._highest_first(cands):
            self.status[c] = ELECTED
            self.elected.append(c)
            events.append(f"{self.names[c]} {why} with {_show(self.totals[c])}")
        self._regroup()
        return events

    def _exclude_lowest(self) -> None:
        hopeful = [c for c, s in enumerate(self.status) if s == HOPEFUL]
        low = min(self.totals[c] for c in hopeful)
        tied = [c for c in hopeful if self.totals[c] == low]
        c = self._pick(tied, "exclusion", "lowest")
        self.status[c] = EXCLUDED
        self.keep[c] = 0
        event = f"{self.names[c]} excluded with {_show(low)}"
        self._regroup()
        self._distribute()
        self._stage(f"Exclusion of {self.names[c]}", [event])

    def _update_keep_values(self) -> None:
        """Multiply each elected keep value by quota / votes, rounded up."""
        for c in self.elected:
            total = self.totals[c]
            if total <= 0:
                continue
            new = -(-self.keep[c] * self.quota // total)  # rounded up
            self.keep[c] = min(new, SCALE)

    def _regroup(self) -> None:
        """Group ballots by path: elected candidates up to and including the first hopeful."""
        status = self.status
        merged: dict[tuple[int, ...], int] = {}
        for order, count in zip(self.orders, self.counts, strict=True):
            path: list[int] = []
            for c in order:
                s = status[c]
                if s == ELECTED:
                    path.append(c)
                elif s == HOPEFUL:
                    path.append(c)
                    break
            key = tuple(path)
            merged[key] = merged.get(key, 0) + count
        self.paths = list(merged.items())

    def _distribute(self) -> None:
        self.iterations += 1
        keep = self.keep
        totals = [0] * len(self.names)
        exhausted = 0
        for path, count in self.paths:
            rest = SCALE
            for c in path:
                k = keep[c]
                if k == SCALE:
                    totals[c] += rest * count
                    rest = 0
                    break
                credit = -(-rest * k // SCALE)  # rounded up to nine decimals
                totals[c] += credit * count
                rest -= credit
            exhausted += rest * count
        self.totals = totals
        self.exhausted = exhausted
        valid = self.ballots.valid * SCALE
        # (valid - exhausted) / (seats + 1) truncated to nine decimals, plus 10^-9
        self.quota = (valid - exhausted) // (self.seats + 1) + 1

    def _highest_first(self, cands: list[int]) -> list[int]:
        rest = list(cands)
        out: list[int] = []
        while rest:
            best = max(self.totals[c] for c in rest)
            tied = [c for c in rest if self.totals[c] == best]
            c = self._pick(tied, "order of election", "highest")
            out.append(c)
            rest.remove(c)
        return out

    def _pick(self, tied: list[int], purpose: str, prefer: str) -> int:
        if len(tied) == 1:
            return tied[0]
        chosen, tie = self.ties.pick(
            [self.names[c] for c in tied], purpose=purpose, prefer=prefer, history=self.history
        )
        if tie is not None:
            self.breaks.append(tie)
        return self.names.index(chosen)

    def _stage(self, title: str, events: list[str]) -> None:
        self.history.append({self.names[c]: t for c, t in enumerate(self.totals)})
        keeps = ", ".join(
            f"{self.names[c]} {_show(self.keep[c])}" for c in self.elected if self.keep[c] < SCALE
        )
        if keeps:
            events = [*events, f"keep values: {keeps}"]
        self.rounds.append(
            Round(
                number=len(self.rounds) + 1,
                title=f"{title} (after {self.iterations} distribution"
                + ("s)" if self.iterations != 1 else ")"),
                values={self.names[c]: _show(t) for c, t in enumerate(self.totals)},
                events=tuple(events),
                quota=_show(self.quota),
                exhausted=_show(self.exhausted),
            )
        )
