"""A booth served a wrong key refuses to encrypt (attack 5 of the trust-boundaries issue).

The server (played here by a route that rewrites the booth page) serves the voter another
election key than the one on the public board. The booth checks the key against the
board's hash chain, its ``joint_key`` and ``open`` events before encrypting anything, so
it stops with an error and sends no ballot; with the true page it shows the election
fingerprint that the trustees publish.
"""

from __future__ import annotations

from typing import Any

from browser_harness import Inbox, LiveServer, invite_codes

from election_actors import CSV, Trustees
from suffrage.crypto.group import Element, Scalar
from suffrage.protocol.identity import election_fingerprint
from suffrage.protocol.manifest import parse_manifest
from suffrage.protocol.simulation import seeded_rng
from suffrage.service.presets import ElectionRequest
from trustee_identity import trustee_pairs

E = "key-check"


def _open_election(live: LiveServer, inbox: Inbox) -> tuple[str, str, str]:
    c = live.container
    request = ElectionRequest("plebiscite", E, "Key check", trustees=trustee_pairs())
    manifest = parse_manifest(c.elections.create_from_preset(request).manifest)
    trustees = Trustees(manifest, seeded_rng(b"key check"))
    for payload in trustees.commitments():
        c.ceremonies.post_trustee_event(E, "trustee_commitment", payload)
    trustees.exchange_shares()
    c.ceremonies.fix_joint_key(E)
    c.elections.import_roll(E, CSV)
    code = invite_codes(c, inbox, E)[0]
    c.elections.open(E)
    key = str(c.elections.get(E).public_key)
    return code, key, election_fingerprint(manifest.hash_hex, Element.from_hex(key))


def test_a_booth_served_a_wrong_key_refuses_to_encrypt(
    live: LiveServer, smtp: Any, chromium: Any
) -> None:
    code, key, fingerprint = _open_election(live, smtp[0])
    wrong = Element.base_times(Scalar.from_int(7)).hex()  # a key whose secret the server knows
    context = chromium.new_context()
    page = context.new_page()
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)

    def lying_server(route: Any) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace(key, wrong))

    page.route(f"**/booth/{E}", lying_server)
    page.goto(f"{live.url}/booth/{E}#{code}")
    page.click("#start")
    page.wait_for_selector("#booth-error:not([hidden])")
    assert "could not confirm the election key" in page.inner_text("#booth-error")
    # the check's own words are kept, folded under "technical details"
    assert "not the key this page would encrypt under" in page.text_content("#booth-error")
    assert page.is_hidden("#ballot-form") and posts == []

    page = context.new_page()  # the true page, in a fresh tab
    page.goto(f"{live.url}/booth/{E}#{code}")
    page.click("#start")
    page.wait_for_selector("#ballot-form:not([hidden])")
    assert page.inner_text("#election-fingerprint") == fingerprint
    context.close()
