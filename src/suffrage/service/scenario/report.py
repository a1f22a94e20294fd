"""What a scenario run produces: constituencies, councils per tier, strata, events, records."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from suffrage.rules.constitution import (
    DelegationSeats,
    Eligibility,
    NominationCheck,
    PlebisciteOutcome,
    ValidityOutcome,
)
from suffrage.service.scenario.contests import ContestOutcome

__all__ = ["ConstituencyResult", "Deputy", "EventResult", "RunReport"]


@dataclass(frozen=True, slots=True)
class Deputy:
    name: str
    party: str | None
    stratum: str | None
    unit: str
    council: str
    tier: str


@dataclass(frozen=True, slots=True)
class ConstituencyResult:
    unit: str
    council: str
    unit_class: str
    persons: int
    registered: int
    voters: int
    inhabitants: int
    seats: int
    how: str
    nominations: NominationCheck | None
    outcome: ContestOutcome | None
    validity: ValidityOutcome | None
    first_round: ContestOutcome | None = None  # when ``outcome`` is a second ballot
    repeat: str | None = None  # "runoff" or "new-election" when the first failed


@dataclass(frozen=True, slots=True)
class EventResult:
    kind: str
    subject: str
    notes: tuple[str, ...]
    changes: tuple[str, ...] = ()


@dataclass
class RunReport:
    scenario: str
    constitution: str
    secrecy: str
    franchise: list[tuple[str, str, Eligibility]] = field(default_factory=list)
    constituencies: list[ConstituencyResult] = field(default_factory=list)
    councils: dict[str, dict[str, list[Deputy]]] = field(default_factory=dict)
    delegations: list[DelegationSeats] = field(default_factory=list)
    contests: list[ContestOutcome] = field(default_factory=list)
    events: list[EventResult] = field(default_factory=list)
    plebiscite: PlebisciteOutcome | None = None
    notes: list[str] = field(default_factory=list)
    modelling: list[str] = field(default_factory=list)  # the constitution's modelling choices
    chambers: dict[str, list[ConstituencyResult]] = field(default_factory=dict)
    districts: dict[str, dict[str, int]] = field(default_factory=dict)  # chamber district: units

    def all_constituencies(self) -> list[ConstituencyResult]:
        """The first chamber's constituencies, then every other chamber's districts."""
        return [*self.constituencies, *(c for cs in self.chambers.values() for c in cs)]

    def vacancies(self) -> list[tuple[str, int, str]]:
        """Direct seats left empty: (unit, seats empty, why)."""
        out = []
        for c in self.all_constituencies():
            if not c.seats:
                continue
            filled = len(c.outcome.elected) if c.outcome and c.validity and c.validity.valid else 0
            if filled < c.seats:
                why = "; ".join(c.validity.notes) if c.validity and not c.validity.valid else ""
                if c.outcome is None:
                    why = "no vote held (no accepted nomination or no elector)"
                if c.validity is not None and not c.validity.valid:
                    why = f"{why} ({c.validity.action} due)" if c.validity.action != "none" else why
                out.append((c.unit, c.seats - filled, why or "too few candidates"))
        return out

    def refusals(self) -> list[tuple[str, str, str]]:
        """Refused nominations: (unit, name, reason)."""
        return [
            (c.unit, n.name, reason)
            for c in self.all_constituencies()
            if c.nominations is not None
            for n, reason in c.nominations.rejected
        ]

    def strata(self) -> dict[str, dict[str, int]]:
        """Per stratum: persons, electors, and seats at each tier."""
        out: dict[str, dict[str, int]] = {}
        for _, stratum, eligibility in self.franchise:
            row = out.setdefault(stratum, {"persons": 0, "electors": 0})
            row["persons"] += 1
            row["electors"] += int(eligibility.eligible)
        for tier, councils in self.councils.items():
            counts = Counter(d.stratum or "-" for ds in councils.values() for d in ds)
            for stratum in out:
                out[stratum][tier] = counts.get(stratum, 0)
            for stratum, n in counts.items():
                out.setdefault(stratum, {"persons": 0, "electors": 0})[tier] = n
        return out

    def parties(self) -> dict[str, dict[str, int]]:
        """Per tier: seats per party (independents under their own name)."""
        return {
            tier: dict(Counter(d.party or d.name for ds in councils.values() for d in ds))
            for tier, councils in self.councils.items()
        }

    def excluded(self) -> list[tuple[str, tuple[str, ...]]]:
        return [(e.person, e.reasons) for _, _, e in self.franchise if not e.eligible]

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "constitution": self.constitution,
            "secrecy": self.secrecy,
            "excluded": [{"person": p, "reasons": list(r)} for p, r in self.excluded()],
            "constituencies": [_constituency_json(c) for c in self.constituencies],
            "chambers": {
                chamber: [_constituency_json(c) for c in cs]
                for chamber, cs in self.chambers.items()
            },
            "delegations": [
                {"from": d.source, "to": d.target, "tier": d.tier, "seats": d.seats, "how": d.how}
                for d in self.delegations
            ],
            "councils": {
                tier: {cid: [_deputy_json(d) for d in ds] for cid, ds in councils.items()}
                for tier, councils in self.councils.items()
            },
            "parties": self.parties(),
            "strata": self.strata(),
            "events": [
                {
                    "kind": e.kind,
                    "subject": e.subject,
                    "notes": list(e.notes),
                    "changes": list(e.changes),
                }
                for e in self.events
            ],
            "notes": list(self.notes),
            "modelling_choices": list(self.modelling),
            "vacancies": [{"unit": u, "seats": n, "why": w} for u, n, w in self.vacancies()],
            "plebiscite": None
            if self.plebiscite is None
            else {
                "approved": self.plebiscite.approved,
                "winner": self.plebiscite.winner,
                "units_approving": self.plebiscite.units_approving,
                "notes": list(self.plebiscite.notes),
            },
        }


def _deputy_json(d: Deputy) -> dict[str, Any]:
    return {"name": d.name, "party": d.party, "stratum": d.stratum, "unit": d.unit}


def _constituency_json(c: ConstituencyResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "unit": c.unit,
        "council": c.council,
        "class": c.unit_class,
        "persons": c.persons,
        "registered": c.registered,
        "voters": c.voters,
        "inhabitants": c.inhabitants,
        "seats": c.seats,
        "how": c.how,
    }
    if c.nominations is not None:
        out["rejected_nominations"] = [
            {"name": n.name, "reason": r} for n, r in c.nominations.rejected
        ]
    if c.outcome is not None:
        out["cast"] = c.outcome.cast
        out["marks"] = dict(c.outcome.marks)
        out["elected"] = list(c.outcome.elected)
        out["count"] = c.outcome.result
        out["notes"] = list(c.outcome.notes)
    if c.first_round is not None:
        out["first_round"] = {"cast": c.first_round.cast, "marks": dict(c.first_round.marks)}
        out["repeat"] = c.repeat
    if c.validity is not None:
        out["valid"] = c.validity.valid
        out["action"] = c.validity.action
        out["validity_notes"] = list(c.validity.notes)
    return out
