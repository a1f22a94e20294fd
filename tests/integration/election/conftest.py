"""Fixtures of the election service tests: a migrated database on SQLite and PostgreSQL.

PostgreSQL is ``SUFFRAGE_TEST_POSTGRES_URL`` (default: the local ``test`` database); each
test gets its own schema, dropped afterwards. Outside CI a missing server skips those
tests; in CI (``CI=true``) it fails them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from service_harness import PG_URL, Services, postgres_schema
from sqlalchemy import Engine

from suffrage.adapters.db import make_engine, upgrade


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: object) -> Iterator[Engine]:
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path}/suffrage.sqlite")
        upgrade(eng)
        yield eng
        eng.dispose()
        return
    gen = postgres_schema()
    schema = next(gen)
    eng = make_engine(PG_URL, schema=schema)
    try:
        upgrade(eng)
        yield eng
    finally:
        eng.dispose()
        next(gen, None)


@pytest.fixture
def services(engine: Engine) -> Services:
    return Services(engine)
