"""Printing a scenario run as text: seat tables, then refusals, exclusions, vacancies, ties."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from suffrage.service.scenario import RunReport

__all__ = ["print_report", "share"]


def share(count: int, total: int) -> str:
    """``count`` with its share of ``total`` in percent (the lab compares these)."""
    return f"{count} ({100 * count / total:.0f}%)" if total else str(count)


def _print_question(console: Console, report: RunReport) -> None:
    result = report.plebiscite
    assert result is not None
    outcomes = [(c, c.outcome) for c in report.constituencies if c.outcome is not None]
    options = list(outcomes[0][1].marks) if outcomes else []
    table = Table(title="Votes per unit")
    for col in ("unit", "electors", "cast", *options):
        table.add_column(col, justify="left" if col == "unit" else "right")
    for c, outcome in outcomes:
        marks = [str(outcome.marks.get(o, 0)) for o in options]
        table.add_row(c.unit, str(c.registered), str(outcome.cast), *marks)
    console.print(table)
    verdict = "approved" if result.approved else "not approved"
    console.print(f"[bold]Decision: {verdict}[/] ({result.units_approving} units approve)")
    for note in result.notes:
        console.print(f"  - {note}")


def print_report(console: Console, report: RunReport) -> None:
    console.print(
        f"[bold]{report.scenario}[/] under [bold]{report.constitution}[/] ({report.secrecy} ballot)"
    )
    if report.plebiscite is not None:
        _print_question(console, report)
        return
    table = Table(title="Constituencies")
    for col in ("unit", "council", "electors", "seats", "how", "cast", "elected", "note"):
        table.add_column(col)
    for c in report.constituencies:
        outcome = c.outcome
        note = "; ".join(c.validity.notes) if c.validity and not c.validity.valid else ""
        table.add_row(
            c.unit, c.council, str(c.registered), str(c.seats), c.how,
            str(outcome.cast) if outcome else "-",
            ", ".join(outcome.elected) if outcome else "-", note,
        )  # fmt: skip
    console.print(table)
    for chamber, districts in report.chambers.items():
        seated = sum(len(ds) for ds in report.councils.get(chamber, {}).values())
        regions = len({d.council for d in districts})
        console.print(
            f"{chamber}: {len(districts)} single-member districts in {regions} regions, "
            f"{seated} deputies seated"
        )
    tiers = Table(title="Seats per tier and party")
    tiers.add_column("tier")
    tiers.add_column("seats by party")
    for tier, parties in report.parties().items():
        tiers.add_row(tier, ", ".join(f"{p} {n}" for p, n in sorted(parties.items())))
    console.print(tiers)
    strata = Table(title="Seats per stratum")
    strata_rows = report.strata()
    columns = ["persons", "electors", *report.councils]
    strata.add_column("stratum")
    for col in columns:
        strata.add_column(col, justify="right")
    totals = {col: sum(row.get(col, 0) for row in strata_rows.values()) for col in columns}
    for stratum, row in strata_rows.items():
        strata.add_row(stratum, *(share(row.get(col, 0), totals[col]) for col in columns))
    console.print(strata)
    for note in report.notes:
        console.print(f"note: {note}")
    for event in report.events:
        console.print(f"{event.kind} {event.subject}: " + "; ".join((*event.notes, *event.changes)))
    _print_lists(console, report)


def _print_lists(console: Console, report: RunReport) -> None:
    """Refusals, exclusions, vacancies, repeated ballots, ties and modelling choices."""
    refusals = report.refusals()
    console.print(f"[bold]Refused nominations[/]: {len(refusals)}")
    for unit, name, reason in refusals:
        console.print(f"  - {unit}: {name}: {reason}")
    excluded = report.excluded()
    console.print(f"[bold]Excluded from the vote[/]: {len(excluded)}")
    for person, reasons in excluded:
        console.print(f"  - {person}: {'; '.join(reasons)}")
    vacancies = report.vacancies()
    console.print(f"[bold]Vacant seats[/]: {sum(n for _, n, _ in vacancies)}")
    for unit, n, why in vacancies:
        console.print(f"  - {unit}: {n} ({why})")
    for c in report.constituencies:
        if c.repeat is not None:
            console.print(f"repeat in {c.unit}: {c.repeat} after the first ballot failed")
    notes = [(c.unit, n) for c in report.constituencies if c.outcome for n in c.outcome.notes]
    for c in report.constituencies:
        broken = c.outcome.result.get("ties", []) if c.outcome else []
        if isinstance(broken, list) and broken:
            notes.append((c.unit, f"{len(broken)} tie(s) broken by the seeded lot"))
    console.print(f"[bold]Ties, lots and count notes[/]: {len(notes)}")
    for unit, note in notes:
        console.print(f"  - {unit}: {note}")
    if report.modelling:
        console.print("[bold]Modelling choices (not in the text)[/]:")
        for choice in report.modelling:
            console.print(f"  - {choice}")
