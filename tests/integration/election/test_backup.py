"""``suffrage db backup`` and ``restore`` on SQLite and PostgreSQL: nothing is lost."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from service_harness import PG_URL, postgres_schema
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from election_actors import CSV, manifest_json
from suffrage import bootstrap
from suffrage.adapters.cli import app
from suffrage.config import Settings

E = "council-2026"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str | None]]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/live.sqlite", None
        return
    gen = postgres_schema()
    schema = next(gen)
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}", schema
    finally:
        next(gen, None)


def _election(url: str) -> None:
    settings = Settings(database_url=url)
    bootstrap.db_upgrade(settings)
    c = bootstrap.build(settings)
    try:
        c.elections.create(manifest_json())
        c.elections.import_roll(E, CSV)
    finally:
        c.close()


def _voters(url: str) -> int:
    c = bootstrap.build(Settings(database_url=url))
    try:
        return c.elections.turnout(E).eligible
    finally:
        c.close()


def test_backup_and_restore(database: tuple[str, str | None], tmp_path: Path) -> None:
    url, schema = database
    _election(url)
    out = tmp_path / "backup.dump"
    env = {"SUFFRAGE_DATABASE_URL": url}
    run = CliRunner().invoke
    res = run(app, ["db", "backup", str(out)], env=env)
    assert res.exit_code == 0, res.output
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert run(app, ["db", "backup", str(out)], env=env).exit_code == 1  # never overwritten
    # restoring over a database with elections needs --force
    res = run(app, ["db", "restore", str(out)], env=env)
    assert res.exit_code == 1 and "--force" in res.output
    # the server's disk is lost
    if schema is None:
        Path(url.removeprefix("sqlite:///")).unlink()
    else:
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
    res = run(app, ["db", "restore", str(out)], env=env)
    assert res.exit_code == 0, res.output
    assert _voters(url) == 5
    res = run(app, ["db", "restore", str(tmp_path / "missing")], env=env)
    assert res.exit_code == 1


def test_the_record_is_archived_at_each_state_change(tmp_path: Path) -> None:
    from service_harness import Services, open_election

    from suffrage.adapters.db import make_engine, upgrade
    from suffrage.protocol.record import read_archive
    from suffrage.service.archive import RecordArchiver

    engine = make_engine(f"sqlite:///{tmp_path}/a.sqlite")
    upgrade(engine)
    s = Services(engine)
    records = bootstrap.RecordDirectory(tmp_path / "records")
    open_election(s)
    assert RecordArchiver(s.elections, records).run_once() == [f"{E}/record-open.tar.gz"]
    assert RecordArchiver(s.elections, records).run_once() == []  # nothing new
    s.ceremonies.close(E)
    # a new archiver (a restarted server) writes only what is missing
    assert RecordArchiver(s.elections, records).run_once() == [f"{E}/record-tallied.tar.gz"]
    folder = tmp_path / "records" / E
    opened = read_archive((folder / "record-open.tar.gz").read_bytes())
    tallied = read_archive((folder / "record-tallied.tar.gz").read_bytes())
    assert b'"type":"close"' not in opened["board.jsonl"]
    assert b'"type":"close"' in tallied["board.jsonl"]
    assert sorted(p.name for p in folder.iterdir()) == [
        "record-open.tar.gz",
        "record-tallied.tar.gz",
    ]
    s.box.close()
    engine.dispose()
