"""The Typer application every CLI command module registers on, loaded command by command.

Importing every command module (and so the verifier, the counting rules, the protocol and
Rich) costs most of a second, which every ``suffrage`` invocation would pay. The root group
is therefore lazy: :data:`COMMANDS` says which module registers each top-level command,
and that module is imported only when the command is run (or its help is asked for).
``suffrage --help`` lists the commands from the one-line summaries kept here, which a test
compares with each command's own docstring so that they never drift.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperGroup

__all__ = ["COMMANDS", "LazyGroup", "app"]

#: Top-level commands in ``--help`` order: (name, module under this package, summary).
COMMANDS: tuple[tuple[str, str, str], ...] = (
    (
        "run",
        "constitution",
        "Run SCENARIO under a constitution: every stage, a record per election, seat tables.",
    ),
    (
        "compare",
        "constitution",
        "Run one electorate under several constitutions; compare who votes and who sits.",
    ),
    (
        "rollcall",
        "constitution",
        "Check an OPEN roll-call record (names and votes are public): chain, roll, tally.",
    ),
    (
        "count",
        "counting",
        "Count a ballot file with a registered method and print the count sheet.",
    ),
    (
        "apportion",
        "counting",
        "Apportion seats among parties (or states) from a party,votes CSV.",
    ),
    (
        "methods",
        "counting",
        "List the registered counting and apportionment methods.",
    ),
    (
        "demo",
        "election",
        "Run the embedded election end to end and publish its verifiable record.",
    ),
    (
        "result",
        "result",
        "Show the outcome of a published election: decision or elected, votes, turnout.",
    ),
    (
        "lab",
        "lab",
        "Run POPULATION under each constitution N times; print and write every measure.",
    ),
    (
        "version",
        "info",
        "Print the suffrage version.",
    ),
    (
        "serve",
        "serve",
        "Migrate the database and serve the election web application.",
    ),
    (
        "verify",
        "verification.commands",
        "Re-check every proof, hash and count of a published election record.",
    ),
    (
        "verify-extends",
        "verification.commands",
        "Check that NEW's bulletin board extends OLD's: same events, same hashes, then more.",
    ),
    (
        "constitution",
        "constitution",
        "Constitutions: rule sets that say how a body is elected.",
    ),
    (
        "scenario",
        "constitution",
        "Scenarios and lab populations: check a file.",
    ),
    (
        "db",
        "db",
        "The service database: migrations and administrators.",
    ),
    (
        "doctor",
        "doctor",
        "Check the configuration, database, SMTP relay and clock; exit 1 if any check fails.",
    ),
    (
        "user",
        "users",
        "Administrator accounts: create, list, disable, reset password.",
    ),
    (
        "audit",
        "users",
        "The audit log of administrative actions.",
    ),
    (
        "ballot",
        "election",
        "Voter tools: check a ballot on a published record.",
    ),
    (
        "trustee",
        "trustee",
        "Trustee tools: key ceremony, mixing and decryption, secrets kept local.",
    ),
    (
        "credentials",
        "credentials",
        "The registrar's tools: voters' credentials made and sent apart from the server.",
    ),
)

_MODULES = {name: module for name, module, _ in COMMANDS}


class LazyGroup(TyperGroup):
    """The root group: imports a command's module the first time the command is looked up."""

    # Contexts and formatters are typed Any: Typer ships its own copy of Click.
    def list_commands(self, ctx: Any) -> list[str]:
        return [name for name, _, _ in COMMANDS]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = self.commands.get(cmd_name)
        if command is not None or cmd_name not in _MODULES:
            return command
        importlib.import_module(f"{__package__}.{_MODULES[cmd_name]}")
        # The module has registered its commands on ``app``: build them (cheap) and keep
        # the one asked for, and its siblings, so that each module is built once.
        built: Any = typer.main.get_command(app)
        for name, sub in built.commands.items():
            self.commands.setdefault(name, sub)
        return self.commands.get(cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """Click's plain help (not Typer's Rich panels, which would import every command);
        the commands are listed by :meth:`format_commands` from their summaries."""
        super(TyperGroup, self).format_help(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, summary) for name, _, summary in COMMANDS])


app = typer.Typer(
    name="suffrage",
    cls=LazyGroup,
    help="Verifiable elections, referendums and recalls for self-governing organizations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain Click help for every command: Typer's Rich panels cost a tenth of a second of
    # imports (Rich, markdown) before any help is printed.
    rich_markup_mode=None,
)


@app.callback()
def _root() -> None:
    """Verifiable elections, referendums and recalls for self-governing organizations."""
