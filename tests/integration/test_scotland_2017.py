"""Scottish STV reproduces the declared results of all 351 wards of the 2017 elections.

For every ward of /work/shared/data/scotland-2017 the count must elect the official set,
with the official quota, and never elect at a later stage someone the official count
elected at an earlier one (the order within a stage is only a convention).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from suffrage.rules import Result, get_method
from suffrage.rules.io import parse_blt

DATA = Path("/work/shared/data/scotland-2017")
OFFICIAL: list[dict[str, Any]] = (
    json.loads((DATA / "official-results.json").read_text(encoding="utf-8"))
    if DATA.exists()
    else []
)
BY_COUNCIL: dict[str, list[dict[str, Any]]] = defaultdict(list)
for _ward in OFFICIAL:
    BY_COUNCIL[_ward["ward_file"].split("/")[1]].append(_ward)

pytestmark = pytest.mark.skipif(not OFFICIAL, reason="Scotland 2017 data set not present")


def test_the_data_set_is_complete() -> None:
    assert len(OFFICIAL) == 351
    assert len(BY_COUNCIL) == 32


def election_stage(result: Result) -> dict[str, int]:
    """The round at which each elected candidate was declared elected."""
    stage: dict[str, int] = {}
    for r in result.rounds:
        for event in r.events:
            for name in result.elected:
                if event.startswith(f"{name} elected"):
                    stage.setdefault(name, r.number)
    return stage


@pytest.mark.parametrize("council", sorted(BY_COUNCIL))
def test_every_ward_elects_the_official_candidates(council: str) -> None:
    count = get_method("stv-scottish").count
    for ward in BY_COUNCIL[council]:
        where = ward["ward_file"]
        ballots = parse_blt((DATA / where).read_bytes(), source=where)
        assert ballots.seats == ward["seats"], where
        result = count(ballots.profile, seats=ward["seats"])
        assert set(result.elected) == set(ward["elected"]), where
        assert result.rounds[0].quota == ward["quota"], where
        assert dict(result.rounds[0].values) == ward["first_preferences"], where
        stage = election_stage(result)
        assert set(stage) == set(result.elected), where
        official = ward["elected"]
        for i, earlier in enumerate(official):
            for later in official[i + 1 :]:
                assert stage[earlier] <= stage[later], (where, earlier, later)
