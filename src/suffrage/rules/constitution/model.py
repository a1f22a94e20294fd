"""A constitution as data: who votes, in which constituencies, for how many deputies, how.

Every object is frozen and validated by
:func:`~suffrage.rules.constitution.parse.parse_constitution`; the field names follow
the TOML schema documented in ``docs/constitutions/schema.md``.
Shares (quorums, majorities, thresholds) are exact :class:`~fractions.Fraction` values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

__all__ = [
    "Ballot",
    "Basis",
    "Chamber",
    "Constituencies",
    "Constitution",
    "Delegation",
    "Exclusion",
    "Franchise",
    "Nomination",
    "Plebiscite",
    "Recall",
    "Rounding",
    "SeatRule",
    "Secrecy",
    "Tier",
    "Validity",
]

Basis = Literal["voters", "inhabitants", "members", "fixed"]
Rounding = Literal["floor", "ceil", "half-up"]
Secrecy = Literal["secret", "open"]


@dataclass(frozen=True, slots=True)
class Exclusion:
    """One ground for losing the vote, with the reason recorded against each person excluded.

    Exactly one of ``category`` (everyone in that category, e.g. ``clergy``) and
    ``decision_by`` (only persons with an individual decision of that authority, e.g.
    ``court``) is set.
    """

    reason: str
    category: str | None = None
    decision_by: str | None = None


@dataclass(frozen=True, slots=True)
class Franchise:
    """Who may vote: an age, optionally a category or membership, minus the exclusions."""

    min_age: int
    eligible_categories: tuple[str, ...] = ()
    membership: str | None = None
    exclusions: tuple[Exclusion, ...] = ()


@dataclass(frozen=True, slots=True)
class Constituencies:
    """How electors are grouped: by territory or by production unit, and which unit kinds.

    ``"*"`` among the kinds accepts a unit of any kind.
    """

    kind: Literal["territorial", "production"]
    unit_kinds: tuple[str, ...]

    def accepts(self, unit_kind: str) -> bool:
        return unit_kind in self.unit_kinds or "*" in self.unit_kinds


@dataclass(frozen=True, slots=True)
class SeatRule:
    """Seats from a count: one per ``per`` voters or inhabitants, rounded, then bounded.

    ``basis = "fixed"`` gives ``seats`` whatever the count; ``basis = "members"`` counts
    the members (deputies) of a lower council (1918 Art. 53(d): one delegate per ten
    members of a village soviet). ``inhabitants_below`` limits the rule to constituencies
    of fewer inhabitants (1918 Art. 57(b): village soviets only in settlements under 10,000).
    """

    basis: Basis
    per: int | None = None
    seats: int | None = None
    rounding: Rounding = "floor"
    minimum: int = 1
    maximum: int | None = None
    inhabitants_below: int | None = None


@dataclass(frozen=True, slots=True)
class Nomination:
    """Who may nominate, whether a commission vets candidates, limits per seat.

    ``candidates_must_be_electors``: the franchise governs the right to be elected too
    (1918 Art. 64 "the right to elect and to be elected"; 1936 Art. 135), so a candidate
    the franchise excludes is refused with the franchise's reasons.
    """

    electors_required: int | None
    organizations: tuple[str, ...]
    commission_vetting: bool = False
    max_candidates_per_seat: int | None = None
    party_lists: bool = False
    candidates_must_be_electors: bool = True


@dataclass(frozen=True, slots=True)
class Ballot:
    """Secret (encrypted, through the protocol) or open (roll-call); what is marked; the method."""

    secrecy: Secrecy
    kind: str
    method: str
    threshold: Fraction | None = None
    threshold_scope: Literal["constituency", "all"] = "all"
    max_score: int = 5


@dataclass(frozen=True, slots=True)
class Validity:
    """What makes a result valid, and what follows when it is not."""

    turnout_quorum: Fraction | None = None
    turnout_strict: bool = False
    majority: Literal["none", "absolute", "qualified"] = "none"
    qualified_share: Fraction | None = None
    majority_of: Literal["valid", "cast", "registered"] = "valid"
    on_no_quorum: Literal["new-election", "none"] = "none"
    on_no_majority: Literal["runoff", "new-election", "none"] = "none"


@dataclass(frozen=True, slots=True)
class Delegation:
    """Councils of tier ``source`` (optionally of one class) send delegates by ``rule``."""

    source: str
    rule: SeatRule
    council_class: str | None = None


@dataclass(frozen=True, slots=True)
class Tier:
    """A level of councils.

    The first tier is elected directly by the voters of its constituencies. A higher tier
    is formed by delegates elected by (and from) the deputies of lower councils: either
    ``delegations`` (seats per lower council by a ratio rule) or a fixed number of
    ``seats`` apportioned among the councils of ``sources`` by ``apportionment`` (a
    method id) in proportion to ``apportion_by``. ``delegate_weight`` says whether each
    deputy's vote counts once or in proportion to the electors behind it. ``maximum``
    caps the delegates one council of this tier receives from all its sources (1918
    Art. 53: at most 300 per gubernia or uezd congress, 500 per oblast congress).
    """

    id: str
    name: str
    direct: bool
    ballot: Ballot
    delegations: tuple[Delegation, ...] = ()
    seats: int | None = None
    apportionment: str | None = None
    apportion_by: Literal["voters", "inhabitants"] = "voters"
    sources: tuple[str, ...] = ()
    delegate_weight: Literal["equal", "voters", "inhabitants"] = "equal"
    maximum: int | None = None

    def source_tiers(self) -> tuple[str, ...]:
        """The tiers whose councils send delegates to this one."""
        if self.sources:
            return self.sources
        return tuple(dict.fromkeys(d.source for d in self.delegations))


@dataclass(frozen=True, slots=True)
class Chamber:
    """A second chamber elected directly by the same electors in other districts.

    Each region (a national-territorial unit) of a class in ``seats`` is divided into that
    many single-member districts (1936 Art. 35 and the 1937 Regulation, Art. 22: 25 per
    union republic, 11 per autonomous republic, 5 per autonomous region, 1 per national
    area). Nomination, ballot and validity are the constitution's.
    """

    id: str
    name: str
    seats: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class Recall:
    """Electors recall a deputy: a petition of a share of them, then a recall vote."""

    petition_share: Fraction
    vote_majority_of: Literal["votes", "electors"]
    turnout_quorum: Fraction | None = None
    by_election: bool = True


@dataclass(frozen=True, slots=True)
class Plebiscite:
    """A question put to the voters: options, quorum, majority, double majority."""

    options: tuple[str, ...]
    approve: str
    approval_share: Fraction = Fraction(1, 2)
    turnout_quorum: Fraction | None = None
    approval_quorum: Fraction | None = None
    double_majority: bool = False
    turnout_strict: bool = False


@dataclass(frozen=True, slots=True)
class Constitution:
    """A complete rule set. ``body`` is ``council`` (deputies) or ``plebiscite`` (a question)."""

    id: str
    name: str
    description: str
    sources: tuple[str, ...]
    body: Literal["council", "plebiscite"]
    franchise: Franchise
    constituencies: Constituencies
    ballot: Ballot
    validity: Validity
    representation: Mapping[str, SeatRule]
    nomination: Nomination | None
    tiers: tuple[Tier, ...]
    recall: Recall | None = None
    plebiscite: Plebiscite | None = None
    modelling_choices: tuple[str, ...] = ()
    chambers: tuple[Chamber, ...] = ()

    def seat_rule(self, unit_class: str) -> SeatRule | None:
        """The representation rule of a class, else of the ``default`` class, if any."""
        return self.representation.get(unit_class, self.representation.get("default"))

    def tier(self, tier_id: str) -> Tier:
        for tier in self.tiers:
            if tier.id == tier_id:
                return tier
        raise KeyError(tier_id)
