"""The browser booth's crypto (plain JS) against the shared vectors and a Python ballot.

Runs ``node tests/js/booth_vectors.mjs``: RFC 9496, transcript, ElGamal, signature,
zero-or-one and range vectors, and a whole ballot that the Python protocol encrypted from
a recorded random tape, which the JS booth must reproduce byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from suffrage.crypto.group import Element, Scalar
from suffrage.protocol.audit import audit_form
from suffrage.protocol.ballot import BallotContext, encrypt_ballot, tracking_code
from suffrage.protocol.credentials import credential_from_code
from suffrage.protocol.identity import election_fingerprint
from suffrage.protocol.manifest import parse_manifest
from suffrage.protocol.simulation import run_demo, seeded_rng
from trustee_identity import keyed

SCRIPT = Path(__file__).with_name("booth_vectors.mjs")

MANIFEST = {
    "protocol": "suffrage/1",
    "id": "js-check",
    "title": "Booth check — проверка",
    "contests": [
        {
            "id": "seats",
            "title": "Seats",
            "kind": "choose",
            "min": 1,
            "max": 2,
            "value_max": 1,
            "options": [
                {"id": "a", "title": "A"},
                {"id": "b", "title": "B"},
                {"id": "c", "title": "C"},
            ],
        },
        {
            "id": "budget",
            "title": "Budget",
            "kind": "score",
            "min": 0,
            "max": 6,
            "value_max": 3,
            "options": [{"id": "x", "title": "X"}, {"id": "y", "title": "Y"}],
        },
    ],
    "styles": [{"id": "all", "title": "All", "contests": ["budget", "seats"]}],
    "trustees": [{"index": 1, "name": "T"}],
    "threshold": 1,
}
MANIFEST = keyed(MANIFEST)


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("node is required in CI to check the booth's JavaScript")
        pytest.skip("node is not installed")
    return node


class Tape:
    """A deterministic random source that records every draw."""

    def __init__(self, seed: bytes) -> None:
        self.seed, self.draws = seed, []

    def __call__(self, n: int) -> bytes:
        out = hashlib.sha512(self.seed + len(self.draws).to_bytes(8, "big")).digest()[:n]
        self.draws.append(out.hex())
        return out


def _board_case() -> dict[str, object]:
    """A real board, its key and fingerprint, and a wrong key a lying server could serve."""
    board = run_demo(2, seeded_rng(b"js-board")).election.board
    setup = board.events[0].payload["manifest"]
    key = next(e.payload["public_key"] for e in board.events if e.type == "joint_key")
    wrong = Element.base_times(Scalar.from_int(42)).hex()
    mh = parse_manifest(setup).hash_hex
    return {
        "lines": [e.line.decode() for e in board.events],
        "manifest": setup,
        "public_key": key,
        "wrong_key": wrong,
        "fingerprint": election_fingerprint(mh, Element.from_hex(str(key))),
    }


def test_booth_crypto_matches_vectors_and_python(tmp_path: Path) -> None:
    node = _node()
    manifest = parse_manifest(MANIFEST)
    public_key = Element.base_times(Scalar.from_int(123456789))
    code = hashlib.sha256(b"voter").hexdigest()
    choices = {"seats": [1, 0, 1], "budget": [3, 2]}
    tape = Tape(b"booth")
    made = encrypt_ballot(
        BallotContext(manifest, public_key), credential_from_code(code), "all", choices, tape
    )
    case = {
        "manifest": MANIFEST,
        "public_key": public_key.hex(),
        "code": code,
        "style": "all",
        "choices": choices,
        "tape": tape.draws,
        "expected": {
            "ballot": made.ballot,
            "tracking_code": made.tracking_code,
            "reveal": made.reveal,
            "audit": audit_form(made.ballot),
            "audit_code": tracking_code(audit_form(made.ballot)),
        },
        "board": _board_case(),
    }
    path = tmp_path / "ballot.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    run = subprocess.run(
        [node, str(SCRIPT), str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert summary["checked"]["ballot"] == 6
    assert summary["checked"]["board"] == 4
    assert summary["checked"]["rfc9496"] >= 60
    for group in ("transcript", "elgamal", "signature", "zero_or_one", "range"):
        assert summary["checked"][group] >= 2, group
