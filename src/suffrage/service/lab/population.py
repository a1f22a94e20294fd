"""A population file: persons, places and, per constitution, how they form constituencies.

Parsed from TOML by :func:`parse_population`; every problem raises
:class:`~suffrage.errors.ScenarioError` naming the field (``population.persons[3].party:
no party 'whigs'``), and misspelt fields are named with the closest known one. The format
is documented in ``docs/constitutions/lab.md``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from suffrage.errors import ScenarioError
from suffrage.rules.constitution.fields import Fields

__all__ = [
    "Layout",
    "Person",
    "Population",
    "UnitSpec",
    "parse_population",
    "parse_population_text",
]

KEYS = ("workplace", "residence", "nationality", "all")


@dataclass(frozen=True, slots=True)
class Person:
    """``count`` persons alike in every field (a line of the file)."""

    count: int
    person_class: str
    stratum: str
    age: int
    party: str
    second: str | None
    turnout: Fraction
    workplace: str | None = None
    residence: str | None = None
    nationality: str | None = None
    decision: tuple[str, str] | None = None

    def key(self, field_name: str) -> str | None:
        if field_name == "all":
            return "all"
        value: str | None = getattr(self, field_name)
        return value


@dataclass(frozen=True, slots=True)
class UnitSpec:
    kind: str
    unit_class: str
    council: str
    inhabitants: int | None


@dataclass(frozen=True, slots=True)
class Layout:
    """A constitution's mapping: by which person field, into which units and councils."""

    by: tuple[str, ...]
    units: Mapping[str, UnitSpec]
    assign: Mapping[str, str] = field(default_factory=dict)
    district_size: int | None = None
    template: UnitSpec | None = None
    classes: Mapping[str, frozenset[str]] | None = None
    answers: Mapping[str, str] | None = None
    councils: tuple[tuple[str, str, str, str | None], ...] = ()  # id, tier, class, parent
    regions_by: str | None = None  # the person field naming her region (second chamber)
    regions: Mapping[str, str] = field(default_factory=dict)  # region -> class


@dataclass(frozen=True, slots=True)
class Population:
    name: str
    seed: str
    scale: int
    question: str | None
    ruling: str | None
    pressure: Fraction
    strike: Fraction
    parties: tuple[str, ...]
    persons: tuple[Person, ...]
    places: Mapping[str, int]
    mappings: Mapping[str, Layout]


def parse_population_text(text: str, *, source: str = "population") -> Population:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{source}: not valid TOML ({exc})") from None
    return parse_population(data)


def parse_population(data: Mapping[str, Any]) -> Population:
    root = Fields(data, "population", ScenarioError)
    head = root.table("population")
    model = root.table("model", required=False)
    assert head is not None
    parties = tuple(_party(p) for p in root.tables("parties", required=True))
    if len(set(parties)) != len(parties):
        raise root.fail("parties", "repeats a party id")
    persons = tuple(_person(p, parties) for p in root.tables("persons", required=True))
    if not persons:
        raise root.fail("persons", "needs at least one line of persons")
    places = {k: _inhabitants(f) for k, f in root.named_tables("places").items()}
    mappings = {k: _mapping(f) for k, f in root.named_tables("constitutions").items()}
    ruling = model.text("ruling", None) if model else None
    if ruling is not None and ruling not in parties:
        raise ScenarioError(f"population.model.ruling: no party {ruling!r}")
    population = Population(
        name=head.text("name"),
        seed=head.text("seed"),
        scale=head.integer("scale", 1, minimum=1),
        question=head.text("question", None),
        ruling=ruling,
        pressure=model.share("pressure", Fraction(0)) if model else Fraction(0),
        strike=model.share("strike", Fraction(1)) if model else Fraction(1),
        parties=parties,
        persons=persons,
        places=places,
        mappings=mappings,
    )
    head.done()
    if model is not None:
        model.done()
    root.done()
    return population


def _party(p: Fields) -> str:
    party_id: str = p.text("id")
    p.text("name", party_id)
    p.done()
    return party_id


def _person(p: Fields, parties: tuple[str, ...]) -> Person:
    decision = p.table("decision", required=False)
    pair = None
    if decision is not None:
        pair = (decision.text("authority"), decision.text("reason"))
        decision.done()
    person = Person(
        count=p.integer("count", 1, minimum=1),
        person_class=p.text("class"),
        stratum=p.text("stratum", None) or p.text("class"),
        age=p.integer("age", 30, minimum=0),
        party=p.text("party"),
        second=p.text("second", None),
        turnout=p.share("turnout", Fraction(1)),
        workplace=p.text("workplace", None),
        residence=p.text("residence", None),
        nationality=p.text("nationality", None),
        decision=pair,
    )
    for key in ("party", "second"):
        value = getattr(person, key)
        if value is not None and value not in parties:
            raise p.fail(key, f"no party {value!r} (parties: {', '.join(parties)})")
    p.done()
    return person


def _inhabitants(f: Fields) -> int:
    value: int = f.integer("inhabitants", minimum=0)
    f.done()
    return value


def _unit(f: Fields) -> UnitSpec:
    spec = UnitSpec(
        kind=f.text("kind"),
        unit_class=f.text("class"),
        council=f.text("council", "council"),
        inhabitants=f.integer("inhabitants", None, minimum=0),
    )
    f.done()
    return spec


def _mapping(f: Fields) -> Layout:
    by = f.names("by")
    for key in by:
        if key not in KEYS:
            raise f.fail("by", f"{key!r} is not a person field ({', '.join(KEYS)})")
    assign = f.table("assign", required=False)
    assigned = {k: assign.text(k) for k in assign.keys()} if assign else {}  # noqa: SIM118
    template = f.table("unit", required=False)
    classes = f.table("classes", required=False)
    answers = f.table("answers", required=False)
    regions = f.table("regions", required=False)
    mapping = Layout(
        by=by,
        units={k: _unit(u) for k, u in f.named_tables("units").items()},
        assign=assigned,
        district_size=f.integer("district_size", None, minimum=1),
        template=_unit(template) if template is not None else None,
        classes=None
        if classes is None
        else {k: frozenset(classes.names(k)) for k in classes.keys()},  # noqa: SIM118
        answers=None if answers is None else {k: answers.text(k) for k in answers.keys()},  # noqa: SIM118
        councils=tuple(_council(c) for c in f.tables("councils")),
        regions_by=f.choice("regions_by", KEYS[:-1], None),
        regions={k: regions.text(k) for k in regions.keys()} if regions else {},  # noqa: SIM118
    )
    if (mapping.regions_by is None) != (not mapping.regions):
        raise f.fail("regions", "regions and regions_by go together")
    for table in (assign, classes, answers, regions):
        if table is not None:
            table.done()
    if (mapping.district_size is not None or "all" in by) and mapping.template is None:
        raise f.fail(
            "unit", "is required with district_size or by = ['all'] (the units' kind and class)"
        )
    f.done()
    return mapping


def _council(c: Fields) -> tuple[str, str, str, str | None]:
    out = (c.text("id"), c.text("tier"), c.text("class", "default"), c.text("parent", None))
    c.done()
    return out
