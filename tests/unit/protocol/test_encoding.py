from __future__ import annotations

import hashlib

import pytest

from suffrage.errors import InvalidEncoding
from suffrage.protocol.encoding import (
    canonical,
    get_element,
    get_hex,
    get_int,
    hash_bytes,
    hash_object,
    parse_canonical,
    parse_json,
    require_keys,
)


def test_canonical_sorts_keys_and_drops_whitespace() -> None:
    assert canonical({"b": [1, True, None], "a": "é"}) == '{"a":"é","b":[1,true,null]}'.encode()


def test_canonical_escapes_control_characters_lowercase() -> None:
    assert canonical('\x01\n"\\') == b'"\\u0001\\n\\"\\\\"'


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1.5, "floating-point"),
        (2**53, "out of range"),
        ("e\u0301", "normalization form C"),
        ({1: "x"}, "keys must be strings"),
        (b"raw", "no canonical JSON form"),
        ("\ud800", "not valid Unicode"),
    ],
)
def test_canonical_rejects(value: object, message: str) -> None:
    with pytest.raises(InvalidEncoding, match=message):
        canonical(value)


@pytest.mark.parametrize(
    "text",
    [b'{"a":1.0}', b'{"a":1,"a":2}', b'{ "a":1}', b"-0", b"NaN", b'{"b":1,"a":2}', b"\xff"],
)
def test_parse_canonical_rejects_non_canonical(text: bytes) -> None:
    with pytest.raises(InvalidEncoding):
        parse_canonical(text)


def test_parse_json_allows_whitespace_but_not_duplicates() -> None:
    assert parse_json(b'{ "b": 1,\n "a": [2] }') == {"a": [2], "b": 1}
    with pytest.raises(InvalidEncoding, match="duplicate key 'a'"):
        parse_json(b'{"a": 1, "a": 1}')


def test_hash_is_length_prefixed_label_then_data() -> None:
    expected = hashlib.sha256((3).to_bytes(8, "big") + b"lab" + b"data").digest()
    assert hash_bytes("lab", b"data") == expected
    assert hash_bytes("la", b"bdata") != expected
    assert hash_object("x", {"a": 1}) == hash_bytes("x", b'{"a":1}')


def test_field_readers_name_the_path() -> None:
    obj = {"n": True, "h": "ABCD", "e": "00" * 32}
    with pytest.raises(InvalidEncoding, match=r"obj\.n: expected an integer"):
        get_int(obj, "n", "obj")
    with pytest.raises(InvalidEncoding, match=r"obj\.h: expected lowercase hex"):
        get_hex(obj, "h", "obj")
    with pytest.raises(InvalidEncoding, match=r"obj\.e: .*identity"):
        get_element(obj, "e", "obj")
    with pytest.raises(InvalidEncoding, match="unknown field 'n'"):
        require_keys(obj, "obj", ("h", "e"))
    with pytest.raises(InvalidEncoding, match="missing field 'z'"):
        require_keys(obj, "obj", ("z",), ("n", "h", "e"))
