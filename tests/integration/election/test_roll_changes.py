"""Adding, removing and correcting voters before the election opens."""

from __future__ import annotations

import pytest
from service_harness import Services, open_election, voter_codes
from webclient import signed_in

from election_actors import CSV, manifest_json
from suffrage.errors import Conflict, InvalidInput

E = "council-2026"


def _invited(s: Services) -> None:
    s.elections.create(manifest_json())
    s.elections.import_roll(E, CSV)
    s.elections.invite(E)


def test_add_remove_correct_with_per_row_errors(services: Services) -> None:
    s = services
    _invited(s)
    before = {e.voter_id: e for e in s.elections.roll(E)}
    bad = (
        "action,voter_id,name,email\n"
        "add,v1,Again,again@example.org\n"  # already on the roll
        "remove,v99,,\n"  # not on the roll
        "correct,v2,,not-an-email\n"
        "rename,v3,,\n"
        "add,v7,New Voter,ada@example.org\n"  # ada's address
    )
    preview = s.elections.preview_changes(E, bad)
    assert [(e.row, e.field) for e in preview.errors] == [
        (2, "voter_id"),
        (3, "voter_id"),
        (4, "email"),
        (5, "action"),
        (0, "email"),
    ]
    with pytest.raises(InvalidInput, match="5 error"):
        s.elections.change_roll(E, bad)
    assert {e.voter_id: e for e in s.elections.roll(E)} == before  # nothing changed
    good = (
        "action,voter_id,name,email\n"
        "add,v6,Frances Allen,fran@example.org\n"
        "remove,v5,,\n"
        "correct,v2,Bo Corrected,\n"  # name only: the credential stays
        "correct,v3,,cy.new@example.org\n"  # new address: a new credential, mailed there
    )
    sent = len(s.mailer.sent)
    changes = s.elections.change_roll(E, good)
    assert changes.counts() == {"add": 1, "remove": 1, "correct": 2}
    after = {e.voter_id: e for e in s.elections.roll(E)}
    assert set(after) == {"v1", "v2", "v3", "v4", "v6"}
    assert after["v2"].name == "Bo Corrected" and after["v2"].credential == before["v2"].credential
    assert after["v3"].credential not in (None, before["v3"].credential)
    assert after["v6"].credential is None
    assert [m[0] for m in s.mailer.sent[sent:]] == ["cy.new@example.org"]
    states = {d.recipient for d in s.elections.invitations.progress(E)[1]}
    assert "v5" not in states  # the removed voter's mail went with her
    assert s.elections.invite(E) == 1  # the added voter


def test_no_changes_once_open(services: Services) -> None:
    open_election(services)
    with pytest.raises(Conflict, match="not keys"):
        services.elections.change_roll(E, "action,voter_id\nremove,v1\n")
    assert len(voter_codes(services, E)) == 5


def test_roll_changes_through_the_api(services: Services) -> None:
    s = services
    client, csrf = signed_in(s)
    client.post("/api/elections", json={"manifest": manifest_json()}, headers=csrf)
    headers = {**csrf, "content-type": "text/csv"}
    client.put(f"/api/elections/{E}/roll", content=CSV, headers=headers)
    body = "action,voter_id,name,email\nadd,v6,Fran,fran@example.org\n"
    url = f"/api/elections/{E}/roll/changes"
    preview = client.post(url + "/preview", content=body, headers=headers).json()
    assert preview["ok"] and preview["counts"]["add"] == 1
    assert s.elections.turnout(E).eligible == 5
    assert client.post(url, content=body, headers=headers).json()["counts"]["add"] == 1
    assert s.elections.turnout(E).eligible == 6
    res = client.post(url, content=body, headers=headers)
    assert res.status_code == 422 and res.json()["error"]["details"][0]["field"] == "voter_id"
    actions = [e["action"] for e in client.get(f"/api/elections/{E}/audit").json()["entries"]]
    assert actions[-1] == "roll.change"
