"""Where the verifier reads a record from, and how it parses it (with size limits).

The verifier never opens files itself. It reads through a :class:`RecordSource`: an object
that returns the bytes of a named record file, or its lines one at a time. The adapters
provide directory and archive sources; :class:`MemorySource` serves bytes held in memory
(a record just produced by the protocol package, or a test).

Every parse problem becomes a :class:`~suffrage.errors.RecordFormatError` naming the file
and, for JSON Lines, the line: never a bare ``json`` or ``UnicodeDecodeError``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final, Protocol, runtime_checkable

from suffrage.errors import RecordFormatError
from suffrage.protocol.encoding import MAX_INT

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "MemorySource",
    "RecordSource",
    "iter_jsonl",
    "lf_lines",
    "parse_json",
    "read_json",
]


@dataclass(frozen=True, slots=True)
class Limits:
    """Upper bounds on what the verifier agrees to read."""

    max_file_bytes: int = 64 * 1024 * 1024  # a JSON document (manifest, tally, ...)
    max_line_bytes: int = 256 * 1024 * 1024  # one board event (the voter list is one line)


#: The limits used when none are given.
DEFAULT_LIMITS: Final = Limits()


@runtime_checkable
class RecordSource(Protocol):
    """Read access to the files of one published election record."""

    def describe(self) -> str:
        """A short human name of the record (a path), used in messages."""
        ...

    def exists(self, name: str) -> bool:
        """Whether the record holds a file of that name (``/``-separated, relative)."""
        ...

    def read_bytes(self, name: str, *, limit: int) -> bytes:
        """The whole file; RecordFormatError if it is missing or longer than ``limit``."""
        ...

    def iter_lines(self, name: str, *, max_line: int) -> Iterator[bytes]:
        """The file's lines without their terminator; RecordFormatError on a longer line."""
        ...


class MemorySource:
    """A record held in memory as a mapping from file name to bytes."""

    def __init__(self, files: Mapping[str, bytes], *, label: str = "<memory>") -> None:
        self._files = dict(files)
        self._label = label

    def describe(self) -> str:
        return self._label

    def exists(self, name: str) -> bool:
        return name in self._files

    def read_bytes(self, name: str, *, limit: int) -> bytes:
        data = self._get(name)
        if len(data) > limit:
            raise RecordFormatError(f"{name}: file is larger than the limit of {limit} bytes")
        return data

    def iter_lines(self, name: str, *, max_line: int) -> Iterator[bytes]:
        data = self._get(name)
        for number, line in enumerate(lf_lines(data), start=1):
            if len(line) > max_line:
                raise RecordFormatError(
                    f"{name}:{number}: line is longer than the limit of {max_line} bytes"
                )
            yield line

    def _get(self, name: str) -> bytes:
        try:
            return self._files[name]
        except KeyError:
            raise RecordFormatError(f"{name}: missing from the record") from None


def lf_lines(data: bytes) -> list[bytes]:
    """A board file's lines: split on LF only (7.3), so a CR stays in its line.

    Every reader of a board (directory, archive, memory, the trustee tool) uses this rule;
    a final LF ends the last line rather than starting an empty one.
    """
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    return lines


def parse_json(data: bytes, where: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse one JSON text strictly: UTF-8, no duplicate keys, integers only (|n| < 2^53)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecordFormatError(f"{where}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constant,
            parse_float=_no_float,
            parse_int=_bounded_int,
        )
    except json.JSONDecodeError as exc:
        raise RecordFormatError(
            f"{where}: malformed JSON: {exc.msg} (column {exc.colno})"
        ) from None
    except _Rejected as exc:
        raise RecordFormatError(f"{where}: {exc}") from None
    except RecursionError:
        raise RecordFormatError(f"{where}: JSON nested too deeply") from None


def read_json(source: RecordSource, name: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Read and parse a JSON document of the record."""
    return parse_json(source.read_bytes(name, limit=limits.max_file_bytes), name, limits)


def iter_jsonl(
    source: RecordSource, name: str, limits: Limits = DEFAULT_LIMITS
) -> Iterator[tuple[int, Any]]:
    """Yield ``(line number, value)`` for each non-empty line of a JSON Lines file."""
    for number, line in enumerate(source.iter_lines(name, max_line=limits.max_line_bytes), 1):
        if not line.strip():
            continue
        yield number, parse_json(line, f"{name}:{number}", limits)


class _Rejected(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Rejected(f"duplicate key {key!r}")
        out[key] = value
    return out


def _no_float(text: str) -> Any:
    raise _Rejected(f"non-integer number {text[:20]} is not allowed in a record")


def _bounded_int(text: str) -> int:
    if len(text) > 17:  # 2^53 has 16 digits; leave room for the sign
        raise _Rejected(f"integer {text[:20]}... is out of range")
    value = int(text)
    if not -MAX_INT <= value <= MAX_INT:
        raise _Rejected(f"integer {text} is out of range (|n| must be < 2^53)")
    return value


def _no_constant(name: str) -> Any:
    raise _Rejected(f"{name} is not allowed in a record")
