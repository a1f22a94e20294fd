"""Checks and selections every multi-winner method shares: the seat count, top-k picks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from suffrage.errors import CountError
from suffrage.rules.result import Number, TieBreak
from suffrage.rules.ties import TiePolicy

__all__ = ["DEFAULT_TIES", "check_seats", "top_k"]

#: The tie policy a count uses when the caller gives none (earlier rounds, then lot).
DEFAULT_TIES = TiePolicy()


def check_seats(seats: int, candidates: int) -> None:
    """Raise :class:`CountError` unless 1 <= ``seats`` <= ``candidates``."""
    if isinstance(seats, bool) or not isinstance(seats, int):
        raise CountError(f"seats must be an integer, got {seats!r}")
    if seats < 1:
        raise CountError(f"seats must be at least 1, got {seats}")
    if seats > candidates:
        raise CountError(f"cannot fill {seats} seats from {candidates} candidates")


def top_k(
    names: Sequence[str],
    totals: Mapping[str, Number],
    k: int,
    ties: TiePolicy,
    purpose: str,
) -> tuple[tuple[str, ...], tuple[TieBreak, ...]]:
    """The ``k`` names with the highest totals, highest first.

    Candidates tied across the last seat are ordered by lot (``ties.lot_order``), and
    the draw is reported as a :class:`TieBreak`.
    """
    ordered = sorted(names, key=lambda n: totals[n], reverse=True)
    if k >= len(ordered):
        return tuple(ordered), ()
    cut = totals[ordered[k - 1]]
    if totals[ordered[k]] != cut:
        return tuple(ordered[:k]), ()
    above = [n for n in ordered if totals[n] > cut]
    tied = [n for n in ordered if totals[n] == cut]
    drawn = ties.lot_order(tied, purpose)
    chosen = drawn[: k - len(above)]
    breaks = tuple(
        TieBreak(purpose, tuple(tied), name, f"lot (seed {ties.seed.hex()})") for name in chosen
    )
    return tuple(above) + tuple(chosen), breaks
