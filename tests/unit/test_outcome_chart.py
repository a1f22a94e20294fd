"""The results page's seat chart: each list has one colour in its bar, its seats and its legend."""

from __future__ import annotations

import re
from fractions import Fraction

from suffrage.adapters.web.pages import templates
from suffrage.service.results import ContestView, OptionView, seat_dots


def _option(ident: str, votes: int, seats: int) -> OptionView:
    return OptionView(ident, ident.upper(), votes, Fraction(votes, 100), seats, seats > 0)


def _render(view: ContestView) -> str:
    chart = templates.env.get_template("_outcome_chart.html")
    return chart.render(view=view, dots=seat_dots(view), t=lambda key: key)


def _fills(html: str, tag: str) -> dict[str, set[str]]:
    pattern = rf'<{tag} data-option="([^"]+)"[^>]*fill="([^"]+)"'
    found: dict[str, set[str]] = {}
    for ident, fill in re.findall(pattern, html, flags=re.S):
        found.setdefault(ident, set()).add(fill)
    return found


def _legend(html: str) -> dict[str, str]:
    """The legend's colour per list title."""
    legend = html.split('class="chart-legend"', 1)[1]
    items = re.findall(r'fill="([^"]+)"></rect></svg>\s*([^:<]+):', legend)
    return {title.strip(): fill for fill, title in items}


def test_a_list_without_seats_does_not_shift_the_colours_of_the_others() -> None:
    options = (_option("a", 4, 0), _option("b", 50, 3), _option("c", 46, 2))
    view = ContestView("lists", "Lists", options, 100, method="dhondt")
    html = _render(view)
    bars = _fills(html, "rect")
    dots = _fills(html, "circle")
    legend = _legend(html)
    assert set(dots) == {"b", "c"} and set(legend) == {"B", "C"}
    for ident in ("b", "c"):
        assert len(bars[ident]) == 1, f"{ident}'s bar and legend differ in colour"
        assert dots[ident] == bars[ident], f"{ident}'s seats differ in colour from its bar"
        assert {legend[ident.upper()]} == bars[ident], f"{ident}'s legend differs from its bar"
    assert bars["b"] != bars["c"]
