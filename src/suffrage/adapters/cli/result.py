"""``suffrage result RECORD``: the outcome of a published election, per contest.

Reads the record (directory or archive), takes the ``result`` event and shows, per
contest, the decision or the elected in large type, votes and shares, seats, turnout
against the electorate and the quorum, and blank ballots; for a question put unit by unit,
the majority of votes and the units carrying it. ``--csv`` and ``--json`` write the
exports instead (docs/protocol.md 7.15).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from suffrage.adapters.cli.app import app
from suffrage.errors import SuffrageError
from suffrage.protocol.encoding import JsonObject, get_object
from suffrage.protocol.manifest import parse_manifest
from suffrage.protocol.record import read_archive, record_board
from suffrage.service.results import ContestView, contest_views, results_csv, results_json

__all__ = ["LABELS", "print_outcomes", "result"]

Lang = Literal["en", "ru"]

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "elected": "Elected",
        "not-elected": "Nobody elected",
        "no-majority": "No majority: nobody elected",
        "void": "Void: turnout below the quorum",
        "no-votes": "No votes",
        "approved": "Approved",
        "rejected": "Rejected",
        "option": "Option",
        "votes": "Votes",
        "share": "Share",
        "seats": "Seats",
        "turnout": "Turnout",
        "of": "of",
        "electorate": "electorate",
        "quorum": "quorum",
        "met": "met",
        "not met": "not met",
        "blank": "blank ballots",
        "threshold": "threshold",
        "counts only": "counts only (no outcome rule)",
        "unit": "Unit",
        "unit of": "Unit of",
        "carries": "carries",
        "does not carry": "does not carry",
        "majority of votes": "majority of votes",
        "units carrying": "units carrying",
        "double majority": "double majority",
        "reached": "met",
        "not reached": "not met",
        "for": "for",
    },
    "ru": {
        "elected": "Избраны",
        "not-elected": "Никто не избран",
        "no-majority": "Нет большинства: никто не избран",
        "void": "Выборы недействительны: явка ниже кворума",
        "no-votes": "Голосов нет",
        "approved": "Принято",
        "rejected": "Отклонено",
        "option": "Вариант",
        "votes": "Голоса",
        "share": "Доля",
        "seats": "Места",
        "turnout": "Явка",
        "of": "из",
        "electorate": "избирателей",
        "quorum": "кворум",
        "met": "достигнут",
        "not met": "не достигнут",
        "blank": "пустых бюллетеней",
        "threshold": "барьер",
        "counts only": "только подсчёт (правило итогов не задано)",
        "unit": "Округ",
        "unit of": "Округ вопроса",
        "carries": "одобрено",
        "does not carry": "не одобрено",
        "majority of votes": "большинство голосов",
        "units carrying": "округов одобрили",
        "double majority": "двойное большинство",
        "reached": "достигнуто",
        "not reached": "не достигнуто",
        "for": "за",
    },
}


def _read(path: Path) -> dict[str, bytes]:
    if path.is_file():
        return read_archive(path.read_bytes())
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: no such record directory or archive")
    names = ("manifest.json", "board.jsonl", "head.json")
    return {n: (path / n).read_bytes() for n in names if (path / n).exists()}


def _headline(c: ContestView, t: dict[str, str]) -> str:
    if c.unit is not None:
        carries = t["carries"] if c.unit.carries else t["does not carry"]
        return f"{t['unit of']} «{c.unit_of}»: {carries}"
    if c.decision is None:
        return t["counts only"]
    text = t.get(c.decision, c.decision)
    if c.decision == "elected":
        if c.has_seats:
            parts = [f"{o.title} {o.seats}" for o in c.options if o.seats]
            return f"{t['seats']}: " + ", ".join(parts)
        return f"{text}: " + ", ".join(c.elected)
    return text


def _turnout_line(c: ContestView, t: dict[str, str]) -> str | None:
    if c.electorate is None or c.cast is None:
        return None
    line = f"{t['turnout']}: {c.cast} {t['of']} {c.electorate} {t['electorate']}"
    if c.turnout_percent is not None:
        line += f" ({c.turnout_percent} %)"
    if c.quorum_percent is not None:
        met = t["met"] if c.quorum_met else t["not met"]
        line += f"; {t['quorum']} {c.quorum_percent} %: {met}"
    if c.blank:
        line += f"; {c.blank} {t['blank']}"
    if c.threshold is not None:
        p, q = c.threshold.split("/")
        line += f"; {t['threshold']} {100 * int(p) / int(q):.1f} %"
    return line


def _majorities_line(c: ContestView, t: dict[str, str]) -> str | None:
    """A question's two majorities: of the votes, and of the units (7.15.5)."""
    if not c.question or c.units_carrying is None:
        return None
    line = f"{t['units carrying']}: {c.units_carrying} {t['of']} {len(c.units)}"
    if c.majority_met is not None:
        met = t["reached"] if c.majority_met else t["not reached"]
        line = f"{t['majority of votes']}: {met}; {line}"
    if c.double_majority_met is not None:
        met = t["reached"] if c.double_majority_met else t["not reached"]
        line += f"; {t['double majority']}: {met}"
    return line[0].upper() + line[1:]


def _units_table(c: ContestView, t: dict[str, str]) -> Table:
    table = Table(title_justify="left")
    table.add_column(t["unit"])
    table.add_column(f"{t['for']} {c.approve or ''}".strip(), justify="right")
    table.add_column(t["share"])
    table.add_column(t["turnout"], justify="right")
    for u in c.units:
        mark = t["carries"] if u.carries else t["does not carry"]
        share = f"{u.approving} / {u.votes}"
        table.add_row(u.title, share, f"{u.percent} % {mark}", f"{u.cast} / {u.electorate}")
    return table


def print_outcomes(console: Console, views: list[ContestView], lang: Lang = "en") -> None:
    """Each contest: a headline panel, the votes table with shares (and seats), turnout."""
    t = LABELS[lang]
    for c in views:
        colour = "green" if c.decision in ("elected", "approved") else "yellow"
        console.print(Panel(f"[bold {colour}]{_headline(c, t)}[/]", title=c.title, expand=False))
        table = Table(title_justify="left")
        table.add_column(t["option"])
        table.add_column(t["votes"], justify="right")
        table.add_column(t["share"])
        if c.has_seats:
            table.add_column(t["seats"], justify="right")
        for o in c.options:
            bar = "█" * round(float(o.share) * 30)
            row = [("* " if o.elected else "  ") + o.title, str(o.votes), f"{o.percent} % {bar}"]
            if c.has_seats:
                row.append(str(o.seats))
            table.add_row(*row)
        console.print(table)
        for line in (_turnout_line(c, t), _majorities_line(c, t)):
            if line:
                console.print(line, soft_wrap=True)
        if c.units:
            console.print(_units_table(c, t))


def load_views(path: Path) -> tuple[JsonObject, JsonObject, list[ContestView]]:
    """Manifest, result payload and contest views of a record (``SuffrageError`` if none)."""
    board = record_board(_read(path))
    manifest = get_object(board.events[0].payload.get("manifest"), "manifest")
    last = board.events[-1]
    if last.type != "result":
        raise SuffrageError("the record has no result yet (its board ends before the result)")
    return manifest, last.payload, contest_views(manifest, last.payload)


@app.command()
def result(
    record: Annotated[Path, typer.Argument(help="Record directory or .tar.gz archive.")],
    lang: Annotated[str, typer.Option(help="Language: en or ru.")] = "en",
    as_csv: Annotated[bool, typer.Option("--csv", help="Print the results as CSV.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Show the outcome of a published election: decision or elected, votes, turnout."""
    console = Console()
    if lang not in LABELS:
        console.print(f"[bold red]error:[/] --lang must be one of {', '.join(LABELS)}")
        raise typer.Exit(2)
    try:
        manifest, _, views = load_views(record)
    except (SuffrageError, OSError) as exc:
        console.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(1) from None
    if as_csv:
        typer.echo(results_csv(views), nl=False)
        return
    if as_json:
        board = record_board(_read(record))
        mh = parse_manifest(manifest).hash_hex
        typer.echo(results_json(views, str(manifest["id"]), mh, board.head).decode(), nl=False)
        return
    console.print(f"[bold]{manifest['title']}[/]")
    print_outcomes(console, views, "ru" if lang == "ru" else "en")
