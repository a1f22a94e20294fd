"""Results with their explanation: rounds, events, ties; rendered as a count sheet."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

__all__ = ["Number", "Result", "Round", "TieBreak", "render_number"]

#: Exact numbers a count may carry: integers, fractions, or statute decimals.
Number = int | Fraction | Decimal


@dataclass(frozen=True, slots=True)
class TieBreak:
    """How a tie was broken: among whom, for what, by which rule, and who was chosen."""

    purpose: str
    tied: tuple[str, ...]
    chosen: str
    rule: str  # "earlier round <n>" or "lot (seed <hex>)"


@dataclass(frozen=True, slots=True)
class Round:
    """One stage of a count.

    ``values`` are the standing totals at the end of the round (votes, scores, pairwise
    wins...); ``events`` say what happened in words (elected, excluded, transferred).
    """

    number: int
    title: str
    values: Mapping[str, Number] = field(default_factory=dict)
    events: tuple[str, ...] = ()
    quota: Number | None = None
    exhausted: Number | None = None


@dataclass(frozen=True, slots=True)
class Result:
    method: str
    candidates: tuple[str, ...]
    elected: tuple[str, ...]
    rounds: tuple[Round, ...] = ()
    ties: tuple[TieBreak, ...] = ()
    seats: Mapping[str, int] | None = None
    notes: tuple[str, ...] = ()

    @property
    def winner(self) -> str | None:
        return self.elected[0] if self.elected else None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict; exact numbers are kept exact (fractions as ``"p/q"``)."""
        out: dict[str, Any] = {
            "method": self.method,
            "candidates": list(self.candidates),
            "elected": list(self.elected),
            "rounds": [_round_json(r) for r in self.rounds],
            "ties": [
                {"purpose": t.purpose, "tied": list(t.tied), "chosen": t.chosen, "rule": t.rule}
                for t in self.ties
            ],
            "notes": list(self.notes),
        }
        if self.seats is not None:
            out["seats"] = dict(self.seats)
        return out

    def count_sheet(self) -> str:
        """The count as plain text, one block per round."""
        lines = [f"Method: {self.method}"]
        for r in self.rounds:
            lines.append("")
            lines.append(f"Round {r.number}: {r.title}")
            if r.quota is not None:
                lines.append(f"  quota: {render_number(r.quota)}")
            width = max((len(name) for name in r.values), default=0)
            for name, value in r.values.items():
                lines.append(f"  {name.ljust(width)}  {render_number(value)}")
            if r.exhausted is not None:
                lines.append(f"  {'exhausted'.ljust(width)}  {render_number(r.exhausted)}")
            lines.extend(f"  - {event}" for event in r.events)
        for t in self.ties:
            lines.append(f"Tie ({t.purpose}) among {', '.join(t.tied)}: {t.chosen} by {t.rule}")
        if self.seats is not None:
            lines.append("")
            lines.append("Seats: " + ", ".join(f"{p} {n}" for p, n in self.seats.items()))
        lines.append("")
        lines.append("Elected: " + (", ".join(self.elected) if self.elected else "nobody"))
        lines.extend(f"Note: {n}" for n in self.notes)
        return "\n".join(lines)


def render_number(value: Number) -> str:
    """Integers and decimals as written; fractions as ``p/q`` (exact)."""
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value}"
    return str(value)


def _json_number(value: Number) -> int | str:
    if isinstance(value, int):
        return value
    return render_number(value)


def _round_json(r: Round) -> dict[str, Any]:
    out: dict[str, Any] = {
        "number": r.number,
        "title": r.title,
        "values": {k: _json_number(v) for k, v in r.values.items()},
        "events": list(r.events),
    }
    if r.quota is not None:
        out["quota"] = _json_number(r.quota)
    if r.exhausted is not None:
        out["exhausted"] = _json_number(r.exhausted)
    return out
