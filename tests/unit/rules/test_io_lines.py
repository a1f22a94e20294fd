"""Identical lines counted with numpy agree with a Counter over the split lines."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suffrage.rules.io import lines as lines_module
from suffrage.rules.io import parse_ranked_csv, tabular
from suffrage.rules.io.lines import count_lines


def _expected(data: bytes) -> list[tuple[bytes, int]]:
    counted = Counter(data.split(b"\n"))
    if data.endswith(b"\n") or not data:
        counted[b""] -= 1  # the split's empty piece after the last newline is no line
        if counted[b""] == 0:
            del counted[b""]
    return list(counted.items())


def _got(data: bytes) -> list[tuple[bytes, int]] | None:
    found = count_lines(data)
    return None if found is None else [(data[s:e], k) for s, e, k in found]


pieces = st.lists(st.text("abcé,=C ", max_size=12), min_size=1, max_size=8).flatmap(
    lambda pool: st.lists(st.sampled_from(pool), min_size=1, max_size=60)
)


@settings(max_examples=200, deadline=None)
@given(pieces, st.booleans())
def test_counts_and_order_of_first_appearance(body: list[str], final_newline: bool) -> None:
    data = ("\n".join(body) + ("\n" if final_newline else "")).encode()
    assert _got(data) == _expected(data)


@pytest.mark.parametrize("width", [1, 7, 8, 9, 29, 64])
def test_lines_of_one_length(width: int) -> None:
    rnd = random.Random(width)
    pool = [bytes(rnd.choice(b"abc,=") for _ in range(width)) for _ in range(40)]
    data = b"".join(pool[rnd.randrange(40)] + b"\n" for _ in range(5000))
    assert _got(data) == _expected(data)


def test_a_hash_collision_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    # With a multiplier of 0 every line hashes alike: the check must refuse the grouping.
    monkeypatch.setattr(lines_module, "_MULTIPLIER", 0)
    assert count_lines(b"a,b\nb,a\na,b\n") is None
    assert count_lines(b"a,b\na,b\n") == [(0, 3, 2)]


def test_lines_too_long_are_left_to_the_caller() -> None:
    assert count_lines(b"x" * (lines_module.MAX_WIDTH + 1) + b"\n") is None


def test_large_files_read_alike_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(9)
    names = ["Ann", "Ben", "Cy", "Dee", "Eve"]
    pool = [",".join(rnd.sample(names, rnd.randint(1, 5))) for _ in range(60)]
    text = "\n".join(pool[rnd.randrange(60)] for _ in range(20000)) + "\n"
    data = text.encode()
    monkeypatch.setattr(tabular, "_NUMPY_FROM", 1)
    fast = parse_ranked_csv(data, source="t.csv")
    monkeypatch.setattr(tabular, "_NUMPY_FROM", 1 << 60)
    slow = parse_ranked_csv(data, source="t.csv")
    assert fast == slow
    assert fast.profile.total == 20000
