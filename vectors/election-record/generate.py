"""Generate vectors/election-record/: a complete election record from a fixed seed.

Run from the repository root with the project installed::

    .venv/bin/python vectors/election-record/generate.py           # rewrite the record
    .venv/bin/python vectors/election-record/generate.py --check   # exit 1 if stale

The record is the embedded demo election (``suffrage.protocol.simulation.run_demo``) with
6 voters (the first with weight 3; one audits a ballot first, one votes twice), 3 trustees
with threshold 2, trustee 3 absent at decryption. All randomness comes from
``seeded_rng(SEED)``: SHA-512 in counter mode, so the files are byte-for-byte reproducible.
"""

from __future__ import annotations

import sys
from pathlib import Path

from suffrage.protocol.record import RECORD_FILES, record_files
from suffrage.protocol.simulation import run_demo, seeded_rng

SEED = b"suffrage/1 election-record vector"
VOTERS = 6
OUT = Path(__file__).parent


def build() -> dict[str, bytes]:
    """The record files, from the fixed seed."""
    outcome = run_demo(VOTERS, seeded_rng(SEED), trustees=3, threshold=2, weighted=True)
    if outcome.counts != outcome.expected:
        raise SystemExit("the decrypted result differs from the simulated voters' choices")
    return record_files(outcome.election.board)


def main(argv: list[str]) -> int:
    files = build()
    if "--check" in argv:
        stale = [n for n in RECORD_FILES if (OUT / n).read_bytes() != files[n]]
        if stale:
            print(f"stale: {', '.join(stale)}; regenerate with {Path(__file__).name}")
            return 1
        return 0
    for name in RECORD_FILES:
        (OUT / name).write_bytes(files[name])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
