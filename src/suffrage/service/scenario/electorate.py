"""The simulated electorate: a roll built from the scenario's groups, and each elector's vote.

Everything is deterministic from the scenario's seed: each draw hashes the seed with a
label naming the contest, the elector and the purpose, so adding a contest or an elector
never changes another elector's draws.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from suffrage.rules.constitution import Decision, Person
from suffrage.service.scenario.model import Group, Scenario, VoterModel

__all__ = [
    "Elector",
    "Leaning",
    "VoterModel",
    "build_roll",
    "choose",
    "draw",
    "leanings",
    "pick",
]


@dataclass(frozen=True, slots=True)
class Elector:
    person: Person
    unit: str
    stratum: str
    group: Group


@dataclass(frozen=True, slots=True)
class Leaning:
    """How a voter leans: support weights over parties, candidates or options."""

    voter: str
    support: Mapping[str, Fraction]
    turnout: Fraction
    weight: int = 1
    second: str | None = None
    model: VoterModel | None = None


def build_roll(scenario: Scenario) -> list[Elector]:
    """Every person of every unit, named ``<unit>/<stratum>-<n>``, in scenario order."""
    roll: list[Elector] = []
    for unit in scenario.units:
        numbers: dict[str, int] = {}
        for group in unit.groups:
            for _ in range(group.count):
                n = numbers.get(group.stratum, 0) + 1
                numbers[group.stratum] = n
                decisions = (Decision(*group.decision),) if group.decision else ()
                person = Person(
                    id=f"{unit.id}/{group.stratum}-{n:03d}",
                    age=group.age,
                    categories=group.categories,
                    memberships=group.memberships,
                    decisions=decisions,
                )
                roll.append(Elector(person, unit.id, group.stratum, group))
    return roll


def leanings(electors: Sequence[Elector], model: VoterModel | None = None) -> list[Leaning]:
    """Each elector's leaning, from the group it belongs to."""
    return [
        Leaning(e.person.id, e.group.support, e.group.turnout, 1, e.group.second, model)
        for e in electors
    ]


def draw(seed: str, *labels: str) -> Fraction:
    """A reproducible number in [0, 1) from the seed and the labels."""
    data = "\x00".join((seed, *labels)).encode()
    value = int.from_bytes(hashlib.sha256(data).digest()[:8], "big")
    return Fraction(value, 2**64)


def pick(weights: Mapping[str, Fraction], u: Fraction) -> str:
    """The key whose cumulative share of the weights covers ``u``."""
    total = sum(weights.values())
    running = Fraction(0)
    last = ""
    for key, weight in weights.items():
        if weight <= 0:
            continue
        running += weight / total
        last = key
        if u < running:
            return key
    return last


def choose(
    leaning: Leaning,
    *,
    seed: str,
    contest: str,
    kind: str,
    options: Sequence[str],
    party_of: Mapping[str, str | None],
    strike_all: str = "",
    secrecy: str = "secret",
) -> tuple[str, ...] | None:
    """The voter's marks, or None when the voter stays home or finds nobody to vote for.

    ``options`` are candidate names (or parties for party lists, answers for a question);
    ``party_of`` maps a candidate to the party that nominated it; a keep-or-strike ballot
    that keeps no name is marked ``strike_all``. The draws come from ``seed`` (the
    randomness is an argument: :func:`draw` hashes it with the labels). With a
    :class:`VoterModel` the second preference, pressure under an open ballot and the
    strike-or-abstain choice apply as documented there.
    """
    if draw(seed, contest, leaning.voter, "turnout") >= leaning.turnout:
        return None
    favourite = pick(leaning.support, draw(seed, contest, leaning.voter, "favourite"))
    model = leaning.model
    if model is not None:
        favourite = _under_model(
            leaning, model, favourite, options, party_of, secrecy, seed, contest
        )
    if kind == "keep-strike":  # leave the favourite's name (if any) and strike the others
        kept = [c for c in options if favourite in (c, party_of.get(c))]
        if not kept:
            if model is not None and draw(seed, contest, leaning.voter, "strike") >= model.strike:
                return None  # a dissenter who does not strike stays away
            return (strike_all,)
        return (min(kept, key=lambda c: draw(seed, contest, leaning.voter, "among", c)),)
    if kind == "party-votes" and favourite in party_of:
        favourite = party_of[favourite] or favourite  # a vote for a candidate goes to the list
    if favourite in options:
        return (
            (favourite,)
            if kind != "ranked"
            else _ranking(leaning, favourite, options, party_of, seed, contest)
        )
    backed = [c for c in options if party_of.get(c) == favourite]
    if not backed:
        return None
    if kind == "approval":
        return tuple(backed)
    if kind == "ranked":
        return _ranking(leaning, favourite, options, party_of, seed, contest)
    # each candidate gets its own draw, so adding or removing another does not move the pick
    return (min(backed, key=lambda c: draw(seed, contest, leaning.voter, "among", c)),)


def _under_model(
    leaning: Leaning,
    model: VoterModel,
    favourite: str,
    options: Sequence[str],
    party_of: Mapping[str, str | None],
    secrecy: str,
    seed: str,
    contest: str,
) -> str:
    """The favourite after the second preference and open-ballot pressure."""

    def present(choice: str | None) -> bool:
        return choice is not None and any(choice in (c, party_of.get(c)) for c in options)

    if not present(favourite) and leaning.second is not None and present(leaning.second):
        favourite = leaning.second
    if (
        secrecy == "open"
        and model.ruling is not None
        and favourite != model.ruling
        and present(model.ruling)
        and draw(seed, contest, leaning.voter, "pressure") < model.pressure
    ):
        return model.ruling
    return favourite


def _ranking(
    leaning: Leaning,
    favourite: str,
    options: Sequence[str],
    party_of: Mapping[str, str | None],
    seed: str,
    contest: str,
) -> tuple[str, ...]:
    """Favourite's candidates first, then the others by the voter's support for their party."""

    def key(c: str) -> tuple[int, Fraction, Fraction]:
        party = party_of.get(c) or c
        first = 0 if favourite in (c, party) else 1
        return (
            first,
            -leaning.support.get(party, Fraction(0)),
            draw(seed, contest, leaning.voter, c),
        )

    return tuple(sorted(options, key=key))
