"""Test doubles and builders for the election service tests (SQLite and PostgreSQL).

PostgreSQL is ``SUFFRAGE_TEST_POSTGRES_URL`` (default: the local ``test`` database); each
test gets its own schema, dropped afterwards. Outside CI a missing server skips those
tests; in CI (``CI=true``) it fails them.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, create_engine, text

from election_actors import CSV, Trustees, code_from_mail, manifest_json
from suffrage.adapters.db import SqlDeliveryStore, SqlUnitOfWork
from suffrage.protocol.manifest import parse_manifest
from suffrage.service.auth import AdminAuth
from suffrage.service.casting import BallotBox
from suffrage.service.ceremony import Ceremonies
from suffrage.service.delivery import DeliveryPolicy, DeliveryWorker
from suffrage.service.elections import ElectionService
from suffrage.service.model import Mail

PG_URL = os.environ.get(
    "SUFFRAGE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def deterministic_rng(seed: bytes) -> Callable[[int], bytes]:
    """Reproducible bytes: SHA-512 in counter mode over ``seed``."""
    counter = 0

    def read(n: int) -> bytes:
        nonlocal counter
        out = b""
        while len(out) < n:
            out += hashlib.sha512(seed + counter.to_bytes(8, "big")).digest()
            counter += 1
        return out[:n]

    return read


class FixedClock:
    def now(self) -> datetime:
        return datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


class OutboxMailer:
    """Keeps the messages instead of sending them."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []
        self.mails: list[Mail] = []

    def send(self, mail: Mail) -> None:
        self.mails.append(mail)
        self.sent.append((mail.to, mail.subject, mail.body))


def postgres_schema() -> Iterator[str]:
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    schema = "t_" + uuid.uuid4().hex[:12]
    try:
        with admin.connect() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:
        admin.dispose()
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"PostgreSQL is required in CI and unreachable at {PG_URL}: {exc}")
        pytest.skip(f"PostgreSQL unreachable at {PG_URL}")
    try:
        yield schema
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


class Services:
    def __init__(self, engine: Engine) -> None:
        self.mailer = OutboxMailer()
        # the invitations are sent in the caller's thread, at once (no rate limit)
        self.delivery = DeliveryWorker(
            SqlDeliveryStore(engine), self.mailer, FixedClock(), DeliveryPolicy(rate=None)
        )
        self.elections = ElectionService(
            uow=lambda: SqlUnitOfWork(engine),
            clock=FixedClock(),
            rng=deterministic_rng(b"service-tests"),
            base_url="http://booth.test",
            wake=self.delivery.drain,
        )
        self.box = BallotBox(self.elections)
        self.ceremonies = Ceremonies(self.elections)
        # cheap argon2 parameters: the tests check the flow, not the cost
        fast = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        self.auth = AdminAuth(lambda: SqlUnitOfWork(engine), FixedClock(), fast)


def attest(s: Services, trustees: Trustees, eid: str, which: str, indices: list[int]) -> None:
    """Trustees ``indices`` sign the hash of the board's ``open`` or ``close`` event."""
    head = next(r.hash for r in s.elections.board(eid, 0, 100_000) if r.type == which)
    for i in indices:
        s.ceremonies.post_trustee_event(eid, "attestation", trustees.attestation(i, which, head))


def open_election(s: Services, seed: bytes = b"t") -> dict[str, str]:
    """An election from the test manifest with its key fixed, roll imported, invitations
    sent and voting open; returns each voter's credential code (from her mail)."""
    election = s.elections.create(manifest_json())
    trustees = Trustees(parse_manifest(election.manifest), deterministic_rng(seed))
    for payload in trustees.commitments():
        s.ceremonies.post_trustee_event(election.id, "trustee_commitment", payload)
    s.ceremonies.fix_joint_key(election.id)
    s.elections.import_roll(election.id, CSV)
    s.elections.invite(election.id)
    s.elections.open(election.id)
    attest(s, trustees, election.id, "open", [1, 2, 3])
    return voter_codes(s, election.id)


def voter_codes(s: Services, election_id: str) -> dict[str, str]:
    """Each voter's credential code, from the last mail she was sent."""
    ids = {e.email: e.voter_id for e in s.elections.roll(election_id)}
    return {ids[to]: code_from_mail(body) for to, _, body in s.mailer.sent if to in ids}
