"""Command-line interface (Typer + Rich). Each command family lives in its own module.

The modules are imported when their command runs (see :mod:`.app`), not here, so that
``suffrage --help`` and every command start without loading the others.
"""

from __future__ import annotations

from suffrage.adapters.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``suffrage`` console script."""
    app()
