"""Canonical JSON on the verifier's hot path (docs/protocol.md 7.1, 7.14).

A board line is checked once with :func:`is_canonical_line`; everything inside it has then
passed the canonical rules, so its sub-objects (a ballot, a ballot without its signature)
are re-encoded with the plain :func:`dumps` the specification names, without walking the
value again. Proof contexts have a fixed shape of identifiers, hex and small integers and
are written directly.
"""

from __future__ import annotations

import json

from suffrage.errors import InvalidEncoding
from suffrage.protocol.encoding import canonical

__all__ = ["contest_context", "dumps", "is_canonical_line", "option_context"]


def dumps(value: object) -> bytes:
    """``canonical(value)`` for a value already known to satisfy the canonical rules."""
    text = json.dumps(
        value, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False
    )
    return text.encode("utf-8")


def is_canonical_line(value: object, line: bytes) -> bool:
    """Whether ``line`` is exactly ``canonical(value)`` (value parsed from ``line``)."""
    if not line.isascii():  # NFC and Unicode rules apply: take the full path
        try:
            return canonical(value) == line
        except InvalidEncoding:
            return False
    try:
        return dumps(value) == line
    except (UnicodeEncodeError, ValueError):
        return False


def option_context(contest: str, credential: str, mh: str, option: int) -> bytes:
    """``canonical({"contest", "credential", "mh", "option", "type": "option"})``.

    ``contest`` is an identifier and ``credential`` and ``mh`` are checked hex, so the
    object has no character that JSON escapes.
    """
    return (
        f'{{"contest":"{contest}","credential":"{credential}","mh":"{mh}",'
        f'"option":{option},"type":"option"}}'
    ).encode()


def contest_context(contest: str, credential: str, mh: str) -> bytes:
    """``canonical({"contest", "credential", "mh", "type": "contest"})`` (see above)."""
    text = f'{{"contest":"{contest}","credential":"{credential}","mh":"{mh}","type":"contest"}}'
    return text.encode()
