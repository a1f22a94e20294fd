"""Roles per election (owner, manager, observer) and the append-only audit log."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from service_harness import Services
from sqlalchemy import Engine, text
from typer.testing import CliRunner
from webclient import make_client, signed_in

from election_actors import CSV, manifest_json
from suffrage import bootstrap
from suffrage.adapters.cli import app
from suffrage.config import Settings

E = "/api/elections/council-2026"
BOB = ("bob", "bob's long password")


def _bob(s: Services) -> tuple[object, dict[str, str]]:
    s.auth.create_admin(*BOB)
    client = make_client(s, source="198.51.100.20")
    res = client.post("/api/session", json={"username": BOB[0], "password": BOB[1]})
    return client, {"x-csrf-token": res.json()["csrf_token"]}


def test_roles_decide_who_may_do_what(services: Services) -> None:
    s = services
    alice, a_csrf = signed_in(s)
    assert (
        alice.post("/api/elections", json={"manifest": manifest_json()}, headers=a_csrf).status_code
        == 201
    )
    assert alice.get(f"{E}/roles").json() == {"roles": {"alice": "owner"}}
    bob, b_csrf = _bob(s)
    roll = {**b_csrf, "content-type": "text/csv"}
    # another administrator has no role: nothing, not even reading
    assert bob.get(f"{E}/invitations").status_code == 403  # type: ignore[attr-defined]
    assert bob.put(f"{E}/roll", content=CSV, headers=roll).status_code == 403  # type: ignore[attr-defined]
    assert bob.get("/admin/elections/council-2026").status_code == 403  # type: ignore[attr-defined]
    # an observer reads everything but secrets, and changes nothing
    grant = {"username": "bob", "role": "observer"}
    assert alice.put(f"{E}/roles", json=grant, headers=a_csrf).status_code == 200
    assert bob.get(f"{E}/invitations").status_code == 200  # type: ignore[attr-defined]
    assert bob.get(f"{E}/audit").status_code == 200  # type: ignore[attr-defined]
    page = bob.get("/admin/elections/council-2026")  # type: ignore[attr-defined]
    assert page.status_code == 200 and 'data-testid="trustee-tokens"' not in page.text
    assert "data-action=" not in page.text and 'id="roll-csv"' not in page.text
    assert bob.put(f"{E}/roll", content=CSV, headers=roll).status_code == 403  # type: ignore[attr-defined]
    assert bob.post(f"{E}/trustee-tokens", headers=b_csrf).status_code == 403  # type: ignore[attr-defined]
    assert (
        bob.put(f"{E}/roles", json={"username": "bob", "role": "owner"}, headers=b_csrf).status_code
        == 403
    )  # type: ignore[attr-defined]
    # a manager runs the election, but does not hand out roles
    alice.put(f"{E}/roles", json={"username": "bob", "role": "manager"}, headers=a_csrf)
    assert bob.put(f"{E}/roll", content=CSV, headers=roll).status_code == 200  # type: ignore[attr-defined]
    assert bob.post(f"{E}/invitations", headers=b_csrf).json() == {"queued": 5}  # type: ignore[attr-defined]
    assert bob.put(f"{E}/roles", json=grant, headers=b_csrf).status_code == 403  # type: ignore[attr-defined]
    # an election keeps an owner
    res = alice.put(f"{E}/roles", json={"username": "alice", "role": None}, headers=a_csrf)
    assert res.status_code == 409
    res = alice.put(f"{E}/roles", json={"username": "nobody", "role": "observer"}, headers=a_csrf)
    assert res.status_code == 422


def test_an_election_without_roles_is_open_to_every_administrator(services: Services) -> None:
    services.elections.create(manifest_json())  # not through the web: no owner
    bob, _ = _bob(services)
    assert bob.get(f"{E}/invitations").status_code == 200  # type: ignore[attr-defined]
    assert bob.get(f"{E}/roles").json() == {"roles": {}}  # type: ignore[attr-defined]


def test_the_audit_log_records_who_what_when_and_from_where(
    services: Services, engine: Engine
) -> None:
    s = services
    alice, csrf = signed_in(s)
    alice.post("/api/elections", json={"manifest": manifest_json()}, headers=csrf)
    alice.put(f"{E}/roll", content=CSV, headers={**csrf, "content-type": "text/csv"})
    alice.post(f"{E}/invitations", headers=csrf)
    alice.post(f"{E}/invitations/resend", json={"voter_id": "v1"}, headers=csrf)
    entries = alice.get(f"{E}/audit").json()["entries"]
    actions = [e["action"] for e in entries]
    assert actions == ["election.create", "roll.import", "invitations.queue", "invitations.resend"]
    assert {e["actor"] for e in entries} == {"alice"} and {e["source"] for e in entries} == {
        "testclient"
    }
    assert entries[2]["details"] == {"queued": 5}
    assert entries[0]["at"].startswith("2026-05-01T12:00:00")
    exported = alice.get(f"{E}/audit.csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [r["action"] for r in rows] == actions
    # sign-ins are recorded too, without an election
    everything = s.elections.uow
    with everything() as uow:
        assert next(e.action for e in uow.audit.read(None)) == "session.sign_in"
    # append-only in the database itself
    with engine.connect() as conn, pytest.raises(Exception, match="append-only"):
        conn.execute(text("UPDATE audit_log SET actor = 'mallory'"))
    with engine.connect() as conn, pytest.raises(Exception, match="append-only"):
        conn.execute(text("DELETE FROM audit_log"))


def test_user_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/u.sqlite"
    bootstrap.db_upgrade(Settings(database_url=url))
    env = {"SUFFRAGE_DATABASE_URL": url, "SUFFRAGE_ADMIN_PASSWORD": "a long password"}
    run = CliRunner().invoke
    assert "carol created" in run(app, ["user", "create", "carol"], env=env).output
    assert run(app, ["user", "create", "carol"], env=env).exit_code == 1
    listed = run(app, ["user", "list"], env=env).output
    assert listed.startswith("carol\tcreated ") and "active" in listed
    settings = Settings(database_url=url)
    token = bootstrap.admin_auth(lambda a: a.open_session("carol"), settings)
    res = run(app, ["user", "disable", "carol"], env=env)
    assert res.exit_code == 0 and "1 session(s) ended" in res.output
    assert bootstrap.admin_auth(lambda a: a.session_user(token), settings) is None
    assert "disabled" in run(app, ["user", "list"], env=env).output
    assert run(app, ["user", "enable", "carol"], env=env).exit_code == 0
    env2 = {**env, "SUFFRAGE_ADMIN_PASSWORD": "another long password"}
    res = run(app, ["user", "reset-password", "carol"], env=env2)
    assert res.exit_code == 0 and "reset" in res.output
    user = bootstrap.admin_auth(
        lambda a: a.authenticate("carol", "another long password"), settings
    )
    assert user.username == "carol"
    assert run(app, ["user", "disable", "nobody"], env=env).exit_code == 1
    assert run(app, ["audit", "export", "--format", "jsonl"], env=env).exit_code == 0
