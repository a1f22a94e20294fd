"""``suffrage serve`` in its own process under a small load (bench/serve.py), both databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "bench" / "serve.py"


@pytest.mark.slow
def test_serve_under_load_smoke() -> None:
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--json", "--ballots", "6", "--voters", "3"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout)
    databases = ["sqlite"]
    if "skipped" not in out["postgresql"] or os.environ.get("CI", "").lower() in ("1", "true"):
        databases.append("postgresql")
    for db in databases:
        result = out[db]
        assert result["errors"] == 0, result
        assert result["ballots"] == result["voted_on_board"] == 6, result
        assert result["ballots_per_second"] > 0 and result["latency_p99_ms"] > 0
