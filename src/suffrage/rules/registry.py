"""The registry of counting and apportionment methods, with their metadata.

Each family package (``single``, ``multi``, ``apportionment``) exposes a tuple
``METHODS`` of :class:`MethodInfo`; this module joins them. There is no import-time
registration side effect: the registry is a constant built from those tuples.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from suffrage.errors import UnknownMethod

__all__ = ["BallotKind", "Family", "MethodInfo", "all_methods", "get_method"]

#: What a method reads: full rankings, approval sets, scores/grades, one choice per
#: ballot (a :class:`~suffrage.rules.ballots.Tally`), keep-or-strike on one name, or
#: party vote totals for apportionment.
BallotKind = Literal["ranked", "approval", "score", "choose-one", "keep-strike", "party-votes"]
Family = Literal["single", "multi", "apportionment"]


@dataclass(frozen=True, slots=True)
class MethodInfo:
    """A method's id, what it reads, how many seats it fills, where its rule is written."""

    id: str
    name: str
    family: Family
    ballot_kind: BallotKind
    citation: str
    count: Callable[..., Any]  # (profile, *, seats=..., ties=..., **options) -> Result
    multi_seat: bool = False


def all_methods() -> tuple[MethodInfo, ...]:
    """Every registered method, single-winner first, then multi-winner, then apportionment."""
    from suffrage.rules import apportionment, multi, single

    return tuple(single.METHODS) + tuple(multi.METHODS) + tuple(apportionment.METHODS)


def get_method(method_id: str) -> MethodInfo:
    """The method with this id; :class:`~suffrage.errors.UnknownMethod` lists the valid ids."""
    methods = all_methods()
    for info in methods:
        if info.id == method_id:
            return info
    known = ", ".join(sorted(m.id for m in methods))
    raise UnknownMethod(f"no method {method_id!r}; known methods: {known}")
