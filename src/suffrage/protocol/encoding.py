"""The one canonical encoding of every published object, and domain-separated hashing.

Specified in docs/protocol.md, part 7.1-7.2. Canonical JSON: UTF-8, sorted keys, no
whitespace, integers only (|n| < 2^53), NFC strings, bytes as lowercase hex. Hashes:
``H(label, data) = SHA-256(u64be(len(label)) || label || data)``.

The verifier imports this module (and only this one) from :mod:`suffrage.protocol`, so
it depends on nothing but the standard library, :mod:`suffrage.errors` and the group.
Every malformed input raises :class:`~suffrage.errors.InvalidEncoding` naming the field.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Final, TypeAlias

from suffrage.crypto.group import Element, Scalar
from suffrage.errors import InvalidEncoding

__all__ = [
    "HASH_BYTES",
    "LABEL_BALLOT",
    "LABEL_EVENT",
    "LABEL_MANIFEST",
    "LABEL_REGISTRAR",
    "LABEL_REVOCATION",
    "LABEL_SIGNATURE",
    "LABEL_VOTERS",
    "MAX_INT",
    "PROTOCOL",
    "ZERO_HASH",
    "Json",
    "JsonObject",
    "canonical",
    "context",
    "get_element",
    "get_hex",
    "get_identifier",
    "get_int",
    "get_list",
    "get_object",
    "get_scalar",
    "get_str",
    "hash_bytes",
    "hash_object",
    "parse_canonical",
    "parse_json",
    "require_keys",
]

Json: TypeAlias = "bool | int | str | list[Json] | dict[str, Json] | None"
JsonObject: TypeAlias = "dict[str, Json]"

PROTOCOL: Final = "suffrage/1"
MAX_INT: Final = 2**53 - 1
HASH_BYTES: Final = 32
ZERO_HASH: Final = "0" * 64

LABEL_MANIFEST: Final = "suffrage/1/manifest"
LABEL_VOTERS: Final = "suffrage/1/voters"
LABEL_SIGNATURE: Final = "suffrage/1/ballot/signature"
LABEL_BALLOT: Final = "suffrage/1/ballot"
LABEL_EVENT: Final = "suffrage/1/board/event"
LABEL_REGISTRAR: Final = "suffrage/1/voters/registrar"
LABEL_REVOCATION: Final = "suffrage/1/voters/revocation"

_IDENT = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


# ---------------------------------------------------------------- canonical JSON


def canonical(value: object) -> bytes:
    """The canonical UTF-8 JSON encoding of ``value`` (docs/protocol.md 7.1)."""
    _check_value(value, "$")
    text = json.dumps(
        value, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False
    )
    return text.encode("utf-8")


def context(obj: Mapping[str, Json]) -> bytes:
    """A proof context: the canonical encoding of a small object (7.2, 7.14)."""
    return canonical(dict(obj))


def _check_value(value: object, path: str) -> None:
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if not -MAX_INT <= value <= MAX_INT:
            raise InvalidEncoding(f"{path}: integer out of range (|n| must be < 2^53)")
        return
    if isinstance(value, str):
        _check_str(value, path)
        return
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check_value(item, f"{path}[{i}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidEncoding(f"{path}: object keys must be strings")
            _check_str(key, path)
            _check_value(item, f"{path}.{key}")
        return
    if isinstance(value, float):
        raise InvalidEncoding(f"{path}: floating-point numbers are not allowed")
    raise InvalidEncoding(f"{path}: {type(value).__name__} has no canonical JSON form")


def _check_str(s: str, path: str) -> None:
    if s.isascii():
        return
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidEncoding(f"{path}: string is not valid Unicode") from None
    if not unicodedata.is_normalized("NFC", s):
        raise InvalidEncoding(f"{path}: string is not in Unicode normalization form C")


def _reject_constant(name: str) -> object:
    raise InvalidEncoding(f"{name} is not allowed")


def _reject_float(text: str) -> object:
    raise InvalidEncoding(f"non-integer number {text!r} is not allowed")


def _pairs(pairs: list[tuple[str, Json]]) -> dict[str, Json]:
    out: dict[str, Json] = {}
    for key, value in pairs:
        if key in out:
            raise InvalidEncoding(f"duplicate key {key!r}")
        out[key] = value
    return out


def parse_json(data: bytes | str, *, what: str = "document") -> Json:
    """Parse strict JSON: no duplicate keys, no floats, NFC strings, integers in range.

    Whitespace and key order are free (for hand-written input such as a manifest);
    use :func:`parse_canonical` for published objects.
    """
    if isinstance(data, bytes | bytearray):
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidEncoding(f"{what}: not valid UTF-8 ({exc.reason})") from None
    else:
        text = data
    try:
        value: Json = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_float=_reject_float,
            parse_constant=_reject_constant,
        )
    except InvalidEncoding as exc:
        raise InvalidEncoding(f"{what}: {exc}") from None
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InvalidEncoding(f"{what}: not valid JSON ({exc})") from None
    try:
        _check_value(value, "$")
    except InvalidEncoding as exc:
        raise InvalidEncoding(f"{what}: {exc}") from None
    return value


def parse_canonical(data: bytes, *, what: str = "object") -> Json:
    """Parse a published object and check that ``data`` is exactly its canonical form."""
    value = parse_json(data, what=what)
    if canonical(value) != bytes(data):
        raise InvalidEncoding(f"{what}: not in canonical JSON form")
    return value


# ---------------------------------------------------------------- hashing


def hash_bytes(label: str, data: bytes) -> bytes:
    """``SHA-256(u64be(len(label)) || label || data)``: a domain-separated hash."""
    lab = label.encode("utf-8")
    h = hashlib.sha256(len(lab).to_bytes(8, "big"))
    h.update(lab)
    h.update(data)
    return h.digest()


def hash_object(label: str, value: object) -> bytes:
    """``H(label, canonical(value))``."""
    return hash_bytes(label, canonical(value))


# ---------------------------------------------------------------- strict field readers


def get_object(value: object, path: str) -> JsonObject:
    """``value`` as a JSON object, or an error naming ``path``."""
    if not isinstance(value, dict):
        raise InvalidEncoding(f"{path}: expected an object")
    return value


def require_keys(
    obj: Mapping[str, object], path: str, required: Iterable[str], optional: Iterable[str] = ()
) -> None:
    """Reject a missing required key or any key not listed."""
    req = required if isinstance(required, frozenset) else set(required)
    if not optional and len(obj) == len(req) and all(k in obj for k in req):
        return  # exactly the required keys: the common case, without set algebra
    allowed = req | set(optional)
    missing = sorted(req - obj.keys())
    if missing:
        raise InvalidEncoding(f"{path}: missing field {missing[0]!r}")
    unknown = sorted(obj.keys() - allowed)
    if unknown:
        raise InvalidEncoding(f"{path}: unknown field {unknown[0]!r}")


def _field(obj: Mapping[str, Json], key: str, path: str) -> Json:
    if key not in obj:
        raise InvalidEncoding(f"{path}: missing field {key!r}")
    return obj[key]


def get_int(
    obj: Mapping[str, Json], key: str, path: str, *, lo: int = -MAX_INT, hi: int = MAX_INT
) -> int:
    """An integer field in ``lo..hi`` (booleans are not integers)."""
    v = _field(obj, key, path)
    if not isinstance(v, int) or isinstance(v, bool):
        raise InvalidEncoding(f"{path}.{key}: expected an integer")
    if not lo <= v <= hi:
        raise InvalidEncoding(f"{path}.{key}: {v} is outside {lo}..{hi}")
    return v


def get_str(obj: Mapping[str, Json], key: str, path: str, *, max_len: int = 200) -> str:
    """A non-empty string field of at most ``max_len`` characters."""
    v = _field(obj, key, path)
    if not isinstance(v, str):
        raise InvalidEncoding(f"{path}.{key}: expected a string")
    if not 1 <= len(v) <= max_len:
        raise InvalidEncoding(f"{path}.{key}: length must be 1..{max_len}")
    return v


def get_identifier(obj: Mapping[str, Json], key: str, path: str) -> str:
    """An identifier field: ``^[a-z0-9][a-z0-9_-]{0,63}$``."""
    v = _field(obj, key, path)
    if not isinstance(v, str) or not _IDENT.fullmatch(v):
        raise InvalidEncoding(
            f"{path}.{key}: expected an identifier (lowercase letters, digits, '-', '_')"
        )
    return v


def get_list(
    obj: Mapping[str, Json], key: str, path: str, *, min_len: int = 0, max_len: int = MAX_INT
) -> list[Json]:
    """A list field with ``min_len..max_len`` items."""
    v = _field(obj, key, path)
    if not isinstance(v, list):
        raise InvalidEncoding(f"{path}.{key}: expected a list")
    if not min_len <= len(v) <= max_len:
        raise InvalidEncoding(f"{path}.{key}: needs {min_len}..{max_len} items, has {len(v)}")
    return v


def get_hex(obj: Mapping[str, Json], key: str, path: str, *, length: int | None = None) -> bytes:
    """A lowercase-hex bytes field; ``length`` in bytes if fixed."""
    v = _field(obj, key, path)
    data = _strict_fromhex(v)
    if data is None:
        raise InvalidEncoding(f"{path}.{key}: expected lowercase hex of even length")
    if length is not None and len(data) != length:
        raise InvalidEncoding(f"{path}.{key}: expected {2 * length} hex characters")
    return data


def _strict_fromhex(value: object) -> bytes | None:
    """The bytes of lowercase, even-length hex with nothing else in it, or None.

    ``bytes.fromhex`` also takes upper case and spaces; re-encoding and comparing keeps
    only the one canonical spelling (faster than a regular expression on long fields).
    """
    if not isinstance(value, str):
        return None
    try:
        data = bytes.fromhex(value)
    except ValueError:
        return None
    return data if data.hex() == value else None


def get_element(
    obj: Mapping[str, Json], key: str, path: str, *, allow_identity: bool = False
) -> Element:
    """A canonical group element field."""
    raw = get_hex(obj, key, path, length=32)
    try:
        return Element.from_bytes(raw, allow_identity=allow_identity)
    except InvalidEncoding as exc:
        raise InvalidEncoding(f"{path}.{key}: {exc}") from None


def get_scalar(obj: Mapping[str, Json], key: str, path: str) -> Scalar:
    """A canonical scalar field."""
    raw = get_hex(obj, key, path, length=32)
    try:
        return Scalar.from_bytes(raw)
    except InvalidEncoding as exc:
        raise InvalidEncoding(f"{path}.{key}: {exc}") from None
