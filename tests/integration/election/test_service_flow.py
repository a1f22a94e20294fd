"""A whole election through the service on SQLite and PostgreSQL, checked by the verifier."""

from __future__ import annotations

import pytest
from service_harness import Services, attest, deterministic_rng, voter_codes

from election_actors import CSV, Trustees, ballot, manifest_json
from suffrage.errors import Conflict, InvalidInput
from suffrage.protocol.audit import audit_form
from suffrage.protocol.manifest import parse_manifest
from suffrage.service.model import Phase
from suffrage.verify import MemorySource, verify_record


def _open_election(s: Services) -> tuple[Trustees, dict[str, str]]:
    election = s.elections.create(manifest_json())
    manifest = parse_manifest(election.manifest)
    trustees = Trustees(manifest, deterministic_rng(b"trustees"))
    for payload in trustees.commitments():
        s.ceremonies.post_trustee_event(election.id, "trustee_commitment", payload)
    trustees.exchange_shares()
    s.ceremonies.fix_joint_key(election.id)
    s.elections.import_roll(election.id, CSV)
    assert s.elections.invite(election.id) == 5 and len(s.mailer.sent) == 5
    s.elections.open(election.id)
    attest(s, trustees, election.id, "open", [1, 2, 3])
    return trustees, voter_codes(s, election.id)


def test_full_election(services: Services) -> None:
    s = services
    trustees, codes = _open_election(s)
    eid = "council-2026"
    key = s.elections.get(eid).public_key
    assert key is not None
    manifest = s.elections.get(eid).manifest
    rng = deterministic_rng(b"voters")
    receipts = []
    for voter, choice in (("v1", [1, 1, 0]), ("v2", [0, 1, 0]), ("v3", [0, 0, 1])):
        receipts.append(s.box.cast(eid, ballot(manifest, key, codes[voter], choice, rng).ballot))
    # v3 audits a ballot, then revotes: only the last ballot counts
    spoiled = ballot(manifest, key, codes["v3"], [1, 0, 0], rng)
    s.box.audit(eid, {"ballot": audit_form(spoiled.ballot), "reveal": spoiled.reveal})
    revote = s.box.cast(eid, ballot(manifest, key, codes["v3"], [1, 0, 1], rng).ballot)
    assert revote.replaces == receipts[2].tracking_code
    assert s.box.lookup(eid, revote.tracking_code[:10]).seq == revote.seq

    turnout = s.elections.turnout(eid)
    assert (turnout.eligible, turnout.voted, turnout.ballots, turnout.audited) == (5, 3, 4, 1)
    with pytest.raises(Conflict):
        s.ceremonies.result(eid)  # no partial results while open

    s.ceremonies.close(eid)
    tally = s.ceremonies.tally_payload(eid)
    attest(s, trustees, eid, "close", [1, 3])
    for index in (1, 3):  # trustee 2 is absent
        s.ceremonies.post_decryption_share(eid, trustees.decryption_share(index, tally))
    counts = s.ceremonies.publish(eid)
    assert counts == {"council": [2, 2, 1]}
    assert s.elections.get(eid).phase is Phase.PUBLISHED

    files = s.elections.record(eid)
    report = verify_record(MemorySource(files))
    assert report.valid, [f.check for f in report.failed]


def test_roll_with_errors_stores_nothing(services: Services) -> None:
    s = services
    s.elections.create(manifest_json())
    bad = CSV + "v6,,not-an-email\nv1,Dup,dup@example.org\n"
    preview = s.elections.preview_roll("council-2026", bad)
    fields = {(e.row, e.field) for e in preview.errors}
    assert fields == {(7, "name"), (7, "email"), (8, "voter_id")}
    with pytest.raises(InvalidInput) as info:
        s.elections.import_roll("council-2026", bad)
    assert len(info.value.details) == 3
    assert s.elections.turnout("council-2026").eligible == 0


def test_bad_ballots_are_rejected_and_not_stored(services: Services) -> None:
    s = services
    _, codes = _open_election(s)
    eid = "council-2026"
    election = s.elections.get(eid)
    assert election.public_key is not None
    good = ballot(
        election.manifest, election.public_key, codes["v1"], [1, 0, 0], deterministic_rng(b"b")
    )
    before = len(s.elections.board(eid))
    tampered = dict(good.ballot, style="other")
    for raw in ({}, [], {"credential": "zz"}, tampered, dict(good.ballot, signature="00" * 96)):
        with pytest.raises(InvalidInput):
            s.box.cast(eid, raw)  # type: ignore[arg-type]
    over = ballot(
        election.manifest, election.public_key, codes["v2"], [1, 1, 0], deterministic_rng(b"c")
    )
    s.box.cast(eid, over.ballot)
    with pytest.raises(Conflict):
        s.box.cast(eid, over.ballot)  # the same ballot twice
    assert len(s.elections.board(eid)) == before + 1
