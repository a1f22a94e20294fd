"""Secret contests through :mod:`suffrage.protocol`: encrypted ballots and a verifiable record.

Each secret contest is its own election: three trustees run the key ceremony (any two
decrypt), every elector on the roll gets a credential, the voters' marks are encrypted
with proofs and cast on the board, the encrypted tally is decrypted by two trustees, and
the record files (``manifest.json``, ``board.jsonl``, ``head.json``) are what
``suffrage verify`` checks. Only the totals per option leave the box; for ranked ballots,
which two trustees mix before they decrypt them one by one (docs/protocol.md 7.16), the
rankings the record publishes (in mixed order, linked to nobody) leave it too.
"""

from __future__ import annotations

from collections.abc import Sequence

from suffrage.crypto.group import RandomSource
from suffrage.errors import ProtocolError, ScenarioError
from suffrage.protocol.ballot import encrypt_ballot
from suffrage.protocol.ceremony.decryption import decryption_share_payload
from suffrage.protocol.ceremony.keys import TrusteeKeys
from suffrage.protocol.credentials import credential_from_code, issue_credentials
from suffrage.protocol.election import Election
from suffrage.protocol.encoding import Json, JsonObject
from suffrage.protocol.identity import SigningKey
from suffrage.protocol.mixnet import mix_share_payload
from suffrage.protocol.ranked import ranking_values
from suffrage.protocol.record import record_files
from suffrage.protocol.simulation import (
    complete_manifest,
    run_key_ceremony,
    seeded_rng,
    trustee_attest,
    trustee_mix,
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
    ) -> tuple[dict[str, int], dict[str, bytes], list[tuple[str, ...]] | None]:
        rng = seeded_rng(f"{seed}/{spec.id}/{spec.title}".encode())
        return run_secret_contest(spec, roll, marks, rng)

    return box


def run_secret_contest(
    spec: ContestSpec,
    roll: Sequence[tuple[str, int]],
    marks: Sequence[tuple[str, tuple[str, ...]]],
    rng: RandomSource,
) -> tuple[dict[str, int], dict[str, bytes], list[tuple[str, ...]] | None]:
    """Hold one encrypted election for ``spec``; return totals per option, the record and
    (ranked ballots) the published rankings."""
    ranked = spec.ballot.kind == "ranked"
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
    try:
        election.post_voter_list(build_voter_list(voters, manifest))
    except ProtocolError as exc:
        raise ScenarioError(f"contest {spec.id}: {exc}") from None
    election.open()
    for trustee in range(1, _THRESHOLD + 1):
        trustee_attest(election, trustee, signing[trustee], "open", rng)
    index = {o: k for k, o in enumerate(options)}
    for voter, chosen in marks:
        order = [index[option] for option in chosen]
        values = ranking_values(order, len(options)) if ranked else _marks(order, len(options))
        credential = credential_from_code(issued.codes[voter])
        prepared = encrypt_ballot(election.ballot_context, credential, _STYLE, {"c": values}, rng)
        election.cast(prepared.ballot)
    election.close()
    election.post_tally()
    qualified = election.joint_key.qualified
    trustees = range(1, _THRESHOLD + 1)
    for trustee in trustees:
        secret = keys[trustee].secret_share(qualified)
        trustee_attest(election, trustee, signing[trustee], "close", rng)
        share = decryption_share_payload(manifest, trustee, secret, election.tally, rng)
        trustee_post(election, signing[trustee], "decryption_share", share, rng)
    if ranked and election.mix_chain("c").inputs:
        _mix_and_decrypt(election, keys, signing, rng)
    _, counts = election.publish_result()
    if not ranked:
        totals = {o: counts["c"][k] for o, k in index.items()}
        return totals, record_files(election.board), None
    rankings = _published_rankings(election, options)
    totals = {o: sum(1 for r in rankings if o in r) for o in options}
    return totals, record_files(election.board), rankings


def _marks(order: Sequence[int], width: int) -> list[int]:
    values = [0] * width
    for k in order:
        values[k] = 1
    return values


def _mix_and_decrypt(
    election: Election,
    keys: dict[int, TrusteeKeys],
    signing: dict[int, SigningKey],
    rng: RandomSource,
) -> None:
    """Trustees 1..t mix the ranked contest in turn, then each decrypts the last mix."""
    trustees = range(1, _THRESHOLD + 1)
    for trustee in trustees:
        trustee_mix(election, trustee, signing[trustee], "c", rng)
    mh, qualified = election.manifest.hash_hex, election.joint_key.qualified
    for trustee in trustees:
        secret = keys[trustee].secret_share(qualified)
        payload = mix_share_payload(mh, election.mix_chain("c"), trustee, secret, rng)
        trustee_post(election, signing[trustee], "mix_share", payload, rng)


def _published_rankings(election: Election, options: Sequence[str]) -> list[tuple[str, ...]]:
    """The rankings the record's result publishes, as option names (7.16.4)."""
    result = election.board.events[-1].payload
    rows = result["contests"]
    assert isinstance(rows, list)
    row = next(r for r in rows if isinstance(r, dict) and r["contest"] == "c")
    names = {f"o{k + 1}": name for k, name in enumerate(options)}
    published = row["rankings"]
    assert isinstance(published, list)
    return [tuple(names[str(o)] for o in r) for r in published if isinstance(r, list)]


def _manifest(spec: ContestSpec) -> JsonObject:
    options: list[Json] = [
        {"id": f"o{k + 1}", "title": name[:200]} for k, name in enumerate(spec.options)
    ]
    m = len(options)
    ranked = spec.ballot.kind == "ranked"  # a rank 1..m per option, mixed (7.16)
    contest: Json = {
        "id": "c",
        "title": spec.title[:200],
        "kind": "rank" if ranked else "choose",
        "min": 1,
        "max": m * (m + 1) // 2 if ranked else 1,
        "value_max": m if ranked else 1,
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
