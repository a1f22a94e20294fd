"""bench/ranked.py stays runnable: a tiny ranked contest goes through every phase, the
decrypted rows are the encrypted ones and pref_voting elects the same members."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parents[2]


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_ranked", ROOT / "bench" / "ranked.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_phase_runs_and_the_count_agrees_with_pref_voting() -> None:
    seen: list[str] = []
    result = _bench().run(ballots=12, m=5, mixers=3, progress=seen.append)
    assert result["pref_voting_elected_same"] is True
    assert len(result["elected"]) == 3
    phases = result["phases_seconds"]
    assert {f"mix_{k}_verify" for k in (1, 2, 3)} <= set(phases)
    assert {"shares_1_verify", "shares_2_verify", "combine_and_read"} <= set(phases)
    assert seen[0] == "encrypting" and seen[-1] == "count"
    size = (16 + 32 * (5 * 12 + 3 * 5 + 6)) / 12  # docs/protocol.md 9.6
    assert result["proof_bytes_per_ballot"] == pytest.approx(size, abs=0.05)
