"""The booth's ranked ballots, made by its own JavaScript, in a whole election checked in Python.

``node tests/js/booth_ranked.mjs`` encrypts each voter's ranking as the booth does (with its
own random source, so nothing is replayed from Python) and reads a set of rank vectors as
the booth's ranking field does. Python then casts those ballots and one audit on the
protocol's board, closes, mixes with two trustees, decrypts and publishes, and the
independent verifier (``suffrage.verify``) checks the whole record: the booth's range and
sum proofs, the audit's reveal, the shuffles and the decryptions. The published rankings are
the ones the voters made. The booth calls a vector a valid ranking exactly when the
protocol's reading (7.16.1) does, and lists its candidates in the same order.
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from test_booth_crypto import _node

from election_actors import ranked_manifest_json
from suffrage.adapters.web.i18n import load_catalogues
from suffrage.crypto.group import RandomSource
from suffrage.protocol.ceremony.decryption import decryption_share_payload
from suffrage.protocol.ceremony.keys import TrusteeKeys
from suffrage.protocol.credentials import credential_from_code
from suffrage.protocol.election import Election
from suffrage.protocol.manifest import parse_manifest
from suffrage.protocol.mixnet import mix_share_payload
from suffrage.protocol.ranked import ranking_of
from suffrage.protocol.record import record_files
from suffrage.protocol.simulation import run_key_ceremony, seeded_rng, trustee_mix
from suffrage.protocol.voters import Voter, build_voter_list
from suffrage.verify import MemorySource, verify_record
from trustee_identity import attest, post, trustee_key

SCRIPT = Path(__file__).with_name("booth_ranked.mjs")
IDS = ["ada", "bo", "cy", "di"]
# each voter's ranks per candidate (Ada, Bo, Cy, Di); the fourth audits hers first
VOTES = [[1, 2, 0, 0], [0, 1, 2, 3], [2, 0, 1, 0], [4, 3, 2, 1], [0, 0, 0, 1]]
VECTORS = [
    [1, 2, 0, 0],
    [0, 0, 1, 0],
    [4, 3, 2, 1],
    [2, 0, 1, 3],
    [0, 0, 0, 0],  # nothing ranked
    [1, 1, 0, 0],  # a number twice
    [1, 3, 0, 0],  # a gap
    [2, 0, 0, 0],  # no first choice
    [1, 1, 3, 0],  # both
]


def _opened(rng: RandomSource) -> tuple[Election, dict[int, TrusteeKeys], list[str]]:
    manifest = parse_manifest(ranked_manifest_json())
    election = Election()
    election.setup(manifest)
    keys = run_key_ceremony(election, {i: trustee_key(i) for i in (1, 2, 3)}, rng)
    codes = [seeded_rng(b"ranked voter %d" % k)(32).hex() for k in range(len(VOTES))]
    roll = [Voter(credential_from_code(code).public, "members", 1) for code in codes]
    election.post_voter_list(build_voter_list(roll, manifest))
    election.open()
    for i in (1, 2):
        attest(election, i, "open", rng)
    return election, keys, codes


def _choices(ranks: list[int]) -> dict[str, list[int]]:
    """The ballot's two contests: the ranking, and a blank answer to the question."""
    return {"council": ranks, "question": [0, 0]}


def _booth(tmp_path: Path, election: Election, codes: list[str]) -> dict[str, object]:
    case = {
        "manifest": election.manifest.to_json(),
        "public_key": election.joint_key.public_key.hex(),
        "style": "members",
        "contest": "council",
        "voters": [
            {"code": code, "choices": _choices(values), "audit": k == 3}
            for k, (code, values) in enumerate(zip(codes, VOTES, strict=True))
        ]
        + [{"code": codes[3], "choices": _choices(VOTES[3]), "audit": False}],
        "vectors": VECTORS,
    }
    (tmp_path / "case.json").write_text(json.dumps(case), encoding="utf-8")
    text = load_catalogues().section("en", "js_rank.")
    (tmp_path / "text.json").write_text(json.dumps(text), encoding="utf-8")
    run = subprocess.run(
        [_node(), str(SCRIPT), str(tmp_path / "case.json"), str(tmp_path / "text.json")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    out: dict[str, object] = json.loads(run.stdout)
    return out


def _mix_decrypt_publish(
    election: Election, keys: dict[int, TrusteeKeys], rng: RandomSource
) -> None:
    mh = election.manifest.hash_hex
    qualified = election.joint_key.qualified
    for i in (2, 1):
        trustee_mix(election, i, trustee_key(i), "council", rng)
    for i in (1, 2):
        secret = keys[i].secret_share(qualified)
        chain = election.mix_chain("council")
        post(election, "mix_share", mix_share_payload(mh, chain, i, secret, rng), rng)
        share = decryption_share_payload(election.manifest, i, secret, election.tally, rng)
        post(election, "decryption_share", share, rng)
    election.publish_result()


def test_the_booths_ranked_ballots_verify_and_decrypt_to_the_rankings(tmp_path: Path) -> None:
    rng = seeded_rng(b"booth ranked")
    election, keys, codes = _opened(rng)
    made = _booth(tmp_path, election, codes)
    ballots = made["ballots"]
    assert isinstance(ballots, list)
    for entry in ballots:
        if "audit" in entry:
            election.audit(entry["audit"], entry["reveal"])
            assert [r["values"] for r in entry["reveal"]] == [VOTES[3], [0, 0]]
        else:
            event = election.cast(entry["ballot"])
            assert event.payload["ballot"] == entry["ballot"]
    election.close()
    election.post_tally()
    for i in (1, 2):
        attest(election, i, "close", rng)
    _mix_decrypt_publish(election, keys, rng)

    report = verify_record(MemorySource(record_files(election.board), label="booth-ranked"))
    assert report.valid, [f"{c.id}: {c.detail}" for c in report.failed]
    passed = {c.id for c in report.checks if c.passed}
    checks = ("ballots.option_proofs", "ballots.contest_proofs", "audits.reveal")
    for check in (*checks, "mix.shuffle", "mix.decryption", "result.rankings"):
        assert check in passed, sorted(passed)
    row = election.board.events[-1].payload["contests"][0]  # type: ignore[index]
    want = Counter(tuple(IDS[j] for j in ranking_of(v) or ()) for v in VOTES)
    assert Counter(tuple(r) for r in row["rankings"]) == want  # type: ignore[index]
    assert row["invalid"] == []  # type: ignore[index]


def test_the_booth_reads_a_ranking_as_the_protocol_does(tmp_path: Path) -> None:
    rng = seeded_rng(b"booth ranked readings")
    election, _, codes = _opened(rng)
    made = _booth(tmp_path, election, codes)
    assert made["bounds"] == {"lo": 1, "hi": 4, "m": 4}
    readings = made["readings"]
    assert isinstance(readings, list)
    for values, reading in zip(VECTORS, readings, strict=True):
        order = ranking_of(values)
        assert (reading["problems"] == []) == (order is not None), (values, reading)
        if order is not None:
            assert tuple(reading["order"]) == order
    words = {tuple(v): r["problems"] for v, r in zip(VECTORS, readings, strict=True)}
    assert words[(0, 0, 0, 0)] == ["Rank at least one candidate."]
    assert words[(1, 1, 0, 0)] == [
        "Number 1 is given to more than one candidate (Ada, Bo):"
        " give each number to one candidate only."
    ]
    assert words[(1, 3, 0, 0)] == [
        "Nobody has number 2, but number 3 is used: number your choices 1, 2, 3 and so on,"
        " without gaps."
    ]
    assert len(words[(1, 1, 3, 0)]) == 2


@pytest.mark.parametrize(
    ("low", "high", "bounds"),
    [(1, 10, (1, 4)), (10, 10, (4, 4)), (0, 3, (0, 2)), (3, 6, (2, 3))],
)
def test_the_booth_states_how_many_to_rank(
    tmp_path: Path, low: int, high: int, bounds: tuple[int, int]
) -> None:
    """k ranks sum to k(k+1)/2, which the contest's min..max bounds (7.4)."""
    manifest = ranked_manifest_json()
    contest = manifest["contests"][0]  # type: ignore[index]
    contest.update({"min": low, "max": high})  # type: ignore[union-attr]
    script = (
        "const fs=require('fs'),vm=require('vm');"
        "vm.runInThisContext(fs.readFileSync(process.argv[1],'utf8'));"
        "const c=JSON.parse(process.argv[2]);"
        "console.log(JSON.stringify(SuffrageRanking.bounds(c)));"
    )
    static = Path(__file__).parents[2] / "src/suffrage/adapters/web/static/booth-rank.js"
    run = subprocess.run(
        [_node(), "-e", script, str(static), json.dumps(contest)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert (got["lo"], got["hi"]) == bounds
