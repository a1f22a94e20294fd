"""The public voter list: credentials with ballot style and weight (docs/protocol.md 7.6)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from suffrage.crypto.group import Element
from suffrage.errors import InvalidEncoding, ProtocolError
from suffrage.protocol.encoding import (
    LABEL_VOTERS,
    Json,
    JsonObject,
    get_element,
    get_hex,
    get_identifier,
    get_int,
    get_list,
    get_object,
    hash_object,
    require_keys,
)
from suffrage.protocol.manifest import Manifest

__all__ = ["MAX_WEIGHT", "Voter", "VoterList", "build_voter_list", "parse_voter_list"]

MAX_WEIGHT: Final = 1_000_000


@dataclass(frozen=True, slots=True)
class Voter:
    credential: Element
    style: str
    weight: int = 1

    def to_json(self) -> JsonObject:
        return {"credential": self.credential.hex(), "style": self.style, "weight": self.weight}


@dataclass(frozen=True)
class VoterList:
    """Voters sorted by credential; lookup by credential hex; the list hash.

    ``signature`` is the registrar's signature on the list (7.6) when the manifest's
    credentials come from a registrar, ``None`` when the server made them.
    """

    voters: tuple[Voter, ...]
    signature: bytes | None = None
    by_credential: dict[str, Voter] = field(init=False, repr=False, compare=False)
    hash: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_credential", {v.credential.hex(): v for v in self.voters})
        object.__setattr__(self, "hash", hash_object(LABEL_VOTERS, self.voters_json()))

    def voters_json(self) -> list[Json]:
        return [v.to_json() for v in self.voters]

    def payload(self) -> JsonObject:
        """The payload of the ``voter_list`` board event."""
        if self.signature is None:
            return {"voters": self.voters_json()}
        return {"signature": self.signature.hex(), "voters": self.voters_json()}

    def voter(self, credential_hex: str) -> Voter:
        try:
            return self.by_credential[credential_hex]
        except KeyError:
            raise ProtocolError("the credential is not on the voter list") from None


def build_voter_list(
    voters: Iterable[Voter], manifest: Manifest, signature: bytes | None = None
) -> VoterList:
    """Sort, check styles, weights and uniqueness, and freeze a voter list.

    The registrar's ``signature`` is kept as given; checking it is
    :func:`suffrage.protocol.registrar.check_voter_list_authority`'s job.
    """
    styles = {s.id for s in manifest.styles}
    ordered = sorted(voters, key=lambda v: v.credential.hex())
    if not ordered:
        raise ProtocolError("the voter list is empty")
    seen: set[str] = set()
    for v in ordered:
        key = v.credential.hex()
        if key in seen:
            raise ProtocolError(f"credential {key[:16]}... appears twice on the voter list")
        seen.add(key)
        if v.style not in styles:
            raise ProtocolError(f"voter style {v.style!r} is not a style of the manifest")
        if not 1 <= v.weight <= MAX_WEIGHT:
            raise ProtocolError(f"voter weight {v.weight} is outside 1..{MAX_WEIGHT}")
    return VoterList(tuple(ordered), signature)


def parse_voter_list(payload: Json, manifest: Manifest) -> VoterList:
    """Read a ``voter_list`` payload strictly: sorted, distinct, known styles."""
    obj = get_object(payload, "voter_list")
    require_keys(obj, "voter_list", ("voters",), ("signature",))
    signature = get_hex(obj, "signature", "voter_list", length=64) if "signature" in obj else None
    raw = get_list(obj, "voters", "voter_list", min_len=1)
    voters = []
    for i, item in enumerate(raw):
        path = f"voter_list.voters[{i}]"
        v = get_object(item, path)
        require_keys(v, path, ("credential", "style", "weight"))
        voters.append(
            Voter(
                get_element(v, "credential", path),
                get_identifier(v, "style", path),
                get_int(v, "weight", path, lo=1, hi=MAX_WEIGHT),
            )
        )
    built = build_voter_list(voters, manifest, signature)
    if built.voters != tuple(voters):
        raise InvalidEncoding("voter_list.voters: not sorted by credential")
    return built
