"""Published results for people: per contest its decision, votes, shares and turnout.

Built from the manifest and the ``result`` payload of a record (docs/protocol.md 7.12,
7.15), so the CLI, the results page and the exports show the same figures. Exports: the
results and turnout as CSV (one row per option) and as JSON.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from suffrage.errors import InvalidInput
from suffrage.protocol.encoding import Json, JsonObject, canonical

__all__ = [
    "CSV_HEADER",
    "ContestView",
    "OptionView",
    "SeatDot",
    "contest_views",
    "parse_results_csv",
    "results_csv",
    "results_json",
    "seat_dots",
]

CSV_HEADER = (
    "contest",
    "option",
    "title",
    "votes",
    "share",
    "seats",
    "elected",
    "decision",
    "electorate",
    "cast",
    "blank",
)


@dataclass(frozen=True, slots=True)
class OptionView:
    id: str
    title: str
    votes: int
    share: Fraction  # of the votes for options in the contest
    seats: int | None
    elected: bool

    @property
    def percent(self) -> str:
        return f"{float(self.share * 100):.1f}"


@dataclass(frozen=True, slots=True)
class ContestView:
    """One contest of a published result, ready to show."""

    id: str
    title: str
    options: tuple[OptionView, ...]
    votes: int
    method: str | None = None
    decision: str | None = None
    elected: tuple[str, ...] = ()  # titles, in order
    electorate: int | None = None
    cast: int | None = None
    blank: int | None = None
    quorum: str | None = None  # the rule's share, e.g. "1/2"
    quorum_met: bool | None = None
    majority_met: bool | None = None
    threshold: str | None = None
    sheet: JsonObject | None = None

    @property
    def has_seats(self) -> bool:
        return any(o.seats is not None for o in self.options)

    @property
    def turnout_percent(self) -> str | None:
        if self.electorate is None or self.cast is None or self.electorate == 0:
            return None
        return f"{100 * self.cast / self.electorate:.1f}"

    @property
    def quorum_percent(self) -> str | None:
        if self.quorum is None:
            return None
        p, q = self.quorum.split("/")
        return f"{100 * int(p) / int(q):.1f}"

    @property
    def seats_total(self) -> int:
        return sum(o.seats or 0 for o in self.options)


def contest_views(manifest: JsonObject, result: JsonObject) -> list[ContestView]:
    """The contests of ``result`` in manifest order, with titles from ``manifest``."""
    contests = {str(c["id"]): c for c in _objects(manifest.get("contests"))}
    out = []
    for row in _objects(result.get("contests")):
        contest = contests.get(str(row.get("contest")))
        if contest is None:
            raise InvalidInput(f"the result names an unknown contest {row.get('contest')!r}")
        out.append(_view(contest, row))
    return out


def _objects(value: Json) -> list[JsonObject]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _view(contest: JsonObject, row: JsonObject) -> ContestView:
    options = _objects(contest.get("options"))
    counts = [int(str(n)) for n in row.get("counts", []) or []]  # type: ignore[union-attr]
    outcome = row.get("outcome")
    oc: dict[str, Any] = outcome if isinstance(outcome, dict) else {}
    seats = oc.get("seats")
    elected_ids = [str(e) for e in oc.get("elected") or []]
    total = sum(counts)
    views = tuple(
        OptionView(
            id=str(o["id"]),
            title=str(o["title"]),
            votes=n,
            share=Fraction(n, total) if total else Fraction(0),
            seats=int(seats[j]) if isinstance(seats, list) else None,
            elected=str(o["id"]) in elected_ids,
        )
        for j, (o, n) in enumerate(zip(options, counts, strict=True))
    )
    titles = {v.id: v.title for v in views}
    rule = contest.get("outcome")
    rl: dict[str, Any] = rule if isinstance(rule, dict) else {}
    return ContestView(
        id=str(contest["id"]),
        title=str(contest["title"]),
        options=views,
        votes=total,
        method=oc.get("method"),
        decision=oc.get("decision"),
        elected=tuple(titles.get(e, e) for e in elected_ids),
        electorate=oc.get("electorate"),
        cast=oc.get("cast"),
        blank=oc.get("blank"),
        quorum=rl.get("quorum"),
        quorum_met=oc.get("quorum_met"),
        majority_met=oc.get("majority_met"),
        threshold=rl.get("threshold"),
        sheet=oc.get("sheet") if isinstance(oc.get("sheet"), dict) else None,
    )


def results_csv(views: list[ContestView]) -> str:
    """One row per option: votes, share, seats, elected, and the contest's turnout."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for c in views:
        for o in c.options:
            writer.writerow(
                (
                    c.id,
                    o.id,
                    o.title,
                    o.votes,
                    f"{o.share.numerator}/{o.share.denominator}",
                    "" if o.seats is None else o.seats,
                    "yes" if o.elected else "no",
                    c.decision or "",
                    "" if c.electorate is None else c.electorate,
                    "" if c.cast is None else c.cast,
                    "" if c.blank is None else c.blank,
                )
            )
    return buf.getvalue()


def parse_results_csv(text: str) -> dict[str, list[int]]:
    """The votes per contest (in row order) from :func:`results_csv`'s output."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(rows[0]) != CSV_HEADER:
        raise InvalidInput("not a suffrage results CSV (unexpected header)")
    out: dict[str, list[int]] = {}
    for row in rows[1:]:
        out.setdefault(row[0], []).append(int(row[3]))
    return out


def results_json(views: list[ContestView], election_id: str, manifest: str, head: str) -> bytes:
    """Results and turnout as canonical JSON (shares as exact ``"p/q"`` strings).

    ``manifest`` is the manifest hash and ``head`` the board's head hash: the record's
    fingerprint, which a reader checks against ``suffrage verify``.
    """
    contests: list[Json] = []
    for c in views:
        options: list[Json] = [
            {
                "id": o.id,
                "title": o.title,
                "votes": o.votes,
                "share": f"{o.share.numerator}/{o.share.denominator}",
                "seats": o.seats,
                "elected": o.elected,
            }
            for o in c.options
        ]
        contests.append(
            {
                "contest": c.id,
                "title": c.title,
                "options": options,
                "decision": c.decision,
                "electorate": c.electorate,
                "cast": c.cast,
                "blank": c.blank,
                "quorum": c.quorum,
                "quorum_met": c.quorum_met,
                "majority_met": c.majority_met,
            }
        )
    doc: JsonObject = {
        "election": election_id,
        "manifest": manifest,
        "head": head,
        "contests": contests,
    }
    return canonical(doc) + b"\n"


@dataclass(frozen=True, slots=True)
class SeatDot:
    """One seat of a parliament chart: centre in a 0..200 x 0..105 box, and its list."""

    x: float
    y: float
    option: int


def seat_dots(view: ContestView) -> list[SeatDot]:
    """Seats on concentric half circles, filled left to right in list order.

    Rows get seats in proportion to their radius; all seats are then sorted by angle, so
    each list holds one wedge of the half circle.
    """
    total = view.seats_total
    if total == 0:
        return []
    rows = max(1, min(8, math.ceil(math.sqrt(total / 4))))
    radii = [40 + 55 * (k + 0.5) / rows for k in range(rows)]
    weight = sum(radii)
    per_row = [math.floor(total * r / weight) for r in radii]
    for k in range(total - sum(per_row)):  # the seats left, outermost rows first
        per_row[rows - 1 - k % rows] += 1
    spots: list[tuple[float, float, float]] = []
    for r, n in zip(radii, per_row, strict=True):
        for k in range(n):
            angle = math.pi * (1 - (k + 0.5) / n)
            spots.append((angle, 100 + r * math.cos(angle), 100 - r * math.sin(angle)))
    spots.sort(key=lambda s: -s[0])
    owners = [j for j, o in enumerate(view.options) for _ in range(o.seats or 0)]
    return [
        SeatDot(round(x, 2), round(y, 2), j) for (_, x, y), j in zip(spots, owners, strict=True)
    ]
