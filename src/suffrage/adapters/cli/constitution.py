"""``suffrage constitution list|show|validate``, ``suffrage run``, ``compare`` and ``rollcall``."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from suffrage.adapters.cli.app import app
from suffrage.adapters.cli.run_report import print_report, share
from suffrage.errors import SuffrageError
from suffrage.protocol.rollcall import check_rollcall
from suffrage.rules.constitution import (
    Constitution,
    load_preset,
    parse_constitution,
    parse_constitution_text,
    preset_names,
    preset_text,
)
from suffrage.service.lab import parse_population
from suffrage.service.scenario import (
    RunReport,
    compare_scenario_file,
    load_constitution,
    parse_scenario,
    run_scenario_file,
    write_records,
)

__all__ = [
    "compare",
    "constitution_app",
    "list_presets",
    "rollcall",
    "run",
    "scenario_app",
    "show",
    "validate",
    "validate_scenario",
]

constitution_app = typer.Typer(
    name="constitution",
    help="Constitutions: rule sets that say how a body is elected.",
    no_args_is_help=True,
)
app.add_typer(constitution_app, name="constitution")

scenario_app = typer.Typer(
    name="scenario", help="Scenarios and lab populations: check a file.", no_args_is_help=True
)
app.add_typer(scenario_app, name="scenario")


def _fail(message: str) -> NoReturn:
    Console(stderr=True).print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@constitution_app.command("list")
def list_presets() -> None:
    """List the built-in constitutions."""
    table = Table(title="Constitutions")
    table.add_column("id")
    table.add_column("name")
    table.add_column("ballot")
    table.add_column("tiers", justify="right")
    for name in preset_names():
        try:
            c = load_preset(name)
        except SuffrageError as exc:
            table.add_row(name, f"(invalid: {exc})", "", "")
            continue
        table.add_row(c.id, c.name, f"{c.ballot.secrecy} {c.ballot.method}", str(len(c.tiers)))
    Console(highlight=False).print(table)


def _load(name_or_path: str) -> tuple[str, Constitution]:
    """A preset by name or a constitution file by path: its text and its rules."""
    path = Path(name_or_path)
    if name_or_path in preset_names() and not path.is_file():
        text = preset_text(name_or_path)
        return text, parse_constitution_text(text, source=f"preset {name_or_path}")
    if path.suffix == ".toml" or path.exists():
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot read {path}: {exc.strerror or exc}")
        return text, parse_constitution_text(text, source=str(path))
    text = preset_text(name_or_path)  # raises: no such preset, with the list
    return text, parse_constitution_text(text)


@constitution_app.command()
def show(
    name: Annotated[str, typer.Argument(help="A preset id or a constitution TOML file")],
) -> None:
    """Print a constitution's TOML and a summary of its rules."""
    try:
        text, c = _load(name)
    except SuffrageError as exc:
        _fail(str(exc))
    console = Console(highlight=False)
    console.print(text, markup=False)
    _summary(console, c)


@constitution_app.command()
def validate(
    name: Annotated[str, typer.Argument(help="A constitution TOML file or a preset id")],
) -> None:
    """Validate a constitution (a file or a preset); errors name the field."""
    try:
        _, c = _load(name)
    except SuffrageError as exc:
        _fail(str(exc))
    console = Console(highlight=False)
    console.print(f"[green]valid[/]: {c.id} ({c.name})")
    _summary(console, c)


@scenario_app.command("validate")
def validate_scenario(
    path: Annotated[Path, typer.Argument(help="A scenario, population or constitution file")],
) -> None:
    """Validate a scenario, a lab population or a constitution; unknown keys are named with
    the closest known one ("did you mean")."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror or exc}")
    except tomllib.TOMLDecodeError as exc:
        _fail(f"{path}: not valid TOML ({exc})")
    console = Console(highlight=False)
    try:
        if "population" in data:
            population = parse_population(data)
            persons = sum(p.count for p in population.persons)
            layouts = ", ".join(population.mappings) or "none"
            console.print(f"[green]valid population[/]: {population.name} ({persons} persons; "
                          f"layouts: {layouts})")  # fmt: skip
        elif "scenario" in data:
            scenario = parse_scenario(data)
            console.print(
                f"[green]valid scenario[/]: {scenario.name} ({len(scenario.units)} units)"
            )
            if scenario.constitution is not None:
                name = scenario.constitution
                if Path(name).suffix == ".toml":
                    name = str(path.parent / name)
                c = load_constitution(name)
                console.print(f"[green]valid constitution[/]: {c.id}")
        else:
            c = parse_constitution(data)
            console.print(f"[green]valid constitution[/]: {c.id} ({c.name})")
    except SuffrageError as exc:
        _fail(f"{path}: {exc}")


def _summary(console: Console, c: Constitution) -> None:
    table = Table(title=f"{c.id}: rules")
    table.add_column("rule")
    table.add_column("value")
    f = c.franchise
    excl = "; ".join(e.reason for e in f.exclusions) or "none"
    table.add_row("franchise", f"age {f.min_age}+; exclusions: {excl}")
    table.add_row(
        "constituencies", f"{c.constituencies.kind}: {', '.join(c.constituencies.unit_kinds)}"
    )
    for name, rule in c.representation.items():
        per = f"1 per {rule.per} {rule.basis}" if rule.per else f"{rule.seats} fixed"
        table.add_row(f"representation.{name}", f"{per}, {rule.rounding}, min {rule.minimum}")
    table.add_row("ballot", f"{c.ballot.secrecy}, {c.ballot.kind}, {c.ballot.method}")
    for tier in c.tiers:
        table.add_row(
            f"tier {tier.id}", "direct" if tier.direct else f"from {', '.join(tier.source_tiers())}"
        )
    if c.recall is not None:
        table.add_row(
            "recall", f"petition {c.recall.petition_share}, majority of {c.recall.vote_majority_of}"
        )
    console.print(table)


@app.command()
def run(
    scenario: Annotated[Path, typer.Argument(help="A scenario TOML file")],
    constitution: Annotated[
        str | None, typer.Option("--constitution", "-c", help="A preset name or TOML file")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write the records here")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
) -> None:
    """Run SCENARIO under a constitution: every stage, a record per election, seat tables."""
    try:
        report = run_scenario_file(scenario, constitution)
    except SuffrageError as exc:
        _fail(str(exc))
    written = write_records(report, out) if out is not None else []
    if as_json:
        data = report.to_json()
        data["records"] = [str(p) for p in written]
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    print_report(Console(highlight=False), report)
    if written:
        Console(highlight=False).print(f"{len(written)} records written to {out}")


@app.command()
def compare(
    scenario: Annotated[Path, typer.Argument(help="A scenario TOML file")],
    constitutions: Annotated[
        list[str],
        typer.Option("--constitution", "-c", help="A preset or TOML file; repeat to compare"),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the reports as JSON")] = False,
) -> None:
    """Run one electorate under several constitutions; compare who votes and who sits."""
    try:
        reports = compare_scenario_file(scenario, constitutions)
    except SuffrageError as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps([r.to_json() for r in reports], indent=2, ensure_ascii=False))
        return
    console = Console(highlight=False)
    strata = list(dict.fromkeys(s for r in reports for s in r.strata()))
    for title, measure in (
        ("Electors per stratum", _electors),
        ("First-tier seats per stratum", _first_tier),
        ("Top-tier seats per stratum", _top_tier),
    ):
        table = Table(title=title)
        table.add_column("stratum")
        for report in reports:
            table.add_column(report.constitution, justify="right")
        counts = [measure(report) for report in reports]
        totals = [sum(c.values()) for c in counts]
        for stratum in strata:
            cells = (share(c.get(stratum, 0), t) for c, t in zip(counts, totals, strict=True))
            table.add_row(stratum, *cells)
        console.print(table)


def _electors(report: RunReport) -> dict[str, int]:
    return {s: row["electors"] for s, row in report.strata().items()}


def _tier_counts(report: RunReport, index: int) -> dict[str, int]:
    """Seats per stratum at a tier of the first chamber (a second chamber is not a tier)."""
    tiers = [t for t in report.councils if t not in report.chambers]
    if not tiers:
        return {}
    tier = tiers[index]
    return {s: row.get(tier, 0) for s, row in report.strata().items()}


def _first_tier(report: RunReport) -> dict[str, int]:
    return _tier_counts(report, 0)


def _top_tier(report: RunReport) -> dict[str, int]:
    return _tier_counts(report, -1)


@app.command()
def rollcall(
    path: Annotated[Path, typer.Argument(help="rollcall.json, or a folder holding it")],
) -> None:
    """Check an OPEN roll-call record (names and votes are public): chain, roll, tally."""
    file = path / "rollcall.json" if path.is_dir() else path
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        tally = check_rollcall(data)
    except OSError as exc:
        _fail(f"cannot read {file}: {exc.strerror or exc}")
    except SuffrageError as exc:
        _fail(f"{file}: {exc}")
    except ValueError as exc:  # not JSON
        _fail(f"{file}: not a roll-call record ({exc})")
    console = Console(highlight=False)
    table = Table(title=f"{tally.contest} (open ballot, not secret)")
    table.add_column("option")
    table.add_column("votes", justify="right")
    for option, marks in tally.marks.items():
        table.add_row(option, str(marks))
    console.print(table)
    console.print(
        f"[green]valid[/]: {tally.cast} named votes of {tally.electors} electors; "
        f"hash chain head {tally.head}"
    )
