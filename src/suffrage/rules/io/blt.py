"""BLT ballot files (the format of OpenSTV, the ERS and the Scottish council data).

Layout::

    7 4                     candidates, seats
    -2                      optional: withdrawn candidates as negative numbers
    126 1 0                 weight, preferences (1-based; ``2=3`` ranks equal), closing 0
    9 1 2 0
    0                       end of ballots
    "Barney CROCKETT (Lab)"  one name per line, quoted or not
    ...
    "Dyce/Bucksburn"        title (optional)

The parser takes text (the caller reads the file) and is tuned for large files. A block of
strict rankings written the usual way (``weight prefs... 0`` separated by spaces,
candidate numbers 1..n, no blank line) is read by whole-block operations that run no
Python code per line: each line is partitioned at its first space, the closing ``0``
cut off and the preferences looked up, all inside ``map``; the only objects per line that
outlive a step are tuples of strings and the rankings, which the cyclic garbage collector
stops tracking the first time it sees them (lists per line would stay tracked, and in a
process with a large heap the full collections they bring on cost more than the parsing).
Anything else (equal rankings, blank lines, other spellings, errors) goes
through the line-by-line reader, which merges identical lines before parsing them and
names the line of every problem. Both merge ballots of the same ranking, in order of
first appearance.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from itertools import accumulate, repeat
from operator import add, eq, itemgetter
from typing import TypeVar

from suffrage.rules.ballots import RankedProfile
from suffrage.rules.compact import COUNT_LIMIT, StrictRankings
from suffrage.rules.io.file import BallotFile, format_error

__all__ = ["parse_blt"]

_QUOTED = re.compile(r'"([^"]*)"')

Ranking = tuple[tuple[int, ...], ...]
K = TypeVar("K", Ranking, str)

_WEIGHT = itemgetter(0)
_REST = itemgetter(2)
_DROP_ZERO = itemgetter(slice(None, -2))  # "3 1 0" -> "3 1"; "0" -> ""


def parse_blt(text: str | bytes, *, source: str = "<string>") -> BallotFile:
    """Parse BLT ``text``; :class:`~suffrage.errors.BallotFormatError` names line and problem."""
    if isinstance(text, bytes):
        text = _decode(text, source)
    lines = text.splitlines()
    at = _skip_blank(lines, 0)
    if at == len(lines):
        raise format_error(source, None, "the file is empty")
    n, seats = _header(lines[at], source, at + 1)
    at = _skip_blank(lines, at + 1)
    withdrawn: tuple[int, ...] = ()
    if at < len(lines) and lines[at].lstrip().startswith("-"):
        withdrawn = _withdrawn(lines[at], n, source, at + 1)
        at += 1
    block = _strict_block(lines, at, n)
    strict: StrictRankings | None = None
    rankings: dict[Ranking, int] = {}
    if block is None or block[0] is None:
        merged, first_line, end = _ballot_lines(lines, at, source)
        rankings, blank = _parse_rankings(merged, first_line, n, source)
    else:
        strict, blank, end = block
    names, title = _names_and_title(lines, end + 1, n, source)
    if len(set(names)) != len(names):
        raise format_error(source, None, f"candidate names repeat: {_repeated(names)}")
    if strict is None:  # checked once per ranking again (cheap set and range operations)
        profile = RankedProfile.from_rankings(names, rankings)
    else:
        profile = RankedProfile.from_strict(names, strict, checked=True)
    return BallotFile(
        profile=profile,
        seats=seats,
        title=title,
        withdrawn=tuple(names[i] for i in withdrawn),
        blank=blank,
        source=source,
    )


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise format_error(source, None, f"not UTF-8 text ({exc.reason})") from None


def _skip_blank(lines: list[str], at: int) -> int:
    while at < len(lines) and not lines[at].strip():
        at += 1
    return at


def _int(token: str, source: str, line: int, what: str) -> int:
    try:
        return int(token)
    except ValueError:
        raise format_error(source, line, f"{what} {token!r} is not an integer") from None


def _header(line: str, source: str, number: int) -> tuple[int, int]:
    parts = line.split()
    if len(parts) != 2:
        raise format_error(source, number, "the first line must be '<candidates> <seats>'")
    n = _int(parts[0], source, number, "number of candidates")
    seats = _int(parts[1], source, number, "number of seats")
    if n < 1:
        raise format_error(source, number, "there must be at least one candidate")
    if seats < 1:
        raise format_error(source, number, "there must be at least one seat")
    return n, seats


def _withdrawn(line: str, n: int, source: str, number: int) -> tuple[int, ...]:
    out: list[int] = []
    for token in line.split():
        value = _int(token, source, number, "withdrawn candidate")
        if not -n <= value <= -1:
            raise format_error(
                source, number, f"withdrawn candidate {token} is not between -1 and -{n}"
            )
        out.append(-value - 1)
    return tuple(out)


def _merge(pairs: Iterable[tuple[K, int]]) -> dict[K, int]:
    """Weights summed per ranking (or per preference text), in order of first appearance."""
    merged: dict[K, int] = {}
    for ranking, weight in pairs:
        merged[ranking] = merged.get(ranking, 0) + weight
    return merged


def _closed(block: list[str]) -> int:
    """How many lines of ``block`` end with " 0" (one pass over the text, not a call per line)."""
    return ("\n".join(block) + "\n").count(" 0\n")


def _strict_block(
    lines: list[str], at: int, n: int
) -> tuple[StrictRankings | None, int, int] | None:
    """The rankings, blank count and closing line of a block of plainly written strict
    rankings, or None as soon as anything is unusual (the line reader then reads the block
    and reports any error).

    Lines are merged by their preference text, which stands for the ranking itself when
    every text is written the one plain way (numbers 1..n without leading zeros,
    separated by single spaces); the distinct texts are then split and looked up all at
    once into the flat arrays of :class:`~suffrage.rules.compact.StrictRankings`, and a
    text written any other way sends the block to the line reader.
    """
    try:
        end = lines.index("0", at)
    except ValueError:
        return None
    block = lines[at:end]
    parts = list(map(str.partition, block, repeat(" ")))
    try:
        weights = list(map(int, map(_WEIGHT, parts)))
    except ValueError:
        return None
    if (weights and min(weights) < 1) or _closed(block) != len(block):
        return None  # a weight below 1, or a line not closed by " 0"
    texts: list[str] = list(map(_DROP_ZERO, map(_REST, parts)))
    del parts
    merged: dict[str, int] = dict(zip(texts, weights, strict=True))
    if len(merged) != len(texts):
        merged = _merge(zip(texts, weights, strict=True))
    blank = merged.pop("", 0)
    return _flat(merged, n), blank, end


def _flat(merged: dict[str, int], n: int) -> StrictRankings | None:
    """Distinct plain preference texts (``"3 1 2"``, none empty) with their weights, as
    flat arrays; None if a text is spaced unusually or names a non-candidate (a token
    that is not a candidate number ``1..n``: an empty one between two spaces, a tab...),
    names a candidate twice, or a weight is too large for the arrays."""
    texts = list(merged)
    index_of = {str(c): c - 1 for c in range(1, n + 1)}
    try:
        prefs = array("i", map(index_of.__getitem__, " ".join(texts).split(" ")))
    except KeyError:
        return None
    lengths = list(map(add, map(str.count, texts, repeat(" ")), repeat(1)))
    if not all(map(eq, map(len, map(set, map(str.split, texts, repeat(" ")))), lengths)):
        return None  # a candidate twice in one line
    counts = list(merged.values())
    if counts and max(counts) >= COUNT_LIMIT:
        return None
    return StrictRankings(prefs, array("q", accumulate(lengths, initial=0)), array("q", counts))


def _ballot_lines(
    lines: list[str], at: int, source: str
) -> tuple[dict[str, int], dict[str, int], int]:
    """Merge ballot lines by their text after the weight; return the line of the closing 0."""
    merged: dict[str, int] = {}
    first_line: dict[str, int] = {}
    for index in range(at, len(lines)):
        parts = lines[index].split(None, 1)
        if len(parts) == 2:
            weight_text, rest = parts
            try:
                weight = int(weight_text)
            except ValueError:
                raise format_error(
                    source, index + 1, f"ballot weight {weight_text!r} is not an integer"
                ) from None
            if weight < 1:
                raise format_error(source, index + 1, f"ballot weight {weight} is not positive")
            if rest in merged:
                merged[rest] += weight
            else:
                merged[rest] = weight
                first_line[rest] = index + 1
        elif parts:
            if parts[0] == "0":
                return merged, first_line, index
            raise format_error(
                source, index + 1, "a ballot line needs a weight, preferences and a closing 0"
            )
    raise format_error(source, len(lines), "the ballots do not end with a line holding 0")


def _parse_rankings(
    merged: dict[str, int], first_line: dict[str, int], n: int, source: str
) -> tuple[dict[Ranking, int], int]:
    """Parse each distinct preference text once, then merge texts of the same ranking.

    The fast path maps each token straight to its (shared) one-candidate group through a
    dictionary, so no integer is parsed; anything else (``2=3``, ``+1``, bad numbers)
    takes the slow path, which also produces the error messages.
    """
    group_of: dict[str, tuple[int, ...]] = {str(c): (c - 1,) for c in range(1, n + 1)}
    lookup = group_of.__getitem__
    parsed: list[tuple[Ranking, int]] = []
    for rest, count in merged.items():
        tokens = rest.split()
        if tokens.pop() != "0":
            raise format_error(source, first_line[rest], "a ballot line must end with 0")
        try:
            ranking = tuple(map(lookup, tokens))
        except KeyError:
            ranking = _slow_ranking(tokens, n, source, first_line[rest])
        else:
            if len(set(tokens)) != len(tokens):
                raise format_error(
                    source, first_line[rest], "a candidate appears twice in one ballot"
                )
        parsed.append((ranking, count))
    rankings = _merge(parsed)
    blank = rankings.pop((), 0)
    return rankings, blank


def _slow_ranking(tokens: list[str], n: int, source: str, line: int) -> tuple[tuple[int, ...], ...]:
    """Preferences with equal rankings (``2=3``) or unusual spellings, fully checked."""
    ranking: list[tuple[int, ...]] = []
    seen: set[int] = set()
    for token in tokens:
        group = tuple(_int(part, source, line, "preference") for part in token.split("="))
        for c in group:
            if not 1 <= c <= n:
                raise format_error(source, line, f"preference {c} is not a candidate number 1..{n}")
            if c in seen:
                raise format_error(source, line, "a candidate appears twice in one ballot")
            seen.add(c)
        ranking.append(tuple(c - 1 for c in group))
    return tuple(ranking)


def _names_and_title(
    lines: list[str], at: int, n: int, source: str
) -> tuple[tuple[str, ...], str | None]:
    at = _skip_blank(lines, at)
    if at < len(lines) and lines[at].lstrip().startswith('"'):
        tokens = _QUOTED.findall("\n".join(lines[at:]))
        if len(tokens) < n:
            raise format_error(source, at + 1, f"expected {n} quoted candidate names")
        title = tokens[n] if len(tokens) > n else None
        return tuple(t.strip() for t in tokens[:n]), title
    rows = [line.strip() for line in lines[at:] if line.strip()]
    if len(rows) < n:
        raise format_error(
            source, len(lines), f"expected {n} candidate names after the ballots, found {len(rows)}"
        )
    if len(rows) > n + 1:
        raise format_error(source, len(lines), "unexpected lines after the title")
    title = rows[n] if len(rows) > n else None
    return tuple(rows[:n]), title


def _repeated(names: tuple[str, ...]) -> str:
    return ", ".join(sorted({n for n in names if names.count(n) > 1}))
