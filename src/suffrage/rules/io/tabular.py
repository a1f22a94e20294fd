"""CSV ballot files.

Ranked ballots: one row per ballot, naming candidates in order of preference
(``A=B`` in one cell ranks A and B equal). With a header row whose first cell is
``count``, the first column holds how many identical ballots the row stands for.
Candidates are taken in order of first appearance; a header row ``candidates,A,B,...``
declares them (so that a candidate nobody ranked still stands).

Party votes, for apportionment: rows ``party,votes``, with an optional header row.

Identical lines are identical ballots, so a file without quote characters is read by
merging identical lines first (in order of first appearance) and parsing each distinct
line once: the lines of a file given as bytes are counted in one pass of C code
(``_lines.c``: a hash table keyed by the line's bytes, no Python object per line), those
of a ``str`` with a ``Counter``. Error messages still name the first line holding the
problem. A file with quotes (a quoted
cell may hold a comma or a line break) is read row by row with :mod:`csv`.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import chain

from suffrage.errors import CountError
from suffrage.rules.ballots import RankedProfile, Tally
from suffrage.rules.io._lines import count_lines
from suffrage.rules.io.file import BallotFile, format_error

__all__ = ["parse_party_csv", "parse_ranked_csv"]

#: A distinct row: where it first appears (a line number, or a key to find it with),
#: its cells (not necessarily stripped), and how many identical lines the file holds.
Row = tuple[object, list[str], int]


def _text(text: str | bytes, source: str) -> str:
    if isinstance(text, bytes):
        try:
            return text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise format_error(source, None, f"not UTF-8 text ({exc.reason})") from None
    return text


def _merged_rows(
    text: str | bytes, source: str
) -> tuple[list[Row], Callable[[object], int]] | None:
    """Distinct non-blank lines as rows, or ``None`` when the file needs the csv module.

    Without quote characters (and NUL, which csv rejects) a CSV row is its line split at
    commas, so identical lines are merged before they are split. The key of a row is its
    line; the line number is looked up only when an error is reported. Bytes are split
    and counted before decoding, and each distinct line is decoded once (a newline byte
    never occurs inside a multi-byte UTF-8 sequence).
    """
    if isinstance(text, str):
        if '"' in text or "\0" in text:
            return None
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        whole = text

        def text_line(key: object) -> int:
            return whole.split("\n").index(str(key)) + 1

        return _distinct(Counter(text.split("\n")), text_line)
    data = text.removeprefix(codecs.BOM_UTF8)
    if b'"' in data or b"\0" in data:
        return None
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")

    def byte_line(key: object) -> int:
        line = key if isinstance(key, bytes) else str(key).encode("utf-8")
        return data.split(b"\n").index(line) + 1

    lines: dict[str, int] = {}
    for line, times in _count_lines(data):
        try:
            lines[line.decode("utf-8")] = times
        except UnicodeDecodeError as exc:
            problem = f"not UTF-8 text ({exc.reason})"
            raise format_error(source, byte_line(line), problem) from None
    return _distinct(lines, byte_line)


def _count_lines(data: bytes) -> Iterable[tuple[bytes, int]]:
    """Distinct lines and how many times each occurs, in order of first appearance.

    Counted by the C extension; a file whose lines were crafted to collide in its
    (unkeyed) hash is declined by it and counted with a ``Counter`` instead.
    """
    found = count_lines(data)
    if found is None:
        return Counter(data.split(b"\n")).items()
    return ((data[start:end], times) for start, end, times in found)


def _distinct(
    counted: dict[str, int], number: Callable[[object], int]
) -> tuple[list[Row], Callable[[object], int]]:
    """Rows of the distinct lines ``counted`` (line -> how many), blank lines dropped.

    The list of all the lines is gone by now: a young list of a million lines alive
    while the rows are built would be walked by every garbage collection they trigger.
    """
    rows: list[Row] = [
        (line, line.split(","), times)  # cells stripped where they are read
        for line, times in counted.items()
        if line.replace(",", "").strip()  # not blank
    ]
    return rows, number


def _rows(text: str | bytes, source: str) -> list[tuple[int, list[str]]]:
    text = _text(text, source)
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
    fast = _merged_rows(text, source)
    if fast is None:
        rows: list[Row] = [(number, row, 1) for number, row in _rows(text, source)]
        return _ranked(rows, _line_number, source)
    merged, number = fast
    if not merged:
        raise format_error(source, None, "the file is empty")
    if merged[0][2] > 1 and merged[0][1][0].strip().lower() in ("count", "candidates"):
        # a repeated header line is also a ballot row: read row by row for its line number
        rows = [(number, row, 1) for number, row in _rows(text, source)]
        return _ranked(rows, _line_number, source)
    return _ranked(merged, number, source)


def _line_number(key: object) -> int:
    assert isinstance(key, int)
    return key


def _ranked(rows: list[Row], number: Callable[[object], int], source: str) -> BallotFile:
    """Ranked ballots from distinct ``rows`` (see :data:`Row`), header first if any."""
    with_counts = False
    names: list[str] = []
    index: dict[str, int] = {}
    head = [cell.strip() for cell in rows[0][1]]
    if head and head[0].lower() in ("count", "candidates"):
        with_counts = head[0].lower() == "count"
        if head[0].lower() == "candidates":
            for name in head[1:]:
                if name and name not in index:
                    index[name] = len(names)
                    names.append(name)
        rows = rows[1:]
    orders, blank = _orders(rows, with_counts, names, index, number, source)
    if not names:
        raise format_error(source, None, "no candidate is named")
    try:
        profile = RankedProfile.from_rankings(tuple(names), orders)
    except CountError as exc:
        raise format_error(source, None, str(exc)) from None
    return BallotFile(profile=profile, blank=blank, source=source)


def _orders(
    rows: Iterable[Row],
    with_counts: bool,
    names: list[str],
    index: dict[str, int],
    number: Callable[[object], int],
    source: str,
) -> tuple[dict[tuple[tuple[int, ...], ...], int], int]:
    """Rankings with their counts summed, and the count of blank ballots."""
    orders: dict[tuple[tuple[int, ...], ...], int] = {}
    groups = _Groups(names, index)
    group = groups.__getitem__
    blank = 0
    for key, row, times in rows:
        count = times * (_count(row[0].strip(), source, number(key)) if with_counts else 1)
        ranked = tuple(filter(None, map(group, row[1:] if with_counts else row)))
        # without a group of equals so far, a candidate named twice is a group named twice
        if _repeats(ranked) if groups.ties else len(set(ranked)) != len(ranked):
            twice = _repeats(ranked)[0]
            raise format_error(source, number(key), f"{names[twice]!r} is ranked twice")
        if not ranked:
            blank += count
        elif count:
            orders[ranked] = orders.get(ranked, 0) + count
    return orders, blank


class _Groups(dict[str, tuple[int, ...]]):
    """Cell -> the candidates it names (``()`` for a blank cell), each cell read once.

    ``ties``: some cell read so far names more than one candidate.
    """

    def __init__(self, names: list[str], index: dict[str, int]) -> None:
        super().__init__()
        self.names, self.index, self.ties = names, index, False

    def __missing__(self, cell: str) -> tuple[int, ...]:
        group = _group(cell, self.names, self.index) if cell.strip() else ()
        self.ties = self.ties or len(group) > 1
        self[cell] = group
        return group


def _group(cell: str, names: list[str], index: dict[str, int]) -> tuple[int, ...]:
    """The candidates a cell names (``A=B`` ranks them equal); new names are added."""
    group: list[int] = []
    for name in (part.strip() for part in cell.split("=")):
        if name not in index:
            index[name] = len(names)
            names.append(name)
        group.append(index[name])
    return tuple(group)


def _repeats(ranking: tuple[tuple[int, ...], ...]) -> list[int]:
    """Candidates named more than once in ``ranking``, in order (empty if none)."""
    flat = list(chain.from_iterable(ranking))
    if len(set(flat)) == len(flat):
        return []
    return [c for k, c in enumerate(flat) if c in flat[:k]]


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
