"""CSV ballot files.

Ranked ballots: one row per ballot, naming candidates in order of preference
(``A=B`` in one cell ranks A and B equal). With a header row whose first cell is
``count``, the first column holds how many identical ballots the row stands for.
Candidates are taken in order of first appearance; a header row ``candidates,A,B,...``
declares them (so that a candidate nobody ranked still stands).

Party votes, for apportionment: rows ``party,votes``, with an optional header row.
"""

from __future__ import annotations

import csv
import io

from suffrage.errors import CountError
from suffrage.rules.ballots import RankedBallot, RankedProfile, Tally
from suffrage.rules.io.file import BallotFile, format_error

__all__ = ["parse_party_csv", "parse_ranked_csv"]


def _rows(text: str | bytes, source: str) -> list[tuple[int, list[str]]]:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise format_error(source, None, f"not UTF-8 text ({exc.reason})") from None
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise format_error(source, None, f"not valid CSV ({exc})") from None
    out = [
        (number, [cell.strip() for cell in row])
        for number, row in enumerate(rows, 1)
        if any(cell.strip() for cell in row)
    ]
    if not out:
        raise format_error(source, None, "the file is empty")
    return out


def _count(cell: str, source: str, line: int) -> int:
    try:
        value = int(cell)
    except ValueError:
        raise format_error(source, line, f"count {cell!r} is not an integer") from None
    if value < 0:
        raise format_error(source, line, f"count {value} is negative")
    return value


def parse_ranked_csv(text: str | bytes, *, source: str = "<string>") -> BallotFile:
    rows = _rows(text, source)
    with_counts = False
    names: list[str] = []
    index: dict[str, int] = {}
    head = rows[0][1]
    if head and head[0].lower() in ("count", "candidates"):
        with_counts = head[0].lower() == "count"
        if head[0].lower() == "candidates":
            for name in head[1:]:
                if name and name not in index:
                    index[name] = len(names)
                    names.append(name)
        rows = rows[1:]
    orders: dict[tuple[tuple[int, ...], ...], int] = {}
    blank = 0
    for number, row in rows:
        count = _count(row[0], source, number) if with_counts else 1
        cells = row[1:] if with_counts else row
        ranking: list[tuple[int, ...]] = []
        seen: set[int] = set()
        for cell in cells:
            if not cell:
                continue
            group = []
            for name in (part.strip() for part in cell.split("=")):
                if name not in index:
                    index[name] = len(names)
                    names.append(name)
                c = index[name]
                if c in seen:
                    raise format_error(source, number, f"{name!r} is ranked twice")
                seen.add(c)
                group.append(c)
            ranking.append(tuple(group))
        key = tuple(ranking)
        if not key:
            blank += count
        elif count:
            orders[key] = orders.get(key, 0) + count
    if not names:
        raise format_error(source, None, "no candidate is named")
    try:
        ballots = tuple(RankedBallot(r, n) for r, n in orders.items())
        profile = RankedProfile(tuple(names), ballots)
    except CountError as exc:
        raise format_error(source, None, str(exc)) from None
    return BallotFile(profile=profile, blank=blank, source=source)


def parse_party_csv(text: str | bytes, *, source: str = "<string>") -> BallotFile:
    """Rows ``party,votes`` (a header row is skipped) as a :class:`Tally`."""
    rows = _rows(text, source)
    if rows[0][1] and len(rows[0][1]) >= 2 and not rows[0][1][1].lstrip("-").isdigit():
        rows = rows[1:]
    parties: list[str] = []
    votes: list[int] = []
    for number, row in rows:
        if len(row) < 2 or not row[0]:
            raise format_error(source, number, "expected 'party,votes'")
        if row[0] in parties:
            raise format_error(source, number, f"party {row[0]!r} appears twice")
        parties.append(row[0])
        votes.append(_count(row[1], source, number))
    if not parties:
        raise format_error(source, None, "no party rows")
    return BallotFile(profile=Tally(tuple(parties), tuple(votes)), source=source)
