"""Multi-winner methods: plurality family, single transferable vote, proportional approval.

Every method is listed in :data:`METHODS` with its id, ballot kind and citation, and is
called as ``count(profile, *, seats, ties=TiePolicy(), **options) -> Result``.
"""

from __future__ import annotations

from suffrage.rules.multi.approval import count_pav, count_seq_pav, count_seq_phragmen
from suffrage.rules.multi.equal_shares import count_equal_shares
from suffrage.rules.multi.meek import count_meek
from suffrage.rules.multi.plurality import (
    count_block,
    count_cumulative,
    count_limited,
    count_sntv,
)
from suffrage.rules.multi.stv import count_gregory, count_scottish, count_wig
from suffrage.rules.registry import MethodInfo

__all__ = ["METHODS"]

_SSI = "The Scottish Local Government Elections Order 2007 (SSI 2007/42), Schedule 1"

METHODS: tuple[MethodInfo, ...] = (
    MethodInfo(
        "block",
        "Block vote",
        "multi",
        "approval",
        "Plurality-at-large: each voter has as many votes as seats, at most one per candidate",
        count_block,
        multi_seat=True,
    ),
    MethodInfo(
        "limited",
        "Limited vote",
        "multi",
        "approval",
        "Limited vote: fewer votes than seats (option votes), e.g. the UK Reform Act 1867 "
        "three-member boroughs",
        count_limited,
        multi_seat=True,
    ),
    MethodInfo(
        "cumulative",
        "Cumulative vote",
        "multi",
        "score",
        "Cumulative voting: a budget of votes (option budget, default the seats) spread "
        "freely, e.g. the Illinois Constitution of 1870, art. IV s. 7",
        count_cumulative,
        multi_seat=True,
    ),
    MethodInfo(
        "sntv",
        "Single non-transferable vote",
        "multi",
        "choose-one",
        "Single non-transferable vote (one vote, several seats), e.g. Japan's House of "
        "Representatives 1947-1993",
        count_sntv,
        multi_seat=True,
    ),
    MethodInfo(
        "stv-scottish",
        "STV, Scottish rules",
        "multi",
        "ranked",
        f"{_SSI}, rules 45-52 (five-decimal weighted inclusive Gregory)",
        count_scottish,
        multi_seat=True,
    ),
    MethodInfo(
        "stv-meek",
        "STV, Meek's method",
        "multi",
        "ranked",
        "Hill, Wichmann & Woodall (1987), Algorithm 123: Single Transferable Vote by "
        "Meek's method, Computer Journal 30(3); NZ Local Electoral Regulations 2001, "
        "Schedule 1A (nine decimal places)",
        count_meek,
        multi_seat=True,
    ),
    MethodInfo(
        "stv-wig",
        "STV, weighted inclusive Gregory",
        "multi",
        "ranked",
        f"Weighted inclusive Gregory transfers as in {_SSI}, rule 48, in exact fractions",
        count_wig,
        multi_seat=True,
    ),
    MethodInfo(
        "stv-gregory",
        "STV, last-parcel Gregory",
        "multi",
        "ranked",
        "Gregory method: only the last parcel received carries a surplus, as in the "
        "Electoral Act 1992 (Ireland), Part XIX, in exact fractions",
        count_gregory,
        multi_seat=True,
    ),
    MethodInfo(
        "pav",
        "Proportional approval voting",
        "multi",
        "approval",
        "Thiele (1895), Om Flerfoldsvalg; Aziz et al. (2017), Justified representation "
        "in approval-based committee voting",
        count_pav,
        multi_seat=True,
    ),
    MethodInfo(
        "seq-pav",
        "Sequential PAV",
        "multi",
        "approval",
        "Thiele's sequential (reweighted) approval method; Lackner & Skowron (2023), "
        "Multi-Winner Voting with Approval Preferences",
        count_seq_pav,
        multi_seat=True,
    ),
    MethodInfo(
        "seq-phragmen",
        "Phragmén's sequential method",
        "multi",
        "approval",
        "Phragmén (1894); Brill, Freeman, Janson & Lackner (2017), Phragmén's voting "
        "methods and justified representation",
        count_seq_phragmen,
        multi_seat=True,
    ),
    MethodInfo(
        "equal-shares",
        "Method of equal shares",
        "multi",
        "approval",
        "Peters & Skowron (2020), Proportionality and the limits of welfarism; "
        "Add1U completion as on equalshares.net",
        count_equal_shares,
        multi_seat=True,
    ),
)
