"""``suffrage db upgrade|create-admin|backup|restore``: thin calls into the bootstrap."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from suffrage.adapters.cli.app import app
from suffrage.errors import SuffrageError

__all__ = ["backup", "create_admin", "db_app", "restore", "upgrade"]

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


@db_app.command()
def backup(
    out: Annotated[Path, typer.Argument(help="the backup file to write (must not exist)")],
) -> None:
    """Write a consistent backup of the database (SQLite online backup, or pg_dump)."""
    from suffrage import backup as backups
    from suffrage.config import Settings

    try:
        typer.echo(backups.backup(Settings(), out))
    except SuffrageError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


@db_app.command()
def restore(
    backup_file: Annotated[Path, typer.Argument(help="a file written by `suffrage db backup`")],
    force: Annotated[
        bool, typer.Option("--force", help="replace a database that holds elections")
    ] = False,
) -> None:
    """Put a backup back in place of the database (stop the server first)."""
    from suffrage import backup as backups
    from suffrage.config import Settings

    try:
        typer.echo(backups.restore(Settings(), backup_file, force=force))
    except SuffrageError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
