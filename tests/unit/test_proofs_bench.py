"""bench/crypto.py stays runnable, and ballot verification keeps its operation count."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[2]


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_crypto", ROOT / "bench" / "crypto.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_crypto", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_verification_operation_counts_do_not_grow() -> None:
    bench = _bench()
    result = bench.run(ballots=2, repeat=1)
    # One native call per proof (5 zero-or-one, 1 range, 1 signature); 2 rows per branch.
    assert result["verify_backend_ops_per_ballot"] == {
        "native_combine": 7,
        "crypto_core_ristretto255_add": 8,
        "crypto_core_ristretto255_is_valid_point": 11,
    }
    assert result["verify_native_rows_per_ballot"] == 5 * 4 + 2 + 1
    assert result["verify_ballots_per_second_libsodium_only"] > 0
    assert result["verify_overhead_ratio"] > 0


def test_bench_prints_one_json_object() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "crypto.py"), "--json", "--ballots", "1",
         "--repeat", "1"],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    data = json.loads(out.stdout)
    for key in ("encrypt_ballots_per_second", "verify_ballots_per_second", "verify_overhead_ratio"):
        assert data[key] > 0


def test_tampered_ballot_is_rejected() -> None:
    bench = _bench()
    rng = bench._rng_from(b"t")
    from suffrage.crypto import Element, Scalar
    from suffrage.errors import InvalidEncoding, InvalidProof

    election = Element.base_times(Scalar.random(rng))
    cred = Scalar.random(rng)
    keys = bench.Keys(election, cred, Element.base_times(cred).to_bytes())
    ballot = bench.encrypt_ballot(keys, 2, rng)
    bench.verify_ballot(election, ballot)
    for i in (40, 32 + 64 + 5, len(ballot) - 70, len(ballot) - 1):
        bad = ballot[:i] + bytes([ballot[i] ^ 1]) + ballot[i + 1 :]
        try:
            bench.verify_ballot(election, bad)
        except (InvalidProof, InvalidEncoding):
            continue
        raise AssertionError(f"a change at byte {i} was accepted")
