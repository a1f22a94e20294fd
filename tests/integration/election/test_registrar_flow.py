"""Registrar mode through the service (SQLite and PostgreSQL): the server never holds a code.

The attack of issue 12 (3): whoever runs the server casts valid ballots for voters who
abstain. With credentials from a registrar the server has no private code to cast with,
it cannot slip its own credential into the list (the registrar signs it), and the verifier
catches a board where it tried anyway.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from service_harness import Services, attest, deterministic_rng, open_election
from sqlalchemy import Engine, select

from election_actors import CSV, Trustees, ballot, manifest_json
from suffrage.adapters.db.tables import metadata
from suffrage.crypto.group import Element
from suffrage.errors import Conflict, InvalidInput
from suffrage.protocol.ballot import BallotContext, encrypt_ballot
from suffrage.protocol.credentials import Credential, credential_from_code, new_credential
from suffrage.protocol.encoding import LABEL_EVENT, ZERO_HASH, Json, canonical, hash_object
from suffrage.protocol.identity import SigningKey, fingerprint
from suffrage.protocol.manifest import Manifest, parse_manifest
from suffrage.protocol.registrar import credentials_document
from suffrage.service.registrar import Registration, register, reissue
from suffrage.service.roll import parse_roll
from suffrage.verify import MemorySource, VerificationReport, verify_record

EID = "council-2026"


def _election(s: Services, key: SigningKey) -> tuple[Manifest, Trustees]:
    data = manifest_json()
    data["credentials"] = {"authority": "registrar", "public_key": key.public.hex()}
    manifest = parse_manifest(s.elections.create(data).manifest)
    trustees = Trustees(manifest, deterministic_rng(b"registrar-trustees"))
    for payload in trustees.commitments():
        s.ceremonies.post_trustee_event(EID, "trustee_commitment", payload)
    trustees.exchange_shares()
    s.ceremonies.fix_joint_key(EID)
    return manifest, trustees


def _registration(manifest: Manifest, key: SigningKey, seed: bytes) -> Registration:
    """What the registrar's machine makes from the roll (the server never runs this)."""
    preview = parse_roll(CSV, [st.id for st in manifest.styles])
    return register(preview.entries, manifest, key, deterministic_rng(seed))


def _document(manifest: Manifest, registration: Registration) -> dict[str, Json]:
    return credentials_document(manifest, registration.voters)


def _all_stored_text(engine: Engine) -> str:
    """Every value of every table, as text: what whoever runs the server can read."""
    parts = []
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(select(table)):
                parts.extend(str(v) for v in row)
    return "\n".join(parts)


def _failed(report: VerificationReport) -> dict[str, list[str]]:
    return {c.id: [str(f) for f in c.failures] for c in report.failed}


def test_a_registrar_election_from_upload_to_verified_record(
    services: Services, engine: Engine
) -> None:
    s = services
    key = SigningKey.generate(deterministic_rng(b"registrar-key"))
    manifest, trustees = _election(s, key)
    # roll import and invitations belong to server mode
    for refused in (
        lambda: s.elections.preview_roll(EID, CSV),
        lambda: s.elections.import_roll(EID, CSV),
        lambda: s.elections.invite(EID),
    ):
        with pytest.raises(Conflict, match="credentials come from a registrar"):
            refused()
    with pytest.raises(Conflict, match="no public credential list yet"):
        s.elections.open(EID)

    registration = _registration(manifest, key, b"registrar-codes")
    document = _document(manifest, registration)
    first = s.elections.upload_credentials(EID, document)
    assert first.voters == 5 and s.elections.turnout(EID).eligible == 5
    # a lost code, reissued before opening: the re-signed list replaces the first one
    lost = registration.codes[4]
    again = reissue(registration.voters, lost, manifest, key, 1, deterministic_rng(b"re"))
    s.elections.upload_credentials(EID, credentials_document(manifest, again.voters))
    stored = s.elections.credential_list(EID)
    assert stored is not None and json.loads(stored.document)["signature"] != document["signature"]
    codes = {c.entry.voter_id: c.code for c in registration.codes[:4]}
    codes[lost.entry.voter_id] = again.code.code

    s.elections.open(EID)
    attest(s, trustees, EID, "open", [1, 2])
    with pytest.raises(Conflict, match="not keys"):
        s.elections.upload_credentials(EID, document)
    public_key = s.elections.get(EID).public_key
    assert public_key is not None
    rng = deterministic_rng(b"voters")
    for voter, choice in (("v1", [1, 0, 0]), ("v2", [0, 1, 1]), ("v5", [0, 0, 1])):
        s.box.cast(EID, ballot(manifest, public_key, codes[voter], choice, rng).ballot)
    with pytest.raises(InvalidInput):  # the revoked code no longer votes
        s.box.cast(EID, ballot(manifest, public_key, lost.code, [1, 0, 0], rng).ballot)
    assert s.box.style_of(EID, credential_from_code(codes["v3"]).public.hex()) == "members"

    # The server holds no private code and no secret scalar, in any table or on the board.
    text = _all_stored_text(engine)
    for code in [*codes.values(), lost.code]:
        assert code not in text
        assert credential_from_code(code).secret.hex() not in text
    assert credential_from_code(codes["v3"]).public.hex() in text  # the public list is there

    s.ceremonies.close(EID)
    tally = s.ceremonies.tally_payload(EID)
    attest(s, trustees, EID, "close", [1, 2])
    for index in (1, 2):
        s.ceremonies.post_decryption_share(EID, trustees.decryption_share(index, tally))
    assert s.ceremonies.publish(EID) == {"council": [1, 1, 2]}
    report = verify_record(MemorySource(s.elections.record(EID)))
    assert report.valid, _failed(report)
    assert report.facts["credentials"] == "registrar"
    assert report.facts["registrar_key"] == fingerprint(key.public)
    assert report.get("voters.registrar").detail == f"registrar key {fingerprint(key.public)}"


def test_a_list_altered_after_signing_stores_nothing(services: Services) -> None:
    s = services
    key = SigningKey.generate(deterministic_rng(b"registrar-key"))
    manifest, _ = _election(s, key)
    document = _document(manifest, _registration(manifest, key, b"codes"))
    heavier = copy.deepcopy(document)
    heavier["voters"][0]["weight"] = 100  # type: ignore[index,call-overload]
    stuffed = copy.deepcopy(document)
    mine = {"credential": new_credential(deterministic_rng(b"x")).public.hex(), "style": "members"}
    voters: list[Any] = [*stuffed["voters"], {**mine, "weight": 1}]  # type: ignore[misc]
    stuffed["voters"] = sorted(voters, key=lambda v: v["credential"])
    forged = credentials_document(
        manifest,
        register(
            parse_roll(CSV, ["members"]).entries,
            manifest,
            key,
            deterministic_rng(b"y"),
        ).voters,
    )
    forged["signature"] = document["signature"]  # another list under the real signature
    other = copy.deepcopy(document)
    other["manifest"] = "ab" * 32
    for bad, item in ((heavier, "signature"), (stuffed, "signature"), (forged, "signature"),
                      (other, "manifest")):  # fmt: skip
        with pytest.raises(InvalidInput, match="nothing stored") as info:
            s.elections.upload_credentials(EID, bad)
        assert item in [d["item"] for d in info.value.details]
        assert s.elections.credential_list(EID) is None
    assert s.elections.turnout(EID).eligible == 0


def _rechained(files: dict[str, bytes], edit: Any) -> dict[str, bytes]:
    """The record after ``edit(events)``, with the chain and head recomputed (a forger's)."""
    events = [json.loads(line) for line in files["board.jsonl"].splitlines()]
    edit(events)
    prev, lines = ZERO_HASH, []
    for i, event in enumerate(events):
        event["seq"], event["prev"] = i, prev
        prev = hash_object(LABEL_EVENT, event).hex()
        lines.append(canonical(event) + b"\n")
    head = json.loads(files["head.json"])
    head.update(events=len(events), head=prev)
    return {**files, "board.jsonl": b"".join(lines), "head.json": canonical(head) + b"\n"}


def _voter_list(events: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    for event in events:
        if event["type"] == "voter_list":
            return event["seq"], event["payload"]
    raise AssertionError("no voter_list")


def test_a_board_with_a_forged_list_or_ballot_fails_the_verifier(services: Services) -> None:
    s = services
    key = SigningKey.generate(deterministic_rng(b"registrar-key"))
    manifest, _ = _election(s, key)
    registration = _registration(manifest, key, b"codes")
    s.elections.upload_credentials(EID, _document(manifest, registration))
    s.elections.open(EID)
    public_key = s.elections.get(EID).public_key
    assert public_key is not None
    rng = deterministic_rng(b"cast")
    s.box.cast(EID, ballot(manifest, public_key, registration.codes[0].code, [1, 0, 0], rng).ballot)
    files = s.elections.record(EID)
    assert verify_record(MemorySource(files)).valid

    # the server's own credential, slipped into the list after the registrar signed it
    intruder = new_credential(rng)

    def add_credential(events: list[dict[str, Any]]) -> None:
        _, payload = _voter_list(events)
        entry = {"credential": intruder.public.hex(), "style": "members", "weight": 1}
        payload["voters"] = sorted([*payload["voters"], entry], key=lambda v: v["credential"])
        _reseal(events)

    def heavier(events: list[dict[str, Any]]) -> None:
        _voter_list(events)[1]["voters"][0]["weight"] = 7
        _reseal(events)

    for edit in (add_credential, heavier):
        report = verify_record(MemorySource(_rechained(files, edit)))
        failed = _failed(report)
        assert list(failed) == ["voters.registrar"], failed
        seq = _voter_list([json.loads(x) for x in files["board.jsonl"].splitlines()])[0]
        assert failed["voters.registrar"][0].startswith(f"event {seq} (voter_list): registrar")
        assert "c != H(public, message, z*G - c*public)" in failed["voters.registrar"][0]

    # a ballot for an abstainer, signed with a key that is not on the list
    ctx = BallotContext(manifest, Element.from_hex(public_key))
    abstainer = credential_from_code(registration.codes[3].code).public
    stranger = new_credential(rng)
    posing = Credential("", stranger.secret, abstainer)  # her credential, another key
    for cred in (stranger, posing):
        forged = encrypt_ballot(ctx, cred, "members", {"council": [0, 0, 1]}, rng).ballot
        with pytest.raises(InvalidInput):
            s.box.cast(EID, forged)

        def append(events: list[dict[str, Any]], b: Json = forged) -> None:
            events.append({"payload": {"ballot": b, "replaces": None}, "prev": "", "seq": 0,
                           "type": "ballot"})  # fmt: skip

        failed = _failed(verify_record(MemorySource(_rechained(files, append))))
        expected = "ballots.credential" if cred is stranger else "ballots.signature"
        assert expected in failed, failed


def _reseal(events: list[dict[str, Any]]) -> None:
    """Keep ``open`` consistent with the edited list, so only the signature is wrong."""
    from suffrage.protocol.encoding import LABEL_VOTERS

    _, payload = _voter_list(events)
    for event in events:
        if event["type"] == "open":
            event["payload"]["voters"] = hash_object(LABEL_VOTERS, payload["voters"]).hex()


def test_server_mode_is_stated_by_the_verifier(services: Services) -> None:
    s = services
    open_election(s)
    report = verify_record(MemorySource(s.elections.record(EID)))
    assert report.valid, _failed(report)
    assert report.facts["credentials"] == "server"
    detail = "credentials generated by the server: eligibility rests on the server"
    assert report.facts["eligibility"] == detail
    assert report.get("voters.registrar").detail == detail
    other = manifest_json("other-2026")
    other["credentials"] = {"authority": "server"}
    s.elections.create(other)
    with pytest.raises(Conflict, match="generated by the server"):
        s.elections.upload_credentials("other-2026", {"voters": []})
