"""A secret ranked contest (protocol 7.16) voted in real Chromium.

Three voters rank the four candidates of an open election, each her own way: one drags
candidates into her ranking, reorders them and drags one back out; one uses the plain
number selects, gives a number twice and skips one, reads what is wrong in plain words,
fixes it, audits that ballot, and then ranks and casts a fresh one; one ranks with the
buttons and later revotes. Every ballot is counted (the revoted one replaced) and no cast
request carries a ranking. The administrator closes; two trustees mix through the service
with their own tokens, two decrypt, the result is published; the record downloaded from
the election's page passes ``suffrage verify`` (the booth's range and sum proofs, the
audit's reveal, the shuffles, the decryptions, the STV outcome), and its published
rankings are exactly the ones ranked in the booth.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from browser_harness import LiveServer
from site_tour import opened

from election_actors import Trustees, ranked_manifest_json
from suffrage.protocol.record import read_archive

ADMIN = ("admin", "a long admin password")
E = "ranked-2026"
P = f"/api/elections/{E}"
IDS = ["ada", "bo", "cy", "di"]


@pytest.fixture
def ranked(live: LiveServer, smtp: Any) -> tuple[Trustees, list[str]]:
    """The ranked election, open, its trustees and the five voters' codes."""
    return opened(live.container, smtp[0], ranked_manifest_json(E), b"ranked")


def _row(j: int) -> str:
    return f"li.rank-row[data-index='{j}']"


def _ranked(page: Any) -> list[str]:
    """The candidates in "your ranking", top first."""
    return list(page.eval_on_selector_all("ol.ranked li", "els => els.map(e => e.dataset.option)"))


def _numbers(page: Any) -> list[int]:
    """Each candidate's number, in ballot order, as its select shows it."""
    return [int(page.input_value(f"#opt-council-{j}")) for j in range(len(IDS))]


def _problems(page: Any) -> list[str]:
    return list(
        page.eval_on_selector_all(".rank-problems li", "els => els.map(e => e.textContent)")
    )


def _said(page: Any, words: str) -> None:
    page.wait_for_function(
        "(w) => document.querySelector('#contest-council [aria-live].visually-hidden')"
        ".textContent === w",
        arg=words,
    )


class Voter:
    """One voter on her own device (a fresh browser context), recording what it sends."""

    def __init__(self, browser: Any, live: LiveServer, code: str) -> None:
        self.device = browser.new_context()
        self.page = self.device.new_page()
        self.sent: list[tuple[str, str]] = []
        self.page.on("request", self._record)
        self.page.goto(f"{live.url}/booth/{E}?lang=en#{code}")
        self.page.click("#start")
        self.page.wait_for_selector("#ballot-form:not([hidden])")

    def _record(self, request: Any) -> None:
        if request.method == "POST":
            self.sent.append((request.url, request.post_data or ""))

    def review_and_encrypt(self) -> list[str]:
        """Continue, read the review's ranking, encrypt."""
        self.page.click("#to-review")
        self.page.wait_for_selector("#step-review:not([hidden])")
        shown = self.page.eval_on_selector_all(
            "#review-list .ranked-summary li", "els => els.map(e => e.textContent)"
        )
        self.page.click("#encrypt")
        self.page.wait_for_selector("#step-encrypted:not([hidden])")
        return list(shown)

    def cast(self) -> str:
        code = str(self.page.inner_text("#tracking-code"))
        self.page.click("#cast")
        self.page.wait_for_selector("#step-done:not([hidden])")
        assert self.page.inner_text("#done-code") == code
        return code

    def close(self) -> None:
        self.device.close()


def _drag(voter: Voter) -> str:
    """Ranks by drag and drop only: Di, Ada (Bo dragged in and out again)."""
    page = voter.page
    page.drag_and_drop(f"{_row(1)} .rank-grip", "ol.rank-list.ranked")
    _said(page, "Bo: number 1.")
    # dropped on the upper half of Bo's row: before Bo
    page.drag_and_drop(f"{_row(3)} .rank-grip", _row(1), target_position={"x": 30, "y": 4})
    assert _ranked(page) == ["di", "bo"]
    box = page.locator("ol.rank-list.ranked").bounding_box()
    bottom = {"x": 30, "y": box["height"] - 3}  # below every row: last
    page.drag_and_drop(f"{_row(0)} .rank-grip", "ol.rank-list.ranked", target_position=bottom)
    assert _ranked(page) == ["di", "bo", "ada"]
    page.drag_and_drop(f"{_row(1)} .rank-grip", "ul.rank-list.unranked")
    _said(page, "Bo: not ranked.")
    assert _ranked(page) == ["di", "ada"] and _numbers(page) == [2, 0, 0, 1]
    assert voter.review_and_encrypt() == ["1Di", "2Ada"]
    return voter.cast()


def _select_then_audit(voter: Voter) -> str:
    """Ranks with the number selects, fixes a number given twice and a gap, audits, casts."""
    page = voter.page
    page.select_option("#opt-council-2", "1")
    page.select_option("#opt-council-0", "1")
    assert _problems(page) == [
        "Number 1 is given to more than one candidate (Ada, Cy):"
        " give each number to one candidate only."
    ]
    page.click("#to-review")
    page.wait_for_selector("#booth-error:not([hidden])")
    assert page.inner_text("#booth-error-list").startswith(
        "In “Council: rank the candidates”: Number 1 is given"
    )
    assert page.evaluate("document.activeElement.id") == "booth-error"
    page.focus("#opt-council-0")
    page.select_option("#opt-council-0", "3")
    assert _problems(page) == [
        "Nobody has number 2, but number 3 is used: number your choices 1, 2, 3 and so on,"
        " without gaps."
    ]
    assert page.evaluate("document.activeElement.id") == "opt-council-0"  # kept as its row moved
    page.select_option("#opt-council-0", "2")
    assert _problems(page) == [] and _ranked(page) == ["cy", "ada"]
    assert page.inner_text("#contest-council .counter") == "You ranked 2 of 4."
    assert voter.review_and_encrypt() == ["1Cy", "2Ada"]
    page.click("#audit")
    page.wait_for_selector("#step-audit:not([hidden])")
    shown = page.eval_on_selector_all(
        "#audit-values .ranked-summary li", "els => els.map(e => e.textContent)"
    )
    assert shown == ["1Cy", "2Ada"]
    assert page.is_visible("#audit-ranked")  # says how a ranking was encrypted and checked
    page.click("#again-audit")
    page.wait_for_selector("#ballot-form:not([hidden])")
    assert _numbers(page) == [0, 0, 0, 0]  # a fresh ballot
    page.select_option("#opt-council-2", "1")
    page.select_option("#opt-council-0", "2")
    assert voter.review_and_encrypt() == ["1Cy", "2Ada"]
    return voter.cast()


def _buttons(voter: Voter, order: list[int]) -> str:
    """Ranks with the Add buttons (keyboard), in ``order``."""
    for j in order:
        voter.page.focus(f"{_row(j)} button[data-act=add]")
        voter.page.keyboard.press("Enter")
    assert _ranked(voter.page) == [IDS[j] for j in order]
    voter.review_and_encrypt()
    return voter.cast()


def _state(live: LiveServer, code: str) -> dict[str, Any]:
    return dict(httpx.get(f"{live.url}/api/elections/{E}/ballots/{code}").json())


def _count(live: LiveServer, trustees: Trustees) -> None:
    """Close; trustees 2 and 1 mix through the service, 1 and 3 decrypt; publish.

    Each trustee posts with her own token, through the routes and helpers of the service's
    ranked tests (tests/integration/election/test_ranked_web.py).
    """
    live.container.auth.create_admin(*ADMIN)
    api = httpx.Client(base_url=live.url, timeout=120)
    res = api.post("/api/session", json={"username": ADMIN[0], "password": ADMIN[1]})
    csrf = {"x-csrf-token": res.json()["csrf_token"]}
    tokens = {
        t["trustee"]: {"authorization": f"Bearer {t['token']}"}
        for t in api.post(f"{P}/trustee-tokens", headers=csrf).json()["tokens"]
    }
    assert api.post(f"{P}/close", headers=csrf).json()["phase"] == "tallied"
    trustees.attest(live.container, E, "close", (1, 3))
    key = api.get(P).json()["public_key"]
    for i in (2, 1):
        payload = trustees.mix(i, key, api.get(f"{P}/mixing/council").json())
        res = api.post(f"{P}/mixes", json=payload, headers=tokens[i])
        assert res.status_code == 200, res.text
    last, tally = api.get(f"{P}/mixing/council").json(), api.get(f"{P}/tally").json()
    for i in (1, 3):
        res = api.post(f"{P}/mix-shares", json=trustees.mix_share(i, last), headers=tokens[i])
        assert res.status_code == 200, res.text
        share = trustees.decryption_share(i, tally)
        res = api.post(f"{P}/decryption-shares", json=share, headers=tokens[i])
        assert res.is_success, res.text
    res = api.post(f"{P}/publish", headers=csrf)
    assert res.status_code == 200, res.text


def test_rank_in_the_booth_cast_and_the_downloaded_record_verifies(
    live: LiveServer, ranked: tuple[Trustees, list[str]], chromium: Any, tmp_path: Path
) -> None:
    trustees, codes = ranked
    voters = [Voter(chromium, live, codes[k]) for k in range(3)]
    cast = {
        "drag": _drag(voters[0]),
        "select": _select_then_audit(voters[1]),
        "buttons": _buttons(voters[2], [3, 2, 1, 0]),
    }
    again = Voter(chromium, live, codes[2])
    cast["revote"] = _buttons(again, [1])
    voters.append(again)
    for v in voters:
        v.close()
    assert _state(live, cast["buttons"])["state"] == "replaced"
    for key in ("drag", "select", "revote"):
        assert _state(live, cast[key])["state"] == "counted", key

    sent = [s for v in voters for s in v.sent]
    casts = [body for url, body in sent if url.endswith("/ballots")]
    audits = [body for url, body in sent if url.endswith("/audits")]
    assert len(casts) == 4 and len(audits) == 1
    for body in casts:  # a cast ballot names no candidate and carries no number
        assert set(json.loads(body)) == {"manifest", "credential", "style", "contests", "signature"}
        assert '"values"' not in body and not any(f'"{o}"' in body for o in IDS)

    _count(live, trustees)
    page = chromium.new_context().new_page()
    page.goto(f"{live.url}/elections/{E}?lang=en")
    with page.expect_download() as download:
        page.click("a[download]")
    archive = tmp_path / "record.tar.gz"
    download.value.save_as(archive)
    page.context.close()
    cli = Path(sys.executable).with_name("suffrage")
    run = subprocess.run(
        [str(cli), "verify", str(archive), "--json"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr
    status = {c["id"]: c["status"] for c in json.loads(run.stdout)["checks"]}
    checks = ("ballots.option_proofs", "ballots.contest_proofs", "audits.reveal", "mix.shuffle")
    for check in (*checks, "mix.decryption", "result.rankings", "result.ranked_outcome"):
        assert status[check] == "passed", check

    # the published rankings are the ones ranked in the booth (the replaced one not among them)
    board = read_archive(archive.read_bytes())["board.jsonl"].decode().splitlines()
    result = json.loads(board[-1])["payload"]
    row = next(r for r in result["contests"] if r["contest"] == "council")
    published = Counter(tuple(r) for r in row["rankings"])
    assert published == Counter([("di", "ada"), ("cy", "ada"), ("bo",)])
    assert row["invalid"] == []
    outcome = row["outcome"]  # recounted by the verifier (result.ranked_outcome)
    assert (outcome["method"], outcome["cast"], outcome["votes"]) == ("stv-scottish", 3, 3)
    assert len(outcome["elected"]) == 2
