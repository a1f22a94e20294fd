"""Run a scenario (an electorate and events) under a constitution: the lab's use case.

:func:`run_scenario_file` reads a scenario and a constitution (a preset name or a TOML
file), runs every stage deterministically from the scenario's seed, and returns a
:class:`RunReport`; :func:`write_records` writes one record per contest: an open roll
call (``rollcall.json``) or a secret, verifiable record (``manifest.json``,
``board.jsonl``, ``head.json``).
"""

from __future__ import annotations

from pathlib import Path

from suffrage.errors import ScenarioError
from suffrage.rules.constitution import (
    Constitution,
    load_preset,
    parse_constitution_text,
    preset_names,
)
from suffrage.service.scenario.model import Scenario, parse_scenario, parse_scenario_text
from suffrage.service.scenario.report import ConstituencyResult, Deputy, EventResult, RunReport
from suffrage.service.scenario.runner import run_scenario

__all__ = [
    "ConstituencyResult",
    "Deputy",
    "EventResult",
    "RunReport",
    "Scenario",
    "compare_scenario_file",
    "load_constitution",
    "parse_scenario",
    "parse_scenario_text",
    "run_scenario",
    "run_scenario_file",
    "write_records",
]


def load_constitution(name_or_path: str) -> Constitution:
    """A preset by name, or a constitution TOML file by path."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ScenarioError(f"{name_or_path}: cannot read ({exc.strerror})") from None
        return parse_constitution_text(text, source=str(path))
    return load_preset(name_or_path)


def run_scenario_file(path: Path, constitution: str | None = None) -> RunReport:
    """Read and run the scenario at ``path`` (under its own constitution unless given).

    The scenario's ``constitution`` is a preset name or a ``.toml`` file beside the
    scenario; ``constitution`` (the command line's) is a preset name or a path.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read ({exc.strerror})") from None
    scenario = parse_scenario_text(text, source=str(path))
    name = constitution or scenario.constitution
    if name is None:
        raise ScenarioError(
            "scenario.scenario.constitution: name a constitution here or on the command line"
        )
    if constitution is None and Path(name).suffix == ".toml":
        name = str(path.parent / name)  # a file named by the scenario is beside it
    elif constitution is None and name not in preset_names():
        known = ", ".join(preset_names())
        raise ScenarioError(
            f"scenario.scenario.constitution: no preset {name!r} (presets: {known}); "
            "or give the path of a .toml file"
        )
    rules = load_constitution(name)
    return run_scenario(rules, scenario)


def compare_scenario_file(path: Path, constitutions: list[str]) -> list[RunReport]:
    """Run one electorate under each constitution (the lab); one report per constitution."""
    if not constitutions:
        raise ScenarioError("compare: name at least one constitution")
    return [run_scenario_file(path, name) for name in constitutions]


def write_records(report: RunReport, out: Path) -> list[Path]:
    """Write each contest's record under ``out/<n>-<contest>/``; return the directories."""
    written = []
    for number, outcome in enumerate(report.contests, start=1):
        folder = out / f"{number:02d}-{outcome.spec.id}"
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in outcome.record.items():
            (folder / name).write_bytes(data)
        written.append(folder)
    return written
