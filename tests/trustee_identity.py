"""Keys of test trustees and registrars, and helpers that sign as a trustee would.

Deterministic, so manifests in tests have stable hashes; every key is still a real
signing key, so the protocol and the verifier check real signatures.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from suffrage.crypto.group import RandomSource
from suffrage.protocol.election import Election
from suffrage.protocol.encoding import Json, JsonObject
from suffrage.protocol.identity import SigningKey, sign_trustee_payload
from suffrage.protocol.manifest import Manifest
from suffrage.protocol.simulation import seeded_rng


def trustee_key(index: int) -> SigningKey:
    """Trustee ``index``'s signing key (the same in every test)."""
    return SigningKey.generate(seeded_rng(b"test trustee %d" % index))


REGISTRAR = SigningKey.generate(seeded_rng(b"test registrar"))


def trustee_forms(n: int = 3) -> list[JsonObject]:
    """Trustees as the API's preset form takes them: name and public key."""
    return [
        {"name": f"Trustee {i}", "public_key": trustee_key(i).public.hex()} for i in range(1, n + 1)
    ]


def trustee_pairs(n: int = 3) -> tuple[tuple[str, str], ...]:
    """Trustees as the service's ``ElectionRequest`` takes them: (name, public key)."""
    return tuple((f"Trustee {i}", trustee_key(i).public.hex()) for i in range(1, n + 1))


def trustee_lines(n: int = 3) -> str:
    """Trustees as the admin page's preset form takes them: ``name, key`` per line."""
    return "\n".join(f"Trustee {i}, {trustee_key(i).public.hex()}" for i in range(1, n + 1))


def keyed(manifest: Mapping[str, Json], *, registrar: bool = False) -> JsonObject:
    """A manifest template with each trustee's public key, a nonce and the authority."""
    trustees = manifest["trustees"]
    assert isinstance(trustees, list)
    listed: list[Json] = []
    for t in trustees:
        assert isinstance(t, dict) and isinstance(t["index"], int)
        listed.append({**t, "public_key": trustee_key(t["index"]).public.hex()})
    nonce = hashlib.sha256(str(manifest["id"]).encode()).hexdigest()
    credentials: JsonObject = (
        {"authority": "registrar", "public_key": REGISTRAR.public.hex()}
        if registrar
        else {"authority": "server"}
    )
    return {**manifest, "trustees": listed, "nonce": nonce, "credentials": credentials}


def signed(manifest: Manifest, type_: str, payload: JsonObject, rng: RandomSource) -> JsonObject:
    """``payload`` signed by the trustee it names."""
    index = payload["trustee"]
    assert isinstance(index, int)
    return sign_trustee_payload(trustee_key(index), manifest.hash_hex, type_, payload, rng)


def post(election: Election, type_: str, payload: JsonObject, rng: RandomSource) -> None:
    """Post a trustee event on the protocol's machine, signed by its trustee."""
    election.post_trustee(type_, signed(election.manifest, type_, payload, rng))


def attest(election: Election, index: int, which: str, rng: RandomSource) -> None:
    """Trustee ``index`` signs the hash of the ``open`` or ``close`` event."""
    event = next(e for e in reversed(election.board.events) if e.type == which)
    post(election, "attestation", {"trustee": index, "phase": which, "head": event.hash.hex()}, rng)
