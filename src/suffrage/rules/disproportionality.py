"""Measures of how seats follow votes: Gallagher, Loosemore-Hanby, effective number of parties.

Each takes ``votes`` and ``seats`` as mappings party -> count (a party may appear in
one only) and compares the shares over the union of the parties. Shares are exact
fractions; Gallagher's square root is the only inexact step.

* Gallagher least-squares index: ``sqrt(1/2 * sum (v_i - s_i)^2)`` in percentage points
  (M. Gallagher, "Proportionality, disproportionality and electoral systems", Electoral
  Studies 10 (1991) 33-51).
* Loosemore-Hanby index: ``1/2 * sum |v_i - s_i|`` in percentage points (J. Loosemore and
  V. J. Hanby, British Journal of Political Science 1 (1971) 467-477).
* Effective number of parties: ``1 / sum p_i^2`` (M. Laakso and R. Taagepera,
  Comparative Political Studies 12 (1979) 3-27), of votes or of seats.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

__all__ = ["effective_number", "gallagher", "loosemore_hanby", "shares"]


def shares(counts: Mapping[str, int]) -> dict[str, Fraction]:
    """Each party's share of the total (empty when the total is zero)."""
    if any(n < 0 for n in counts.values()):
        raise ValueError("counts cannot be negative")
    total = sum(counts.values())
    if total == 0:
        return {}
    return {party: Fraction(n, total) for party, n in counts.items()}


def _gaps(votes: Mapping[str, int], seats: Mapping[str, int]) -> list[Fraction] | None:
    v, s = shares(votes), shares(seats)
    if not v or not s:
        return None
    parties = dict.fromkeys([*votes, *seats])
    return [100 * (v.get(p, Fraction(0)) - s.get(p, Fraction(0))) for p in parties]


def gallagher(votes: Mapping[str, int], seats: Mapping[str, int]) -> float | None:
    """The least-squares index in percentage points; None without votes or seats."""
    gaps = _gaps(votes, seats)
    if gaps is None:
        return None
    return math.sqrt(float(sum(g * g for g in gaps) / 2))


def loosemore_hanby(votes: Mapping[str, int], seats: Mapping[str, int]) -> Fraction | None:
    """Half the sum of absolute gaps, in percentage points; None without votes or seats."""
    gaps = _gaps(votes, seats)
    if gaps is None:
        return None
    return sum((abs(g) for g in gaps), Fraction(0)) / 2


def effective_number(counts: Mapping[str, int]) -> Fraction | None:
    """Laakso-Taagepera effective number; None when nothing was counted."""
    p = shares(counts)
    if not p:
        return None
    return 1 / sum((x * x for x in p.values()), Fraction(0))
