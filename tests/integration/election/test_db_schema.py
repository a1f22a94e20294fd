"""The migrations build exactly the tables the code uses; the CLI migrates and adds admins."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine
from typer.testing import CliRunner

from suffrage.adapters.cli import app
from suffrage.adapters.db import current_revision, make_engine
from suffrage.adapters.db.tables import metadata


def test_migrations_match_the_tables(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    assert current_revision(engine) == "0007"


def test_db_cli(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/cli.sqlite"
    env = {"SUFFRAGE_DATABASE_URL": url, "SUFFRAGE_ADMIN_PASSWORD": "a long password"}
    runner = CliRunner()
    res = runner.invoke(app, ["db", "upgrade"], env=env)
    assert res.exit_code == 0 and "revision 0007" in res.output, res.output
    res = runner.invoke(app, ["db", "create-admin", "carol"], env=env)
    assert res.exit_code == 0 and "carol created" in res.output, res.output
    res = runner.invoke(app, ["db", "create-admin", "carol"], env=env)
    assert res.exit_code == 1 and "already exists" in res.output, res.output
    eng = make_engine(url)
    with eng.connect() as conn:
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
    eng.dispose()
    assert mode == "wal"


def test_a_new_sqlite_file_is_private(tmp_path: Path) -> None:
    import os
    import stat

    eng = make_engine(f"sqlite:///{tmp_path}/private.sqlite")
    with eng.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        conn.commit()
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    eng.dispose()
    for name in ("private.sqlite", "private.sqlite-wal"):
        if (tmp_path / name).exists():
            assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == 0o600, name
