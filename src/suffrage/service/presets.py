"""Elections from a constitution preset: its ballot rules become the manifest's contest.

A secret ballot of a constitution is tallied as sums per option, so most kinds map onto
one ``choose`` contest: ``choose-one`` and ``party-votes`` (one mark among the options or
party lists) and ``keep-strike`` (keep or strike the single candidate). A secret
``ranked`` ballot becomes a ``rank`` contest (a rank per candidate), mixed by the trustees
and decrypted one by one (docs/protocol.md 7.16), counted by the preset's ranked method.
A plebiscite with a double majority and units named by the administrator has one contest
per unit instead, decided together as a question (docs/protocol.md 7.15.4, 7.15.5). A
constitution with an open (roll-call) ballot is not run by this service: its votes are
public.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from suffrage.errors import InvalidInput, RulesError
from suffrage.protocol.encoding import Json, JsonObject
from suffrage.protocol.outcome_rule import APPORTIONMENT, OutcomeRule
from suffrage.rules.constitution import Constitution, load_preset, preset_names

__all__ = ["ElectionRequest", "manifest_from_preset", "outcome_rule", "presets"]

#: Units of a plebiscite: one contest and one ballot style each (the manifest allows 64).
_MAX_UNITS = 64


@dataclass(frozen=True, slots=True)
class ElectionRequest:
    """What an administrator fills in besides the preset."""

    preset: str
    id: str
    title: str
    options: tuple[str, ...] = ()  # candidates, party lists or answers; defaults per preset
    #: (name, public signing key in hex) per trustee, made by each on her own machine.
    trustees: tuple[tuple[str, str], ...] = ()
    threshold: int = 2
    #: The registrar's public key (hex); ``None``: server-generated credentials.
    registrar_key: str | None = None
    seats: int = 1  # seats to fill (list PR, several winners)
    tie_seed: str = ""  # hex seed of the lot that breaks ties; drawn by the service
    #: Names of the units (cantons, branches) of a plebiscite with a double majority.
    units: tuple[str, ...] = ()


def presets() -> list[dict[str, str]]:
    """The built-in constitutions with a secret ballot the service can run."""
    out = []
    for name in preset_names():
        c = load_preset(name)
        if c.ballot.secrecy == "secret":
            out.append({"id": name, "name": c.name, "ballot": c.ballot.kind})
    return out


def _slug(text: str, k: int, prefix: str = "o") -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]
    return f"{prefix}{k + 1}-{slug}" if slug else f"{prefix}{k + 1}"


def _options(c: Constitution, given: Sequence[str]) -> list[str]:
    if c.ballot.kind == "keep-strike":
        if len(given) != 1:
            raise InvalidInput("a keep-or-strike ballot names exactly one candidate")
        return [f"Keep {given[0]}", f"Strike out {given[0]}"]
    if not given and c.plebiscite is not None:
        return list(c.plebiscite.options)
    if len(given) < 2:
        raise InvalidInput(f"a {c.ballot.kind} ballot needs at least two options")
    return list(given)


def manifest_from_preset(req: ElectionRequest) -> JsonObject:
    """The manifest of a one-contest election under the preset's ballot rules."""
    try:
        c = load_preset(req.preset)
    except (RulesError, FileNotFoundError, ValueError) as exc:
        raise InvalidInput(f"unknown constitution preset {req.preset!r}: {exc}") from None
    if c.ballot.secrecy != "secret":
        raise InvalidInput(f"{c.name}: an open (roll-call) ballot is not run by this service")
    names = _options(c, req.options)
    title = req.title if c.ballot.kind != "keep-strike" else f"{req.title}: {req.options[0]}"
    options: list[Json] = [{"id": _slug(n, k), "title": n[:200]} for k, n in enumerate(names)]
    contest: JsonObject = {
        "id": "main",
        "title": title[:200],
        "kind": "choose",
        "min": 1,
        "max": 1,
        "value_max": 1,
        "options": options,
    }
    if c.ballot.kind == "ranked":  # a rank 1..m per candidate, at least one ranked (7.16)
        m = len(options)
        contest.update({"kind": "rank", "max": m * (m + 1) // 2, "value_max": m})
    ids = [str(o["id"]) for o in options if isinstance(o, dict)]
    rule = outcome_rule(c, ids, req.seats, req.tie_seed or "00").to_json()
    trustees: list[Json] = [
        {"index": i + 1, "name": name, "public_key": key}
        for i, (name, key) in enumerate(req.trustees)
    ]
    credentials: JsonObject = (
        {"authority": "server"}
        if req.registrar_key is None
        else {"authority": "registrar", "public_key": req.registrar_key}
    )
    out: JsonObject = {
        "protocol": "suffrage/1",
        "id": req.id,
        "title": req.title[:200],
        "contests": [{**contest, "outcome": rule}],
        "styles": [{"id": "electors", "title": "Electors", "contests": ["main"]}],
        "trustees": trustees,
        "threshold": req.threshold,
        "credentials": credentials,
    }
    if req.units:
        out.update(_units(c, req, contest, rule))
    return out


def _units(c: Constitution, req: ElectionRequest, contest: JsonObject, rule: Json) -> JsonObject:
    """One contest and one ballot style per unit, decided together as one question (7.15.4)."""
    if c.plebiscite is None or not c.plebiscite.double_majority:
        raise InvalidInput(f"{c.name}: units are for a plebiscite with a double majority")
    names = [n.strip() for n in req.units]
    if not 2 <= len(names) <= _MAX_UNITS or not all(names):
        raise InvalidInput(f"a double majority needs 2 to {_MAX_UNITS} named units")
    if len({n.casefold() for n in names}) != len(names):
        raise InvalidInput("each unit is named once")
    if any(len(n) > 200 for n in names):
        raise InvalidInput("a unit's name is at most 200 characters")
    ids = [_slug(n, k, "u") for k, n in enumerate(names)]
    contests: list[Json] = [
        {**contest, "id": i, "title": f"{req.title} ({n})"[:200]}
        for i, n in zip(ids, names, strict=True)
    ]
    styles: list[Json] = [
        {"id": i, "title": n, "contests": [i]} for i, n in zip(ids, names, strict=True)
    ]
    units: list[Json] = list(ids)
    question: JsonObject = {
        "id": "main",
        "title": req.title[:200],
        "contests": units,
        "double_majority": True,
        "outcome": rule,
    }
    return {"contests": contests, "styles": styles, "questions": [question]}


def outcome_rule(c: Constitution, option_ids: Sequence[str], seats: int, seed: str) -> OutcomeRule:
    """The contest's outcome rule (docs/protocol.md 7.15) from the constitution's ballot.

    List votes are apportioned by the ballot's method with its threshold; a plebiscite's
    question carries by its approval share and quorums; a choice of candidates or a
    keep-or-strike ballot elects by the method, with the constitution's turnout quorum and
    majority. A double majority of units needs one contest per unit: the election's
    question carries this rule (:func:`manifest_from_preset` with units).
    """
    ballot = c.ballot
    if ballot.kind == "party-votes" and ballot.method in APPORTIONMENT:
        if seats < 1:
            raise InvalidInput("a list election needs at least one seat")
        return OutcomeRule(ballot.method, seats, threshold=ballot.threshold, tie_seed=seed)
    if c.plebiscite is not None:
        p = c.plebiscite
        approve = option_ids[list(p.options).index(p.approve)] if p.approve in p.options else None
        if approve is None or len(option_ids) != len(p.options):
            raise InvalidInput(f"{c.name}: the question's options are {', '.join(p.options)}")
        return OutcomeRule(
            "referendum",
            quorum=p.turnout_quorum,
            quorum_strict=p.turnout_strict,
            approve=approve,
            approval_share=p.approval_share,
            approval_quorum=p.approval_quorum,
            tie_seed=seed,
        )
    v = c.validity
    if ballot.kind == "ranked":  # 7.16.4: a ranked method, a quorum at most
        if not 1 <= seats <= len(option_ids):
            raise InvalidInput(f"{ballot.method} fills 1 to {len(option_ids)} seats here")
        return OutcomeRule(
            ballot.method,
            seats,
            quorum=v.turnout_quorum,
            quorum_strict=v.turnout_strict,
            tie_seed=seed,
        )
    if ballot.kind == "keep-strike":
        method, seats = "strike-out", 1
    elif seats > 1:
        method = "sntv"
    else:
        method = "plurality"
    return OutcomeRule(
        method,
        seats,
        quorum=v.turnout_quorum,
        quorum_strict=v.turnout_strict,
        majority=v.majority,
        majority_share=v.qualified_share if v.majority == "qualified" else None,
        majority_base="electorate" if v.majority_of == "registered" else v.majority_of,
        tie_seed=seed,
    )
