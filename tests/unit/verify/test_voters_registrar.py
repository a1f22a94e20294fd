"""The verifier's credential-authority checks: manifest field, voters.registrar, facts."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from suffrage.crypto.group import RandomSource
from suffrage.protocol.ceremony.keys import TrusteeKeys, commitment_payload, dkg_parameters
from suffrage.protocol.credentials import new_credential
from suffrage.protocol.election import Election
from suffrage.protocol.encoding import (
    LABEL_EVENT,
    LABEL_MANIFEST,
    ZERO_HASH,
    Json,
    canonical,
    hash_object,
)
from suffrage.protocol.identity import SigningKey, fingerprint
from suffrage.protocol.manifest import parse_manifest
from suffrage.protocol.record import record_files
from suffrage.protocol.registrar import sign_voter_list
from suffrage.protocol.simulation import seeded_rng
from suffrage.protocol.voters import Voter, build_voter_list
from suffrage.verify import MemorySource, VerificationReport, verify_record
from trustee_identity import keyed, post

Events = list[dict[str, Any]]


def _manifest(credentials: Json) -> dict[str, Json]:
    template: dict[str, Json] = {
        "protocol": "suffrage/1",
        "id": "registrar-test",
        "title": "Registrar test",
        "contests": [
            {
                "id": "q",
                "title": "Question",
                "kind": "choose",
                "min": 0,
                "max": 1,
                "value_max": 1,
                "options": [{"id": "yes", "title": "Yes"}, {"id": "no", "title": "No"}],
            }
        ],
        "styles": [{"id": "all", "title": "All", "contests": ["q"]}],
        "trustees": [{"index": 1, "name": "T1"}],
        "threshold": 1,
    }
    return {**keyed(template), "credentials": credentials}


def _record(key: SigningKey | None, rng: RandomSource) -> dict[str, bytes]:
    """An opened election with three voters, registrar-signed when ``key`` is given."""
    authority: Json = (
        {"authority": "server"}
        if key is None
        else {"authority": "registrar", "public_key": key.public.hex()}
    )
    manifest = parse_manifest(_manifest(authority))
    election = Election()
    election.setup(manifest)
    trustee = TrusteeKeys(dkg_parameters(manifest), 1, rng)
    post(election, "trustee_commitment", commitment_payload(trustee.commitment()), rng)
    election.post_joint_key()
    voters = build_voter_list(
        [Voter(new_credential(rng).public, "all", 1) for _ in range(3)], manifest
    )
    if key is not None:
        voters = sign_voter_list(key.secret, manifest, voters, rng)
    election.post_voter_list(voters)
    election.open()
    return record_files(election.board)


def _edited(files: dict[str, bytes], edit: Callable[[Events], None]) -> dict[str, bytes]:
    events = [json.loads(line) for line in files["board.jsonl"].splitlines()]
    edit(events)
    prev, lines = ZERO_HASH, []
    for i, event in enumerate(events):
        event["seq"], event["prev"] = i, prev
        prev = hash_object(LABEL_EVENT, event).hex()
        lines.append(canonical(event) + b"\n")
    manifest = events[0]["payload"]["manifest"]
    mh = hash_object(LABEL_MANIFEST, manifest).hex()
    head = {"events": len(events), "head": prev, "manifest": mh, "protocol": "suffrage/1"}
    return {
        "board.jsonl": b"".join(lines),
        "manifest.json": canonical(manifest) + b"\n",
        "head.json": canonical(head) + b"\n",
    }


def _failed(report: VerificationReport) -> dict[str, list[str]]:
    return {c.id: [str(f) for f in c.failures] for c in report.failed}


@pytest.fixture
def key(rng: RandomSource) -> SigningKey:
    return SigningKey.generate(rng)


def test_registrar_record_passes_and_names_the_key(key: SigningKey) -> None:
    report = verify_record(MemorySource(_record(key, seeded_rng(b"a"))))
    assert report.valid, _failed(report)
    assert report.facts["credentials"] == "registrar"
    assert report.facts["registrar_key"] == fingerprint(key.public)


def test_a_dropped_signature_fails_the_registrar_check(key: SigningKey) -> None:
    def drop(events: Events) -> None:
        del events[3]["payload"]["signature"]

    files = _edited(_record(key, seeded_rng(b"b")), drop)
    failed = _failed(verify_record(MemorySource(files)))
    assert failed == {
        "voters.registrar": ["event 3 (voter_list): no registrar signature on the voter list"]
    }


def test_a_signature_by_another_key_fails(key: SigningKey, rng: RandomSource) -> None:
    other = _record(SigningKey.generate(rng), seeded_rng(b"c"))  # same list shape, other key
    sig = json.loads(other["board.jsonl"].splitlines()[3])["payload"]["signature"]

    def swap(events: Events) -> None:
        events[3]["payload"]["signature"] = sig

    failed = _failed(verify_record(MemorySource(_edited(_record(key, seeded_rng(b"c")), swap))))
    assert list(failed) == ["voters.registrar"]
    assert "registrar signature fails" in failed["voters.registrar"][0]


def test_a_server_mode_list_takes_no_signature(rng: RandomSource) -> None:
    files = _record(None, seeded_rng(b"d"))
    report = verify_record(MemorySource(files))
    assert report.valid and report.facts["credentials"] == "server"

    def sign(events: Events) -> None:
        events[3]["payload"]["signature"] = "00" * 64

    failed = _failed(verify_record(MemorySource(_edited(files, sign))))
    assert "voters.list" in failed and "voters.registrar" not in failed
    assert "unknown field 'signature'" in failed["voters.list"][0]


@pytest.mark.parametrize(
    "credentials",
    [{"authority": "bogus"}, {"authority": "registrar"}, {"authority": "server", "x": 1}],
)
def test_a_bad_credentials_field_fails_the_manifest(credentials: Json) -> None:
    def edit(events: Events) -> None:
        events[0]["payload"]["manifest"]["credentials"] = credentials

    failed = _failed(verify_record(MemorySource(_edited(_record(None, seeded_rng(b"e")), edit))))
    assert "manifest.valid" in failed
    assert "manifest.credentials" in failed["manifest.valid"][0]
