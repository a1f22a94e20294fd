"""Checking a cast ballot, in this process or in a ballot-checking process.

A check needs the election's :class:`~suffrage.protocol.ballot.BallotContext` (parsed
manifest, joint key). Building it costs more than a check, and sending it to another
process with every ballot costs a pickling of the parsed manifest; so a check receives
a :class:`ContextSpec` (the manifest as one JSON string and the key as hex, cheap to
send), and each process builds the context once per election and keeps the last few
(:func:`context_of`).

A check may receive the request body itself (bytes): the checking process then parses
it strictly, so that the server process neither parses the ballot strictly nor pickles
a parsed object for the hand-off.

The result is a :class:`Verdict`: only what the append needs (credential, tracking
code, the ballot's canonical encoding), not the ciphertexts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeAlias

from suffrage.crypto.group import Element
from suffrage.errors import InvalidEncoding, InvalidInput, InvalidProof, ProtocolError
from suffrage.protocol.ballot import BallotContext, check_ballot
from suffrage.protocol.encoding import Json, parse_json
from suffrage.protocol.manifest import parse_manifest
from suffrage.service.limits import parse_body

__all__ = [
    "BALLOT_ERRORS",
    "Check",
    "ContextSpec",
    "Verdict",
    "check_cast",
    "check_casts",
    "context_of",
]

BALLOT_ERRORS = (InvalidEncoding, InvalidProof, ProtocolError)


@dataclass(frozen=True, slots=True)
class ContextSpec:
    """What builds an election's ballot context; equal (and hashed) by hash and key only."""

    manifest_hash: str
    public_key: str
    #: The manifest's JSON text.
    manifest: str = field(compare=False, hash=False, repr=False)


@dataclass(frozen=True, slots=True)
class Verdict:
    """A ballot that passed every check: whose it is, its tracking code and encoding.

    ``encoded`` is the ballot's canonical JSON (what the tracking code hashes), which the
    board's event embeds; empty when the caller has only the parsed ballot.
    """

    credential: str
    tracking_code: str
    encoded: bytes = b""


@lru_cache(maxsize=16)
def context_of(spec: ContextSpec) -> BallotContext:
    """The ballot context of ``spec``, built once per process and election."""
    manifest = parse_manifest(parse_json(spec.manifest, what="manifest"))
    if manifest.hash_hex != spec.manifest_hash:
        raise ValueError("the manifest does not hash to the election's manifest hash")
    return BallotContext(manifest, Element.from_hex(spec.public_key))


def check_cast(spec: ContextSpec, raw: Json | bytes, voter_style: Mapping[str, str]) -> Verdict:
    """Check one ballot (signature, every proof) for the election of ``spec``.

    ``raw`` is the parsed ballot or the request body, parsed here by the protocol's strict
    parser (:class:`InvalidEncoding` if it is not strict JSON, as for any request body).
    Raises :class:`InvalidInput` naming what failed; runs in any process.
    """
    if isinstance(raw, bytes):
        raw = parse_body(raw)
    try:
        checked = check_ballot(context_of(spec), raw, voter_style)
    except BALLOT_ERRORS as exc:
        raise InvalidInput(f"invalid ballot: {exc}") from None
    return Verdict(checked.credential, checked.tracking_code, checked.encoded)


#: One ballot to check: the election's spec, the ballot (parsed or the body), its voter.
Check: TypeAlias = "tuple[ContextSpec, Json | bytes, Mapping[str, str]]"


def check_casts(checks: Sequence[Check]) -> list[Verdict | Exception]:
    """Check several ballots in one task: each one's verdict, or the error it raised.

    One task for several ballots pays the hand-off to a checking process (pickling,
    pipes, waking the process) once for all of them; the ballots stay independent.
    """
    out: list[Verdict | Exception] = []
    for spec, raw, voter_style in checks:
        try:
            out.append(check_cast(spec, raw, voter_style))
        except Exception as exc:  # returned: it belongs to this ballot alone
            out.append(exc)
    return out
