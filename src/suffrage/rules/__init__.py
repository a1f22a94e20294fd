"""Pure counting and apportionment rules: plaintext ballots in, explained results out.

Knows no cryptography. Exact arithmetic; ties go through an explicit
:class:`~suffrage.rules.ties.TiePolicy`.
"""

from suffrage.rules.ballots import (
    ApprovalBallot,
    ApprovalProfile,
    RankedBallot,
    RankedProfile,
    ScoreBallot,
    ScoreProfile,
    Tally,
)
from suffrage.rules.io import BallotFile, parse_ballot_file, parse_party_csv
from suffrage.rules.registry import MethodInfo, all_methods, get_method
from suffrage.rules.result import Result, Round, TieBreak
from suffrage.rules.ties import TiePolicy

__all__ = [
    "ApprovalBallot",
    "ApprovalProfile",
    "BallotFile",
    "MethodInfo",
    "RankedBallot",
    "RankedProfile",
    "Result",
    "Round",
    "ScoreBallot",
    "ScoreProfile",
    "Tally",
    "TieBreak",
    "TiePolicy",
    "all_methods",
    "get_method",
    "parse_ballot_file",
    "parse_party_csv",
]
