"""Server-rendered pages: administration, public board and results, the voter booth."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from suffrage.adapters.web.api import created
from suffrage.adapters.web.authz import authorize, log_action
from suffrage.adapters.web.bodies import MAX_ROLL
from suffrage.adapters.web.deps import WebDeps
from suffrage.adapters.web.errors import ApiError
from suffrage.adapters.web.i18n import Catalogues
from suffrage.adapters.web.security import (
    csrf_token,
    current_admin,
    require_admin,
    require_csrf,
    sign_in,
    sign_out,
)
from suffrage.adapters.web.signin import SignInGuard, source_of
from suffrage.adapters.web.trustee_auth import trustee_token
from suffrage.errors import Conflict, InvalidInput, PermissionDenied, SuffrageError
from suffrage.protocol.board import parse_event_line
from suffrage.service.access import Access, AuditLog
from suffrage.service.model import Role
from suffrage.service.presets import ElectionRequest, presets

__all__ = ["render_error", "router"]

#: a form other than an administrator's (signing in) is small
_MAX_LOGIN_FORM = 16 * 1024

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))


def _deps(request: Request) -> WebDeps:
    value: WebDeps = request.app.state.deps
    return value


def _locale(request: Request) -> str:
    cats: Catalogues = request.app.state.catalogues
    return cats.pick(
        request.query_params.get("lang"),
        request.cookies.get("lang"),
        request.headers.get("accept-language"),
    )


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    cats: Catalogues = request.app.state.catalogues
    locale = _locale(request)
    context.update(
        request=request,
        locale=locale,
        locales=cats.locales,
        t=lambda key: cats.gettext(locale, key),
        csrf=csrf_token(request),
        admin=current_admin(request),
    )
    response = templates.TemplateResponse(request, name, context, status_code=status)
    if request.query_params.get("lang") in cats.messages:
        response.set_cookie("lang", locale, max_age=365 * 86400, samesite="lax")
    return response


def render_error(request: Request, status: int, code: str, message: str, details: Any) -> Response:
    return render(request, "error.html", status, code=code, message=message, details=details)


async def _form(request: Request, limit: int = _MAX_LOGIN_FORM) -> dict[str, Any]:
    """The form, its size checked before it is read (``Content-Length`` is required)."""
    declared = request.headers.get("content-length", "")
    if not declared.isdigit():
        raise ApiError(411, "length_required", "send the form with a Content-Length")
    if int(declared) > limit:
        raise ApiError(413, "payload_too_large", f"the form is larger than {limit} bytes")
    form = await request.form(max_part_size=MAX_ROLL)
    data: dict[str, Any] = {}
    for key, value in form.multi_items():
        data[key] = value
    return data


async def _admin_form(request: Request) -> dict[str, Any]:
    """An administrator's form: the session is checked before the body is read (an
    upload from anyone else is refused unread), the CSRF token after."""
    if current_admin(request) is None:
        raise ApiError(401, "unauthorized", "sign in as an administrator first")
    form = await _form(request, MAX_ROLL + 64 * 1024)
    _admin(request, form)
    return form


def _admin(request: Request, form: dict[str, Any] | None = None) -> str:
    token = None if form is None else str(form.get("csrf_token", ""))
    return require_admin(request, token)


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# ---------------------------------------------------------------- public


@router.get("/", response_class=HTMLResponse)
async def index(request: Request) -> Response:
    elections = await run_in_threadpool(_deps(request).elections.elections)
    return render(request, "index.html", elections=elections)


@router.get("/elections/{election_id}", response_class=HTMLResponse)
async def election_page(request: Request, election_id: str) -> Response:
    d = _deps(request)
    election = await run_in_threadpool(d.elections.get, election_id)
    turnout = await run_in_threadpool(d.elections.turnout, election_id)
    return render(request, "election.html", election=election, turnout=turnout)


@router.get("/elections/{election_id}/board", response_class=HTMLResponse)
async def board_page(request: Request, election_id: str, start: int = 0) -> Response:
    d = _deps(request)
    election = await run_in_threadpool(d.elections.get, election_id)
    records = await run_in_threadpool(d.elections.board, election_id, max(start, 0), 200)
    events = [(r, parse_event_line(r.line.encode("utf-8"))) for r in records]
    return render(request, "board.html", election=election, events=events, start=start)


@router.get("/elections/{election_id}/results", response_class=HTMLResponse)
async def results_page(request: Request, election_id: str) -> Response:
    d = _deps(request)
    election = await run_in_threadpool(d.elections.get, election_id)
    try:
        result = await run_in_threadpool(d.ceremonies.result, election_id)
    except Conflict:
        return render(request, "results.html", election=election, result=None)
    return render(request, "results.html", election=election, result=result)


@router.get("/booth/{election_id}", response_class=HTMLResponse)
async def booth_page(request: Request, election_id: str) -> Response:
    d = _deps(request)
    election = await run_in_threadpool(d.elections.get, election_id)
    data = {
        "id": election.id,
        "manifest": election.manifest,
        "public_key": election.public_key,
        "manifest_hash": election.manifest_hash,
        "phase": election.phase.value,
    }
    return render(request, "booth.html", election=election, booth_data=_script_json(data))


@router.get("/trustee/{election_id}", response_class=HTMLResponse)
async def trustee_page(request: Request, election_id: str) -> Response:
    """Deal a trustee's key share in the browser; the page posts only the commitment."""
    d = _deps(request)
    election = await run_in_threadpool(d.elections.get, election_id)
    data = {"id": election.id, "manifest": election.manifest}
    return render(request, "trustee.html", election=election, trustee_data=_script_json(data))


@router.get("/docs", response_class=HTMLResponse)
async def api_docs(request: Request) -> Response:
    """The API reference, from the OpenAPI schema (no third-party script or style)."""
    return render(request, "api_docs.html", schema=request.app.openapi())


def _script_json(data: object) -> str:
    """JSON for a ``<script type="application/json">`` block: no ``<`` can close it early."""
    return json.dumps(data).replace("<", "\\u003c")


# ---------------------------------------------------------------- administration


@router.get("/admin/login", response_class=HTMLResponse)
async def login_page(request: Request) -> Response:
    return render(request, "login.html", failed=False)


@router.post("/admin/login", response_class=HTMLResponse)
async def login_submit(request: Request) -> Response:
    form = await _form(request)
    require_csrf(request, str(form.get("csrf_token", "")))
    username, password = str(form.get("username", ""))[:64], str(form.get("password", ""))[:1024]
    guard: SignInGuard = request.app.state.sign_in
    auth = _deps(request).auth
    try:
        user = await guard.check(
            source_of(request), username, partial(auth.authenticate, username, password)
        )
    except PermissionDenied:
        return render(request, "login.html", 401, failed=True)
    token = await run_in_threadpool(auth.open_session, user.username)
    sign_in(request, user.username, token)
    await log_action(request, user.username, "session.sign_in")
    return _see_other("/admin")


@router.post("/admin/logout")
async def logout_submit(request: Request) -> Response:
    await _admin_form(request)
    user = current_admin(request) or ""
    await run_in_threadpool(sign_out, request)
    await log_action(request, user, "session.sign_out")
    return _see_other("/")


@router.get("/admin", response_class=HTMLResponse)
async def admin_page(request: Request) -> Response:
    if current_admin(request) is None:
        return _see_other("/admin/login")
    return await _admin_page(request)


async def _admin_page(
    request: Request, status: int = 200, error: str | None = None, manifest_text: str = ""
) -> Response:
    elections = await run_in_threadpool(_deps(request).elections.elections)
    return render(
        request,
        "admin.html",
        status,
        elections=elections,
        presets=await run_in_threadpool(presets),
        error=error,
        manifest_text=manifest_text,
    )


@router.post("/admin/elections", response_class=HTMLResponse)
async def create_submit(request: Request) -> Response:
    form = await _admin_form(request)
    d = _deps(request)
    text = str(form.get("manifest", ""))
    try:
        manifest = json.loads(text)
        election = await run_in_threadpool(d.elections.create, manifest)
    except (ValueError, SuffrageError) as exc:
        return await _admin_page(request, 422, error=str(exc), manifest_text=text)
    await created(request, _admin(request, form), election)
    return _see_other(f"/admin/elections/{election.id}")


@router.post("/admin/elections/preset", response_class=HTMLResponse)
async def create_from_preset_submit(request: Request) -> Response:
    form = await _admin_form(request)
    d = _deps(request)
    options = tuple(line.strip() for line in str(form.get("options", "")).splitlines())
    req = ElectionRequest(
        preset=str(form.get("constitution", "")),
        id=str(form.get("id", "")).strip(),
        title=str(form.get("title", "")).strip(),
        options=tuple(o for o in options if o),
    )
    try:
        election = await run_in_threadpool(d.elections.create_from_preset, req)
    except SuffrageError as exc:
        return await _admin_page(request, 422, error=str(exc))
    await created(request, _admin(request, form), election)
    return _see_other(f"/admin/elections/{election.id}")


@router.get("/admin/elections/{election_id}", response_class=HTMLResponse)
async def election_admin(request: Request, election_id: str) -> Response:
    await authorize(request, election_id, Role.OBSERVER)
    return await _election_admin(request, election_id)


async def _election_admin(
    request: Request, election_id: str, status: int = 200, **extra: Any
) -> Response:
    d = _deps(request)
    user, role = await authorize(request, election_id, Role.OBSERVER, csrf=False)
    election = await run_in_threadpool(d.elections.get, election_id)
    turnout = await run_in_threadpool(d.elections.turnout, election_id)
    ceremony = await run_in_threadpool(d.elections.ceremony, election_id)
    audit: AuditLog = request.app.state.audit
    access: Access = request.app.state.access
    entries = await run_in_threadpool(audit.entries, election_id)
    roll = await run_in_threadpool(d.elections.roll, election_id)
    progress, deliveries = await run_in_threadpool(d.elections.invitations.progress, election_id)
    mh = election.manifest_hash
    context = {
        "changes": None,
        "changes_text": "",
        "preview": None,
        "message": None,
        "error": None,
        "ceremony": ceremony,
        "roll": roll[:_ROLL_SHOWN],
        "progress": progress,
        "deliveries": {x.recipient: x for x in deliveries},
        "tokens": [
            (t["index"], t["name"], trustee_token(d.secret_key, election_id, mh, t["index"]))
            for t in election.manifest["trustees"]
        ]
        if role.rank >= Role.MANAGER.rank  # an observer sees no secret
        else [],
        "role": role,
        "user": user,
        "roles": await run_in_threadpool(access.roles, election_id),
        "audit": list(reversed(entries))[:_AUDIT_SHOWN],
    }
    context.update(extra)
    return render(
        request, "election_admin.html", status, election=election, turnout=turnout, **context
    )


async def _roll_text(form: dict[str, Any]) -> str:
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(MAX_ROLL + 1)
        if len(data) > MAX_ROLL:
            raise ApiError(413, "payload_too_large", "the roll file is too large")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput("the roll file is not UTF-8 text") from None
    return str(form.get("csv", ""))


@router.post("/admin/elections/{election_id}/roll", response_class=HTMLResponse)
async def roll_submit(request: Request, election_id: str) -> Response:
    form = await _admin_form(request)
    user, _ = await authorize(request, election_id, Role.MANAGER, str(form.get("csrf_token")))
    d = _deps(request)
    text = await _roll_text(form)
    preview = await run_in_threadpool(d.elections.preview_roll, election_id, text)
    if form.get("action") != "import" or not preview.ok:
        status = 200 if preview.ok else 422
        return await _election_admin(request, election_id, status, preview=preview, csv=text)
    imported = await run_in_threadpool(d.elections.import_roll, election_id, text)
    await log_action(request, user, "roll.import", election_id, voters=len(imported.entries))
    return await _election_admin(request, election_id, message="roll_imported")


@router.post("/admin/elections/{election_id}/roll/changes", response_class=HTMLResponse)
async def roll_changes_submit(request: Request, election_id: str) -> Response:
    form = await _admin_form(request)
    user, _ = await authorize(request, election_id, Role.MANAGER, str(form.get("csrf_token")))
    d = _deps(request)
    text = str(form.get("changes", ""))
    changes = await run_in_threadpool(d.elections.preview_changes, election_id, text)
    if form.get("action") != "apply" or not changes.ok:
        status = 200 if changes.ok else 422
        context = {"changes": changes, "changes_text": text}
        return await _election_admin(request, election_id, status, **context)
    try:
        await run_in_threadpool(d.elections.change_roll, election_id, text)
    except SuffrageError as exc:
        return await _election_admin(request, election_id, 409, error=str(exc))
    await log_action(request, user, "roll.change", election_id, **changes.counts())
    return await _election_admin(request, election_id, message="roll_changed")


_ROLL_SHOWN = 200
_AUDIT_SHOWN = 100
_ACTIONS = {"joint-key", "invite", "resend", "open", "close", "publish"}


@router.post("/admin/elections/{election_id}/action/{name}", response_class=HTMLResponse)
async def action_submit(request: Request, election_id: str, name: str) -> Response:
    form = await _admin_form(request)
    user, _ = await authorize(request, election_id, Role.MANAGER, str(form.get("csrf_token")))
    if name not in _ACTIONS:
        raise ApiError(404, "not_found", f"no action {name!r}")
    d = _deps(request)
    target = {
        "joint-key": d.ceremonies.fix_joint_key,
        "invite": d.elections.invite,
        "open": d.elections.open,
        "close": d.ceremonies.close,
        "publish": d.ceremonies.publish,
        "resend": d.elections.invitations.resend,
    }[name]
    args: tuple[str, ...] = (election_id,)
    if name == "resend" and form.get("voter_id"):
        args = (election_id, str(form["voter_id"]))
    try:
        await run_in_threadpool(target, *args)
    except SuffrageError as exc:
        return await _election_admin(request, election_id, 409, error=str(exc))
    details = {"voter_id": args[1]} if len(args) > 1 else {}
    action = "invitations.queue" if name == "invite" else f"election.{name}"
    if name == "resend":
        action = "invitations.resend"
    await log_action(request, user, action, election_id, **details)
    return await _election_admin(request, election_id, message=f"done_{name}")
