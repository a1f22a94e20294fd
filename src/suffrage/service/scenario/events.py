"""Events after the first elections: late nominations are handled with the units; recalls here.

A recall needs a petition of the constitution's share of the deputy's electors, then a
recall vote among them (secret or open, like the elections). When it carries, the seat is
vacated, a by-election fills it, and every tier above is formed again; the report lists
what changed in each higher council.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from suffrage.rules.constitution import (
    Constitution,
    Council,
    check_nominations,
    petition_threshold,
    recall_outcome,
)
from suffrage.service.scenario.contests import SecretBox, run_contest, slug, spec_for
from suffrage.service.scenario.direct import nominees_of, seat_deputies, validity_of
from suffrage.service.scenario.electorate import Elector, Leaning, leanings
from suffrage.service.scenario.model import Event, Scenario
from suffrage.service.scenario.report import Deputy, EventResult, RunReport
from suffrage.service.scenario.tiers import form_tiers

__all__ = ["run_events"]


def run_events(
    constitution: Constitution,
    scenario: Scenario,
    electors: Mapping[str, list[Elector]],
    councils: Mapping[str, Council],
    report: RunReport,
    secret_box: SecretBox | None,
) -> None:
    """Hold each recall in order; re-form the tiers after each seat that changes hands."""
    for index, event in enumerate(scenario.events):
        if event.kind != "recall":
            continue
        result = _recall(constitution, scenario, electors, report, secret_box, index, event)
        if result.changes == ("seat vacated",):
            before = _snapshot(report, constitution)
            occasion = f" (after the recall of {result.subject})"
            form_tiers(constitution, scenario, councils, report, secret_box, occasion)
            after = _snapshot(report, constitution)
            result = replace(result, changes=(*result.changes, *_diff(before, after)))
        report.events.append(result)


def _recall(
    constitution: Constitution,
    scenario: Scenario,
    electors: Mapping[str, list[Elector]],
    report: RunReport,
    secret_box: SecretBox | None,
    index: int,
    event: Event,
) -> EventResult:
    direct = constitution.tiers[0].id
    deputy = _find(report, direct, event.deputy or "")
    if constitution.recall is None:
        return EventResult("recall", event.deputy or "", ("this constitution has no recall",))
    if deputy is None:
        return EventResult("recall", event.deputy or "", ("no such deputy in office",))
    roll = electors[deputy.unit]
    needed = petition_threshold(constitution.recall, len(roll))
    if event.signatures < needed:
        outcome = recall_outcome(
            constitution.recall, electors=len(roll), signatures=event.signatures, recall=0, keep=0
        )
        return EventResult("recall", deputy.name, outcome.notes)
    ballot = replace(constitution.ballot, kind="choose-one")
    names = [("recall", None), ("keep", None)]
    spec = spec_for(
        slug(f"recall-{deputy.name}-{index}"),
        f"Recall of {deputy.name}",
        ballot,
        1,
        names,
        deputy.unit,
    )
    spec = replace(spec, question=True)
    voters = [Leaning(e.person.id, event.support, event.turnout) for e in roll]
    vote = run_contest(spec, voters, seed=scenario.seed, secret_box=secret_box)
    report.contests.append(vote)
    outcome = recall_outcome(
        constitution.recall,
        electors=len(roll),
        signatures=event.signatures,
        recall=vote.marks.get("recall", 0),
        keep=vote.marks.get("keep", 0),
    )
    if not outcome.carried:
        return EventResult("recall", deputy.name, outcome.notes)
    report.councils[direct][deputy.council].remove(deputy)
    notes = list(outcome.notes)
    if constitution.recall.by_election:
        notes.extend(
            _by_election(constitution, scenario, roll, report, secret_box, index, event, deputy)
        )
    return EventResult("recall", deputy.name, tuple(notes), ("seat vacated",))


def _by_election(
    constitution: Constitution,
    scenario: Scenario,
    roll: list[Elector],
    report: RunReport,
    secret_box: SecretBox | None,
    index: int,
    event: Event,
    deputy: Deputy,
) -> list[str]:
    assert constitution.nomination is not None
    unit = scenario.unit(deputy.unit)
    check = check_nominations(
        constitution.nomination,
        nominees_of(scenario, event.candidates, unit),
        seats=1,
        franchise=constitution.franchise,
    )
    notes = [f"nomination of {n.name} rejected: {r}" for n, r in check.rejected]
    if not check.accepted:
        return [*notes, "by-election: no valid nomination; the seat stays vacant"]
    names = [(n.name, n.party) for n in check.accepted]
    spec = spec_for(
        slug(f"by-election-{unit.id}-{index}"),
        f"By-election in {unit.id}",
        constitution.ballot,
        1,
        names,
        unit.id,
    )
    outcome = run_contest(
        spec, leanings(roll, scenario.model), seed=scenario.seed, secret_box=secret_box
    )
    report.contests.append(outcome)
    validity = validity_of(constitution, outcome, len(roll))
    if not validity.valid:
        return [*notes, *validity.notes, f"by-election invalid: {validity.action}"]
    seated = seat_deputies(report, constitution.tiers[0].id, unit, outcome, list(event.candidates))
    return [*notes, "by-election: " + ", ".join(d.name for d in seated) + " elected"]


def _find(report: RunReport, tier: str, name: str) -> Deputy | None:
    for members in report.councils.get(tier, {}).values():
        for deputy in members:
            if deputy.name == name:
                return deputy
    return None


def _snapshot(report: RunReport, constitution: Constitution) -> dict[str, dict[str, set[str]]]:
    return {
        t.id: {cid: {d.name for d in ds} for cid, ds in report.councils.get(t.id, {}).items()}
        for t in constitution.tiers[1:]
    }


def _diff(
    before: dict[str, dict[str, set[str]]], after: dict[str, dict[str, set[str]]]
) -> list[str]:
    changes = []
    for tier, councils in after.items():
        for cid in sorted(set(councils) | set(before.get(tier, {}))):
            old = before.get(tier, {}).get(cid, set())
            new = councils.get(cid, set())
            if old != new:
                out = ", ".join(f"-{n}" for n in sorted(old - new))
                into = ", ".join(f"+{n}" for n in sorted(new - old))
                changes.append(f"{tier}/{cid}: {' '.join(x for x in (out, into) if x)}")
    return changes
