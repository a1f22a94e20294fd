"""Trustees and voters acting from outside the service, with the protocol's own functions."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from suffrage.crypto.group import Element, RandomSource
from suffrage.protocol.ballot import BallotContext, PreparedBallot, encrypt_ballot
from suffrage.protocol.ceremony.decryption import decryption_share_payload
from suffrage.protocol.ceremony.keys import TrusteeKeys, commitment_payload, dkg_parameters
from suffrage.protocol.credentials import credential_from_code
from suffrage.protocol.encoding import JsonObject
from suffrage.protocol.manifest import Manifest, parse_manifest
from suffrage.protocol.mixnet import MixStep, mix_share_step_payload, mix_step_payload, parse_rows
from suffrage.protocol.outcome_rule import OutcomeRule
from suffrage.protocol.tally import parse_tally
from trustee_identity import keyed, signed

CSV = """voter_id,name,email
v1,Ada Lovelace,ada@example.org
v2,Bo Diddley,bo@example.org
v3,Cy Young,cy@example.org
v4,Di Prima,di@example.org
v5,Ed Sheeran,ed@example.org
"""


def manifest_json(election_id: str = "council-2026") -> JsonObject:
    return keyed(_template(election_id))


def _template(election_id: str) -> JsonObject:
    return {
        "protocol": "suffrage/1",
        "id": election_id,
        "title": "Works council 2026",
        "contests": [
            {
                "id": "council",
                "title": "Council seats",
                "kind": "choose",
                "min": 0,
                "max": 2,
                "value_max": 1,
                "options": [
                    {"id": "ada", "title": "Ada"},
                    {"id": "bo", "title": "Bo"},
                    {"id": "cy", "title": "Cy"},
                ],
            }
        ],
        "styles": [{"id": "members", "title": "Members", "contests": ["council"]}],
        "trustees": [
            {"index": 1, "name": "Trustee A"},
            {"index": 2, "name": "Trustee B"},
            {"index": 3, "name": "Trustee C"},
        ],
        "threshold": 2,
    }


RANKED_CANDIDATES = ("ada", "bo", "cy", "di")


def ranked_manifest_json(election_id: str = "ranked-2026", seats: int = 2) -> JsonObject:
    """A secret STV council (rank 4 candidates, Scottish STV) and a yes/no question."""
    m = len(RANKED_CANDIDATES)
    rule = OutcomeRule("stv-scottish", seats, tie_seed="5eed").to_json()
    return keyed(
        {
            "protocol": "suffrage/1",
            "id": election_id,
            "title": "Works council 2026 (ranked)",
            "contests": [
                {
                    "id": "council",
                    "title": "Council: rank the candidates",
                    "kind": "rank",
                    "min": 1,
                    "max": m * (m + 1) // 2,
                    "value_max": m,
                    "options": [{"id": c, "title": c.title()} for c in RANKED_CANDIDATES],
                    "outcome": rule,
                },
                {
                    "id": "question",
                    "title": "Shorter weeks?",
                    "kind": "choose",
                    "min": 0,
                    "max": 1,
                    "value_max": 1,
                    "options": [{"id": "yes", "title": "Yes"}, {"id": "no", "title": "No"}],
                },
            ],
            "styles": [{"id": "members", "title": "Members", "contests": ["council", "question"]}],
            "trustees": [
                {"index": 1, "name": "Trustee A"},
                {"index": 2, "name": "Trustee B"},
                {"index": 3, "name": "Trustee C"},
            ],
            "threshold": 2,
        }
    )


class Trustees:
    """Three trustees that deal, exchange shares privately and decrypt."""

    def __init__(self, manifest: Manifest, rng: RandomSource) -> None:
        self.manifest = manifest
        self.rng = rng
        params = dkg_parameters(manifest)
        self.keys = {t.index: TrusteeKeys(params, t.index, rng) for t in manifest.trustees}

    def commitments(self) -> list[JsonObject]:
        return [
            self.sign("trustee_commitment", commitment_payload(k.commitment()))
            for k in self.keys.values()
        ]

    def sign(self, type_: str, payload: JsonObject) -> JsonObject:
        """``payload`` signed by the trustee it names."""
        return signed(self.manifest, type_, payload, self.rng)

    def attest(self, service: Any, eid: str, which: str, indices: Sequence[int]) -> None:
        """Trustees ``indices`` sign the ``open`` or ``close`` head through ``service``.

        ``service`` has ``elections`` and ``ceremonies`` (a test harness or the container).
        """
        records = service.elections.board(eid, 0, 100_000)
        head = next(r.hash for r in records if r.type == which)
        for i in indices:
            payload = self.attestation(i, which, head)
            service.ceremonies.post_trustee_event(eid, "attestation", payload)

    def attestation(self, index: int, which: str, head: str) -> JsonObject:
        """Trustee ``index``'s signature on the hash of the ``open`` or ``close`` event."""
        return self.sign("attestation", {"trustee": index, "phase": which, "head": head})

    def exchange_shares(self) -> None:
        commitments = {i: k.commitment() for i, k in self.keys.items()}
        for j, keys in self.keys.items():
            shares = [k.share_for(j) for k in self.keys.values()]
            assert keys.receive(commitments, shares) == []

    def decryption_share(self, index: int, tally: JsonObject) -> JsonObject:
        secret = self.keys[index].secret_share(sorted(self.keys))
        parsed = parse_tally(tally, self.manifest)
        payload = decryption_share_payload(self.manifest, index, secret, parsed, self.rng)
        return self.sign("decryption_share", payload)

    def mix_step(self, inp: JsonObject) -> MixStep:
        """The service's ``GET .../mixing/{contest}`` answer as a step of the protocol."""
        contest = self.manifest.contest(str(inp["contest"]))
        raw = inp["rows"]
        assert isinstance(raw, list) and isinstance(inp["round"], int)
        rows = parse_rows(raw, len(raw), len(contest.options), "rows")
        return MixStep(contest.id, inp["round"], str(inp["previous"]), rows)

    def mix(self, index: int, public_key: str, inp: JsonObject) -> JsonObject:
        """Trustee ``index`` shuffles the rows the service gave her, proves it and signs."""
        key = Element.from_hex(public_key)
        step = self.mix_step(inp)
        payload = mix_step_payload(key, self.manifest.hash_hex, step, index, self.rng)
        return self.sign("mix", payload)

    def mix_share(self, index: int, inp: JsonObject) -> JsonObject:
        """Trustee ``index``'s signed decryption shares of the rows of the last mix."""
        secret = self.keys[index].secret_share(sorted(self.keys))
        step = self.mix_step(inp)
        mh = self.manifest.hash_hex
        return self.sign("mix_share", mix_share_step_payload(mh, step, index, secret, self.rng))


def ranked_ballot(
    manifest: Mapping[str, object],
    public_key: str,
    code: str,
    ranks: Sequence[int],
    answer: Sequence[int],
    rng: RandomSource,
) -> PreparedBallot:
    """A ballot of :func:`ranked_manifest_json`: a rank per candidate, and the question."""
    m = parse_manifest(dict(manifest))  # type: ignore[arg-type]
    ctx = BallotContext(m, Element.from_hex(public_key))
    choices = {"council": list(ranks), "question": list(answer)}
    return encrypt_ballot(ctx, credential_from_code(code), "members", choices, rng)


def code_from_mail(body: str) -> str:
    match = re.search(r"#([0-9a-f]{64})", body)
    assert match, body
    return match.group(1)


def ballot(
    manifest: Mapping[str, object] | Manifest,
    public_key: str,
    code: str,
    choice: Sequence[int],
    rng: RandomSource,
) -> PreparedBallot:
    m = manifest if isinstance(manifest, Manifest) else parse_manifest(dict(manifest))  # type: ignore[arg-type]
    ctx = BallotContext(m, Element.from_hex(public_key))
    return encrypt_ballot(
        ctx, credential_from_code(code), "members", {"council": list(choice)}, rng
    )
