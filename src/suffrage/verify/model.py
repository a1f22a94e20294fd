"""The parsed election: manifest, keys and voter list, as the ballot checks need them.

Parsing follows docs/protocol.md 7.4 and raises
:class:`~suffrage.errors.InvalidEncoding` naming the field for anything out of spec.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from suffrage.crypto import Element
from suffrage.errors import InvalidEncoding
from suffrage.protocol.encoding import (
    LABEL_MANIFEST,
    PROTOCOL,
    Json,
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
from suffrage.verify.outcome_rule import Rule, parse_rule
from suffrage.verify.questions import Question, parse_questions

__all__ = ["Contest", "Election", "Manifest", "Voter", "parse_manifest"]


@dataclass(frozen=True, slots=True)
class Contest:
    id: str
    index: int
    kind: str
    options: int
    value_max: int
    min: int
    max: int
    option_ids: tuple[str, ...] = ()
    rule: Rule | None = None  # its outcome rule (7.15), if the manifest states one


@dataclass(frozen=True, slots=True)
class Manifest:
    id: str
    hash: str
    contests: tuple[Contest, ...]
    styles: dict[str, tuple[Contest, ...]]
    trustees: int
    threshold: int
    value: Json
    trustee_keys: dict[int, Element] = field(default_factory=dict)
    credentials: str = "server"
    registrar_key: Element | None = None
    questions: tuple[Question, ...] = ()  # 7.15.5; none without the manifest key

    def contest(self, contest_id: str) -> Contest:
        for c in self.contests:
            if c.id == contest_id:
                return c
        raise KeyError(contest_id)


@dataclass(frozen=True, slots=True)
class Voter:
    style: str
    weight: int


@dataclass(slots=True)
class Election:
    """Everything the ballot checks need, built from the events before ``open``."""

    manifest: Manifest
    public_key: Element | None = None
    public_shares: dict[int, Element] = field(default_factory=dict)
    qualified: tuple[int, ...] = ()
    voters: dict[str, Voter] = field(default_factory=dict)
    voters_hash: str = ""


#: ``max - min`` is at most this (the sum proof has one branch per value).
MAX_SPAN = 4095

_MANIFEST_KEYS = (
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
_CONTEST_KEYS = ("id", "title", "kind", "min", "max", "value_max", "options")


def _parse_contest(value: Json, index: int) -> tuple[Contest, str]:
    path = f"manifest.contests[{index}]"
    obj = get_object(value, path)
    require_keys(obj, path, _CONTEST_KEYS, optional=("outcome",))
    cid = get_identifier(obj, "id", path)
    get_str(obj, "title", path)
    kind = obj["kind"]
    if kind not in ("choose", "score", "rank"):
        raise InvalidEncoding(f"{path}.kind: must be 'choose', 'score' or 'rank'")
    options = get_list(obj, "options", path, min_len=1, max_len=64)
    seen: dict[str, None] = {}
    for j, opt in enumerate(options):
        opath = f"{path}.options[{j}]"
        o = get_object(opt, opath)
        require_keys(o, opath, ("id", "title"))
        oid = get_identifier(o, "id", opath)
        get_str(o, "title", opath)
        if oid in seen:
            raise InvalidEncoding(f"{opath}.id: duplicate option id {oid!r}")
        seen[oid] = None
    if kind == "choose":
        value_max = get_int(obj, "value_max", path, lo=1, hi=1)
    elif kind == "rank":  # 7.16: the rank 0..m of each option
        value_max = get_int(obj, "value_max", path, lo=len(options), hi=len(options))
    else:
        value_max = get_int(obj, "value_max", path, lo=1, hi=100)
    top = len(options) * value_max
    lo = get_int(obj, "min", path, lo=0, hi=top)
    hi = get_int(obj, "max", path, lo=lo, hi=min(top, lo + MAX_SPAN))
    ids = tuple(seen)
    rule = None
    if "outcome" in obj:
        rule = parse_rule(obj["outcome"], f"{path}.outcome", str(kind), ids, hi)
    return Contest(cid, index, str(kind), len(options), value_max, lo, hi, ids, rule), cid


def _parse_styles(value: list[Json], by_id: dict[str, Contest]) -> dict[str, tuple[Contest, ...]]:
    styles: dict[str, tuple[Contest, ...]] = {}
    used: set[str] = set()
    for k, item in enumerate(value):
        path = f"manifest.styles[{k}]"
        obj = get_object(item, path)
        require_keys(obj, path, ("id", "title", "contests"))
        sid = get_identifier(obj, "id", path)
        get_str(obj, "title", path)
        if sid in styles:
            raise InvalidEncoding(f"{path}.id: duplicate style id {sid!r}")
        ids = get_list(obj, "contests", path, min_len=1, max_len=64)
        if len(set(map(str, ids))) != len(ids):
            raise InvalidEncoding(f"{path}.contests: a contest is listed twice")
        contests = []
        for cid in ids:
            if not isinstance(cid, str) or cid not in by_id:
                raise InvalidEncoding(f"{path}.contests: unknown contest {cid!r}")
            contests.append(by_id[cid])
            used.add(cid)
        styles[sid] = tuple(contests)
    unused = sorted(set(by_id) - used)
    if unused:
        raise InvalidEncoding(f"manifest.styles: contest {unused[0]!r} is in no style")
    return styles


def _parse_trustees(obj: dict[str, Json]) -> tuple[dict[int, Element], int]:
    """Trustees ``1..n`` with their distinct signing keys, and the threshold."""
    trustees = get_list(obj, "trustees", "manifest", min_len=1, max_len=32)
    keys: dict[int, Element] = {}
    for k, item in enumerate(trustees):
        path = f"manifest.trustees[{k}]"
        t = get_object(item, path)
        require_keys(t, path, ("index", "name", "public_key"))
        get_int(t, "index", path, lo=k + 1, hi=k + 1)
        get_str(t, "name", path)
        key = get_element(t, "public_key", path)
        if key in keys.values():
            raise InvalidEncoding(f"{path}.public_key: the same key as another trustee")
        keys[k + 1] = key
    threshold = get_int(obj, "threshold", "manifest", lo=1, hi=len(trustees))
    return keys, threshold


def _parse_credentials(obj: dict[str, Json]) -> tuple[str, Element | None]:
    """The credential authority (7.6): ``registrar`` with its key, or ``server``."""
    path = "manifest.credentials"
    c = get_object(obj["credentials"], path)
    if c.get("authority") == "server":
        require_keys(c, path, ("authority",))
        return "server", None
    if c.get("authority") != "registrar":
        raise InvalidEncoding(f"{path}.authority: must be 'registrar' or 'server'")
    require_keys(c, path, ("authority", "public_key"))
    return "registrar", get_element(c, "public_key", path)


def parse_manifest(value: Json) -> Manifest:
    """Check a manifest against 7.4 and compute its hash."""
    obj = get_object(value, "manifest")
    require_keys(obj, "manifest", _MANIFEST_KEYS, optional=("questions",))
    if obj["protocol"] != PROTOCOL:
        raise InvalidEncoding(f"manifest.protocol: must be {PROTOCOL!r}")
    eid = get_identifier(obj, "id", "manifest")
    get_str(obj, "title", "manifest")
    contests: list[Contest] = []
    by_id: dict[str, Contest] = {}
    for index, item in enumerate(get_list(obj, "contests", "manifest", min_len=1, max_len=64)):
        contest, cid = _parse_contest(item, index)
        if cid in by_id:
            raise InvalidEncoding(f"manifest.contests[{index}].id: duplicate contest id {cid!r}")
        by_id[cid] = contest
        contests.append(contest)
    styles = _parse_styles(get_list(obj, "styles", "manifest", min_len=1, max_len=64), by_id)
    keys, t = _parse_trustees(obj)
    get_hex(obj, "nonce", "manifest", length=32)
    authority, registrar = _parse_credentials(obj)
    questions = parse_questions(obj["questions"], by_id, styles) if "questions" in obj else ()
    mh = hash_object(LABEL_MANIFEST, obj).hex()
    return Manifest(
        eid, mh, tuple(contests), styles, len(keys), t, value, keys, authority, registrar, questions
    )
