"""The JSON API of mixing ranked contests (docs/protocol.md 7.16; docs/service.md).

Public reads: how far each ranked contest is (``GET .../mixing``) and the rows its next
mix shuffles (``GET .../mixing/{contest}``). Trustee writes, with the trustee's token as
for decryption shares: a signed ``mix`` (``POST .../mixes``) and signed decryption shares
of a contest's last mix (``POST .../mix-shares``). A mix body grows with the ballots, so
its size limit is the election's; the token is checked before the body is read.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from suffrage.adapters.web.bodies import JSON_BODY, read_json
from suffrage.adapters.web.deps import WebDeps
from suffrage.adapters.web.trustee_auth import (
    require_some_trustee,
    require_trustee,
    trustee_bearer,
)
from suffrage.protocol.encoding import Json
from suffrage.service.model import BoardRecord, Election

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["mixing"])


async def _deps(request: Request) -> WebDeps:
    value: WebDeps = request.app.state.deps
    return value


Deps = Annotated[WebDeps, Depends(_deps)]


def _event(r: BoardRecord) -> dict[str, Any]:
    return {"seq": r.seq, "type": r.type, "hash": r.hash, "line": r.line}


@router.get("/elections/{election_id}/mixing", summary="How far each ranked contest is mixed")
async def mixing(election_id: str, d: Deps) -> Any:
    election: Election = await run_in_threadpool(d.elections.get, election_id)
    statuses = await run_in_threadpool(d.ceremonies.mixing, election_id)
    return {
        "phase": election.phase.value,
        "threshold": election.manifest["threshold"],
        "contests": [s.to_json() for s in statuses],
    }


@router.get(
    "/elections/{election_id}/mixing/{contest_id}",
    summary="The rows a ranked contest's next mix shuffles, its round and previous hash",
)
async def mix_input(election_id: str, contest_id: str, d: Deps) -> Any:
    return await run_in_threadpool(d.ceremonies.mix_input, election_id, contest_id)


async def _trustee_body(election_id: str, request: Request, d: WebDeps) -> Json:
    """The body of a trustee's mixing event, read only for a trustee of the election."""
    token = trustee_bearer(request)
    election: Election = await run_in_threadpool(d.elections.get, election_id)
    trustees = len(election.manifest["trustees"])
    require_some_trustee(token, d.secret_key, election.id, election.manifest_hash, trustees)
    limit = await run_in_threadpool(d.ceremonies.mix_body_limit, election_id)
    body = await read_json(request, limit)
    require_trustee(token, d.secret_key, election_id, election.manifest_hash, body)
    return body


@router.post(
    "/elections/{election_id}/mixes",
    summary="Post a trustee's signed mix of a ranked contest",
    openapi_extra=JSON_BODY,
)
async def post_mix(election_id: str, request: Request, d: Deps) -> Any:
    body = await _trustee_body(election_id, request, d)
    return _event(await run_in_threadpool(d.ceremonies.post_mix, election_id, body))


@router.post(
    "/elections/{election_id}/mix-shares",
    summary="Post a trustee's signed decryption shares of a ranked contest's last mix",
    openapi_extra=JSON_BODY,
)
async def post_mix_share(election_id: str, request: Request, d: Deps) -> Any:
    body = await _trustee_body(election_id, request, d)
    return _event(await run_in_threadpool(d.ceremonies.post_mix_share, election_id, body))
