"""Changing a roll before the election opens: add, remove and correct voters.

A change file is CSV with the roll's columns and an ``action`` column: ``add`` (a full
row, as in an import), ``remove`` (only ``voter_id`` is read) or ``correct`` (the
non-empty cells replace the voter's; ``voter_id`` names her). Every row is checked
against the current roll with the changes before it, and every problem is reported by
row and field, as for an import; a file with any error changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from dataclasses import dataclass, field, replace

from suffrage.service.model import RollEntry, RollRowError
from suffrage.service.roll import MAX_ROLL_BYTES, MAX_ROLL_ROWS, _row

__all__ = ["RollChange", "RollChanges", "parse_changes"]

_COLUMNS = ("action", "voter_id", "name", "email", "style", "weight")


@dataclass(frozen=True, slots=True)
class RollChange:
    action: str  # add, remove, correct
    entry: RollEntry  # the voter after the change (as she was, for a removal)


@dataclass(frozen=True, slots=True)
class RollChanges:
    changes: tuple[RollChange, ...]
    errors: tuple[RollRowError, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        out = {"add": 0, "remove": 0, "correct": 0}
        for c in self.changes:
            out[c.action] += 1
        return out


def parse_changes(
    text: str, styles: list[str], current: list[RollEntry], one_vote: Collection[str] = ()
) -> RollChanges:
    """The changes a file makes to ``current``, or every error it has."""
    if len(text.encode("utf-8")) > MAX_ROLL_BYTES:
        return RollChanges((), (RollRowError(0, "file", "the file is too large"),))
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error):
        return RollChanges((), (RollRowError(1, "header", "no header row"),))
    unknown = [h for h in header if h not in _COLUMNS]
    required = "action" in header and "voter_id" in header
    if not required or unknown or len(set(header)) < len(header):
        msg = f"columns: action, voter_id and any of name, email, style, weight (not {unknown})"
        return RollChanges((), (RollRowError(1, "header", msg),))
    roll = {e.voter_id: e for e in current}
    changes: list[RollChange] = []
    errors: list[RollRowError] = []
    for raw in reader:
        if not any(c.strip() for c in raw):
            continue
        if len(changes) + len(errors) >= MAX_ROLL_ROWS:
            errors.append(RollRowError(reader.line_num, "file", f"more than {MAX_ROLL_ROWS} rows"))
            break
        line = reader.line_num
        change, row_errors = _change(line, header, raw, styles, roll, frozenset(one_vote))
        if row_errors:
            errors.extend(row_errors)
        elif change is not None:
            changes.append(change)
            _apply(roll, change)
    errors += _duplicate_emails(roll)
    if not changes and not errors:
        errors.append(RollRowError(1, "file", "the file has no changes"))
    return RollChanges(tuple(changes), tuple(errors))


def _change(
    line: int,
    header: list[str],
    raw: list[str],
    styles: list[str],
    roll: dict[str, RollEntry],
    one_vote: frozenset[str],
) -> tuple[RollChange | None, list[RollRowError]]:
    if len(raw) != len(header):
        return None, [RollRowError(line, "row", f"expected {len(header)} fields, found {len(raw)}")]
    cells = {h: c.strip() for h, c in zip(header, raw, strict=True)}
    action, voter_id = cells.pop("action").lower(), cells["voter_id"]
    existing = roll.get(voter_id)
    if action not in ("add", "remove", "correct"):
        return None, [RollRowError(line, "action", f"add, remove or correct, not {action!r}")]
    if action == "add" and existing is not None:
        return None, [RollRowError(line, "voter_id", f"{voter_id!r} is already on the roll")]
    if action != "add" and existing is None:
        return None, [RollRowError(line, "voter_id", f"{voter_id!r} is not on the roll")]
    if action == "remove":
        assert existing is not None
        return RollChange("remove", existing), []
    if existing is not None:  # correct: empty cells keep the voter's values
        kept = {
            "name": existing.name,
            "email": existing.email,
            "style": existing.style,
            "weight": str(existing.weight),
        }
        cells = {**kept, **{k: v for k, v in cells.items() if v}}
    else:
        cells = {"name": "", "email": "", **cells}  # an addition names every field
    row_header = [k for k in cells if k != "action"]
    values = [cells[k] for k in row_header]
    entry, errors = _row(line, values, row_header, tuple(styles), one_vote)
    if errors or entry is None:
        return None, errors
    if existing is not None:
        entry = replace(entry, credential=existing.credential, invited_at=existing.invited_at)
    return RollChange(action, entry), []


def _apply(roll: dict[str, RollEntry], change: RollChange) -> None:
    if change.action == "remove":
        roll.pop(change.entry.voter_id, None)
    else:
        roll[change.entry.voter_id] = change.entry


def _duplicate_emails(roll: dict[str, RollEntry]) -> list[RollRowError]:
    seen: dict[str, str] = {}
    errors = []
    for entry in roll.values():
        other = seen.setdefault(entry.email, entry.voter_id)
        if other != entry.voter_id:
            msg = f"e-mail {entry.email!r} would belong to {other!r} and {entry.voter_id!r}"
            errors.append(RollRowError(0, "email", msg))
    return errors
