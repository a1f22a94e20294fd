"""``suffrage count``, ``suffrage apportion`` and ``suffrage methods``."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from suffrage.adapters.cli.app import app

# The counting rules and Rich are imported by the commands that use them, so that
# registering these commands (and ``--help``) loads nothing but Typer.
if TYPE_CHECKING:
    from suffrage.rules import Result, TiePolicy

__all__ = ["apportion", "count", "methods", "parse_threshold"]


def _fail(message: str) -> NoReturn:
    from rich.console import Console

    Console(stderr=True).print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror or exc}")


def _policy(tie_seed: str | None) -> TiePolicy:
    from suffrage.rules import TiePolicy

    if tie_seed is None:
        return TiePolicy()
    try:
        return TiePolicy(seed=bytes.fromhex(tie_seed))
    except ValueError:
        _fail(f"--tie-seed must be hexadecimal, got {tie_seed!r}")


def parse_threshold(text: str) -> Fraction:
    """``5%``, ``0.05`` or ``1/20`` as an exact share."""
    try:
        if text.endswith("%"):
            return Fraction(text[:-1].strip()) / 100
        return Fraction(text.strip())
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"threshold {text!r} is not a share such as 5%, 0.05 or 1/20") from None


def _show(result: Result, title: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    if title:
        console.print(f"[bold]{title}[/]")
    console.print(result.count_sheet(), markup=False)
    table = Table(title="Result")
    table.add_column("#", justify="right")
    table.add_column("elected")
    if result.seats is not None:
        table.add_column("seats", justify="right")
    for i, name in enumerate(result.elected, 1):
        row = [str(i), name]
        if result.seats is not None:
            row.append(str(result.seats[name]))
        table.add_row(*row)
    console.print(table)


@app.command()
def count(
    file: Annotated[Path, typer.Argument(help="ballots: .blt, .soc/.soi/.toc/.toi or .csv")],
    method: Annotated[str, typer.Option("--method", "-m", help="method id (see `methods`)")],
    seats: Annotated[
        int | None, typer.Option(help="seats to fill (default: from file, or 1)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the result as JSON")] = False,
    tie_seed: Annotated[str | None, typer.Option(help="hex seed of the tie-breaking lot")] = None,
) -> None:
    """Count a ballot file with a registered method and print the count sheet."""
    from suffrage.errors import SuffrageError
    from suffrage.rules import get_method
    from suffrage.rules.io import as_ballot_kind, parse_ballot_file

    policy = _policy(tie_seed)
    try:
        info = get_method(method)
        ballots = parse_ballot_file(_read(file), source=str(file))
        if not info.multi_seat:
            if seats not in (None, 1):
                _fail(f"{info.id} fills one seat; --seats {seats} does not apply")
            n = 1
        else:
            n = seats if seats is not None else (ballots.seats or 1)
        profile = as_ballot_kind(ballots.counted_profile(), info.ballot_kind)
        result: Result = info.count(profile, seats=n, ties=policy)
    except SuffrageError as exc:
        _fail(str(exc))
    if as_json:
        out: dict[str, Any] = result.to_json()
        out["title"] = ballots.title
        out["seats_to_fill"] = n
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        _show(result, ballots.title)


@app.command()
def apportion(
    file: Annotated[Path, typer.Argument(help="CSV of party,votes")],
    seats: Annotated[int, typer.Option(help="seats to apportion")],
    method: Annotated[str, typer.Option("--method", "-m", help="apportionment method id")],
    threshold: Annotated[
        str | None, typer.Option(help="legal threshold: 5%, 0.05 or 1/20 of valid votes")
    ] = None,
    minimum: Annotated[int, typer.Option(help="minimum seats per unit (divisor methods)")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="print the result as JSON")] = False,
    tie_seed: Annotated[str | None, typer.Option(help="hex seed of the tie-breaking lot")] = None,
) -> None:
    """Apportion seats among parties (or states) from a party,votes CSV."""
    from suffrage.errors import SuffrageError
    from suffrage.rules import get_method
    from suffrage.rules.io import parse_party_csv

    policy = _policy(tie_seed)
    try:
        share = parse_threshold(threshold) if threshold is not None else None
    except ValueError as exc:
        _fail(str(exc))
    try:
        info = get_method(method)
        if info.family != "apportionment":
            _fail(f"{info.id} is not an apportionment method")
        tally = parse_party_csv(_read(file), source=str(file)).profile
        result: Result = info.count(
            tally, seats=seats, ties=policy, threshold=share, minimum=minimum
        )
    except SuffrageError as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        _show(result, None)


@app.command()
def methods(
    as_json: Annotated[
        bool, typer.Option("--json", help="print the methods as a JSON list")
    ] = False,
) -> None:
    """List the registered counting and apportionment methods."""
    from rich.console import Console
    from rich.table import Table

    from suffrage.rules import all_methods

    registered = all_methods()
    if as_json:
        rows = [
            {"id": m.id, "name": m.name, "family": m.family, "ballot_kind": m.ballot_kind,
             "multi_seat": m.multi_seat, "citation": m.citation}
            for m in registered
        ]  # fmt: skip
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title="Counting and apportionment methods")
    # Ids are what a user copies into --method: never wrapped or cut, whatever the width;
    # the other columns wrap to make room.
    widest = max((len(m.id) for m in registered), default=2)
    table.add_column("id", no_wrap=True, min_width=widest)
    for column in ("family", "ballot kind", "name", "citation"):
        table.add_column(column, overflow="fold")
    for m in registered:
        table.add_row(m.id, m.family, m.ballot_kind, m.name, m.citation)
    Console(highlight=False).print(table)
