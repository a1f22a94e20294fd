"""Every page in real Chromium, in English and Russian, on a desktop, a phone and at 320 px.

On each page of the tour (site_tour.py: every page, and the booth at each of its steps):

- axe-core (tests/e2e/vendor/axe.min.js, copied from npm by booth/build-axe.sh) finds no
  serious or critical violation, at desktop and phone size, in the light and the dark
  colour scheme (``prefers-color-scheme``, emulated on the same page: every rule in the
  light scheme, the rules that read colours in the dark one);
- the page does not scroll sideways (at 320 px and at phone size);
- a Russian page shows no Latin word that is neither the data it displays (names, titles,
  codes, addresses) nor a word the Russian catalogue itself keeps (CSV, JSON, column names):
  an untranslated template string, script message or service error fails here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from site_tour import DESKTOP, PHONE, Site, Walker, running_site, views

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
CATALOGUES = Path(__file__).parents[2] / "src/suffrage/adapters/web/i18n"
NARROW = {"width": 320, "height": 640}
# Each page is checked in both schemes, switched by media emulation: every rule in the
# light one; in the dark one the rules that read colours (the structure does not change).
SCHEMES = {"light": None, "dark": ["color-contrast", "link-in-text-block"]}

_RUN_AXE = """async (rules) => {
  const only = rules ? {runOnly: {type: "rule", values: rules}} : {};
  const result = await axe.run(document, {resultTypes: ["violations"], ...only});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => {
      const where = v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ");
      return `${v.id} (${v.impact}): ${v.help} at ${where}`;
    });
}"""

# Text a reader sees, without what is data rather than wording: code, inputs, other languages.
_VISIBLE_TEXT = """() => {
  const data = "code, pre, script, style, [lang]:not([lang=ru]), select, textarea";
  const skip = (el) => el.closest(data);
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || skip(el) || !el.checkVisibility({visibilityProperty: true})) continue;
    out.push(node.textContent);
  }
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
    for (const a of ["aria-label", "title", "placeholder", "alt"]) {
      if (el.hasAttribute(a) && !skip(el)) out.push(el.getAttribute(a));
    }
  }
  return out.join("\\n");
}"""


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with running_site() as running:
        yield running


def _catalogue_latin() -> set[str]:
    ru = json.loads((CATALOGUES / "ru.json").read_text(encoding="utf-8"))
    return {w.lower() for text in ru.values() for w in re.findall(r"[A-Za-z]+", text)}


def _untranslated(page: Any, allowed: set[str]) -> list[str]:
    text = page.evaluate(_VISIBLE_TEXT)
    text = re.sub(r"\b[0-9a-f]{8,}\b", " ", text)  # hashes and codes
    text = re.sub(r"\S+@\S+", " ", text)  # e-mail addresses
    text = re.sub(r"'[^'\n]*'", " ", text)  # values a service message quotes
    words = {w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", text) if w.lower() not in allowed}
    return sorted(words)


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_page_is_accessible(site: Site, chromium: Any, lang: str, size: str) -> None:
    viewport = DESKTOP if size == "desktop" else PHONE
    allowed = {w.lower() for w in site.data_words} | _catalogue_latin()
    problems: list[str] = []
    walker = Walker(chromium, site, lang, viewport)
    try:
        for view in views(site):
            page = walker.show(view)
            assert page.get_attribute("html", "lang") == lang, view.name
            page.evaluate(AXE)
            for scheme, rules in SCHEMES.items():
                page.emulate_media(color_scheme=scheme)
                found = page.evaluate(_RUN_AXE, rules)
                problems += [f"{view.name} ({scheme}): {v}" for v in found]
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                problems.append(f"{view.name}: {width} px wide at {viewport['width']} px")
            if lang == "ru":
                words = _untranslated(page, allowed)
                if words:
                    problems.append(f"{view.name}: untranslated words {words}")
    finally:
        walker.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_page_scrolls_sideways_at_320_px(site: Site, chromium: Any, lang: str) -> None:
    wide = []
    walker = Walker(chromium, site, lang, NARROW)
    try:
        for view in views(site):
            width = walker.show(view).evaluate("document.documentElement.scrollWidth")
            if width > NARROW["width"]:
                wide.append((view.name, width))
    finally:
        walker.close()
    assert wide == [], wide
