"""PrefLib ordinal files: ``.soc``, ``.soi``, ``.toc`` and ``.toi``.

The PrefLib format (Mattei and Walsh, "PrefLib: A Library for Preferences", ADT 2013;
format revised 2022): metadata lines ``# KEY: value`` (``# ALTERNATIVE NAME i: name``,
``# NUMBER ALTERNATIVES: n``, ``# TITLE: ...``), then one line per distinct order,
``count: 3,1,{2,4},5`` where braces hold alternatives ranked equal. ``soc``/``soi`` are
strict complete/incomplete orders, ``toc``/``toi`` allow ties. The pre-2022 layout
(``n``, ``i,name`` lines, ``voters,total,unique``, then ``count,order``) is read too.

Identical order lines are parsed once (their counts add up), and lines spelling the
same order differently are merged after parsing, in order of first appearance.
"""

from __future__ import annotations

import re

from suffrage.errors import CountError
from suffrage.rules.ballots import RankedBallot, RankedProfile
from suffrage.rules.io.file import BallotFile, format_error

__all__ = ["parse_preflib"]

_META = re.compile(r"#\s*([^:]+?)\s*:\s?(.*)")
_ALT = re.compile(r"ALTERNATIVE NAME (\d+)")


def parse_preflib(text: str | bytes, *, source: str = "<string>") -> BallotFile:
    """Parse a PrefLib ordinal file; the extension in ``source`` sets strictness."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise format_error(source, None, f"not UTF-8 text ({exc.reason})") from None
    lines = text.splitlines()
    first = next((ln.strip() for ln in lines if ln.strip()), "")
    if not first:
        raise format_error(source, None, "the file is empty")
    if first.startswith("#"):
        names, title, body = _modern_header(lines, source)
    else:
        names, title, body = _legacy_header(lines, source)
    strict = source.lower().endswith((".soc", ".soi"))
    complete = source.lower().endswith((".soc", ".toc"))
    found: dict[str, int] = {}  # each distinct order line and where it first appears
    times: dict[str, int] = {}
    for number, line in body:
        found.setdefault(line, number)
        times[line] = times.get(line, 0) + 1
    merged: dict[tuple[tuple[int, ...], ...], int] = {}
    for line, number in found.items():
        ballot = _order(line, number, len(names), strict, complete, source)
        merged[ballot.ranking] = merged.get(ballot.ranking, 0) + ballot.count * times[line]
    try:
        profile = RankedProfile.from_rankings(names, merged)
    except CountError as exc:
        raise format_error(source, None, str(exc)) from None
    return BallotFile(profile=profile, title=title, source=source)


def _modern_header(
    lines: list[str], source: str
) -> tuple[tuple[str, ...], str | None, list[tuple[int, str]]]:
    meta: dict[str, str] = {}
    alternatives: dict[int, str] = {}
    body: list[tuple[int, str]] = []
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            match = _META.match(stripped)
            if match is None:
                continue
            key, value = match.group(1).upper(), match.group(2).strip()
            alt = _ALT.fullmatch(key)
            if alt:
                alternatives[int(alt.group(1))] = value
            else:
                meta[key] = value
        else:
            body.append((number, stripped))
    n_text = meta.get("NUMBER ALTERNATIVES")
    n = int(n_text) if n_text and n_text.isdigit() else len(alternatives)
    if n < 1:
        raise format_error(source, None, "no '# NUMBER ALTERNATIVES' or alternative names")
    names = tuple(alternatives.get(i, str(i)) for i in range(1, n + 1))
    return names, meta.get("TITLE") or None, body


def _legacy_header(
    lines: list[str], source: str
) -> tuple[tuple[str, ...], str | None, list[tuple[int, str]]]:
    rows = [(number, line.strip()) for number, line in enumerate(lines, 1) if line.strip()]
    number, first = rows[0]
    if not first.isdigit():
        raise format_error(source, number, "expected '# ...' metadata or the number of candidates")
    n = int(first)
    if n < 1 or len(rows) < n + 2:
        raise format_error(source, number, f"expected {n} candidate lines and a voter line")
    names = []
    for i, (number, row) in enumerate(rows[1 : n + 1], 1):
        index, _, name = row.partition(",")
        if index.strip() != str(i) or not name.strip():
            raise format_error(source, number, f"expected '{i},<name>'")
        names.append(name.strip())
    body = [(number, row.replace(",", ":", 1)) for number, row in rows[n + 2 :]]
    return tuple(names), None, body


def _order(
    line: str, number: int, n: int, strict: bool, complete: bool, source: str
) -> RankedBallot:
    count_text, sep, order_text = line.partition(":")
    if not sep:
        raise format_error(source, number, "an order line must read '<count>: <order>'")
    try:
        count = int(count_text)
    except ValueError:
        raise format_error(
            source, number, f"count {count_text.strip()!r} is not an integer"
        ) from None
    if count < 1:
        raise format_error(source, number, f"count {count} is not positive")
    ranking = _groups(order_text, number, n, source)
    ranked = sum(len(g) for g in ranking)
    if strict and any(len(g) > 1 for g in ranking):
        raise format_error(source, number, "ties ({...}) are not allowed in a strict-order file")
    if complete and ranked != n:
        raise format_error(source, number, f"a complete order must rank all {n} alternatives")
    return RankedBallot(ranking, count)


def _groups(text: str, number: int, n: int, source: str) -> tuple[tuple[int, ...], ...]:
    groups: list[tuple[int, ...]] = []
    seen: set[int] = set()
    for token in re.findall(r"\{[^}]*\}|[^,{}\s]+", text):
        parts = token.strip("{}").split(",") if token.startswith("{") else [token]
        group: list[int] = []
        for part in parts:
            part = part.strip()
            if not part.isdigit() or not 1 <= int(part) <= n:
                raise format_error(source, number, f"{part!r} is not an alternative 1..{n}")
            c = int(part) - 1
            if c in seen:
                raise format_error(source, number, f"alternative {part} appears twice")
            seen.add(c)
            group.append(c)
        if group:
            groups.append(tuple(group))
    if "{" in text and text.count("{") != text.count("}"):
        raise format_error(source, number, "unbalanced braces")
    return tuple(groups)
