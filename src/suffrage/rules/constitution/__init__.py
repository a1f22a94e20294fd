"""Constitutions: declarative rule sets that say how a body is elected.

A constitution (a TOML file, validated with errors that name the field) states the
franchise, the constituencies, the representation rules, nomination, the ballot, the
validity rules, tiers of councils, recall and plebiscites. This package is pure: it
evaluates those rules on plaintext data; running a whole scenario is a use case in
:mod:`suffrage.service.scenario`.
"""

from suffrage.rules.constitution.catalog import load_preset, preset_names, preset_text
from suffrage.rules.constitution.franchise import Decision, Eligibility, Person, evaluate_franchise
from suffrage.rules.constitution.model import (
    Ballot,
    Chamber,
    Constituencies,
    Constitution,
    Delegation,
    Exclusion,
    Franchise,
    Nomination,
    Plebiscite,
    Recall,
    SeatRule,
    Tier,
    Validity,
)
from suffrage.rules.constitution.nomination import NominationCheck, Nominee, check_nominations
from suffrage.rules.constitution.parse import parse_constitution, parse_constitution_text
from suffrage.rules.constitution.plebiscite import PlebisciteOutcome, decide_plebiscite
from suffrage.rules.constitution.recall import RecallOutcome, petition_threshold, recall_outcome
from suffrage.rules.constitution.seats import SeatComputation, compute_seats
from suffrage.rules.constitution.tiers import (
    Council,
    DelegationSeats,
    ancestor_at,
    delegation_seats,
    with_totals,
)
from suffrage.rules.constitution.validity import ValidityOutcome, check_validity

__all__ = [
    "Ballot",
    "Chamber",
    "Constituencies",
    "Constitution",
    "Council",
    "Decision",
    "Delegation",
    "DelegationSeats",
    "Eligibility",
    "Exclusion",
    "Franchise",
    "Nomination",
    "NominationCheck",
    "Nominee",
    "Person",
    "Plebiscite",
    "PlebisciteOutcome",
    "Recall",
    "RecallOutcome",
    "SeatComputation",
    "SeatRule",
    "Tier",
    "Validity",
    "ValidityOutcome",
    "ancestor_at",
    "check_nominations",
    "check_validity",
    "compute_seats",
    "decide_plebiscite",
    "delegation_seats",
    "evaluate_franchise",
    "load_preset",
    "parse_constitution",
    "parse_constitution_text",
    "petition_threshold",
    "preset_names",
    "preset_text",
    "recall_outcome",
    "with_totals",
]
