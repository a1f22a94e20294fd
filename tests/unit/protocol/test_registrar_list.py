"""The registrar's signed voter list (docs/protocol.md 7.6): signing, reading, refusing."""

from __future__ import annotations

import copy
import hashlib
import re

import pytest
from protocol_helpers import manifest_json, run_ceremony

from suffrage.crypto.group import Element, RandomSource
from suffrage.errors import InvalidProof, ProtocolError
from suffrage.protocol.credentials import new_credential
from suffrage.protocol.election import Election
from suffrage.protocol.encoding import Json, canonical, parse_canonical
from suffrage.protocol.identity import SigningKey, fingerprint
from suffrage.protocol.manifest import Manifest, parse_manifest
from suffrage.protocol.registrar import (
    credentials_document,
    read_credentials_document,
    replace_credential,
    revocation_document,
    sign_voter_list,
    verify_revocation,
    verify_voter_list,
    voter_list_message,
)
from suffrage.protocol.voters import Voter, VoterList, build_voter_list, parse_voter_list


def registrar_manifest(key: Element, election_id: str = "test-election") -> Manifest:
    m = manifest_json()
    m["id"] = election_id
    m["credentials"] = {"authority": "registrar", "public_key": key.hex()}
    return parse_manifest(m)


def server_manifest() -> Manifest:
    m = manifest_json()
    m["credentials"] = {"authority": "server"}
    return parse_manifest(m)


@pytest.fixture
def key(rng: RandomSource) -> SigningKey:
    return SigningKey.generate(rng)


def _voters(manifest: Manifest, rng: RandomSource, n: int = 4) -> VoterList:
    styles = ["north", "south"]
    voters = [Voter(new_credential(rng).public, styles[k % 2], 1 + k) for k in range(n)]
    return build_voter_list(voters, manifest)


def _signed_document(manifest: Manifest, key: SigningKey, rng: RandomSource) -> dict[str, Json]:
    return credentials_document(
        manifest, sign_voter_list(key.secret, manifest, _voters(manifest, rng), rng)
    )


def test_fingerprint_is_the_spec_hash_in_five_groups(key: SigningKey) -> None:
    text = fingerprint(key.public)
    assert re.fullmatch(r"[0-9a-f]{4}( [0-9a-f]{4}){4}", text)
    label = b"suffrage/1/fingerprint"
    digest = hashlib.sha256(len(label).to_bytes(8, "big") + label + key.public.to_bytes())
    assert text.replace(" ", "") == digest.hexdigest()[:20]
    assert fingerprint(Element.generator()) != text


def test_signed_list_verifies_and_binds_the_manifest(key: SigningKey, rng: RandomSource) -> None:
    manifest = registrar_manifest(key.public)
    signed = sign_voter_list(key.secret, manifest, _voters(manifest, rng), rng)
    verify_voter_list(key.public, manifest.hash_hex, signed)
    other = registrar_manifest(key.public, "other-election")
    with pytest.raises(InvalidProof, match="registrar signature fails"):
        verify_voter_list(key.public, other.hash_hex, signed)
    with pytest.raises(InvalidProof, match="registrar signature fails"):
        verify_voter_list(SigningKey.generate(rng).public, manifest.hash_hex, signed)
    assert voter_list_message(manifest.hash_hex, signed.voters_json()) != voter_list_message(
        other.hash_hex, signed.voters_json()
    )


def test_document_round_trip(key: SigningKey, rng: RandomSource) -> None:
    manifest = registrar_manifest(key.public)
    document = _signed_document(manifest, key, rng)
    text = canonical(document)
    upload = read_credentials_document(parse_canonical(text), manifest)
    assert upload.ok and upload.voters is not None
    assert upload.voters.payload() == {
        "signature": document["signature"],
        "voters": document["voters"],
    }
    assert upload.voters.hash == _hash_of(document)


def _hash_of(document: dict[str, Json]) -> bytes:
    from suffrage.protocol.encoding import LABEL_VOTERS, hash_object

    return hash_object(LABEL_VOTERS, document["voters"])


def _problems(document: Json, manifest: Manifest) -> list[tuple[str, str]]:
    upload = read_credentials_document(document, manifest)
    assert not upload.ok and upload.voters is None
    return [(p.item, p.message) for p in upload.problems]


def test_a_list_altered_after_signing_is_refused(key: SigningKey, rng: RandomSource) -> None:
    manifest = registrar_manifest(key.public)
    document = _signed_document(manifest, key, rng)
    heavier = copy.deepcopy(document)
    heavier["voters"][0]["weight"] = 1000  # type: ignore[index,call-overload]
    assert _problems(heavier, manifest)[0][0] == "signature"
    assert "registrar signature fails" in _problems(heavier, manifest)[0][1]
    stuffed = copy.deepcopy(document)
    extra = {"credential": new_credential(rng).public.hex(), "style": "north", "weight": 1}
    voters = [*stuffed["voters"], extra]  # type: ignore[misc]
    stuffed["voters"] = sorted(voters, key=lambda v: str(v["credential"]))  # type: ignore[index]
    assert [item for item, _ in _problems(stuffed, manifest)] == ["signature"]
    dropped = copy.deepcopy(document)
    dropped["voters"] = dropped["voters"][1:]  # type: ignore[index]
    assert [item for item, _ in _problems(dropped, manifest)] == ["signature"]


def test_every_problem_is_listed_per_entry(key: SigningKey, rng: RandomSource) -> None:
    manifest = registrar_manifest(key.public)
    document = _signed_document(manifest, key, rng)
    bad = copy.deepcopy(document)
    bad["manifest"] = "00" * 32
    bad["format"] = "suffrage-credentials/0"
    voters: list[dict[str, Json]] = bad["voters"]  # type: ignore[assignment]
    voters[0]["style"] = "west"
    voters[1]["weight"] = 0
    voters[2], voters[3] = voters[3], voters[2]
    found = _problems(bad, manifest)
    items = [item for item, _ in found]
    assert items == ["format", "manifest", "voters[0]", "voters[1]", "voters[3]"]
    assert "style 'west' is not a style" in found[2][1]
    assert "weight: 0 is outside 1..1000000" in found[3][1]
    assert "out of order" in found[4][1]
    assert _problems({"voters": []}, manifest)[0][0] == "public-credentials.json"


def test_a_server_mode_election_takes_no_registrar_list(key: SigningKey, rng: RandomSource) -> None:
    document = _signed_document(registrar_manifest(key.public), key, rng)
    manifest = server_manifest()
    document["manifest"] = manifest.hash_hex
    messages = [m for _, m in _problems(document, manifest)]
    assert any("generated by the server" in m for m in messages)


def _keyed(manifest: Manifest, rng: RandomSource) -> Election:
    election = Election()
    election.setup(manifest)
    run_ceremony(election, rng)
    return election


def test_the_board_takes_only_the_registrars_list(key: SigningKey, rng: RandomSource) -> None:
    manifest = registrar_manifest(key.public)
    unsigned = _voters(manifest, rng)
    with pytest.raises(ProtocolError, match="no registrar signature"):
        _keyed(manifest, rng).post_voter_list(unsigned)
    forged = sign_voter_list(SigningKey.generate(rng).secret, manifest, unsigned, rng)
    with pytest.raises(ProtocolError, match="not the registrar's"):
        _keyed(manifest, rng).post_voter_list(forged)
    signed = sign_voter_list(key.secret, manifest, unsigned, rng)
    election = _keyed(manifest, rng)
    event = election.post_voter_list(signed)
    assert event.payload["signature"] == signed.signature.hex()  # type: ignore[union-attr]
    again = parse_voter_list(event.payload, manifest)
    assert again == signed and again.signature == signed.signature
    election.open()


def test_a_server_mode_board_takes_no_signature(key: SigningKey, rng: RandomSource) -> None:
    manifest = server_manifest()
    voters = _voters(manifest, rng)
    with pytest.raises(ProtocolError, match="generated by the server"):
        _keyed(manifest, rng).post_voter_list(sign_voter_list(key.secret, manifest, voters, rng))
    event = _keyed(manifest, rng).post_voter_list(voters)
    assert set(event.payload) == {"voters"}


def test_reissue_replaces_one_credential_and_signs_a_revocation(
    key: SigningKey, rng: RandomSource
) -> None:
    manifest = registrar_manifest(key.public)
    voters = _voters(manifest, rng)
    old = voters.voters[2]
    new = new_credential(rng).public
    replaced = replace_credential(voters, old.credential, new, manifest)
    assert old.credential.hex() not in replaced.by_credential
    assert replaced.voter(new.hex()) == Voter(new, old.style, old.weight)
    assert len(replaced.voters) == len(voters.voters)
    with pytest.raises(ProtocolError, match="already on the voter list"):
        replace_credential(voters, old.credential, voters.voters[0].credential, manifest)
    note = revocation_document(key.secret, manifest, 1, old.credential, new, rng)
    assert note["revoked"] == old.credential.hex() and note["credential"] == new.hex()
    verify_revocation(note, key.public, manifest)
    tampered = dict(note, credential=new_credential(rng).public.hex())
    with pytest.raises(InvalidProof):
        verify_revocation(tampered, key.public, manifest)
    with pytest.raises(InvalidProof):
        verify_revocation(note, SigningKey.generate(rng).public, manifest)
