"""Every preset has a page with its sources and an example; the commands are documented."""

from __future__ import annotations

from pathlib import Path

from suffrage.rules.constitution import load_preset, preset_names

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs" / "constitutions"
ARTICLES = {
    "soviet-1918": ("25", "53", "57", "64", "65", "78"),
    "ussr-1936": ("34", "35", "135", "141", "142"),
}


def test_every_preset_has_a_page_an_example_and_an_index_entry() -> None:
    index = (DOCS / "README.md").read_text()
    for name in preset_names():
        page = (DOCS / f"{name}.md").read_text()
        assert f"`{name}`" in page.splitlines()[0]
        assert f"[{name}.md]({name}.md)" in index
        assert (ROOT / "examples" / f"{name}.toml").exists()
        assert f"examples/{name}.toml" in page
        for article in ARTICLES.get(name, ()):
            assert f"Art. {article}" in page
            assert any(f"Art. {article}" in source for source in load_preset(name).sources)


def test_commands_are_documented() -> None:
    index = (DOCS / "README.md").read_text()
    for command in (
        "suffrage constitution list",
        "suffrage constitution show",
        "suffrage constitution validate",
        "suffrage run",
        "suffrage rollcall",
        "suffrage compare",
    ):
        assert command in index
