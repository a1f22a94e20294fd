"""``suffrage serve``: a thin call into the bootstrap, which builds and runs the web app."""

from __future__ import annotations

import typer

from suffrage.adapters.cli.app import app

__all__ = ["serve"]


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    port: int = typer.Option(8000, min=1, max=65535, help="port to listen on"),
) -> None:
    """Migrate the database and serve the election web application."""
    from suffrage import bootstrap

    bootstrap.serve(host, port)
