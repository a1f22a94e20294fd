"""The CSV reader's merge of identical lines reads what the row-by-row csv path reads."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suffrage.errors import BallotFormatError
from suffrage.rules.io import parse_ranked_csv
from suffrage.rules.io.tabular import _line_number, _ranked, _rows

NAMES = ["Ann", "Ben", "Cy", "Dee"]

cells = st.lists(st.sampled_from([*NAMES, "", " Ben ", "Ann=Cy", "Dee = Ben"]), max_size=5)
lines = st.lists(cells.map(",".join), min_size=1, max_size=6).flatmap(
    lambda pool: st.lists(st.sampled_from(pool), min_size=1, max_size=30)
)  # a few distinct lines, repeated


def _by_rows(text: str) -> object:
    rows = [(number, row, 1) for number, row in _rows(text, "t.csv")]
    return _ranked(rows, _line_number, "t.csv")


def _outcome(read: object) -> object:
    try:
        return read()  # type: ignore[operator]
    except BallotFormatError as exc:
        return str(exc)


@settings(max_examples=150, deadline=None)
@given(lines, st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_merged_lines_read_like_rows(body: list[str], end: str, counted: bool) -> None:
    if counted:
        body = ["count,prefs", *[f"{k % 3 + 1},{line}" for k, line in enumerate(body)]]
    text = end.join(body) + end
    fast = _outcome(lambda: parse_ranked_csv(text, source="t.csv"))
    slow = _outcome(lambda: _by_rows(text))
    assert fast == slow


def test_repeated_lines_are_counted_and_errors_name_the_first_bad_line() -> None:
    f = parse_ranked_csv("Ann,Ben\nBen\nAnn,Ben\n\nAnn,Ben\n", source="t.csv")
    assert {b.ranking: b.count for b in f.profile.ballots} == {((0,), (1,)): 3, ((1,),): 1}  # type: ignore[union-attr]
    with pytest.raises(BallotFormatError, match=r"t.csv, line 4: 'Ann' is ranked twice"):
        parse_ranked_csv("Ann,Ben\nBen\nAnn,Ben\nAnn,Ann\nAnn,Ann\n", source="t.csv")
    with pytest.raises(BallotFormatError, match=r"t.csv, line 3: count 'count'"):
        parse_ranked_csv("count,a\n2,Ann\ncount,a\n", source="t.csv")
