"""Signed but malformed ``mix`` and ``mix_share`` payloads, and what a client cannot set.

A trustee (or a stolen trustee key) signs whatever she likes: every malformed field of a
signed mix or share must be refused as invalid input naming the field, never crash the
service, and leave the board as it was. A body cannot carry the event's recorded time
either (the server's clock sets it, outside the hashed line): an extra key is refused.
"""

from __future__ import annotations

from typing import Any

import pytest
from service_harness import Services, attest
from test_ranked_service import E, _events, _open, _resigned, _vote

from suffrage.errors import InvalidInput
from suffrage.protocol.encoding import JsonObject

ROWS = 9  # the counted ballots of test_ranked_service


def _mix_changes(good: JsonObject) -> dict[str, tuple[dict[str, Any], str]]:
    proof = str(good["proof"])
    rows: Any = good["outputs"]
    return {
        "empty proof": ({"proof": ""}, "header"),
        "short proof": ({"proof": "00" * 10}, "header"),
        "long proof": ({"proof": proof + "00"}, "bytes, got"),
        "upper-case proof": ({"proof": proof.upper()}, "mix.proof"),
        "proof not a string": ({"proof": 5}, "mix.proof"),
        "contest not a string": ({"contest": ["council"]}, "not a ranked contest"),
        "round a boolean": ({"round": True}, "mix.round"),
        "negative round": ({"round": -1}, "mix.round"),
        "far round": ({"round": 2**52}, "mix.round"),
        "previous null": ({"previous": None}, "mix.previous"),
        "outputs a string": ({"outputs": "x"}, "mix.outputs"),
        "no outputs": ({"outputs": []}, "mix.outputs"),
        "short rows": ({"outputs": [r[:3] for r in rows]}, r"mix.outputs\[0\]"),
        "rows of objects": ({"outputs": [{}] * ROWS}, r"mix.outputs\[0\]"),
        "not a point": ({"outputs": [["ff" * 64] * 4] * ROWS}, r"mix.outputs\[0\]\[0\]"),
        "all identity": ({"outputs": [["00" * 64] * 4] * ROWS}, "mix.proof"),
        "a time of its own": ({"recorded_at": "2020-01-01T00:00:00Z"}, "recorded_at"),
    }


def _share_changes(good: JsonObject) -> dict[str, tuple[dict[str, Any], str]]:
    rows: Any = good["shares"]
    return {
        "shares a string": ({"shares": "x"}, "mix_share.shares"),
        "rows of numbers": ({"shares": [1] * ROWS}, r"mix_share.shares\[0\]"),
        "cells of strings": ({"shares": [["x"] * 4] * ROWS}, r"shares\[0\]\[0\]"),
        "short proofs": (
            {"shares": [[{**c, "proof": "00"} for c in row] for row in rows]},
            "DLEQ proof is 64 bytes",
        ),
        "not a point": (
            {"shares": [[{**c, "share": "ff" * 32} for c in row] for row in rows]},
            r"shares\[0\]\[0\].share",
        ),
        "extra key in a cell": (
            {"shares": [[{**c, "x": 1} for c in row] for row in rows]},
            "unknown field 'x'",
        ),
        "mix null": ({"mix": None}, "mix_share.mix"),
        "a time of its own": ({"recorded_at": "2020-01-01T00:00:00Z"}, "recorded_at"),
    }


def test_malformed_signed_mixes_and_shares_are_refused_and_nothing_is_stored(
    services: Services,
) -> None:
    s = services
    trustees = _open(s)
    key = s.elections.get(E).public_key
    assert key is not None
    _vote(s)
    s.ceremonies.close(E)
    good = trustees.mix(1, key, s.ceremonies.mix_input(E, "council"))
    for name, (change, match) in _mix_changes(good).items():
        before = _events(s)
        with pytest.raises(InvalidInput, match=match):
            s.ceremonies.post_mix(E, _resigned(good, **change))
        assert _events(s) == before, name
    s.ceremonies.post_mix(E, good)
    s.ceremonies.post_mix(E, trustees.mix(2, key, s.ceremonies.mix_input(E, "council")))
    attest(s, trustees, E, "close", [1])
    share = trustees.mix_share(1, s.ceremonies.mix_input(E, "council"))
    for name, (change, match) in _share_changes(share).items():
        body = {k: v for k, v in share.items() if k != "signature"}
        body.update(change)
        before = _events(s)
        with pytest.raises(InvalidInput, match=match):
            s.ceremonies.post_mix_share(E, trustees.sign("mix_share", body))
        assert _events(s) == before, name
    record = s.ceremonies.post_mix_share(E, share)
    assert record.recorded_at == s.elections.clock.now()  # the server's clock, nobody else's
