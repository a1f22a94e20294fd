"""What the service shows of the mixing of ranked contests (docs/protocol.md 7.16).

After the tally each ranked contest has a chain of mixes in the protocol's state machine.
:func:`mix_status` says how far each chain is (rounds done and needed, who decrypted),
:func:`mix_input` gives a mixer the rows she shuffles next and the hash her mix must
chain on, and :func:`unfinished` names the contests that keep the result from being
published. Nothing here decides anything: the machine checks every ``mix`` and
``mix_share`` (:mod:`suffrage.protocol.mixnet`).
"""

from __future__ import annotations

from dataclasses import dataclass

from suffrage.errors import NotFound
from suffrage.protocol.election import Election as Machine
from suffrage.protocol.encoding import Json, JsonObject
from suffrage.protocol.lifecycle import Phase as MachinePhase
from suffrage.protocol.mixnet import MixChain

__all__ = [
    "MixStatus",
    "body_limit",
    "mix_input",
    "mix_status",
    "pending_status",
    "ranked_ids",
    "unfinished",
]

#: Bytes a ``mix`` or ``mix_share`` body may take per mixed ciphertext: 128 hex digits
#: in ``outputs``, or a share and its proof (about 215 characters) with JSON punctuation;
#: twice that leaves room for whitespace.
_PER_CELL = 512
#: Bytes per row for the shuffle proof (five 32-byte values per row, in hex).
_PER_ROW = 5 * 64 * 2
_BASE = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class MixStatus:
    """How far one ranked contest is: mixes done and needed, decryption shares posted."""

    contest: str
    title: str
    #: Counted ballots to mix (rows); ``None`` before the tally fixes them.
    ballots: int | None
    width: int
    rounds: int
    needed: int
    mixers: tuple[int, ...]
    decrypted_by: tuple[int, ...]
    #: Hash the next mix chains on (the tally's, then the last mix's); ``None`` before it.
    previous: str | None

    @property
    def mixed(self) -> bool:
        """At least ``t`` trustees mixed it, or it has nothing to mix."""
        return self.ballots == 0 or (self.ballots is not None and self.rounds >= self.needed)

    @property
    def decrypted(self) -> bool:
        """Mixed, and at least ``t`` trustees posted their shares of the last mix."""
        return self.ballots == 0 or (self.mixed and len(self.decrypted_by) >= self.needed)

    def to_json(self) -> JsonObject:
        return {
            "contest": self.contest,
            "title": self.title,
            "ballots": self.ballots,
            "width": self.width,
            "rounds": self.rounds,
            "needed": self.needed,
            "mixers": list(self.mixers),
            "decrypted_by": list(self.decrypted_by),
            "previous": self.previous,
            "mixed": self.mixed,
            "decrypted": self.decrypted,
        }


def _tallied(machine: Machine) -> bool:
    return machine.phase in (MachinePhase.TALLIED, MachinePhase.PUBLISHED)


def mix_status(machine: Machine) -> list[MixStatus]:
    """Every ranked contest of the manifest, in manifest order."""
    t = machine.manifest.threshold
    out = []
    for contest in machine.manifest.contests:
        if contest.kind != "rank":
            continue
        chain = machine.mix_chain(contest.id) if _tallied(machine) else None
        out.append(
            MixStatus(
                contest=contest.id,
                title=contest.title,
                ballots=None if chain is None else len(chain.inputs),
                width=len(contest.options),
                rounds=0 if chain is None else len(chain.mixers),
                needed=t,
                mixers=() if chain is None else tuple(chain.mixers),
                decrypted_by=() if chain is None else tuple(sorted(chain.shares)),
                previous=None if chain is None else chain.previous,
            )
        )
    return out


def ranked_ids(manifest: JsonObject) -> list[str]:
    """The ids of the manifest's ranked contests (a stored, valid manifest)."""
    contests = manifest["contests"]
    assert isinstance(contests, list)
    return [str(c["id"]) for c in contests if isinstance(c, dict) and c["kind"] == "rank"]


def pending_status(manifest: JsonObject) -> list[MixStatus]:
    """:func:`mix_status` before the tally, from the manifest alone: nothing mixed yet.

    Read without the state machine: rebuilding it checks every ballot again, which a
    public status read (the trustee page) must not make anyone pay.
    """
    t = manifest["threshold"]
    contests = manifest["contests"]
    assert isinstance(t, int) and isinstance(contests, list)
    out = []
    for c in contests:
        if not isinstance(c, dict) or c["kind"] != "rank":
            continue
        options = c["options"]
        assert isinstance(options, list)
        out.append(
            MixStatus(
                contest=str(c["id"]),
                title=str(c["title"]),
                ballots=None,
                width=len(options),
                rounds=0,
                needed=t,
                mixers=(),
                decrypted_by=(),
                previous=None,
            )
        )
    return out


def _chain(machine: Machine, contest_id: str) -> MixChain:
    ranked = [c.id for c in machine.manifest.contests if c.kind == "rank"]
    if contest_id not in ranked:
        raise NotFound(f"no ranked contest {contest_id!r} in this election")
    return machine.mix_chain(contest_id)


def mix_input(machine: Machine, contest_id: str) -> JsonObject:
    """The rows the next mix of a contest shuffles, and what that mix must state.

    ``round`` and ``previous`` go into the ``mix`` payload as they are; ``rows`` are the
    counted ballots' rows (round 0) or the outputs of the last mix, each ciphertext in hex.
    """
    chain = _chain(machine, contest_id)
    rows: list[Json] = [[ct.hex() for ct in row] for row in chain.current]
    return {
        "contest": contest_id,
        "round": len(chain.mixers),
        "previous": chain.previous,
        "mixers": list(chain.mixers),
        "decryption_begun": bool(chain.shares),
        "rows": rows,
    }


def unfinished(machine: Machine) -> list[str]:
    """Why the result cannot be published yet, one line per ranked contest not done."""
    out = []
    for s in mix_status(machine):
        if s.decrypted:
            continue
        if not s.mixed:
            out.append(f"contest {s.contest!r} is mixed by {s.rounds} of {s.needed} trustees")
        else:
            have = len(s.decrypted_by)
            out.append(f"contest {s.contest!r} has {have} of {s.needed} decryptions of its mix")
    return out


def body_limit(machine: Machine | None) -> int:
    """The largest ``mix`` or ``mix_share`` body this election can need, in bytes
    (``None``: an election with nothing to mix now)."""
    statuses = [] if machine is None else mix_status(machine)
    sizes = [
        (s.ballots or 0) * (s.width * _PER_CELL + _PER_ROW) + s.width * 6 * 64 for s in statuses
    ]
    return _BASE + max(sizes, default=0)
