"""Every measure of one run: seats by party and stratum per tier, electors per deputy by
class, disproportionality, turnout, struck and void ballots, vacancies, refusals, exclusions.

Votes are the first tier's (a list vote, or a mark for a candidate counted to her party;
struck ballots are not votes for anyone). Every tier's ``gallagher`` is computed from the
``votes`` and ``seats`` printed next to it, so anyone can recompute it. Electors per deputy
of a class at a tier: the class's electors (scaled) divided by the seats attributable to
them, a unit's seats being its own deputies at the first tier and, higher up, each
delegation's seated delegates shared among the units beneath the sending council in
proportion to their electors.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from suffrage.rules.disproportionality import effective_number, gallagher, loosemore_hanby
from suffrage.service.scenario.contests import STRIKE_ALL
from suffrage.service.scenario.report import ConstituencyResult, RunReport

__all__ = ["measure_run"]


def measure_run(
    report: RunReport,
    classes: Mapping[str, str],
    parents: Mapping[str, str | None],
    *,
    scale: int,
    direct: str,
) -> dict[str, Any]:
    """The measures of ``report``; ``classes`` maps each roll person to her class."""
    eligible = [e.person for _, _, e in report.franchise if e.eligible]
    votes, struck, void, cast, registered = _votes(report.constituencies)
    out: dict[str, Any] = {
        "constitution": report.constitution,
        "secrecy": report.secrecy,
        "persons": len(report.franchise),
        "electors": len(eligible),
        "excluded": len(report.franchise) - len(eligible),
        "excluded_by_class": dict(
            Counter(classes.get(e.person, "?") for _, _, e in report.franchise if not e.eligible)
        ),
        "turnout": _ratio(cast, registered),
        "cast": cast,
        "struck": struck,
        "void": void,
        "vacancies": sum(n for _, n, _ in report.vacancies()),
        "refusals": len(report.refusals()),
        "repeats": sum(1 for c in report.all_constituencies() if c.repeat is not None),
        "votes": votes,
    }
    if report.plebiscite is not None:
        out["plebiscite"] = {
            "approved": report.plebiscite.approved,
            "winner": report.plebiscite.winner,
            "notes": list(report.plebiscite.notes),
        }
        out["tiers"] = []
        return out
    electors = _electors_by_unit(report, classes)
    out["tiers"] = [
        _tier(report, tier, votes, electors, parents, scale, direct) for tier in report.councils
    ]
    return out


def _votes(
    constituencies: Sequence[ConstituencyResult],
) -> tuple[dict[str, int], int, int, int, int]:
    """Votes by party, struck, void, cast (first ballots) and registered of a chamber."""
    votes: Counter[str] = Counter()
    struck = void = cast = registered = 0
    for c in constituencies:
        first = c.first_round or c.outcome
        registered += c.registered
        if first is None:
            continue
        cast += first.cast
        if c.outcome is None:
            continue
        for option, n in c.outcome.marks.items():
            if option == STRIKE_ALL:
                struck += n
            else:
                votes[c.outcome.spec.party_of.get(option) or option] += n
        rounds = c.outcome.result.get("rounds", [])
        for r in rounds if isinstance(rounds, list) else []:
            values = r.get("values", {}) if isinstance(r, dict) else {}
            void += int(values.get("invalid ballots", 0) or 0)
    return dict(votes), struck, void, cast, registered


def _electors_by_unit(report: RunReport, classes: Mapping[str, str]) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = {}
    for unit, _, e in report.franchise:
        if e.eligible:
            out.setdefault(unit, Counter())[classes.get(e.person, "?")] += 1
    return out


def _tier(
    report: RunReport,
    tier: str,
    votes: Mapping[str, int],
    electors: Mapping[str, Counter[str]],
    parents: Mapping[str, str | None],
    scale: int,
    direct: str,
) -> dict[str, Any]:
    deputies = [d for ds in report.councils[tier].values() for d in ds]
    if tier in report.chambers:  # a second chamber: its own votes
        votes = _votes(report.chambers[tier])[0]
    seats = dict(Counter(d.party or d.name for d in deputies))
    attributed = _attributed(report, tier, electors, parents, direct)
    per_class: dict[str, Any] = {}
    totals: Counter[str] = Counter()
    for unit_electors in electors.values():
        totals.update(unit_electors)
    for cls, n in sorted(totals.items()):
        weight = sum(
            (Fraction(e[cls], sum(e.values())) * attributed.get(u, Fraction(0)))
            for u, e in electors.items()
            if e[cls]
        )
        per_class[cls] = round(float(n * scale / weight), 1) if weight else None
    lh = loosemore_hanby(votes, seats)
    enp_v, enp_s = effective_number(votes), effective_number(seats)
    g = gallagher(votes, seats)
    return {
        "tier": tier,
        "chamber": tier in report.chambers,  # a second chamber, not a tier of delegates
        "deputies": len(deputies),
        "seats": seats,
        "votes": dict(votes),
        "strata": dict(Counter(d.stratum or "-" for d in deputies)),
        "electors_per_deputy": per_class,
        "gallagher": None if g is None else round(g, 3),
        "loosemore_hanby": None if lh is None else round(float(lh), 3),
        "enp_votes": None if enp_v is None else round(float(enp_v), 3),
        "enp_seats": None if enp_s is None else round(float(enp_s), 3),
    }


def _attributed(
    report: RunReport,
    tier: str,
    electors: Mapping[str, Counter[str]],
    parents: Mapping[str, str | None],
    direct: str,
) -> dict[str, Fraction]:
    """Seats of ``tier`` attributable to each direct unit."""
    units = {c.unit: c.council for c in report.constituencies}
    out: dict[str, Fraction] = {}
    if tier in report.chambers:
        for deputy in (d for ds in report.councils[tier].values() for d in ds):
            parts = report.districts.get(deputy.unit, {})
            total = sum(parts.values())
            for u, n in parts.items():
                out[u] = out.get(u, Fraction(0)) + Fraction(n, total)
        return out
    if tier == direct:
        seated = Counter(d.unit for ds in report.councils[tier].values() for d in ds)
        return {u: Fraction(n) for u, n in seated.items()}
    for d in (d for d in report.delegations if d.tier == tier):
        source_tier = next((t for t, cs in report.councils.items() if d.source in cs), None)
        members = len(report.councils.get(source_tier or "", {}).get(d.source, []))
        sent = min(d.seats, members)
        beneath = [u for u, council in units.items() if _under(council, d.source, parents)]
        total = sum(sum(electors.get(u, Counter()).values()) for u in beneath)
        for u in beneath:
            share = Fraction(sum(electors.get(u, Counter()).values()), total) if total else 0
            out[u] = out.get(u, Fraction(0)) + sent * share
    return out


def _under(council: str, ancestor: str, parents: Mapping[str, str | None]) -> bool:
    current: str | None = council
    seen: set[str] = set()
    while current is not None and current not in seen:
        if current == ancestor:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None
