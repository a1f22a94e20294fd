"""Quota STV by whole-paper transfers: the Scottish rules, weighted inclusive and
last-parcel Gregory.

* ``stv-scottish``: The Scottish Local Government Elections Order 2007 (SSI 2007/42),
  Schedule 1, rules 45-52. Integer Droop quota; every paper of an elected candidate moves
  with the surplus at (surplus x value when received) / total, to five decimal places
  with the remainder ignored. Values are integers scaled by 10^5, which is exact.
* ``stv-wig``: the same weighted inclusive Gregory transfers in exact fractions.
* ``stv-gregory``: last-parcel Gregory in exact fractions: only the parcel that made the
  candidate's total exceed the quota moves, each paper at value x surplus / parcel value
  (never above its value).

The counts are explained stage by stage; see ``docs/rules/stv.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from suffrage.errors import CountError
from suffrage.rules.ballots import RankedProfile
from suffrage.rules.multi.rankings import StrictBallots, strict_ballots
from suffrage.rules.multi.seats import DEFAULT_TIES
from suffrage.rules.multi.transfers import Arithmetic, Outcome, run_count
from suffrage.rules.result import Result
from suffrage.rules.ties import TiePolicy

__all__ = ["SCOTTISH", "count_gregory", "count_scottish", "count_wig", "droop_quota"]

SCALE = 10**5  # five decimal places (SSI 2007/42, Schedule 1, rule 48(3))


def droop_quota(valid: int, seats: int) -> int:
    """floor(valid / (seats + 1)) + 1: the quota of SSI 2007/42, Schedule 1, rule 46."""
    return valid // (seats + 1) + 1


def _scaled_show(value: int) -> Decimal:
    return Decimal(value).scaleb(-5)


SCOTTISH: Arithmetic[int] = Arithmetic(
    zero=0,
    unit=SCALE,
    quota=lambda valid, seats: droop_quota(valid, seats) * SCALE,
    # surplus, value and total are all scaled by 10^5, so s*v/t is the transfer value
    # scaled by 10^5; floor division ignores the remainder beyond five decimals.
    transfer=lambda surplus, value, total: surplus * value // total,
    show=_scaled_show,
    rounding="calculated to five decimal places, remainder ignored",
)

_EXACT_WIG: Arithmetic[Fraction] = Arithmetic(
    zero=Fraction(0),
    unit=Fraction(1),
    quota=lambda valid, seats: Fraction(droop_quota(valid, seats)),
    transfer=lambda surplus, value, total: surplus * value / total,
    show=lambda v: v,
    rounding="exact",
)

_EXACT_LAST_PARCEL: Arithmetic[Fraction] = Arithmetic(
    zero=Fraction(0),
    unit=Fraction(1),
    quota=lambda valid, seats: Fraction(droop_quota(valid, seats)),
    transfer=lambda surplus, value, parcel: surplus * value / parcel,
    show=lambda v: v,
    last_parcel=True,
    rounding="exact",
)


def count_scottish(
    profile: RankedProfile, *, seats: int, ties: TiePolicy = DEFAULT_TIES, **options: Any
) -> Result:
    """Scottish STV (SSI 2007/42, Schedule 1, rules 45-52)."""
    return _count(
        "stv-scottish", profile, seats, options, lambda b: run_count(b, seats, SCOTTISH, ties)
    )


def count_wig(
    profile: RankedProfile, *, seats: int, ties: TiePolicy = DEFAULT_TIES, **options: Any
) -> Result:
    """STV with weighted inclusive Gregory transfers in exact arithmetic."""
    return _count(
        "stv-wig", profile, seats, options, lambda b: run_count(b, seats, _EXACT_WIG, ties)
    )


def count_gregory(
    profile: RankedProfile, *, seats: int, ties: TiePolicy = DEFAULT_TIES, **options: Any
) -> Result:
    """STV with last-parcel Gregory transfers in exact arithmetic."""
    return _count(
        "stv-gregory",
        profile,
        seats,
        options,
        lambda b: run_count(b, seats, _EXACT_LAST_PARCEL, ties),
    )


def _count(
    method: str,
    profile: RankedProfile,
    seats: int,
    options: dict[str, Any],
    run: Callable[[StrictBallots], Outcome],
) -> Result:
    if options:
        raise CountError(f"{method} takes no options, got {', '.join(sorted(options))}")
    ballots = strict_ballots(profile, seats)
    outcome = run(ballots)
    return Result(
        method=method,
        candidates=profile.candidates,
        elected=outcome.elected,
        rounds=outcome.rounds,
        ties=outcome.ties,
        notes=ballots.notes(),
    )
