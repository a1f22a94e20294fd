"""``suffrage doctor``: what is wrong with this installation, and what to do."""

from __future__ import annotations

import typer

from suffrage.adapters.cli.app import app

__all__ = ["doctor"]


@app.command()
def doctor() -> None:
    """Check the configuration, database, SMTP relay and clock; exit 1 if any check fails."""
    from suffrage.config import Settings
    from suffrage.doctor import diagnose

    findings = diagnose(Settings())
    for f in findings:
        typer.echo(f"[{f.level:>4}] {f.topic}: {f.message}")
    if any(f.level == "fail" for f in findings):
        raise typer.Exit(1)
