"""Secret contests through :mod:`suffrage.protocol`: encrypted ballots and a verifiable record.

Each secret contest is its own election: three trustees run the key ceremony (any two
decrypt), every elector on the roll gets a credential, the voters' marks are encrypted
with proofs and cast on the board, the encrypted tally is decrypted by two trustees, and
the record files (``manifest.json``, ``board.jsonl``, ``head.json``) are what
``suffrage verify`` checks. Only the totals per option leave the box.
"""

from __future__ import annotations

from collections.abc import Sequence

from suffrage.crypto.group import RandomSource
from suffrage.errors import ScenarioError
from suffrage.protocol.ballot import encrypt_ballot
from suffrage.protocol.ceremony.decryption import decryption_share_payload
from suffrage.protocol.credentials import credential_from_code, issue_credentials
from suffrage.protocol.election import Election
from suffrage.protocol.encoding import Json, JsonObject
from suffrage.protocol.identity import SigningKey
from suffrage.protocol.record import record_files
from suffrage.protocol.simulation import (
    complete_manifest,
    run_key_ceremony,
    seeded_rng,
    trustee_attest,
    trustee_post,
)
from suffrage.protocol.voters import Voter, build_voter_list
from suffrage.service.scenario.contests import ContestSpec, SecretBox

__all__ = ["protocol_box"]

_TRUSTEES = 3
_THRESHOLD = 2
_STYLE = "electors"


def protocol_box(seed: str) -> SecretBox:
    """A :data:`SecretBox` whose randomness derives from ``seed`` and the contest id."""

    def box(
        spec: ContestSpec,
        roll: Sequence[tuple[str, int]],
        marks: Sequence[tuple[str, tuple[str, ...]]],
    ) -> tuple[dict[str, int], dict[str, bytes]]:
        rng = seeded_rng(f"{seed}/{spec.id}/{spec.title}".encode())
        return run_secret_contest(spec, roll, marks, rng)

    return box


def run_secret_contest(
    spec: ContestSpec,
    roll: Sequence[tuple[str, int]],
    marks: Sequence[tuple[str, tuple[str, ...]]],
    rng: RandomSource,
) -> tuple[dict[str, int], dict[str, bytes]]:
    """Hold one encrypted election for ``spec``; return totals per option and the record."""
    options = spec.options
    signing = {i: SigningKey.generate(rng) for i in range(1, _TRUSTEES + 1)}
    manifest = complete_manifest(_manifest(spec), signing, rng(32), None)
    election = Election()
    election.setup(manifest)
    keys = run_key_ceremony(election, signing, rng)
    ids = [voter for voter, _ in roll]
    if not ids:
        raise ScenarioError(f"contest {spec.id}: nobody is on the roll")
    issued = issue_credentials(ids, rng)
    voters = [Voter(issued.public[v], _STYLE, w) for v, w in roll]
    election.post_voter_list(build_voter_list(voters, manifest))
    election.open()
    for trustee in range(1, _THRESHOLD + 1):
        trustee_attest(election, trustee, signing[trustee], "open", rng)
    index = {o: k for k, o in enumerate(options)}
    for voter, chosen in marks:
        values = [0] * len(options)
        for option in chosen:
            values[index[option]] = 1
        credential = credential_from_code(issued.codes[voter])
        prepared = encrypt_ballot(election.ballot_context, credential, _STYLE, {"c": values}, rng)
        election.cast(prepared.ballot)
    election.close()
    election.post_tally()
    qualified = election.joint_key.qualified
    for trustee in range(1, _THRESHOLD + 1):
        secret = keys[trustee].secret_share(qualified)
        trustee_attest(election, trustee, signing[trustee], "close", rng)
        share = decryption_share_payload(manifest, trustee, secret, election.tally, rng)
        trustee_post(election, signing[trustee], "decryption_share", share, rng)
    _, counts = election.publish_result()
    totals = {o: counts["c"][k] for o, k in index.items()}
    return totals, record_files(election.board)


def _manifest(spec: ContestSpec) -> JsonObject:
    options: list[Json] = [
        {"id": f"o{k + 1}", "title": name[:200]} for k, name in enumerate(spec.options)
    ]
    contest: Json = {
        "id": "c",
        "title": spec.title[:200],
        "kind": "choose",
        "min": 1,
        "max": 1,
        "value_max": 1,
        "options": options,
    }
    return {
        "protocol": "suffrage/1",
        "id": spec.id,
        "title": f"{spec.title} (secret ballot)"[:200],
        "contests": [contest],
        "styles": [{"id": _STYLE, "title": "Electors", "contests": ["c"]}],
        "trustees": [{"index": i, "name": f"Trustee {i}"} for i in range(1, _TRUSTEES + 1)],
        "threshold": _THRESHOLD,
    }
