"""Second chambers: the same electors elect another body in other, single-member districts.

Under the 1936 constitution the Soviet of Nationalities (Art. 35) is elected by the same
electors as the Soviet of the Union, in single-member districts: 25 per union republic,
11 per autonomous republic, 5 per autonomous region and 1 per national area (1937
Regulation, Art. 22). A scenario names its regions (``[[regions]]``, id and class) and
each group of electors its region; each region's electors, in roll order, are cut into as
many districts as its class has seats, as near equal in size as can be (a modelling
choice: the Regulation fixes the number of districts, not how they are drawn). Every
district is then elected like a constituency of the first chamber: the parties slated in
the region's units nominate, the constitution's nomination, ballot and validity rules
apply (single name, strike-out, repeat ballot or new election).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

from suffrage.errors import ScenarioError
from suffrage.rules.constitution import Chamber, Constitution, SeatRule, Tier
from suffrage.service.scenario.contests import SecretBox
from suffrage.service.scenario.direct import elect_constituency
from suffrage.service.scenario.electorate import Elector
from suffrage.service.scenario.model import Group, Scenario, Unit
from suffrage.service.scenario.report import RunReport

__all__ = ["elect_chambers", "split_evenly"]


def elect_chambers(
    constitution: Constitution,
    scenario: Scenario,
    electors: Mapping[str, list[Elector]],
    report: RunReport,
    secret_box: SecretBox | None,
) -> None:
    """Elect every chamber of ``constitution``; its deputies sit under the chamber's id."""
    for chamber in constitution.chambers:
        if not scenario.regions:
            report.notes.append(
                f"{chamber.name} not elected: the scenario names no regions ([[regions]])"
            )
            continue
        _elect(constitution, chamber, scenario, electors, report, secret_box)


def split_evenly(items: Sequence[Elector], parts: int) -> list[list[Elector]]:
    """``items`` in order, cut into ``parts`` runs whose sizes differ by at most one."""
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for k in range(parts):
        end = start + size + (1 if k < extra else 0)
        out.append(list(items[start:end]))
        start = end
    return out


def _elect(
    constitution: Constitution,
    chamber: Chamber,
    scenario: Scenario,
    electors: Mapping[str, list[Elector]],
    report: RunReport,
    secret_box: SecretBox | None,
) -> None:
    rules = replace(
        constitution,
        representation={"district": SeatRule("fixed", seats=1, minimum=0)},
        tiers=(Tier(chamber.id, chamber.name, True, constitution.ballot),),
        chambers=(),
    )
    inner = RunReport(report.scenario, constitution.id, constitution.ballot.secrecy)
    for region, region_class in scenario.regions.items():
        if region_class not in chamber.seats:
            known = ", ".join(chamber.seats)
            raise ScenarioError(
                f"scenario.regions: {region!r} is of class {region_class!r}, which "
                f"{constitution.id}'s {chamber.name} does not seat ({known})"
            )
        roll = [e for u in scenario.units for e in electors[u.id] if e.group.region == region]
        slates = tuple(
            dict.fromkeys(p for u in scenario.units if _in_region(u, region) for p in u.slates)
        )
        parts = split_evenly(roll, chamber.seats[region_class])
        for number, part in enumerate(parts, start=1):
            district = _district(region, number, part, slates, scenario)
            elect_constituency(rules, scenario, district, part, inner, secret_box)
            report.districts[district.id] = dict(Counter(e.unit for e in part))
    report.contests.extend(inner.contests)
    report.councils[chamber.id] = inner.councils.get(chamber.id, {})
    report.chambers[chamber.id] = inner.constituencies


def _in_region(unit: Unit, region: str) -> bool:
    return any(g.region == region for g in unit.groups)


def _district(
    region: str, number: int, part: list[Elector], slates: tuple[str, ...], scenario: Scenario
) -> Unit:
    groups: list[Group] = []
    for elector in part:
        if not any(g is elector.group for g in groups):
            groups.append(elector.group)
    return Unit(
        id=f"{region}-{number}",
        kind="district",
        unit_class="district",
        council=region,
        inhabitants=len(part) * scenario.scale,
        groups=tuple(groups),
        candidates=(),
        slates=slates,
    )
