"""A secret ranked election through the service, and the attacks on its mixing.

On SQLite and PostgreSQL: an election with a ``rank`` contest (Scottish STV) is created
from a manifest, voters cast ranked ballots (one revotes, one ranks two candidates
first), the election closes, three trustees mix in turn through the service (t = 2 of 3),
two decrypt the last mix and the tally, and the result publishes the rankings and the
STV outcome. The downloaded record verifies and pref_voting's Scottish STV, counting the
published rankings, elects the same members. Every refused event (mixing before the
tally, the wrong round or previous hash, a bad proof, a forged signature, mixing twice,
a stale mix, decrypting too early or twice, a mix after decryption began) leaves the
board as it was.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from service_harness import Services, attest, deterministic_rng, voter_codes

from election_actors import Trustees, ranked_ballot, ranked_manifest_json
from suffrage.errors import Conflict, InvalidInput, NotFound
from suffrage.protocol.election import Election as Machine
from suffrage.protocol.encoding import JsonObject
from suffrage.protocol.manifest import parse_manifest
from suffrage.service.model import Phase
from suffrage.verify import MemorySource, verify_record
from trustee_identity import signed

E = "ranked-2026"
ROLL = "voter_id,name,email\n" + "".join(f"v{k},Voter {k},v{k}@example.org\n" for k in range(1, 10))
#: Ranks per candidate (ada, bo, cy, di), 0 unranked; v9's ballot ranks two first.
RANKS = {
    "v1": [1, 2, 3, 0],
    "v2": [1, 0, 2, 0],
    "v3": [1, 2, 0, 0],
    "v4": [1, 0, 0, 0],
    "v5": [2, 1, 0, 0],
    "v6": [0, 1, 2, 0],
    "v7": [0, 2, 1, 0],
    "v8": [0, 0, 2, 1],
    "v9": [1, 1, 0, 0],
}


def _open(s: Services) -> Trustees:
    election = s.elections.create(ranked_manifest_json(E))
    trustees = Trustees(parse_manifest(election.manifest), deterministic_rng(b"ranked"))
    for payload in trustees.commitments():
        s.ceremonies.post_trustee_event(E, "trustee_commitment", payload)
    trustees.exchange_shares()
    s.ceremonies.fix_joint_key(E)
    s.elections.import_roll(E, ROLL)
    s.elections.invite(E)
    s.elections.open(E)
    attest(s, trustees, E, "open", [1, 2, 3])
    return trustees


def _vote(s: Services) -> None:
    codes = voter_codes(s, E)
    election = s.elections.get(E)
    key = election.public_key
    assert key is not None
    rng = deterministic_rng(b"ranked voters")
    first = ranked_ballot(election.manifest, key, codes["v8"], [1, 2, 3, 4], [1, 0], rng)
    s.box.cast(E, first.ballot)  # v8 revotes below: only her last ballot is mixed
    for voter, ranks in RANKS.items():
        answer = [1, 0] if voter in ("v1", "v2", "v5") else [0, 1]
        s.box.cast(
            E, ranked_ballot(election.manifest, key, codes[voter], ranks, answer, rng).ballot
        )


def _events(s: Services) -> int:
    return len(s.elections.board(E, 0, 100_000))


def _refused(s: Services, error: type[Exception], match: str, post: Callable[[], Any]) -> None:
    """``post`` is refused with ``error`` naming ``match``, and nothing is stored."""
    before = _events(s)
    with pytest.raises(error, match=match):
        post()
    assert _events(s) == before


def _mix_refused(s: Services, error: type[Exception], match: str, payload: JsonObject) -> None:
    _refused(s, error, match, lambda: s.ceremonies.post_mix(E, payload))


def _share_refused(s: Services, error: type[Exception], match: str, payload: JsonObject) -> None:
    _refused(s, error, match, lambda: s.ceremonies.post_mix_share(E, payload))


def _resigned(payload: JsonObject, **changes: Any) -> JsonObject:
    """``payload`` changed and signed again by the trustee it names."""
    body = {k: v for k, v in payload.items() if k != "signature"}
    body.update(changes)
    index = body["trustee"]
    assert isinstance(index, int)
    manifest = parse_manifest(ranked_manifest_json(E))
    return signed(manifest, "mix", body, deterministic_rng(b"resign %d" % index))


def _pref_voting_elected(rankings: list[list[str]], ids: list[str], seats: int) -> set[str]:
    from pref_voting.profiles_with_ties import ProfileWithTies
    from pref_voting.proportional_methods import stv_scottish

    ballots = [{ids.index(c): k + 1 for k, c in enumerate(r)} for r in rankings]
    profile = ProfileWithTies(ballots, candidates=list(range(len(ids))))
    return {ids[c] for c in stv_scottish(profile, num_seats=seats)}


def test_ranked_election_mixed_by_trustees_through_the_service(services: Services) -> None:
    s = services
    trustees = _open(s)
    key = s.elections.get(E).public_key
    assert key is not None
    status = s.ceremonies.mixing(E)
    assert [(m.contest, m.ballots, m.rounds, m.needed) for m in status] == [("council", None, 0, 2)]
    early = trustees.sign(
        "mix",
        {"trustee": 1, "contest": "council", "round": 0, "previous": "00" * 32,
         "outputs": [], "proof": ""},
    )  # fmt: skip
    _mix_refused(s, Conflict, "after close and tally", early)
    with pytest.raises(Conflict, match="after close and tally"):
        s.ceremonies.mix_input(E, "council")
    _vote(s)
    s.ceremonies.close(E)
    attest(s, trustees, E, "close", [1, 3])
    tally = s.ceremonies.tally_payload(E)
    for i in (1, 3):
        s.ceremonies.post_decryption_share(E, trustees.decryption_share(i, tally))

    (council,) = s.ceremonies.mixing(E)
    assert (council.ballots, council.width, council.rounds, council.mixed) == (9, 4, 0, False)
    with pytest.raises(NotFound):
        s.ceremonies.mix_input(E, "question")  # not ranked: its sums are its result
    _refused(s, Conflict, "mixed by 0 of 2 trustees", lambda: s.ceremonies.publish(E))
    round0 = s.ceremonies.mix_input(E, "council")
    assert round0["round"] == 0 and round0["previous"] == council.previous
    assert len(round0["rows"]) == 9 and {len(r) for r in round0["rows"]} == {4}

    # decrypting the unmixed rows would link each ranking to its voter
    unmixed = trustees.mix_share(1, round0)
    _share_refused(s, InvalidInput, "fewer than t", unmixed)

    good1 = trustees.mix(1, key, round0)
    stale2 = trustees.mix(2, key, round0)  # prepared before trustee 1's mix lands
    _mix_refused(s, InvalidInput, "round: is 1, expected 0", _resigned(good1, round=1))
    _mix_refused(s, InvalidInput, "previous", _resigned(good1, previous="ab" * 32))
    outputs = [list(row) for row in good1["outputs"]]  # type: ignore[union-attr]
    outputs[0][0], outputs[1][0] = outputs[1][0], outputs[0][0]  # one cell moved: no shuffle
    _mix_refused(s, InvalidInput, "proof", _resigned(good1, outputs=outputs))
    forged = {**good1, "trustee": 2}  # trustee 1's signature on trustee 2's name
    _mix_refused(s, InvalidInput, "signature", forged)
    outsider = {**good1, "trustee": 4}
    _mix_refused(s, InvalidInput, "trustee", outsider)
    wrong_contest = _resigned(good1, contest="question")
    _mix_refused(s, InvalidInput, "not a ranked contest", wrong_contest)

    s.ceremonies.post_mix(E, good1)
    again = trustees.mix(1, key, s.ceremonies.mix_input(E, "council"))
    _mix_refused(s, InvalidInput, "already mixed", again)
    _mix_refused(s, InvalidInput, "round: is 0, expected 1", stale2)
    # one mix is not enough: the one mixer could be the one who links
    one_mix = s.ceremonies.mix_input(E, "council")
    early_share = trustees.mix_share(1, one_mix)
    _share_refused(s, InvalidInput, "fewer than t", early_share)

    for i in (2, 3):
        s.ceremonies.post_mix(E, trustees.mix(i, key, s.ceremonies.mix_input(E, "council")))
    (council,) = s.ceremonies.mixing(E)
    assert (council.rounds, council.mixers, council.mixed) == (3, (1, 2, 3), True)
    last = s.ceremonies.mix_input(E, "council")
    assert last["round"] == 3 and last["previous"] == council.previous

    # trustee 2 did not attest the close head: she may mix, not decrypt
    share2 = trustees.mix_share(2, last)
    _share_refused(s, InvalidInput, "attesting close", share2)
    old_rows = {**last, "rows": one_mix["rows"], "previous": one_mix["previous"]}
    wrong_mix = trustees.mix_share(1, old_rows)  # shares of an earlier mix's rows
    _share_refused(s, InvalidInput, "last mix", wrong_mix)
    share1 = trustees.mix_share(1, last)
    s.ceremonies.post_mix_share(E, share1)
    _share_refused(s, InvalidInput, "already decrypted", share1)
    late = trustees.mix(1, key, last)
    _mix_refused(s, InvalidInput, "decryption of its mix has begun", late)
    _refused(s, Conflict, "1 of 2 decryptions", lambda: s.ceremonies.publish(E))
    s.ceremonies.post_mix_share(E, trustees.mix_share(3, last))
    (council,) = s.ceremonies.mixing(E)
    assert council.decrypted and council.decrypted_by == (1, 3)

    counts = s.ceremonies.publish(E)
    assert counts["question"] == [3, 6]
    assert s.elections.get(E).phase is Phase.PUBLISHED
    _mix_refused(s, Conflict, "result is published", late)

    result = s.ceremonies.result(E)
    row = next(r for r in result["contests"] if r["contest"] == "council")  # type: ignore[union-attr,index]
    assert row["invalid"] == [[1, 1, 0, 0]]
    assert len(row["rankings"]) == 8
    published = sorted(tuple(r) for r in row["rankings"])
    ids = ["ada", "bo", "cy", "di"]
    sent = [
        tuple(ids[j] for j in sorted(range(4), key=lambda j: r[j]) if r[j])
        for v, r in RANKS.items()
        if v != "v9"
    ]
    assert published == sorted(sent)  # the rankings cast, in another (mixed) order
    outcome = row["outcome"]
    assert outcome["decision"] == "elected" and set(outcome["elected"]) == {"ada", "bo"}
    assert set(outcome["elected"]) == _pref_voting_elected(row["rankings"], ids, 2)

    report = verify_record(MemorySource(s.elections.record(E)))
    assert report.valid, [f.check for f in report.failed]
    passed = {c.id for c in report.checks if c.status.value == "passed"}
    assert {"mix.shuffle", "mix.decryption", "result.rankings", "result.ranked_outcome"} <= passed


def test_a_mix_stored_while_another_is_checked_makes_that_one_stale(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mix is checked without the lock; if another lands meanwhile, it is not stored."""
    s = services
    trustees = _open(s)
    key = s.elections.get(E).public_key
    assert key is not None
    _vote(s)
    s.ceremonies.close(E)
    round0 = s.ceremonies.mix_input(E, "council")
    mix1, mix2 = trustees.mix(1, key, round0), trustees.mix(2, key, round0)
    real = Machine.post_trustee

    def meanwhile(machine: Machine, type_: str, payload: Any) -> Any:
        event = real(machine, type_, payload)
        if payload is mix2:  # trustee 2's mix passed its check; trustee 1's lands first
            s.ceremonies.post_mix(E, mix1)
        return event

    monkeypatch.setattr(Machine, "post_trustee", meanwhile)
    before = _events(s)
    with pytest.raises(Conflict, match="board changed while this mix was checked"):
        s.ceremonies.post_mix(E, mix2)
    monkeypatch.undo()
    assert _events(s) == before + 1
    (council,) = s.ceremonies.mixing(E)
    assert council.mixers == (1,)
    fresh = trustees.mix(2, key, s.ceremonies.mix_input(E, "council"))
    s.ceremonies.post_mix(E, fresh)
    assert s.ceremonies.mixing(E)[0].mixers == (1, 2)


def test_a_weighted_voter_of_a_ranked_contest_keeps_the_election_closed(
    services: Services,
) -> None:
    """A weight would be published next to its ranking (7.16.1).

    The roll's import and its changes refuse it row by row, before any invitation goes
    out; a roll stored some other way is still caught when the election opens.
    """
    s = services
    election = s.elections.create(ranked_manifest_json(E))
    trustees = Trustees(parse_manifest(election.manifest), deterministic_rng(b"weights"))
    for payload in trustees.commitments():
        s.ceremonies.post_trustee_event(E, "trustee_commitment", payload)
    s.ceremonies.fix_joint_key(E)
    weighted = "voter_id,name,email,weight\nv1,A,a@example.org,1\nv2,B,b@x.org,3\n"
    preview = s.elections.preview_roll(E, weighted)
    assert [(e.row, e.field) for e in preview.errors] == [(3, "weight")]
    assert "has a ranked contest" in preview.errors[0].message
    with pytest.raises(InvalidInput, match="nothing stored"):
        s.elections.import_roll(E, weighted)
    assert list(s.elections.roll(E)) == []
    s.elections.import_roll(E, "voter_id,name,email\nv1,A,a@example.org\n")
    change = "action,voter_id,name,email,weight\nadd,v2,B,b@x.org,3\n"
    assert [e.field for e in s.elections.preview_changes(E, change).errors] == ["weight"]
    with pytest.raises(InvalidInput):
        s.elections.change_roll(E, change)
    with s.elections.uow() as uow:  # as a roll stored by other means would be
        v1 = uow.roll.list(E)[0]
        uow.roll.replace_all(
            E, [v1, dataclasses.replace(v1, voter_id="v2", email="b@x.org", weight=3)]
        )
        uow.commit()
    s.elections.invite(E)
    before = _events(s)
    with pytest.raises(Conflict, match="has weight 3: a ranked contest needs weight 1"):
        s.elections.open(E)
    assert _events(s) == before and s.elections.get(E).phase is Phase.KEYS
