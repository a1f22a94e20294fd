"""One error envelope for every failure: ``{"error": {"code", "message", "details"}}``.

The API always answers with the envelope; a page request (a browser asking for HTML
outside ``/api``) gets the same information as an HTML page.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from suffrage.errors import (
    Conflict,
    InvalidEncoding,
    InvalidInput,
    InvalidProof,
    ManifestError,
    NotFound,
    PermissionDenied,
    ProtocolError,
    RateLimited,
    SuffrageError,
)

__all__ = ["ApiError", "classify", "envelope", "install_error_handlers"]

_STATUS: tuple[tuple[type[Exception], int, str], ...] = (
    (NotFound, 404, "not_found"),
    (PermissionDenied, 403, "permission_denied"),
    (RateLimited, 429, "too_many_requests"),
    (Conflict, 409, "conflict"),
    (InvalidInput, 422, "invalid_input"),
    (ManifestError, 422, "invalid_manifest"),
    (InvalidEncoding, 422, "invalid_encoding"),
    (InvalidProof, 422, "invalid_proof"),
    (ProtocolError, 409, "protocol_error"),
)

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    411: "length_required",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
    422: "invalid_input",
}


class ApiError(Exception):
    """An error raised by the web layer itself (authentication, CSRF, size, media type)."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


def envelope(status: int, code: str, message: str, details: Any = None) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "details": details or []}}
    return JSONResponse(body, status_code=status)


def _render(request: Request, status: int, code: str, message: str, details: Any) -> Response:
    wants_html = "text/html" in request.headers.get("accept", "")
    pages = getattr(request.app.state, "render_error", None)
    if wants_html and not request.url.path.startswith("/api") and pages is not None:
        response: Response = pages(request, status, code, message, details)
        return response
    return envelope(status, code, message, details)


def classify(exc: Exception) -> tuple[int, str, str, Any]:
    """The status, code, message and details of the envelope for ``exc``."""
    if isinstance(exc, ApiError):
        return exc.status, exc.code, exc.message, []
    if isinstance(exc, SuffrageError):
        for kind, status, code in _STATUS:
            if isinstance(exc, kind):
                details = exc.details if isinstance(exc, InvalidInput) else []
                return status, code, str(exc), details
        return 400, "rejected", str(exc), []
    return 500, "internal_error", "the server failed to handle this request", []


async def _suffrage_error(request: Request, exc: Exception) -> Response:
    return _render(request, *classify(exc))


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    response = _render(request, exc.status, exc.code, exc.message, [])
    response.headers.update(exc.headers)
    return response


async def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    details = [
        {"field": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")}
        for e in exc.errors()
    ]
    return _render(request, 422, "invalid_input", "the request is not valid", details)


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    return _render(request, exc.status_code, code, str(exc.detail), [])


async def _internal(request: Request, exc: Exception) -> Response:
    return envelope(500, "internal_error", "the server failed to handle this request")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(SuffrageError, _suffrage_error)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _internal)
