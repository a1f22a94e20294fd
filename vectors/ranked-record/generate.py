"""Generate vectors/ranked-record/: a complete record of a secret ranked election.

Run from the repository root with the project installed::

    .venv/bin/python vectors/ranked-record/generate.py           # rewrite the record
    .venv/bin/python vectors/ranked-record/generate.py --check   # exit 1 if stale

The record is the ranked demo election (``suffrage demo --ranked``:
``suffrage.protocol.simulation.ranked_manifest`` run by ``run_demo``) with 12 voters:
a works council of 6 candidates ranked on secret ballots and counted by Scottish STV for
3 seats, and a referendum. 3 trustees with threshold 2: trustees 1 and 2 attest, mix the
council's ballots in turn (docs/protocol.md 7.16.2), decrypt the last mix (7.16.3) and the
tally; trustee 3 is absent. One voter audits a ballot before casting, one votes twice, one
ranks two candidates first (an invalid ranking, published apart). All randomness comes
from ``seeded_rng(SEED)`` (SHA-512 in counter mode), so the files are byte-for-byte
reproducible.
"""

from __future__ import annotations

import sys
from pathlib import Path

from suffrage.protocol.record import RECORD_FILES, record_files
from suffrage.protocol.simulation import ranked_manifest, run_demo, seeded_rng

#: Chosen among a few suffixes so that the record has one invalid ranking and its STV count
#: needs no lot (the elected set is then the same under any tie rule).
SEED = b"suffrage/1 ranked-record vector b"
VOTERS = 12
OUT = Path(__file__).parent


def build() -> dict[str, bytes]:
    """The record files, from the fixed seed."""
    manifest = ranked_manifest(trustees=3, threshold=2, seats=3)
    outcome = run_demo(VOTERS, seeded_rng(SEED), trustees=3, threshold=2, manifest=manifest)
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
