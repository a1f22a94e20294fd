"""The direct elections: seats per constituency, nominations, the vote, validity, deputies."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction

from suffrage.errors import ScenarioError
from suffrage.rules.constitution import (
    Constitution,
    Decision,
    Franchise,
    Nominee,
    Person,
    ValidityOutcome,
    check_nominations,
    check_validity,
    compute_seats,
    evaluate_franchise,
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
from suffrage.service.scenario.model import Candidate, Group, Scenario, Unit
from suffrage.service.scenario.report import ConstituencyResult, Deputy, RunReport

__all__ = [
    "candidates_of",
    "check_units",
    "direct_totals",
    "elect_constituency",
    "largest_remainder",
    "nominees_of",
    "person_of",
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
        rule = constitution.seat_rule(unit.unit_class)
        if constitution.body == "council" and rule is None:
            known = ", ".join(constitution.representation)
            raise ScenarioError(
                f"scenario.units[{i}].class: {unit.unit_class!r} has no representation rule "
                f"in {constitution.id} ({known})"
            )
        below = rule.inhabitants_below if rule is not None else None
        if below is not None and unit.inhabitants >= below:
            raise ScenarioError(
                f"scenario.units[{i}].inhabitants: {unit.inhabitants} inhabitants; the "
                f"{unit.unit_class!r} rule of {constitution.id} applies only below {below} "
                "(a larger settlement needs another class, e.g. a city soviet)"
            )


def nominees_of(
    scenario: Scenario, candidates: Sequence[Candidate], unit: Unit | None = None
) -> list[Nominee]:
    """Nominations as the rules see them: the nominating organization's kind, signatures,
    and the person who stands (for the right to be elected)."""
    out = []
    for c in candidates:
        org = scenario.organizations.get(c.organization) if c.organization else None
        party = c.party or (org.party if org else None)
        kind = org.kind if org else None
        person = person_of(c, unit)
        out.append(Nominee(c.name, party, c.organization, kind, c.electors, c.vetted, person))
    return out


def person_of(candidate: Candidate, unit: Unit | None) -> Person:
    """The candidate as a person: her own categories and age, else those of the unit's
    group of her stratum; an individual decision is only ever her own."""
    group = None
    if unit is not None:
        group = next((g for g in unit.groups if g.stratum == candidate.stratum), None)
    categories = candidate.categories
    if categories is None:
        own = frozenset({candidate.stratum}) if candidate.stratum else frozenset()
        categories = group.categories if group is not None else own
    age = candidate.age if candidate.age is not None else (group.age if group else 30)
    decisions = (Decision(*candidate.decision),) if candidate.decision else ()
    return Person(candidate.name, age, categories, frozenset(), decisions)


def candidates_of(
    scenario: Scenario, unit: Unit, seats: int, franchise: Franchise | None = None
) -> list[Candidate]:
    """The unit's own candidates, its party slates (one per seat) and late nominations.

    A slate's candidates come from the unit's groups in proportion to their members'
    support for the party (largest remainders), among the groups whose members may be
    elected when ``franchise`` is given; each candidate has her own group's stratum.
    """
    slates = [
        c
        for party in unit.slates
        for c in _slate(unit, party, _slate_size(unit, party, seats), franchise)
    ]
    late = [c for e in scenario.events if e.unit == unit.id for c in e.candidates]
    return [*unit.candidates, *slates, *late]


def _slate_size(unit: Unit, party: str, seats: int) -> int:
    """One candidate per seat, or the party's share of the seats rounded up (the lab)."""
    if unit.slate_shares is None or party not in unit.slate_shares:
        return seats
    return min(seats, math.ceil(unit.slate_shares[party] * seats))


def _slate(unit: Unit, party: str, seats: int, franchise: Franchise | None) -> list[Candidate]:
    supported = any(g.support.get(party) for g in unit.groups)
    groups = list(unit.groups)
    if franchise is not None:
        allowed = [g for g in groups if _eligible(franchise, g)]
        if supported and not any(g.support.get(party) for g in allowed):
            return []  # every supporter is barred from election: nobody to nominate
        groups = allowed or groups
    weights = [
        g.count * g.support.get(party, Fraction(0)) / sum(g.support.values()) for g in groups
    ]
    if not any(weights):
        weights = [Fraction(g.count) for g in groups]
    shares = largest_remainder(weights, seats)
    out: list[Candidate] = []
    for group, share in zip(groups, shares, strict=True):
        for _ in range(share):
            name = f"{party}-{unit.id}-{len(out) + 1}"
            out.append(
                Candidate(name, party, group.stratum, party, 0, True, group.categories, group.age)
            )
    return out


def _eligible(franchise: Franchise, group: Group) -> bool:
    person = Person("slate", group.age, group.categories, group.memberships)
    return evaluate_franchise(franchise, person).eligible


def largest_remainder(weights: Sequence[Fraction], seats: int) -> list[int]:
    """``seats`` shared in proportion to ``weights`` (Hamilton); ties go to the earlier."""
    total = sum(weights)
    if total <= 0:
        return [0] * len(weights)
    quotas = [w * seats / total for w in weights]
    floors = [int(q) for q in quotas]
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - floors[i]), i))
    for i in order[: seats - sum(floors)]:
        floors[i] += 1
    return floors


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
    if constitution.ballot.kind == "keep-strike" and computed.seats != 1:
        raise ScenarioError(
            f"unit {unit.id}: a keep-or-strike ballot elects one deputy, not {computed.seats}"
        )
    candidates = candidates_of(scenario, unit, computed.seats, constitution.franchise)
    assert constitution.nomination is not None
    nominees = nominees_of(scenario, candidates, unit)
    check = check_nominations(
        constitution.nomination, nominees, seats=computed.seats, franchise=constitution.franchise
    )
    outcome = validity = first_round = None
    repeat: str | None = None
    if check.accepted and computed.seats and electors:
        names = [(n.name, n.party) for n in check.accepted]
        contest_id = slug(f"{constitution.tiers[0].id}-{unit.id}")
        fill = computed.seats
        if constitution.ballot.kind != "party-votes":
            fill = min(fill, len(names))  # fewer candidates than seats: the rest stay vacant
        spec = spec_for(contest_id, unit.id, constitution.ballot, fill, names, unit.id)
        outcome = run_contest(
            spec, leanings(electors, scenario.model), seed=scenario.seed, secret_box=secret_box
        )
        report.contests.append(outcome)
        validity = validity_of(constitution, outcome, len(electors))
        if not validity.valid and validity.action in ("runoff", "new-election"):
            first_round, repeat = outcome, validity.action
            if repeat == "runoff" and not _can_runoff(outcome):
                repeat = "new-election"  # one name: there is no second to ballot against
            again = _runoff if repeat == "runoff" else _new_election
            outcome, validity = again(constitution, scenario, outcome, electors, secret_box)
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
        repeat,
    )
    report.constituencies.append(result)
    if outcome is not None and validity is not None and validity.valid:
        seat_deputies(report, constitution.tiers[0].id, unit, outcome, candidates)


def _can_runoff(outcome: ContestOutcome) -> bool:
    spec = outcome.spec
    if spec.ballot.kind == "keep-strike":
        return len(spec.candidates) >= 2
    return spec.ballot.kind == "choose-one" and spec.seats == 1 and len(spec.candidates) > 2


def _runoff(
    constitution: Constitution,
    scenario: Scenario,
    first: ContestOutcome,
    electors: list[Elector],
    secret_box: SecretBox | None,
) -> tuple[ContestOutcome, ValidityOutcome]:
    """A second ballot between the two leaders of the first (ties: the earlier nominee).

    On a keep-or-strike ballot the repeat ballot keeps the two names most often kept and
    elects the one kept more often (1937 Regulation; the article is not confirmed).
    """
    spec = first.spec
    order = sorted(
        spec.candidates, key=lambda c: (-first.marks.get(c, 0), spec.candidates.index(c))
    )
    names = [(c, spec.party_of.get(c)) for c in order[:2]]
    title = f"{spec.title}, second ballot"
    runoff = spec_for(slug(f"{spec.id}-runoff"), title, spec.ballot, 1, names, spec.constituency)
    outcome = run_contest(
        runoff, leanings(electors, scenario.model), seed=scenario.seed, secret_box=secret_box
    )
    if spec.ballot.kind == "keep-strike" and not outcome.elected:
        a, b = (outcome.marks.get(c, 0) for c in runoff.candidates)
        if a != b:
            leader = runoff.candidates[0 if a > b else 1]
            note = f"repeat ballot: {leader} is kept on more ballots ({max(a, b)} to {min(a, b)})"
            outcome = replace(outcome, elected=(leader,), notes=(*outcome.notes, note))
    rules = replace(constitution.validity, majority="none")
    validity = check_validity(
        rules, registered=len(electors), cast=outcome.cast, valid=outcome.cast, leader_votes=0
    )
    if validity.valid and not outcome.elected:
        validity = ValidityOutcome(False, "none", ("the repeat ballot is tied: seat vacant",))
    return outcome, validity


def _new_election(
    constitution: Constitution,
    scenario: Scenario,
    first: ContestOutcome,
    electors: list[Elector],
    secret_box: SecretBox | None,
) -> tuple[ContestOutcome, ValidityOutcome]:
    """The new election the rules call for, held once with the same candidates; when it
    fails too, the seat stays vacant (the report names the action still due)."""
    spec = first.spec
    again = replace(spec, id=slug(f"{spec.id}-new"), title=f"{spec.title}, new election")
    outcome = run_contest(
        again, leanings(electors, scenario.model), seed=scenario.seed, secret_box=secret_box
    )
    return outcome, validity_of(constitution, outcome, len(electors))


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
            cands = candidates_of(scenario, unit, c.seats, constitution.franchise)
            seat_deputies(report, direct, unit, outcome, cands)


def direct_totals(report: RunReport) -> dict[str, tuple[int, int, int]]:
    """Voters (scaled), inhabitants and members (seats) of each council of the direct tier."""
    totals: dict[str, tuple[int, int, int]] = {}
    for c in report.constituencies:
        voters, inhabitants, members = totals.get(c.council, (0, 0, 0))
        totals[c.council] = (voters + c.voters, inhabitants + c.inhabitants, members + c.seats)
    return totals
