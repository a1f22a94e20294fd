"""Rendering a verification report: a Rich checklist, or JSON."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

from suffrage.verify import CheckStatus, VerificationReport

__all__ = ["print_checklist", "report_json"]

_MARK = {
    CheckStatus.PASSED: Text("PASS", style="bold green"),
    CheckStatus.FAILED: Text("FAIL", style="bold red"),
    CheckStatus.SKIPPED: Text("SKIP", style="yellow"),
    CheckStatus.NOT_REACHED: Text("----", style="dim"),
}


def report_json(report: VerificationReport) -> str:
    return json.dumps(report.to_dict(), indent=2, sort_keys=False)


def print_checklist(report: VerificationReport, console: Console, verdict: str) -> None:
    table = Table(title=f"Verification of {report.subject}", show_lines=False, expand=False)
    table.add_column("", no_wrap=True)
    table.add_column("check", no_wrap=True, style="cyan")
    table.add_column("what it establishes")
    table.add_column("detail", overflow="fold")
    for check in report:
        table.add_row(_MARK[check.status], check.id, check.title, check.detail)
    console.print(table)
    for check in report.failed:
        console.print(Text(f"FAILED {check.id}: {check.title}", style="bold red"))
        for failure in check.failures:
            console.print(f"  - {failure}", markup=False, highlight=False, soft_wrap=True)
        hidden = check.failure_count - len(check.failures)
        if hidden > 0:
            console.print(f"  ... and {hidden} more")
    if report.valid:
        console.print(Text(verdict, style="bold green"))
    else:
        failed = len(report.failed)
        console.print(Text(f"The record is NOT valid: {failed} check(s) failed.", style="bold red"))
