"""docs/cli.md is the generated CLI reference: it lists every command and never drifts."""

from __future__ import annotations

from pathlib import Path

import typer

from suffrage.adapters.cli import app
from suffrage.adapters.cli.reference import render

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
REGENERATE = "python -m suffrage.adapters.cli.reference > docs/cli.md"


def test_reference_is_up_to_date() -> None:
    assert REFERENCE.read_text(encoding="utf-8") == render(app), f"regenerate: {REGENERATE}"


def test_every_command_and_option_is_documented() -> None:
    text = render(app)
    root = typer.main.get_command(app)
    ctx = root.context_class(root)
    for name in root.list_commands(ctx):
        command = root.get_command(ctx, name)
        assert command is not None
        assert f"## `suffrage {name}" in text
        for param in getattr(command, "params", []):
            for flag in getattr(param, "opts", []):
                if flag.startswith("--") and flag != "--help":
                    assert f"`{flag}`" in text, (name, flag)
