"""Reading request bodies strictly: size limits and the protocol's strict JSON parser."""

from __future__ import annotations

from typing import Any, Final

from fastapi import Request

from suffrage.adapters.web.errors import ApiError
from suffrage.protocol.encoding import Json
from suffrage.service.limits import parse_body

__all__ = ["JSON_BODY", "MAX_JSON", "MAX_ROLL", "read_json", "read_json_bytes", "read_text"]

MAX_JSON: Final = 2 * 1024 * 1024
MAX_ROLL: Final = 32 * 1024 * 1024

#: OpenAPI description of a request body read by :func:`read_json`.
JSON_BODY: Final[dict[str, Any]] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


async def _read(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "payload_too_large", f"the body is larger than {limit} bytes")
    data = bytearray()  # grows in place: a mix's body of many megabytes is not recopied
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            raise ApiError(413, "payload_too_large", f"the body is larger than {limit} bytes")
    return bytes(data)


async def read_json_bytes(request: Request, limit: int = MAX_JSON) -> bytes:
    """A JSON body, not yet parsed (415 unless it is JSON, 400 if empty, 413 if too large).

    The caller parses it with :func:`~suffrage.service.limits.parse_body` (the cast
    route leaves that to the ballot-checking process).
    """
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        raise ApiError(415, "unsupported_media_type", "send the body as application/json")
    data = await _read(request, limit)
    if not data:
        raise ApiError(400, "bad_request", "the body is empty")
    return data


async def read_json(request: Request, limit: int = MAX_JSON) -> Json:
    """Strict JSON (no duplicate keys, no floats, integers in range, nesting bounded);
    415 unless the body is JSON."""
    return parse_body(await read_json_bytes(request, limit))


async def read_text(request: Request, limit: int = MAX_ROLL) -> str:
    data = await _read(request, limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "bad_request", "the body is not UTF-8 text") from None
