"""A whole election in real Chromium: the administrator's pages, SMTP invitations, the booth.

An administrator signs in and creates the election, three trustees run the key ceremony
with ``suffrage trustee`` and their tokens, the administrator fixes the key, previews a
roll with an error and imports a valid one, sends the invitations (received by an SMTP
server) and opens the election. Three voters follow their links: one audits a ballot
before casting, one casts and then revotes. The administrator closes; trustees 1 and 3
decrypt with the CLI (2 is absent); the result is published and the downloaded record
passes ``suffrage verify``. No request of the booth carries a plaintext choice, except the
audited ballot's reveal.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
from browser_harness import LiveServer

from election_actors import CSV, manifest_json
from suffrage.service.model import Phase

ADMIN = ("admin", "a long admin password")
E = "council-2026"


def _record(sent: list[tuple[str, str]], request: Any) -> None:
    if request.method == "POST":
        sent.append((request.url, request.post_data or ""))


def _admin_click(page: Any, action: str) -> None:
    """Take an administrator action; an irreversible one needs its box ticked first."""
    confirm = page.query_selector(f"#confirm-{action}")
    if confirm is not None:
        confirm.check()
    page.click(f'button[data-action="{action}"]')
    page.wait_for_selector('.notice.ok[role="status"], #error-summary')
    alert = page.query_selector("#error-summary")
    assert alert is None, alert.inner_text()


def _trustee_client(live: LiveServer) -> tuple[httpx.Client, dict[str, str]]:
    client = httpx.Client(base_url=live.url, timeout=60)
    res = client.post("/api/session", json={"username": ADMIN[0], "password": ADMIN[1]})
    res.raise_for_status()
    return client, {"x-csrf-token": res.json()["csrf_token"]}


def _trustee(*args: str) -> str:
    """``suffrage trustee`` in a process of its own, as on a trustee's machine."""
    cli = Path(sys.executable).with_name("suffrage")
    run = subprocess.run([str(cli), "trustee", *args], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def _links(inbox: Any) -> dict[str, str]:
    links = {}
    for rcpt, content in inbox.messages:
        body = email.message_from_string(content, policy=email.policy.default).get_content()
        match = re.search(r"(http://\S+/booth/\S+#[0-9a-f]{64})", body)
        assert match, body
        links[rcpt[0]] = match.group(1)
    return links


def _vote(
    browser: Any,
    sent: list[tuple[str, str]],
    link: str,
    picks: list[int],
    *,
    audit_first: bool = False,
) -> str:
    """One voter on her own device (a fresh browser context)."""
    device = browser.new_context()
    page = device.new_page()
    page.on("request", lambda r: _record(sent, r))
    page.goto(link)
    assert "#" not in page.url  # the credential code is removed from the address bar
    page.click("#start")
    page.wait_for_selector("#ballot-form:not([hidden])")
    # the booth checked the key against the public board and shows the fingerprint
    assert re.fullmatch(r"([0-9a-f]{4} ){4}[0-9a-f]{4}", page.inner_text("#election-fingerprint"))
    unlabelled = page.evaluate(
        "[...document.querySelectorAll('#booth input')].filter(i => !i.labels.length).length"
    )
    assert unlabelled == 0
    if audit_first:
        page.check("#opt-council-0")
        page.click("#to-review")
        page.wait_for_selector("#step-review:not([hidden])")
        page.click("#encrypt")
        page.wait_for_selector("#step-encrypted:not([hidden])")
        page.click("#audit")
        page.wait_for_selector("#step-audit:not([hidden])")
        assert page.inner_text("#audit-values").split("\n") == ["Council seats", "Ada"]
        page.click("#again-audit")
        page.wait_for_selector("#ballot-form:not([hidden])")
    for j in picks:
        page.focus(f"#opt-council-{j}")
        page.keyboard.press("Space")  # keyboard only
    page.click("#to-review")
    page.wait_for_selector("#step-review:not([hidden])")
    page.click("#encrypt")
    page.wait_for_selector("#step-encrypted:not([hidden])")
    code = page.inner_text("#tracking-code")
    page.click("#cast")
    page.wait_for_selector("#step-done:not([hidden])")
    assert page.inner_text("#done-code") == code
    device.close()
    return code


def test_browser_election(live: LiveServer, smtp: Any, chromium: Any, tmp_path: Path) -> None:
    inbox, _ = smtp
    live.container.auth.create_admin(*ADMIN)
    context = chromium.new_context()
    page = context.new_page()
    sent: list[tuple[str, str]] = []
    page.on(
        "request", lambda r: sent.append((r.url, r.post_data or "")) if r.method == "POST" else None
    )

    # the administrator signs in and creates the election
    page.goto(f"{live.url}/admin")
    page.fill("#username", ADMIN[0])
    page.fill("#password", ADMIN[1])
    page.click("button[type=submit]")
    # each trustee makes her signing key on her own machine; the manifest lists the public halves
    keys = {i: tmp_path / f"trustee{i}.key" for i in (1, 2, 3)}
    manifest = manifest_json()
    for i, key in keys.items():
        assert "fingerprint" in _trustee("init", "--key", str(key))
        manifest["trustees"][i - 1]["public_key"] = json.loads(key.read_text())["public_key"]  # type: ignore[index]
    page.click("details:has(#manifest) > summary")
    page.fill("#manifest", json.dumps(manifest))
    page.click("form[action='/admin/elections'] button[type=submit]")
    page.wait_for_url(f"**/admin/elections/{E}")

    # each trustee runs `suffrage trustee` with its own token
    client, csrf = _trustee_client(live)
    res = client.post(f"/api/elections/{E}/trustee-tokens", headers=csrf)
    tokens = {t["trustee"]: t["token"] for t in res.json()["tokens"]}
    states = {i: tmp_path / f"trustee{i}" / "state.json" for i in (1, 2, 3)}
    for i, state in states.items():
        _trustee(
            "join", "--server", live.url, "--election", E, "--index", str(i),
            "--token", tokens[i], "--state", str(state), "--key", str(keys[i]),
        )  # fmt: skip
        _trustee("publish", "--state", str(state), "--out", str(state.parent))
    for state in states.values():  # every commitment is on the board: seal the shares
        _trustee("publish", "--state", str(state), "--out", str(state.parent))
    for j, state in states.items():
        shares = [str(states[i].parent / f"share-{i}-for-{j}.json") for i in (1, 2, 3) if i != j]
        _trustee("receive", "--state", str(state), *shares)
        assert "complained" not in _trustee("check", "--state", str(state))
    page.reload()
    assert page.inner_text("[data-testid=commitments]") == "3 / 3"
    _admin_click(page, "joint-key")

    # roll: a preview with an error stores nothing, then the valid roll
    page.fill("#roll-csv", CSV + "v6,Bad Row,not-an-email\n")
    page.click("button[name=action][value=preview]")
    preview = page.inner_text("[data-testid=roll-preview]")
    assert "not an e-mail address" in preview
    assert page.inner_text("[data-testid=eligible]") == "0"
    page.fill("#roll-csv", CSV)
    page.click("button[name=action][value=import]")
    page.wait_for_selector("[data-testid=eligible]")
    assert page.inner_text("[data-testid=eligible]") == "5"
    _admin_click(page, "invite")
    inbox.wait_for(5)
    assert len(inbox.messages) == 5
    page.reload()
    assert page.inner_text("[data-delivery=v1]").startswith("sent")
    first = _links(inbox)["ada@example.org"]
    # resend one voter's invitation before opening: a new code, the old one withdrawn
    page.click('button[data-resend="v1"]')
    page.wait_for_selector('.notice.ok[role="status"]')
    inbox.wait_for(6)
    assert _links(inbox)["ada@example.org"] != first
    # correct a voter's name: a preview first, then the change
    page.fill("#roll-changes", "action,voter_id,name\ncorrect,v3,Cy Corrected\n")
    page.click("button[data-changes=preview]")
    assert "corrected: 1" in page.inner_text("[data-testid=changes-preview]")
    page.click("button[data-changes=apply]")
    page.wait_for_selector('.notice.ok[role="status"]')
    assert "Cy Corrected" in page.inner_text("[data-testid=roll]")

    # an observer sees the election and its audit log, and no button or secret
    live.container.auth.create_admin("olga", "olga's long password")
    grant = {"username": "olga", "role": "observer"}
    assert client.put(f"/api/elections/{E}/roles", json=grant, headers=csrf).status_code == 200
    observer = chromium.new_context().new_page()
    observer.goto(f"{live.url}/admin/login")
    observer.fill("#username", "olga")
    observer.fill("#password", "olga's long password")
    observer.click("button[type=submit]")
    observer.goto(f"{live.url}/admin/elections/{E}")
    assert "observer" in observer.inner_text("[data-testid=role]")
    assert observer.query_selector("button[data-action]") is None
    assert observer.query_selector("[data-testid=trustee-tokens]") is None
    assert observer.query_selector("#roll-changes") is None
    actions = observer.eval_on_selector_all(
        "[data-audit-action]", "els => els.map(e => e.textContent)"
    )
    for action in ("election.create", "invitations.queue", "invitations.resend", "roll.change"):
        assert action in actions, actions
    observer.context.close()
    _admin_click(page, "open")
    for index in (1, 3):  # the trustees who will decrypt sign the open head
        assert "signed the open head" in _trustee("attest", "--state", str(states[index]))
    links = _links(inbox)

    # three voters; one audits first, one revotes
    voter = context.new_page()
    voter.on(
        "request", lambda r: sent.append((r.url, r.post_data or "")) if r.method == "POST" else None
    )
    codes = {
        "ada": _vote(chromium, sent, links["ada@example.org"], [0, 1]),
        "bo": _vote(chromium, sent, links["bo@example.org"], [1], audit_first=True),
        "cy": _vote(chromium, sent, links["cy@example.org"], [2]),
    }
    codes["ada2"] = _vote(chromium, sent, links["ada@example.org"], [0])
    status = client.get(f"/api/elections/{E}/ballots/{codes['ada']}").json()
    assert status["state"] == "replaced" and status["replaced_by"] == codes["ada2"]

    # no plaintext choice in any booth request but the audited ballot's reveal
    casts = [body for url, body in sent if url.endswith("/ballots")]
    audits = [body for url, body in sent if url.endswith("/audits")]
    assert len(casts) == 4 and len(audits) == 1
    audited = json.loads(audits[0])["ballot"]  # the audit links to no voter
    assert set(audited) == {"manifest", "style", "contests"}
    assert not any(audited["contests"][0]["ciphertexts"][0] in body for body in casts)
    for body in casts:
        assert set(json.loads(body)) == {"manifest", "credential", "style", "contests", "signature"}
        assert '"values"' not in body and '"nonces"' not in body
        assert not any(f'"{o}"' in body for o in ("ada", "bo", "cy", "Ada", "Bo", "Cy"))

    # close, two of three trustees decrypt, publish
    page.goto(f"{live.url}/admin/elections/{E}")
    _admin_click(page, "close")
    for index in (1, 3):
        _trustee("decrypt", "--state", str(states[index]))
    page.goto(f"{live.url}/admin/elections/{E}")
    assert page.inner_text("[data-testid=shares]") == "2 / 2"
    _admin_click(page, "publish")
    assert live.container.elections.get(E).phase is Phase.PUBLISHED
    page.goto(f"{live.url}/elections/{E}/results?lang=ru")
    assert page.get_attribute("html", "lang") == "ru"
    counts = [page.inner_text(f'td[data-option="{o}"]') for o in ("ada", "bo", "cy")]
    assert counts == ["1", "1", "1"]

    # the downloaded record passes the independent verifier
    with page.expect_download() as info:
        page.click("a[download]")
    archive = tmp_path / "record.tar.gz"
    info.value.save_as(archive)
    cli = Path(sys.executable).with_name("suffrage")
    run = subprocess.run([str(cli), "verify", str(archive)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    context.close()
