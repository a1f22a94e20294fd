"""Scheduled opening and closing, enforced by the server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from service_harness import Services, deterministic_rng, voter_codes
from webclient import signed_in

from election_actors import CSV, Trustees, ballot, manifest_json
from suffrage.errors import Conflict, InvalidInput
from suffrage.protocol.manifest import parse_manifest
from suffrage.service.access import AuditLog
from suffrage.service.model import Phase
from suffrage.service.scheduler import Scheduler

E = "council-2026"


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.at


def _ready(s: Services, clock: Clock) -> Scheduler:
    """An election with its key, roll and invitations, not open; a scheduler over it."""
    s.elections.clock = clock
    election = s.elections.create(manifest_json())
    trustees = Trustees(parse_manifest(election.manifest), deterministic_rng(b"sched"))
    for payload in trustees.commitments():
        s.ceremonies.post_trustee_event(E, "trustee_commitment", payload)
    s.ceremonies.fix_joint_key(E)
    s.elections.import_roll(E, CSV)
    s.elections.invite(E)
    return Scheduler(s.elections, s.ceremonies, AuditLog(s.elections.uow, clock))


def test_the_server_opens_and_closes_on_time(services: Services) -> None:
    s, clock = services, Clock()
    scheduler = _ready(s, clock)
    opens, closes = clock.at + timedelta(hours=1), clock.at + timedelta(hours=2)
    s.elections.schedule(E, opens, closes)
    with pytest.raises(Conflict, match="scheduled to open"):
        s.elections.open(E)  # not by hand before its time
    assert scheduler.run_once() == []
    clock.at = opens
    assert scheduler.run_once() == [f"open {E}"]
    assert s.elections.get(E).phase is Phase.OPEN
    codes = voter_codes(s, E)
    election = s.elections.get(E)
    rng = deterministic_rng(b"sched-voters")
    early = ballot(election.manifest, election.public_key, codes["v1"], [1, 0, 0], rng)
    s.box.cast(E, early.ballot)
    late = ballot(election.manifest, election.public_key, codes["v2"], [0, 1, 0], rng)
    clock.at = closes  # the scheduler has not looked yet: casts are refused all the same
    with pytest.raises(Conflict, match="voting closed"):
        s.box.cast(E, late.ballot)
    assert scheduler.run_once() == [f"close {E}"]
    assert s.elections.get(E).phase is Phase.TALLIED
    assert s.elections.turnout(E).ballots == 1
    with s.elections.uow() as uow:
        log = [(e.actor, e.action) for e in uow.audit.read(E)]
    assert log == [("scheduler", "election.open"), ("scheduler", "election.close")]


def test_a_failed_step_is_recorded_once_and_retried(services: Services) -> None:
    s, clock = services, Clock()
    s.elections.clock = clock
    s.elections.create(manifest_json())  # no joint key: cannot open
    scheduler = Scheduler(s.elections, s.ceremonies, AuditLog(s.elections.uow, clock))
    s.elections.schedule(E, clock.at + timedelta(minutes=1), None)
    clock.at += timedelta(minutes=2)
    assert scheduler.run_once() == [] and scheduler.run_once() == []
    with s.elections.uow() as uow:
        log = [(e.action, e.details["reason"]) for e in uow.audit.read(E)]
    assert log == [("schedule.open_failed", "the key ceremony is not finished: no joint key yet")]


def test_schedules_are_checked(services: Services) -> None:
    s, clock = services, Clock()
    s.elections.clock = clock
    s.elections.create(manifest_json())
    with pytest.raises(InvalidInput, match="in the future"):
        s.elections.schedule(E, clock.at - timedelta(minutes=1), None)
    with pytest.raises(InvalidInput, match="after opens_at"):
        s.elections.schedule(E, clock.at + timedelta(hours=2), clock.at + timedelta(hours=1))


def test_schedule_through_the_api(services: Services) -> None:
    client, csrf = signed_in(services)
    client.post("/api/elections", json={"manifest": manifest_json()}, headers=csrf)
    body = {"opens_at": "2026-05-02T08:00:00+02:00", "closes_at": "2026-05-02T20:00:00Z"}
    res = client.put(f"/api/elections/{E}/schedule", json=body, headers=csrf)
    assert res.status_code == 200, res.text
    assert res.json()["opens_at"].startswith("2026-05-02T06:00:00")
    naive = {"opens_at": "2026-05-02T08:00:00"}
    assert client.put(f"/api/elections/{E}/schedule", json=naive, headers=csrf).status_code == 422
