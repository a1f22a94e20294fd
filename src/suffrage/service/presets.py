"""Elections from a constitution preset: its ballot rules become the manifest's contest.

A secret ballot of a constitution is tallied as sums per option, so its kinds map onto
one ``choose`` contest: ``choose-one`` and ``party-votes`` (one mark among the options or
party lists) and ``keep-strike`` (keep or strike the single candidate). A constitution
with an open (roll-call) ballot is not run by this service: its votes are public.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from suffrage.errors import InvalidInput, RulesError
from suffrage.protocol.encoding import Json, JsonObject
from suffrage.rules.constitution import Constitution, load_preset, preset_names

__all__ = ["ElectionRequest", "manifest_from_preset", "presets"]


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


def presets() -> list[dict[str, str]]:
    """The built-in constitutions with a secret ballot the service can run."""
    out = []
    for name in preset_names():
        c = load_preset(name)
        if c.ballot.secrecy == "secret":
            out.append({"id": name, "name": c.name, "ballot": c.ballot.kind})
    return out


def _slug(text: str, k: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]
    return f"o{k + 1}-{slug}" if slug else f"o{k + 1}"


def _options(c: Constitution, given: Sequence[str]) -> list[str]:
    if c.ballot.kind == "keep-strike":
        if len(given) != 1:
            raise InvalidInput("a keep-or-strike ballot names exactly one candidate")
        return ["keep", "strike"]
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
    trustees: list[Json] = [
        {"index": i + 1, "name": name, "public_key": key}
        for i, (name, key) in enumerate(req.trustees)
    ]
    credentials: JsonObject = (
        {"authority": "server"}
        if req.registrar_key is None
        else {"authority": "registrar", "public_key": req.registrar_key}
    )
    return {
        "protocol": "suffrage/1",
        "id": req.id,
        "title": req.title[:200],
        "contests": [contest],
        "styles": [{"id": "electors", "title": "Electors", "contests": ["main"]}],
        "trustees": trustees,
        "threshold": req.threshold,
        "credentials": credentials,
    }
