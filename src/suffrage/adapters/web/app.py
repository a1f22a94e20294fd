"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Lifespan, Message, Receive, Scope, Send

from suffrage import __version__
from suffrage.adapters.web import api, mixing, pages
from suffrage.adapters.web.deps import WebDeps
from suffrage.adapters.web.errors import ApiError, install_error_handlers
from suffrage.adapters.web.fastcast import cast_election, json_messages, serve_cast
from suffrage.adapters.web.i18n import load_catalogues
from suffrage.adapters.web.security import SessionCache
from suffrage.adapters.web.signin import SignInGuard, SignInLimits, scope_source
from suffrage.service.access import Access, AuditLog

__all__ = ["create_app"]

_STATIC = Path(__file__).with_name("static")


# Scripts and styles only from this origin: the booth runs no inline code and loads no
# third-party script (its JSON data blocks are not executed). Every page has the policy,
# /docs included (a page rendered here from the OpenAPI schema, no third-party assets).
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
_CSP_HEADER = (b"content-security-policy", _CSP.encode())
_CAST_HEADERS = [*_HEADERS, _CSP_HEADER]


_NO_STORE = (b"cache-control", b"no-store")


def _has_session(scope: Scope) -> bool:
    return any(
        name == b"cookie" and b"suffrage_session=" in value for name, value in scope["headers"]
    )


class _SecurityHeaders:
    """Add the security headers a response does not set itself (plain ASGI: no extra task)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = [*_HEADERS, _CSP_HEADER]
        if scope["path"].startswith("/admin") or _has_session(scope):
            extra.append(_NO_STORE)  # what an administrator sees stays out of caches

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in extra if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


_SIGN_IN = frozenset({"/api/session", "/admin/login"})
_HELD = 4096


async def _refuse(error: ApiError, send: Send) -> None:
    body = {"error": {"code": error.code, "message": error.message, "details": []}}
    extra = [(k.encode(), v.encode()) for k, v in error.headers.items()]
    for message in json_messages(error.status, body, [*_CAST_HEADERS, *extra]):
        await send(message)


class _App(FastAPI):
    """The application; a cast of the usual shape skips the middleware stack (fastcast).

    A sign-in that would be refused anyway (its address over its limit, the password
    pool busy) is refused here, before anything is read, and after a pause of
    ``refusal_delay`` seconds (for at most ``_HELD`` requests at once): a client that
    signs in without pause then costs the server a few answers a second, not thousands.
    """

    _held = 0

    async def _slowly_refuse(self, refusal: ApiError, send: Send) -> None:
        delay: float = self.state.deps.refusal_delay
        if delay > 0 and _App._held < _HELD:
            _App._held += 1
            try:
                await asyncio.sleep(delay)
            finally:
                _App._held -= 1
        await _refuse(refusal, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        election_id = cast_election(scope)
        if election_id is None:
            if scope["type"] == "http" and scope["path"] in _SIGN_IN and scope["method"] == "POST":
                refusal = self.state.sign_in.refusal(scope_source(scope))
                if refusal is not None:  # answered before reading or parsing anything
                    await self._slowly_refuse(refusal, send)
                    return
            await super().__call__(scope, receive, send)
            return
        deps: WebDeps = self.state.deps
        await serve_cast(election_id, deps, _CAST_HEADERS, scope, receive, send)


def _lifespan(on_shutdown: Callable[[], None] | None) -> Lifespan[FastAPI] | None:
    if on_shutdown is None:
        return None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            on_shutdown()

    return lifespan


def create_app(deps: WebDeps, on_shutdown: Callable[[], None] | None = None) -> FastAPI:
    """The web application over the given service objects.

    ``on_shutdown`` runs when the server shuts the application down (``serve`` stops its
    ballot-checking processes there: the server may end by re-raising the signal that
    stopped it, which leaves no later chance).
    """
    app = _App(
        lifespan=_lifespan(on_shutdown),
        title="suffrage",
        version=__version__,
        description="Verifiable elections: JSON API of the election service.",
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.deps = deps
    app.state.catalogues = load_catalogues(deps.default_locale)
    app.state.sessions = SessionCache(deps.auth)
    app.state.access = Access(deps.auth.uow)
    app.state.audit = AuditLog(deps.auth.uow, deps.auth.clock)
    app.state.sign_in = SignInGuard(
        SignInLimits(workers=deps.login_workers, waiting=deps.login_waiting)
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=deps.secret_key,
        session_cookie="suffrage_session",
        max_age=8 * 3600,
        same_site="strict",
        https_only=deps.https,
    )
    install_error_handlers(app)
    app.add_middleware(_SecurityHeaders)

    @app.get("/healthz", tags=["ops"], summary="Liveness")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    app.include_router(api.router)
    app.include_router(mixing.router)
    app.include_router(pages.router)
    app.state.render_error = pages.render_error
    app.mount("/static", StaticFiles(directory=_STATIC), name="static")
    return app
