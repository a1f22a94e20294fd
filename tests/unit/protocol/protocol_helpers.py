"""Helpers for the protocol tests: a small election with two contests, two styles, 3 trustees."""

from __future__ import annotations

from dataclasses import dataclass

from suffrage.crypto.group import RandomSource
from suffrage.protocol.ceremony.keys import TrusteeKeys, commitment_payload, dkg_parameters
from suffrage.protocol.credentials import Credential, new_credential
from suffrage.protocol.election import Election
from suffrage.protocol.encoding import Json
from suffrage.protocol.manifest import Manifest
from suffrage.protocol.voters import Voter, build_voter_list
from trustee_identity import attest, keyed, post


def manifest_json() -> dict[str, Json]:
    return keyed(_template())


def _template() -> dict[str, Json]:
    return {
        "protocol": "suffrage/1",
        "id": "test-election",
        "title": "Test election",
        "contests": [
            {
                "id": "council",
                "title": "Council",
                "kind": "choose",
                "min": 0,
                "max": 2,
                "value_max": 1,
                "options": [
                    {"id": "a", "title": "A"},
                    {"id": "b", "title": "B"},
                    {"id": "c", "title": "C"},
                ],
            },
            {
                "id": "budget",
                "title": "Budget points",
                "kind": "score",
                "min": 0,
                "max": 4,
                "value_max": 3,
                "options": [{"id": "x", "title": "X"}, {"id": "y", "title": "Y"}],
            },
        ],
        "styles": [
            {"id": "north", "title": "North", "contests": ["council", "budget"]},
            {"id": "south", "title": "South", "contests": ["council"]},
        ],
        "trustees": [
            {"index": 1, "name": "T1"},
            {"index": 2, "name": "T2"},
            {"index": 3, "name": "T3"},
        ],
        "threshold": 2,
    }


@dataclass
class Setup:
    election: Election
    trustees: dict[int, TrusteeKeys]
    creds: list[Credential]
    styles: list[str]


def run_ceremony(election: Election, rng: RandomSource) -> dict[int, TrusteeKeys]:
    params = dkg_parameters(election.manifest)
    keys = {t.index: TrusteeKeys(params, t.index, rng) for t in election.manifest.trustees}
    for k in keys.values():
        post(election, "trustee_commitment", commitment_payload(k.commitment()), rng)
    commitments = {i: k.commitment() for i, k in keys.items()}
    for j, k in keys.items():
        assert k.receive(commitments, [d.share_for(j) for d in keys.values()]) == []
    election.post_joint_key()
    return keys


def open_election(manifest: Manifest, rng: RandomSource, voters: list[tuple[str, int]]) -> Setup:
    """Setup, key ceremony, voter list (style, weight) and open."""
    election = Election()
    election.setup(manifest)
    keys = run_ceremony(election, rng)
    creds = [new_credential(rng) for _ in voters]
    roll = [Voter(c.public, st, w) for c, (st, w) in zip(creds, voters, strict=True)]
    election.post_voter_list(build_voter_list(roll, manifest))
    election.open()
    for i in keys:
        attest(election, i, "open", rng)
    return Setup(election, keys, creds, [st for st, _ in voters])
