"""PrefLib (.soc/.soi/.toc/.toi, both layouts) and CSV readers, and the dispatcher."""

from __future__ import annotations

import pytest

from suffrage.errors import BallotFormatError
from suffrage.rules.ballots import RankedProfile, Tally
from suffrage.rules.io import parse_ballot_file, parse_party_csv, parse_preflib, parse_ranked_csv

MODERN_TOI = """# FILE NAME: 00001-00000001.toi
# TITLE: Committee poll
# DATA TYPE: toi
# NUMBER ALTERNATIVES: 3
# NUMBER VOTERS: 6
# NUMBER UNIQUE ORDERS: 3
# ALTERNATIVE NAME 1: Ann
# ALTERNATIVE NAME 2: Ben
# ALTERNATIVE NAME 3: Cy
3: 1,2,3
2: {2,3},1
1: 3
"""

LEGACY_SOC = """3
1,Ann
2,Ben
3,Cy
5,5,2
3,1,2,3
2,3,2,1
"""


def _orders(profile: RankedProfile) -> dict[tuple[tuple[int, ...], ...], int]:
    return {b.ranking: b.count for b in profile.ballots}


def test_modern_toi_with_ties_and_truncation() -> None:
    f = parse_preflib(MODERN_TOI, source="poll.toi")
    assert f.title == "Committee poll"
    assert isinstance(f.profile, RankedProfile)
    assert f.profile.candidates == ("Ann", "Ben", "Cy")
    assert _orders(f.profile) == {((0,), (1,), (2,)): 3, ((1, 2), (0,)): 2, ((2,),): 1}


def test_legacy_soc() -> None:
    f = parse_preflib(LEGACY_SOC.encode(), source="old.soc")
    assert isinstance(f.profile, RankedProfile)
    assert f.profile.candidates == ("Ann", "Ben", "Cy")
    assert _orders(f.profile) == {((0,), (1,), (2,)): 3, ((2,), (1,), (0,)): 2}


@pytest.mark.parametrize(
    ("source", "body", "line", "problem"),
    [
        ("x.soc", "3: 1,2\n", 10, "complete order"),
        ("x.soi", "3: {1,2},3\n", 10, "strict-order"),
        ("x.toi", "3: 1,4\n", 10, "not an alternative"),
        ("x.toi", "3: 1,1\n", 10, "twice"),
        ("x.toi", "3 1,2\n", 10, "<count>: <order>"),
        ("x.toi", "z: 1,2\n", 10, "not an integer"),
        ("x.toi", "0: 1,2\n", 10, "not positive"),
    ],
)
def test_preflib_errors(source: str, body: str, line: int, problem: str) -> None:
    header = MODERN_TOI.split("3: 1,2,3")[0]
    with pytest.raises(BallotFormatError) as info:
        parse_preflib(header + body, source=source)
    assert str(info.value).startswith(f"{source}, line {line}:")
    assert problem in str(info.value)


def test_ranked_csv_plain_and_with_counts() -> None:
    plain = parse_ranked_csv("Ann,Ben\nBen\nAnn,Ben\n,\nCy=Ann,Ben\n", source="b.csv")
    assert isinstance(plain.profile, RankedProfile)
    assert plain.profile.candidates == ("Ann", "Ben", "Cy")
    assert _orders(plain.profile) == {((0,), (1,)): 2, ((1,),): 1, ((2, 0), (1,)): 1}
    counted = parse_ranked_csv("count,first,second\n10,Ann,Ben\n4,Ben,\n", source="c.csv")
    assert isinstance(counted.profile, RankedProfile)
    assert counted.profile.total == 14
    declared = parse_ranked_csv("candidates,Ann,Ben,Cy\nBen,Ann\n", source="d.csv")
    assert declared.profile.candidates == ("Ann", "Ben", "Cy")


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("count,a\nx,Ann\n", 2, "not an integer"),
        ("count,a\n-1,Ann\n", 2, "negative"),
        ("Ann,Ann\n", 1, "ranked twice"),
    ],
)
def test_ranked_csv_errors(text: str, line: int, problem: str) -> None:
    with pytest.raises(BallotFormatError, match=rf"b\.csv, line {line}: .*{problem}"):
        parse_ranked_csv(text, source="b.csv")


def test_party_csv() -> None:
    f = parse_party_csv("party,votes\nRed,100\nBlue, 50\n", source="v.csv")
    assert f.profile == Tally(("Red", "Blue"), (100, 50))
    assert parse_party_csv("Red,1\nBlue,2\n").profile == Tally(("Red", "Blue"), (1, 2))
    with pytest.raises(BallotFormatError, match="line 3: party 'Red' appears twice"):
        parse_party_csv("party,votes\nRed,1\nRed,2\n", source="v.csv")
    with pytest.raises(BallotFormatError, match="line 2: count 'many' is not an integer"):
        parse_party_csv("party,votes\nRed,many\n", source="v.csv")


def test_dispatch_by_extension() -> None:
    assert parse_ballot_file(MODERN_TOI, source="P.TOI").title == "Committee poll"
    assert parse_ballot_file("1 1\n1 1 0\n0\nA\n", source="a.blt").seats == 1
    with pytest.raises(BallotFormatError, match=r"unknown ballot file type '\.txt'"):
        parse_ballot_file("", source="a.txt")


def test_preflib_identical_lines_merge_and_errors_name_the_first_bad_line() -> None:
    header = MODERN_TOI.split("3: 1,2,3")[0]
    body = "1: 1,2,3\n2: 3\n1: 1,2,3\n1: 1, 2,3\n"
    f = parse_preflib(header + body, source="x.toi")
    assert isinstance(f.profile, RankedProfile)
    assert _orders(f.profile) == {((0,), (1,), (2,)): 3, ((2,),): 2}
    assert f.profile.total == 5
    with pytest.raises(BallotFormatError, match=r"x\.toi, line 11: .*twice"):
        parse_preflib(header + "1: 1,2\n1: 1,1\n1: 1,2\n1: 1,1\n", source="x.toi")
