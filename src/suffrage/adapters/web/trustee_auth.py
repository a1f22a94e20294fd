"""Per-trustee tokens: a trustee posts its own key-ceremony and decryption messages.

An administrator issues the tokens of an election (``POST .../trustee-tokens``) and hands
each trustee its own. A token is ``"<index>.<hex>"`` where the hex part is
``HMAC-SHA256(secret key, canonical [election id, manifest hash, index])``: the service
stores nothing and recomputes it, so it stays valid as long as the service's secret key
(``SUFFRAGE_SECRET_KEY``) does. A token only lets its trustee post messages whose
``"trustee"`` field is its own index; it carries no administrator rights.
"""

from __future__ import annotations

import hmac
import json

from fastapi import Request

from suffrage.adapters.web.errors import ApiError
from suffrage.protocol.encoding import Json

__all__ = [
    "acting_trustee",
    "bearer_token",
    "require_some_trustee",
    "require_trustee",
    "trustee_bearer",
    "trustee_token",
]


def trustee_token(secret_key: str, election_id: str, manifest_hash: str, index: int) -> str:
    """The token of trustee ``index`` of this election (deterministic; nothing is stored)."""
    message = json.dumps([election_id, manifest_hash, index], separators=(",", ":"))
    mac = hmac.new(secret_key.encode(), b"suffrage/trustee-token\x00" + message.encode(), "sha256")
    return f"{index}.{mac.hexdigest()}"


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "use 'Authorization: Bearer <trustee token>'")
    return token.strip()


def acting_trustee(payload: Json) -> int:
    """The ``"trustee"`` index a trustee message speaks for."""
    index = payload.get("trustee") if isinstance(payload, dict) else None
    if not isinstance(index, int) or isinstance(index, bool):
        raise ApiError(422, "invalid_input", 'a trustee message names its "trustee" index')
    return index


def trustee_bearer(request: Request) -> str:
    """The request's trustee token; an administrator session is no substitute (7.5)."""
    token = bearer_token(request)
    if token is None:
        raise ApiError(401, "unauthorized", "trustee messages need 'Authorization: Bearer <token>'")
    return token


def require_trustee(
    token: str, secret_key: str, election_id: str, manifest_hash: str, payload: Json
) -> None:
    """``token`` must be the token of the trustee the message speaks for."""
    index = acting_trustee(payload)
    if not _is_token_of(token, secret_key, election_id, manifest_hash, index):
        raise ApiError(403, "permission_denied", f"not the token of trustee {index}")


def require_some_trustee(
    token: str, secret_key: str, election_id: str, manifest_hash: str, trustees: int
) -> None:
    """``token`` must be the token of one of the election's ``trustees`` (before any body).

    Checked before a large body is read, so that nobody else makes the service read it.
    """
    index, _, _ = token.partition(".")
    if not (
        index.isdigit()
        and 1 <= int(index) <= trustees
        and _is_token_of(token, secret_key, election_id, manifest_hash, int(index))
    ):
        raise ApiError(403, "permission_denied", "not a trustee token of this election")


def _is_token_of(
    token: str, secret_key: str, election_id: str, manifest_hash: str, index: int
) -> bool:
    expected = trustee_token(secret_key, election_id, manifest_hash, index)
    return hmac.compare_digest(expected.encode(), token.encode())
