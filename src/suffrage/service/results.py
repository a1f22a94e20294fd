"""Published results for people: per contest its decision, votes, shares and turnout.

Built from the manifest and the ``result`` payload of a record (docs/protocol.md 7.12,
7.15), so the CLI, the results page and the exports show the same figures. For a ranked
contest (7.16) an option's votes are its first preferences in the published rankings. A
question put unit by unit (7.15.5) comes first, with its units' figures; each unit's
contest then shows whether the question carries there. Exports: the results and turnout
as CSV (one row per option) and as JSON.
"""

from __future__ import annotations

import csv
import dataclasses
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
    "UnitView",
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
    "units_carrying",
    "units",
    "carries",
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
class UnitView:
    """One unit of a question (7.15.5): its turnout and whether the question carries there."""

    id: str  # the unit's contest
    title: str  # the title of the ballot style that lists it (the unit's name)
    electorate: int
    cast: int
    votes: int
    approving: int
    carries: bool

    @property
    def percent(self) -> str:
        return f"{100 * self.approving / self.votes:.1f}" if self.votes else "0.0"


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
    question: bool = False  # a question put unit by unit; ``id`` is the question's
    units: tuple[UnitView, ...] = ()  # a question's units, in its order
    units_carrying: int | None = None
    double_majority_met: bool | None = None
    unit: UnitView | None = None  # a unit's contest: its figures in its question
    unit_of: str | None = None  # ... and that question's title
    approve: str | None = None  # a question's option that must carry (its title)

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
    """The questions of ``result`` (7.15.5), then its contests in manifest order, with
    titles from ``manifest``."""
    contests = {str(c["id"]): c for c in _objects(manifest.get("contests"))}
    questions = {str(q["id"]): q for q in _objects(manifest.get("questions"))}
    names = _unit_names(manifest)
    out = []
    units: dict[str, tuple[UnitView, str]] = {}
    for row in _objects(result.get("questions")):
        question = questions.get(str(row.get("question")))
        if question is None:
            raise InvalidInput(f"the result names an unknown question {row.get('question')!r}")
        first = contests.get(str(_list(question.get("contests"))[0]), {})
        view = _question_view(question, first, row, names)
        out.append(view)
        units.update({u.id: (u, view.title) for u in view.units})
    for row in _objects(result.get("contests")):
        contest = contests.get(str(row.get("contest")))
        if contest is None:
            raise InvalidInput(f"the result names an unknown contest {row.get('contest')!r}")
        view = _view(contest, row)
        if view.id in units:
            unit, question_title = units[view.id]
            view = dataclasses.replace(
                view,
                unit=unit,
                unit_of=question_title,
                electorate=unit.electorate,
                cast=unit.cast,
                blank=unit.cast - unit.votes,
            )
        out.append(view)
    return out


def _list(value: Json) -> list[Json]:
    return value if isinstance(value, list) and value else [""]


def _unit_names(manifest: JsonObject) -> dict[str, str]:
    """A contest's unit name: the title of the first ballot style that lists it."""
    names: dict[str, str] = {}
    for style in _objects(manifest.get("styles")):
        for cid in style.get("contests") or []:  # type: ignore[union-attr]
            names.setdefault(str(cid), str(style.get("title")))
    return names


def _question_view(
    question: JsonObject, first: JsonObject, row: JsonObject, names: dict[str, str]
) -> ContestView:
    """A question as a contest of its summed counts, with its units (7.15.5)."""
    as_contest: JsonObject = {
        "id": question["id"],
        "title": question["title"],
        "options": first.get("options"),
        "outcome": question.get("outcome"),
    }
    view = _view(as_contest, row)
    oc = row.get("outcome")
    outcome: dict[str, Any] = oc if isinstance(oc, dict) else {}
    units = tuple(
        UnitView(
            id=str(u["contest"]),
            title=names.get(str(u["contest"]), str(u["contest"])),
            electorate=int(str(u["electorate"])),
            cast=int(str(u["cast"])),
            votes=int(str(u["votes"])),
            approving=int(str(u["approving"])),
            carries=u["carries"] is True,
        )
        for u in _objects(outcome.get("units"))
    )
    rule = question.get("outcome")
    approve = rule.get("approve") if isinstance(rule, dict) else None
    titles = {o.id: o.title for o in view.options}
    return dataclasses.replace(
        view,
        approve=titles.get(str(approve), str(approve)),
        question=True,
        units=units,
        units_carrying=outcome.get("units_carrying"),
        double_majority_met=outcome.get("double_majority_met"),
    )


def _objects(value: Json) -> list[JsonObject]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _view(contest: JsonObject, row: JsonObject) -> ContestView:
    options = _objects(contest.get("options"))
    counts = [int(str(n)) for n in row.get("counts", []) or []]  # type: ignore[union-attr]
    if isinstance(row.get("rankings"), list):  # ranked: the sums are of ranks, not votes
        counts = _first_preferences(options, row["rankings"])
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


def _first_preferences(options: list[JsonObject], rankings: Json) -> list[int]:
    firsts = (
        [r[0] for r in rankings if isinstance(r, list) and r] if isinstance(rankings, list) else []
    )
    return [sum(1 for f in firsts if f == o.get("id")) for o in options]


def results_csv(views: list[ContestView]) -> str:
    """One row per option: votes, share, seats, elected, and the contest's turnout; a
    question's rows (its id in the ``contest`` column) give its units carrying, a unit's
    whether the question carries there."""
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
                    c.units_carrying if c.question and c.units_carrying is not None else "",
                    len(c.units) if c.question else "",
                    "" if c.unit is None else ("yes" if c.unit.carries else "no"),
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
    questions: list[Json] = []
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
        entry: JsonObject = {
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
        if c.question:
            questions.append(_question_json(c, entry))
        else:
            contests.append(entry)
    doc: JsonObject = {
        "election": election_id,
        "manifest": manifest,
        "head": head,
        "contests": contests,
    }
    if questions:
        doc["questions"] = questions
    return canonical(doc) + b"\n"


def _question_json(c: ContestView, entry: JsonObject) -> JsonObject:
    """A question's export: the contest fields under ``question``, and its units."""
    units: list[Json] = [
        {
            "contest": u.id,
            "title": u.title,
            "electorate": u.electorate,
            "cast": u.cast,
            "votes": u.votes,
            "approving": u.approving,
            "carries": u.carries,
        }
        for u in c.units
    ]
    rest = {k: v for k, v in entry.items() if k != "contest"}
    return {
        "question": c.id,
        **rest,
        "double_majority_met": c.double_majority_met,
        "units_carrying": c.units_carrying,
        "units": units,
    }


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
