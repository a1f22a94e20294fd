"""Counting speed against pref_voting and votelib, same inputs, same run, as ratios.

Three figures, each the median time of a peer divided by ours (> 1: we are faster):

* ``irv`` and ``schulze``: ballots over 10 candidates drawn from a Mallows model
  (phi 0.8), so that many are identical. Every library gets the same list of ballots
  and does what its interface needs, timed: we merge identical ballots
  (``collections.Counter``) and count; pref_voting builds its ``Profile`` from the
  ballots (and, as a second pipeline, from Counter-merged rankings with counts);
  votelib takes a ranking->count dict, built with ``Counter``. ``ratio`` is against the
  fastest peer pipeline; ``ratios`` lists each, and counting on merged input alone is
  reported too. Merging a million ballots costs the same for everybody who uses
  ``Counter``, so it bounds the end-to-end ratios.
* ``scottish_stv``: all 351 wards of /work/shared/data/scotland-2017, reading included
  (file, BLT parse, count); pref_voting's ``stv_scottish`` gets the same parsed ballots
  converted to its ``ProfileWithTies`` (conversion timed).
* ``meek_vs_peer_scottish``: our Meek count of the largest ward (Almond) against
  pref_voting's Scottish STV count of the same ward.

Times are CPU time of this process by default (``--clock wall`` for the wall clock).

    python bench/counting.py --json [--quick] [--only single|scottish|meek]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from suffrage.rules import RankedProfile, get_method
from suffrage.rules.io import parse_blt

DATA = Path("/work/shared/data/scotland-2017")
ALMOND = "blt/city-of-edinburgh/ward-01-almond.blt"
CLOCKS: dict[str, Callable[[], float]] = {"cpu": time.process_time, "wall": time.perf_counter}
CANDIDATES = 10
SECTIONS = ("single", "scottish", "meek")


def timed(
    fn: Callable[[], Any], clock: Callable[[], float], reps: int, budget: float
) -> list[float]:
    """Run ``fn`` up to ``reps`` times (at least once), stopping after ``budget`` seconds."""
    out: list[float] = []
    while len(out) < reps and (not out or sum(out) < budget):
        t0 = clock()
        fn()
        out.append(clock() - t0)
    return out


def mallows(rng: random.Random, n: int, phi: float) -> tuple[int, ...]:
    """One ranking from a Mallows model around 0 > 1 > ... by repeated insertion."""
    order: list[int] = []
    for i in range(n):
        weights = [phi ** (i - j) for j in range(i + 1)]
        order.insert(rng.choices(range(i + 1), weights)[0], i)
    return tuple(order)


def ballots(count: int, seed: int = 2017) -> list[tuple[int, ...]]:
    """``count`` ballots drawn from a pool of 5,000 Mallows draws (a few thousand distinct)."""
    rng = random.Random(seed)
    pool = [mallows(rng, CANDIDATES, 0.8) for _ in range(5000)]
    return rng.choices(pool, k=count)


def single_winner(n: int, clock: Callable[[], float], reps: int, budget: float) -> dict[str, Any]:
    from pref_voting.iterative_methods import instant_runoff
    from pref_voting.margin_based_methods import beat_path
    from pref_voting.profiles import Profile
    from votelib.convert import RankedToCondorcetVotes
    from votelib.evaluate.condorcet import Schulze
    from votelib.evaluate.sequential import TransferableVoteSelector

    raw = ballots(n)
    names = tuple(f"c{i}" for i in range(CANDIDATES))
    merged = Counter(raw)
    profile = RankedProfile.from_orders(names, list(merged.items()))
    irv, schulze = get_method("instant-runoff").count, get_method("schulze").count
    pv_merged = Profile([list(r) for r in merged], rcounts=list(merged.values()))
    vl_votes = {tuple(names[c] for c in r): k for r, k in merged.items()}
    winners = {
        "ours": (irv(profile, seats=1).elected[0], schulze(profile, seats=1).elected[0]),
        "pref_voting": tuple(
            names[w[0]] for w in (instant_runoff(pv_merged), beat_path(pv_merged))
        ),
        "votelib": (
            TransferableVoteSelector(quota_function="droop").evaluate(vl_votes, 1)[0],
            Schulze().evaluate(RankedToCondorcetVotes().convert(vl_votes), 1)[0],
        ),
    }

    def ours_merge() -> RankedProfile:
        return RankedProfile.from_orders(names, list(Counter(raw).items()))

    def vl_merge() -> dict[tuple[str, ...], int]:
        return {tuple(names[c] for c in r): k for r, k in Counter(raw).items()}

    def pv_merge() -> Profile:
        counted = Counter(raw)
        return Profile([list(r) for r in counted], rcounts=list(counted.values()))

    t: dict[str, list[float]] = {
        "ours_merge": timed(ours_merge, clock, reps, budget),
        "ours_irv_count": timed(lambda: irv(profile, seats=1), clock, reps, budget),
        "ours_schulze_count": timed(lambda: schulze(profile, seats=1), clock, reps, budget),
        "votelib_merge": timed(vl_merge, clock, reps, budget),
        "votelib_irv_count": timed(
            lambda: TransferableVoteSelector(quota_function="droop").evaluate(vl_votes, 1),
            clock,
            reps,
            budget,
        ),
        "votelib_schulze_count": timed(
            lambda: Schulze().evaluate(RankedToCondorcetVotes().convert(vl_votes), 1),
            clock,
            reps,
            budget,
        ),
        "pref_voting_profile": timed(lambda: Profile(raw), clock, min(reps, 3), budget),
        "pref_voting_merge": timed(pv_merge, clock, reps, budget),
        "pref_voting_irv_count_merged": timed(
            lambda: instant_runoff(pv_merged), clock, reps, budget
        ),
        "pref_voting_schulze_count_merged": timed(
            lambda: beat_path(pv_merged), clock, reps, budget
        ),
    }
    pv_raw = Profile(raw) if n <= 200_000 else None
    if pv_raw is not None:
        t["pref_voting_irv_count_raw"] = timed(lambda: instant_runoff(pv_raw), clock, reps, budget)
        t["pref_voting_schulze_count_raw"] = timed(lambda: beat_path(pv_raw), clock, reps, budget)
    m = {k: statistics.median(v) for k, v in t.items()}
    out: dict[str, Any] = {
        "ballots": n,
        "distinct": len(merged),
        "winners": winners,
        "median_seconds": {k: round(v, 4) for k, v in m.items()},
        "repetitions": {k: len(v) for k, v in t.items()},
    }
    for method in ("irv", "schulze"):
        ours = m["ours_merge"] + m[f"ours_{method}_count"]
        pv_count = m.get(f"pref_voting_{method}_count_raw", m[f"pref_voting_{method}_count_merged"])
        peers = {
            "pref_voting": m["pref_voting_profile"] + pv_count,
            "pref_voting_given_counter_merged_input": m["pref_voting_merge"]
            + m[f"pref_voting_{method}_count_merged"],
            "votelib": m["votelib_merge"] + m[f"votelib_{method}_count"],
        }
        faster = min(peers, key=lambda k: peers[k])
        out[method] = {
            "ours_seconds": round(ours, 4),
            "peers_seconds": {k: round(v, 4) for k, v in peers.items()},
            "faster_peer": faster,
            "ratio": round(peers[faster] / ours, 2),
            "ratios": {k: round(v / ours, 2) for k, v in peers.items()},
            "count_only_ratio_vs_merged_peers": round(
                min(m[f"pref_voting_{method}_count_merged"], m[f"votelib_{method}_count"])
                / m[f"ours_{method}_count"],
                2,
            ),
        }
    return out


def wards(quick: bool) -> list[dict[str, Any]]:
    official = json.loads((DATA / "official-results.json").read_text(encoding="utf-8"))
    return official[::9] if quick else official


def scottish(
    ward_list: list[dict[str, Any]], clock: Callable[[], float], reps: int, budget: float
) -> dict[str, Any]:
    from pref_voting.profiles_with_ties import ProfileWithTies
    from pref_voting.proportional_methods import stv_scottish

    count = get_method("stv-scottish").count
    agree = {"ours": 0, "pref_voting": 0}

    def ours(check: bool = False) -> None:
        for ward in ward_list:
            bf = parse_blt((DATA / ward["ward_file"]).read_bytes(), source=ward["ward_file"])
            elected = count(bf.profile, seats=ward["seats"]).elected
            agree["ours"] += check and set(elected) == set(ward["elected"])

    def peer(check: bool = False) -> None:
        for ward in ward_list:
            bf = parse_blt((DATA / ward["ward_file"]).read_bytes(), source=ward["ward_file"])
            prof = bf.profile
            assert isinstance(prof, RankedProfile)
            ranks = [{c: k + 1 for k, g in enumerate(b.ranking) for c in g} for b in prof.ballots]
            pv = ProfileWithTies(
                ranks,
                rcounts=[b.count for b in prof.ballots],
                candidates=list(range(len(prof.candidates))),
            )
            won = stv_scottish(pv, num_seats=ward["seats"])
            agree["pref_voting"] += check and {prof.candidates[c] for c in won} == set(
                ward["elected"]
            )

    ours(check=True)
    ours_t = timed(ours, clock, reps, budget)
    peer_t = timed(lambda: peer(check=True), clock, min(reps, 3), budget)
    agree["pref_voting"] = agree["pref_voting"] // len(peer_t) if peer_t else 0
    m_ours, m_peer = statistics.median(ours_t), statistics.median(peer_t)
    return {
        "wards": len(ward_list),
        "elected_official_set": agree,
        "ours_seconds_median": round(m_ours, 4),
        "pref_voting_seconds_median": round(m_peer, 4),
        "repetitions": {"ours": len(ours_t), "pref_voting": len(peer_t)},
        "ratio": round(m_peer / m_ours, 2),
    }


def meek(clock: Callable[[], float], reps: int, budget: float) -> dict[str, Any]:
    from pref_voting.profiles_with_ties import ProfileWithTies
    from pref_voting.proportional_methods import stv_scottish

    bf = parse_blt((DATA / ALMOND).read_bytes(), source=ALMOND)
    prof = bf.profile
    assert isinstance(prof, RankedProfile) and bf.seats is not None
    seats = bf.seats
    ranks = [{c: k + 1 for k, g in enumerate(b.ranking) for c in g} for b in prof.ballots]
    pv = ProfileWithTies(
        ranks, rcounts=[b.count for b in prof.ballots], candidates=list(range(len(prof.candidates)))
    )
    count = get_method("stv-meek").count
    ours_t = timed(lambda: count(prof, seats=seats), clock, reps, budget)
    peer_t = timed(lambda: stv_scottish(pv, num_seats=seats), clock, reps, budget)
    m_ours, m_peer = statistics.median(ours_t), statistics.median(peer_t)
    return {
        "ward": ALMOND,
        "ballots": prof.total,
        "distinct": len(prof.ballots),
        "ours_meek_seconds_median": round(m_ours, 4),
        "pref_voting_scottish_seconds_median": round(m_peer, 4),
        "ratio": round(m_peer / m_ours, 2),
    }


def run(quick: bool, clock_name: str, sections: tuple[str, ...] = SECTIONS) -> dict[str, Any]:
    clock = CLOCKS[clock_name]
    reps, budget = (3, 10.0) if quick else (5, 60.0)
    out: dict[str, Any] = {"clock": clock_name, "quick": quick}
    if "single" in sections:
        single = single_winner(100_000 if quick else 1_000_000, clock, reps, budget)
        out["irv"] = single.pop("irv")
        out["schulze"] = single.pop("schulze")
        out["single_winner_detail"] = single
    if "scottish" in sections:
        out["scottish_stv"] = scottish(wards(quick), clock, reps, budget)
    if "meek" in sections:
        out["meek_vs_peer_scottish"] = meek(clock, reps, budget)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="100k ballots, 40 wards")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu")
    parser.add_argument(
        "--only", choices=SECTIONS, action="append", help="run only this section (repeatable)"
    )
    args = parser.parse_args()
    result = run(args.quick, args.clock, tuple(args.only or SECTIONS))
    if args.json:
        print(json.dumps(result))
    else:
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
