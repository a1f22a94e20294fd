"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from suffrage import __version__
from suffrage.adapters.web import api, pages
from suffrage.adapters.web.deps import WebDeps
from suffrage.adapters.web.errors import install_error_handlers
from suffrage.adapters.web.i18n import load_catalogues
from suffrage.adapters.web.security import LoginThrottle

__all__ = ["create_app"]

_STATIC = Path(__file__).with_name("static")


# Scripts and styles only from this origin: the booth runs no inline code and loads no
# third-party script (its JSON data blocks are not executed). /docs loads Swagger UI
# from a CDN and is left without the policy.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if not request.url.path.startswith("/docs"):
        response.headers.setdefault("Content-Security-Policy", _CSP)
    return response


def create_app(deps: WebDeps) -> FastAPI:
    """The web application over the given service objects."""
    app = FastAPI(
        title="suffrage",
        version=__version__,
        description="Verifiable elections: JSON API of the election service.",
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.deps = deps
    app.state.catalogues = load_catalogues(deps.default_locale)
    app.state.login_throttle = LoginThrottle()
    app.add_middleware(
        SessionMiddleware,
        secret_key=deps.secret_key,
        session_cookie="suffrage_session",
        max_age=8 * 3600,
        same_site="strict",
        https_only=deps.https,
    )
    install_error_handlers(app)
    app.middleware("http")(_security_headers)

    @app.get("/healthz", tags=["ops"], summary="Liveness")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    app.include_router(api.router)
    app.include_router(pages.router)
    app.state.render_error = pages.render_error
    app.mount("/static", StaticFiles(directory=_STATIC), name="static")
    return app
