"""Cross-check single-winner methods against pref_voting and votelib on random profiles.

Whenever pref_voting reports a unique winner, ours must be the same (pref_voting returns
every winner of a tie). votelib settles some ties itself (ranked pairs, plurality by
candidate order), so it is compared when our count broke no tie. Instant runoff is
compared only when our count broke no tie: pref_voting excludes all candidates tied for
last together, we exclude one through the tie policy (see docs/rules/single-winner.md).
Every method both libraries implement is compared with at least one of them (plurality
and Borda with votelib only, see ``RANKED``). Profiles are complete strict rankings
(ranked methods) or complete score ballots (cardinal methods), the domain every library
defines alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from math import factorial, prod
from typing import Any

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from pref_voting.c1_methods import copeland as pv_copeland
from pref_voting.grade_methods import approval as pv_approval
from pref_voting.grade_methods import majority_judgement as pv_mj
from pref_voting.grade_methods import score_voting as pv_score
from pref_voting.grade_methods import star as pv_star
from pref_voting.grade_profiles import GradeProfile
from pref_voting.iterative_methods import instant_runoff as pv_irv
from pref_voting.iterative_methods import plurality_with_runoff_put as pv_runoff
from pref_voting.margin_based_methods import beat_path as pv_schulze
from pref_voting.margin_based_methods import minimax as pv_minimax
from pref_voting.margin_based_methods import ranked_pairs as pv_ranked_pairs
from pref_voting.profiles import Profile
from votelib.component.rankscore import Borda
from votelib.convert import (
    ApprovalToSimpleVotes,
    RankedToCondorcetVotes,
    RankedToFirstPreference,
    RankedToPositionalVotes,
)
from votelib.evaluate.cardinal import STAR as VlStar
from votelib.evaluate.cardinal import MajorityJudgment as VlMajorityJudgment
from votelib.evaluate.cardinal import ScoreVoting as VlScore
from votelib.evaluate.condorcet import MinimaxCondorcet, RankedPairs, Schulze
from votelib.evaluate.core import Plurality, VotingSystemError
from votelib.evaluate.sequential import TransferableVoteSelector

from suffrage.rules import (
    ApprovalBallot,
    ApprovalProfile,
    RankedProfile,
    Result,
    ScoreBallot,
    ScoreProfile,
)
from suffrage.rules.single import (
    approval,
    borda,
    copeland,
    instant_runoff,
    majority_judgment,
    minimax,
    plurality,
    ranked_pairs,
    schulze,
    score,
    star,
    two_round,
)

NAMES = ("A", "B", "C", "D", "E")
SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],  # no line tracing
)


@st.composite
def ranked_profiles(draw: st.DrawFn) -> list[tuple[tuple[int, ...], int]]:
    n = draw(st.integers(min_value=3, max_value=5))
    orders = st.permutations(list(range(n))).map(tuple)
    return draw(
        st.lists(st.tuples(orders, st.integers(1, 25)), min_size=1, max_size=10).filter(
            lambda rows: len({r[0] for r in rows}) == len(rows)
        )
    )


def _unique(winners: list[Any]) -> str | None:
    """The single winner a reference reports, or None (several winners or a Tie)."""
    if len(winners) != 1:
        return None
    w = winners[0]
    return w if isinstance(w, str) else (NAMES[w] if isinstance(w, int) else None)


def _check(ours: Result, reference: list[Any], *, needs_no_tie: bool = False) -> bool:
    expected = _unique(reference)
    if expected is None or (needs_no_tie and ours.ties):
        return False
    assert ours.elected == (expected,), (ours.count_sheet(), reference)
    return True


def _pv_ranked_pairs(profile: Profile) -> list[Any]:
    """pref_voting's ranked pairs tries every order of equal margins (factorial time):
    ask it only when those orders are few."""
    cands = profile.candidates
    margins = Counter(profile.margin(a, b) for a in cands for b in cands if a != b)
    orders = prod(factorial(k) for m, k in margins.items() if m >= 0)  # ties: both ways
    return list(pv_ranked_pairs(profile)) if orders <= 720 else []


def _settled(run: Callable[[], Any]) -> list[Any]:
    """A votelib answer, or no answer where votelib declines a tie."""
    try:
        return list(run())
    except (VotingSystemError, NotImplementedError):
        return []


def _vl_plurality(votes: dict[tuple[str, ...], int]) -> list[Any]:
    return list(Plurality().evaluate(RankedToFirstPreference().convert(votes), 1))


def _vl_borda(votes: dict[tuple[str, ...], int]) -> list[Any]:
    return list(Plurality().evaluate(RankedToPositionalVotes(Borda()).convert(votes), 1))


def _vl_irv(votes: dict[tuple[str, ...], int]) -> list[Any]:
    try:
        return list(TransferableVoteSelector().evaluate(votes, 1))
    except NotImplementedError:  # votelib declines ties in elimination
        return []


def _vl_condorcet(evaluator: Any) -> Callable[[dict[tuple[str, ...], int]], list[Any]]:
    def run(votes: dict[tuple[str, ...], int]) -> list[Any]:
        return list(evaluator.evaluate(RankedToCondorcetVotes().convert(votes), 1))

    return run


#: (ours, pref_voting, votelib, compare only untied counts). pref_voting's plurality and
#: Borda are left out: their numba compilation costs tens of seconds per test process.
RANKED: list[tuple[Callable[..., Result], Any, Any, bool]] = [
    (plurality, None, _vl_plurality, False),
    (two_round, pv_runoff, None, False),
    (instant_runoff, pv_irv, _vl_irv, True),
    (borda, None, _vl_borda, False),
    (copeland, pv_copeland, None, False),
    (schulze, pv_schulze, _vl_condorcet(Schulze()), False),
    (ranked_pairs, _pv_ranked_pairs, _vl_condorcet(RankedPairs()), False),
    (minimax, pv_minimax, _vl_condorcet(MinimaxCondorcet()), False),
]


@SETTINGS
@given(ranked_profiles())
def test_ranked_methods_agree_with_pref_voting_and_votelib(
    rows: list[tuple[tuple[int, ...], int]],
) -> None:
    n = len(rows[0][0])
    ours_profile = RankedProfile.from_orders(NAMES[:n], rows)
    pv_profile = Profile([list(order) for order, _ in rows], rcounts=[c for _, c in rows])
    vl_votes = {tuple(NAMES[c] for c in order): count for order, count in rows}
    for method, pv_method, vl_method, needs_no_tie in RANKED:
        ours = method(ours_profile)
        if pv_method is not None:
            _check(ours, pv_method(pv_profile), needs_no_tie=needs_no_tie)
        if vl_method is not None:  # votelib may settle ties itself: compare untied counts
            _check(ours, vl_method(vl_votes), needs_no_tie=True)


@st.composite
def score_profiles(draw: st.DrawFn) -> tuple[int, list[tuple[tuple[int, ...], int]]]:
    n = draw(st.integers(min_value=2, max_value=4))
    top = draw(st.integers(min_value=1, max_value=5))
    ballot = st.tuples(*(st.integers(0, top) for _ in range(n)))
    rows = draw(st.lists(st.tuples(ballot, st.integers(1, 5)), min_size=1, max_size=8))
    return top, rows


#: Three candidates tie on the majority grade 1; votelib elects D (docs/rules/single-winner.md).
MJ_THREE_WAY_TIE = (2, [((0, 0, 0, 0), 2), ((0, 2, 0, 0), 1), ((1, 0, 0, 0), 1),
                        ((1, 1, 0, 1), 1), ((1, 1, 0, 2), 4)])  # fmt: skip


def test_majority_judgment_three_way_tie_follows_the_majority_value() -> None:
    top, rows = MJ_THREE_WAY_TIE
    profile = ScoreProfile(NAMES[:4], tuple(ScoreBallot(s, c) for s, c in rows), top)
    result = majority_judgment(profile)
    assert result.elected == ("B",)
    assert _tied_on_majority_grade(result) == 3


@SETTINGS
@example(MJ_THREE_WAY_TIE)
@given(score_profiles())
def test_cardinal_methods_agree(data: tuple[int, list[tuple[tuple[int, ...], int]]]) -> None:
    top, rows = data
    n = len(rows[0][0])
    names = NAMES[:n]
    ours = ScoreProfile(names, tuple(ScoreBallot(s, c) for s, c in rows), top)
    grades = GradeProfile(
        [dict(zip(names, s, strict=True)) for s, _ in rows],
        list(range(top + 1)),
        gcounts=[c for _, c in rows],
        candidates=list(names),
    )
    vl: dict[frozenset[tuple[str, int]], int] = {}
    for s, c in rows:
        key = frozenset(zip(names, s, strict=True))
        vl[key] = vl.get(key, 0) + c
    _check(score(ours), pv_score(grades))
    vl_score = _settled(lambda: VlScore(function="sum").evaluate(vl, 1))
    _check(score(ours), vl_score, needs_no_tie=True)
    if top == 5:  # pref_voting's STAR is defined on the grades 0..5 only
        _check(star(ours), pv_star(grades))
    _check(star(ours), _settled(lambda: VlStar().evaluate(vl, 1)), needs_no_tie=True)
    mj = majority_judgment(ours)
    tied = _tied_on_majority_grade(mj)
    if tied <= 1:
        _check(mj, pv_mj(grades))  # pref_voting breaks grade ties by its own rule
    if tied <= 2:  # votelib keeps candidates that fell behind (docs/rules/single-winner.md)
        vl_mj = _settled(lambda: VlMajorityJudgment().evaluate(vl, 1))
        _check(mj, vl_mj, needs_no_tie=True)


def _tied_on_majority_grade(result: Result) -> int:
    """How many candidates shared the best majority grade (1 when it alone decided)."""
    marker = "tied on the majority grade: "
    for event in result.rounds[1].events:
        if marker in event:
            names = event.split(marker, 1)[1].split(";", 1)[0]
            return len(names.split(", "))
    return 1


@SETTINGS
@given(
    st.integers(2, 5).flatmap(
        lambda n: st.lists(
            st.tuples(st.frozensets(st.integers(0, n - 1), min_size=1), st.integers(1, 5)),
            min_size=1,
            max_size=8,
        ).map(lambda rows: (n, rows))
    )
)
def test_approval_agrees(data: tuple[int, list[tuple[frozenset[int], int]]]) -> None:
    n, rows = data
    names = NAMES[:n]
    ours = approval(ApprovalProfile(names, tuple(ApprovalBallot(a, c) for a, c in rows)))
    grades = GradeProfile(
        [{names[c]: int(c in a) for c in range(n)} for a, _ in rows],
        [0, 1],
        gcounts=[c for _, c in rows],
        candidates=list(names),
    )
    _check(ours, pv_approval(grades))
    vl: dict[frozenset[str], int] = {}
    for a, c in rows:
        key = frozenset(names[i] for i in a)
        vl[key] = vl.get(key, 0) + c
    _check(ours, Plurality().evaluate(ApprovalToSimpleVotes().convert(vl), 1), needs_no_tie=True)
