"""Web adapter: FastAPI JSON API, server-rendered pages and the voter booth."""

from suffrage.adapters.web.app import create_app
from suffrage.adapters.web.deps import WebDeps

__all__ = ["WebDeps", "create_app"]
