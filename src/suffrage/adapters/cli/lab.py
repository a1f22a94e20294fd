"""``suffrage lab``: one population under several constitutions, measured over many runs."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from statistics import mean
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from suffrage.adapters.cli.app import app
from suffrage.adapters.cli.lab_html import render_html
from suffrage.errors import SuffrageError
from suffrage.service.lab import layout_name, parse_sweep, read_population, run_lab
from suffrage.service.scenario import load_constitution

__all__ = ["lab"]

_CSV_FIELDS = ("layout", "constitution", "run", "seed", "pressure", "strike", "tier", "deputies",
               "turnout", "excluded", "refusals", "vacancies", "struck", "void", "gallagher",
               "loosemore_hanby", "enp_votes", "enp_seats", "votes", "seats", "strata",
               "electors_per_deputy")  # fmt: skip


def _fail(message: str) -> NoReturn:
    Console(stderr=True).print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@app.command()
def lab(
    population: Annotated[Path, typer.Argument(help="A population TOML file")],
    constitutions: Annotated[
        list[str],
        typer.Option("--constitution", "-c", help="A preset or TOML file; repeat to compare"),
    ],
    runs: Annotated[int, typer.Option("--runs", help="Runs per constitution (seeds)")] = 1,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write runs.csv, runs.json, report.html here")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print every run as JSON")] = False,
    sweep: Annotated[
        str | None, typer.Option("--sweep", help="Vary a parameter: pressure=0:0.6:0.2")
    ] = None,
) -> None:
    """Run POPULATION under each constitution N times; print and write every measure."""
    try:
        people = read_population(population)
        rules = [(layout_name(c), load_constitution(c)) for c in constitutions]
        swept = parse_sweep(sweep) if sweep else None
        total = len(rules) * runs * (len(swept.values) if swept else 1)
        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("runs", total=total)
            results = run_lab(
                people,
                rules,
                runs=runs,
                sweep=swept,
                progress=lambda done: progress.update(task, completed=done),
            )
    except SuffrageError as exc:
        _fail(str(exc))
    if out is not None:
        _write(out, people.name, results)
    if as_json:
        document = {"population": people.name, "runs": results}
        typer.echo(json.dumps(document, indent=1, ensure_ascii=False))
        return
    _print(Console(highlight=False), results)
    if out is not None:
        Console(highlight=False).print(f"runs.csv, runs.json and report.html written to {out}")


def _write(out: Path, title: str, results: Sequence[Mapping[str, Any]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "runs.json").write_text(
        json.dumps({"population": title, "runs": list(results)}, indent=1, ensure_ascii=False),
        encoding="utf-8",
    )
    with (out / "runs.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=_CSV_FIELDS)
        writer.writeheader()
        for r in results:
            for tier in r["tiers"] or [{"tier": "-"}]:
                row = {k: r.get(k) for k in _CSV_FIELDS}
                row.update({k: tier.get(k) for k in _CSV_FIELDS if k in tier})
                for key in ("votes", "seats", "strata", "electors_per_deputy"):
                    value = tier.get(key, r.get(key) if key == "votes" else None)
                    row[key] = json.dumps(value, ensure_ascii=False, sort_keys=True)
                writer.writerow(row)
    (out / "report.html").write_text(render_html(title, results), encoding="utf-8")


def _print(console: Console, results: Sequence[Mapping[str, Any]]) -> None:
    """Per constitution (means over runs): seats by stratum, electors per deputy, Gallagher."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for r in results:
        label = str(r["constitution"])
        if r.get("sweep"):
            label += f" ({r['sweep']}={r[r['sweep']]:.2f})"
        groups.setdefault(label, []).append(r)
    for label, rs in groups.items():
        first = rs[0]
        console.print(
            f"[bold]{label}[/] ({first['secrecy']} ballot, {len(rs)} runs): turnout "
            f"{_avg([r['turnout'] for r in rs])}, excluded {_avg([r['excluded'] for r in rs])}, "
            f"refused nominations {_avg([r['refusals'] for r in rs])}, vacancies "
            f"{_avg([r['vacancies'] for r in rs])}, struck {_avg([r['struck'] for r in rs])}"
        )
        if "plebiscite" in first:
            approved = sum(1 for r in rs if r["plebiscite"]["approved"])
            console.print(f"  approved in {approved} of {len(rs)} runs; votes {first['votes']}")
            continue
        for index, tier in enumerate(first["tiers"]):
            tiers = [r["tiers"][index] for r in rs]
            _tier_table(console, label, tier["tier"], tiers)


def _tier_table(
    console: Console, label: str, tier: str, tiers: Sequence[Mapping[str, Any]]
) -> None:
    if not any(t["deputies"] for t in tiers):
        return
    table = Table(title=f"{label}: {tier}", title_justify="left")
    table.add_column("stratum / class")
    table.add_column("seats by stratum", justify="right")
    table.add_column("electors per deputy by class", justify="right")
    strata = dict.fromkeys(s for t in tiers for s in t["strata"])
    classes = dict.fromkeys(c for t in tiers for c in t["electors_per_deputy"])
    for name in dict.fromkeys([*strata, *classes]):
        seats = _avg([t["strata"].get(name, 0) for t in tiers]) if name in strata else ""
        per = _avg([t["electors_per_deputy"].get(name) for t in tiers]) if name in classes else ""
        table.add_row(name, seats, per)
    console.print(table)
    console.print(
        f"  Gallagher {_avg([t['gallagher'] for t in tiers])}, Loosemore-Hanby "
        f"{_avg([t['loosemore_hanby'] for t in tiers])}, effective parties (votes/seats) "
        f"{_avg([t['enp_votes'] for t in tiers])}/{_avg([t['enp_seats'] for t in tiers])}; "
        f"seats {tiers[0]['seats']}"
    )


def _avg(values: Sequence[Any]) -> str:
    numbers = [float(v) for v in values if v is not None]
    if not numbers:
        return "-"
    value = mean(numbers)
    return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
