"""The results page in real Chromium: the outcome of a list election in large type, votes and
shares, turnout, the SVG bar and seat charts, in English and Russian; and the exports.

The election runs through the service (preset ``multiparty-pr``: D'Hondt, 5 % threshold,
7 seats), with trustees and voters acting through the protocol's own functions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
from browser_harness import Inbox, LiveServer, invite_codes

from election_actors import CSV, Trustees
from suffrage.crypto.group import Element
from suffrage.protocol.ballot import BallotContext, encrypt_ballot
from suffrage.protocol.credentials import credential_from_code
from suffrage.protocol.manifest import parse_manifest
from suffrage.protocol.simulation import seeded_rng
from suffrage.service.presets import ElectionRequest
from suffrage.service.results import parse_results_csv
from trustee_identity import trustee_pairs

E = "lists-2026"
LISTS = ("Red list", "Green list", "Blue list", "Grey list")
#: Voters v1..v5 of the roll: three for Red, one for Green, one for Blue; Grey gets none.
CHOICES = ([1, 0, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0])


def _run_election(live: LiveServer, inbox: Inbox) -> list[int]:
    c = live.container
    rng = seeded_rng(b"results page")
    request = ElectionRequest(
        "multiparty-pr", E, "List vote 2026", LISTS, trustees=trustee_pairs(), seats=7
    )
    election = c.elections.create_from_preset(request)
    manifest = parse_manifest(election.manifest)
    trustees = Trustees(manifest, rng)
    for payload in trustees.commitments():
        c.ceremonies.post_trustee_event(E, "trustee_commitment", payload)
    trustees.exchange_shares()
    c.ceremonies.fix_joint_key(E)
    c.elections.import_roll(E, CSV)
    voters = [e.voter_id for e in c.elections.roll(E)]
    codes = sorted(zip(voters, invite_codes(c, inbox, E), strict=True))
    c.elections.open(E)
    trustees.attest(c, E, "open", (1, 3))
    key = Element.from_hex(str(c.elections.get(E).public_key))
    ctx = BallotContext(manifest, key)
    for (_, code), choice in zip(codes, CHOICES, strict=True):
        prepared = encrypt_ballot(
            ctx, credential_from_code(code), "electors", {"main": choice}, rng
        )
        c.box.cast(E, prepared.ballot)
    c.ceremonies.close(E)
    tally = c.ceremonies.tally_payload(E)
    trustees.attest(c, E, "close", (1, 3))
    for index in (1, 3):
        c.ceremonies.post_decryption_share(E, trustees.decryption_share(index, tally))
    return c.ceremonies.publish(E)["main"]


def _check_page(page: Any, url: str, shot: Path, decision: str, turnout: str) -> None:
    page.goto(url)
    page.screenshot(path=str(shot), full_page=True)
    assert decision in page.inner_text("[data-testid=decision]")
    assert turnout in page.inner_text("[data-testid=turnout]")
    assert len(page.query_selector_all("svg[data-chart=votes] rect")) == len(LISTS)
    seats = page.query_selector_all("svg[data-chart=seats] circle")
    assert len(seats) == 7
    owners = [s.get_attribute("data-option") for s in seats]
    assert owners.count("o1-red-list") == 5  # D'Hondt: 3, 1, 1 votes give 5, 1, 1 of 7 seats


def test_results_page_shows_the_outcome_and_charts(
    live: LiveServer, smtp: Any, chromium: Any, tmp_path: Path
) -> None:
    counts = _run_election(live, smtp[0])
    assert counts == [3, 1, 1, 0]
    context = chromium.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    base = f"{live.url}/elections/{E}/results"
    _check_page(page, f"{base}?lang=en", tmp_path / "results-en.png", "Seats: Red list 5", "5 / 5")
    seats = [
        page.inner_text(f'td[data-seats="o{k + 1}-{n.lower().replace(" ", "-")}"]')
        for k, n in enumerate(LISTS)
    ]
    assert seats == ["5", "1", "1", "0"]
    _check_page(page, f"{base}?lang=ru", tmp_path / "results-ru.png", "Места: Red list 5", "Явка")
    assert page.get_attribute("html", "lang") == "ru"
    for name in ("results-en.png", "results-ru.png"):
        assert (tmp_path / name).stat().st_size > 10_000
    page.goto(f"{live.url}/elections/{E}/report?lang=en")
    assert "the record is valid" in page.inner_text("[data-testid=verification]")
    context.close()

    with httpx.Client(base_url=live.url, timeout=60) as client:
        csv_text = client.get(f"/elections/{E}/results.csv").text
        assert parse_results_csv(csv_text) == {"main": counts}
        doc = client.get(f"/elections/{E}/results.json").json()
    assert [o["votes"] for o in doc["contests"][0]["options"]] == counts
    assert [o["seats"] for o in doc["contests"][0]["options"]] == [5, 1, 1, 0]
    assert json.loads(json.dumps(doc))["election"] == E


P = "strike-2026"
#: (unit style, yes?) of voters v1..v5: North 2 yes; South 1 yes 1 no (a tie: not carried);
#: East 1 no. Three of five votes say yes, one unit of three carries.
UNIT_VOTES = (("u1-north", True), ("u1-north", True), ("u2-south", True), ("u2-south", False))
UNIT_VOTES += (("u3-east", False),)


def _run_plebiscite(live: LiveServer, inbox: Inbox) -> None:
    c = live.container
    rng = seeded_rng(b"units page")
    request = ElectionRequest(
        "plebiscite", P, "Strike", trustees=trustee_pairs(), units=("North", "South", "East")
    )
    manifest = parse_manifest(c.elections.create_from_preset(request).manifest)
    trustees = Trustees(manifest, rng)
    for payload in trustees.commitments():
        c.ceremonies.post_trustee_event(P, "trustee_commitment", payload)
    trustees.exchange_shares()
    c.ceremonies.fix_joint_key(P)
    lines = CSV.splitlines()
    roll = [lines[0] + ",style"] + [
        f"{r},{u}" for r, (u, _) in zip(lines[1:], UNIT_VOTES, strict=True)
    ]
    c.elections.import_roll(P, "\n".join(roll) + "\n")
    codes = invite_codes(c, inbox, P)
    c.elections.open(P)
    trustees.attest(c, P, "open", (1, 3))
    ctx = BallotContext(manifest, Element.from_hex(str(c.elections.get(P).public_key)))
    for code, (unit, yes) in zip(codes, UNIT_VOTES, strict=True):
        choice = {unit: [1, 0] if yes else [0, 1]}
        c.box.cast(P, encrypt_ballot(ctx, credential_from_code(code), unit, choice, rng).ballot)
    c.ceremonies.close(P)
    tally = c.ceremonies.tally_payload(P)
    trustees.attest(c, P, "close", (1, 3))
    for index in (1, 3):
        c.ceremonies.post_decryption_share(P, trustees.decryption_share(index, tally))
    c.ceremonies.publish(P)


def test_results_page_shows_the_units_of_a_double_majority(
    live: LiveServer, smtp: Any, chromium: Any, tmp_path: Path
) -> None:
    _run_plebiscite(live, smtp[0])
    context = chromium.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    for lang, decision, carrying in (
        ("en", "Rejected", "Units carrying: 1 of 3"),
        ("ru", "Отклонено", "Одобрили округа: 1 из 3"),
    ):
        page.goto(f"{live.url}/elections/{P}/results?lang={lang}")
        page.screenshot(path=str(tmp_path / f"units-{lang}.png"), full_page=True)
        question = page.locator('section[data-contest="main"]')
        assert decision in question.locator("[data-testid=decision]").inner_text()
        assert carrying in question.locator("[data-testid=majorities]").inner_text()
        rows = question.locator("table.units tbody tr")
        assert rows.count() == 3
        assert [rows.nth(k).get_attribute("data-carries") for k in range(3)] == [
            "yes",
            "no",
            "no",
        ]
        assert "5 / 5" in question.locator("[data-testid=turnout]").inner_text()
        assert question.locator("td[data-option=o1-yes]").inner_text() == "3"
        assert (tmp_path / f"units-{lang}.png").stat().st_size > 10_000
    page.goto(f"{live.url}/elections/{P}/report?lang=en")
    assert "the record is valid" in page.inner_text("[data-testid=verification]")
    context.close()
