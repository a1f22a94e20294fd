"""Uploading the registrar's public credential list: the API route and the admin form."""

from __future__ import annotations

import copy
import re

from service_harness import Services, deterministic_rng
from webclient import signed_in

from election_actors import CSV, Trustees, manifest_json
from suffrage.protocol.encoding import canonical
from suffrage.protocol.identity import SigningKey, fingerprint
from suffrage.protocol.manifest import Manifest, parse_manifest
from suffrage.protocol.registrar import credentials_document
from suffrage.service.registrar import register
from suffrage.service.roll import parse_roll

E = "/api/elections/council-2026"


def _keyed_registrar_election(s: Services, key: SigningKey) -> Manifest:
    data = manifest_json()
    data["credentials"] = {"authority": "registrar", "public_key": key.public.hex()}
    manifest = parse_manifest(s.elections.create(data).manifest)
    for payload in Trustees(manifest, deterministic_rng(b"t")).commitments():
        s.ceremonies.post_trustee_event("council-2026", "trustee_commitment", payload)
    s.ceremonies.fix_joint_key("council-2026")
    return manifest


def _document(manifest: Manifest, key: SigningKey) -> dict[str, object]:
    entries = parse_roll(CSV, ["members"]).entries
    registration = register(entries, manifest, key, deterministic_rng(b"codes"))
    return credentials_document(manifest, registration.voters)


def test_upload_through_the_api(services: Services) -> None:
    s = services
    client, csrf = signed_in(s)
    key = SigningKey.generate(deterministic_rng(b"registrar"))
    manifest = _keyed_registrar_election(s, key)
    document = _document(manifest, key)
    assert client.put(f"{E}/credentials", json=document).status_code == 403  # no CSRF token
    tampered = copy.deepcopy(document)
    tampered["voters"][1]["weight"] = 9  # type: ignore[index]
    res = client.put(f"{E}/credentials", json=tampered, headers=csrf)
    assert res.status_code == 422, res.text
    error = res.json()["error"]
    assert "nothing stored" in error["message"]
    assert [d["item"] for d in error["details"]] == ["signature"]
    assert s.elections.credential_list("council-2026") is None
    res = client.put(f"{E}/credentials", json=document, headers=csrf)
    assert res.status_code == 200 and res.json()["voters"] == 5
    headers = {**csrf, "content-type": "text/csv"}
    res = client.put(f"{E}/roll", content=CSV, headers=headers)
    assert res.status_code == 409 and "registrar" in res.json()["error"]["message"]
    assert client.post(f"{E}/open", headers=csrf).json()["phase"] == "open"
    res = client.put(f"{E}/credentials", json=document, headers=csrf)
    assert res.status_code == 409
    assert client.get(f"{E}/turnout").json()["eligible"] == 5
    results = client.get("/elections/council-2026/results").text
    assert "issued by a registrar apart from the server" in results


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def test_upload_through_the_admin_form(services: Services) -> None:
    s = services
    client, _ = signed_in(s)
    key = SigningKey.generate(deterministic_rng(b"registrar"))
    manifest = _keyed_registrar_election(s, key)
    page = client.get("/admin/elections/council-2026").text
    assert fingerprint(key.public) in page
    assert 'action="/admin/elections/council-2026/credentials"' in page
    token = _csrf(page)
    document = _document(manifest, key)
    bad = copy.deepcopy(document)
    bad["voters"][0]["style"] = "west"  # type: ignore[index]
    url = "/admin/elections/council-2026/credentials"
    res = client.post(url, data={"document": canonical(bad).decode(), "csrf_token": token})
    assert res.status_code == 422
    assert "<td>voters[0]</td>" in res.text and "west" in res.text
    res = client.post(url, data={"document": "{not json", "csrf_token": token})
    assert res.status_code == 422 and "not valid JSON" in res.text
    assert s.elections.credential_list("council-2026") is None
    upload = {"file": ("public-credentials.json", canonical(document), "application/json")}
    res = client.post(url, files=upload, data={"csrf_token": token})
    assert res.status_code == 200, res.text
    assert 'data-testid="credential-list"' in res.text
    stored = s.elections.credential_list("council-2026")
    assert stored is not None and stored.voters == 5


def test_server_mode_page_says_where_eligibility_rests(services: Services) -> None:
    s = services
    client, _ = signed_in(s)
    data = manifest_json()
    data["credentials"] = {"authority": "server"}
    s.elections.create(data)
    page = client.get("/admin/elections/council-2026").text
    assert "eligibility rests on the server" in page
    assert 'action="/admin/elections/council-2026/credentials"' not in page
    results = client.get("/elections/council-2026/results").text
    assert "eligibility rests on the server" in results
