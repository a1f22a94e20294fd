"""Reading a voter roll from CSV: every row checked, every problem reported by row and field.

Columns (header required, any order, names case-insensitive): ``voter_id``, ``name``,
``email``, and optionally ``style`` (required when the election has several ballot
styles) and ``weight`` (default 1). Nothing is stored here; the use case stores a roll
only when :func:`parse_roll` reports no error at all.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Final

from suffrage.service.model import RollEntry, RollPreview, RollRowError

if TYPE_CHECKING:
    from _csv import Reader

__all__ = ["MAX_ROLL_BYTES", "MAX_ROLL_ROWS", "MAX_WEIGHT", "parse_roll"]

MAX_ROLL_ROWS: Final = 200_000
MAX_ROLL_BYTES: Final = 32 * 1024 * 1024
MAX_WEIGHT: Final = 1_000_000
_REQUIRED: Final = ("voter_id", "name", "email")
_OPTIONAL: Final = ("style", "weight")
_EMAIL = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+")
_VOTER_ID = re.compile(r"[^\x00-\x1f\x7f]{1,128}")


def parse_roll(text: str, styles: Sequence[str], one_vote: Collection[str] = ()) -> RollPreview:
    """Parse a roll; the preview lists the entries and every row error found.

    ``one_vote`` names the styles whose voters must have weight 1: those listing a ranked
    contest, whose rankings are published one by one (docs/protocol.md 7.16.1).
    """
    if len(text.encode("utf-8")) > MAX_ROLL_BYTES:
        return _fail(0, "file", f"the file is larger than {MAX_ROLL_BYTES} bytes")
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return _fail(1, "header", "the file is empty")
    except csv.Error as exc:
        return _fail(1, "header", f"unreadable CSV: {exc}")
    problem = _check_header(header)
    if problem:
        return _fail(1, "header", problem)
    return _rows(reader, header, tuple(styles), frozenset(one_vote))


def _fail(row: int, field: str, message: str) -> RollPreview:
    return RollPreview((), (RollRowError(row, field, message),))


def _check_header(header: list[str]) -> str | None:
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        return "missing column(s): " + ", ".join(missing)
    unknown = [c for c in header if c not in _REQUIRED + _OPTIONAL]
    if unknown:
        return "unknown column(s): " + ", ".join(unknown)
    if len(set(header)) != len(header):
        return "a column appears twice"
    return None


def _rows(
    reader: Reader, header: list[str], styles: tuple[str, ...], one_vote: frozenset[str]
) -> RollPreview:
    entries: list[RollEntry] = []
    errors: list[RollRowError] = []
    seen_ids: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    try:
        for raw in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in raw):
                continue
            if len(entries) + len(errors) >= MAX_ROLL_ROWS:
                errors.append(RollRowError(line, "file", f"more than {MAX_ROLL_ROWS} rows"))
                break
            entry, row_errors = _row(line, raw, header, styles, one_vote)
            row_errors += _duplicates(line, entry, seen_ids, seen_emails)
            if row_errors:
                errors.extend(row_errors)
            elif entry is not None:
                entries.append(entry)
    except csv.Error as exc:
        errors.append(RollRowError(reader.line_num, "file", f"unreadable CSV: {exc}"))
    if not entries and not errors:
        errors.append(RollRowError(1, "file", "the roll has no voters"))
    return RollPreview(tuple(entries), tuple(errors))


def _row(
    line: int,
    raw: list[str],
    header: list[str],
    styles: tuple[str, ...],
    one_vote: frozenset[str] = frozenset(),
) -> tuple[RollEntry | None, list[RollRowError]]:
    if len(raw) != len(header):
        msg = f"expected {len(header)} fields, found {len(raw)}"
        return None, [RollRowError(line, "row", msg)]
    cells = {h: c.strip() for h, c in zip(header, raw, strict=True)}
    errors: list[RollRowError] = []
    voter_id, name, email = cells["voter_id"], cells["name"], cells["email"].lower()
    if not _VOTER_ID.fullmatch(voter_id):
        errors.append(RollRowError(line, "voter_id", "required, at most 128 printable characters"))
    if not 1 <= len(name) <= 200:
        errors.append(RollRowError(line, "name", "required, at most 200 characters"))
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        errors.append(RollRowError(line, "email", f"not an e-mail address: {email!r}"))
    style = _style(line, cells.get("style", ""), styles, errors)
    weight = _weight(line, cells.get("weight", ""), errors)
    if weight != 1 and style in one_vote:
        msg = (
            f"must be 1: style {style!r} has a ranked contest, "
            "whose rankings are published one by one"
        )
        errors.append(RollRowError(line, "weight", msg))
    if errors:
        return None, errors
    return RollEntry(voter_id, name, email, style, weight), []


def _style(line: int, value: str, styles: tuple[str, ...], errors: list[RollRowError]) -> str:
    if not value and len(styles) == 1:
        return styles[0]
    if value not in styles:
        errors.append(RollRowError(line, "style", f"{value!r} is not one of: {', '.join(styles)}"))
    return value


def _weight(line: int, value: str, errors: list[RollRowError]) -> int:
    if not value:
        return 1
    if not value.isdigit() or not 1 <= int(value) <= MAX_WEIGHT:
        errors.append(RollRowError(line, "weight", f"an integer 1..{MAX_WEIGHT}, not {value!r}"))
        return 1
    return int(value)


def _duplicates(
    line: int, entry: RollEntry | None, ids: dict[str, int], emails: dict[str, int]
) -> list[RollRowError]:
    if entry is None:
        return []
    errors = []
    if entry.voter_id in ids:
        msg = f"voter_id {entry.voter_id!r} already on row {ids[entry.voter_id]}"
        errors.append(RollRowError(line, "voter_id", msg))
    if entry.email in emails:
        msg = f"e-mail {entry.email!r} already on row {emails[entry.email]}"
        errors.append(RollRowError(line, "email", msg))
    ids.setdefault(entry.voter_id, line)
    emails.setdefault(entry.email, line)
    return errors
