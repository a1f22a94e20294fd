"""The election manifest: contests, options, ballot styles, trustees (docs/protocol.md 7.4).

:func:`parse_manifest` is the one way to build a :class:`Manifest`, from JSON or from the
equivalent Python dict; every defect raises :class:`~suffrage.errors.ManifestError`
naming the field (``manifest.contests[1].max: ...``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Final, Literal

from suffrage.crypto.group import Element
from suffrage.errors import InvalidEncoding, ManifestError
from suffrage.protocol.encoding import (
    LABEL_MANIFEST,
    PROTOCOL,
    Json,
    JsonObject,
    get_element,
    get_hex,
    get_identifier,
    get_int,
    get_list,
    get_object,
    get_str,
    hash_object,
    require_keys,
)
from suffrage.protocol.outcome_rule import OutcomeRule, parse_outcome_rule
from suffrage.protocol.question import Question, parse_questions

__all__ = [
    "MAX_SPAN",
    "MAX_VALUE",
    "Contest",
    "ContestKind",
    "CredentialAuthority",
    "Manifest",
    "Option",
    "Style",
    "Trustee",
    "parse_manifest",
]

ContestKind = Literal["choose", "score", "rank"]
MAX_VALUE: Final = 100
#: Largest ``max - min`` of a contest (the sum proof has one branch per value).
MAX_SPAN: Final = 4095
_MAX_ITEMS: Final = 64
_MAX_TRUSTEES: Final = 32


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Contest:
    """A question on the ballot; each option gets ``0..value_max``, their sum ``min..max``."""

    id: str
    title: str
    kind: ContestKind
    options: tuple[Option, ...]
    min: int
    max: int
    value_max: int
    #: How the sums become the outcome (7.15); ``None``: the result carries counts only.
    outcome: OutcomeRule | None = None

    def to_json(self) -> JsonObject:
        out: JsonObject = {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "min": self.min,
            "max": self.max,
            "value_max": self.value_max,
            "options": [{"id": o.id, "title": o.title} for o in self.options],
        }
        if self.outcome is not None:
            out["outcome"] = self.outcome.to_json()
        return out


@dataclass(frozen=True, slots=True)
class Style:
    """A ballot style (constituency): which contests its voters answer, in ballot order."""

    id: str
    title: str
    contests: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Trustee:
    """A trustee: her index, her name and the public key she signs her board events with."""

    index: int
    name: str
    public_key: Element

    def to_json(self) -> JsonObject:
        return {"index": self.index, "name": self.name, "public_key": self.public_key.hex()}


@dataclass(frozen=True, slots=True)
class CredentialAuthority:
    """Who made the voters' credentials: a separate registrar (with her key) or the server.

    With ``"server"`` (server-generated credentials) eligibility rests on the server: whoever
    runs it could cast ballots for abstainers. The verifier states the mode (7.6).
    """

    authority: Literal["registrar", "server"]
    public_key: Element | None = None

    def to_json(self) -> JsonObject:
        if self.public_key is None:
            return {"authority": self.authority}
        return {"authority": self.authority, "public_key": self.public_key.hex()}


@dataclass(frozen=True)
class Manifest:
    """A validated manifest with its canonical JSON and hash computed once."""

    id: str
    title: str
    contests: tuple[Contest, ...]
    styles: tuple[Style, ...]
    trustees: tuple[Trustee, ...]
    threshold: int
    nonce: str
    credentials: CredentialAuthority
    #: Questions put unit by unit (7.15.5); none: the manifest has no ``questions`` key.
    questions: tuple[Question, ...] = ()
    hash: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "hash", hash_object(LABEL_MANIFEST, self.to_json()))

    @property
    def hash_hex(self) -> str:
        return self.hash.hex()

    def to_json(self) -> JsonObject:
        out: JsonObject = {
            "protocol": PROTOCOL,
            "id": self.id,
            "title": self.title,
            "contests": [c.to_json() for c in self.contests],
            "styles": [
                {"id": s.id, "title": s.title, "contests": list(s.contests)} for s in self.styles
            ],
            "trustees": [t.to_json() for t in self.trustees],
            "threshold": self.threshold,
            "nonce": self.nonce,
            "credentials": self.credentials.to_json(),
        }
        if self.questions:
            out["questions"] = [q.to_json() for q in self.questions]
        return out

    def trustee_key(self, index: int) -> Element:
        """The public signing key of trustee ``index``."""
        for t in self.trustees:
            if t.index == index:
                return t.public_key
        raise ManifestError(f"no trustee {index} in the manifest")

    def contest(self, contest_id: str) -> Contest:
        for c in self.contests:
            if c.id == contest_id:
                return c
        raise ManifestError(f"no contest {contest_id!r} in the manifest")

    def style(self, style_id: str) -> Style:
        for s in self.styles:
            if s.id == style_id:
                return s
        raise ManifestError(f"no ballot style {style_id!r} in the manifest")


def parse_manifest(data: Json) -> Manifest:
    """Validate a manifest object (7.4); raise :class:`ManifestError` naming the field."""
    try:
        return _parse(get_object(data, "manifest"))
    except InvalidEncoding as exc:
        raise ManifestError(str(exc)) from None


def _parse(obj: JsonObject) -> Manifest:
    path = "manifest"
    keys = (
        "protocol",
        "id",
        "title",
        "contests",
        "styles",
        "trustees",
        "threshold",
        "nonce",
        "credentials",
    )
    require_keys(obj, path, keys, optional=("questions",))
    if obj["protocol"] != PROTOCOL:
        raise ManifestError(f"manifest.protocol: must be {PROTOCOL!r}")
    raw_contests = get_list(obj, "contests", path, min_len=1, max_len=_MAX_ITEMS)
    contests = tuple(_contest(c, f"{path}.contests[{i}]") for i, c in enumerate(raw_contests))
    _unique([c.id for c in contests], f"{path}.contests")
    raw_styles = get_list(obj, "styles", path, min_len=1, max_len=_MAX_ITEMS)
    styles = tuple(_style(s, f"{path}.styles[{i}]", contests) for i, s in enumerate(raw_styles))
    _unique([s.id for s in styles], f"{path}.styles")
    used = {cid for s in styles for cid in s.contests}
    for i, c in enumerate(contests):
        if c.id not in used:
            raise ManifestError(f"{path}.contests[{i}]: contest {c.id!r} is in no ballot style")
    raw_trustees = get_list(obj, "trustees", path, min_len=1, max_len=_MAX_TRUSTEES)
    trustees = tuple(
        _trustee(t, f"{path}.trustees[{i}]", i + 1) for i, t in enumerate(raw_trustees)
    )
    _unique([t.public_key.hex() for t in trustees], f"{path}.trustees public keys")
    threshold = get_int(obj, "threshold", path, lo=1, hi=len(trustees))
    questions = parse_questions(obj, contests, styles) if "questions" in obj else ()
    return Manifest(
        id=get_identifier(obj, "id", path),
        title=get_str(obj, "title", path),
        contests=contests,
        styles=styles,
        trustees=trustees,
        threshold=threshold,
        nonce=get_hex(obj, "nonce", path, length=32).hex(),
        credentials=_credentials(obj.get("credentials"), f"{path}.credentials"),
        questions=questions,
    )


def _credentials(raw: Json, path: str) -> CredentialAuthority:
    obj = get_object(raw, path)
    if obj.get("authority") == "server":
        require_keys(obj, path, ("authority",))
        return CredentialAuthority("server")
    if obj.get("authority") != "registrar":
        raise ManifestError(f"{path}.authority: must be 'registrar' or 'server'")
    require_keys(obj, path, ("authority", "public_key"))
    return CredentialAuthority("registrar", get_element(obj, "public_key", path))


def _contest(raw: Json, path: str) -> Contest:
    obj = get_object(raw, path)
    keys = ("id", "title", "kind", "options", "min", "max", "value_max")
    require_keys(obj, path, keys, optional=("outcome",))
    kind = obj["kind"]
    if kind not in ("choose", "score", "rank"):
        raise ManifestError(f"{path}.kind: must be 'choose', 'score' or 'rank'")
    raw_options = get_list(obj, "options", path, min_len=1, max_len=_MAX_ITEMS)
    options = tuple(_option(o, f"{path}.options[{j}]") for j, o in enumerate(raw_options))
    _unique([o.id for o in options], f"{path}.options")
    if kind == "choose":
        value_max = get_int(obj, "value_max", path, lo=1, hi=1)
    elif kind == "rank":  # a rank 1..m per option, 0 for unranked (7.16)
        value_max = get_int(obj, "value_max", path, lo=len(options), hi=len(options))
    else:
        value_max = get_int(obj, "value_max", path, lo=1, hi=MAX_VALUE)
    top = len(options) * value_max
    lo = get_int(obj, "min", path, lo=0, hi=top)
    hi = get_int(obj, "max", path, lo=lo, hi=min(top, lo + MAX_SPAN))
    contest = Contest(
        id=get_identifier(obj, "id", path),
        title=get_str(obj, "title", path),
        kind="choose" if kind == "choose" else "rank" if kind == "rank" else "score",
        options=options,
        min=lo,
        max=hi,
        value_max=value_max,
    )
    if "outcome" not in obj:
        return contest
    rule = parse_outcome_rule(obj["outcome"], contest, f"{path}.outcome")
    return dataclasses.replace(contest, outcome=rule)


def _option(raw: Json, path: str) -> Option:
    obj = get_object(raw, path)
    require_keys(obj, path, ("id", "title"))
    return Option(get_identifier(obj, "id", path), get_str(obj, "title", path))


def _style(raw: Json, path: str, contests: tuple[Contest, ...]) -> Style:
    obj = get_object(raw, path)
    require_keys(obj, path, ("id", "title", "contests"))
    known = {c.id for c in contests}
    ids = get_list(obj, "contests", path, min_len=1, max_len=_MAX_ITEMS)
    out: list[str] = []
    for k, cid in enumerate(ids):
        if not isinstance(cid, str) or cid not in known:
            raise ManifestError(f"{path}.contests[{k}]: {cid!r} is not a contest of the manifest")
        out.append(cid)
    _unique(out, f"{path}.contests")
    return Style(get_identifier(obj, "id", path), get_str(obj, "title", path), tuple(out))


def _trustee(raw: Json, path: str, expected: int) -> Trustee:
    obj = get_object(raw, path)
    require_keys(obj, path, ("index", "name", "public_key"))
    index = get_int(obj, "index", path, lo=expected, hi=expected)
    return Trustee(index, get_str(obj, "name", path), get_element(obj, "public_key", path))


def _unique(ids: list[str], path: str) -> None:
    seen: set[str] = set()
    for x in ids:
        if x in seen:
            raise ManifestError(f"{path}: duplicate id {x!r}")
        seen.add(x)
