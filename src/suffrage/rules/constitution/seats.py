"""Seats from a representation rule: one deputy per N voters or inhabitants, rounded, bounded.

The computation is exact: the quotient is a :class:`~fractions.Fraction`, the rounding is
the one the rule states (``floor``, ``ceil`` or ``half-up``), then ``minimum`` and
``maximum`` apply. :class:`SeatComputation` keeps every step for the explanation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from suffrage.errors import ConstitutionError
from suffrage.rules.constitution.model import Rounding, SeatRule

__all__ = ["SeatComputation", "compute_seats", "round_share"]


@dataclass(frozen=True, slots=True)
class SeatComputation:
    """How a number of seats was reached: count / per -> rounded -> bounded."""

    seats: int
    basis: str
    count: int
    per: int | None
    quotient: Fraction | None
    rounded: int | None

    def explain(self) -> str:
        if self.per is None or self.quotient is None:
            return f"{self.seats} fixed"
        text = f"{self.count} {self.basis} / {self.per} = {_show(self.quotient)} -> {self.rounded}"
        if self.rounded != self.seats:
            text += f" -> {self.seats} (bounds)"
        return text


def compute_seats(
    rule: SeatRule, *, voters: int, inhabitants: int, members: int = 0
) -> SeatComputation:
    """The seats ``rule`` gives a constituency or council with these counts."""
    if voters < 0 or inhabitants < 0 or members < 0:
        raise ConstitutionError("voters, inhabitants and members cannot be negative")
    if rule.basis == "fixed":
        assert rule.seats is not None
        return SeatComputation(rule.seats, "fixed", 0, None, None, None)
    assert rule.per is not None
    count = {"voters": voters, "inhabitants": inhabitants, "members": members}[rule.basis]
    quotient = Fraction(count, rule.per)
    rounded = round_share(quotient, rule.rounding)
    seats = max(rounded, rule.minimum)
    if rule.maximum is not None:
        seats = min(seats, rule.maximum)
    return SeatComputation(seats, rule.basis, count, rule.per, quotient, rounded)


def round_share(value: Fraction, rounding: Rounding) -> int:
    """``value`` rounded down, up, or to nearest with halves up."""
    if rounding == "floor":
        return math.floor(value)
    if rounding == "ceil":
        return math.ceil(value)
    return math.floor(value + Fraction(1, 2))


def _show(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.3f}".rstrip("0")
