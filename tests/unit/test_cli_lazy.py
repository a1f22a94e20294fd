"""The CLI's root group loads a command's module only when the command is used."""

from __future__ import annotations

import json
import subprocess
import sys

import typer
from typer.testing import CliRunner

from suffrage.adapters.cli import app
from suffrage.adapters.cli.app import COMMANDS

_PROBE = """
import json, sys
sys.argv = ["suffrage", *json.loads(sys.argv[1])]
from suffrage.adapters.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("suffrage", "rich", "pydantic")))))
"""


def _modules_after(*args: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(list(args))],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_root_help_imports_no_command_module_nor_rich() -> None:
    loaded = _modules_after("--help")
    assert not {m for m in loaded if m.startswith("suffrage.adapters.cli.")} - {
        "suffrage.adapters.cli.app"
    }
    assert not {m for m in loaded if m.startswith(("rich", "pydantic", "suffrage.verify"))}


def test_a_command_help_imports_only_its_module() -> None:
    loaded = _modules_after("verify", "--help")
    assert "suffrage.adapters.cli.verification.commands" in loaded
    assert "suffrage.adapters.cli.counting" not in loaded
    assert not {m for m in loaded if m.startswith(("suffrage.verify", "suffrage.crypto"))}
    counting = _modules_after("count", "--help")
    assert "suffrage.adapters.cli.counting" in counting
    assert not {m for m in counting if m.startswith(("suffrage.rules", "rich", "pydantic"))}


def test_every_summary_is_the_command_docstring() -> None:
    root = typer.main.get_command(app)
    ctx = root.context_class(root)
    assert root.list_commands(ctx) == [name for name, _, _ in COMMANDS]
    for name, _, summary in COMMANDS:
        command = root.get_command(ctx, name)
        assert command is not None, name
        assert " ".join((command.help or "").split()).startswith(summary), name


def test_root_help_lists_every_command() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())  # the help is wrapped to the terminal
    for name, _, summary in COMMANDS:
        assert f" {name} {summary}" in text, name
