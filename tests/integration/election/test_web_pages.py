"""Server-rendered pages: sign-in with CSRF, roll preview, translations, HTML errors."""

from __future__ import annotations

import json
import re

from service_harness import Services
from webclient import ADMIN, make_client, signed_in

from election_actors import CSV, manifest_json
from suffrage.adapters.web.i18n import load_catalogues


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def test_sign_in_create_and_preview_roll(services: Services) -> None:
    s = services
    s.auth.create_admin(*ADMIN)
    client = make_client(s)
    assert client.get("/admin", follow_redirects=False).headers["location"] == "/admin/login"
    form = {"username": ADMIN[0], "password": ADMIN[1]}
    assert client.post("/admin/login", data=form).status_code == 403  # no CSRF token
    token = _csrf(client.get("/admin/login").text)
    bad = client.post("/admin/login", data={**form, "password": "nope", "csrf_token": token})
    assert bad.status_code == 401
    res = client.post("/admin/login", data={**form, "csrf_token": token}, follow_redirects=False)
    assert res.status_code == 303
    page = client.get("/admin").text
    token = _csrf(page)  # a new session gets a new token
    res = client.post(
        "/admin/elections", data={"manifest": json.dumps(manifest_json()), "csrf_token": token}
    )
    assert res.status_code == 200 and "Works council 2026" in res.text
    broken = CSV + "v6,No Mail,\n"
    res = client.post(
        "/admin/elections/council-2026/roll",
        data={"csv": broken, "action": "import", "csrf_token": token},
    )
    assert res.status_code == 422
    assert '"Row">7</td><td data-label="Column">email</td>' in res.text
    assert s.elections.turnout("council-2026").eligible == 0
    res = client.post(
        "/admin/elections/council-2026/roll",
        files={"file": ("roll.csv", CSV.encode(), "text/csv")},
        data={"action": "import", "csrf_token": token},
    )
    assert res.status_code == 200
    assert s.elections.turnout("council-2026").eligible == 5
    assert res.text.count("@example.org</td>") == 5
    res = client.post("/admin/elections/council-2026/action/open", data={"csrf_token": "forged"})
    assert res.status_code == 403


def test_translations(services: Services) -> None:
    client = make_client(services)
    ru = client.get("/", headers={"accept-language": "ru-RU,ru;q=0.9,en;q=0.5"}).text
    assert '<html lang="ru">' in ru and "Выборы" in ru
    en = client.get("/?lang=en", headers={"accept-language": "ru"})
    assert '<html lang="en">' in en.text and en.cookies.get("lang") == "en"
    assert '<html lang="en">' in client.get("/", headers={"accept-language": "ru"}).text
    cats = load_catalogues()
    assert set(cats.messages["ru"]) == set(cats.messages["en"])
    assert cats.pick(None, None, "de-DE,fr;q=0.8") == "en"


def test_html_errors_for_browsers(services: Services) -> None:
    client = make_client(services)
    page = client.get("/elections/missing", headers={"accept": "text/html"})
    assert page.status_code == 404 and 'data-code="not_found"' in page.text
    api = client.get("/api/elections/missing", headers={"accept": "text/html"})
    assert api.json()["error"]["code"] == "not_found"


def test_security_headers(services: Services) -> None:
    client = make_client(services)
    res = client.get("/booth/missing")
    assert "script-src 'self'" in res.headers["content-security-policy"]
    assert res.headers["referrer-policy"] == "no-referrer"
    assert res.headers["x-content-type-options"] == "nosniff"
    docs = client.get("/docs")
    assert "script-src 'self'" in docs.headers["content-security-policy"]
    assert "/api/elections/{election_id}/ballots" in docs.text and "cdn" not in docs.text.lower()
    assert "<script" not in docs.text
    assert "cache-control" not in res.headers  # public pages may be cached
    login = client.get("/admin/login")
    assert login.headers["cache-control"] == "no-store"
    signed, _ = signed_in(services)
    assert signed.get("/api/elections").headers["cache-control"] == "no-store"


def test_page_data_cannot_close_its_script_block(services: Services) -> None:
    hostile = "</script><script>alert(1)</script>"
    services.elections.create({**manifest_json(), "title": hostile})
    client = make_client(services)
    for page in ("/booth/council-2026", "/trustee/council-2026"):
        html = client.get(page).text
        assert "<script>alert(1)" not in html, page
        data = re.search(r'<script id="\w+-data" type="application/json">(.*?)</script>', html)
        assert data and json.loads(data.group(1))["manifest"]["title"] == hostile


def test_constitutions_are_named_in_the_readers_language(services: Services) -> None:
    client, _ = signed_in(services)
    ru = client.get("/admin?lang=ru").text
    assert '<option value="ussr-1936">Конституция СССР 1936 года' in ru
    assert "Демократия советов с тайным проверяемым голосованием</dt>" in ru
    assert "USSR Constitution" not in ru and "Council democracy" not in ru
    en = client.get("/admin?lang=en").text
    assert '<option value="ussr-1936">USSR Constitution of 1936' in en
