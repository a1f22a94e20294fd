"""Every page of the site, in every state worth seeing, for the browser checks and screenshots.

:func:`running_site` starts a server (SQLite in a temporary folder, an SMTP inbox) holding
five elections: ``council-2026`` open (a choose-up-to-two contest, ballots and an audit on
its board), ``mayor-2026`` open (a choose-one list vote), ``assembly-2025`` published,
``budget-2027`` in its key ceremony, and ``ranked-2026`` open (a secret ranked contest).
:func:`views` lists each page as a path and the steps that bring it to the state shown (the
booth's steps are clicked through). The accessibility test, the narrow-screen test and
``make screenshots`` all walk this one list.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from browser_harness import Inbox, LiveServer, free_port, invite_codes

from election_actors import CSV, Trustees, ballot, manifest_json, ranked_manifest_json
from suffrage import bootstrap
from suffrage.config import Settings
from suffrage.protocol.audit import audit_form
from suffrage.protocol.manifest import parse_manifest
from suffrage.protocol.simulation import seeded_rng
from suffrage.service.presets import ElectionRequest
from trustee_identity import trustee_key

ADMIN = ("admin", "a long admin password")
OPEN, CHOOSE_ONE, PUBLISHED, KEYS = "council-2026", "mayor-2026", "assembly-2025", "budget-2027"
RANKED = "ranked-2026"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

Step = Callable[[Any], None]


@dataclass
class Site:
    live: LiveServer
    codes: dict[str, list[str]]  # election -> voters' credential codes
    tracking: str  # a counted ballot's tracking code on the open election
    data_words: set[str] = field(default_factory=set)  # names and titles the pages show


@dataclass(frozen=True)
class View:
    name: str
    path: str
    steps: tuple[Step, ...] = ()
    admin: bool = False


def _rng(seed: bytes) -> Callable[[int], bytes]:
    """Reproducible bytes for the tour's trustees and voters."""
    return seeded_rng(b"site tour " + seed)


def _keyed(c: bootstrap.Container, election_id: str, trustees: Trustees) -> None:
    for payload in trustees.commitments():
        c.ceremonies.post_trustee_event(election_id, "trustee_commitment", payload)
    trustees.exchange_shares()
    c.ceremonies.fix_joint_key(election_id)


def _attest(c: bootstrap.Container, trustees: Trustees, eid: str, which: str) -> None:
    """Trustees 1 and 3 sign the hash of the board's ``open`` or ``close`` event."""
    head = next(r.hash for r in c.elections.board(eid, 0, 100_000) if r.type == which)
    for i in (1, 3):
        c.ceremonies.post_trustee_event(eid, "attestation", trustees.attestation(i, which, head))


def _invite(c: bootstrap.Container, inbox: Inbox, eid: str) -> list[str]:
    return invite_codes(c, inbox, eid)


def opened(
    c: bootstrap.Container, inbox: Inbox, manifest: dict[str, Any], seed: bytes
) -> tuple[Trustees, list[str]]:
    election = c.elections.create(manifest)
    trustees = Trustees(parse_manifest(election.manifest), _rng(seed))
    _keyed(c, election.id, trustees)
    c.elections.import_roll(election.id, CSV)
    codes = _invite(c, inbox, election.id)
    c.elections.open(election.id)
    _attest(c, trustees, election.id, "open")
    return trustees, codes


def seed(c: bootstrap.Container, inbox: Inbox) -> tuple[dict[str, list[str]], str]:
    """The five elections; returns the voters' codes per election and a tracking code."""
    rng = _rng(b"site-tour")
    c.auth.create_admin(*ADMIN)
    codes: dict[str, list[str]] = {}
    _, codes[OPEN] = opened(c, inbox, manifest_json(OPEN), b"open")
    e = c.elections.get(OPEN)
    assert e.public_key is not None
    tracking = ""
    for k, choice in enumerate(([1, 1, 0], [0, 1, 0], [0, 0, 1])):
        made = ballot(e.manifest, e.public_key, codes[OPEN][k + 1], choice, rng)
        tracking = c.box.cast(OPEN, made.ballot).tracking_code
    spoiled = ballot(e.manifest, e.public_key, codes[OPEN][3], [1, 0, 0], rng)
    c.box.audit(OPEN, {"ballot": audit_form(spoiled.ballot), "reveal": spoiled.reveal})

    keys = tuple((f"Trustee {i}", trustee_key(i).public.hex()) for i in (1, 2, 3))
    req = ElectionRequest(
        preset="multiparty-pr",
        id=CHOOSE_ONE,
        title="City council 2026",
        options=("Red list", "Green list", "Blue list"),
        trustees=keys,
    )
    mayor = c.elections.create_from_preset(req)
    trustees = Trustees(parse_manifest(mayor.manifest), _rng(b"mayor"))
    _keyed(c, CHOOSE_ONE, trustees)
    c.elections.import_roll(CHOOSE_ONE, CSV)
    codes[CHOOSE_ONE] = _invite(c, inbox, CHOOSE_ONE)
    c.elections.open(CHOOSE_ONE)
    _attest(c, trustees, CHOOSE_ONE, "open")

    trustees, voters = opened(
        c, inbox, {**manifest_json(PUBLISHED), "title": "Works council 2025"}, b"pub"
    )
    p = c.elections.get(PUBLISHED)
    assert p.public_key is not None
    for k, choice in enumerate(([1, 1, 0], [0, 1, 1], [1, 0, 0], [0, 1, 0])):
        c.box.cast(PUBLISHED, ballot(p.manifest, p.public_key, voters[k], choice, rng).ballot)
    c.ceremonies.close(PUBLISHED)
    _attest(c, trustees, PUBLISHED, "close")
    tally = c.ceremonies.tally_payload(PUBLISHED)
    for index in (1, 3):
        c.ceremonies.post_decryption_share(PUBLISHED, trustees.decryption_share(index, tally))
    c.ceremonies.publish(PUBLISHED)

    c.elections.create({**manifest_json(KEYS), "title": "Budget assembly 2027"})
    _, codes[RANKED] = opened(c, inbox, ranked_manifest_json(RANKED), b"ranked")
    return codes, tracking


@contextmanager
def running_site(folder: Path | None = None) -> Iterator[Site]:
    """A live server with the five elections (in ``folder``, or a temporary one)."""
    with tempfile.TemporaryDirectory() as tmp:
        base = folder or Path(tmp)
        inbox = Inbox()
        smtp_port, port = free_port(), free_port()
        controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        settings = Settings(
            database_url=f"sqlite:///{base}/tour.sqlite",
            smtp_host="127.0.0.1",
            smtp_port=smtp_port,
            smtp_sender="elections@example.org",
            base_url=f"http://127.0.0.1:{port}",
            secret_key="tour-secret-key",  # type: ignore[arg-type]
        )
        bootstrap.db_upgrade(settings)
        server = LiveServer(bootstrap.build(settings), port)
        try:
            codes, tracking = seed(server.container, inbox)
            server.start()
            try:
                yield Site(server, codes, tracking, _data_words(server.container))
            finally:
                server.stop()
        finally:
            server.container.engine.dispose()
            controller.stop()


def _data_words(c: bootstrap.Container) -> set[str]:
    """Every word of the names, titles and addresses the elections put on the pages."""
    words: set[str] = {"suffrage", "admin"}
    texts: list[str] = []
    for e in c.elections.elections():
        m = e.manifest
        texts += [e.id, e.title, *(t["name"] for t in m["trustees"])]
        for contest in m["contests"]:
            texts += [contest["title"], *(o["title"] for o in contest["options"])]
        for s in m["styles"]:
            texts += [s["id"], s["title"]]
        for entry in c.elections.roll(e.id):
            texts += [entry.voter_id, entry.name, entry.email, entry.style]
    for text in texts:
        words.update(w for w in _latin_words(text))
    return words


def _latin_words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'-]*", text)


# ------------------------------------------------------------------ booth steps


def _wait(selector: str) -> Step:
    return lambda page: page.wait_for_selector(selector)


def _click(selector: str, then: str) -> Step:
    def step(page: Any) -> None:
        page.click(selector)
        page.wait_for_selector(then)

    return step


def _check(selector: str) -> Step:
    return lambda page: page.check(selector)


def _fill(selector: str, value: str) -> Step:
    return lambda page: page.fill(selector, value)


START = _click("#start", "#ballot-form:not([hidden])")
REVIEW = _click("#to-review", "#step-review:not([hidden])")
ENCRYPT = _click("#encrypt", "#step-encrypted:not([hidden])")


def _rank(*candidates: int) -> Step:
    """Add the candidates (option indices) to the ranking with their Add buttons, in order."""

    def step(page: Any) -> None:
        for j in candidates:
            page.click(f"li.rank-row[data-index='{j}'] button[data-act=add]")

    return step


def _number(j: int, rank: int) -> Step:
    """Choose candidate ``j``'s number in its select (the plain fallback)."""
    return lambda page: page.select_option(f"#opt-council-{j}", str(rank))


def _ranked_views(site: Site) -> list[View]:
    """The booth of the ranked contest: ranking, plain-word problems, review and audit."""
    booth = f"/booth/{RANKED}#{site.codes[RANKED][0]}"
    ranked = (START, _rank(2, 0))
    twice_and_gap = (START, _number(0, 1), _number(1, 1), _number(2, 3))
    return [
        View("booth-rank", booth, ranked),
        View(
            "booth-rank-problems",
            booth,
            (*twice_and_gap, _click("#to-review", "#booth-error:not([hidden])")),
        ),
        View("booth-rank-review", booth, (*ranked, REVIEW)),
        View(
            "booth-rank-audit",
            booth,
            (*ranked, REVIEW, ENCRYPT, _click("#audit", "#step-audit:not([hidden])")),
        ),
    ]


def views(site: Site) -> list[View]:
    """Each page and state worth seeing, in the order a visitor meets them."""
    code, other = site.codes[OPEN][0], site.codes[CHOOSE_ONE][0]
    booth = f"/booth/{OPEN}#{code}"
    picked = (START, _check("#opt-council-0"), _check("#opt-council-2"))
    return [
        View("index", "/"),
        View("election", f"/elections/{OPEN}"),
        View(
            "election-track",
            f"/elections/{OPEN}?track={site.tracking}",
            (_wait("#track-result .notice"),),
        ),
        View("board", f"/elections/{OPEN}/board"),
        View("board-code", f"/elections/{OPEN}/board?code={site.tracking}"),
        View("board-filter", f"/elections/{OPEN}/board?type=ballot"),
        View("results", f"/elections/{PUBLISHED}/results"),
        View("results-not-yet", f"/elections/{OPEN}/results"),
        View("report", f"/elections/{PUBLISHED}/report"),
        View("booth-code", booth, (_wait("#step-credential"),)),
        View(
            "booth-code-error",
            f"/booth/{OPEN}",
            (_fill("#credential", "12ab"), _click("#start", "#booth-error:not([hidden])")),
        ),
        View("booth-choose", booth, picked),
        View("booth-choose-one", f"/booth/{CHOOSE_ONE}#{other}", (START, _check("#opt-main-1"))),
        View(
            "booth-too-many",
            booth,
            (*picked, _check("#opt-council-1"), _click("#to-review", "#booth-error:not([hidden])")),
        ),
        View("booth-review", booth, (*picked, REVIEW)),
        View("booth-encrypted", booth, (*picked, REVIEW, ENCRYPT)),
        View(
            "booth-receipt",
            booth,
            (*picked, REVIEW, ENCRYPT, _click("#cast", "#step-done:not([hidden])")),
        ),
        View(
            "booth-audit",
            booth,
            (*picked, REVIEW, ENCRYPT, _click("#audit", "#step-audit:not([hidden])")),
        ),
        *_ranked_views(site),
        View("booth-closed", f"/booth/{PUBLISHED}"),
        View("booth-not-yet-open", f"/booth/{KEYS}"),
        View("trustee", f"/trustee/{KEYS}"),
        View("sign-in", "/admin/login"),
        View("sign-in-from-deep-link", f"/admin/elections/{KEYS}"),
        View("not-found", "/elections/no-such-election"),
        View("admin", "/admin", admin=True),
        View("admin-keys", f"/admin/elections/{KEYS}", admin=True),
        View(
            "admin-roll-errors",
            f"/admin/elections/{KEYS}",
            (
                _fill("#roll-csv", CSV + "v6,,not-an-email\nv1,Dup,dup@example.org\n"),
                _click("button[name=action][value=preview]", "[data-testid=roll-preview]"),
            ),
            admin=True,
        ),
        View("admin-open", f"/admin/elections/{OPEN}", admin=True),
        View("admin-published", f"/admin/elections/{PUBLISHED}", admin=True),
    ]


def sign_in(page: Any, base: str) -> None:
    page.goto(f"{base}/admin/login")
    page.fill("#username", ADMIN[0])
    page.fill("#password", ADMIN[1])
    page.click("form[action='/admin/login'] button[type=submit]")
    page.wait_for_url(f"{base}/admin")


class Walker:
    """Shows views in one language at one size: one page for visitors, one signed in.

    Pages are reused (a new page costs a renderer process); each view starts from a blank
    page so that the booth is loaded afresh.
    """

    def __init__(
        self,
        browser: Any,
        site: Site,
        lang: str,
        viewport: dict[str, int],
        color_scheme: str = "light",
    ) -> None:
        self.browser, self.site, self.lang, self.viewport = browser, site, lang, viewport
        self.color_scheme = color_scheme
        self._pages: dict[bool, Any] = {}

    def _page(self, admin: bool) -> Any:
        if admin not in self._pages:
            context = self.browser.new_context(
                viewport=self.viewport,
                bypass_csp=True,
                locale=self.lang,
                color_scheme=self.color_scheme,
            )
            page = context.new_page()
            if admin:
                sign_in(page, self.site.live.url)
            self._pages[admin] = page
        return self._pages[admin]

    def show(self, view: View) -> Any:
        page = self._page(view.admin)
        page.goto("about:blank")
        path, _, fragment = view.path.partition("#")
        sep = "&" if "?" in path else "?"
        url = f"{self.site.live.url}{path}{sep}lang={self.lang}"
        page.goto(url + (f"#{fragment}" if fragment else ""))
        for step in view.steps:
            step(page)
        return page

    def close(self) -> None:
        for page in self._pages.values():
            page.context.close()
        self._pages.clear()
