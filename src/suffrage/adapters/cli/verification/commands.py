"""``suffrage verify`` and ``suffrage verify-extends``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from suffrage.adapters.cli.app import app

# The verifier, Rich and the executors are imported by the commands that use them: only
# Typer is loaded to register (and print the help of) these commands.
if TYPE_CHECKING:
    from rich.console import Console

    from suffrage.verify import ProgressCallback, VerificationReport
    from suffrage.verify.plan import ChunkMapper

__all__ = ["count_ballots", "verify", "verify_extends_command"]

_JSON = Annotated[bool, typer.Option("--json", help="Print a machine-readable JSON report.")]


@app.command("verify")
def verify(
    record: Annotated[
        Path, typer.Argument(help="The published record: a directory, .tar.gz, .tgz or .zip.")
    ],
    as_json: _JSON = False,
    workers: Annotated[
        int, typer.Option(min=1, max=256, help="Processes that check ballot chunks in parallel.")
    ] = 1,
    dask: Annotated[
        str | None,
        typer.Option(
            metavar="SCHEDULER",
            help="Check ballot chunks on Dask: 'local' starts --workers local worker "
            "processes; otherwise the address of a running scheduler (tcp://host:8786).",
        ),
    ] = None,
) -> None:
    """Re-check every proof, hash and count of a published election record."""
    from rich.console import Console

    from suffrage.adapters.cli.verification.sources import open_record
    from suffrage.errors import SuffrageError
    from suffrage.verify import verify_record

    err = Console(stderr=True)
    try:
        source = open_record(record)
        total = count_ballots(record) if record.is_dir() else None
        with _progress(err, total, enabled=not as_json) as tick, _mapper(workers, dask) as mapper:
            report = verify_record(source, progress=tick, mapper=mapper)
    except SuffrageError as exc:
        _fail(err, as_json, str(exc))
    _finish(report, as_json, "The record is valid: every check passed.")


@app.command("verify-extends")
def verify_extends_command(
    old: Annotated[Path, typer.Argument(help="The earlier record (directory or archive).")],
    new: Annotated[Path, typer.Argument(help="The later record (directory or archive).")],
    as_json: _JSON = False,
) -> None:
    """Check that NEW's bulletin board extends OLD's: same events, same hashes, then more."""
    from rich.console import Console

    from suffrage.adapters.cli.verification.sources import open_record
    from suffrage.errors import SuffrageError
    from suffrage.verify import verify_extends

    err = Console(stderr=True)
    try:
        report = verify_extends(open_record(old), open_record(new))
    except SuffrageError as exc:
        _fail(err, as_json, str(exc))
    _finish(report, as_json, f"{new} extends {old}: every check passed.")


def _finish(report: VerificationReport, as_json: bool, verdict: str) -> None:
    from rich.console import Console

    from suffrage.adapters.cli.verification.render import print_checklist, report_json

    if as_json:
        typer.echo(report_json(report))
    else:
        print_checklist(report, Console(), verdict)
    if not report.valid:
        raise typer.Exit(code=1)


def _fail(err: Console, as_json: bool, message: str) -> NoReturn:
    if as_json:
        typer.echo(json.dumps({"valid": False, "error": message, "checks": []}, indent=2))
    err.print(f"error: {message}", markup=False, highlight=False, style="bold red", soft_wrap=True)
    raise typer.Exit(code=2)


def count_ballots(record: Path) -> int | None:
    """Ballot and audit events on the board of a record directory (for the progress bar)."""
    board = record / "board.jsonl"
    if not board.is_file():
        return None
    ends = (b'"type":"ballot"}', b'"type":"audit"}')
    with board.open("rb") as fh:
        return sum(1 for line in fh if line.rstrip(b"\r\n").endswith(ends))


@contextmanager
def _mapper(workers: int, dask: str | None) -> Iterator[ChunkMapper]:
    from suffrage.verify.plan import sequential

    if dask is not None:
        from suffrage.adapters.distributed import dask_mapper

        with dask_mapper(dask, workers) as mapper:
            yield mapper
        return
    if workers <= 1:
        yield sequential
        return
    from suffrage.adapters.distributed import process_mapper

    with process_mapper(workers) as mapper:
        yield mapper


@contextmanager
def _progress(
    console: Console, total: int | None, *, enabled: bool
) -> Iterator[ProgressCallback | None]:
    if not enabled or not console.is_terminal:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (
        TextColumn("verifying ballots"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("ballots", total=total)

        def tick(done: int) -> None:
            bar.update(task, completed=done)

        yield tick
