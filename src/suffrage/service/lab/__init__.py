"""The constitutions lab: one population, several constitutions, measured over many runs.

A population file (:mod:`~suffrage.service.lab.population`) lists persons and, per
constitution, how they form its constituencies; :func:`run_lab` builds each
constitution's scenario (:mod:`~suffrage.service.lab.build`), runs it with the voter
model, and measures it (:mod:`~suffrage.service.lab.measures`).
"""

from __future__ import annotations

from pathlib import Path

from suffrage.errors import ScenarioError
from suffrage.service.lab.build import Built, build_scenario
from suffrage.service.lab.measures import measure_run
from suffrage.service.lab.population import (
    Layout,
    Population,
    parse_population,
    parse_population_text,
)
from suffrage.service.lab.runner import PARAMETERS, Sweep, parse_sweep, plaintext_box, run_lab

__all__ = [
    "PARAMETERS",
    "Built",
    "Layout",
    "Population",
    "Sweep",
    "build_scenario",
    "layout_name",
    "measure_run",
    "parse_population",
    "parse_population_text",
    "parse_sweep",
    "plaintext_box",
    "read_population",
    "run_lab",
]


def read_population(path: Path) -> Population:
    """The population file at ``path``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read ({exc.strerror})") from None
    return parse_population_text(text, source=str(path))


def layout_name(name_or_path: str) -> str:
    """The layout a constitution uses: a preset's id, or a file's stem (``open.toml``)."""
    return Path(name_or_path).stem if name_or_path.endswith(".toml") else name_or_path
