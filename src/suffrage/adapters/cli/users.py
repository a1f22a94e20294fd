"""``suffrage user ...`` (administrator accounts) and ``suffrage audit export``."""

from __future__ import annotations

import json
import sys

import typer

from suffrage.adapters.cli.app import app
from suffrage.errors import SuffrageError

__all__ = ["audit_app", "user_app"]

user_app = typer.Typer(help="Administrator accounts: create, list, disable, reset password.")
app.add_typer(user_app, name="user")
audit_app = typer.Typer(help="The audit log of administrative actions.")
app.add_typer(audit_app, name="audit")

_PASSWORD = typer.Option(
    ...,
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    envvar="SUFFRAGE_ADMIN_PASSWORD",
    help="the password (prompted; or SUFFRAGE_ADMIN_PASSWORD)",
)


def _fail(exc: SuffrageError) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(1)


@user_app.command("create")
def create(username: str, password: str = _PASSWORD) -> None:
    """Create an administrator account."""
    from suffrage import bootstrap

    try:
        user = bootstrap.create_admin(username, password)
    except SuffrageError as exc:
        raise _fail(exc) from None
    typer.echo(f"administrator {user.username} created")


@user_app.command("list")
def list_users() -> None:
    """List the administrators, with when each was created and disabled."""
    from suffrage import bootstrap

    for user in bootstrap.admin_auth(lambda auth: auth.admins()):
        state = f"disabled {user.disabled_at:%Y-%m-%d %H:%M}" if user.disabled_at else "active"
        typer.echo(f"{user.username}\tcreated {user.created_at:%Y-%m-%d %H:%M}\t{state}")


@user_app.command("disable")
def disable(username: str) -> None:
    """Disable an account and end all of its sessions."""
    from suffrage import bootstrap

    try:
        ended = bootstrap.admin_auth(lambda auth: auth.set_disabled(username, True))
    except SuffrageError as exc:
        raise _fail(exc) from None
    typer.echo(f"{username} disabled; {ended} session(s) ended")


@user_app.command("enable")
def enable(username: str) -> None:
    """Enable a disabled account again."""
    from suffrage import bootstrap

    try:
        bootstrap.admin_auth(lambda auth: auth.set_disabled(username, False))
    except SuffrageError as exc:
        raise _fail(exc) from None
    typer.echo(f"{username} enabled")


@user_app.command("reset-password")
def reset_password(username: str, password: str = _PASSWORD) -> None:
    """Set a new password and end all sessions of the account."""
    from suffrage import bootstrap

    try:
        ended = bootstrap.admin_auth(lambda auth: auth.reset_password(username, password))
    except SuffrageError as exc:
        raise _fail(exc) from None
    typer.echo(f"password of {username} reset; {ended} session(s) ended")


@audit_app.command("export")
def export(
    election: str | None = typer.Option(None, help="only this election's actions"),
    fmt: str = typer.Option("csv", "--format", help="csv or jsonl"),
) -> None:
    """Write the audit log to standard output (CSV or JSON lines)."""
    from suffrage import bootstrap
    from suffrage.service.access import audit_csv

    if fmt not in ("csv", "jsonl"):
        raise typer.BadParameter("csv or jsonl", param_hint="--format")
    entries = bootstrap.audit_entries(election)
    if fmt == "csv":
        sys.stdout.write(audit_csv(entries))
        return
    for e in entries:
        line = {
            "id": e.id,
            "at": e.at.isoformat(),
            "actor": e.actor,
            "source": e.source,
            "action": e.action,
            "election_id": e.election_id,
            "details": e.details,
        }
        sys.stdout.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
