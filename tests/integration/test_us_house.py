"""Huntington-Hill reproduces the official US House apportionments, 1960-2020.

Census apportionment populations and the official number of representatives per state
come from the data file shipped with the ``houseofreps`` package (US Census Bureau
apportionment tables). The method is the one of 2 U.S.C. s. 2a: every state gets one
seat, then priorities ``P / sqrt(n (n + 1))`` hand out the other 385 of 435 seats.
"""

from __future__ import annotations

import csv
from importlib.util import find_spec
from pathlib import Path

import pytest

from suffrage.rules import Tally
from suffrage.rules.apportionment import huntington_hill, sainte_lague

YEARS = ("1960", "1970", "1980", "1990", "2000", "2010", "2020")


def _census(year: str) -> tuple[Tally, dict[str, int]]:
    spec = find_spec("houseofreps")  # locate the data file without importing pandas
    assert spec is not None and spec.origin is not None
    text = (Path(spec.origin).parent / "apportionment.csv").read_text(encoding="utf-8")
    populations: dict[str, int] = {}
    official: dict[str, int] = {}
    for row in csv.DictReader(text.splitlines()):
        if row["Year"] != year or row["Name"] == "District of Columbia":
            continue
        populations[row["Name"]] = int(row["Population used for apportionment"])
        official[row["Name"]] = int(float(row["Number of Representatives"]))
    return Tally(tuple(populations), tuple(populations.values())), official


@pytest.mark.parametrize("year", YEARS)
def test_huntington_hill_matches_the_official_apportionment(year: str) -> None:
    states, official = _census(year)
    assert len(states.candidates) == 50
    assert sum(official.values()) == 435
    result = huntington_hill(states, seats=435, minimum=1)
    assert result.seats == official
    assert not result.ties


def test_2020_last_seat_and_new_yorks_89_residents() -> None:
    # Census Bureau, 2020 apportionment: Minnesota won seat 435; New York would have
    # taken it with 89 more residents. Exact priorities reproduce that margin.
    states, _ = _census("2020")
    result = huntington_hill(states, seats=435, minimum=1)
    assert result.rounds[1].events[0] == "each of 50 units first gets 1 seat(s)"
    assert result.rounds[1].events[-1].startswith("seat 435: Minnesota")
    ny = states.candidates.index("New York")
    for extra, expected in ((88, (26, 8)), (89, (27, 7))):
        votes = list(states.votes)
        votes[ny] += extra
        moved = huntington_hill(Tally(states.candidates, tuple(votes)), seats=435, minimum=1)
        assert moved.seats is not None
        assert (moved.seats["New York"], moved.seats["Minnesota"]) == expected


def test_webster_differs_from_the_official_method_in_some_year() -> None:
    differs = []
    for year in YEARS:
        states, official = _census(year)
        if sainte_lague(states, seats=435, minimum=1).seats != official:
            differs.append(year)
    assert differs  # the choice of divisor matters for the House
