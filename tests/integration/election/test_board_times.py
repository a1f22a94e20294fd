"""Each board event keeps the time the server appended it, outside the hashed event.

On SQLite and PostgreSQL: every event gets the service clock's time (the election's
created, opened and closed times are those of its ``setup``, ``open`` and ``close``
events); the board's lines and hashes do not depend on the clock; the API and the board
page show the times; events stored before migration 0007 read back without a time next
to new events with one; the append-only triggers still refuse to rewrite a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from service_harness import PG_URL, Services, deterministic_rng, open_election, postgres_schema
from sqlalchemy import Engine, insert, select, text
from sqlalchemy.exc import DBAPIError
from webclient import make_client

from election_actors import Trustees, ballot, manifest_json
from suffrage.adapters.db import make_engine, upgrade
from suffrage.adapters.db.tables import board as board_table
from suffrage.adapters.db.tables import elections as elections_table
from suffrage.protocol.audit import audit_form
from suffrage.protocol.manifest import parse_manifest
from suffrage.service.casting import BallotBox
from suffrage.service.model import BoardRecord

E = "council-2026"
START = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
FIXED = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)  # service_harness.FixedClock


class TickingClock:
    """One second later at each reading, from ``START``."""

    def __init__(self) -> None:
        self.readings: list[datetime] = []

    def now(self) -> datetime:
        self.readings.append(START + timedelta(seconds=len(self.readings)))
        return self.readings[-1]


def _ticking(engine: Engine) -> tuple[Services, TickingClock]:
    s = Services(engine)
    clock = TickingClock()
    s.elections.clock = clock
    s.box = BallotBox(s.elections)  # its ballot writer takes the clock when built
    return s, clock


def _run_election(s: Services) -> list[BoardRecord]:
    """Open, one ballot, one audit, close: a board with every kind of append."""
    codes = open_election(s)
    e = s.elections.get(E)
    assert e.public_key is not None
    rng = deterministic_rng(b"times")
    s.box.cast(E, ballot(e.manifest, e.public_key, codes["v1"], [1, 0, 0], rng).ballot)
    spoiled = ballot(e.manifest, e.public_key, codes["v2"], [0, 1, 0], rng)
    s.box.audit(E, {"ballot": audit_form(spoiled.ballot), "reveal": spoiled.reveal})
    s.ceremonies.close(E)
    return s.elections.board(E, 0, 1000)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_every_event_is_recorded_at_the_servers_time(engine: Engine) -> None:
    s, clock = _ticking(engine)
    board = _run_election(s)
    kinds = {r.type for r in board}
    assert {"setup", "joint_key", "open", "ballot", "audit", "close", "tally"} <= kinds
    times = [r.recorded_at for r in board]
    assert all(t in clock.readings for t in times), times
    assert times == sorted(t for t in times if t is not None)
    at = {r.type: r.recorded_at for r in board}
    election = s.elections.get(E)
    assert election.created_at == at["setup"]
    assert election.opened_at == at["open"] == at["voter_list"]
    assert election.closed_at == at["close"] == at["tally"]
    for record in board:  # the time is beside the event, not in its line
        assert set(json.loads(record.line)) == {"payload", "prev", "seq", "type"}
    assert s.elections.record_archive(E)  # the record is written as before


def test_the_api_and_the_board_page_show_the_times(engine: Engine) -> None:
    s, _ = _ticking(engine)
    board = _run_election(s)
    client = make_client(s)
    events = client.get(f"/api/elections/{E}/board?limit=1000").json()["events"]
    assert [e["recorded_at"] for e in events] == [_iso(r.recorded_at) for r in board]  # type: ignore[arg-type]
    cast = next(r for r in board if r.type == "ballot")
    assert cast.recorded_at is not None
    stamp, clock = _iso(cast.recorded_at), cast.recorded_at.strftime("%H:%M:%S")
    en = client.get(f"/elections/{E}/board?lang=en").text
    assert f'<time datetime="{stamp}">1 May 2026, {clock} UTC</time>' in en
    assert en.count('data-label="Time"><time datetime=') == len(board)
    ru = client.get(f"/elections/{E}/board?lang=ru").text
    assert f'<time datetime="{stamp}">1 мая 2026 г., {clock} (UTC)</time>' in ru


def test_the_board_refuses_to_rewrite_a_time(services: Services, engine: Engine) -> None:
    services.elections.create(manifest_json())
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text("UPDATE board SET recorded_at = NULL"))
    assert [r.recorded_at for r in services.elections.board(E)] == [FIXED]


# ------------------------------------------------------------ two databases of a kind


class Databases:
    """New migrated databases of one kind (SQLite files or PostgreSQL schemas)."""

    def __init__(self, kind: str, folder: Path) -> None:
        self.kind, self.folder = kind, folder
        self._engines: list[Engine] = []
        self._schemas: list[Iterator[str]] = []

    def new(self, revision: str = "head") -> Engine:
        if self.kind == "sqlite":
            eng = make_engine(f"sqlite:///{self.folder}/db{len(self._engines)}.sqlite")
        else:
            schemas = postgres_schema()
            self._schemas.append(schemas)
            eng = make_engine(PG_URL, schema=next(schemas))
        self._engines.append(eng)
        upgrade(eng, revision)
        return eng

    def close(self) -> None:
        for eng in self._engines:
            eng.dispose()
        for schemas in self._schemas:
            next(schemas, None)


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Databases]:
    made = Databases(request.param, tmp_path)
    try:
        yield made
    finally:
        made.close()


def test_the_hashes_do_not_depend_on_the_clock(databases: Databases) -> None:
    """The same election under a fixed clock and a ticking one: the same board."""
    fixed = _run_election(Services(databases.new()))
    assert {r.recorded_at for r in fixed} == {FIXED}
    again = _run_election(_ticking(databases.new())[0])
    assert [(r.line, r.hash) for r in again] == [(r.line, r.hash) for r in fixed]
    assert [r.recorded_at for r in again] != [r.recorded_at for r in fixed]


_OLD_EVENT = text(
    "INSERT INTO board (election_id, seq, type, line, hash, credential, tracking_code) "
    "VALUES (:election_id, :seq, :type, :line, :hash, :credential, :tracking_code)"
)


def test_events_stored_before_0007_keep_working(databases: Databases) -> None:
    """A board written at revision 0006 (no times) upgrades in place: its events read
    back without a time, new events get one, the page falls back to the election's own
    times, and the chain goes on from the old events."""
    made = databases.new()
    Services(made).elections.create(manifest_json())
    with made.connect() as conn:
        election_row = dict(conn.execute(select(elections_table)).mappings().one())
        events = [dict(r) for r in conn.execute(select(board_table)).mappings()]
    old = databases.new("0006")
    with old.begin() as conn:  # as the service of revision 0006 stored them
        conn.execute(insert(elections_table), election_row)
        for event in events:
            conn.execute(_OLD_EVENT, {k: v for k, v in event.items() if k != "recorded_at"})
    upgrade(old)
    s = Services(old)
    assert [r.recorded_at for r in s.elections.board(E)] == [None]
    trustees = Trustees(parse_manifest(s.elections.get(E).manifest), deterministic_rng(b"t"))
    for payload in trustees.commitments():
        s.ceremonies.post_trustee_event(E, "trustee_commitment", payload)
    board = s.elections.board(E)
    assert board[0].hash == events[0]["hash"] and len(board) == 4
    assert [r.recorded_at for r in board] == [None, FIXED, FIXED, FIXED]
    client = make_client(s)
    api = client.get(f"/api/elections/{E}/board").json()["events"]
    assert [e["recorded_at"] for e in api] == [None, *[_iso(FIXED)] * 3]
    page = client.get(f"/elections/{E}/board?lang=en").text
    created = _iso(s.elections.get(E).created_at)
    assert '<tr id="e0">' in page
    setup_row = page.split('<tr id="e0">')[1].split("</tr>")[0]
    assert f'<time datetime="{created}">' in setup_row  # the election's created time
    assert s.elections.record_archive(E)
