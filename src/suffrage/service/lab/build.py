"""One population as a scenario of one constitution, through that constitution's layout.

Every person line goes to the unit named by the first of the layout's ``by`` fields she
has (a workplace, a residence, a nationality, or ``all``), through ``assign`` when given;
``district_size`` forms territorial districts by adding up places in file order until a
district reaches the size. A key that matches no unit, a class the layout does not map and
a party without an answer are errors, never silent abstentions. Each party with
supporters in a unit nominates a slate there, the ruling party first (filing order decides
under a limit of candidates per seat).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from suffrage.errors import ScenarioError
from suffrage.rules.constitution import Constitution, Franchise
from suffrage.service.lab.population import Layout, Person, Population, UnitSpec
from suffrage.service.scenario.model import (
    CouncilSpec,
    Group,
    Organization,
    Scenario,
    Unit,
    VoterModel,
)

__all__ = ["Built", "build_scenario"]


@dataclass(frozen=True, slots=True)
class Built:
    """The scenario, each group's person class, and the council tree (child -> parent)."""

    scenario: Scenario
    classes: dict[int, str]  # id(group) -> the persons' class
    parents: dict[str, str | None]


def build_scenario(
    population: Population,
    constitution: Constitution,
    layout_name: str,
    *,
    seed: str,
    pressure: Fraction | None = None,
    strike: Fraction | None = None,
) -> Built:
    """The scenario of ``population`` under ``constitution`` with the layout ``layout_name``."""
    layout = population.mappings.get(layout_name)
    where = f"population.constitutions.{layout_name}"
    if layout is None:
        known = ", ".join(population.mappings) or "none"
        raise ScenarioError(f"{where}: the population has no layout for it (layouts: {known})")
    members = _members(population, layout, where)
    answers = _answers(population, constitution, layout, where)
    units, classes = [], {}
    for unit_id, persons in members.items():
        spec = layout.units.get(unit_id) or layout.template
        assert spec is not None  # _members checked
        groups = []
        for index, person in persons:
            at = f"population.persons[{index}]"
            group = _group(person, layout, answers, constitution.franchise, at, where)
            if layout.regions_by is not None:
                region = person.key(layout.regions_by)
                if region is None or region not in layout.regions:
                    raise ScenarioError(
                        f"{at}.{layout.regions_by}: {region!r} is not a region of "
                        f"{where}.regions ({', '.join(layout.regions)})"
                    )
                group = replace(group, region=region)
            classes[id(group)] = person.person_class
            groups.append(group)
        units.append(_unit(population, unit_id, spec, persons, tuple(groups), answers, layout.by))
    ruling = population.ruling
    if answers is not None and ruling is not None:
        ruling = answers[ruling]
    model = VoterModel(
        ruling=ruling,
        pressure=population.pressure if pressure is None else pressure,
        strike=population.strike if strike is None else strike,
    )
    councils = tuple(CouncilSpec(i, t, c, p) for i, t, c, p in layout.councils)
    scenario = Scenario(
        name=population.name,
        seed=seed,
        constitution=constitution.id,
        scale=population.scale,
        question=population.question,
        parties={p: p for p in population.parties},
        organizations={p: Organization(p, "party", p) for p in population.parties},
        councils=councils,
        units=tuple(units),
        events=(),
        model=model,
        regions=dict(layout.regions),
    )
    return Built(scenario, classes, {c.id: c.parent for c in councils})


def _members(
    population: Population, layout: Layout, where: str
) -> dict[str, list[tuple[int, Person]]]:
    districts = _districts(population, layout) if layout.district_size else {}
    out: dict[str, list[tuple[int, Person]]] = {}
    for index, person in enumerate(population.persons):
        key = next((k for k in (person.key(f) for f in layout.by) if k), None)
        if key is None:
            raise ScenarioError(
                f"population.persons[{index}]: has none of {', '.join(layout.by)} ({where}.by)"
            )
        unit_id = districts.get(key) or layout.assign.get(key, key)
        if unit_id not in layout.units and not (districts or "all" in layout.by):
            known = ", ".join(layout.units) or "none"
            raise ScenarioError(
                f"population.persons[{index}]: {key!r} matches no unit of {where} (units: {known})"
            )
        out.setdefault(unit_id, []).append((index, person))
    return out


def _districts(population: Population, layout: Layout) -> dict[str, str]:
    """Places (keys) gathered into districts of about ``district_size`` inhabitants."""
    assert layout.district_size is not None
    sizes: dict[str, int] = {}
    for person in population.persons:
        key = next((k for k in (person.key(f) for f in layout.by) if k), None)
        if key is not None:
            sizes[key] = sizes.get(key, 0) + person.count * population.scale
    out, number, filled = {}, 1, 0
    for key, counted in sizes.items():
        out[key] = f"district-{number}"
        filled += population.places.get(key, counted)
        if filled >= layout.district_size:
            number, filled = number + 1, 0
    return out


def _answers(
    population: Population, constitution: Constitution, layout: Layout, where: str
) -> dict[str, str] | None:
    if constitution.body != "plebiscite":
        return None
    rules = constitution.plebiscite
    assert rules is not None
    answers = dict(layout.answers or {})
    for party in population.parties:
        if party not in answers:
            raise ScenarioError(f"{where}.answers: party {party!r} has no answer")
        if answers[party] not in rules.options:
            raise ScenarioError(
                f"{where}.answers.{party}: {answers[party]!r} is not an option "
                f"({', '.join(rules.options)})"
            )
    return answers


def _group(
    person: Person,
    layout: Layout,
    answers: dict[str, str] | None,
    franchise: Franchise,
    at: str,
    where: str,
) -> Group:
    if layout.classes is None:
        categories = frozenset({person.person_class})
        known = set(franchise.eligible_categories)
        known |= {e.category for e in franchise.exclusions if e.category}
        if known and person.person_class not in known:
            raise ScenarioError(
                f"{at}.class: {person.person_class!r} is none of the categories of the "
                f"franchise ({', '.join(sorted(known))}); map it in {where}.classes"
            )
    elif person.person_class in layout.classes:
        categories = layout.classes[person.person_class]
    else:
        raise ScenarioError(f"{at}.class: {person.person_class!r} is not mapped in {where}.classes")
    party, second = person.party, person.second
    if answers is not None:
        party = answers[party]
        second = answers[second] if second is not None else None
    return Group(
        stratum=person.stratum,
        count=person.count,
        age=person.age,
        categories=categories,
        memberships=frozenset(),
        turnout=person.turnout,
        support={party: Fraction(1)},
        decision=person.decision,
        second=second,
    )


def _unit(
    population: Population,
    unit_id: str,
    spec: UnitSpec,
    persons: list[tuple[int, Person]],
    groups: tuple[Group, ...],
    answers: dict[str, str] | None,
    by: tuple[str, ...],
) -> Unit:
    counted = sum(p.count for _, p in persons) * population.scale
    inhabitants = spec.inhabitants
    if inhabitants is None and unit_id in population.places:
        inhabitants = population.places[unit_id]
    if inhabitants is None:
        keys = {next((k for k in (p.key(f) for f in by) if k), "") for _, p in persons}
        known = bool(keys) and all(k in population.places for k in keys)
        inhabitants = sum(population.places[k] for k in keys) if known else counted
    supporters = {p.party for _, p in persons}
    order = [population.ruling] if population.ruling in supporters else []
    order += [p for p in population.parties if p in supporters and p not in order]
    return Unit(
        id=unit_id,
        kind=spec.kind,
        unit_class=spec.unit_class,
        council=spec.council,
        inhabitants=inhabitants,
        groups=groups,
        candidates=(),
        slates=() if answers is not None else tuple(order),
        slate_shares={
            party: Fraction(sum(p.count for _, p in persons if p.party == party), counted)
            * population.scale
            for party in order
        },
    )
