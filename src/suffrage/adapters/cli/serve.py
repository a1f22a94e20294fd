"""``suffrage serve``: a thin call into the bootstrap, which builds and runs the web app."""

from __future__ import annotations

import typer

from suffrage.adapters.cli.app import app

__all__ = ["serve"]


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    port: int = typer.Option(8000, min=1, max=65535, help="port to listen on"),
    dev: bool = typer.Option(
        False, "--dev", help="development: run without SUFFRAGE_SECRET_KEY (a random key)"
    ),
) -> None:
    """Migrate the database and serve the election web application.

    Refuses to start without SUFFRAGE_SECRET_KEY unless --dev is given.
    """
    from suffrage import bootstrap

    try:
        bootstrap.serve(host, port, dev=dev)
    except bootstrap.ConfigurationError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
