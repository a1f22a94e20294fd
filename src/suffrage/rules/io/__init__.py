"""Readers of ballot files: BLT, PrefLib and CSV.

Readers take the file's text (or bytes) and a ``source`` name used in error messages;
the caller does the reading, so the rules stay free of I/O. Malformed input raises
:class:`~suffrage.errors.BallotFormatError` naming the file, the line and the problem.
"""

from suffrage.rules.io.blt import parse_blt
from suffrage.rules.io.convert import as_ballot_kind
from suffrage.rules.io.dispatch import READERS, parse_ballot_file
from suffrage.rules.io.file import BallotFile, Profile, drop_candidates
from suffrage.rules.io.preflib import parse_preflib
from suffrage.rules.io.tabular import parse_party_csv, parse_ranked_csv

__all__ = [
    "READERS",
    "BallotFile",
    "Profile",
    "as_ballot_kind",
    "drop_candidates",
    "parse_ballot_file",
    "parse_blt",
    "parse_party_csv",
    "parse_preflib",
    "parse_ranked_csv",
]
