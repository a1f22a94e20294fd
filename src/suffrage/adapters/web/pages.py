"""Server-rendered pages: administration, public board and results, the voter booth."""

from __future__ import annotations

import json
import re
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

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
from suffrage.adapters.web.wording import (
    ACTIONS,
    Plain,
    allowed_actions,
    plain_roll_error,
    plain_service_error,
    when,
)
from suffrage.crypto.group import Element
from suffrage.errors import (
    Conflict,
    InvalidEncoding,
    InvalidInput,
    NotFound,
    PermissionDenied,
    SuffrageError,
)
from suffrage.protocol.board import parse_event_line
from suffrage.protocol.encoding import parse_json
from suffrage.protocol.identity import fingerprint
from suffrage.protocol.lifecycle import TRANSITIONS
from suffrage.service.access import Access, AuditLog
from suffrage.service.mixing import MixStatus
from suffrage.service.model import Role
from suffrage.service.presets import ElectionRequest, presets
from suffrage.service.results import contest_views, results_csv, results_json, seat_dots

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


def _translator(cats: Catalogues, locale: str) -> Any:
    def t(key: str, **values: Any) -> str:
        text = cats.gettext(locale, key)
        return text.format(**values) if values else text

    return t


def _lang_url(request: Request, locale: str) -> str:
    """This page's address in another language (its other query parameters kept)."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return f"{request.url.path}?{urlencode([*query, ('lang', locale)])}"


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    cats: Catalogues = request.app.state.catalogues
    locale = _locale(request)
    t = _translator(cats, locale)
    context.update(
        request=request,
        locale=locale,
        locales=cats.locales,
        t=t,
        js_text=lambda prefix: cats.section(locale, prefix),
        lang_url=lambda other: _lang_url(request, other),
        lang_name=lambda other: cats.gettext(other, "language_name"),
        when=lambda moment, seconds=False: when(t, moment, seconds=seconds),
        csrf=csrf_token(request),
        admin=current_admin(request),
    )
    response = templates.TemplateResponse(request, name, context, status_code=status)
    if request.query_params.get("lang") in cats.messages:
        response.set_cookie("lang", locale, max_age=365 * 86400, samesite="lax")
    return response


def render_error(request: Request, status: int, code: str, message: str, details: Any) -> Response:
    if code == "unauthorized" and request.method == "GET":  # sign in, then come back here
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return _see_other(f"/admin/login?{urlencode({'next': target})}")
    return render(request, "error.html", status, code=code, message=message, details=details)


def _safe_next(value: object) -> str | None:
    """A sign-in's return address: a path of this site only (never another host)."""
    if not isinstance(value, str) or not re.fullmatch(r"/(?![/\\])[^\s\\]*", value):
        return None
    return value


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
    track = request.query_params.get("track", "")[:64]
    return render(request, "election.html", election=election, turnout=turnout, track=track)


_PAGE = 50  # board events per page
_SCAN = 5000  # most events read to fill one page of a filtered view
_EVENT_TYPES = tuple(dict.fromkeys(t for _, t in TRANSITIONS))


def _board_url(election_id: str, **query: Any) -> str:
    kept = {k: v for k, v in query.items() if v not in ("", None)}
    return f"/elections/{election_id}/board" + (f"?{urlencode(kept)}" if kept else "")


@router.get("/elections/{election_id}/board", response_class=HTMLResponse)
async def board_page(
    request: Request, election_id: str, start: int = 0, type: str = "", code: str = ""
) -> Response:
    d = _deps(request)
    election = await run_in_threadpool(d.elections.get, election_id)
    start, kind = max(start, 0), type if type in _EVENT_TYPES else ""
    highlight, code_error = None, None
    if code.strip():
        try:
            found = await run_in_threadpool(d.box.lookup, election_id, code.strip().lower())
        except NotFound:
            code_error = "board_code_not_found"
        except InvalidInput:
            code_error = "board_code_bad"
        else:
            highlight, kind = found.seq, ""
            start = found.seq - found.seq % _PAGE
    if kind:
        records, next_start, scanned_to = await run_in_threadpool(
            _filtered, d, election_id, start, kind
        )
        prev_url = _board_url(election_id, type=kind) if start > 0 else None
    else:
        records = await run_in_threadpool(d.elections.board, election_id, start, _PAGE)
        next_start = start + _PAGE if len(records) == _PAGE else None
        scanned_to = None
        prev_url = _board_url(election_id, start=max(start - _PAGE, 0)) if start > 0 else None
    # An event's time is the server's record of when it appended it (not in the hashed
    # line); events stored before it kept one fall back to the election's own times.
    times = {"setup": election.created_at, "open": election.opened_at, "close": election.closed_at}
    events = [
        (r, parse_event_line(r.line.encode("utf-8")), r.recorded_at or times.get(r.type))
        for r in records
    ]
    return render(
        request,
        "board.html",
        election=election,
        events=events,
        first=records[0].seq if records else 0,
        last=records[-1].seq if records else 0,
        type=kind,
        event_types=_EVENT_TYPES,
        highlight=highlight,
        code_error=code_error,
        prev_url=prev_url,
        next_url=None
        if next_start is None
        else _board_url(election_id, start=next_start, type=kind),
        scanned_to=scanned_to,
    )


def _filtered(
    d: WebDeps, election_id: str, start: int, kind: str
) -> tuple[list[Any], int | None, int | None]:
    """One page of events of one type from ``start``: (events, next start, scan stop)."""
    out: list[Any] = []
    position = start
    while position < start + _SCAN:
        chunk = d.elections.board(election_id, position, 500)
        for record in chunk:
            if record.type == kind:
                out.append(record)
                if len(out) == _PAGE:
                    return out, record.seq + 1, None
        if len(chunk) < 500:
            return out, None, None
        position = chunk[-1].seq + 1
    return out, position, position - 1


@router.get("/elections/{election_id}/results", response_class=HTMLResponse)
async def results_page(request: Request, election_id: str) -> Response:
    d = _deps(request)
    election = await run_in_threadpool(d.elections.get, election_id)
    try:
        result = await run_in_threadpool(d.ceremonies.result, election_id)
    except Conflict:
        return render(request, "results.html", election=election, result=None)
    views = [(v, seat_dots(v)) for v in contest_views(election.manifest, result)]
    return render(request, "results.html", election=election, result=result, views=views)


@router.get("/elections/{election_id}/report", response_class=HTMLResponse)
async def report_page(request: Request, election_id: str) -> Response:
    """The printable report: outcome with count sheets, fingerprint, verification status."""
    d = _deps(request)
    election = await run_in_threadpool(d.elections.get, election_id)
    result = await run_in_threadpool(d.ceremonies.result, election_id)
    # verified once per board head: a published record is not re-checked on every visit
    verified = await run_in_threadpool(d.elections.verified_record, election_id)
    views = [(v, seat_dots(v)) for v in contest_views(election.manifest, result)]
    return render(
        request,
        "results.html",
        election=election,
        result=result,
        views=views,
        report=True,
        head=verified.head,
        verification=verified.report,
    )


@router.get("/elections/{election_id}/results.csv")
async def results_csv_export(request: Request, election_id: str) -> Response:
    d = _deps(request)
    election = await run_in_threadpool(d.elections.get, election_id)
    result = await run_in_threadpool(d.ceremonies.result, election_id)
    text = results_csv(contest_views(election.manifest, result))
    disposition = f'attachment; filename="{election_id}-results.csv"'
    return Response(
        text, media_type="text/csv; charset=utf-8", headers={"content-disposition": disposition}
    )


@router.get("/elections/{election_id}/results.json")
async def results_json_export(request: Request, election_id: str) -> Response:
    d = _deps(request)
    election = await run_in_threadpool(d.elections.get, election_id)
    result = await run_in_threadpool(d.ceremonies.result, election_id)
    files = await run_in_threadpool(d.elections.record, election_id)
    head = str(json.loads(files["head.json"])["head"])
    views = contest_views(election.manifest, result)
    body = results_json(views, election.id, election.manifest_hash, head)
    return Response(body, media_type="application/json")


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
    mixing = await run_in_threadpool(d.ceremonies.mixing, election_id)
    data = {"id": election.id, "manifest": election.manifest}
    return render(
        request,
        "trustee.html",
        election=election,
        trustee_data=_script_json(data),
        mixing=[(s, _mix_state(s)) for s in mixing],
    )


def _mix_state(s: MixStatus) -> str:
    """The catalogue key of how far a ranked contest's mixing is."""
    if s.ballots is None:
        return "mix_state_waiting"
    if s.ballots == 0:
        return "mix_state_empty"
    if not s.mixed:
        return "mix_state_mixing"
    return "mix_state_done" if s.decrypted else "mix_state_decrypting"


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
    next_url = _safe_next(request.query_params.get("next"))
    return render(request, "login.html", failed=False, next_url=next_url)


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
        next_url = _safe_next(form.get("next"))
        return render(request, "login.html", 401, failed=True, next_url=next_url)
    token = await run_in_threadpool(auth.open_session, user.username)
    sign_in(request, user.username, token)
    await log_action(request, user.username, "session.sign_in")
    return _see_other(_safe_next(form.get("next")) or "/admin")


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
    request: Request,
    status: int = 200,
    error: Plain | None = None,
    manifest_text: str = "",
    form: dict[str, Any] | None = None,
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
        form=form or {},
    )


def _plain(request: Request, message: str) -> Plain:
    cats: Catalogues = request.app.state.catalogues
    return plain_service_error(_translator(cats, _locale(request)), message)


@router.post("/admin/elections", response_class=HTMLResponse)
async def create_submit(request: Request) -> Response:
    form = await _admin_form(request)
    d = _deps(request)
    text = str(form.get("manifest", ""))
    try:
        manifest = json.loads(text)
    except ValueError as exc:
        error = Plain(
            _translator(request.app.state.catalogues, _locale(request))("svc_bad_json"), str(exc)
        )
        return await _admin_page(request, 422, error=error, manifest_text=text)
    try:
        election = await run_in_threadpool(d.elections.create, manifest)
    except (ValueError, SuffrageError) as exc:
        return await _admin_page(request, 422, error=_plain(request, str(exc)), manifest_text=text)
    await created(request, _admin(request, form), election)
    return _see_other(f"/admin/elections/{election.id}")


@router.post("/admin/elections/preset", response_class=HTMLResponse)
async def create_from_preset_submit(request: Request) -> Response:
    form = await _admin_form(request)
    d = _deps(request)
    shown = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    t = _translator(request.app.state.catalogues, _locale(request))
    given = str(form.get("threshold", "")).strip()
    try:
        trustees = _trustee_lines(str(form.get("trustees", "")))
    except _TrusteeLine as bad:
        error = Plain(t("trustee_line_invalid", n=bad.line))
        return await _admin_page(request, 422, error=error, form=shown)
    seats = _seats_field(form.get("seats"))
    if seats is None:
        return await _admin_page(request, 422, error=Plain(t("seats_invalid")), form=shown)
    req = ElectionRequest(
        preset=str(form.get("constitution", "")),
        id=str(form.get("id", "")).strip(),
        title=str(form.get("title", "")).strip(),
        options=_lines(form.get("options")),
        trustees=trustees,
        # blank: two; a non-number (0) is refused by the manifest check with its own message
        threshold=(int(given) if given.isdigit() else 0) if given else 2,
        registrar_key=str(form.get("registrar_key", "")).strip() or None,
        seats=seats,
        units=_lines(form.get("units")),
    )
    try:
        election = await run_in_threadpool(d.elections.create_from_preset, req)
    except SuffrageError as exc:
        return await _admin_page(request, 422, error=_plain(request, str(exc)), form=shown)
    await created(request, _admin(request, form), election)
    return _see_other(f"/admin/elections/{election.id}")


def _lines(value: object) -> tuple[str, ...]:
    """The non-blank lines of a text area, stripped."""
    return tuple(line.strip() for line in str(value or "").splitlines() if line.strip())


class _TrusteeLine(ValueError):
    """A trustee line of the preset form is not ``name, public key``."""

    def __init__(self, line: int) -> None:
        super().__init__(f"trustee line {line}: write the name, a comma, then the public key")
        self.line = line


def _trustee_lines(text: str) -> tuple[tuple[str, str], ...]:
    """``name, public key`` per non-empty line; :class:`_TrusteeLine` names a bad line."""
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, _, key = line.rpartition(",")
        key = key.strip()
        if not name.strip() or len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            raise _TrusteeLine(n)
        out.append((name.strip(), key))
    return tuple(out)


def _seats_field(value: object) -> int | None:
    """Seats from the form: 1 when blank, ``None`` unless a whole number 1..10000."""
    text = str(value or "").strip()
    if not text:
        return 1
    if not (text.isascii() and text.isdigit()) or len(text) > 5:
        return None
    return int(text) if 1 <= int(text) <= 10_000 else None


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
    t = _translator(request.app.state.catalogues, _locale(request))
    actions, waiting = allowed_actions(t, election, turnout, ceremony)
    preview = extra.get("preview")
    context = {
        "registrar": _registrar_fingerprint(election.manifest),
        "credential_list": await run_in_threadpool(d.elections.credential_list, election_id),
        "credential_problems": None,
        "changes": None,
        "changes_text": "",
        "preview": None,
        "message": None,
        "error": None,
        "actions": actions,
        "waiting": waiting,
        "roll_errors": [plain_roll_error(t, e) for e in preview.errors] if preview else [],
        "roll_locked": election.phase.value != "keys" or turnout.invited > 0,
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


def _registrar_fingerprint(manifest: dict[str, Any]) -> str | None:
    """The registrar key's fingerprint when the manifest names a registrar."""
    authority = manifest.get("credentials")
    if not isinstance(authority, dict) or authority.get("authority") != "registrar":
        return None
    return fingerprint(Element.from_hex(str(authority["public_key"])))


async def _upload_text(form: dict[str, Any], field: str, what: str) -> str:
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(MAX_ROLL + 1)
        if len(data) > MAX_ROLL:
            raise ApiError(413, "payload_too_large", f"the {what} is too large")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput(f"the {what} is not UTF-8 text") from None
    return str(form.get(field, ""))


@router.post("/admin/elections/{election_id}/credentials", response_class=HTMLResponse)
async def credentials_submit(request: Request, election_id: str) -> Response:
    """Store the registrar's signed public credential list (registrar mode)."""
    form = await _form(request)
    _admin(request, form)
    d = _deps(request)
    text = await _upload_text(form, "document", "credential list")
    try:
        document = parse_json(text, what="public-credentials.json")
        await run_in_threadpool(d.elections.upload_credentials, election_id, document)
    except (InvalidInput, InvalidEncoding) as exc:
        details = exc.details if isinstance(exc, InvalidInput) else []
        problems = details or [{"item": "public-credentials.json", "message": str(exc)}]
        return await _election_admin(
            request, election_id, 422, error=str(exc), credential_problems=problems
        )
    except SuffrageError as exc:
        return await _election_admin(request, election_id, 409, error=str(exc))
    return await _election_admin(request, election_id, message="done_credentials")


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


@router.post("/admin/elections/{election_id}/action/{name}", response_class=HTMLResponse)
async def action_submit(request: Request, election_id: str, name: str) -> Response:
    form = await _admin_form(request)
    user, _ = await authorize(request, election_id, Role.MANAGER, str(form.get("csrf_token")))
    if name not in ACTIONS:
        raise ApiError(404, "not_found", f"no action {name!r}")
    if ACTIONS[name] and form.get("confirm") != "yes":  # irreversible: the box must be ticked
        t = _translator(request.app.state.catalogues, _locale(request))
        error = Plain(t("confirm_needed", action=t(f"action_{name}").lower()))
        return await _election_admin(request, election_id, 422, error=error)
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
        return await _election_admin(request, election_id, 409, error=_plain(request, str(exc)))
    details = {"voter_id": args[1]} if len(args) > 1 else {}
    action = "invitations.queue" if name == "invite" else f"election.{name}"
    if name == "resend":
        action = "invitations.resend"
    await log_action(request, user, action, election_id, **details)
    return await _election_admin(request, election_id, message=f"done_{name}")
