"""Elections from constitution presets, through the API and the admin page."""

from __future__ import annotations

import re

from service_harness import Services
from webclient import signed_in

from trustee_identity import trustee_forms, trustee_key, trustee_lines

T = trustee_forms()


def test_presets_through_the_api(services: Services) -> None:
    client, csrf = signed_in(services)
    listed = {p["id"]: p["ballot"] for p in client.get("/api/constitutions").json()}
    assert listed["plebiscite"] == "choose-one" and "soviet-1918" not in listed  # open ballot
    body = {"constitution": "plebiscite", "id": "ref-2026", "title": "Referendum", "trustees": T}
    res = client.post("/api/elections", json=body, headers=csrf)
    assert res.status_code == 201, res.text
    manifest = res.json()["manifest"]
    assert manifest["trustees"][0]["public_key"] == trustee_key(1).public.hex()
    assert manifest["credentials"] == {"authority": "server"} and len(manifest["nonce"]) == 64
    options = res.json()["manifest"]["contests"][0]["options"]
    assert [o["title"] for o in options] == ["yes", "no"]
    body = {"constitution": "ussr-1936", "id": "d-7", "title": "District 7", "options": ["Ivanov"]}
    body["trustees"] = T
    contest = client.post("/api/elections", json=body, headers=csrf).json()["manifest"]["contests"]
    assert [o["title"] for o in contest[0]["options"]] == ["Keep Ivanov", "Strike out Ivanov"]
    assert contest[0]["outcome"]["method"] == "strike-out"
    for bad, field in (
        ({"constitution": "soviet-1918", "id": "s", "title": "S", "options": ["a", "b"]}, None),
        ({"constitution": "nope", "id": "s", "title": "S", "options": ["a", "b"]}, None),
        ({"constitution": "multiparty-pr", "id": "s", "title": "S", "options": ["a"]}, None),
        ({"constitution": "plebiscite", "id": "s", "title": "S", "threshold": "2"}, "threshold"),
        ({"constitution": "plebiscite", "id": "s", "title": "S", "extra": 1}, "extra"),
        ({"constitution": "plebiscite", "id": "s", "title": "S", "registrar_key": "x"}, None),
    ):
        res = client.post("/api/elections", json={**bad, "trustees": T}, headers=csrf)
        assert res.status_code == 422, res.text
        if field is not None:
            assert res.json()["error"]["details"][0]["field"] == field
    assert {e.id for e in services.elections.elections()} == {"ref-2026", "d-7"}


def test_preset_form_on_the_admin_page(services: Services) -> None:
    client, _ = signed_in(services)
    page = client.get("/admin").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token and '<option value="council-democracy">' in page
    form = {
        "csrf_token": token.group(1),
        "constitution": "multiparty-pr",
        "id": "parliament",
        "title": "Parliament",
        "options": "Red list\nGreen list\n\nBlue list\n",
        "trustees": trustee_lines(),
        "threshold": "2",
    }
    res = client.post("/admin/elections/preset", data=form)
    assert res.status_code == 200 and "Parliament" in res.text
    manifest = services.elections.get("parliament").manifest
    assert [o["title"] for o in manifest["contests"][0]["options"]] == [
        "Red list",
        "Green list",
        "Blue list",
    ]
    names = ("Ann", "Ben", "", "Cat", "Dan")  # a blank line is skipped
    lines = [f"{n}, {trustee_key(k).public.hex()}" if n else "" for k, n in enumerate(names, 1)]
    custom = {**form, "id": "p2", "trustees": "\n".join(lines), "threshold": "3"}
    assert client.post("/admin/elections/preset", data=custom).status_code == 200
    manifest = services.elections.get("p2").manifest
    assert [t["name"] for t in manifest["trustees"]] == ["Ann", "Ben", "Cat", "Dan"]
    assert manifest["threshold"] == 3
    res = client.post("/admin/elections/preset", data={**custom, "id": "p3", "threshold": "5"})
    assert res.status_code == 422 and 'value="p3"' in res.text  # the form keeps its values
    res = client.post("/admin/elections/preset", data={**form, "id": "x", "options": "Only"})
    assert res.status_code == 422 and "at least two options" in res.text
    res = client.post("/admin/elections/preset", data={**form, "id": "y", "trustees": "Ann"})
    assert res.status_code == 422 and "trustee line 1" in res.text.lower()


def _preset_form(client: object, **fields: str) -> dict[str, str]:
    page = client.get("/admin").text  # type: ignore[attr-defined]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token and 'id="seats" name="seats"' in page and 'id="units" name="units"' in page
    form = {
        "csrf_token": token.group(1),
        "constitution": "multiparty-pr",
        "id": "parliament",
        "title": "Parliament",
        "options": "Red list\nGreen list\nBlue list",
        "trustees": trustee_lines(),
        "threshold": "2",
    }
    return {**form, **fields}


def test_seats_from_the_admin_form(services: Services) -> None:
    client, _ = signed_in(services)
    for preset, eid in (("multiparty-pr", "lists"), ("council-democracy", "council")):
        form = _preset_form(client, constitution=preset, id=eid, seats="7")
        assert client.post("/admin/elections/preset", data=form).status_code == 200
        rule = services.elections.get(eid).manifest["contests"][0]["outcome"]
        assert (rule["seats"], rule["method"]) == (
            7,
            "dhondt" if eid == "lists" else "sainte-lague",
        )
    blank = _preset_form(client, id="one", seats="")
    assert client.post("/admin/elections/preset", data=blank).status_code == 200
    assert services.elections.get("one").manifest["contests"][0]["outcome"]["seats"] == 1
    for bad in ("seven", "0", "-3", "10001", "2.5", "７"):
        res = client.post("/admin/elections/preset", data=_preset_form(client, id="x", seats=bad))
        assert res.status_code == 422, bad
        assert "The number of seats must be a whole number from 1 to 10000." in res.text
        assert f'value="{bad}"' in res.text  # the form keeps what was typed
    ru = client.post(
        "/admin/elections/preset?lang=ru", data=_preset_form(client, id="x", seats="0")
    )
    assert "Число мест должно быть целым числом от 1 до 10000." in ru.text
    assert {e.id for e in services.elections.elections()} == {"lists", "council", "one"}


def test_plebiscite_units_from_the_form_and_the_api(services: Services) -> None:
    client, csrf = signed_in(services)
    form = _preset_form(
        client,
        constitution="plebiscite",
        id="ref",
        title="Strike?",
        options="",
        units="North\n\nSouth\nEast\n",
    )
    assert client.post("/admin/elections/preset", data=form).status_code == 200
    manifest = services.elections.get("ref").manifest
    assert [c["id"] for c in manifest["contests"]] == ["u1-north", "u2-south", "u3-east"]
    assert [s["contests"] for s in manifest["styles"]] == [["u1-north"], ["u2-south"], ["u3-east"]]
    assert manifest["questions"][0]["contests"] == ["u1-north", "u2-south", "u3-east"]
    assert all("outcome" not in c for c in manifest["contests"])
    for units, words in (
        ("North", "A double majority needs 2 to 64 units"),
        ("North\nnorth", "A double majority needs 2 to 64 units"),
    ):
        res = client.post("/admin/elections/preset", data={**form, "id": "r2", "units": units})
        assert res.status_code == 422 and words in res.text, units
    res = client.post(
        "/admin/elections/preset",
        data={
            **form,
            "id": "r3",
            "constitution": "multiparty-pr",
            "options": "Red\nBlue",
            "units": "A\nB",
        },
    )
    assert res.status_code == 422 and "Units are only for a plebiscite" in res.text
    body = {"constitution": "plebiscite", "id": "api", "title": "Q", "trustees": T}
    res = client.post("/api/elections", json={**body, "units": ["Kyiv", "Lviv"]}, headers=csrf)
    assert res.status_code == 201, res.text
    assert res.json()["manifest"]["questions"][0]["contests"] == ["u1-kyiv", "u2-lviv"]
    assert {e.id for e in services.elections.elections()} == {"ref", "api"}


def test_council_democracy_with_secret_stv_from_the_admin_form(services: Services) -> None:
    """The STV variant makes a ``rank`` contest counted by Scottish STV (7.15.4, 7.16)."""
    client, csrf = signed_in(services)
    listed = {p["id"]: p["ballot"] for p in client.get("/api/constitutions").json()}
    assert listed["council-democracy-stv"] == "ranked"
    page = client.get("/admin").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token and '<option value="council-democracy-stv">' in page
    form = {
        "csrf_token": token.group(1),
        "constitution": "council-democracy-stv",
        "id": "works-council",
        "title": "Works council",
        "options": "Ada\nBo\nCy\nDi\n",
        "trustees": trustee_lines(),
        "threshold": "2",
        "seats": "2",
    }
    res = client.post("/admin/elections/preset", data=form)
    assert res.status_code == 200 and "Works council" in res.text
    (contest,) = services.elections.get("works-council").manifest["contests"]
    assert (contest["kind"], contest["min"], contest["max"], contest["value_max"]) == (
        "rank", 1, 10, 4
    )  # fmt: skip
    rule = contest["outcome"]
    assert (rule["method"], rule["seats"], rule["majority"]) == ("stv-scottish", 2, "none")
    assert len(rule["tie_seed"]) == 64
    res = client.post("/admin/elections/preset", data={**form, "id": "w2", "seats": "5"})
    assert res.status_code == 422 and "1 to 4 seats" in res.text
    body = {
        "constitution": "council-democracy-stv",
        "id": "works-council-2",
        "title": "Works council",
        "options": ["Ada", "Bo", "Cy"],
        "trustees": T,
        "seats": 2,
    }
    res = client.post("/api/elections", json=body, headers=csrf)
    assert res.status_code == 201 and res.json()["manifest"]["contests"][0]["kind"] == "rank"
