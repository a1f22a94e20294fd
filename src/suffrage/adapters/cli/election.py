"""``suffrage demo`` and ``suffrage ballot check``: run the embedded election, look up a ballot.

The protocol is pure; this module does the I/O: it draws randomness, writes the record
files, reads them back for the independent verifier and prints Rich tables and progress.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from suffrage.adapters.cli.app import app
from suffrage.adapters.cli.ranked_view import print_ranked
from suffrage.adapters.cli.result import print_outcomes
from suffrage.errors import InvalidInput, SuffrageError
from suffrage.protocol.encoding import PROTOCOL, JsonObject, parse_json
from suffrage.protocol.identity import election_fingerprint
from suffrage.protocol.record import (
    RECORD_FILES,
    archive,
    ballot_status,
    read_archive,
    record_board,
    record_files,
)
from suffrage.protocol.simulation import ranked_manifest, run_demo, seeded_rng
from suffrage.rules.constitution import load_preset, preset_names
from suffrage.service.presets import ElectionRequest, manifest_from_preset
from suffrage.service.results import contest_views
from suffrage.verify import MemorySource, VerificationReport, verify_record

__all__ = ["ballot_app", "ballot_check", "demo"]

ballot_app = typer.Typer(help="Voter tools: check a ballot on a published record.")
app.add_typer(ballot_app, name="ballot")

_STAGES = {
    "keys": "Key ceremony",
    "ballots": "Voters casting",
    "decryption": "Decryption",
    "verifying": "Verifying",
}


def _fail(console: Console, message: str, code: int = 1) -> NoReturn:
    console.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


# ---------------------------------------------------------------- record files on disk


def _is_previous_record(out: Path) -> bool:
    """Does ``out`` hold only what a previous demo wrote (a suffrage record)?"""
    leftovers = {f".{name}.tmp" for name in RECORD_FILES}  # from an interrupted write
    names = {p.name for p in out.iterdir()} - leftovers
    if not names <= set(RECORD_FILES) or "head.json" not in names:
        return False
    try:
        head = parse_json((out / "head.json").read_bytes(), what="head.json")
    except (SuffrageError, OSError):
        return False
    return isinstance(head, dict) and head.get("protocol") == PROTOCOL


def _check_out_dir(out: Path, console: Console) -> None:
    if out.exists() and not out.is_dir():
        _fail(console, f"{out} exists and is not a directory", 2)
    if out.is_dir() and any(out.iterdir()) and not _is_previous_record(out):
        _fail(console, f"{out} is not empty and holds no suffrage record; not touching it", 2)


def _write_record(out: Path, files: dict[str, bytes]) -> None:
    """Write each file to a temporary name, then rename it into place."""
    out.mkdir(parents=True, exist_ok=True)
    for name in RECORD_FILES:
        tmp = out / f".{name}.tmp"
        tmp.write_bytes(files[name])
        os.replace(tmp, out / name)


def _read_record(path: Path) -> dict[str, bytes]:
    if path.is_file():
        return read_archive(path.read_bytes())
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: no such record directory or archive")
    return {name: (path / name).read_bytes() for name in RECORD_FILES if (path / name).exists()}


# ---------------------------------------------------------------- output


@contextmanager
def _progress(console: Console) -> Iterator[Callable[[str, int, int], None]]:
    columns = (
        TextColumn("{task.description:<16}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(_STAGES.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _verify(out: Path, console: Console, ballots: int) -> VerificationReport:
    source = MemorySource(_read_record(out), label=str(out))
    with _progress(console) as update:
        return verify_record(source, progress=lambda n: update("verifying", n, ballots))


def _print_verification(report: VerificationReport, console: Console) -> None:
    passed = sum(1 for c in report.checks if c.passed)
    if report.valid:
        console.print(f"[green]Independent verifier: record valid[/] ({passed} checks passed)")
        return
    console.print(f"[red]Independent verifier: {len(report.failed)} check(s) failed[/]")
    for check in report.checks:
        if not check.passed:
            console.print(f"  [red]{check.status.value}[/] {check.id}: {check.detail}")


#: The demo's options and seats per ballot kind of a preset.
_DEMO_OPTIONS = {
    "party-votes": (("Red list", "Green list", "Blue list", "Orange list", "Grey list"), 10),
    "keep-strike": (("Ada Lovelace",), 1),
    "choose-one": (("Ada Lovelace", "Rosa Luxemburg", "Jean Jaurès"), 1),
}


#: The units of the demo plebiscite: its double majority counts them (7.15.5).
_DEMO_UNITS = ("North", "South", "East", "West", "Centre")


def _preset_manifest(preset: str, trustees: int, threshold: int, seed: str | None) -> JsonObject:
    """The demo's one contest under a constitution preset's ballot and outcome rules."""
    try:
        kind = load_preset(preset).ballot.kind
    except (SuffrageError, FileNotFoundError, ValueError):
        raise InvalidInput(
            f"unknown constitution preset {preset!r}; known: {', '.join(preset_names())}"
        ) from None
    names, seats = _DEMO_OPTIONS.get(kind, _DEMO_OPTIONS["choose-one"])
    request = ElectionRequest(
        preset=preset,
        id=f"demo-{preset}",
        title=f"Demo election under {preset}",
        options=() if preset == "plebiscite" else names,
        trustees=tuple((f"Trustee {chr(65 + i)}", "") for i in range(trustees)),  # keys: run_demo
        threshold=threshold,
        seats=seats,
        tie_seed=hashlib.sha256(f"demo lot {seed or ''}".encode()).hexdigest(),
        units=_DEMO_UNITS if preset == "plebiscite" else (),
    )
    return manifest_from_preset(request)


# ---------------------------------------------------------------- commands


@app.command()
def demo(
    voters: Annotated[int, typer.Option(min=1, max=100_000, help="Simulated voters.")] = 100,
    trustees: Annotated[int, typer.Option(min=1, max=32, help="Trustees (n).")] = 3,
    threshold: Annotated[int, typer.Option(min=1, max=32, help="Trustees needed (t).")] = 2,
    out: Annotated[Path, typer.Option(help="Directory of the published record.")] = Path(
        "demo-election"
    ),
    seed: Annotated[str | None, typer.Option(help="Seed for a reproducible run.")] = None,
    archive_record: Annotated[
        bool, typer.Option("--archive", help="Also write OUT.tar.gz.")
    ] = False,
    verify: Annotated[bool, typer.Option(help="Re-check the record independently.")] = True,
    constitution: Annotated[
        str | None,
        typer.Option(help="Run one contest under this preset's rules (e.g. multiparty-pr)."),
    ] = None,
    ranked: Annotated[
        bool,
        typer.Option(
            "--ranked", help="A secret ranked council counted by Scottish STV (mixed ballots)."
        ),
    ] = False,
) -> None:
    """Run the embedded election end to end and publish its verifiable record."""
    console = Console()
    if threshold > trustees:
        _fail(console, f"--threshold {threshold} is larger than --trustees {trustees}", 2)
    manifest_in: JsonObject | None = None
    if ranked and constitution is not None:
        _fail(console, "--ranked and --constitution cannot be combined", 2)
    if ranked:
        manifest_in = ranked_manifest(trustees, threshold)
    if constitution is not None:
        try:
            manifest_in = _preset_manifest(constitution, trustees, threshold, seed)
        except SuffrageError as exc:
            _fail(console, str(exc), 2)
    try:
        _check_out_dir(out, console)
    except OSError as exc:
        _fail(console, f"cannot use {out}: {exc}", 2)
    rng = seeded_rng(seed.encode()) if seed is not None else secrets.token_bytes
    started = time.perf_counter()
    try:
        with _progress(console) as update:
            outcome = run_demo(
                voters,
                rng,
                trustees=trustees,
                threshold=threshold,
                progress=update,
                manifest=manifest_in,
            )
        files = record_files(outcome.election.board)
        _write_record(out, files)
        if archive_record:
            out.with_name(out.name + ".tar.gz").write_bytes(archive(files))
    except SuffrageError as exc:
        _fail(console, str(exc))
    except OSError as exc:
        _fail(console, f"cannot write the record: {exc}")
    elapsed = time.perf_counter() - started
    last = outcome.election.board.events[-1]
    manifest_json = outcome.election.manifest.to_json()
    views = contest_views(manifest_json, last.payload)
    ranked_ids = {c.id for c in outcome.election.manifest.contests if c.kind == "rank"}
    print_ranked(console, manifest_json, last.payload)
    print_outcomes(console, [v for v in views if v.id not in ranked_ids])
    match = "matches" if outcome.counts == outcome.expected else "DIFFERS FROM"
    console.print(f"The decrypted result {match} the simulated voters' intentions.")
    absent = ", ".join(str(i) for i in outcome.absent) or "none"
    console.print(
        f"{voters} voters, {len(outcome.tracking_codes)} counted ballots, "
        f"{len(outcome.replaced_codes)} replaced by a revote, {len(outcome.audited_codes)} "
        f"audited; {trustees} trustees, threshold {threshold}, absent at decryption: {absent}.",
        soft_wrap=True,
    )
    key, manifest = outcome.election.joint_key.public_key, outcome.election.manifest
    console.print(
        f"Election fingerprint: {election_fingerprint(manifest.hash_hex, key)} "
        f"(manifest hash and key); every trustee event is signed by its trustee's key, "
        f"credentials made by the {manifest.credentials.authority}.",
        soft_wrap=True,
    )
    console.print(
        f"Record: {out}/ ({len(outcome.election.board)} events, head "
        f"{outcome.election.board.head[:16]}...) written in {elapsed:.1f} s",
        soft_wrap=True,
    )
    if outcome.tracking_codes:
        code = next(iter(outcome.tracking_codes.values()))
        console.print(f"Try: suffrage ballot check {out} {code[:16]}", soft_wrap=True)
    if outcome.counts != outcome.expected:
        raise typer.Exit(1)
    if verify:
        on_board = outcome.election.board.events
        ballots = sum(1 for e in on_board if e.type in ("ballot", "audit"))
        try:
            report = _verify(out, console, ballots)
        except (SuffrageError, OSError) as exc:
            _fail(console, f"the verifier could not read the record: {exc}")
        _print_verification(report, console)
        if not report.valid:
            raise typer.Exit(1)


@ballot_app.command("check")
def ballot_check(
    record: Annotated[Path, typer.Argument(help="Record directory or .tar.gz archive.")],
    tracking_code: Annotated[str, typer.Argument(help="Tracking code (8+ hex characters).")],
) -> None:
    """Is my ballot on the board, and is it the one counted?

    Exit status: 0 when it counts (or will, unless you vote again), 3 when a later ballot
    replaced it or it was audited, 1 when it is not on the board or the record is unreadable.
    """
    console = Console()
    try:
        board = record_board(_read_record(record))
        status = ballot_status(board, tracking_code)
    except SuffrageError as exc:
        _fail(console, str(exc))
    except OSError as exc:
        _fail(console, f"cannot read the record: {exc}")
    colour = {"counted": "green", "pending": "green", "replaced": "yellow", "audited": "cyan"}
    console.print(f"Ballot {status.tracking_code}")
    console.print(f"[{colour[status.state]}]{status.state}[/]: {status.describe()}")
    if status.state in ("replaced", "audited"):
        raise typer.Exit(3)
