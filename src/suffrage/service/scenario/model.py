"""A scenario: an electorate (units, groups of electors, candidates, councils) and events.

Parsed from TOML by :func:`parse_scenario`; every problem raises
:class:`~suffrage.errors.ScenarioError` naming the field (``scenario.units[2].groups[0].count:
must be a positive integer``). The schema is documented in ``docs/constitutions/schema.md``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from suffrage.errors import ScenarioError
from suffrage.rules.constitution.fields import Fields

__all__ = [
    "Candidate",
    "CouncilSpec",
    "Event",
    "Group",
    "Organization",
    "Scenario",
    "Unit",
    "VoterModel",
    "parse_scenario",
    "parse_scenario_text",
]


@dataclass(frozen=True, slots=True)
class VoterModel:
    """How behaviour depends on the rules (the lab's voter model).

    * Under an **open** ballot a dissenter (a voter whose favourite is not ``ruling``)
      votes for ``ruling`` instead with probability ``pressure``, if ``ruling`` is on her
      ballot; a secret ballot exposes nobody, so ``pressure`` does not apply.
    * A voter whose favourite has no candidate (never nominated, or refused) votes for her
      ``second`` preference if it has one on the ballot, else abstains.
    * On a keep-or-strike ballot without her favourite or second, she strikes every name
      with probability ``strike`` and abstains otherwise (open: after pressure).
    """

    ruling: str | None = None
    pressure: Fraction = Fraction(0)
    strike: Fraction = Fraction(1)


@dataclass(frozen=True, slots=True)
class Organization:
    id: str
    kind: str
    party: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """``count`` electors of one stratum with the same age, categories and leanings."""

    stratum: str
    count: int
    age: int
    categories: frozenset[str]
    memberships: frozenset[str]
    turnout: Fraction
    support: Mapping[str, Fraction]
    decision: tuple[str, str] | None = None  # (authority, reason)
    second: str | None = None  # second preference (a party or candidate), for the lab
    region: str | None = None  # national-territorial unit, for a second chamber


@dataclass(frozen=True, slots=True)
class Candidate:
    """A nomination. ``categories``, ``age`` and ``decision`` describe the person for the
    right to be elected; when absent they are those of the unit's group of her stratum."""

    name: str
    party: str | None
    stratum: str | None
    organization: str | None
    electors: int
    vetted: bool
    categories: frozenset[str] | None = None
    age: int | None = None
    decision: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    kind: str
    unit_class: str
    council: str
    inhabitants: int
    groups: tuple[Group, ...]
    candidates: tuple[Candidate, ...]
    slates: tuple[str, ...]
    slate_shares: Mapping[str, Fraction] | None = None  # a party's slate: this share of the seats
    region: str | None = None  # the default region of the unit's groups


@dataclass(frozen=True, slots=True)
class CouncilSpec:
    """A council: of a tier named by id, or by ``level`` (1 = the direct tier), which lets
    one scenario run under constitutions whose tiers have other names."""

    id: str
    tier: str | None
    council_class: str
    parent: str | None
    level: int | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """``recall`` (of ``deputy``) or ``nomination`` (late candidates in ``unit``)."""

    kind: str
    deputy: str | None
    unit: str | None
    signatures: int
    turnout: Fraction
    support: Mapping[str, Fraction]
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    seed: str
    constitution: str | None
    scale: int
    question: str | None
    parties: Mapping[str, str]
    organizations: Mapping[str, Organization]
    councils: tuple[CouncilSpec, ...]
    units: tuple[Unit, ...]
    events: tuple[Event, ...]
    model: VoterModel | None = None  # the lab's voter model; None: the plain simulation
    regions: Mapping[str, str] = field(default_factory=dict)  # region id -> class

    def unit(self, unit_id: str) -> Unit:
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        raise ScenarioError(f"scenario: no unit {unit_id!r}")


def parse_scenario_text(text: str, *, source: str = "scenario") -> Scenario:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{source}: not valid TOML ({exc})") from None
    return parse_scenario(data)


def parse_scenario(data: Mapping[str, Any]) -> Scenario:
    root = Fields(data, "scenario", ScenarioError)
    head = root.table("scenario")
    assert head is not None
    parties = _parties(root)
    organizations = _organizations(root, parties)
    councils = tuple(_council(c) for c in root.tables("councils"))
    units = tuple(_unit(u) for u in root.tables("units", required=True))
    scenario = Scenario(
        name=head.text("name"),
        seed=head.text("seed"),
        constitution=head.text("constitution", None),
        scale=head.integer("scale", 1, minimum=1),
        question=head.text("question", None),
        parties=parties,
        organizations=organizations,
        councils=councils,
        units=units,
        events=tuple(_event(e) for e in root.tables("events")),
        regions=_regions(root),
    )
    head.done()
    root.done()
    _check_references(scenario, root)
    return scenario


def _regions(root: Fields) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in root.tables("regions"):
        region_id = r.text("id")
        if region_id in out:
            raise r.fail("id", f"repeats region {region_id!r}")
        out[region_id] = r.text("class")
        r.done()
    return out


def _parties(root: Fields) -> dict[str, str]:
    out = {}
    for p in root.tables("parties"):
        party_id = p.text("id")
        if party_id in out:
            raise p.fail("id", f"repeats party {party_id!r}")
        out[party_id] = p.text("name", party_id)
        p.done()
    return out


def _organizations(root: Fields, parties: Mapping[str, str]) -> dict[str, Organization]:
    out = {pid: Organization(pid, "party", pid) for pid in parties}
    for o in root.tables("organizations"):
        org = Organization(o.text("id"), o.text("kind"), o.text("party", None))
        if org.id in out:
            raise o.fail("id", f"repeats organization or party {org.id!r}")
        if org.party is not None and org.party not in parties:
            raise o.fail("party", f"no party {org.party!r}")
        out[org.id] = org
        o.done()
    return out


def _council(c: Fields) -> CouncilSpec:
    tier = c.text("tier", None)
    level = c.integer("level", None, minimum=1)
    if (tier is None) == (level is None):
        raise c.fail(None, "needs exactly one of tier (an id) or level (1 = direct tier)")
    spec = CouncilSpec(
        c.text("id"), tier, c.text("class", "default"), c.text("parent", None), level
    )
    c.done()
    return spec


def _group(g: Fields) -> Group:
    stratum = g.text("stratum")
    pair = _decision(g)
    group = Group(
        stratum=stratum,
        count=g.integer("count", minimum=1),
        age=g.integer("age", 30, minimum=0),
        categories=frozenset(g.names("categories", (stratum,))),
        memberships=frozenset(g.names("memberships", ())),
        turnout=g.share("turnout", Fraction(1)),
        support=g.weights("support"),
        decision=pair,
        region=g.text("region", None),
    )
    g.done()
    return group


def _candidate(c: Fields) -> Candidate:
    categories = c.names("categories", None)
    candidate = Candidate(
        name=c.text("name"),
        party=c.text("party", None),
        stratum=c.text("stratum", None),
        organization=c.text("organization", None),
        electors=c.integer("electors", 0, minimum=0),
        vetted=c.flag("vetted", True),
        categories=None if categories is None else frozenset(categories),
        age=c.integer("age", None, minimum=0),
        decision=_decision(c),
    )
    c.done()
    return candidate


def _decision(f: Fields) -> tuple[str, str] | None:
    decision = f.table("decision", required=False)
    if decision is None:
        return None
    pair = (decision.text("authority"), decision.text("reason"))
    decision.done()
    return pair


def _unit(u: Fields) -> Unit:
    unit = Unit(
        id=u.text("id"),
        kind=u.text("kind"),
        unit_class=u.text("class"),
        council=u.text("council", "council"),
        inhabitants=u.integer("inhabitants", 0, minimum=0),
        groups=tuple(_group(g) for g in u.tables("groups", required=True)),
        candidates=tuple(_candidate(c) for c in u.tables("candidates")),
        slates=u.names("slates", ()),
        region=u.text("region", None),
    )
    if unit.region is not None:
        groups = tuple(g if g.region else replace(g, region=unit.region) for g in unit.groups)
        unit = replace(unit, groups=groups)
    if not unit.groups:
        raise u.fail("groups", "needs at least one group of electors")
    u.done()
    return unit


def _event(e: Fields) -> Event:
    kind = e.choice("kind", ("recall", "nomination"))
    event = Event(
        kind=kind,
        deputy=e.text("deputy") if kind == "recall" else None,
        unit=e.text("unit") if kind == "nomination" else None,
        signatures=e.integer("signatures", 0, minimum=0),
        turnout=e.share("turnout", Fraction(1)),
        support=e.weights("support") if kind == "recall" else {},
        candidates=tuple(_candidate(c) for c in e.tables("candidates")),
    )
    if kind == "recall":
        for key in event.support:
            if key not in ("recall", "keep"):
                raise e.fail(f"support.{key}", "a recall vote's options are recall and keep")
    e.done()
    return event


def _check_references(s: Scenario, root: Fields) -> None:
    councils = {c.id for c in s.councils}
    parents = {c.id: c.parent for c in s.councils}
    if len(parents) != len(s.councils):
        raise root.fail("councils", "a council id is repeated")
    for i, c in enumerate(s.councils):
        if c.parent is not None and c.parent not in councils:
            raise root.fail(f"councils[{i}].parent", f"no council {c.parent!r}")
        chain, current = {c.id}, c.parent
        while current is not None:
            if current in chain:
                raise root.fail(f"councils[{i}].parent", "the parents form a cycle")
            chain.add(current)
            current = parents.get(current)
    seen: set[str] = set()
    for i, unit in enumerate(s.units):
        where = f"units[{i}]"
        if unit.id in seen:
            raise root.fail(f"{where}.id", f"repeats unit {unit.id!r}")
        seen.add(unit.id)
        if councils and unit.council not in councils:
            raise root.fail(f"{where}.council", f"no council {unit.council!r}")
        for party in unit.slates:
            if party not in s.parties:
                raise root.fail(f"{where}.slates", f"no party {party!r}")
        for j, group in enumerate(unit.groups):
            if group.region is not None and group.region not in s.regions:
                raise root.fail(f"{where}.groups[{j}].region", f"no region {group.region!r}")
        for j, cand in enumerate(unit.candidates):
            _check_candidate(s, root, f"{where}.candidates[{j}]", cand)
    for i, event in enumerate(s.events):
        if event.unit is not None and event.unit not in seen:
            raise root.fail(f"events[{i}].unit", f"no unit {event.unit!r}")
        for j, cand in enumerate(event.candidates):
            _check_candidate(s, root, f"events[{i}].candidates[{j}]", cand)


def _check_candidate(s: Scenario, root: Fields, where: str, cand: Candidate) -> None:
    if cand.party is not None and cand.party not in s.parties:
        raise root.fail(f"{where}.party", f"no party {cand.party!r}")
    if cand.organization is not None and cand.organization not in s.organizations:
        raise root.fail(f"{where}.organization", f"no organization {cand.organization!r}")
