"""The transfer engine of quota STV counts that move whole ballot papers.

One engine serves the Scottish rules (weighted inclusive Gregory in five-decimal
arithmetic), weighted inclusive Gregory in exact fractions, and last-parcel Gregory.
An :class:`Arithmetic` says how a rule set computes: the value of a first-preference
paper, the quota, and the value at which a paper moves on with a surplus.

Papers with the same order always travel together (a surplus or an exclusion moves a
candidate's papers as a whole), so the state is one position (into the flat array of
preferences) and one value per ballot line of the profile (identical ballots merged, as
readers and profiles do). A transfer walks only the papers of the candidate being dealt
with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from itertools import chain, compress, repeat
from operator import eq
from typing import Generic, TypeVar

from suffrage.rules.multi.rankings import StrictBallots
from suffrage.rules.result import Number, Round, TieBreak
from suffrage.rules.ties import TiePolicy

__all__ = ["Arithmetic", "Outcome", "run_count"]

N = TypeVar("N", int, Fraction)

CONTINUING, ELECTED, EXCLUDED = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Arithmetic(Generic[N]):
    """How a rule set computes.

    ``transfer(surplus, value, base)`` is the new value of a paper of ``value`` moving
    with ``surplus`` out of ``base`` (the candidate's total, or the value of the last
    parcel for last-parcel Gregory). ``show`` turns an internal number into the exact
    number a count sheet prints.
    """

    zero: N
    unit: N
    quota: Callable[[int, int], N]
    transfer: Callable[[N, N, N], N]
    show: Callable[[N], Number]
    last_parcel: bool = False
    rounding: str = ""  # how transfer values are rounded, for the count sheet


@dataclass(frozen=True, slots=True)
class Outcome:
    elected: tuple[str, ...]
    rounds: tuple[Round, ...]
    ties: tuple[TieBreak, ...]


def run_count(
    ballots: StrictBallots, seats: int, arithmetic: Arithmetic[N], ties: TiePolicy
) -> Outcome:
    """Count ``ballots`` for ``seats`` under ``arithmetic``; see the module docstring."""
    count = _Count(ballots, seats, arithmetic, ties)
    count.run()
    return Outcome(tuple(count.elected_names()), tuple(count.rounds), tuple(count.breaks))


class _Count(Generic[N]):
    def __init__(
        self, ballots: StrictBallots, seats: int, arithmetic: Arithmetic[N], ties: TiePolicy
    ) -> None:
        self.names = ballots.candidates
        self.prefs = ballots.prefs
        self.ends = ballots.offsets[1:]  # papers of line i are at prefs[pos[i]:ends[i]]
        self.counts = list(ballots.counts)  # Python ints, not boxed again at every read
        self.seats = seats
        self.a: Arithmetic[N] = arithmetic
        self.ties = ties
        n = len(self.names)
        self.status = [CONTINUING] * n
        self.pos = ballots.offsets[:-1].tolist()  # where each line's papers stand in prefs
        self.value: list[N] = [arithmetic.unit] * len(self.counts)
        # each line's papers x their value: what the line adds to its candidate's total
        self.weight: list[N] = [k * arithmetic.unit for k in self.counts]
        self.parcels: list[list[list[int]]] = [[[]] for _ in range(n)]
        self.totals: list[N] = [arithmetic.zero] * n
        self.quota: N = arithmetic.quota(ballots.valid, seats)
        self.exhausted: N = arithmetic.zero
        self.elected: list[int] = []
        self.pending: list[int] = []  # elected candidates whose surplus is not yet transferred
        self.history: list[list[N]] = []  # every candidate's total at the end of each stage
        self.shown: dict[N, Number] = {}
        self.rounds: list[Round] = []
        self.breaks: list[TieBreak] = []

    def elected_names(self) -> list[str]:
        return [self.names[c] for c in self.elected]

    # -- the count -----------------------------------------------------------------

    def run(self) -> None:
        firsts = list(map(self.prefs.__getitem__, self.pos))
        unit = self.a.unit
        for c in range(len(self.names)):
            mine = list(map(eq, firsts, repeat(c)))  # the lines whose first preference is c
            self.parcels[c] = [list(compress(range(len(firsts)), mine))]
            self.totals[c] = sum(compress(self.counts, mine)) * unit
        self._close_stage("First preferences", [])
        while len(self.elected) < self.seats:
            continuing = [c for c, s in enumerate(self.status) if s == CONTINUING]
            if len(continuing) == self.seats - len(self.elected):
                self._fill_last_vacancies(continuing)
                return
            if self.pending:
                self._transfer_surplus(self._largest_surplus())
            else:
                self._exclude(self._lowest(continuing))

    def _close_stage(self, title: str, events: list[str]) -> None:
        totals = self.totals
        self.history.append(list(totals))
        reached = [
            c for c, s in enumerate(self.status) if s == CONTINUING and totals[c] >= self.quota
        ]
        for c in self._highest_first(reached, "order of election"):
            if len(self.elected) == self.seats:
                break
            self.status[c] = ELECTED
            self.elected.append(c)
            events.append(f"{self.names[c]} elected with {self._show(totals[c])} (quota reached)")
            if totals[c] > self.quota:
                self.pending.append(c)
        self._record(title, events)

    def _record(self, title: str, events: list[str]) -> None:
        show = self._number
        self.rounds.append(
            Round(
                number=len(self.rounds) + 1,
                title=title,
                values={self.names[c]: show(t) for c, t in enumerate(self.totals)},
                events=tuple(events),
                quota=show(self.quota),
                exhausted=show(self.exhausted),
            )
        )

    def _fill_last_vacancies(self, continuing: list[int]) -> None:
        events = []
        for c in self._highest_first(continuing, "order of election"):
            self.status[c] = ELECTED
            self.elected.append(c)
            events.append(
                f"{self.names[c]} elected with {self._show(self.totals[c])}: "
                "continuing candidates equal the vacancies left"
            )
        self._record("Last vacancies filled", events)

    # -- choices -------------------------------------------------------------------

    def _highest_first(self, cands: list[int], purpose: str) -> list[int]:
        rest = list(cands)
        out: list[int] = []
        while rest:
            best = max(self.totals[c] for c in rest)
            tied = [c for c in rest if self.totals[c] == best]
            c = self._pick(tied, purpose, "highest")
            out.append(c)
            rest.remove(c)
        return out

    def _largest_surplus(self) -> int:
        best = max(self.totals[c] for c in self.pending)
        tied = [c for c in self.pending if self.totals[c] == best]
        c = self._pick(tied, "order of surplus transfers", "highest")
        self.pending.remove(c)
        return c

    def _lowest(self, continuing: list[int]) -> int:
        low = min(self.totals[c] for c in continuing)
        tied = [c for c in continuing if self.totals[c] == low]
        return self._pick(tied, "exclusion", "lowest")

    def _pick(self, tied: list[int], purpose: str, prefer: str) -> int:
        if len(tied) == 1:
            return tied[0]
        history = [dict(zip(self.names, totals, strict=True)) for totals in self.history]
        chosen, tie = self.ties.pick(
            [self.names[c] for c in tied], purpose=purpose, prefer=prefer, history=history
        )
        if tie is not None:
            self.breaks.append(tie)
        return self.names.index(chosen)

    # -- transfers -----------------------------------------------------------------

    def _transfer_surplus(self, c: int) -> None:
        total = self.totals[c]
        surplus = total - self.quota
        if self.a.last_parcel:
            ids = self.parcels[c].pop()
            base = self.a.zero
            for i in ids:
                base += self.counts[i] * self.value[i]
        else:
            ids = list(chain.from_iterable(self.parcels[c]))
            self.parcels[c] = []
            base = total
        new_values: dict[N, N] = {}
        for v in set(map(self.value.__getitem__, ids)):
            nv = self.a.transfer(surplus, v, base)
            new_values[v] = v if self.a.last_parcel and nv > v else nv
        last_parcel = self.a.last_parcel
        gain: list[N]
        exhausted: N
        gain, exhausted = self._move(ids, new_values)
        moved = self.a.zero
        for g in gain:
            moved += g
        lost = self.a.zero if last_parcel else surplus - moved - exhausted
        self.totals[c] = total - moved - exhausted - lost
        name = self.names[c]
        events = [
            f"surplus of {name} ({self._show(surplus)}) transferred"
            + (" from the last parcel received" if last_parcel else "")
            + (f", transfer values {self.a.rounding}" if self.a.rounding else ""),
            *self._gains(gain),
        ]
        if exhausted:
            events.append(f"non-transferable: {self._show(exhausted)}")
        if lost:
            events.append(f"lost to rounding: {self._show(lost)}")
        self._close_stage(f"Surplus of {name}", events)

    def _exclude(self, c: int) -> None:
        self.status[c] = EXCLUDED
        ids = chain.from_iterable(self.parcels[c])
        self.parcels[c] = []
        total = self.totals[c]
        gain: list[N]
        exhausted: N
        gain, exhausted = self._move(ids, None)
        self.totals[c] = self.a.zero
        name = self.names[c]
        events = [f"{name} excluded with {self._show(total)}", *self._gains(gain)]
        if exhausted:
            events.append(f"non-transferable: {self._show(exhausted)}")
        self._close_stage(f"Exclusion of {name}", events)

    def _move(self, ids: Iterable[int], new_values: dict[N, N] | None) -> tuple[list[N], N]:
        """Move papers ``ids`` to their next continuing preference at their value, or at
        ``new_values[value]``; return what each candidate gained, and what exhausted."""
        status, pos, prefs, ends, weight = self.status, self.pos, self.prefs, self.ends, self.weight
        zero: N = self.a.zero
        received: list[list[int]] = [[] for _ in self.names]
        gain: list[N] = [zero] * len(self.names)
        exhausted = zero
        if new_values is None:
            for i in ids:
                j = pos[i] + 1
                end = ends[i]
                while j < end and status[prefs[j]]:
                    j += 1
                if j == end:
                    exhausted += weight[i]
                else:
                    d = prefs[j]
                    pos[i] = j
                    gain[d] += weight[i]
                    received[d].append(i)
        else:
            value, counts = self.value, self.counts
            for i in ids:
                j = pos[i] + 1
                end = ends[i]
                while j < end and status[prefs[j]]:
                    j += 1
                v = new_values[value[i]]
                w = counts[i] * v
                if j == end:
                    exhausted += w
                elif v:
                    d = prefs[j]
                    pos[i] = j
                    value[i] = v
                    weight[i] = w
                    gain[d] += w
                    received[d].append(i)
        for d, papers in enumerate(received):
            if papers:
                self.parcels[d].append(papers)
                self.totals[d] += gain[d]
        self.exhausted += exhausted
        return gain, exhausted

    def _gains(self, gain: list[N]) -> list[str]:
        return [f"to {self.names[d]}: +{self._show(g)}" for d, g in enumerate(gain) if g]

    def _number(self, value: N) -> Number:
        """``value`` as the count sheet prints it (cached: totals repeat from stage to stage)."""
        shown = self.shown.get(value)
        if shown is None:
            shown = self.shown[value] = self.a.show(value)
        return shown

    def _show(self, value: N) -> str:
        return str(self._number(value))
