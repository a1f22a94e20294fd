"""The open roll-call record: labelled open, hash-chained, checked."""

from __future__ import annotations

import copy

import pytest

from suffrage.errors import BoardError
from suffrage.protocol.rollcall import NOTICE, check_rollcall, open_rollcall


def _record() -> dict[str, object]:
    rc = open_rollcall("c1", "Works council", ["ann", "bob"], ["v1", "v2", "v3"])
    rc = rc.vote("v1", ["ann"]).vote("v3", ["bob"], weight=2)
    return rc.to_json()


def test_record_is_labelled_open_and_checks() -> None:
    data = _record()
    assert data["secrecy"] == "open" and data["notice"] == NOTICE
    tally = check_rollcall(data)
    assert dict(tally.marks) == {"ann": 1, "bob": 2} and tally.cast == 2


def test_tampering_is_detected() -> None:
    data = _record()
    changed = copy.deepcopy(data)
    changed["votes"][0]["choice"] = ["bob"]  # type: ignore[index]
    with pytest.raises(BoardError, match="hash does not match"):
        check_rollcall(changed)
    secret = dict(data, secrecy="secret")
    with pytest.raises(BoardError, match="not an open roll-call"):
        check_rollcall(secret)


def test_one_vote_per_elector_on_the_roll() -> None:
    rc = open_rollcall("c1", "t", ["a"], ["v1"])
    rc = rc.vote("v1", ["a"])
    with pytest.raises(BoardError, match="already voted"):
        rc.vote("v1", ["a"])
    with pytest.raises(BoardError, match="not on the roll"):
        rc.vote("v9", ["a"])
