"""Readers of ballot files: BLT, PrefLib and CSV.

Readers take the file's text (or bytes) and a ``source`` name used in error messages;
the caller does the reading, so the rules stay free of I/O. Malformed input raises
:class:`~suffrage.errors.BallotFormatError` naming the file, the line and the problem.
"""

from suffrage.rules.io.blt import parse_blt
from suffrage.rules.io.file import BallotFile, Profile, drop_candidates

__all__ = ["BallotFile", "Profile", "drop_candidates", "parse_blt"]
