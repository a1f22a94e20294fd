"""The outcome rule of a contest, read from the manifest as docs/protocol.md 7.15 states it.

Written from the specification, not from :mod:`suffrage.protocol`: a third party's reading
of the same field. Any defect raises :class:`~suffrage.errors.InvalidEncoding` naming it.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Final

from suffrage.errors import InvalidEncoding
from suffrage.protocol.encoding import Json, get_object, require_keys

__all__ = ["DIVISOR_AND_QUOTA", "Rule", "parse_rule"]

#: 7.15.3: apportionment methods (a threshold allowed, no majority).
DIVISOR_AND_QUOTA: Final = (
    "dhondt",
    "sainte-lague",
    "modified-sainte-lague",
    "imperiali",
    "adams",
    "huntington-hill",
    "hare",
    "droop",
)
_ONE_SEAT: Final = ("plurality", "strike-out", "referendum")
_KNOWN: Final = (*DIVISOR_AND_QUOTA, *_ONE_SEAT, "sntv", "block")
_KEYS: Final = (
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


@dataclass(frozen=True, slots=True)
class Rule:
    method: str
    seats: int
    threshold: Fraction | None
    quorum: Fraction | None
    quorum_strict: bool
    majority: str
    majority_share: Fraction | None
    majority_base: str
    approve: str | None
    approval_share: Fraction | None
    approval_quorum: Fraction | None
    seed: bytes


def _share(value: Json, where: str, limit_one: bool) -> Fraction | None:
    if value is None:
        return None
    if not isinstance(value, str) or value.count("/") != 1:
        raise InvalidEncoding(f"{where}: expected a share 'p/q' or null")
    p, q = value.split("/")
    if not (p.isascii() and p.isdigit() and q.isascii() and q.isdigit()) or int(q) == 0:
        raise InvalidEncoding(f"{where}: expected a share 'p/q' or null")
    x = Fraction(int(p), int(q))
    if f"{x.numerator}/{x.denominator}" != value:
        raise InvalidEncoding(f"{where}: not in lowest terms")
    if x > 1 or (limit_one and x == 1):
        raise InvalidEncoding(f"{where}: out of range")
    return x


def parse_rule(value: Json, path: str, kind: str, options: tuple[str, ...], max_marks: int) -> Rule:
    """Read and check ``outcome`` of a contest of this kind, option ids and ``max``."""
    obj = get_object(value, path)
    if kind != "choose":
        raise InvalidEncoding(f"{path}: an outcome rule needs a 'choose' contest")
    require_keys(obj, path, _KEYS)
    method, seats, seed = obj["method"], obj["seats"], obj["tie_seed"]
    if method not in _KNOWN:
        raise InvalidEncoding(f"{path}.method: unknown method {method!r}")
    assert isinstance(method, str)
    if type(seats) is not int or seats < 1 or seats > 10_000:
        raise InvalidEncoding(f"{path}.seats: an integer from 1 to 10000")
    if not isinstance(seed, str) or not 2 <= len(seed) <= 128 or len(seed) % 2:
        raise InvalidEncoding(f"{path}.tie_seed: 1 to 64 bytes of lowercase hex")
    if seed != seed.lower() or any(c not in "0123456789abcdef" for c in seed):
        raise InvalidEncoding(f"{path}.tie_seed: 1 to 64 bytes of lowercase hex")
    if type(obj["quorum_strict"]) is not bool:
        raise InvalidEncoding(f"{path}.quorum_strict: true or false")
    if obj["majority"] not in ("none", "absolute", "qualified"):
        raise InvalidEncoding(f"{path}.majority: none, absolute or qualified")
    if obj["majority_base"] not in ("valid", "cast", "electorate"):
        raise InvalidEncoding(f"{path}.majority_base: valid, cast or electorate")
    approve = obj["approve"]
    if approve is not None and not isinstance(approve, str):
        raise InvalidEncoding(f"{path}.approve: an option id or null")
    rule = Rule(
        method=method,
        seats=seats,
        threshold=_share(obj["threshold"], f"{path}.threshold", True),
        quorum=_share(obj["quorum"], f"{path}.quorum", False),
        quorum_strict=bool(obj["quorum_strict"]),
        majority=str(obj["majority"]),
        majority_share=_share(obj["majority_share"], f"{path}.majority_share", False),
        majority_base=str(obj["majority_base"]),
        approve=approve,
        approval_share=_share(obj["approval_share"], f"{path}.approval_share", True),
        approval_quorum=_share(obj["approval_quorum"], f"{path}.approval_quorum", False),
        seed=bytes.fromhex(seed),
    )
    _fits(rule, path, options, max_marks)
    return rule


def _fits(rule: Rule, path: str, options: tuple[str, ...], max_marks: int) -> None:
    """7.15.1: which parameters each method takes and which contests it counts."""
    m = rule.method
    problems = [
        (m != "block" and max_marks != 1, f"{m} needs a contest with max 1"),
        (m in _ONE_SEAT and rule.seats != 1, f"{m} fills exactly 1 seat"),
        (m in ("sntv", "block") and rule.seats > len(options), "more seats than options"),
        (m == "block" and max_marks > rule.seats, "a block vote marks at most seats names"),
        (m == "strike-out" and len(options) != 2, "strike-out needs two options"),
        (rule.threshold is not None and m not in DIVISOR_AND_QUOTA, "threshold not allowed"),
        (
            (rule.majority == "qualified") != (rule.majority_share is not None),
            "majority_share goes with a qualified majority only",
        ),
        (
            rule.majority != "none" and m in (*DIVISOR_AND_QUOTA, "referendum"),
            f"{m} takes no majority requirement",
        ),
        (
            rule.majority != "none" and rule.majority_base == "valid" and max_marks != 1,
            "majority_base 'valid' needs a contest with max 1",
        ),
        (
            m == "referendum" and (rule.approve not in options or rule.approval_share is None),
            "a referendum names an option to approve and its approval_share",
        ),
        (
            m != "referendum"
            and (rule.approve, rule.approval_share, rule.approval_quorum) != (None, None, None),
            "approve, approval_share and approval_quorum are for a referendum only",
        ),
    ]
    for bad, why in problems:
        if bad:
            raise InvalidEncoding(f"{path}: {why}")
