"""Verifiable mixing: shuffle, proof and verification against the raw backend floor.

A mix of ``--ballots`` rows of ``--width`` ciphertexts (default 1,000 x 10) is shuffled,
proven and verified. For each phase the backend calls it performs are recorded once
(every libsodium ristretto255 function and the native ``combine`` wrapped by a recorder)
and then, in each repetition, replayed back to back as raw calls right after the phase
itself, so both see the same machine load: ``*_ratio`` is phase time over replay time,
i.e. what the Python around the group operations costs (target: at most 1.5). libsodium
calls are replayed on fixed inputs (they run in constant time); native calls, which run
in variable time, with the very arguments recorded. Times are CPU time of this process
(one core) unless ``--clock wall``; per-ciphertext figures divide by ``ballots * width``
(targets: 0.5 ms each for shuffle + proof and for verification).

    python bench/mix.py --json [--ballots N] [--width W] [--repeat K]
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import json
import statistics
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from rbcl import _sodium

from suffrage.crypto import Ciphertext, Element, Scalar, encrypt
from suffrage.crypto._backend import _native
from suffrage.crypto.mix import ShuffleProof, prove_shuffle, shuffle, verify_shuffle

CLOCKS = {"cpu": "process CPU time (one core)", "wall": "wall clock"}
CONTEXT = b"bench-election/contest-1/mixer-1"
_SODIUM_OPS = (
    "crypto_scalarmult_ristretto255",
    "crypto_scalarmult_ristretto255_base",
    "crypto_core_ristretto255_add",
    "crypto_core_ristretto255_sub",
    "crypto_core_ristretto255_is_valid_point",
    "crypto_core_ristretto255_from_hash",
)
_NATIVE_OP = "native_combine"
Call = tuple[str, tuple[Any, ...]]
#: Published figures of a peer (not measured here): egk-ec-mixnet's README, 2024.
EGK_EC_MIXNET = {
    "source": "github.com/JohnLCaron/egk-ec-mixnet README (ElectionGuard Kotlin EC + "
    "Verificatum Terelius-Wikstrom, JVM), reported, not measured in this run",
    "shuffle_and_prove_seconds_1000x34": 17.0,
    "shuffle_and_prove_ms_per_ciphertext": round(17.0 / 34.0, 3),
    "verify_vs_shuffle_and_prove": "30-50% slower",
    "verify_ms_per_ciphertext_implied": [round(0.5 * 1.3, 2), round(0.5 * 1.5, 2)],
}


def _rng_from(seed: bytes) -> Callable[[int], bytes]:
    buffer, counter = b"", 0

    def read(n: int) -> bytes:
        nonlocal buffer, counter
        while len(buffer) < n:
            buffer += hashlib.sha512(seed + counter.to_bytes(8, "big")).digest()
            counter += 1
        out, buffer = buffer[:n], buffer[n:]
        return out

    return read


def record(phase: Callable[[], Any]) -> tuple[Any, list[Call]]:
    """Run ``phase`` with every backend function wrapped; its result and the calls made."""
    calls: list[Call] = []
    originals = {name: getattr(_sodium, name) for name in _SODIUM_OPS}
    native = _native.combine

    def recording(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any) -> Any:
            calls.append((name, args if name == _NATIVE_OP else ()))
            return fn(*args)

        return call

    try:
        for name, fn in originals.items():
            setattr(_sodium, name, recording(name, fn))
        _native.combine = recording(_NATIVE_OP, native)
        result = phase()
    finally:
        for name, fn in originals.items():
            setattr(_sodium, name, fn)
        _native.combine = native
    return result, calls


def raw_replay(calls: list[Call]) -> Callable[[], None]:
    """The same raw calls in the same order: fixed inputs for libsodium, recorded for native."""
    buf = ctypes.create_string_buffer(32)
    s = Scalar.from_int(0x1234567 << 200).to_bytes()
    p = Element.base_times(Scalar.from_int(987654321)).to_bytes()
    q = Element.base_times(Scalar.from_int(123456789)).to_bytes()
    args: dict[str, tuple[Any, ...]] = {
        "crypto_scalarmult_ristretto255": (buf, s, p),
        "crypto_scalarmult_ristretto255_base": (buf, s),
        "crypto_core_ristretto255_add": (buf, p, q),
        "crypto_core_ristretto255_sub": (buf, p, q),
        "crypto_core_ristretto255_is_valid_point": (p,),
        "crypto_core_ristretto255_from_hash": (buf, bytes(range(64))),
    }
    native = _native.combine
    plan = [
        (native, a) if op == _NATIVE_OP else (getattr(_sodium, op), args[op]) for op, a in calls
    ]

    def run() -> None:
        for fn, a in plan:
            fn(*a)

    return run


def _ops(calls: list[Call]) -> dict[str, int]:
    counts = Counter(name for name, _ in calls)
    out = dict(sorted(counts.items()))
    points = sum(len(a[0]) // 32 for name, a in calls if name == _NATIVE_OP)
    if points:
        out["native_combine_points"] = points
    return out


def _timed(clock: Callable[[], float], fn: Callable[[], Any]) -> tuple[Any, float]:
    t0 = clock()
    result = fn()
    return result, clock() - t0


def _ballot(public: Element, width: int, rng: Callable[[int], bytes]) -> list[Ciphertext]:
    """One row: a ranking-like vector of small plaintexts."""
    return [encrypt(public, k % 4, Scalar.random(rng)) for k in range(width)]


def _median_ratio(series: dict[str, list[float]], phase: str) -> float:
    raw = series[phase + "_raw"]
    return round(statistics.median(t / r for t, r in zip(series[phase], raw, strict=True)), 3)


def _per_ciphertext_ms(seconds: list[float], ciphertexts: int) -> float:
    return round(1000 * statistics.median(seconds) / ciphertexts, 4)


def _repetition(
    clock: Callable[[], float],
    public: Element,
    rows: list[list[Ciphertext]],
    rng: Callable[[int], bytes],
    raws: tuple[Callable[[], None], Callable[[], None]],
    series: dict[str, list[float]],
) -> tuple[ShuffleProof, list[Call]]:
    """One timed shuffle, proof, decoding and verification, each followed by its replay."""
    (out, secret), t = _timed(clock, lambda: shuffle(public, rows, rng))
    series["shuffle"].append(t)
    series["shuffle_raw"].append(_timed(clock, raws[0])[1])
    proof, t = _timed(clock, lambda: prove_shuffle(public, rows, out, secret, CONTEXT, rng))
    series["prove"].append(t)
    series["prove_raw"].append(_timed(clock, raws[1])[1])
    encoded = proof.to_bytes()
    decoded, t = _timed(clock, lambda: ShuffleProof.from_bytes(encoded))
    series["decode"].append(t)

    def check() -> None:
        verify_shuffle(public, rows, out, decoded, CONTEXT)

    _, verify_calls = record(check)  # this proof's native calls, replayed with its arguments
    series["verify"].append(_timed(clock, check)[1])
    series["verify_raw"].append(_timed(clock, raw_replay(verify_calls))[1])
    return proof, verify_calls


def run(ballots: int, width: int, repeat: int, clock_name: str = "cpu") -> dict[str, Any]:
    """Medians over ``repeat`` repetitions; each phase is followed by its raw replay."""
    rng = _rng_from(b"suffrage bench mix")
    public = Element.base_times(Scalar.random(rng))
    rows = [_ballot(public, width, rng) for _ in range(ballots)]
    clock = time.process_time if clock_name == "cpu" else time.perf_counter
    (out, secret), shuffle_calls = record(lambda: shuffle(public, rows, rng))
    proof, prove_calls = record(lambda: prove_shuffle(public, rows, out, secret, CONTEXT, rng))
    shuffle_raw, prove_raw = raw_replay(shuffle_calls), raw_replay(prove_calls)
    names = ("shuffle", "prove", "verify", "decode")
    series: dict[str, list[float]] = {k: [] for k in (*names, *(n + "_raw" for n in names[:3]))}
    verify_calls: list[Call] = []
    for _ in range(repeat):
        raws = (shuffle_raw, prove_raw)
        proof, verify_calls = _repetition(clock, public, rows, rng, raws, series)
    cts = ballots * width
    mix_seconds = [a + b for a, b in zip(series["shuffle"], series["prove"], strict=True)]
    mix_raw = [a + b for a, b in zip(series["shuffle_raw"], series["prove_raw"], strict=True)]
    proof_bytes = len(proof.to_bytes())
    return {
        "mix": f"{ballots} ballots x {width} ciphertexts, one permutation, Terelius-Wikstrom proof",
        "ballots": ballots,
        "width": width,
        "repeat": repeat,
        "clock": CLOCKS[clock_name],
        "shuffle_seconds_median": round(statistics.median(series["shuffle"]), 3),
        "prove_seconds_median": round(statistics.median(series["prove"]), 3),
        "verify_seconds_median": round(statistics.median(series["verify"]), 3),
        "decode_proof_seconds_median": round(statistics.median(series["decode"]), 3),
        "shuffle_and_prove_ms_per_ciphertext": _per_ciphertext_ms(mix_seconds, cts),
        "verify_ms_per_ciphertext": _per_ciphertext_ms(series["verify"], cts),
        "raw_shuffle_and_prove_ms_per_ciphertext": _per_ciphertext_ms(mix_raw, cts),
        "raw_verify_ms_per_ciphertext": _per_ciphertext_ms(series["verify_raw"], cts),
        "shuffle_ratio": _median_ratio(series, "shuffle"),
        "prove_ratio": _median_ratio(series, "prove"),
        "shuffle_and_prove_ratio": round(
            statistics.median(t / r for t, r in zip(mix_seconds, mix_raw, strict=True)), 3
        ),
        "verify_ratio": _median_ratio(series, "verify"),
        "bytes_per_ballot": {
            "ciphertexts": 64 * width,
            "proof": round(proof_bytes / ballots, 1),
            "total": round((64 * width * ballots + proof_bytes) / ballots, 1),
        },
        "proof_bytes": proof_bytes,
        "backend_ops": {
            "shuffle": _ops(shuffle_calls),
            "prove": _ops(prove_calls),
            "verify": _ops(verify_calls),
        },
        "peer_published": EGK_EC_MIXNET,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--ballots", type=int, default=1000, help="rows to mix")
    parser.add_argument("--width", type=int, default=10, help="ciphertexts per row")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions (median reported)")
    parser.add_argument(
        "--clock", choices=sorted(CLOCKS), default="cpu", help="what to time (default: cpu)"
    )
    args = parser.parse_args()
    if args.ballots < 1 or args.width < 1 or args.repeat < 1:
        parser.error("--ballots, --width and --repeat must be positive")
    result = run(args.ballots, args.width, args.repeat, args.clock)
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:40} {v}")


if __name__ == "__main__":
    main()
