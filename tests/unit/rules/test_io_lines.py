"""Identical lines counted by the C extension agree with a Counter over the split lines."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suffrage.rules.io import _lines, parse_ranked_csv, tabular
from suffrage.rules.io._lines import count_lines

K = 0x9E3779B97F4A7C15  # the multiplier of the hash described in _lines.c
MASK = (1 << 64) - 1


def _expected(data: bytes) -> list[tuple[bytes, int]]:
    """Lines split at b"\\n" and counted, the empty piece after a final newline dropped."""
    counted = Counter(data.split(b"\n"))
    if data.endswith(b"\n") or not data:
        counted[b""] -= 1
        if counted[b""] == 0:
            del counted[b""]
    return list(counted.items())


def _got(data: bytes) -> list[tuple[bytes, int]]:
    found = count_lines(data)
    assert found is not None
    return [(data[start:end], times) for start, end, times in found]


pieces = st.lists(st.binary(max_size=20), min_size=1, max_size=8).flatmap(
    lambda pool: st.lists(st.sampled_from(pool), min_size=0, max_size=60)
)  # a few distinct pieces (any bytes, newlines included), repeated


@settings(max_examples=300, deadline=None)
@given(pieces, st.booleans())
def test_counts_and_order_of_first_appearance(body: list[bytes], final_newline: bool) -> None:
    data = b"\n".join(body) + (b"\n" if final_newline else b"")
    assert _got(data) == _expected(data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes(data: bytes) -> None:
    assert _got(data) == _expected(data)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\n",
        b"\n\n\n",
        b"a",
        b"a\n",
        b"a\na",
        b"a\r\na\n",  # \r is part of the line here: the caller turns CRLF into LF first
        b"\0\n\0\0\n\0\n",  # NUL is an ordinary byte: equal only when lengths are equal too
        b"\0" * 7 + b"\n" + b"\0" * 8 + b"\n" + b"\0" * 7 + b"\n",
        b"\xef\xbb\xbfa\na\n",  # a BOM is the caller's: here it makes the first line differ
        b"abcdefgh\nabcdefgh\nabcdefg\nabcdefghi\n",
    ],
)
def test_edge_cases(data: bytes) -> None:
    assert _got(data) == _expected(data)


@pytest.mark.parametrize("width", [0, 1, 7, 8, 9, 15, 16, 17, 29, 64, 5000])
def test_lines_of_one_length(width: int) -> None:
    rnd = random.Random(width)
    pool = [bytes(rnd.choice(b"abc,=\0\r") for _ in range(width)) for _ in range(40)]
    data = b"".join(pool[rnd.randrange(40)] + b"\n" for _ in range(3000))
    assert _got(data) == _expected(data)


def test_many_distinct_lines_grow_the_table() -> None:
    rnd = random.Random(3)
    lines = [b"%d,%d" % (rnd.randrange(50_000), k % 7) for k in range(100_000)]
    data = b"\n".join(lines)
    assert _got(data) == _expected(data)


def test_the_counter_is_compiled_code() -> None:
    assert _lines.__file__ is not None and not _lines.__file__.endswith(".py")


def test_a_buffer_other_than_bytes() -> None:
    assert count_lines(memoryview(b"a\nb\na\n")) == [(0, 1, 2), (2, 3, 1)]  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        count_lines("a\nb\n")  # type: ignore[arg-type]


def _colliding(count: int) -> list[bytes]:
    """Distinct 16-byte lines with the same hash: the second word cancels the first."""

    def mix(h: int, word: int) -> int:
        h = ((h ^ word) * K) & MASK
        return h ^ (h >> 32)

    rnd = random.Random(5)
    out: set[bytes] = set()
    while len(out) < count:
        first = bytes(rnd.choice(b"abcdefgh") for _ in range(8))
        second = mix(16 * K & MASK, int.from_bytes(first, "little")) ^ 0x4141414141414141
        line = first + second.to_bytes(8, "little")
        if b"\n" not in line:
            out.add(line)
    return sorted(out)


def test_lines_crafted_to_collide_are_declined() -> None:
    lines = _colliding(3000)
    data = b"\n".join(lines + lines[:10]) + b"\n"
    assert count_lines(data) is None  # the probe budget is exhausted, not quadratic time
    few = b"\n".join(lines[:20] + lines[:3])  # a few collisions stay within the budget
    assert _got(few) == _expected(few)


def test_declined_lines_are_counted_by_the_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    text = b"\xef\xbb\xbfcandidates,Cy\r\nAnn,Ben\r\n\r\nBen\r\nAnn,Ben\r\nBen=Cy"
    counted = parse_ranked_csv(text, source="t.csv")
    monkeypatch.setattr(tabular, "count_lines", lambda data: None)
    assert parse_ranked_csv(text, source="t.csv") == counted
    assert counted.profile.total == 4


def test_the_reader_uses_the_extension(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def recorded(data: bytes) -> list[tuple[int, int, int]] | None:
        calls.append(len(data))
        return _lines.count_lines(data)

    monkeypatch.setattr(tabular, "count_lines", recorded)
    f = parse_ranked_csv(b"Ann,Ben\nBen\nAnn,Ben\n", source="t.csv")
    assert calls == [20]
    assert f.profile.total == 3


def test_large_files_read_alike_as_bytes_and_as_text() -> None:
    rnd = random.Random(9)
    names = ["Ann", "Ben", "Cy", "Dee", "Eve"]
    pool = [",".join(rnd.sample(names, rnd.randint(1, 5))) for _ in range(60)]
    text = "\n".join(pool[rnd.randrange(60)] for _ in range(20000)) + "\n"
    fast = parse_ranked_csv(text.encode(), source="t.csv")
    slow = parse_ranked_csv(text, source="t.csv")  # str lines: counted with a Counter
    assert fast == slow
    assert fast.profile.total == 20000
