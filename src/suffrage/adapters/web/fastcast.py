"""The cast route served directly over ASGI: the one request every voter sends under load.

``POST /api/elections/{id}/ballots`` is declared in :mod:`suffrage.adapters.web.api`
(OpenAPI, and the route every other request shape still takes). A request of the usual
shape -- a JSON body, no cookie -- is answered here instead, before the middleware stack
and FastAPI's routing and dependency injection, which cost the server process more CPU
per cast than the rest of its part of the cast (docs/service.md, "Casting under load").
The answer is the same: the same checks of the body (media type, size, emptiness), the
ballot handed to :meth:`BallotBox.submit` as bytes, ``201`` with the receipt, the error
envelope with the status of :mod:`suffrage.adapters.web.errors`, and the security headers.

A request carrying a cookie goes the usual way, so that the session middleware treats it
as it treats every other request.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import asdict
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import Receive, Scope, Send

from suffrage.adapters.web.bodies import MAX_JSON
from suffrage.adapters.web.deps import WebDeps
from suffrage.adapters.web.errors import ApiError, classify

__all__ = ["cast_election", "json_messages", "serve_cast"]

_log = logging.getLogger(__name__)
_PREFIX = "/api/elections/"
_SUFFIX = "/ballots"


def cast_election(scope: Scope) -> str | None:
    """The election id if ``scope`` is a cast this module answers, else ``None``."""
    if scope["type"] != "http" or scope["method"] != "POST":
        return None
    path: str = scope["path"]
    if not (path.startswith(_PREFIX) and path.endswith(_SUFFIX)) or scope.get("root_path"):
        return None
    election_id = path[len(_PREFIX) : -len(_SUFFIX)]
    if not election_id or "/" in election_id:
        return None
    ctype = b""
    for name, value in scope["headers"]:
        if name == b"cookie":
            return None
        if name == b"content-type":
            ctype = value
    if ctype.split(b";")[0].strip().lower() != b"application/json":
        return None  # the usual route answers 415
    return election_id


def json_messages(status: int, body: object, headers: list[tuple[bytes, bytes]]) -> list[Any]:
    data = json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
    return [
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-length", str(len(data)).encode()),
                (b"content-type", b"application/json"),
                *headers,
            ],
        },
        {"type": "http.response.body", "body": data},
    ]


async def _body(scope: Scope, receive: Receive) -> bytes | None:
    """The request body (``None``: the client left); :class:`ApiError` if too large."""
    for name, value in scope["headers"]:
        if name == b"content-length" and value.isdigit() and int(value) > MAX_JSON:
            raise ApiError(413, "payload_too_large", f"the body is larger than {MAX_JSON} bytes")
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > MAX_JSON:
            raise ApiError(413, "payload_too_large", f"the body is larger than {MAX_JSON} bytes")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def serve_cast(
    election_id: str,
    deps: WebDeps,
    headers: list[tuple[bytes, bytes]],
    scope: Scope,
    receive: Receive,
    send: Send,
) -> None:
    """Answer one cast (see the module docstring); ``headers`` are the security headers."""
    try:
        data = await _body(scope, receive)
        if data is None:
            return
        if not data:
            raise ApiError(400, "bad_request", "the body is empty")
        box = deps.box
        if box.ready(election_id):
            pending = box.submit(election_id, data)
        else:  # the first cast reads the election and its roll: not on the event loop
            pending = await run_in_threadpool(box.submit, election_id, data)
        receipt = await asyncio.wrap_future(pending)
        messages = json_messages(201, asdict(receipt), headers)
    except Exception as exc:
        status, code, message, details = classify(exc)
        if status == 500:
            _log.exception("the cast of a ballot failed")
        body = {"error": {"code": code, "message": message, "details": details or []}}
        messages = json_messages(status, body, headers)
    for message in messages:
        await send(message)
