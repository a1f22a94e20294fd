"""Choose a reader by the file name's extension."""

from __future__ import annotations

from collections.abc import Callable

from suffrage.rules.io.blt import parse_blt
from suffrage.rules.io.file import BallotFile, format_error
from suffrage.rules.io.preflib import parse_preflib
from suffrage.rules.io.tabular import parse_ranked_csv

__all__ = ["READERS", "parse_ballot_file"]

Reader = Callable[..., BallotFile]

#: Extension (lower case, with the dot) to reader.
READERS: dict[str, Reader] = {
    ".blt": parse_blt,
    ".soc": parse_preflib,
    ".soi": parse_preflib,
    ".toc": parse_preflib,
    ".toi": parse_preflib,
    ".csv": parse_ranked_csv,
}


def parse_ballot_file(text: str | bytes, *, source: str) -> BallotFile:
    """Parse ``text`` with the reader for the extension of ``source``."""
    dot = source.rfind(".")
    extension = source[dot:].lower() if dot >= 0 else ""
    reader = READERS.get(extension)
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise format_error(source, None, f"unknown ballot file type {extension!r}; known: {known}")
    return reader(text, source=source)
