"""The voter list's bulk path agrees with the entry-by-entry path: same voters when the
list is well-formed, and it steps aside (so the exact path names the problem) otherwise."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from suffrage.crypto import Element, Scalar
from suffrage.protocol.simulation import seeded_rng
from suffrage.verify.canon import dumps
from suffrage.verify.checks.voters import _voters_bytes, _well_formed_voters, check_voter_list
from suffrage.verify.model import Election, Manifest, Voter
from suffrage.verify.report import FailureLog

STYLES = {"main": (), "second": ()}


def _entries(n: int = 12) -> list[dict[str, Any]]:
    rng = seeded_rng(b"voters-bulk")
    creds = sorted(Element.base_times(Scalar.random(rng)).hex() for _ in range(n))
    return [
        {"credential": c, "style": "main" if k % 3 else "second", "weight": 1 + k % 2}
        for k, c in enumerate(creds)
    ]


def test_a_well_formed_list_gives_the_voters() -> None:
    entries = _entries()
    voters = _well_formed_voters(entries, STYLES)
    assert voters == {e["credential"]: Voter(e["style"], e["weight"]) for e in entries}


def _not_a_point() -> str:
    rng = seeded_rng(b"not a point")
    while True:
        raw = bytearray(rng(32))
        raw[0] &= 0xFE  # non-negative, so only the square-root test can refuse it
        raw[31] &= 0x7F
        try:
            Element.from_bytes(bytes(raw))
        except Exception:
            return bytes(raw).hex()


@pytest.mark.parametrize(
    "change",
    [
        lambda e: e[3].update(credential=_not_a_point()),
        lambda e: e[0].update(credential="00" * 32),
        lambda e: e[2].update(credential=e[2]["credential"].upper()),
        lambda e: e.insert(4, dict(e[3])),  # twice
        lambda e: e.reverse(),  # out of order
        lambda e: e[5].update(style="nowhere"),
        lambda e: e[5].update(weight=0),
        lambda e: e[5].update(weight=True),
        lambda e: e[5].update(weight=1_000_001),
        lambda e: e[5].update(extra=1),
        lambda e: e[5].pop("weight"),
        lambda e: e.__setitem__(6, "not an object"),
    ],
)
def test_any_doubt_leaves_it_to_the_exact_path(change: Any) -> None:
    entries = copy.deepcopy(_entries())
    change(entries)
    assert _well_formed_voters(entries, STYLES) is None


def test_the_voters_bytes_are_cut_from_the_line() -> None:
    entries = _entries()
    payload = {"voters": entries}
    line = dumps({"payload": payload, "prev": "ab" * 32, "seq": 5, "type": "voter_list"})
    assert _voters_bytes(line) == dumps(entries)
    signed = dumps({"payload": {"signature": "cd" * 64, **payload}, "prev": "ab" * 32,
                    "seq": 5, "type": "voter_list"})  # fmt: skip
    assert _voters_bytes(signed) == dumps(entries)
    assert _voters_bytes(line.replace(b'"voters"', b'"voterz"')) is None


def test_a_bad_list_is_named_entry_by_entry() -> None:
    manifest = Manifest("e", "00" * 32, (), dict(STYLES), 3, 2, {})
    entries = _entries()
    entries[3]["credential"] = _not_a_point()
    election = Election(manifest)
    log = FailureLog()
    check_voter_list(election, {"voters": entries}, "event 5 (voter_list)", log)
    assert [f.item for f in log.items["voters.list"]] == ["event 5 (voter_list).voters[3]"]
    assert len(election.voters) == len(entries) - 1
