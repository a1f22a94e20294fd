"""Counting speed against pref_voting and votelib, same inputs, same run, as ratios.

Every figure is the median time of a peer divided by ours (> 1: we are faster).

``irv`` and ``schulze``: 1,000,000 ballots (``--quick``: 100,000) over 10 candidates,
complete strict rankings drawn from a pool of 5,000 Mallows draws (phi 0.8, seed 2017),
so that about 5,000 are distinct. The same ballots are given in three forms, and every
library does what its interface needs to go from that form to a winner, timed:

* ``array`` (the headline ``ratio``): a numpy int64 array of shape (ballots, 10), one
  ranking per row: the form pref_voting's ``Profile`` takes, so the peer is on its home
  ground, and the form in which every library merges identical ballots with its best
  tool instead of all of them calling the same ``Counter``. Ours:
  ``RankedProfile.from_array``. Peers: rows merged with ``np.unique(axis=0)`` or with
  pandas (``DataFrame.groupby(all columns).size()``), or (votelib) converted with
  ``tolist`` and counted with ``Counter``; then a pref_voting ``Profile`` of the distinct
  rankings with counts, or votelib's ranking->count dict.
* ``csv``: a file on disk, one ballot per line, candidate names ``c0``..``c9`` in order
  of preference, no header, written before timing. Ours: ``parse_ranked_csv`` on the
  file's bytes (it counts identical lines in one pass of C code, a hash table keyed by
  the line's bytes, then parses each distinct line once). Peers: the file read with
  the csv module (rows counted with ``Counter``) or with pandas (``read_csv`` then
  ``value_counts``, or categorical columns then ``groupby().size()``), then converted
  as above. pref_voting's own CSV reader (``pref_voting.io``) needs a
  header and per-rank columns and walks the rows with pandas ``iterrows``; not timed.
* ``list``: a Python list of tuples of candidate indices. Ours: ``Counter`` then
  ``RankedProfile.from_orders``. Peers: pref_voting's ``Profile`` of all the ballots
  (timed once above 200,000 ballots: about 30 s), or of ``Counter``-merged rankings;
  votelib's dict from ``Counter``. Everybody pays the same ``Counter`` here.

Each pipeline is timed as two steps whose medians are added: preparing the input (the
reading, merging and conversion above) and counting the prepared profile (each library
counts its own merged profile; pref_voting's count of its unmerged ``Profile`` is timed
only up to 200,000 ballots, above that the merged count stands in, in the peer's
favour). Steps run round-robin, so that every pipeline sees the same load. ``by_input``
gives every form with every pipeline; each form's ``ratio`` is against its fastest peer
pipeline. Every library's winner is computed from every prepared input, and the run
fails unless they all agree.

``scottish_stv``: all 351 wards of /work/shared/data/scotland-2017, reading included
(file, BLT parse, count); pref_voting's ``stv_scottish`` gets the same parsed ballots
converted to its ``ProfileWithTies`` (conversion timed).

``meek_vs_peer_scottish``: our Meek count of the largest ward (Almond) against
pref_voting's Scottish STV count of the same ward.

Times are CPU time of this process by default (``--clock wall`` for the wall clock).

    python bench/counting.py --json [--quick] [--only single|scottish|meek]
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from suffrage.rules import RankedProfile, get_method
from suffrage.rules.io import parse_blt, parse_ranked_csv

DATA = Path("/work/shared/data/scotland-2017")
ALMOND = "blt/city-of-edinburgh/ward-01-almond.blt"
CLOCKS: dict[str, Callable[[], float]] = {"cpu": time.process_time, "wall": time.perf_counter}
CANDIDATES = 10
SECTIONS = ("single", "scottish", "meek")
HEADLINE = "array"  # the input form of the headline IRV and Schulze ratios (see above)


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


Names = tuple[str, ...]
Step = Callable[[], Any]
Counts = dict[tuple[Any, ...], int]


def write_csv(raw: list[tuple[int, ...]], names: Names, path: Path) -> None:
    path.write_text("".join(",".join(names[c] for c in r) + "\n" for r in raw), "utf-8")


def csv_counter(path: Path) -> Counts:
    """The file read with the csv module, identical rows counted with ``Counter``."""
    with path.open(newline="", encoding="utf-8") as f:
        return dict(Counter(map(tuple, csv.reader(f))))


def pandas_counts(path: Path, category: bool) -> Counts:
    """The file read with pandas; identical rows counted.

    ``category``: columns read as categoricals and rows grouped (``groupby(...).size()``),
    the quicker of the two; otherwise string columns and ``value_counts``.
    """
    import pandas as pd

    if category:
        df = pd.read_csv(path, header=None, dtype="category")
        sizes = df.groupby(list(df.columns), sort=False, observed=True).size()
    else:
        sizes = pd.read_csv(path, header=None, dtype=str).value_counts()
    return {tuple(k): int(v) for k, v in sizes.items()}


def array_counts(array: Any, how: str) -> Counts:
    """Identical rows of a numpy array counted: ``np.unique``, pandas, or ``Counter``."""
    import numpy as np
    import pandas as pd

    if how == "unique_rows":
        rows, counts = np.unique(array, axis=0, return_counts=True)
        return dict(zip(map(tuple, rows.tolist()), counts.tolist(), strict=True))
    if how == "pandas_groupby":
        df = pd.DataFrame(array)
        sizes = df.groupby(list(df.columns), sort=False).size()
        return {tuple(k): int(v) for k, v in sizes.items()}
    return dict(Counter(map(tuple, array.tolist())))


def round_robin(
    steps: dict[str, tuple[Step, int]], clock: Callable[[], float], reps: int, budget: float
) -> tuple[dict[str, list[float]], dict[str, Any]]:
    """Time every step ``reps`` times (or its own smaller number), one step after another.

    Interleaving the steps makes every pipeline see the same load on a shared machine,
    and a full garbage collection (not timed) before each run makes none of them pay
    for the garbage of the one before. A round starts only while the repeated steps
    have taken less than ``budget`` seconds so far (steps run once do not count). The
    result of each step's first run is kept.
    """
    times: dict[str, list[float]] = {key: [] for key in steps}
    results: dict[str, Any] = {}
    spent = 0.0
    for round_number in range(reps):
        if round_number and spent > budget:
            break
        for key, (step, runs) in steps.items():
            if round_number < runs:
                gc.collect()
                t0 = clock()
                value = step()
                times[key].append(clock() - t0)
                spent += times[key][-1] if runs > 1 else 0.0
                results.setdefault(key, value)
                del value
    return times, results


def single_winner(n: int, clock: Callable[[], float], reps: int, budget: float) -> dict[str, Any]:
    import numpy as np
    from pref_voting.iterative_methods import instant_runoff
    from pref_voting.margin_based_methods import beat_path
    from pref_voting.profiles import Profile
    from votelib.convert import RankedToCondorcetVotes
    from votelib.evaluate.condorcet import Schulze
    from votelib.evaluate.sequential import TransferableVoteSelector

    raw = ballots(n)
    names: Names = tuple(f"c{i}" for i in range(CANDIDATES))
    index = {name: i for i, name in enumerate(names)}
    array = np.array(raw, dtype=np.int64)
    irv, schulze = get_method("instant-runoff").count, get_method("schulze").count

    def pv(counts: Counts, by_name: bool = False) -> Profile:
        if by_name:
            counts = {tuple(index[c] for c in r): k for r, k in counts.items()}
        return Profile([list(r) for r in counts], rcounts=list(counts.values()))

    def vl(counts: Counts) -> Counts:
        return {tuple(names[c] for c in r): k for r, k in counts.items()}

    counters: dict[str, dict[str, Callable[[Any], str]]] = {
        "ours": {
            "irv": lambda p: irv(p, seats=1).elected[0],
            "schulze": lambda p: schulze(p, seats=1).elected[0],
        },
        "pref_voting": {
            "irv": lambda p: names[instant_runoff(p)[0]],
            "schulze": lambda p: names[beat_path(p)[0]],
        },
        "votelib": {
            "irv": lambda v: TransferableVoteSelector(quota_function="droop").evaluate(v, 1)[0],
            "schulze": lambda v: Schulze().evaluate(RankedToCondorcetVotes().convert(v), 1)[0],
        },
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ballots.csv"
        write_csv(raw, names, path)
        # input form -> library -> pipeline -> the step that prepares the library's input
        forms: dict[str, dict[str, dict[str, Step]]] = {
            "array": {
                "ours": {
                    "from_array": lambda: RankedProfile.from_array(names, array),
                },
                "pref_voting": {
                    "unique_rows": lambda: pv(array_counts(array, "unique_rows")),
                    "pandas_groupby": lambda: pv(array_counts(array, "pandas_groupby")),
                },
                "votelib": {
                    "unique_rows": lambda: vl(array_counts(array, "unique_rows")),
                    "pandas_groupby": lambda: vl(array_counts(array, "pandas_groupby")),
                    "tolist_counter": lambda: vl(array_counts(array, "tolist_counter")),
                },
            },
            "csv": {
                "ours": {
                    "parse_ranked_csv": lambda: (
                        parse_ranked_csv(path.read_bytes(), source=path.name).profile
                    ),
                },
                "pref_voting": {
                    "csv_module_counter": lambda: pv(csv_counter(path), by_name=True),
                    "pandas_value_counts": lambda: pv(pandas_counts(path, False), by_name=True),
                    "pandas_category_groupby": lambda: pv(pandas_counts(path, True), by_name=True),
                },
                "votelib": {
                    "csv_module_counter": lambda: csv_counter(path),
                    "pandas_value_counts": lambda: pandas_counts(path, False),
                    "pandas_category_groupby": lambda: pandas_counts(path, True),
                },
            },
            "list": {
                "ours": {
                    "counter_from_orders": lambda: RankedProfile.from_orders(
                        names, list(Counter(raw).items())
                    ),
                },
                "pref_voting": {
                    "all_ballots": lambda: Profile(raw),
                    "counter": lambda: pv(Counter(raw)),
                },
                "votelib": {"counter": lambda: vl(Counter(raw))},
            },
        }
        once = "list/pref_voting/all_ballots"  # 25 s or more at 1M ballots
        steps = {
            f"prepare {form}/{library}/{pipeline}": (
                step,
                1 if f"{form}/{library}/{pipeline}" == once and n > 200_000 else reps,
            )
            for form, libraries in forms.items()
            for library, pipelines in libraries.items()
            for pipeline, step in pipelines.items()
        }
        # a round of every pipeline takes 10-20 s at 1M ballots: allow all the rounds
        times, prepared = round_robin(steps, clock, reps, 3 * budget)
    merged = {
        "ours": prepared["prepare list/ours/counter_from_orders"],
        "pref_voting": prepared["prepare list/pref_voting/counter"],
        "votelib": prepared["prepare list/votelib/counter"],
    }
    count_steps: dict[str, tuple[Step, int]] = {
        f"count {library}/{method}": (lambda c=count, p=merged[library]: c(p), reps)
        for library, methods in counters.items()
        for method, count in methods.items()
    }
    if n <= 200_000:  # pref_voting's count on all the ballots, not merged
        for method, count in counters["pref_voting"].items():
            all_ballots = prepared["prepare list/pref_voting/all_ballots"]
            count_steps[f"count pref_voting/{method}/all_ballots"] = (
                lambda c=count, p=all_ballots: c(p),
                reps,
            )
    count_times, _ = round_robin(count_steps, clock, reps, budget)
    times.update(count_times)
    winners = {
        key.removeprefix("prepare "): {
            method: counters[key.split("/")[1]][method](value) for method in ("irv", "schulze")
        }
        for key, value in prepared.items()
    }
    del prepared, merged
    agree = {method: {w[method] for w in winners.values()} for method in ("irv", "schulze")}
    if any(len(found) != 1 for found in agree.values()):
        raise SystemExit(f"the libraries disagree on the winner: {winners}")
    m = {k: statistics.median(v) for k, v in times.items()}
    out: dict[str, Any] = {
        "ballots": n,
        "distinct": len(Counter(raw)),
        "winners": {method: found.pop() for method, found in agree.items()},
        "every_pipeline_agrees": True,
        "median_seconds": {k: round(v, 4) for k, v in m.items()},
        "repetitions": {k: len(v) for k, v in times.items()},
    }
    for method in ("irv", "schulze"):
        by_input = {form: _ratios(m, form, libraries, method) for form, libraries in forms.items()}
        out[method] = {
            "input": HEADLINE,
            **by_input[HEADLINE],
            "by_input": by_input,
            "count_only_ratio_vs_merged_peers": round(
                min(m[f"count pref_voting/{method}"], m[f"count votelib/{method}"])
                / m[f"count ours/{method}"],
                2,
            ),
        }
    return out


def _ratios(
    m: dict[str, float], form: str, libraries: dict[str, dict[str, Step]], method: str
) -> dict[str, Any]:
    """Our time on one input form against every peer pipeline for it (prepare + count)."""
    (ours_pipeline,) = libraries["ours"]
    ours = m[f"prepare {form}/ours/{ours_pipeline}"] + m[f"count ours/{method}"]
    peers: dict[str, float] = {}
    for library in ("pref_voting", "votelib"):
        for pipeline in libraries[library]:
            count = m.get(f"count {library}/{method}/{pipeline}", m[f"count {library}/{method}"])
            peers[f"{library}/{pipeline}"] = m[f"prepare {form}/{library}/{pipeline}"] + count
    faster = min(peers, key=lambda k: peers[k])
    return {
        "ours_seconds": round(ours, 4),
        "peers_seconds": {k: round(v, 4) for k, v in peers.items()},
        "faster_peer": faster,
        "ratio": round(peers[faster] / ours, 2),
        "ratios": {k: round(v / ours, 2) for k, v in peers.items()},
    }


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
