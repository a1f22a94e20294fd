"""Run a scenario under a constitution, stage by stage, deterministically from its seed.

Stages: the roll and the franchise; seats per constituency; nominations; the direct
elections; the threshold over all units (party lists); the tiers of delegates; the events
(recall petitions and votes, by-elections), each followed by re-forming every tier above.
Plebiscites skip the deputies and decide the question instead.
"""

from __future__ import annotations

from dataclasses import replace

from suffrage.errors import ScenarioError
from suffrage.rules.constitution import (
    Constitution,
    Council,
    decide_plebiscite,
    evaluate_franchise,
    with_totals,
)
from suffrage.service.scenario.chambers import elect_chambers
from suffrage.service.scenario.contests import SecretBox, run_contest, slug, spec_for
from suffrage.service.scenario.direct import (
    check_units,
    direct_totals,
    elect_constituency,
    threshold_over_all,
)
from suffrage.service.scenario.electorate import Elector, build_roll, leanings
from suffrage.service.scenario.events import run_events
from suffrage.service.scenario.model import Scenario
from suffrage.service.scenario.report import ConstituencyResult, RunReport
from suffrage.service.scenario.secret import protocol_box
from suffrage.service.scenario.tiers import form_tiers

__all__ = ["run_scenario"]


def run_scenario(
    constitution: Constitution, scenario: Scenario, *, secret_box: SecretBox | None = None
) -> RunReport:
    """Every stage of ``scenario`` under ``constitution``; records are in the contests.

    Secret contests go through the protocol (:func:`protocol_box`, seeded from the
    scenario) unless another ``secret_box`` is given.
    """
    if secret_box is None:
        secret_box = protocol_box(scenario.seed)
    report = RunReport(scenario.name, constitution.id, constitution.ballot.secrecy)
    report.modelling = list(constitution.modelling_choices)
    roll = build_roll(scenario)
    electors: dict[str, list[Elector]] = {u.id: [] for u in scenario.units}
    for elector in roll:
        eligibility = evaluate_franchise(constitution.franchise, elector.person)
        report.franchise.append((elector.unit, elector.stratum, eligibility))
        if eligibility.eligible:
            electors[elector.unit].append(elector)
    check_units(constitution, scenario)
    if constitution.body == "plebiscite":
        _plebiscite(constitution, scenario, electors, report, secret_box)
        return report
    councils = _councils(constitution, scenario)
    _check_names(scenario)
    for unit in scenario.units:
        elect_constituency(constitution, scenario, unit, electors[unit.id], report, secret_box)
    threshold_over_all(constitution, scenario, report)
    _flag_lots(constitution, report)
    totals = with_totals(councils, direct_totals(report))
    form_tiers(constitution, scenario, totals, report, secret_box, "")
    elect_chambers(constitution, scenario, electors, report, secret_box)
    run_events(constitution, scenario, electors, totals, report, secret_box)
    return report


def _flag_lots(constitution: Constitution, report: RunReport) -> None:
    """Where seats went by lot, say that the counting method is a modelling choice."""
    lots = [c.unit for c in report.constituencies if c.outcome and _by_lot(c.outcome.notes)]
    method = constitution.ballot.method
    choices = [m for m in constitution.modelling_choices if method.lower() in m.lower()]
    if lots and choices:
        report.notes.append(
            f"seats went by lot to candidates with no votes in {', '.join(lots)}: counting by "
            f"{method} is a modelling choice, not the constitution's text ({choices[0]})"
        )


def _by_lot(notes: tuple[str, ...]) -> bool:
    return any("went by lot" in n for n in notes)


def _councils(constitution: Constitution, scenario: Scenario) -> dict[str, Council]:
    """The council tree, tiers resolved by id or by level; levels beyond the tiers are cut."""
    direct = constitution.tiers[0].id
    if not scenario.councils:
        if len(constitution.tiers) > 1:
            raise ScenarioError(
                f"scenario.councils: {constitution.id} has {len(constitution.tiers)} tiers; "
                "list the councils of each tier"
            )
        return {"council": Council("council", direct, "default")}
    tiers = [t.id for t in constitution.tiers]
    kept: dict[str, str] = {}
    for i, spec in enumerate(scenario.councils):
        if spec.tier is not None and spec.tier not in tiers:
            raise ScenarioError(
                f"scenario.councils[{i}].tier: {constitution.id} has no tier "
                f"{spec.tier!r} ({', '.join(tiers)})"
            )
        if spec.level is None or spec.level <= len(tiers):
            kept[spec.id] = spec.tier or tiers[(spec.level or 1) - 1]
    parents = {spec.id: spec.parent for spec in scenario.councils}
    out = {}
    for spec in scenario.councils:
        if spec.id in kept:
            parent, seen = spec.parent, {spec.id}
            while parent is not None and parent not in kept and parent not in seen:
                seen.add(parent)
                parent = parents.get(parent)
            parent = parent if parent in kept else None
            out[spec.id] = Council(spec.id, kept[spec.id], spec.council_class, parent)
    for i, unit in enumerate(scenario.units):
        council = out.get(unit.council)
        if council is None or council.tier != direct:
            raise ScenarioError(f"scenario.units[{i}].council: must be a council of tier {direct}")
    return out


def _check_names(scenario: Scenario) -> None:
    """A person is nominated once: names identify deputies across tiers and events."""
    seen: set[str] = set()
    places = [
        (f"units[{i}].candidates[{j}]", c) for i, u in enumerate(scenario.units)
        for j, c in enumerate(u.candidates)
    ] + [
        (f"events[{i}].candidates[{j}]", c) for i, e in enumerate(scenario.events)
        for j, c in enumerate(e.candidates)
    ]  # fmt: skip
    for where, cand in places:
        if cand.name in seen:
            raise ScenarioError(f"scenario.{where}.name: {cand.name!r} is nominated twice")
        seen.add(cand.name)


def _plebiscite(
    constitution: Constitution,
    scenario: Scenario,
    electors: dict[str, list[Elector]],
    report: RunReport,
    secret_box: SecretBox | None,
) -> None:
    rules = constitution.plebiscite
    assert rules is not None
    by_unit: dict[str, dict[str, int]] = {}
    title = scenario.question or "question"
    names: list[tuple[str, str | None]] = [(o, None) for o in rules.options]
    for unit in scenario.units:
        roll = electors[unit.id]
        spec = spec_for(slug(f"question-{unit.id}"), title, constitution.ballot, 1, names, unit.id)
        spec = replace(spec, question=True)
        outcome = run_contest(
            spec, leanings(roll, scenario.model), seed=scenario.seed, secret_box=secret_box
        )
        report.contests.append(outcome)
        by_unit[unit.id] = dict(outcome.marks)
        persons = sum(g.count for g in unit.groups)
        report.constituencies.append(
            ConstituencyResult(
                unit.id,
                unit.council,
                unit.unit_class,
                persons,
                len(roll),
                len(roll) * scenario.scale,
                unit.inhabitants,
                0,
                "question",
                None,
                outcome,
                None,
            )
        )
    votes = {o: sum(u.get(o, 0) for u in by_unit.values()) for o in rules.options}
    registered = sum(len(v) for v in electors.values())
    report.plebiscite = decide_plebiscite(
        rules, registered=registered, votes=votes, by_unit=by_unit
    )
