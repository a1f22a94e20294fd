"""bench/mix.py stays runnable, and the mix performs the operations docs/protocol.md 9.8 lists."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[2]


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_mix", ROOT / "bench" / "mix.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_operation_counts_are_those_of_the_spec() -> None:
    n, w = 7, 3
    result = _bench().run(ballots=n, width=w, repeat=1)
    ops = result["backend_ops"]
    assert ops["shuffle"] == {
        "crypto_core_ristretto255_add": 2 * n * w,
        "crypto_scalarmult_ristretto255": n * w,
        "crypto_scalarmult_ristretto255_base": n * w,
    }
    assert ops["prove"] == {
        "crypto_core_ristretto255_add": 2 * n * w + 4 * n + 1,
        "crypto_core_ristretto255_sub": 2 * w,
        "crypto_core_ristretto255_from_hash": n + 1,
        "crypto_scalarmult_ristretto255": 2 * n * w + 3 * n + w,
        "crypto_scalarmult_ristretto255_base": 3 * n + w + 3,
    }
    assert ops["verify"] == {
        "crypto_core_ristretto255_from_hash": n + 1,
        "native_combine": 3 + 2 * w + n,
        "native_combine_points": 4 * n * w + 6 * n + w + 2,
    }
    assert result["proof_bytes"] == 16 + 32 * (5 * n + 3 * w + 6)


def test_the_script_prints_json() -> None:
    args = ["--json", "--ballots", "3", "--width", "2", "--repeat", "1"]
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "mix.py"), *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(out)
    assert result["ballots"] == 3 and result["width"] == 2
    assert result["verify_ratio"] > 0 and result["shuffle_and_prove_ratio"] > 0
    assert result["bytes_per_ballot"]["ciphertexts"] == 128
