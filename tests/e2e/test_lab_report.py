"""The lab's HTML report opens in Chromium, draws its charts and is screenshotted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from suffrage.adapters.cli import app

LAB = Path(__file__).resolve().parents[2] / "examples" / "lab"


def test_lab_report_renders_in_chromium(chromium: Any, tmp_path: Path) -> None:
    out = tmp_path / "lab"
    args = ["lab", str(LAB / "province-1918.toml"), "-c", "soviet-1918", "-c", "ussr-1936",
            "-c", "council-democracy", "-c", "multiparty-pr", "--runs", "2",
            "--out", str(out)]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    page = chromium.new_page(viewport={"width": 1000, "height": 1400})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((out / "report.html").as_uri())
    assert page.title() == "A 1918-style province"
    assert page.locator("svg").count() == 3
    # every constitution has a row of the table and a bar in the Gallagher chart
    rows = page.locator("table >> nth=0").locator("tbody tr").all_inner_texts()
    assert [r.split("\t")[0] for r in rows] == [
        "soviet-1918", "ussr-1936", "council-democracy", "multiparty-pr"
    ]  # fmt: skip
    widths = (
        page.locator("svg >> nth=1")
        .locator("rect")
        .evaluate_all("rs => rs.map(r => r.getBBox().width)")
    )
    assert len(widths) == 4 and max(widths) > 0
    tiers = page.locator("table.tiers tbody tr").all_inner_texts()
    assert any(r.startswith("ussr-1936\tsoviet-of-nationalities") for r in tiers)
    assert all(u.startswith("file://") for u in requests)  # nothing fetched from elsewhere
    shot = tmp_path / "lab-report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    page.close()
