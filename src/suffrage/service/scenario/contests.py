"""One contest: collect the marks, record them (open roll call or secret record), count.

An open contest is recorded by :mod:`suffrage.protocol.rollcall` with each elector's name;
a secret contest goes through the secret box (encrypted ballots, verifiable record), which
returns only the totals per option. The two paths never share a record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction

from suffrage.errors import ScenarioError
from suffrage.protocol.rollcall import open_rollcall
from suffrage.rules import ApprovalBallot, ApprovalProfile, RankedProfile, Tally, TiePolicy
from suffrage.rules.constitution import Ballot
from suffrage.rules.registry import get_method
from suffrage.service.scenario.electorate import Leaning, choose

__all__ = [
    "STRIKE_ALL",
    "ContestOutcome",
    "ContestSpec",
    "SecretBox",
    "recount",
    "run_contest",
    "slug",
    "spec_for",
]

#: The mark of a keep-or-strike ballot that leaves no name (every name struck).
STRIKE_ALL = "(all names struck)"

#: (spec, roll [(voter, weight)], cast [(voter, marks)]) -> (totals, record files,
#: rankings): the rankings are those a ranked contest's record publishes, mixed and
#: decrypted one by one (docs/protocol.md 7.16), else ``None`` (only sums leave the box).
SecretBox = Callable[
    ["ContestSpec", Sequence[tuple[str, int]], Sequence[tuple[str, tuple[str, ...]]]],
    tuple[dict[str, int], dict[str, bytes], list[tuple[str, ...]] | None],
]


@dataclass(frozen=True, slots=True)
class ContestSpec:
    """What is elected: ``seats`` among ``candidates`` (or ``lists`` of candidates by party)."""

    id: str
    title: str
    ballot: Ballot
    seats: int
    candidates: tuple[str, ...]
    party_of: Mapping[str, str | None]
    constituency: str
    lists: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    excluded_lists: frozenset[str] = frozenset()
    question: bool = False  # a question (plebiscite, recall): marks only, no method

    @property
    def options(self) -> tuple[str, ...]:
        if self.ballot.kind == "party-votes":
            return tuple(self.lists)
        if self.ballot.kind == "keep-strike":
            return (*self.candidates, STRIKE_ALL)
        return self.candidates


@dataclass(frozen=True, slots=True)
class ContestOutcome:
    spec: ContestSpec
    registered: int
    cast: int
    marks: Mapping[str, int]
    elected: tuple[str, ...]
    result: dict[str, object]
    record: dict[str, bytes]
    notes: tuple[str, ...] = ()


def run_contest(
    spec: ContestSpec,
    voters: Sequence[Leaning],
    *,
    seed: str,
    secret_box: SecretBox | None,
) -> ContestOutcome:
    """Simulate the votes of ``voters``, record them and count them by the ballot's method."""
    choices: list[tuple[str, tuple[str, ...], int]] = []
    registered = sum(v.weight for v in voters)
    for leaning in voters:
        marks = choose(
            leaning,
            seed=seed,
            contest=spec.id,
            kind=spec.ballot.kind,
            options=spec.candidates if spec.ballot.kind != "party-votes" else tuple(spec.lists),
            party_of=spec.party_of,
            strike_all=STRIKE_ALL,
            secrecy=spec.ballot.secrecy,
        )
        if marks is not None:
            choices.append((leaning.voter, marks, leaning.weight))
    ballots: list[tuple[tuple[str, ...], int]] | None
    if spec.ballot.secrecy == "open":
        totals, record, ballots = _open(spec, voters, choices)
    else:
        if secret_box is None:
            raise ScenarioError(f"contest {spec.id}: a secret ballot needs the secret protocol")
        roll = [(v.voter, v.weight) for v in voters]
        totals, record, rankings = secret_box(spec, roll, [(v, m) for v, m, _ in choices])
        ballots = None if rankings is None else [(r, 1) for r in rankings]
    elected: tuple[str, ...] = ()
    result: dict[str, object] = {"marks": dict(totals)}
    notes: tuple[str, ...] = ()
    if not spec.question:
        elected, result, notes = _count(spec, totals, ballots, seed, registered)
    cast = sum(w for _, _, w in choices)
    return ContestOutcome(spec, registered, cast, totals, elected, result, record, notes)


def slug(text: str) -> str:
    """A record-safe identifier (lowercase letters, digits, ``-``), at most 60 characters."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "x"


def spec_for(
    contest_id: str,
    title: str,
    ballot: Ballot,
    seats: int,
    names: Sequence[tuple[str, str | None]],
    constituency: str,
) -> ContestSpec:
    """A contest over candidates ``(name, party)``; party lists group them by party."""
    party_of = dict(names)
    lists: dict[str, tuple[str, ...]] = {}
    if ballot.kind == "party-votes":
        for name, party in names:
            key = party or name
            lists[key] = (*lists.get(key, ()), name)
    candidates = tuple(n for n, _ in names)
    return ContestSpec(contest_id, title, ballot, seats, candidates, party_of, constituency, lists)


def recount(outcome: ContestOutcome, excluded: frozenset[str], seed: str) -> ContestOutcome:
    """Count a party-list contest again with ``excluded`` lists (a threshold over all units)."""
    spec = replace(outcome.spec, excluded_lists=excluded)
    elected, result, notes = _count(spec, outcome.marks, None, seed, outcome.registered)
    return replace(outcome, spec=spec, elected=elected, result=result, notes=notes)


def _open(
    spec: ContestSpec,
    voters: Sequence[Leaning],
    choices: list[tuple[str, tuple[str, ...], int]],
) -> tuple[dict[str, int], dict[str, bytes], list[tuple[tuple[str, ...], int]]]:
    record = open_rollcall(spec.id, spec.title, spec.options, [v.voter for v in voters])
    for voter, marks, weight in choices:
        record = record.vote(voter, marks, constituency=spec.constituency, weight=weight)
    text = json.dumps(record.to_json(), indent=1, ensure_ascii=False, sort_keys=True)
    ballots = [(marks, weight) for _, marks, weight in choices]
    return record.marks(), {"rollcall.json": text.encode()}, ballots


def _count(
    spec: ContestSpec,
    totals: Mapping[str, int],
    ballots: list[tuple[tuple[str, ...], int]] | None,
    seed: str,
    registered: int,
) -> tuple[tuple[str, ...], dict[str, object], tuple[str, ...]]:
    info = get_method(spec.ballot.method)
    ties = TiePolicy(seed=f"{seed}/{spec.id}".encode())
    kind = spec.ballot.kind
    if kind == "party-votes":
        return _party_lists(spec, totals, ties)
    if kind == "keep-strike":
        kept = [ApprovalBallot(frozenset({i}), totals[c]) for i, c in enumerate(spec.candidates)]
        struck = ApprovalBallot(frozenset(), totals[STRIKE_ALL])
        marks = tuple(b for b in (*kept, struck) if b.count)
        profile: object = ApprovalProfile(spec.candidates, marks)
        result = info.count(profile, seats=1, ties=ties, electorate=registered)
        return tuple(result.elected), result.to_json(), tuple(result.notes)
    if kind == "choose-one":
        profile = Tally(spec.candidates, tuple(totals[c] for c in spec.candidates))
    else:
        profile = _profile(spec, ballots)
    result = info.count(profile, seats=spec.seats, ties=ties)
    return tuple(result.elected), result.to_json(), _by_lot(spec, totals, result.elected)


def _by_lot(
    spec: ContestSpec, totals: Mapping[str, int], elected: Sequence[str]
) -> tuple[str, ...]:
    """Say so when seats went to candidates nobody voted for (drawn by the tie policy)."""
    empty = [c for c in elected if spec.ballot.kind == "choose-one" and not totals.get(c, 0)]
    if not empty:
        return ()
    return (
        f"{len(empty)} of {len(elected)} seats went by lot to candidates with no votes "
        f"(counting by {spec.ballot.method})",
    )


def _profile(spec: ContestSpec, ballots: list[tuple[tuple[str, ...], int]] | None) -> object:
    if ballots is None:
        raise ScenarioError(f"contest {spec.id}: {spec.ballot.kind} ballots need an open record")
    index = {c: i for i, c in enumerate(spec.candidates)}
    if spec.ballot.kind == "ranked":
        orders = [(tuple(index[c] for c in marks), w) for marks, w in ballots]
        return RankedProfile.from_orders(spec.candidates, orders)
    if spec.ballot.kind == "approval":
        approvals = tuple(ApprovalBallot(frozenset(index[c] for c in m), w) for m, w in ballots)
        return ApprovalProfile(spec.candidates, approvals)
    raise ScenarioError(f"contest {spec.id}: {spec.ballot.kind} ballots are not simulated")


def _party_lists(
    spec: ContestSpec, totals: Mapping[str, int], ties: TiePolicy
) -> tuple[tuple[str, ...], dict[str, object], tuple[str, ...]]:
    excluded = set(spec.excluded_lists)
    threshold = spec.ballot.threshold
    cast = sum(totals.values())
    if threshold is not None and spec.ballot.threshold_scope == "constituency" and cast:
        excluded |= {p for p in spec.lists if Fraction(totals.get(p, 0), cast) < threshold}
    eligible = tuple(p for p in spec.lists if p not in excluded and totals.get(p, 0))
    notes = tuple(
        f"list {p} is below the threshold of {threshold}" for p in spec.lists if p in excluded
    )
    if not eligible:
        return (), {"method": spec.ballot.method, "seats": {}}, (*notes, "no list has votes")
    info = get_method(spec.ballot.method)
    result = info.count(
        Tally(eligible, tuple(totals[p] for p in eligible)), seats=spec.seats, ties=ties
    )
    seats = dict(result.seats or {})
    elected: list[str] = []
    short: list[str] = []
    for party in eligible:
        names = spec.lists[party][: seats.get(party, 0)]
        elected.extend(names)
        if len(names) < seats.get(party, 0):
            short.append(f"list {party} won {seats[party]} seats but has {len(names)} candidates")
    return tuple(elected), result.to_json(), (*notes, *short)
