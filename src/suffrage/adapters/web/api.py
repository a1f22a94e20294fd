"""The JSON API: every action of the service, under ``/api``."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import UTC
from functools import partial
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from suffrage.adapters.web.authz import authorize, log_action
from suffrage.adapters.web.bodies import (
    JSON_BODY,
    MAX_ROLL,
    read_json,
    read_json_bytes,
    read_text,
)
from suffrage.adapters.web.deps import WebDeps
from suffrage.adapters.web.security import require_admin, sign_in, sign_out
from suffrage.adapters.web.signin import SignInGuard, source_of
from suffrage.adapters.web.trustee_auth import require_trustee, trustee_bearer, trustee_token
from suffrage.errors import InvalidInput
from suffrage.protocol.encoding import Json
from suffrage.service.access import Access, AuditLog, audit_csv
from suffrage.service.model import (
    AuditEntry,
    BoardRecord,
    Delivery,
    DeliveryProgress,
    Election,
    Receipt,
    Role,
    RollPreview,
)
from suffrage.service.presets import ElectionRequest, presets
from suffrage.service.roll_changes import RollChanges

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])
T = TypeVar("T")


async def deps(request: Request) -> WebDeps:
    # async: FastAPI runs a plain ``def`` dependency in a worker thread, for every request
    value: WebDeps = request.app.state.deps
    return value


Deps = Annotated[WebDeps, Depends(deps)]


async def _call(fn: Callable[..., T], *args: Any) -> T:
    return await run_in_threadpool(fn, *args)


def election_json(e: Election) -> dict[str, Any]:
    return {
        "id": e.id,
        "title": e.title,
        "phase": e.phase.value,
        "manifest": e.manifest,
        "manifest_hash": e.manifest_hash,
        "public_key": e.public_key,
        "created_at": e.created_at.isoformat(),
        "opened_at": e.opened_at.isoformat() if e.opened_at else None,
        "closed_at": e.closed_at.isoformat() if e.closed_at else None,
        "opens_at": e.opens_at.isoformat() if e.opens_at else None,
        "closes_at": e.closes_at.isoformat() if e.closes_at else None,
    }


class Schedule(BaseModel):
    """When the server opens and closes the election (ISO 8601 with a zone; null: by hand)."""

    model_config = ConfigDict(extra="forbid")
    opens_at: AwareDatetime | None = None
    closes_at: AwareDatetime | None = None


def _preview_json(p: RollPreview) -> dict[str, Any]:
    return {
        "ok": p.ok,
        "voters": len(p.entries),
        "entries": [asdict(e) for e in p.entries[:1000]],
        "errors": [e.as_dict() for e in p.errors],
    }


def delivery_json(progress: DeliveryProgress, deliveries: Sequence[Delivery]) -> dict[str, Any]:
    return {
        "counts": progress.counts,
        "total": progress.total,
        "done": progress.done,
        "voters": [
            {
                "voter_id": x.recipient,
                "email": x.email,
                "state": x.state.value,
                "attempts": x.attempts,
                "last_error": x.last_error,
                "message_id": x.message_id,
                "updated_at": x.updated_at.isoformat(),
                "next_attempt_at": x.next_attempt_at.isoformat() if x.next_attempt_at else None,
            }
            for x in deliveries
        ],
    }


def _receipt(r: Receipt) -> dict[str, Any]:
    return asdict(r)


def _event(r: BoardRecord) -> dict[str, Any]:
    """A board event, with the time the server says it appended it (outside the hash)."""
    at = None
    if r.recorded_at is not None:
        at = r.recorded_at.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return {"seq": r.seq, "type": r.type, "hash": r.hash, "line": r.line, "recorded_at": at}


class TrusteeForm(BaseModel):
    """A trustee: her name and the public key she made with ``suffrage trustee init``."""

    model_config = ConfigDict(extra="forbid", strict=True)
    name: str = Field(min_length=1, max_length=200)
    public_key: str = Field(pattern="^[0-9a-f]{64}$")


class PresetForm(BaseModel):
    """An election from a constitution preset (``POST /api/elections``)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    constitution: str = Field(min_length=1, max_length=64)
    id: str = Field(min_length=1, max_length=64)
    title: str = Field(min_length=1, max_length=200)
    options: list[str] = Field(default_factory=list, max_length=64)
    trustees: list[TrusteeForm] = Field(min_length=1, max_length=32)
    threshold: int = Field(default=2, ge=1, le=32)
    registrar_key: str | None = Field(default=None, pattern="^[0-9a-f]{64}$")
    seats: int = Field(default=1, ge=1, le=10_000)
    #: Units of a plebiscite with a double majority (docs/protocol.md 7.15.4).
    units: list[str] = Field(default_factory=list, max_length=64)


class Login(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


# ---------------------------------------------------------------- casting (the hot path)
# Declared first: the router tries its routes in order, and every cast pays for the
# routes tried before its own.


@router.post(
    "/elections/{election_id}/ballots",
    status_code=201,
    summary="Cast an encrypted, signed ballot",
    openapi_extra=JSON_BODY,
)
async def cast(election_id: str, request: Request, d: Deps) -> Any:
    # The body goes to the checker as bytes: it is parsed strictly there, not here.
    body = await read_json_bytes(request)
    # The check and the group commit run outside the event loop; no thread waits on them.
    # Submitting reads the election and its roll once (then cached): only that first
    # time does it go to a worker thread, so that the event loop never waits on the database.
    if d.box.ready(election_id):
        pending = d.box.submit(election_id, body)
    else:
        pending = await _call(d.box.submit, election_id, body)
    return _receipt(await asyncio.wrap_future(pending))


# ---------------------------------------------------------------- session


@router.post("/session", summary="Sign in as an administrator")
async def login(body: Login, request: Request, d: Deps) -> dict[str, str]:
    guard: SignInGuard = request.app.state.sign_in
    user = await guard.check(
        source_of(request),
        body.username,
        partial(d.auth.authenticate, body.username, body.password),
    )
    token = await _call(d.auth.open_session, user.username)
    await log_action(request, user.username, "session.sign_in")
    return {"username": user.username, "csrf_token": sign_in(request, user.username, token)}


@router.delete("/session", summary="Sign out (the session ends on the server)")
async def logout(request: Request) -> dict[str, bool]:
    user = require_admin(request)
    await _call(sign_out, request)
    await log_action(request, user, "session.sign_out")
    return {"signed_out": True}


# ---------------------------------------------------------------- elections


@router.get("/elections", summary="List elections")
async def list_elections(d: Deps) -> list[dict[str, Any]]:
    return [election_json(e) for e in await _call(d.elections.elections)]


@router.post("/elections", status_code=201, summary="Create an election", openapi_extra=JSON_BODY)
async def create_election(request: Request, d: Deps) -> dict[str, Any]:
    user = require_admin(request)
    body = await read_json(request)
    if isinstance(body, dict) and set(body) == {"manifest"}:
        election = await _call(d.elections.create, body["manifest"])
    elif isinstance(body, dict) and "constitution" in body:
        election = await _call(d.elections.create_from_preset, _preset_request(body))
    else:
        raise InvalidInput('send {"manifest": {...}} or {"constitution": preset, "id", ...}')
    await created(request, user, election)
    return election_json(election)


async def created(request: Request, user: str, election: Election) -> None:
    """The creator owns the election; the creation is recorded."""
    access: Access = request.app.state.access
    await _call(access.grant, election.id, user, Role.OWNER)
    details = {"title": election.title, "manifest_hash": election.manifest_hash}
    await log_action(request, user, "election.create", election.id, **details)


def _preset_request(body: dict[str, Json]) -> ElectionRequest:
    try:
        form = PresetForm.model_validate(body)
    except ValidationError as exc:
        details: list[dict[str, object]] = [
            {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()
        ]
        raise InvalidInput("invalid election request", details) from None
    return ElectionRequest(
        preset=form.constitution,
        id=form.id,
        title=form.title,
        options=tuple(form.options),
        trustees=tuple((t.name, t.public_key) for t in form.trustees),
        threshold=form.threshold,
        registrar_key=form.registrar_key,
        seats=form.seats,
        units=tuple(form.units),
    )


@router.get("/constitutions", summary="Constitution presets the service can run")
async def constitutions() -> list[dict[str, str]]:
    return await _call(presets)


@router.get("/elections/{election_id}", summary="One election")
async def get_election(election_id: str, d: Deps) -> dict[str, Any]:
    return election_json(await _call(d.elections.get, election_id))


@router.post("/elections/{election_id}/roll/preview", summary="Check a CSV voter roll")
async def preview_roll(election_id: str, request: Request, d: Deps) -> Any:
    await authorize(request, election_id, Role.MANAGER)
    text = await read_text(request)
    return _preview_json(await _call(d.elections.preview_roll, election_id, text))


@router.put("/elections/{election_id}/roll", summary="Replace the voter roll from CSV")
async def import_roll(election_id: str, request: Request, d: Deps) -> Any:
    user, _ = await authorize(request, election_id, Role.MANAGER)
    text = await read_text(request)
    preview = await _call(d.elections.import_roll, election_id, text)
    await log_action(request, user, "roll.import", election_id, voters=len(preview.entries))
    return _preview_json(preview)


def _changes_json(c: RollChanges) -> dict[str, Any]:
    return {
        "ok": c.ok,
        "counts": c.counts(),
        "changes": [
            {"action": x.action, "voter_id": x.entry.voter_id, "email": x.entry.email}
            for x in c.changes[:1000]
        ],
        "errors": [e.as_dict() for e in c.errors],
    }


@router.post(
    "/elections/{election_id}/roll/changes/preview",
    summary="Check a CSV of roll changes (action: add, remove, correct)",
)
async def preview_changes(election_id: str, request: Request, d: Deps) -> Any:
    await authorize(request, election_id, Role.MANAGER)
    text = await read_text(request)
    return _changes_json(await _call(d.elections.preview_changes, election_id, text))


@router.post(
    "/elections/{election_id}/roll/changes",
    summary="Add, remove and correct voters before opening (all or nothing)",
)
async def change_roll(election_id: str, request: Request, d: Deps) -> Any:
    user, _ = await authorize(request, election_id, Role.MANAGER)
    text = await read_text(request)
    changes = await _call(d.elections.change_roll, election_id, text)
    await log_action(request, user, "roll.change", election_id, **changes.counts())
    return _changes_json(changes)


@router.post(
    "/elections/{election_id}/invitations",
    status_code=202,
    summary="Issue credentials and queue the invitation mails",
)
async def invite(election_id: str, request: Request, d: Deps) -> Any:
    user, _ = await authorize(request, election_id, Role.MANAGER)
    queued = await _call(d.elections.invite, election_id)
    await log_action(request, user, "invitations.queue", election_id, queued=queued)
    return {"queued": queued}


@router.get("/elections/{election_id}/invitations", summary="Invitation delivery progress")
async def invitations(election_id: str, request: Request, d: Deps) -> Any:
    await authorize(request, election_id, Role.OBSERVER)
    progress, deliveries = await _call(d.elections.invitations.progress, election_id)
    return delivery_json(progress, deliveries)


class Resend(BaseModel):
    """Which invitations to send again: one voter's, or (empty) every unsent one."""

    model_config = ConfigDict(extra="forbid", strict=True)
    voter_id: str | None = Field(default=None, min_length=1, max_length=128)


@router.post(
    "/elections/{election_id}/invitations/resend",
    status_code=202,
    summary="Send invitations again (one voter, or all not yet sent)",
)
async def resend(election_id: str, body: Resend, request: Request, d: Deps) -> Any:
    user, _ = await authorize(request, election_id, Role.MANAGER)
    count = await _call(d.elections.invitations.resend, election_id, body.voter_id)
    details = {"voter_id": body.voter_id, "queued": count}
    await log_action(request, user, "invitations.resend", election_id, **details)
    return {"queued": count}


@router.put(
    "/elections/{election_id}/credentials",
    summary="Upload the registrar's signed public credential list (registrar mode)",
    openapi_extra=JSON_BODY,
)
async def upload_credentials(election_id: str, request: Request, d: Deps) -> Any:
    require_admin(request)
    body = await read_json(request, MAX_ROLL)
    stored = await _call(d.elections.upload_credentials, election_id, body)
    return {"voters": stored.voters, "uploaded_at": stored.uploaded_at.isoformat()}


@router.post(
    "/elections/{election_id}/trustee-events",
    summary="Post a trustee's commitment, complaint or answer",
    openapi_extra=JSON_BODY,
)
async def trustee_event(election_id: str, request: Request, d: Deps) -> Any:
    token = trustee_bearer(request)
    body = await read_json(request)
    if not isinstance(body, dict) or set(body) != {"type", "payload"}:
        raise InvalidInput('send {"type": ..., "payload": {...}}')
    await _trustee(d, election_id, token, body["payload"])
    record = await _call(
        d.ceremonies.post_trustee_event, election_id, str(body["type"]), body["payload"]
    )
    return _event(record)


async def _trustee(d: Deps, election_id: str, token: str, payload: Json) -> None:
    """A trustee token must belong to the trustee the message speaks for.

    The token only guards the door; what makes the event hers is her signature, which the
    protocol checks against her key in the manifest.
    """
    election = await _call(d.elections.get, election_id)
    require_trustee(token, d.secret_key, election_id, election.manifest_hash, payload)


@router.post(
    "/elections/{election_id}/trustee-tokens",
    summary="Issue each trustee's token for posting its own messages",
)
async def trustee_tokens(election_id: str, request: Request, d: Deps) -> Any:
    user, _ = await authorize(request, election_id, Role.MANAGER)
    e = await _call(d.elections.get, election_id)
    await log_action(request, user, "trustee_tokens.issue", election_id)
    return {
        "tokens": [
            {
                "trustee": t["index"],
                "name": t["name"],
                "token": trustee_token(d.secret_key, e.id, e.manifest_hash, t["index"]),
            }
            for t in e.manifest["trustees"]
        ]
    }


@router.put("/elections/{election_id}/schedule", summary="Schedule opening and closing")
async def schedule(election_id: str, body: Schedule, request: Request, d: Deps) -> Any:
    user, _ = await authorize(request, election_id, Role.MANAGER)
    election = await _call(d.elections.schedule, election_id, body.opens_at, body.closes_at)
    details = {"opens_at": str(body.opens_at), "closes_at": str(body.closes_at)}
    await log_action(request, user, "election.schedule", election_id, **details)
    return election_json(election)


def _admin_step(name: str, summary: str) -> None:
    async def step(election_id: str, request: Request, d: Deps) -> Any:
        user, _ = await authorize(request, election_id, Role.MANAGER)
        target = {
            "joint-key": d.ceremonies.fix_joint_key,
            "open": d.elections.open,
            "close": d.ceremonies.close,
        }[name]
        election = await _call(target, election_id)
        await log_action(request, user, f"election.{name}", election_id, phase=election.phase.value)
        return election_json(election)

    router.add_api_route(
        f"/elections/{{election_id}}/{name}", step, methods=["POST"], summary=summary, name=name
    )


_admin_step("joint-key", "Fix the joint key from the trustees' commitments")
_admin_step("open", "Post the voter list and open the election")
_admin_step("close", "Close the election and post the encrypted tally")


@router.post(
    "/elections/{election_id}/decryption-shares",
    summary="Post a trustee's decryption shares",
    openapi_extra=JSON_BODY,
)
async def decryption_share(election_id: str, request: Request, d: Deps) -> Any:
    token = trustee_bearer(request)
    body = await read_json(request)
    await _trustee(d, election_id, token, body)
    return _event(await _call(d.ceremonies.post_decryption_share, election_id, body))


@router.post("/elections/{election_id}/publish", summary="Combine shares and publish the result")
async def publish(election_id: str, request: Request, d: Deps) -> Any:
    user, _ = await authorize(request, election_id, Role.MANAGER)
    counts = await _call(d.ceremonies.publish, election_id)
    await log_action(request, user, "election.publish", election_id)
    return {"counts": counts}


class RoleGrant(BaseModel):
    """Give an administrator a role on the election, or withdraw it (``role: null``)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    username: str = Field(min_length=1, max_length=64)
    role: Literal["owner", "manager", "observer"] | None


@router.get("/elections/{election_id}/roles", summary="Who has which role on the election")
async def roles(election_id: str, request: Request) -> Any:
    await authorize(request, election_id, Role.OBSERVER)
    access: Access = request.app.state.access
    return {"roles": await _call(access.roles, election_id)}


@router.put("/elections/{election_id}/roles", summary="Grant or withdraw a role (owners)")
async def grant_role(election_id: str, body: RoleGrant, request: Request) -> Any:
    user, _ = await authorize(request, election_id, Role.OWNER)
    access: Access = request.app.state.access
    role = None if body.role is None else Role(body.role)
    after = await _call(access.grant, election_id, body.username, role)
    await log_action(
        request, user, "roles.set", election_id, username=body.username, role=body.role
    )
    return {"roles": after}


@router.get("/elections/{election_id}/audit", summary="The election's audit log")
async def audit_entries(election_id: str, request: Request) -> Any:
    await authorize(request, election_id, Role.OBSERVER)
    audit: AuditLog = request.app.state.audit
    return {"entries": [audit_json(e) for e in await _call(audit.entries, election_id)]}


@router.get("/elections/{election_id}/audit.csv", summary="The election's audit log as CSV")
async def audit_export(election_id: str, request: Request) -> Response:
    await authorize(request, election_id, Role.OBSERVER)
    audit: AuditLog = request.app.state.audit
    text = audit_csv(await _call(audit.entries, election_id))
    headers = {"content-disposition": f'attachment; filename="{election_id}-audit.csv"'}
    return Response(text, media_type="text/csv", headers=headers)


def audit_json(e: AuditEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": e.at.isoformat(),
        "actor": e.actor,
        "source": e.source,
        "action": e.action,
        "election_id": e.election_id,
        "details": e.details,
    }


# ---------------------------------------------------------------- voters and the public


@router.get("/elections/{election_id}/voters/{credential}", summary="A credential's ballot style")
async def voter_style(election_id: str, credential: str, d: Deps) -> Any:
    return {"style": await _call(d.box.style_of, election_id, credential)}


@router.post(
    "/elections/{election_id}/audits",
    status_code=201,
    summary="Publish an audited (spoiled) ballot with its reveal",
    openapi_extra=JSON_BODY,
)
async def audit(election_id: str, request: Request, d: Deps) -> Any:
    body: Json = await read_json(request)
    return _receipt(await _call(d.box.audit, election_id, body))


@router.get("/elections/{election_id}/ballots/{code}", summary="Find a ballot by tracking code")
async def find_ballot(election_id: str, code: str, d: Deps) -> Any:
    return await _call(d.box.status, election_id, code)


@router.get("/elections/{election_id}/turnout", summary="Participation counts (no choices)")
async def turnout(election_id: str, d: Deps) -> Any:
    t = await _call(d.elections.turnout, election_id)
    data = asdict(t)
    data["phase"] = t.phase.value
    data["by_style"] = {k: {"eligible": v[0], "voted": v[1]} for k, v in t.by_style.items()}
    return data


@router.get("/elections/{election_id}/board", summary="Board events")
async def board(
    election_id: str,
    d: Deps,
    start: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
) -> Any:
    records = await _call(d.elections.board, election_id, start, limit)
    return {"events": [_event(r) for r in records]}


@router.get("/elections/{election_id}/tally", summary="The encrypted tally")
async def tally(election_id: str, d: Deps) -> Any:
    return await _call(d.ceremonies.tally_payload, election_id)


@router.get("/elections/{election_id}/results", summary="The published result")
async def results(election_id: str, d: Deps) -> Any:
    return await _call(d.ceremonies.result, election_id)


@router.get("/elections/{election_id}/record.tar.gz", summary="The record archive")
async def record(election_id: str, d: Deps) -> Response:
    data = await _call(d.elections.record_archive, election_id)
    headers = {"content-disposition": f'attachment; filename="{election_id}-record.tar.gz"'}
    return Response(data, media_type="application/gzip", headers=headers)
