"""Run a population under several constitutions, several times, over a swept parameter.

Each run has its own seed (``<population seed>/<run>``), so runs differ in every draw
(turnout, favourites, lots) and the whole series is reproducible. Secret ballots are
tallied in plaintext here (:func:`plaintext_box`): the lab measures rules, not the
protocol; ``suffrage run`` produces the verifiable records of one scenario.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from suffrage.errors import ScenarioError
from suffrage.rules.constitution import Constitution
from suffrage.service.lab.build import build_scenario
from suffrage.service.lab.measures import measure_run
from suffrage.service.lab.population import Population
from suffrage.service.scenario.contests import ContestSpec
from suffrage.service.scenario.electorate import build_roll
from suffrage.service.scenario.runner import run_scenario

__all__ = ["PARAMETERS", "Sweep", "parse_sweep", "plaintext_box", "run_lab"]

#: The voter-model parameters a sweep may vary.
PARAMETERS = ("pressure", "strike")


@dataclass(frozen=True, slots=True)
class Sweep:
    parameter: str
    values: tuple[Fraction, ...]


def parse_sweep(text: str) -> Sweep:
    """``PARAM=a:b:step`` (inclusive of ``b``), e.g. ``pressure=0:0.5:0.1``."""
    name, _, span = text.partition("=")
    if name not in PARAMETERS:
        raise ScenarioError(f"--sweep: {name!r} is not a parameter ({', '.join(PARAMETERS)})")
    try:
        a, b, step = (Fraction(x) for x in span.split(":"))
    except ValueError:
        raise ScenarioError(f"--sweep: {text!r} is not PARAM=a:b:step") from None
    if step <= 0 or b < a or not (a >= 0 and b <= 1):
        raise ScenarioError(f"--sweep: {text!r} needs 0 <= a <= b <= 1 and step > 0")
    values = []
    value = a
    while value <= b:
        values.append(value)
        value += step
    return Sweep(name, tuple(values))


def plaintext_box(
    spec: ContestSpec,
    roll: Sequence[tuple[str, int]],
    marks: Sequence[tuple[str, tuple[str, ...]]],
) -> tuple[dict[str, int], dict[str, bytes], list[tuple[str, ...]] | None]:
    """Totals per option of a secret contest, without encryption and without a record
    (and a ranked contest's rankings, as a mix would publish them)."""
    totals = dict.fromkeys(spec.options, 0)
    for _, chosen in marks:
        for option in chosen:
            totals[option] += 1
    rankings = [chosen for _, chosen in marks] if spec.ballot.kind == "ranked" else None
    return totals, {}, rankings


def run_lab(
    population: Population,
    constitutions: Sequence[tuple[str, Constitution]],
    *,
    runs: int,
    sweep: Sweep | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[dict[str, Any]]:
    """Every (sweep value, constitution, run): one dict of measures each.

    ``constitutions`` pairs each constitution with the name of its layout in the
    population file; ``progress`` is called after each run with the number done.
    """
    if runs < 1:
        raise ScenarioError("--runs: must be at least 1")
    values: tuple[Fraction | None, ...] = sweep.values if sweep else (None,)
    out: list[dict[str, Any]] = []
    for value in values:
        params = {"pressure": population.pressure, "strike": population.strike}
        if sweep is not None and value is not None:
            params[sweep.parameter] = value
        for layout, constitution in constitutions:
            for run in range(1, runs + 1):
                seed = f"{population.seed}/{run}"
                built = build_scenario(
                    population,
                    constitution,
                    layout,
                    seed=seed,
                    pressure=params["pressure"],
                    strike=params["strike"],
                )
                report = run_scenario(constitution, built.scenario, secret_box=plaintext_box)
                classes = {
                    e.person.id: built.classes[id(e.group)] for e in build_roll(built.scenario)
                }
                measures = measure_run(
                    report,
                    classes,
                    built.parents,
                    scale=population.scale,
                    direct=constitution.tiers[0].id,
                )
                measures.update(
                    layout=layout,
                    run=run,
                    seed=seed,
                    pressure=float(params["pressure"]),
                    strike=float(params["strike"]),
                    sweep=None if sweep is None else sweep.parameter,
                )
                out.append(measures)
                if progress is not None:
                    progress(len(out))
    return out
