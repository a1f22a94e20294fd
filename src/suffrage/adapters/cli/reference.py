"""The CLI reference (docs/cli.md), generated from the commands themselves.

Commands and parameters are read by duck typing (``list_commands``, ``param_type_name``)
because Typer may ship its own copy of Click.

``python -m suffrage.adapters.cli.reference > docs/cli.md`` rewrites it; a test fails
when the file and the commands disagree, so the reference never drifts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer

__all__ = ["render"]

_HEADER = """# Command-line reference

Generated from the commands by `python -m suffrage.adapters.cli.reference > docs/cli.md`;
`suffrage COMMAND --help` prints the same. Do not edit by hand.
"""


def render(app: typer.Typer) -> str:
    """Markdown for every command of ``app``, in the order ``--help`` lists them."""
    root = typer.main.get_command(app)
    parts = [_HEADER]
    for path, command in _walk(root, ()):
        parts.append(_command(path, command))
    return "\n".join(parts)


def _is_group(command: Any) -> bool:
    return hasattr(command, "list_commands")


def _subcommands(group: Any) -> list[tuple[str, Any]]:
    ctx = group.context_class(group)
    found = ((name, group.get_command(ctx, name)) for name in group.list_commands(ctx))
    return [(name, sub) for name, sub in found if sub is not None and not sub.hidden]


def _walk(command: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    if not _is_group(command):
        yield path, command
        return
    if path:
        yield path, command
    for name, sub in _subcommands(command):
        yield from _walk(sub, (*path, name))


def _command(path: tuple[str, ...], command: Any) -> str:
    title = " ".join(("suffrage", *path))
    lines = [f"## `{title}`", "", _text(command.help)]
    if _is_group(command):
        names = ", ".join(f"`{name}`" for name, _ in _subcommands(command))
        lines += ["", f"Subcommands: {names}."]
        return "\n".join(lines) + "\n"
    params = [p for p in command.params if p.name != "help"]
    arguments = [p for p in params if p.param_type_name == "argument"]
    options = [p for p in params if p.param_type_name == "option"]
    usage = " ".join([title, *(["[OPTIONS]"] if options else []), *map(_argument_usage, arguments)])
    lines += ["", "```", usage, "```"]
    if arguments:
        lines += ["", "| argument | meaning |", "| --- | --- |"]
        lines += [f"| `{_argument_name(a)}` | {_cell(_help(a))} |" for a in arguments]
    if options:
        lines += ["", "| option | meaning | default |", "| --- | --- | --- |"]
        lines += [_option_row(o) for o in options]
    return "\n".join(lines) + "\n"


def _argument_name(argument: Any) -> str:
    return str(argument.metavar or argument.name.upper())


def _argument_usage(argument: Any) -> str:
    name = _argument_name(argument)
    name = f"{name}..." if argument.nargs != 1 else name
    return name if argument.required else f"[{name}]"


def _option_row(option: Any) -> str:
    flags = ", ".join(f"`{f}`" for f in (*option.opts, *option.secondary_opts))
    is_flag = bool(getattr(option, "is_flag", False))
    if not is_flag and option.metavar:
        flags += f" `{option.metavar}`"
    default = option.default
    shown = "" if default is None or (is_flag and default is False) else f"`{default}`"
    if option.required:
        shown = "required"
    return f"| {flags} | {_cell(_help(option))} | {shown} |"


def _help(param: Any) -> str:
    return _text(getattr(param, "help", None))


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def _cell(value: str) -> str:
    return value.replace("|", "\\|")


if __name__ == "__main__":
    from suffrage.adapters.cli import app as _app

    print(render(_app), end="")
