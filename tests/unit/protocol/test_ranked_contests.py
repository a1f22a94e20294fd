"""Ranked contests (docs/protocol.md 7.16): the manifest kind, rankings, mixes on the board,
their decryption and the STV outcome in the result."""

from __future__ import annotations

from collections import Counter

import pytest
from protocol_helpers import run_ceremony

from suffrage.crypto.group import RandomSource
from suffrage.errors import (
    IllegalTransition,
    InvalidEncoding,
    InvalidProof,
    ManifestError,
    ProtocolError,
)
from suffrage.protocol.ballot import encrypt_ballot
from suffrage.protocol.credentials import new_credential
from suffrage.protocol.election import Election
from suffrage.protocol.encoding import Json, JsonObject
from suffrage.protocol.manifest import parse_manifest
from suffrage.protocol.mixnet import mix_payload, mix_share_payload
from suffrage.protocol.outcome_rule import OutcomeRule
from suffrage.protocol.ranked import ranking_of, ranking_values
from suffrage.protocol.voters import Voter, build_voter_list
from suffrage.verify.model import parse_manifest as verifier_manifest
from trustee_identity import attest, keyed, post

SEED = "cd" * 16
IDS = ["a", "b", "c", "d"]


def _template(rule: Json = None, *, value_max: int = 4) -> JsonObject:
    contest: JsonObject = {
        "id": "council",
        "title": "Council",
        "kind": "rank",
        "min": 1,
        "max": 10,
        "value_max": value_max,
        "options": [{"id": x, "title": x.upper()} for x in IDS],
    }
    if rule is not None:
        contest["outcome"] = rule
    return keyed(
        {
            "protocol": "suffrage/1",
            "id": "ranked",
            "title": "Ranked",
            "contests": [contest],
            "styles": [{"id": "all", "title": "All", "contests": ["council"]}],
            "trustees": [{"index": i, "name": f"T{i}"} for i in (1, 2, 3)],
            "threshold": 2,
        }
    )


def _stv(seats: int = 2) -> JsonObject:
    return OutcomeRule("stv-scottish", seats, tie_seed=SEED).to_json()


def test_both_readers_accept_a_rank_contest_with_a_ranked_rule() -> None:
    raw = _template(_stv())
    assert parse_manifest(raw).contests[0].kind == "rank"
    assert verifier_manifest(raw).contests[0].rule is not None


@pytest.mark.parametrize(
    ("rule", "value_max"),
    [
        (None, 3),  # value_max must be the number of options
        (OutcomeRule("plurality", 1, tie_seed=SEED).to_json(), 4),  # not a ranked method
        (OutcomeRule("schulze", 2, tie_seed=SEED).to_json(), 4),  # single-winner: 1 seat
        (OutcomeRule("stv-scottish", 5, tie_seed=SEED).to_json(), 4),  # more seats than options
    ],
)
def test_both_readers_reject_a_bad_rank_contest(rule: Json, value_max: int) -> None:
    raw = _template(rule, value_max=value_max)
    with pytest.raises(ManifestError):
        parse_manifest(raw)
    with pytest.raises(InvalidEncoding):
        verifier_manifest(raw)


def test_a_ranked_method_on_a_choose_contest_is_refused() -> None:
    raw = _template(_stv())
    contest = raw["contests"][0]  # type: ignore[index]
    contest.update({"kind": "choose", "value_max": 1, "min": 0, "max": 1})  # type: ignore[union-attr]
    with pytest.raises(ManifestError, match="outcome"):
        parse_manifest(raw)
    with pytest.raises(InvalidEncoding):
        verifier_manifest(raw)


@pytest.mark.parametrize(
    ("values", "order"),
    [
        ([2, 0, 1, 3], (2, 0, 3)),
        ([0, 1, 0, 0], (1,)),
        ([4, 3, 2, 1], (3, 2, 1, 0)),
        ([0, 0, 0, 0], None),  # nothing ranked
        ([1, 1, 0, 0], None),  # a rank twice
        ([1, 3, 0, 0], None),  # rank 2 skipped
        ([2, 0, 0, 0], None),  # no rank 1
    ],
)
def test_ranking_of_reads_valid_rankings_only(values: list[int], order: tuple[int, ...]) -> None:
    assert ranking_of(values) == order
    if order is not None:
        assert ranking_values(order, 4) == values


def test_a_weighted_voter_of_a_ranked_contest_is_refused(rng: RandomSource) -> None:
    manifest = parse_manifest(_template(_stv()))
    election = Election()
    election.setup(manifest)
    run_ceremony(election, rng)
    roll = [Voter(new_credential(rng).public, "all", w) for w in (1, 2)]
    with pytest.raises(ProtocolError, match="weight 1"):
        election.post_voter_list(build_voter_list(roll, manifest))


def _voted(rng: RandomSource, ballots: list[list[int]]) -> tuple[Election, dict[int, object]]:
    manifest = parse_manifest(_template(_stv()))
    election = Election()
    election.setup(manifest)
    keys = run_ceremony(election, rng)
    creds = [new_credential(rng) for _ in ballots]
    election.post_voter_list(build_voter_list([Voter(c.public, "all", 1) for c in creds], manifest))
    election.open()
    for i in keys:
        attest(election, i, "open", rng)
    for cred, values in zip(creds, ballots, strict=True):
        prepared = encrypt_ballot(election.ballot_context, cred, "all", {"council": values}, rng)
        election.cast(prepared.ballot)
    election.close()
    election.post_tally()
    for i in keys:
        attest(election, i, "close", rng)
    return election, dict(keys)


BALLOTS = [[1, 2, 0, 0], [1, 0, 2, 0], [0, 1, 2, 3], [2, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 0]]


def _mix(election: Election, trustee: int, rng: RandomSource) -> JsonObject:
    chain = election.mix_chain("council")
    return mix_payload(election.joint_key.public_key, election.manifest.hash_hex, chain, trustee,
                       rng)  # fmt: skip


def _share(
    election: Election, keys: dict[int, object], trustee: int, rng: RandomSource
) -> JsonObject:
    secret = keys[trustee].secret_share(election.joint_key.qualified)  # type: ignore[attr-defined]
    chain = election.mix_chain("council")
    return mix_share_payload(election.manifest.hash_hex, chain, trustee, secret, rng)


def _decrypt_tally(election: Election, keys: dict[int, object], rng: RandomSource) -> None:
    from suffrage.protocol.ceremony.decryption import decryption_share_payload

    for i in (1, 2):
        secret = keys[i].secret_share(election.joint_key.qualified)  # type: ignore[attr-defined]
        payload = decryption_share_payload(election.manifest, i, secret, election.tally, rng)
        post(election, "decryption_share", payload, rng)


def test_mixed_ballots_decrypt_to_the_cast_rankings_and_stv_counts_them(
    rng: RandomSource,
) -> None:
    election, keys = _voted(rng, BALLOTS)
    for i in (2, 1):  # any order of mixers
        post(election, "mix", _mix(election, i, rng), rng)
    for i in (1, 3):
        post(election, "mix_share", _share(election, keys, i, rng), rng)
    _decrypt_tally(election, keys, rng)
    event, counts = election.publish_result()
    row = event.payload["contests"][0]  # type: ignore[index]
    cast = [ranking_of(v) for v in BALLOTS]
    want = Counter(tuple(IDS[j] for j in o) for o in cast if o is not None)
    assert Counter(tuple(r) for r in row["rankings"]) == want  # type: ignore[index]
    assert row["invalid"] == [[1, 1, 0, 0]]  # type: ignore[index]
    assert counts["council"] == [sum(col) for col in zip(*BALLOTS, strict=True)]
    outcome = row["outcome"]  # type: ignore[index]
    assert outcome["votes"] == 5 and outcome["cast"] == 6 and outcome["method"] == "stv-scottish"
    assert outcome["elected"] == ["a", "b"]  # a: 3 firsts of 5, quota 2; b then leads
    assert outcome["decision"] == "elected"


def test_mix_rules_on_the_board(rng: RandomSource) -> None:
    election, keys = _voted(rng, BALLOTS)
    first = _mix(election, 1, rng)
    post(election, "mix", first, rng)
    with pytest.raises(ProtocolError, match="already mixed"):
        post(election, "mix", _mix(election, 1, rng), rng)
    with pytest.raises(ProtocolError, match="fewer than t"):
        post(election, "mix_share", _share(election, keys, 1, rng), rng)
    bad = _mix(election, 2, rng)
    rows = bad["outputs"]
    assert isinstance(rows, list) and isinstance(rows[0], list)
    rows[0][1] = first["outputs"][0][1]  # type: ignore[index]
    with pytest.raises(InvalidProof, match="t4_alpha"):
        post(election, "mix", bad, rng)
    stale = _mix(election, 3, rng)
    post(election, "mix", _mix(election, 2, rng), rng)
    with pytest.raises(ProtocolError, match="round"):
        post(election, "mix", stale, rng)  # built on round 1's inputs, now round 2
    post(election, "mix_share", _share(election, keys, 1, rng), rng)
    with pytest.raises(ProtocolError, match="decryption of its mix has begun"):
        post(election, "mix", _mix(election, 3, rng), rng)
    _decrypt_tally(election, keys, rng)
    with pytest.raises(IllegalTransition, match="t mixes and t shares"):
        election.publish_result()
