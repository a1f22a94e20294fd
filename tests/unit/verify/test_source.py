"""Strict, bounded parsing of record files: every problem is a RecordFormatError with a place."""

from __future__ import annotations

import pytest

from suffrage.errors import RecordFormatError
from suffrage.verify import Limits, MemorySource
from suffrage.verify.source import iter_jsonl, parse_json, read_json


def test_parse_json_accepts_a_plain_object() -> None:
    assert parse_json(b'{"a": [1, "x", null, true]}', "m.json") == {"a": [1, "x", None, True]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"a": 1,', "m.json: malformed JSON"),
        (b'{"a": 1, "a": 2}', "m.json: duplicate key 'a'"),
        (b'{"a": NaN}', "m.json: NaN is not allowed"),
        (b'{"a": Infinity}', "m.json: Infinity is not allowed"),
        (b'"\xff\xfe"', "m.json: not UTF-8"),
        (b"[" * 200_000, "m.json: JSON nested too deeply"),
        (b"", "m.json: malformed JSON"),
        (b'{"a": 1.0}', "m.json: non-integer number 1.0"),
        (b'{"a": 1e3}', "m.json: non-integer number 1e3"),
        (b'{"a": 9007199254740992}', "m.json: integer 9007199254740992 is out of range"),
        (b'{"a": ' + b"9" * 5000 + b"}", "m.json: integer 99999"),
    ],
)
def test_parse_json_rejects_with_the_place(data: bytes, message: str) -> None:
    with pytest.raises(RecordFormatError, match=message.replace("(", r"\(")):
        parse_json(data, "m.json")


def test_read_json_enforces_the_file_limit() -> None:
    source = MemorySource({"m.json": b'{"a": "' + b"x" * 100 + b'"}'})
    with pytest.raises(RecordFormatError, match=r"m.json: file is larger than the limit of 50"):
        read_json(source, "m.json", Limits(max_file_bytes=50))


def test_missing_file_is_named() -> None:
    with pytest.raises(RecordFormatError, match=r"manifest.json: missing from the record"):
        read_json(MemorySource({}), "manifest.json")


def test_iter_jsonl_numbers_lines_and_skips_blank_ones() -> None:
    source = MemorySource({"b.jsonl": b'{"n": 1}\n\n{"n": 2}\n'})
    assert list(iter_jsonl(source, "b.jsonl")) == [(1, {"n": 1}), (3, {"n": 2})]


def test_iter_jsonl_names_the_bad_line() -> None:
    source = MemorySource({"b.jsonl": b'{"n": 1}\n{"n": \n'})
    rows = iter_jsonl(source, "b.jsonl")
    assert next(rows) == (1, {"n": 1})
    with pytest.raises(RecordFormatError, match=r"b.jsonl:2: malformed JSON"):
        next(rows)


def test_iter_jsonl_enforces_the_line_limit() -> None:
    source = MemorySource({"b.jsonl": b'{"n": 1}\n{"n": "' + b"y" * 64 + b'"}\n'})
    with pytest.raises(RecordFormatError, match=r"b.jsonl:2: line is longer than the limit of 32"):
        list(iter_jsonl(source, "b.jsonl", Limits(max_line_bytes=32)))
