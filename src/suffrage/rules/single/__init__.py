"""Single-winner methods, each registered with its ballot kind and citation."""

from __future__ import annotations

from suffrage.rules.registry import MethodInfo
from suffrage.rules.single.borda import borda
from suffrage.rules.single.cardinal import approval, score, star
from suffrage.rules.single.condorcet import copeland, minimax
from suffrage.rules.single.irv import instant_runoff
from suffrage.rules.single.majority_judgment import majority_judgment
from suffrage.rules.single.plurality import plurality, two_round
from suffrage.rules.single.ranked_pairs import ranked_pairs
from suffrage.rules.single.schulze import schulze
from suffrage.rules.single.strike_out import strike_out

__all__ = [
    "METHODS",
    "approval",
    "borda",
    "copeland",
    "instant_runoff",
    "majority_judgment",
    "minimax",
    "plurality",
    "ranked_pairs",
    "schulze",
    "score",
    "star",
    "strike_out",
    "two_round",
]

METHODS: tuple[MethodInfo, ...] = (
    MethodInfo(
        "plurality",
        "Plurality (first past the post)",
        "single",
        "choose-one",
        "UK Representation of the People Act 1983, Sch. 1 r. 49",
        plurality,
    ),
    MethodInfo(
        "two-round",
        "Two-round system (runoff of the top two, from rankings)",
        "single",
        "ranked",
        "Constitution of France (1958), art. 7",
        two_round,
    ),
    MethodInfo(
        "instant-runoff",
        "Instant-runoff voting (alternative vote)",
        "single",
        "ranked",
        "Australia, Commonwealth Electoral Act 1918, s. 274",
        instant_runoff,
    ),
    MethodInfo(
        "borda",
        "Borda count",
        "single",
        "ranked",
        "J.-C. de Borda, Mémoire sur les élections au scrutin (1781)",
        borda,
    ),
    MethodInfo(
        "copeland",
        "Copeland (pairwise wins, ties 1/2)",
        "single",
        "ranked",
        "A. H. Copeland, A reasonable social welfare function (1951)",
        copeland,
    ),
    MethodInfo(
        "schulze",
        "Schulze (beatpath, winning votes)",
        "single",
        "ranked",
        "M. Schulze, Social Choice and Welfare 36 (2011) 267-303",
        schulze,
    ),
    MethodInfo(
        "ranked-pairs",
        "Ranked pairs (margins)",
        "single",
        "ranked",
        "T. N. Tideman, Social Choice and Welfare 4 (1987) 185-206",
        ranked_pairs,
    ),
    MethodInfo(
        "minimax",
        "Minimax (Simpson-Kramer, margins)",
        "single",
        "ranked",
        "P. B. Simpson, Journal of Economic Theory 1 (1969) 298-310",
        minimax,
    ),
    MethodInfo(
        "approval",
        "Approval voting",
        "single",
        "approval",
        "S. J. Brams and P. C. Fishburn, Am. Political Science Review 72 (1978) 831-847",
        approval,
    ),
    MethodInfo(
        "score",
        "Score (range) voting",
        "single",
        "score",
        "W. D. Smith, Range voting (2000)",
        score,
    ),
    MethodInfo(
        "star",
        "STAR voting (score then automatic runoff)",
        "single",
        "score",
        "Equal Vote Coalition, STAR Voting official rules (2019)",
        star,
    ),
    MethodInfo(
        "majority-judgment",
        "Majority judgment",
        "single",
        "score",
        "M. Balinski and R. Laraki, PNAS 104 (2007) 8720-8725",
        majority_judgment,
    ),
    MethodInfo(
        "strike-out",
        "Single candidate with strike-out (absolute majority, half turnout)",
        "single",
        "keep-strike",
        "USSR Regulation on elections to the Supreme Soviet, 9 July 1937, arts. 101-102",
        strike_out,
    ),
)
