"""``suffrage verify`` and ``suffrage verify-extends``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from suffrage.adapters.cli.app import app
from suffrage.adapters.cli.verification.render import print_checklist, report_json
from suffrage.adapters.cli.verification.sources import open_record
from suffrage.errors import SuffrageError
from suffrage.verify import ProgressCallback, VerificationReport, verify_extends, verify_record

__all__ = ["verify", "verify_extends_command"]

_JSON = Annotated[bool, typer.Option("--json", help="Print a machine-readable JSON report.")]


@app.command("verify")
def verify(
    record: Annotated[
        Path, typer.Argument(help="The published record: a directory, .tar.gz, .tgz or .zip.")
    ],
    as_json: _JSON = False,
) -> None:
    """Re-check every proof, hash and count of a published election record."""
    err = Console(stderr=True)
    try:
        source = open_record(record)
        with _progress(err, enabled=not as_json) as tick:
            report = verify_record(source, progress=tick)
    except SuffrageError as exc:
        _fail(err, as_json, str(exc))
    _finish(report, as_json)


@app.command("verify-extends")
def verify_extends_command(
    old: Annotated[Path, typer.Argument(help="The earlier record (directory or archive).")],
    new: Annotated[Path, typer.Argument(help="The later record (directory or archive).")],
    as_json: _JSON = False,
) -> None:
    """Check that NEW's bulletin board extends OLD's: same events, same hashes, then more."""
    err = Console(stderr=True)
    try:
        report = verify_extends(open_record(old), open_record(new))
    except SuffrageError as exc:
        _fail(err, as_json, str(exc))
    _finish(report, as_json)


def _finish(report: VerificationReport, as_json: bool) -> None:
    if as_json:
        typer.echo(report_json(report))
    else:
        print_checklist(report, Console())
    if not report.valid:
        raise typer.Exit(code=1)


def _fail(err: Console, as_json: bool, message: str) -> NoReturn:
    if as_json:
        typer.echo(json.dumps({"valid": False, "error": message, "checks": []}, indent=2))
    err.print(f"error: {message}", markup=False, highlight=False, style="bold red")
    raise typer.Exit(code=2)


@contextmanager
def _progress(console: Console, *, enabled: bool) -> Iterator[ProgressCallback | None]:
    if not enabled or not console.is_terminal:
        yield None
        return
    columns = (
        TextColumn("verifying ballots"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("ballots", total=None)

        def tick(done: int) -> None:
            bar.update(task, completed=done)

        yield tick
