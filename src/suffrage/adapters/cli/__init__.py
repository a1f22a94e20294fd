"""Command-line interface (Typer + Rich). Each command family lives in its own module."""

from __future__ import annotations

from suffrage.adapters.cli import (
    constitution,  # noqa: F401  (registers commands)
    counting,  # noqa: F401  (registers commands)
    db,  # noqa: F401  (registers commands)
    doctor,  # noqa: F401  (registers commands)
    election,  # noqa: F401  (registers commands)
    info,  # noqa: F401  (registers commands)
    serve,  # noqa: F401  (registers commands)
    trustee,  # noqa: F401  (registers commands)
    users,  # noqa: F401  (registers commands)
    verification,  # noqa: F401  (registers commands)
)
from suffrage.adapters.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``suffrage`` console script."""
    app()
