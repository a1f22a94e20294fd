"""Ballot encryption and verification throughput, against the raw backend floor.

The ballot is a 1-of-5 contest built from crypto primitives: five ciphertexts, each with
a 0/1 proof, a range proof that their homomorphic sum is exactly 1, and a Schnorr
signature with the voter's credential key over the serialized ballot. Verification
starts from the serialized bytes (decoding included).

``verify_overhead_ratio`` divides our verification time by the time of exactly the
backend calls that verification performs (recorded, in order, by wrapping the libsodium
functions and the native ``combine`` during a verification of the same ballot), replayed
back to back as raw calls right after each verification, so both see the same machine load.
libsodium calls are replayed on fixed inputs (constant time); native calls, which run in
variable time, with the very arguments recorded. ``verify_ballots_per_second_libsodium_only``
verifies the same ballots with ``combine`` computed by libsodium calls instead
(``SodiumBackend.combine``), to show what the native backend gains. Times are CPU time of
this process by default (throughput per core on a shared machine); ``--clock wall`` uses
the wall clock.

    python bench/crypto.py --json [--ballots N] [--repeat K]
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rbcl import _sodium

from suffrage.crypto._backend import _native
from suffrage.crypto._backend.sodium import SodiumBackend
from suffrage.crypto.elgamal import Ciphertext, encrypt
from suffrage.crypto.group import Element, Scalar
from suffrage.crypto.proofs import (
    DisjunctiveProof,
    RangeProof,
    Signature,
    prove_range,
    prove_zero_or_one,
    sign,
    verify_range,
    verify_signature,
    verify_zero_or_one,
)

SELECTIONS = 5
#: CPU time of this process measures throughput per core even on a shared machine.
CLOCKS = {"cpu": "process CPU time (per core)", "wall": "wall clock"}
CONTEXT = b"bench-election/contest-1"


def _rng_from(seed: bytes) -> Callable[[int], bytes]:
    counter = 0

    def read(n: int) -> bytes:
        nonlocal counter
        out = b""
        while len(out) < n:
            out += hashlib.sha512(seed + counter.to_bytes(8, "big")).digest()
            counter += 1
        return out[:n]

    return read


def _selection_context(i: int) -> bytes:
    return CONTEXT + b"/selection-" + str(i).encode()


@dataclass(frozen=True)
class Keys:
    election: Element
    credential_secret: Scalar
    credential_public: bytes


def encrypt_ballot(keys: Keys, choice: int, rng: Callable[[int], bytes]) -> bytes:
    """``credential public key || 5 x (ciphertext || 0/1 proof) || limit proof || signature``."""
    body = [keys.credential_public]
    total_nonce = Scalar.zero()
    total = Ciphertext.zero()
    for i in range(SELECTIONS):
        m = 1 if i == choice else 0
        r = Scalar.random(rng)
        ct = encrypt(keys.election, m, r)
        proof = prove_zero_or_one(keys.election, ct, m, r, _selection_context(i), rng)
        body += [ct.to_bytes(), proof.compact().to_bytes()]  # compact: one by one
        total, total_nonce = total + ct, total_nonce + r
    limit = prove_range(keys.election, total, 1, total_nonce, 1, 1, CONTEXT, rng)
    body.append(limit.compact().to_bytes())
    message = b"".join(body)
    return message + sign(keys.credential_secret, message, rng).to_bytes()


def verify_ballot(election: Element, data: bytes) -> None:
    """Decode and verify one serialized ballot; raises on any failure."""
    message, sig = data[:-64], Signature.from_bytes(data[-64:])
    credential = Element.from_bytes(message[:32])
    total = None
    pos = 32
    for i in range(SELECTIONS):
        ct = Ciphertext.from_bytes(message[pos : pos + 64])
        proof = DisjunctiveProof.from_bytes(message[pos + 64 : pos + 192])
        verify_zero_or_one(election, ct, proof, _selection_context(i))
        total = ct if total is None else total + ct
        pos += 192
    assert total is not None
    verify_range(election, total, 1, 1, RangeProof.from_bytes(message[pos:]), CONTEXT)
    verify_signature(credential, message, sig)


#: The libsodium functions that ristretto255 arithmetic goes through.
_SODIUM_OPS = (
    "crypto_scalarmult_ristretto255",
    "crypto_scalarmult_ristretto255_base",
    "crypto_core_ristretto255_add",
    "crypto_core_ristretto255_sub",
    "crypto_core_ristretto255_is_valid_point",
    "crypto_core_ristretto255_from_hash",
)


#: The native function verification equations go through.
_NATIVE_OP = "native_combine"

#: One recorded backend call: its name and, for the variable-time native one, its arguments.
Call = tuple[str, tuple[Any, ...]]


def record_backend_calls(election: Element, ballot: bytes) -> list[Call]:
    """Verify one ballot with every libsodium ristretto255 function and the native
    ``combine`` wrapped by a recorder; returns the calls made, in order."""
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
        verify_ballot(election, ballot)
    finally:
        for name, fn in originals.items():
            setattr(_sodium, name, fn)
        _native.combine = native
    return calls


def raw_replay(calls: list[Call]) -> Callable[[], None]:
    """A function making the same raw calls, in the same order, back to back.

    libsodium's ristretto255 functions run in constant time, so they get fixed valid
    inputs; the native ``combine`` runs in variable time and gets its recorded arguments.
    """
    buf = ctypes.create_string_buffer(32)
    s = Scalar.from_int(0x1234567 << 200).to_bytes()
    p = Element.base_times(Scalar.from_int(987654321)).to_bytes()
    q = Element.base_times(Scalar.from_int(123456789)).to_bytes()
    h = bytes(range(64))
    args: dict[str, tuple[Any, ...]] = {
        "crypto_scalarmult_ristretto255": (buf, s, p),
        "crypto_scalarmult_ristretto255_base": (buf, s),
        "crypto_core_ristretto255_add": (buf, p, q),
        "crypto_core_ristretto255_sub": (buf, p, q),
        "crypto_core_ristretto255_is_valid_point": (p,),
        "crypto_core_ristretto255_from_hash": (buf, h),
    }
    native = _native.combine
    plan = [
        (native, a) if op == _NATIVE_OP else (getattr(_sodium, op), args[op]) for op, a in calls
    ]

    def run() -> None:
        for fn, a in plan:
            fn(*a)

    return run


def raw_op_costs(clock: Callable[[], float], native: Call, n: int = 200) -> dict[str, float]:
    """Microseconds per raw call of each backend function (``n`` calls back to back).

    ``native`` is one recorded ``combine`` call (a zero-or-one proof's), timed as recorded.
    """
    out = {}
    for name in _SODIUM_OPS:
        replay = raw_replay([(name, ())] * n)
        t0 = clock()
        replay()
        out[name] = round((clock() - t0) / n * 1e6, 2)
    replay = raw_replay([native] * n)
    t0 = clock()
    replay()
    out[_NATIVE_OP] = round((clock() - t0) / n * 1e6, 2)
    return out


def _rows(call: Call) -> int:
    """The number of linear combinations a recorded ``combine`` call computes."""
    points, rows = call[1]
    return len(rows) // (len(points) + 32)


def verify_with_libsodium_only(election: Element, ballots: list[bytes]) -> None:
    """Verify ``ballots`` with ``combine`` computed term by term by libsodium."""
    native = _native.combine
    try:
        _native.combine = SodiumBackend().combine
        for b in ballots:
            verify_ballot(election, b)
    finally:
        _native.combine = native


def run(ballots: int, repeat: int, clock_name: str = "cpu") -> dict[str, Any]:
    """Median timings over ``repeat`` repetitions of ``ballots`` ballots each.

    Each ballot's verification is followed at once by the raw backend calls it performs,
    so both see the same machine load; the ratio is the median of these paired ratios.
    """
    rng = _rng_from(b"suffrage bench")
    election = Element.base_times(Scalar.random(rng))
    cred = Scalar.random(rng)
    keys = Keys(election, cred, Element.base_times(cred).to_bytes())
    sample = encrypt_ballot(keys, 0, rng)
    calls = record_backend_calls(election, sample)
    ops = {name: sum(1 for c in calls if c[0] == name) for name in (*_SODIUM_OPS, _NATIVE_OP)}
    ops = {name: n for name, n in ops.items() if n}
    native_sample = next(c for c in calls if c[0] == _NATIVE_OP)
    clock = time.process_time if clock_name == "cpu" else time.perf_counter
    enc_rates, ver_rates, sodium_rates, ver_each, raw_each, ratios = [], [], [], [], [], []
    op_costs: list[dict[str, float]] = []
    for _ in range(repeat):
        op_costs.append(raw_op_costs(clock, native_sample))
        t0 = clock()
        made = [encrypt_ballot(keys, j % SELECTIONS, rng) for j in range(ballots)]
        enc_rates.append(ballots / (clock() - t0))
        total = 0.0
        for b in made:
            raw_one = raw_replay(record_backend_calls(election, b))
            t0 = clock()
            verify_ballot(election, b)
            t1 = clock()
            raw_one()
            t2 = clock()
            total += t1 - t0
            ver_each.append(t1 - t0)
            raw_each.append(t2 - t1)
            ratios.append((t1 - t0) / (t2 - t1))
        ver_rates.append(ballots / total)
        t0 = clock()
        verify_with_libsodium_only(election, made)
        sodium_rates.append(ballots / (clock() - t0))
    names = (*_SODIUM_OPS, _NATIVE_OP)
    return {
        "ballot": f"1-of-{SELECTIONS}: {SELECTIONS} ciphertexts with zero-or-one proofs, "
        "exactly-1 range proof on their sum, signature",
        "ballots": ballots,
        "repeat": repeat,
        "clock": CLOCKS[clock_name],
        "ballot_bytes": len(sample),
        "encrypt_ballots_per_second": round(statistics.median(enc_rates), 1),
        "verify_ballots_per_second": round(statistics.median(ver_rates), 1),
        "verify_ballots_per_second_libsodium_only": round(statistics.median(sodium_rates), 1),
        "verify_ms_per_ballot_median": round(1000 * statistics.median(ver_each), 3),
        "raw_backend_ms_per_ballot_median": round(1000 * statistics.median(raw_each), 3),
        "raw_backend_ballots_per_second": round(1 / statistics.median(raw_each), 1),
        "verify_overhead_ratio": round(statistics.median(ratios), 3),
        "verify_backend_ops_per_ballot": ops,
        "verify_native_rows_per_ballot": sum(_rows(c) for c in calls if c[0] == _NATIVE_OP),
        "raw_us_per_call_median": {
            name: statistics.median(c[name] for c in op_costs) for name in names
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--ballots", type=int, default=50, help="ballots per repetition")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions (median reported)")
    parser.add_argument(
        "--clock", choices=sorted(CLOCKS), default="cpu", help="what to time (default: cpu)"
    )
    args = parser.parse_args()
    if args.ballots < 1 or args.repeat < 1:
        parser.error("--ballots and --repeat must be positive")
    result = run(args.ballots, args.repeat, args.clock)
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:32} {v}")


if __name__ == "__main__":
    main()
