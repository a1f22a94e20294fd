"""``suffrage lab`` on every shipped population: the measures, the files, the errors."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from suffrage.adapters.cli import app
from suffrage.rules.disproportionality import gallagher

LAB = Path(__file__).resolve().parents[2] / "examples" / "lab"
POPULATIONS = ["province-1918.toml", "modern-union.toml", "bonapartist-plebiscite.toml"]


def _objects(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found.extend(_objects(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_objects(value))
    return found


@pytest.mark.parametrize("population", POPULATIONS)
def test_lab_prints_strata_electors_per_deputy_and_gallagher(population: str) -> None:
    args = ["lab", str(LAB / population), "-c", "soviet-1918", "-c", "ussr-1936"]
    result = CliRunner().invoke(app, args, terminal_width=200)
    assert result.exit_code == 0, result.output
    text = result.output
    for constitution in ("soviet-1918", "ussr-1936"):
        block = text[text.index(f"{constitution} (") :]
        assert "seats by stratum" in block and "electors per deputy by class" in block
        assert "Gallagher" in block
    # Art. 65 disfranchises the 1918 strata; nobody is left out by class in 1936
    soviet = text[text.index("soviet-1918 (") : text.index("ussr-1936 (")]
    assert "excluded 0.00" not in soviet


@pytest.mark.parametrize("population", POPULATIONS)
def test_every_gallagher_carries_the_votes_and_seats_it_comes_from(population: str) -> None:
    args = ["lab", str(LAB / population), "-c", "soviet-1918", "-c", "ussr-1936", "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    carrying = [o for o in _objects(document) if "gallagher" in o]
    assert len(carrying) >= 2
    for obj in carrying:
        assert isinstance(obj["votes"], dict) and isinstance(obj["seats"], dict)
        again = gallagher(obj["votes"], obj["seats"])
        if obj["gallagher"] is None:
            assert again is None
        else:
            assert again is not None and math.isclose(again, obj["gallagher"], abs_tol=1e-3)
    soviet = [r for r in document["runs"] if r["constitution"] == "soviet-1918"]
    assert soviet and all(t["electors_per_deputy"] for t in soviet[0]["tiers"])


def test_province_city_voters_weigh_more_than_peasants_in_1918() -> None:
    args = ["lab", str(LAB / "province-1918.toml"), "-c", "soviet-1918", "--json"]
    document = json.loads(CliRunner().invoke(app, args).output)
    (run,) = document["runs"]
    gubernia = next(t for t in run["tiers"] if t["tier"] == "provincial-congress")
    per = gubernia["electors_per_deputy"]
    assert per["peasant"] > 2 * per["worker"]  # 1 per 10,000 inhabitants vs 2,000 voters
    assert {"workers", "peasants"} <= set(gubernia["strata"])
    # deputies keep their own stratum: no disfranchised stratum sits anywhere
    for tier in run["tiers"]:
        assert not {"kulaks", "clergy", "traders", "former police"} & set(tier["strata"])


def test_out_writes_csv_json_and_html(tmp_path: Path) -> None:
    args = ["lab", str(LAB / "modern-union.toml"), "-c", "council-democracy", "-c",
            "multiparty-pr", "--runs", "2", "--out", str(tmp_path)]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    runs = json.loads((tmp_path / "runs.json").read_text())["runs"]
    assert len(runs) == 4 and {r["run"] for r in runs} == {1, 2}
    lines = (tmp_path / "runs.csv").read_text().splitlines()
    assert lines[0].startswith("layout,constitution,run") and len(lines) == 1 + 2 * (3 + 1)
    html = (tmp_path / "report.html").read_text()
    assert html.count("<svg") == 3 and "http" not in html and "<script" not in html


def test_open_ballot_pressure_sweep_moves_the_plebiscite() -> None:
    args = ["lab", str(LAB / "bonapartist-plebiscite.toml"), "-c",
            str(LAB / "plebiscite-open.toml"), "-c", "plebiscite", "--sweep",
            "pressure=0:0.8:0.8", "--json"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    runs = json.loads(result.output)["runs"]
    share = {
        (r["constitution"], r["pressure"]): r["votes"]["yes"] / sum(r["votes"].values())
        for r in runs
    }
    assert share[("plebiscite-open", 0.8)] > share[("plebiscite-open", 0.0)] + 0.1
    assert share[("plebiscite", 0.8)] == share[("plebiscite", 0.0)]  # secret: no pressure


def test_unmatched_keys_and_classes_are_errors(tmp_path: Path) -> None:
    text = (LAB / "province-1918.toml").read_text()
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace('workplace = "garrison"', 'workplace = "fortress"', 1))
    result = CliRunner().invoke(app, ["lab", str(bad), "-c", "soviet-1918"])
    assert result.exit_code == 1 and "'fortress' matches no unit" in result.output
    bad.write_text(text.replace('priest = ["clergy"]\n', "", 1))
    result = CliRunner().invoke(app, ["lab", str(bad), "-c", "soviet-1918"])
    assert result.exit_code == 1 and "'priest' is not mapped" in " ".join(result.output.split())
    no_map = re.sub(r"\[constitutions\.soviet-1918\.classes\]\n(.+\n)+?\n", "", text)
    assert no_map != text
    bad.write_text(no_map)
    result = CliRunner().invoke(app, ["lab", str(bad), "-c", "soviet-1918"])
    assert result.exit_code == 1 and "map it in" in " ".join(result.output.split())
    bad.write_text(text.replace("[population]", "[population]\nsede = 1", 1))
    result = CliRunner().invoke(app, ["lab", str(bad), "-c", "soviet-1918"])
    assert result.exit_code == 1 and "did you mean 'seed'" in result.output


def test_scenario_validate_names_unknown_keys_with_suggestions(tmp_path: Path) -> None:
    root = LAB.parent
    runner = CliRunner()
    for good in (
        root / "soviet-1918.toml",
        LAB / "province-1918.toml",
        LAB / "plebiscite-open.toml",
    ):
        result = runner.invoke(app, ["scenario", "validate", str(good)])
        assert result.exit_code == 0 and "valid" in result.output, result.output
    bad = tmp_path / "bad.toml"
    bad.write_text((root / "soviet-1918.toml").read_text().replace("\nseed = ", "\nsede = ", 1))
    result = runner.invoke(app, ["scenario", "validate", str(bad)])
    assert result.exit_code == 1 and "'sede' a misspelling" in " ".join(result.output.split())
    bad.write_text((LAB / "plebiscite-open.toml").read_text().replace("approve", "aprove", 1))
    result = runner.invoke(app, ["scenario", "validate", str(bad)])
    text = " ".join(result.output.split())
    assert result.exit_code == 1 and "aprove: unknown field (did you mean 'approve'?)" in text


def test_constitution_show_and_validate_take_a_preset_or_a_file() -> None:
    runner = CliRunner()
    for name in ("ussr-1936", str(LAB / "plebiscite-open.toml")):
        for command in ("show", "validate"):
            result = runner.invoke(app, ["constitution", command, name])
            assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["constitution", "show", str(LAB / "plebiscite-open.toml")])
    assert 'secrecy = "open"' in shown.output


@pytest.mark.parametrize("population", POPULATIONS)
def test_every_population_runs_under_all_five_presets(population: str) -> None:
    presets = ["soviet-1918", "ussr-1936", "plebiscite", "multiparty-pr", "council-democracy"]
    args = ["lab", str(LAB / population), "--json"]
    for name in presets:
        args += ["-c", name]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    runs = json.loads(result.output)["runs"]
    assert [r["constitution"] for r in runs] == presets
    assert all(r["electors"] > 0 and r["cast"] > 0 for r in runs)
    assert all(r["tiers"] for r in runs if r["constitution"] != "plebiscite")
