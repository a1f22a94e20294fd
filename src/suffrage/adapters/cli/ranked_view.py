"""The outcome of a ranked contest on the terminal: who is elected, first preferences,
valid and invalid rankings (docs/protocol.md 7.16.4)."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from suffrage.protocol.encoding import Json, JsonObject

__all__ = ["print_ranked"]


def _objects(value: Json) -> list[JsonObject]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def print_ranked(console: Console, manifest: JsonObject, result: JsonObject) -> None:
    """Each ranked contest of ``result``: elected in order, first preferences, rankings."""
    contests = {str(c.get("id")): c for c in _objects(manifest.get("contests"))}
    for row in _objects(result.get("contests")):
        contest = contests.get(str(row.get("contest")), {})
        if contest.get("kind") != "rank":
            continue
        titles = {str(o["id"]): str(o["title"]) for o in _objects(contest.get("options"))}
        rankings = [r for r in row.get("rankings") or [] if isinstance(r, list)]  # type: ignore[union-attr]
        invalid = row.get("invalid") or []
        outcome = row.get("outcome")
        oc: JsonObject = outcome if isinstance(outcome, dict) else {}
        elected = [titles.get(str(e), str(e)) for e in oc.get("elected") or []]  # type: ignore[union-attr]
        head = f"{oc.get('method', 'no rule')}: " + (", ".join(elected) or str(oc.get("decision")))
        console.print(
            Panel(f"[bold green]{head}[/]", title=str(contest.get("title")), expand=False)
        )
        table = Table(title_justify="left")
        table.add_column("candidate")
        table.add_column("first preferences", justify="right")
        firsts = {oid: sum(1 for r in rankings if r and r[0] == oid) for oid in titles}
        for oid, title in titles.items():
            mark = "* " if title in elected else "  "
            table.add_row(mark + title, str(firsts[oid]))
        console.print(table)
        count = len(invalid) if isinstance(invalid, list) else 0
        console.print(
            f"{len(rankings)} valid rankings, {count} invalid (published apart); decrypted"
            " one by one after the trustees' verifiable mixes.",
            soft_wrap=True,
        )
