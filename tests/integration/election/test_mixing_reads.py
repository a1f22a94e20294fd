"""Public reads of the mixing status do not make the service check the board again.

Rebuilding the protocol's state machine checks every ballot's proofs (about 10 ms a
ballot): a read that does it whenever the cached machine is busy (a mix being checked,
another read) lets anyone load the server with a page view. The trustee page and
``GET .../mixing`` of an election without a ranked contest, or before its tally, read
the stored manifest and phase only.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from service_harness import Services, attest, open_election
from test_ranked_service import E as RANKED
from test_ranked_service import _open, _vote

from suffrage.errors import NotFound
from suffrage.protocol.election import Election as Machine


@pytest.fixture
def replays(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The ids of the elections whose machine was rebuilt from its first event."""
    seen: list[str] = []
    real = Machine.setup

    def counted(machine: Machine, manifest: object) -> object:
        seen.append(manifest.id)  # type: ignore[attr-defined]
        return real(machine, manifest)  # type: ignore[arg-type]

    monkeypatch.setattr(Machine, "setup", counted)
    yield seen


def _busy(s: Services) -> None:
    """As while a mix is checked: the cached machines are checked out."""
    s.elections.machines._cache.clear()


def test_status_reads_without_anything_mixed_rebuild_no_machine(
    services: Services, replays: list[str]
) -> None:
    s = services
    open_election(s)  # "council-2026": no ranked contest
    _open(s)  # RANKED: open, not tallied
    replays.clear()
    _busy(s)
    assert s.ceremonies.mixing("council-2026") == []
    with pytest.raises(NotFound):
        s.ceremonies.mixing("no-such-election")
    (pending,) = s.ceremonies.mixing(RANKED)
    assert (pending.contest, pending.ballots, pending.width, pending.needed) == (
        "council",
        None,
        4,
        2,
    )
    assert (pending.rounds, pending.mixers, pending.previous, pending.mixed) == (0, (), None, False)
    assert s.ceremonies.mix_body_limit("council-2026") == s.ceremonies.mix_body_limit(RANKED)
    assert replays == []
    # after the tally the chain is the machine's: read from it
    s.ceremonies.close(RANKED)
    _busy(s)
    replays.clear()
    (tallied,) = s.ceremonies.mixing(RANKED)
    assert tallied.ballots == 0 and tallied.mixed and replays == [RANKED]


def test_reads_after_the_tally_rebuild_the_machine_once_per_board_head(
    services: Services, replays: list[str]
) -> None:
    """While a mix is checked, any number of status and row reads cost one rebuild."""
    s = services
    trustees = _open(s)
    _vote(s)
    s.ceremonies.close(RANKED)
    attest(s, trustees, RANKED, "close", [1, 3])
    tally = s.ceremonies.tally_payload(RANKED)
    for i in (1, 3):
        s.ceremonies.post_decryption_share(RANKED, trustees.decryption_share(i, tally))
    replays.clear()
    for _ in range(3):
        _busy(s)
        (status,) = s.ceremonies.mixing(RANKED)
        _busy(s)
        rows = s.ceremonies.mix_input(RANKED, "council")
        _busy(s)
        limit = s.ceremonies.mix_body_limit(RANKED)
    assert replays == [RANKED] * 3, "one rebuild for each kind of read, not one per request"
    assert (status.rounds, rows["round"], len(rows["rows"])) == (0, 0, 9)
    # a mix moves the board head: the next reads see it
    key = s.elections.get(RANKED).public_key
    assert key is not None
    s.ceremonies.post_mix(RANKED, trustees.mix(1, key, rows))
    (after,) = s.ceremonies.mixing(RANKED)
    assert (after.rounds, after.mixers) == (1, (1,))
    assert s.ceremonies.mix_input(RANKED, "council")["round"] == 1
    assert s.ceremonies.mix_body_limit(RANKED) == limit
