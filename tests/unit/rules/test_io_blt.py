"""The BLT reader: both name styles, withdrawals, equal rankings, merging, and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suffrage.errors import BallotFormatError
from suffrage.rules.ballots import RankedBallot, RankedProfile
from suffrage.rules.io import parse_blt

DATA = Path("/work/shared/data/scotland-2017")

QUOTED = """4 2
-3
3 1 2 0
2 2=4 1 0
3 1 2 0
1 4 0
0
"Alice Ahmed (Red)"
"Bob Brown (Blue)"
"Carol Chen (Green)"
"Dan Diaz"
"Board election 2024"
"""


def _as_dict(profile: RankedProfile) -> dict[tuple[tuple[int, ...], ...], int]:
    out: dict[tuple[tuple[int, ...], ...], int] = {}
    for b in profile.ballots:
        out[b.ranking] = out.get(b.ranking, 0) + b.count
    return out


def test_quoted_names_title_withdrawn_equal_rankings_and_weights() -> None:
    f = parse_blt(QUOTED, source="board.blt")
    assert f.seats == 2
    assert f.title == "Board election 2024"
    assert f.profile.candidates == (
        "Alice Ahmed (Red)",
        "Bob Brown (Blue)",
        "Carol Chen (Green)",
        "Dan Diaz",
    )
    assert f.withdrawn == ("Carol Chen (Green)",)
    assert _as_dict(f.profile) == {((0,), (1,)): 6, ((1, 3), (0,)): 2, ((3,),): 1}
    counted = f.counted_profile()
    assert counted.candidates == ("Alice Ahmed (Red)", "Bob Brown (Blue)", "Dan Diaz")
    assert f.profile.total == counted.total == 9


def test_withdrawn_candidate_is_removed_from_rankings() -> None:
    f = parse_blt("3 1\n-1\n5 1 2 0\n2 1 0\n0\nA\nB\nC\n")
    counted = f.counted_profile()
    assert isinstance(counted, RankedProfile)
    assert counted.candidates == ("B", "C")
    assert _as_dict(counted) == {((0,),): 5}


def test_unquoted_names_bytes_and_no_trailing_newline() -> None:
    text = (
        "3 1\n2 1 3 0\n1 3 0\n0\nRenée SLATER (Grn)\nJo BLOGGS (Lab)\nX Y (SNP)\nWard 4 - Somewhere"
    )
    f = parse_blt(text.encode("utf-8"), source="w.blt")
    assert f.profile.candidates[0] == "Renée SLATER (Grn)"
    assert f.title == "Ward 4 - Somewhere"
    assert _as_dict(f.profile) == {((0,), (2,)): 2, ((2,),): 1}


def test_profile_equals_a_validated_profile() -> None:
    f = parse_blt(QUOTED)
    rebuilt = RankedProfile(f.profile.candidates, f.profile.ballots)
    assert rebuilt == f.profile
    assert all(isinstance(b, RankedBallot) for b in f.profile.ballots)


def test_blank_ballots_are_counted_apart() -> None:
    f = parse_blt("2 1\n4 0\n1 2 0\n0\nA\nB\n")
    assert f.blank == 4
    assert f.profile.total == 1
    assert f.title is None


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("", None, "empty"),
        ("3\n", 1, "first line"),
        ("x 1\n", 1, "not an integer"),
        ("2 0\n0\nA\nB\n", 1, "at least one seat"),
        ("2 1\n-3\n0\nA\nB\n", 2, "withdrawn"),
        ("2 1\n1 1 2 0\nx 2 0\n0\nA\nB\n", 3, "weight"),
        ("2 1\n1 1 3 0\n0\nA\nB\n", 2, "not a candidate number"),
        ("2 1\n1 1 1 0\n0\nA\nB\n", 2, "twice"),
        ("2 1\n1 1 2\n0\nA\nB\n", 2, "end with 0"),
        ("2 1\n1 1 a 0\n0\nA\nB\n", 2, "not an integer"),
        ("2 1\n-1 1 0\n0\nA\nB\n", 2, "withdrawn"),
        ("2 1\n0 1 0\n0\nA\nB\n", 2, "not positive"),
        ("2 1\n1 1 0\n", 2, "do not end"),
        ("2 1\n1 1 0\n0\nA\n", 4, "candidate names"),
        ("2 1\n1 1 0\n0\nA\nA\n", None, "repeat"),
        ("2 1\n1 1 0\n0\nA\nB\nT\nextra\n", 7, "after the title"),
        ('2 1\n1 1 0\n0\n"A"\n', 4, "quoted"),
        ("2 1\n7\n0\nA\nB\n", 2, "weight, preferences"),
    ],
)
def test_errors_name_file_line_and_problem(text: str, line: int | None, problem: str) -> None:
    with pytest.raises(BallotFormatError) as info:
        parse_blt(text, source="bad.blt")
    message = str(info.value)
    assert message.startswith("bad.blt")
    if line is not None:
        assert f"line {line}:" in message
    assert problem in message


def test_invalid_utf8_is_a_format_error() -> None:
    with pytest.raises(BallotFormatError, match="UTF-8"):
        parse_blt(b"1 1\n1 1 0\n0\n\xff\n", source="x.blt")


def test_every_scottish_ward_reads_with_the_published_totals() -> None:
    files = sorted((DATA / "blt").rglob("*.blt"))
    assert len(files) == 351
    official = {w["ward_file"]: w for w in json.loads((DATA / "official-results.json").read_text())}
    ballots = lines = 0
    for path in files:
        f = parse_blt(path.read_text(encoding="utf-8"), source=str(path))
        ballots += f.profile.total
        lines += len(f.profile.ballots)
        ward = official[str(path.relative_to(DATA))]
        assert f.seats == ward["seats"]
        assert set(ward["elected"]) <= set(f.profile.candidates)
    assert ballots == 1_889_658
    assert lines == 331_530


def test_same_ranking_spelled_with_different_spacing_is_one_ballot() -> None:
    for middle in ("1  2 0", "+1 2 0"):  # fast and checked token paths
        f = parse_blt(f"2 1\n2 1 2 0\n3 {middle}\n1 2 0\n0\nA\nB\n")
        assert [(b.ranking, b.count) for b in f.profile.ballots] == [
            (((0,), (1,)), 5),
            (((1,),), 1),
        ]


@pytest.mark.skipif(not DATA.exists(), reason="Scotland 2017 data set not present")
def test_block_reader_and_line_reader_build_the_same_profile() -> None:
    path = DATA / "blt/city-of-edinburgh/ward-01-almond.blt"
    text = path.read_text(encoding="utf-8")
    plain = parse_blt(text)  # read as one block
    spaced = parse_blt(text.replace(" 0\n", " 0\n\n", 1))  # a blank line: read line by line
    assert plain == spaced
    assert [b.count for b in plain.profile.ballots] == [b.count for b in spaced.profile.ballots]


def test_weights_below_one_and_unclosed_lines_leave_the_block_reader() -> None:
    assert parse_blt("2 1\n2 1 2 0\n3 2 0\n0\nA\nB\n").profile.total == 5
    for bad, problem in (("0 1 0", "not positive"), ("1 1 2", "end with 0"), ("1 1 2 0 ", "")):
        text = f"2 1\n2 1 2 0\n{bad}\n0\nA\nB\n"
        if problem:
            with pytest.raises(BallotFormatError, match=problem):
                parse_blt(text)
        else:
            assert parse_blt(text).profile.total == 3


@st.composite
def _ballot_blocks(draw: st.DrawFn) -> tuple[int, list[str]]:
    n = draw(st.integers(1, 12))
    lines = []
    for _ in range(draw(st.integers(1, 12))):
        prefs = draw(st.permutations(range(1, n + 1)))[: draw(st.integers(0, n))]
        if prefs and draw(st.integers(0, 9)) == 0:
            prefs.append(prefs[0])  # a candidate twice: an error either way
        sep = draw(st.sampled_from([" ", " ", " ", "  "]))
        weight = draw(st.sampled_from(["1", "2", "17", "0"]))
        lines.append(sep.join([weight, *map(str, prefs), "0"]))
    return n, lines


def _read(text: str) -> tuple[object, ...]:
    try:
        f = parse_blt(text, source="r.blt")
    except BallotFormatError as exc:
        return ("error", str(exc).split(":", 1)[1])  # the line number may differ
    return (f.blank, [(b.ranking, b.count) for b in f.profile.ballots])


@settings(max_examples=300, deadline=None)
@given(_ballot_blocks())
def test_block_reader_agrees_with_the_line_reader(block: tuple[int, list[str]]) -> None:
    n, lines = block
    names = "".join(f"C{i}\n" for i in range(n))
    plain = f"{n} 1\n" + "".join(f"{line}\n" for line in lines) + f"0\n{names}"
    spaced = f"{n} 1\n" + "".join(f"{line}\n\n" for line in lines) + f"0\n{names}"
    assert _read(plain) == _read(spaced)
