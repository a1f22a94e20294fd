"""Recall: a petition of a share of the deputy's electors, then a recall vote.

The seat is vacated when the vote carries; the caller then holds the by-election and
re-forms every tier above (see :mod:`suffrage.rules.constitution.tiers`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from suffrage.rules.constitution.model import Recall

__all__ = ["RecallOutcome", "petition_threshold", "recall_outcome"]


@dataclass(frozen=True, slots=True)
class RecallOutcome:
    petition_ok: bool
    carried: bool
    notes: tuple[str, ...]


def petition_threshold(rules: Recall, electors: int) -> int:
    """Signatures needed: the petition share of the electors, rounded up."""
    return math.ceil(rules.petition_share * electors)


def recall_outcome(
    rules: Recall, *, electors: int, signatures: int, recall: int, keep: int
) -> RecallOutcome:
    """Decide a recall from the petition and the votes for recalling and for keeping."""
    needed = petition_threshold(rules, electors)
    if signatures < needed:
        note = f"petition has {signatures} of the {needed} signatures needed"
        return RecallOutcome(False, False, (note,))
    cast = recall + keep
    if rules.turnout_quorum is not None and Fraction(cast, max(electors, 1)) < rules.turnout_quorum:
        note = f"turnout {cast}/{electors} below the quorum of {rules.turnout_quorum}"
        return RecallOutcome(True, False, (note,))
    base = electors if rules.vote_majority_of == "electors" else cast
    carried = 2 * recall > base
    word = "carried" if carried else "failed"
    note = f"recall {word}: {recall} for recall of {base} {rules.vote_majority_of}"
    return RecallOutcome(True, carried, (note,))
