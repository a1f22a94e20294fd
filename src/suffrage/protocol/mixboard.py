"""Where the mixing of each ranked contest stands on a board that verifies (7.16).

A trustee's tool mixes and decrypts from the record it downloaded and verified, not from
rows the server hands it: the rows it decrypts must be the last mix of the counted
ballots of the board she attested. :func:`read_mix_steps` reads, from such a board, each
ranked contest's next step (round, previous hash, current rows), its mixers and the
trustees who decrypted its last mix. It re-checks no proof (the verifier did); it only
follows the board: the counted ballots (7.10) ordered by credential (7.16.2), then the
outputs of each ``mix``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from suffrage.crypto.elgamal import Ciphertext
from suffrage.errors import ProtocolError
from suffrage.protocol.board import Event
from suffrage.protocol.encoding import JsonObject, get_hex, get_list, get_object
from suffrage.protocol.manifest import Manifest
from suffrage.protocol.mixnet import MixStep, parse_rows

__all__ = ["BoardMix", "read_mix_steps"]


@dataclass
class BoardMix:
    """One ranked contest on the board: its next step, who mixed it, who decrypted it."""

    step: MixStep
    mixers: list[int] = field(default_factory=list)
    decrypted_by: list[int] = field(default_factory=list)
    #: Hash of each ``mix`` event of the contest, in board order.
    mixes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.step.rows


def _ballot_row(ballot: JsonObject, contest: str, width: int) -> tuple[Ciphertext, ...] | None:
    for raw in get_list(ballot, "contests", "ballot"):
        entry = get_object(raw, "ballot.contests[]")
        if entry.get("contest") != contest:
            continue
        options = get_list(entry, "options", "ballot.contests[]", min_len=width, max_len=width)
        return tuple(
            Ciphertext.from_bytes(
                get_hex(get_object(o, "option"), "ciphertext", "option", length=64)
            )
            for o in options
        )
    return None


def _inputs(manifest: Manifest, events: Sequence[Event]) -> dict[str, MixStep]:
    """Each ranked contest's input at the ``tally``: counted rows by credential."""
    tally = next((e for e in events if e.type == "tally"), None)
    if tally is None:
        raise ProtocolError("the board has no tally yet: nothing to mix")
    last: dict[str, JsonObject] = {}
    for e in events[: tally.seq]:
        if e.type == "ballot":
            ballot = get_object(e.payload["ballot"], "ballot")
            last[str(ballot["credential"])] = ballot
    steps = {}
    for contest in manifest.contests:
        if contest.kind != "rank":
            continue
        width = len(contest.options)
        rows = []
        for cred in sorted(last):
            row = _ballot_row(last[cred], contest.id, width)
            if row is not None:
                rows.append(row)
        steps[contest.id] = MixStep(contest.id, 0, tally.hash.hex(), tuple(rows))
    return steps


def read_mix_steps(manifest: Manifest, events: Sequence[Event]) -> dict[str, BoardMix]:
    """Each ranked contest's mixing so far, from a board the verifier passed."""
    chains = {cid: BoardMix(step) for cid, step in _inputs(manifest, events).items()}
    for e in events:
        if e.type not in ("mix", "mix_share"):
            continue
        chain = chains.get(str(e.payload.get("contest")))
        trustee = e.payload.get("trustee")
        if chain is None or not isinstance(trustee, int):
            raise ProtocolError(f"event {e.seq}: a {e.type} of no ranked contest")
        if e.type == "mix_share":
            chain.decrypted_by.append(trustee)
            continue
        s = chain.step
        width = len(s.rows[0]) if s.rows else 0
        rows = parse_rows(e.payload["outputs"], len(s.rows), width, f"event {e.seq}.outputs")
        chain.step = MixStep(s.contest, s.round + 1, e.hash.hex(), rows)
        chain.mixers.append(trustee)
        chain.mixes.append(e.hash.hex())
    return chains
