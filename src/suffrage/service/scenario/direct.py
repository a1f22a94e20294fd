"""The direct elections: seats per constituency, nominations, the vote, validity, deputies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction

from suffrage.errors import ScenarioError
from suffrage.rules.constitution import (
    Constitution,
    Nominee,
    ValidityOutcome,
    check_nominations,
    check_validity,
    compute_seats,
)
from suffrage.service.scenario.contests import (
    ContestOutcome,
    SecretBox,
    recount,
    run_contest,
    slug,
    spec_for,
)
from suffrage.service.scenario.electorate import Elector, leanings
from suffrage.service.scenario.model import Candidate, Scenario, Unit
from suffrage.service.scenario.report import ConstituencyResult, Deputy, RunReport

__all__ = [
    "check_units",
    "direct_totals",
    "elect_constituency",
    "nominees_of",
    "seat_deputies",
    "threshold_over_all",
    "validity_of",
]


def check_units(constitution: Constitution, scenario: Scenario) -> None:
    """Every unit is of a constituency kind the constitution knows, with a representation rule."""
    kinds = constitution.constituencies.unit_kinds
    for i, unit in enumerate(scenario.units):
        if not constitution.constituencies.accepts(unit.kind):
            raise ScenarioError(
                f"scenario.units[{i}].kind: {unit.kind!r} is not a constituency kind of "
                f"{constitution.id} ({', '.join(kinds)})"
            )
        if constitution.body == "council" and constitution.seat_rule(unit.unit_class) is None:
            known = ", ".join(constitution.representation)
            raise ScenarioError(
                f"scenario.units[{i}].class: {unit.unit_class!r} has no representation rule "
                f"in {constitution.id} ({known})"
            )


def nominees_of(scenario: Scenario, candidates: Sequence[Candidate]) -> list[Nominee]:
    """Nominations as the rules see them: the nominating organization's kind, signatures."""
    out = []
    for c in candidates:
        org = scenario.organizations.get(c.organization) if c.organization else None
        party = c.party or (org.party if org else None)
        kind = org.kind if org else None
        out.append(Nominee(c.name, party, c.organization, kind, c.electors, c.vetted))
    return out


def candidates_of(scenario: Scenario, unit: Unit, seats: int) -> list[Candidate]:
    """The unit's own candidates, its party slates (one per seat) and late nominations."""
    stratum = max(unit.groups, key=lambda g: g.count).stratum
    slates = [
        Candidate(f"{party}-{unit.id}-{k}", party, stratum, party, 0, True)
        for party in unit.slates
        for k in range(1, seats + 1)
    ]
    late = [c for e in scenario.events if e.unit == unit.id for c in e.candidates]
    return [*unit.candidates, *slates, *late]


def elect_constituency(
    constitution: Constitution,
    scenario: Scenario,
    unit: Unit,
    electors: list[Elector],
    report: RunReport,
    secret_box: SecretBox | None,
) -> None:
    """Compute the unit's seats, check nominations, hold the vote, seat the deputies."""
    voters = len(electors) * scenario.scale
    rule = constitution.seat_rule(unit.unit_class)
    assert rule is not None  # check_units has run
    computed = compute_seats(rule, voters=voters, inhabitants=unit.inhabitants)
    candidates = candidates_of(scenario, unit, computed.seats)
    assert constitution.nomination is not None
    nominees = nominees_of(scenario, candidates)
    check = check_nominations(constitution.nomination, nominees, seats=computed.seats)
    outcome = validity = first_round = None
    if check.accepted and computed.seats and electors:
        names = [(n.name, n.party) for n in check.accepted]
        contest_id = slug(f"{constitution.tiers[0].id}-{unit.id}")
        spec = spec_for(contest_id, unit.id, constitution.ballot, computed.seats, names, unit.id)
        outcome = run_contest(spec, leanings(electors), seed=scenario.seed, secret_box=secret_box)
        report.contests.append(outcome)
        validity = validity_of(constitution, outcome, len(electors))
        if not validity.valid and validity.action == "runoff" and _can_runoff(outcome):
            first_round = outcome
            outcome, validity = _runoff(constitution, scenario, outcome, electors, secret_box)
            report.contests.append(outcome)
    persons = sum(g.count for g in unit.groups)
    result = ConstituencyResult(
        unit.id,
        unit.council,
        unit.unit_class,
        persons,
        len(electors),
        voters,
        unit.inhabitants,
        computed.seats,
        computed.explain(),
        check,
        outcome,
        validity,
        first_round,
    )
    report.constituencies.append(result)
    if outcome is not None and validity is not None and validity.valid:
        seat_deputies(report, constitution.tiers[0].id, unit, outcome, candidates)


def _can_runoff(outcome: ContestOutcome) -> bool:
    spec = outcome.spec
    return spec.ballot.kind == "choose-one" and spec.seats == 1 and len(spec.candidates) > 2


def _runoff(
    constitution: Constitution,
    scenario: Scenario,
    first: ContestOutcome,
    electors: list[Elector],
    secret_box: SecretBox | None,
) -> tuple[ContestOutcome, ValidityOutcome]:
    """A second ballot between the two leaders of the first (ties: the earlier nominee)."""
    spec = first.spec
    order = sorted(
        spec.candidates, key=lambda c: (-first.marks.get(c, 0), spec.candidates.index(c))
    )
    names = [(c, spec.party_of.get(c)) for c in order[:2]]
    title = f"{spec.title}, second ballot"
    runoff = spec_for(slug(f"{spec.id}-runoff"), title, spec.ballot, 1, names, spec.constituency)
    outcome = run_contest(runoff, leanings(electors), seed=scenario.seed, secret_box=secret_box)
    rules = replace(constitution.validity, majority="none")
    validity = check_validity(
        rules, registered=len(electors), cast=outcome.cast, valid=outcome.cast, leader_votes=0
    )
    return outcome, validity


def seat_deputies(
    report: RunReport,
    tier: str,
    unit: Unit,
    outcome: ContestOutcome,
    candidates: Sequence[Candidate],
) -> list[Deputy]:
    """Add the elected of ``outcome`` to the unit's council at ``tier``."""
    by_name = {c.name: c for c in candidates}
    council = report.councils.setdefault(tier, {}).setdefault(unit.council, [])
    seated = []
    for name in outcome.elected:
        cand = by_name[name]
        party = cand.party or outcome.spec.party_of.get(name)
        seated.append(Deputy(name, party, cand.stratum, unit.id, unit.council, tier))
    council.extend(seated)
    return seated


def validity_of(
    constitution: Constitution, outcome: ContestOutcome, registered: int
) -> ValidityOutcome:
    """Turnout and majority of a direct contest under the constitution's validity rules."""
    marks = outcome.marks
    kind = outcome.spec.ballot.kind
    if kind == "keep-strike":
        leader = max((marks.get(c, 0) for c in outcome.spec.candidates), default=0)
    elif outcome.spec.seats == 1 and outcome.elected and kind == "choose-one":
        leader = marks.get(outcome.elected[0], 0)
    else:
        leader = outcome.cast
    return check_validity(
        constitution.validity,
        registered=registered,
        cast=outcome.cast,
        valid=outcome.cast,
        leader_votes=leader,
    )


def threshold_over_all(constitution: Constitution, scenario: Scenario, report: RunReport) -> None:
    """Party lists under a threshold of all votes are excluded; every unit is counted again."""
    ballot = constitution.ballot
    if ballot.kind != "party-votes" or ballot.threshold is None or ballot.threshold_scope != "all":
        return
    totals: dict[str, int] = {}
    for c in report.constituencies:
        for party, n in (c.outcome.marks if c.outcome else {}).items():
            totals[party] = totals.get(party, 0) + n
    cast = sum(totals.values())
    below = frozenset(p for p, n in totals.items() if cast and Fraction(n, cast) < ballot.threshold)
    direct = constitution.tiers[0].id
    report.contests.clear()
    report.councils.pop(direct, None)
    for i, c in enumerate(report.constituencies):
        if c.outcome is None:
            continue
        outcome = recount(c.outcome, below & frozenset(c.outcome.spec.lists), scenario.seed)
        report.contests.append(outcome)
        report.constituencies[i] = replace(c, outcome=outcome)
        unit = scenario.unit(c.unit)
        if c.validity is None or c.validity.valid:
            seat_deputies(report, direct, unit, outcome, candidates_of(scenario, unit, c.seats))


def direct_totals(report: RunReport) -> dict[str, tuple[int, int]]:
    """Voters (scaled) and inhabitants of each council of the direct tier."""
    totals: dict[str, tuple[int, int]] = {}
    for c in report.constituencies:
        voters, inhabitants = totals.get(c.council, (0, 0))
        totals[c.council] = (voters + c.voters, inhabitants + c.inhabitants)
    return totals
