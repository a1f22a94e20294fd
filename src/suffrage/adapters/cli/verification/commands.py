"""``suffrage verify`` and ``suffrage verify-extends``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from suffrage.adapters.cli.app import app
from suffrage.adapters.cli.verification.render import print_checklist, report_json
from suffrage.adapters.cli.verification.sources import open_record
from suffrage.adapters.distributed import dask_mapper
from suffrage.errors import SuffrageError
from suffrage.verify import ProgressCallback, VerificationReport, verify_extends, verify_record
from suffrage.verify.model import Election
from suffrage.verify.plan import Chunk, ChunkMapper, bounded_map, sequential
from suffrage.verify.segment import Segment

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
    err = Console(stderr=True)
    try:
        report = verify_extends(open_record(old), open_record(new))
    except SuffrageError as exc:
        _fail(err, as_json, str(exc))
    _finish(report, as_json, f"{new} extends {old}: every check passed.")


def _finish(report: VerificationReport, as_json: bool, verdict: str) -> None:
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
    if dask is not None:
        with dask_mapper(dask, workers) as mapper:
            yield mapper
        return
    if workers <= 1:
        yield sequential
        return
    with ProcessPoolExecutor(workers) as pool:

        def mapper(election: Election, chunks: Iterator[Chunk]) -> Iterator[Segment]:
            return bounded_map(pool.submit, election, chunks, window=2 * workers)

        yield mapper


@contextmanager
def _progress(
    console: Console, total: int | None, *, enabled: bool
) -> Iterator[ProgressCallback | None]:
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
        task = bar.add_task("ballots", total=total)

        def tick(done: int) -> None:
            bar.update(task, completed=done)

        yield tick
