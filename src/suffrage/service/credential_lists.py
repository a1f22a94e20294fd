"""Registrar mode on the server: the registrar's signed public credential list.

When the manifest names a registrar (docs/protocol.md 7.6), the server never makes a
credential: the administrator uploads the registrar's ``public-credentials.json``, the
server keeps it only if the registrar's signature holds for this manifest, and posts it
as the ``voter_list`` event at opening. Roll import and invitations are for elections
whose credentials the server generates.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from suffrage.errors import Conflict, InvalidInput
from suffrage.protocol.encoding import Json, parse_json
from suffrage.protocol.manifest import Manifest
from suffrage.protocol.registrar import read_credentials_document
from suffrage.protocol.voters import VoterList
from suffrage.service.model import CredentialList

__all__ = [
    "REGISTRAR_ONLY",
    "check_upload",
    "listed_styles",
    "refuse_in_registrar_mode",
    "registrar_mode",
    "stored_voter_list",
]

REGISTRAR_ONLY: Final = (
    "this election's credentials come from a registrar: upload the registrar's "
    "public-credentials.json instead (the server keeps no roll and sends no invitations)"
)


def registrar_mode(manifest: Mapping[str, Any]) -> bool:
    """Whether a manifest (as stored, a dict) names a registrar as credential authority."""
    authority = manifest.get("credentials")
    return isinstance(authority, dict) and authority.get("authority") == "registrar"


def refuse_in_registrar_mode(manifest: Mapping[str, Any], what: str) -> None:
    if registrar_mode(manifest):
        raise Conflict(f"{what}: {REGISTRAR_ONLY}")


def check_upload(document: Json, manifest: Manifest) -> VoterList:
    """The signed list of an upload, or :class:`InvalidInput` listing every problem."""
    upload = read_credentials_document(document, manifest)
    if upload.voters is None:
        details = [p.as_dict() for p in upload.problems]
        raise InvalidInput(
            f"the public credential list has {len(details)} problem(s); nothing stored", details
        )
    return upload.voters


def stored_voter_list(stored: CredentialList, manifest: Manifest) -> VoterList:
    """The stored upload, checked again (signature included) before it reaches the board."""
    document = parse_json(stored.document, what="stored credential list")
    upload = read_credentials_document(document, manifest)
    if upload.voters is None:
        problems = "; ".join(f"{p.item}: {p.message}" for p in upload.problems[:3])
        raise Conflict(f"the stored credential list no longer checks: {problems}")
    return upload.voters


def listed_styles(stored: CredentialList) -> dict[str, str]:
    """Credential -> style of a stored list (checked at upload; read without crypto)."""
    voters = json.loads(stored.document)["voters"]
    return {str(v["credential"]): str(v["style"]) for v in voters}
