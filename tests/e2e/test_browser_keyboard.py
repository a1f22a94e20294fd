"""The booth and the sign-in in real Chromium, used the way some voters must use them.

- A voter votes with the keyboard only (Tab, Space, arrows, Enter), and every control she
  reaches shows where the focus is; so does a voter who ranks candidates in a ranked contest
  (Add and Up buttons, each change announced, the focus kept on the moved candidate).
- The voting code from the link survives a switch of language; a closed election says so
  on arrival; a deep link to an administration page goes through the sign-in and back.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from site_tour import ADMIN, CHOOSE_ONE, KEYS, OPEN, PUBLISHED, RANKED, Site, running_site


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with running_site() as running:
        yield running


def _tab_to(page: Any, selector: str, limit: int = 80) -> None:
    """Press Tab until ``selector`` has the focus; each stop must show a focus indicator."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """(s) => {
              const el = document.activeElement;
              const css = getComputedStyle(el);
              const shown = css.outlineStyle !== "none" || css.boxShadow !== "none";
              return {match: el.matches(s), shown, what: el.outerHTML.slice(0, 80)};
            }""",
            selector,
        )
        assert focused["shown"], f"no visible focus on {focused['what']}"
        if focused["match"]:
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_vote_with_the_keyboard_only(site: Site, chromium: Any) -> None:
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{site.live.url}/booth/{OPEN}?lang=en#{site.codes[OPEN][4]}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    _tab_to(page, "#start")
    page.keyboard.press("Enter")
    page.wait_for_selector("#ballot-form:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "ballot-heading"
    for option in ("#opt-council-0", "#opt-council-2"):
        _tab_to(page, option)
        page.keyboard.press("Space")
    assert page.inner_text("#contest-council .counter") == "You chose 2 of at most 2."
    _tab_to(page, "#to-review")
    page.keyboard.press("Enter")
    page.wait_for_selector("#step-review:not([hidden])")
    assert page.inner_text("#review-list").split("\n") == ["Council seats", "Ada, Cy"]
    _tab_to(page, "#encrypt")
    page.keyboard.press("Enter")
    page.wait_for_selector("#step-encrypted:not([hidden])")
    _tab_to(page, "#cast")
    page.keyboard.press("Enter")
    page.wait_for_selector("#step-done:not([hidden])")
    code = page.inner_text("#done-code")
    state = httpx.get(f"{site.live.url}/api/elections/{OPEN}/ballots/{code}").json()
    assert state["state"] == "counted"
    context.close()


def _button(j: int, act: str) -> str:
    return f"li.rank-row[data-index='{j}'] button[data-act={act}]"


def _focused(page: Any) -> str:
    return str(page.evaluate("document.activeElement.closest('li').dataset.option + ' ' + "
                             "document.activeElement.dataset.act"))  # fmt: skip


def _said(page: Any, words: str) -> None:
    page.wait_for_function(
        "(w) => document.querySelector('#contest-council .visually-hidden[aria-live]')"
        ".textContent === w",
        arg=words,
    )


def test_rank_with_the_keyboard_only(site: Site, chromium: Any) -> None:
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{site.live.url}/booth/{RANKED}?lang=en#{site.codes[RANKED][1]}")
    _tab_to(page, "#start")
    page.keyboard.press("Enter")
    page.wait_for_selector("#ballot-form:not([hidden])")
    _tab_to(page, _button(2, "add"))
    page.keyboard.press("Enter")
    _said(page, "Cy: number 1.")
    assert _focused(page) == "cy remove"  # the focus moved with Cy into the ranking
    _tab_to(page, _button(0, "add"))
    page.keyboard.press("Enter")
    _said(page, "Ada: number 2.")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert _focused(page) == "ada up"
    page.keyboard.press("Enter")
    _said(page, "Ada: number 1.")
    assert _focused(page) == "ada up"  # still on Ada, now first
    page.keyboard.press("Enter")
    _said(page, "Ada is already your first choice.")
    assert page.inner_text("#contest-council .counter") == "You ranked 2 of 4."
    ranked = page.eval_on_selector_all("ol.ranked li", "els => els.map(e => e.dataset.option)")
    assert ranked == ["ada", "cy"]
    _tab_to(page, "#to-review")
    page.keyboard.press("Enter")
    page.wait_for_selector("#step-review:not([hidden])")
    items = page.eval_on_selector_all(
        "#review-list .ranked-summary li", "els => els.map(e => e.textContent)"
    )
    assert items == ["1Ada", "2Cy"]
    assert page.inner_text("#review-list .help") == "Not ranked: Bo, Di"
    _tab_to(page, "#encrypt")
    page.keyboard.press("Enter")
    page.wait_for_selector("#step-encrypted:not([hidden])")
    _tab_to(page, "#cast")
    page.keyboard.press("Enter")
    page.wait_for_selector("#step-done:not([hidden])")
    code = page.inner_text("#done-code")
    state = httpx.get(f"{site.live.url}/api/elections/{RANKED}/ballots/{code}").json()
    assert state["state"] == "counted"
    context.close()


def test_choose_one_uses_radio_buttons_and_arrow_keys(site: Site, chromium: Any) -> None:
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{site.live.url}/booth/{CHOOSE_ONE}?lang=en#{site.codes[CHOOSE_ONE][1]}")
    _tab_to(page, "#start")
    page.keyboard.press("Enter")
    page.wait_for_selector("#ballot-form:not([hidden])")
    types = page.eval_on_selector_all("#contests input", "els => els.map(e => e.type)")
    assert types == ["radio", "radio", "radio"]
    _tab_to(page, "#opt-main-0")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    checked = page.eval_on_selector_all("#contests input", "els => els.map(e => e.checked)")
    assert checked == [False, True, False]
    context.close()


def test_code_survives_a_language_switch(site: Site, chromium: Any) -> None:
    context = chromium.new_context()
    page = context.new_page()
    code = site.codes[OPEN][2]
    page.goto(f"{site.live.url}/booth/{OPEN}?lang=en#{code}")
    assert "#" not in page.url and page.input_value("#credential") == code
    page.click("a.lang-link[hreflang=ru]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "ru"
    assert "#" not in page.url  # taken out of the address bar again
    assert page.input_value("#credential") == code
    context.close()


def test_closed_and_unopened_elections_say_so_on_arrival(site: Site, chromium: Any) -> None:
    context = chromium.new_context()
    page = context.new_page()
    for election, phase in ((PUBLISHED, "published"), (KEYS, "keys")):
        page.goto(f"{site.live.url}/booth/{election}?lang=en")
        assert page.get_attribute("#booth-closed", "data-phase") == phase
        assert page.query_selector("#credential") is None  # nothing to fill in
    context.close()


def test_deep_link_signs_in_and_returns(site: Site, chromium: Any) -> None:
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{site.live.url}/admin/elections/{KEYS}?lang=en")
    assert "/admin/login?next=" in page.url
    page.fill("#username", ADMIN[0])
    page.fill("#password", ADMIN[1])
    page.click("form[action='/admin/login'] button[type=submit]")
    page.wait_for_url(f"{site.live.url}/admin/elections/{KEYS}?lang=en")
    assert page.inner_text("h1") == "Budget assembly 2027"
    context.close()
