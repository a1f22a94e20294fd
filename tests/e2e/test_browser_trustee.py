"""The trustee page in real Chromium: the key share is dealt in the browser.

Trustee 1 deals on ``/trustee/{id}`` with its token and its signing key file (read on
her device): the page posts only the signed commitment and offers the state file for
download; a key that is not hers is refused before anything is sent. Trustees 2 and 3
use ``suffrage trustee``; trustee 1 continues with the CLI from the downloaded state
(sealing its shares for the others), the sealed shares are exchanged as files, and
trustee 1's secret share matches its public share in the joint key.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import httpx
from browser_harness import LiveServer
from typer.testing import CliRunner

from election_actors import manifest_json
from suffrage.adapters.cli import app as cli
from suffrage.crypto.group import Element, Scalar

ADMIN = ("admin", "a long admin password")
E = "council-2026"


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["trustee", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _download(page: Any, name: str, to: Path) -> Path:
    with page.expect_download() as info:
        page.click(f'a[download="{name}"]')
    info.value.save_as(to)
    return to


def test_trustee_page_deals_in_the_browser(live: LiveServer, chromium: Any, tmp_path: Path) -> None:
    live.container.auth.create_admin(*ADMIN)
    admin = httpx.Client(base_url=f"{live.url}/api", timeout=60)
    res = admin.post("/session", json={"username": ADMIN[0], "password": ADMIN[1]})
    csrf = {"x-csrf-token": res.json()["csrf_token"]}
    keys = {i: tmp_path / f"trustee{i}.key" for i in (1, 2, 3)}
    manifest = manifest_json()
    for i, key in keys.items():
        _run("init", "--key", str(key))
        manifest["trustees"][i - 1]["public_key"] = json.loads(key.read_text())["public_key"]  # type: ignore[index]
    res = admin.post("/elections", json={"manifest": manifest}, headers=csrf)
    assert res.status_code == 201, res.text
    res = admin.post(f"/elections/{E}/trustee-tokens", headers=csrf)
    tokens = {t["trustee"]: t["token"] for t in res.json()["tokens"]}

    dirs = {i: tmp_path / f"trustee{i}" for i in (1, 2, 3)}
    for d in dirs.values():
        d.mkdir()
    context = chromium.new_context(accept_downloads=True)
    page = context.new_page()
    posts: list[tuple[str, str]] = []
    page.on(
        "request",
        lambda r: posts.append((r.url, r.post_data or "")) if r.method == "POST" else None,
    )
    page.goto(f"{live.url}/trustee/{E}")
    page.select_option("#trustee-index", "1")
    page.fill("#trustee-token", tokens[1])
    page.set_input_files("#trustee-key", str(keys[2]))  # another trustee's key: refused
    page.click("#generate")
    page.wait_for_selector("#trustee-error:not(:empty)")
    assert "not the one the manifest lists" in page.inner_text("#trustee-error")
    assert posts == []
    page.set_input_files("#trustee-key", str(keys[1]))
    page.click("#generate")
    page.wait_for_selector('#trustee-status:has-text("board"), #trustee-error:not(:empty)')
    assert page.inner_text("#trustee-error") == ""
    state1 = _download(page, "trustee-1-state.json", dirs[1] / "state.json")
    assert page.locator("a[download]").count() == 1  # the shares are sealed by the CLI
    context.close()

    # the page sent the commitment and nothing else; no dealt share left the browser
    dealt = json.loads(state1.read_text())["dealt"]
    assert len(dealt) == 3
    assert [url.rsplit("/", 1)[1] for url, _ in posts] == ["trustee-events"]
    assert json.loads(posts[0][1])["type"] == "trustee_commitment"
    for value in dealt.values():
        assert value not in posts[0][1]

    for i in (2, 3):
        base = ["--server", live.url, "--election", E, "--state", str(dirs[i] / "state.json")]
        _run("join", *base, "--index", str(i), "--token", tokens[i], "--key", str(keys[i]))
        _run("publish", "--state", str(dirs[i] / "state.json"), "--out", str(dirs[i]))
    for i in (1, 2):  # every commitment is on the board: seal the shares for the others
        out = _run("publish", "--state", str(dirs[i] / "state.json"), "--out", str(dirs[i]))
        assert "already on the board" in out and "not committed yet" not in out
    for j in (1, 2, 3):
        files = [str(dirs[i] / f"share-{i}-for-{j}.json") for i in (1, 2, 3) if i != j]
        _run("receive", "--state", str(dirs[j] / "state.json"), *files)
    for j in (1, 2, 3):
        assert "complained" not in _run("check", "--state", str(dirs[j] / "state.json"))
    assert stat.S_IMODE(state1.stat().st_mode) == 0o600  # rewritten by the CLI

    joint = admin.post(f"/elections/{E}/joint-key", headers=csrf)
    assert joint.status_code == 200, joint.text
    board = admin.get(f"/elections/{E}/board").json()["events"]
    payload = json.loads(board[-1]["line"])["payload"]
    assert payload["qualified"] == [1, 2, 3]
    received = json.loads(state1.read_text())["received"]
    secret = Scalar.zero()
    for value in received.values():
        secret = secret + Scalar.from_hex(value)
    mine = next(s for s in payload["public_shares"] if s["trustee"] == 1)
    assert Element.base_times(secret) == Element.from_hex(mine["public_share"])
