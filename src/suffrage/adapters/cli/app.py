"""The Typer application every CLI command module registers on."""

from __future__ import annotations

import typer

__all__ = ["app"]

app = typer.Typer(
    name="suffrage",
    help="Verifiable elections, referendums and recalls for self-governing organizations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Verifiable elections, referendums and recalls for self-governing organizations."""
