"""``suffrage version``."""

from __future__ import annotations

import typer

from suffrage import __version__
from suffrage.adapters.cli.app import app

__all__ = ["version"]


@app.command()
def version() -> None:
    """Print the suffrage version."""
    typer.echo(__version__)
