"""A contest's outcome rule in the manifest (docs/protocol.md 7.15).

The rule names a method of :mod:`suffrage.rules` that reads the per-option sums the tally
yields, with its parameters: seats, threshold, turnout quorum, majority, and the seed of
the lot that breaks ties; a referendum names the option that must carry. Every key is
present in the canonical form (``null`` where it does not apply), so the rule hashes the
same however it was written.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Final, Literal

from suffrage.errors import ManifestError
from suffrage.protocol.encoding import Json, JsonObject, get_object, get_str, require_keys

if TYPE_CHECKING:
    from suffrage.protocol.manifest import Contest

__all__ = [
    "APPORTIONMENT",
    "METHODS",
    "RULE_KEYS",
    "MajorityBase",
    "MajorityKind",
    "OutcomeRule",
    "parse_outcome_rule",
    "parse_share",
    "share_text",
]

#: Apportionment methods of ``suffrage.rules`` (seats to lists by their vote totals).
APPORTIONMENT: Final = frozenset(
    {
        "dhondt",
        "sainte-lague",
        "modified-sainte-lague",
        "imperiali",
        "adams",
        "huntington-hill",
        "hare",
        "droop",
    }
)
#: Every method an outcome rule may name: those whose result follows from option sums.
METHODS: Final = frozenset({"plurality", "sntv", "block", "strike-out", "referendum"}) | (
    APPORTIONMENT
)
RULE_KEYS: Final = (
    "method",
    "seats",
    "threshold",
    "quorum",
    "quorum_strict",
    "majority",
    "majority_share",
    "majority_base",
    "approve",
    "approval_share",
    "approval_quorum",
    "tie_seed",
)
MajorityKind = Literal["none", "absolute", "qualified"]
MajorityBase = Literal["valid", "cast", "electorate"]
_MAX_SEATS: Final = 10_000


@dataclass(frozen=True, slots=True)
class OutcomeRule:
    """How a contest's sums become its outcome (see the module docstring)."""

    method: str
    seats: int = 1
    threshold: Fraction | None = None
    quorum: Fraction | None = None
    quorum_strict: bool = False
    majority: MajorityKind = "none"
    majority_share: Fraction | None = None
    majority_base: MajorityBase = "valid"
    approve: str | None = None
    approval_share: Fraction | None = None
    approval_quorum: Fraction | None = None
    tie_seed: str = ""

    def to_json(self) -> JsonObject:
        return {
            "method": self.method,
            "seats": self.seats,
            "threshold": share_text(self.threshold),
            "quorum": share_text(self.quorum),
            "quorum_strict": self.quorum_strict,
            "majority": self.majority,
            "majority_share": share_text(self.majority_share),
            "majority_base": self.majority_base,
            "approve": self.approve,
            "approval_share": share_text(self.approval_share),
            "approval_quorum": share_text(self.approval_quorum),
            "tie_seed": self.tie_seed,
        }


def share_text(value: Fraction | None) -> Json:
    """A share as its canonical text ``"p/q"`` in lowest terms (``None`` stays ``null``)."""
    return None if value is None else f"{value.numerator}/{value.denominator}"


def parse_share(value: Json, path: str, *, below_one: bool = False) -> Fraction | None:
    """Read ``"p/q"`` (lowest terms, ``q >= 1``, ``0 <= p/q <= 1``) or ``null``."""
    if value is None:
        return None
    parts = value.split("/") if isinstance(value, str) else []
    if len(parts) != 2 or not all(p.isascii() and p.isdigit() for p in parts):
        raise ManifestError(f"{path}: a share is written 'p/q' (for example '1/20')")
    p, q = int(parts[0]), int(parts[1])
    share = Fraction(p, q) if q else None
    if share is None or share_text(share) != value:
        raise ManifestError(f"{path}: {value!r} is not a fraction in lowest terms")
    if share > 1 or (below_one and share == 1):
        raise ManifestError(
            f"{path}: {value!r} is not a share {'below' if below_one else 'up to'} 1"
        )
    return share


def parse_outcome_rule(raw: Json, contest: Contest, path: str) -> OutcomeRule:
    """Validate ``contest.outcome`` against 7.15; :class:`ManifestError` names the field."""
    obj = get_object(raw, path)
    require_keys(obj, path, RULE_KEYS)
    method = get_str(obj, "method", path)
    if method not in METHODS:
        raise ManifestError(f"{path}.method: {method!r} is not one of {sorted(METHODS)}")
    seats = obj["seats"]
    if isinstance(seats, bool) or not isinstance(seats, int) or not 1 <= seats <= _MAX_SEATS:
        raise ManifestError(f"{path}.seats: must be an integer from 1 to {_MAX_SEATS}")
    strict = obj["quorum_strict"]
    if not isinstance(strict, bool):
        raise ManifestError(f"{path}.quorum_strict: must be true or false")
    rule = OutcomeRule(
        method=method,
        seats=seats,
        threshold=parse_share(obj["threshold"], f"{path}.threshold", below_one=True),
        quorum=parse_share(obj["quorum"], f"{path}.quorum"),
        quorum_strict=strict,
        majority=_choice(obj, "majority", path, ("none", "absolute", "qualified")),  # type: ignore[arg-type]
        majority_share=parse_share(obj["majority_share"], f"{path}.majority_share"),
        majority_base=_choice(obj, "majority_base", path, ("valid", "cast", "electorate")),  # type: ignore[arg-type]
        approve=None if obj["approve"] is None else get_str(obj, "approve", path),
        approval_share=parse_share(obj["approval_share"], f"{path}.approval_share", below_one=True),
        approval_quorum=parse_share(obj["approval_quorum"], f"{path}.approval_quorum"),
        tie_seed=_seed(obj, path),
    )
    _check_fit(rule, contest, path)
    return rule


def _choice(obj: JsonObject, key: str, path: str, allowed: tuple[str, ...]) -> str:
    value = obj[key]
    if value not in allowed:
        raise ManifestError(f"{path}.{key}: must be one of {', '.join(allowed)}")
    assert isinstance(value, str)
    return value


def _seed(obj: JsonObject, path: str) -> str:
    seed = obj["tie_seed"]
    ok = isinstance(seed, str) and 0 < len(seed) <= 128 and len(seed) % 2 == 0
    if not ok or any(ch not in "0123456789abcdef" for ch in str(seed)):
        raise ManifestError(f"{path}.tie_seed: must be 1 to 64 bytes as lowercase hex")
    return str(seed)


def _check_fit(rule: OutcomeRule, contest: Contest, path: str) -> None:
    """The parameters the method needs, and only those; the contest's shape fits it."""
    m, n = rule.method, len(contest.options)
    one_mark = contest.kind == "choose" and contest.max == 1
    if contest.kind != "choose":
        raise ManifestError(f"{path}.method: {m} needs a 'choose' contest")
    if m != "block" and not one_mark:
        raise ManifestError(f"{path}.method: {m} needs a contest with max 1 (one mark)")
    if m in ("plurality", "strike-out", "referendum") and rule.seats != 1:
        raise ManifestError(f"{path}.seats: {m} fills exactly 1 seat")
    if m in ("sntv", "block") and rule.seats > n:
        raise ManifestError(f"{path}.seats: {rule.seats} seats but only {n} options")
    if m == "block" and contest.max > rule.seats:
        raise ManifestError(f"{path}.seats: a block vote marks at most as many names as seats")
    if m == "strike-out" and n != 2:
        raise ManifestError(f"{path}.method: strike-out needs two options, keep then strike")
    if rule.threshold is not None and m not in APPORTIONMENT:
        raise ManifestError(f"{path}.threshold: only apportionment methods take a threshold")
    _check_majority(rule, one_mark, path)
    _check_referendum(rule, contest, path)


def _check_majority(rule: OutcomeRule, one_mark: bool, path: str) -> None:
    if (rule.majority == "qualified") != (rule.majority_share is not None):
        raise ManifestError(f"{path}.majority_share: set exactly when majority is 'qualified'")
    if rule.majority != "none" and rule.method in APPORTIONMENT | {"referendum"}:
        raise ManifestError(f"{path}.majority: {rule.method} takes no majority requirement")
    if rule.majority != "none" and rule.majority_base == "valid" and not one_mark:
        raise ManifestError(f"{path}.majority_base: 'valid' needs a contest with max 1")


def _check_referendum(rule: OutcomeRule, contest: Contest, path: str) -> None:
    options = [o.id for o in contest.options]
    if rule.method != "referendum":
        if rule.approve is not None or rule.approval_share is not None:
            raise ManifestError(f"{path}.approve: only a referendum names an option to approve")
        if rule.approval_quorum is not None:
            raise ManifestError(f"{path}.approval_quorum: only for a referendum")
        return
    if rule.approve not in options:
        raise ManifestError(f"{path}.approve: must be one of the options {options}")
    if rule.approval_share is None:
        raise ManifestError(f"{path}.approval_share: a referendum states the share to exceed")
