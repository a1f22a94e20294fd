"""``suffrage db upgrade`` and ``suffrage db create-admin``: thin calls into the bootstrap."""

from __future__ import annotations

import typer

from suffrage.adapters.cli.app import app
from suffrage.errors import SuffrageError

__all__ = ["create_admin", "db_app", "upgrade"]

db_app = typer.Typer(help="The service database: migrations and administrators.")
app.add_typer(db_app, name="db")


@db_app.command()
def upgrade() -> None:
    """Migrate the database (SUFFRAGE_DATABASE_URL) to the newest schema."""
    from suffrage import bootstrap

    revision = bootstrap.db_upgrade()
    typer.echo(f"database at revision {revision}")


@db_app.command("create-admin")
def create_admin(
    username: str,
    password: str = typer.Option(
        ...,
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        envvar="SUFFRAGE_ADMIN_PASSWORD",
    ),
) -> None:
    """Create an administrator account."""
    from suffrage import bootstrap

    try:
        user = bootstrap.create_admin(username, password)
    except SuffrageError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"administrator {user.username} created")
