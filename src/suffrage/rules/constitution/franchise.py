"""Who may vote: each person's eligibility under a :class:`Franchise`, with the reasons.

Exclusions are recorded with the reason the constitution gives. An exclusion by
``decision_by`` applies only to a person holding an individual decision of that
authority (a court, a tribunal, a soviet); a category exclusion applies to everyone
in the category.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from suffrage.rules.constitution.model import Franchise

__all__ = ["Decision", "Eligibility", "Person", "evaluate_franchise"]


@dataclass(frozen=True, slots=True)
class Decision:
    """An individual decision by an authority (e.g. a court) affecting a person's rights."""

    authority: str
    reason: str


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    age: int
    categories: frozenset[str] = frozenset()
    memberships: frozenset[str] = frozenset()
    decisions: tuple[Decision, ...] = ()


@dataclass(frozen=True, slots=True)
class Eligibility:
    """The outcome for one person; ``reasons`` says why a person may not vote."""

    person: str
    eligible: bool
    reasons: tuple[str, ...] = ()


def evaluate_franchise(franchise: Franchise, person: Person) -> Eligibility:
    """Apply age, category, membership and exclusions to ``person``."""
    reasons: list[str] = []
    if person.age < franchise.min_age:
        reasons.append(f"under {franchise.min_age}")
    if franchise.eligible_categories and not person.categories & set(franchise.eligible_categories):
        reasons.append("in no eligible category (" + ", ".join(franchise.eligible_categories) + ")")
    if franchise.membership is not None and franchise.membership not in person.memberships:
        reasons.append(f"not a member of {franchise.membership}")
    reasons.extend(_exclusions(franchise, person))
    return Eligibility(person.id, not reasons, tuple(reasons))


def _exclusions(franchise: Franchise, person: Person) -> Iterable[str]:
    authorities = {d.authority: d for d in person.decisions}
    for exclusion in franchise.exclusions:
        if exclusion.category is not None and exclusion.category in person.categories:
            yield exclusion.reason
        elif exclusion.decision_by is not None and exclusion.decision_by in authorities:
            yield f"{exclusion.reason}: {authorities[exclusion.decision_by].reason}"
