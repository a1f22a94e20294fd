"""The OPEN ballot record (roll call): each elector's vote published with the elector's name.

An open vote is the opposite of a secret one and is labelled as such in every record:
the record says ``"secrecy": "open"`` and carries :data:`NOTICE`. It never mixes with a
secret contest: it has its own format (``suffrage-rollcall/1``), its own hash labels,
and :func:`check_rollcall` refuses a record that does not say it is open.

Integrity: the header (contest, options, the roll of electors) is hashed; each vote is
chained to the previous one, ``hash_i = H(LABEL_VOTE, canonical({prev, seq, elector,
constituency, choice, weight}))`` with ``prev_0`` the header hash; the published tally
and head hash must match the votes. Everyone can recompute all of it: that is the point
of an open vote.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from suffrage.errors import BoardError
from suffrage.protocol.encoding import JsonObject, canonical, hash_bytes

__all__ = [
    "FORMAT",
    "NOTICE",
    "RollCall",
    "RollCallTally",
    "RollCallVote",
    "check_rollcall",
    "open_rollcall",
]

FORMAT: Final = "suffrage-rollcall/1"
NOTICE: Final = (
    "OPEN BALLOT - NOT SECRET: every vote in this record is published with the name of the "
    "elector who cast it."
)
LABEL_HEADER: Final = "suffrage/1/rollcall/header"
LABEL_VOTE: Final = "suffrage/1/rollcall/vote"


@dataclass(frozen=True, slots=True)
class RollCallVote:
    seq: int
    elector: str
    constituency: str
    choice: tuple[str, ...]
    weight: int
    prev: str
    hash: str

    def body(self) -> JsonObject:
        return {
            "seq": self.seq,
            "elector": self.elector,
            "constituency": self.constituency,
            "choice": list(self.choice),
            "weight": self.weight,
            "prev": self.prev,
        }


@dataclass(frozen=True, slots=True)
class RollCallTally:
    """What a checked record establishes: marks per option, votes cast, electors."""

    contest: str
    marks: Mapping[str, int]
    cast: int
    electors: int
    head: str


@dataclass(frozen=True, slots=True)
class RollCall:
    """An open contest being recorded; :meth:`vote` returns a new, longer record."""

    contest: str
    title: str
    options: tuple[str, ...]
    roll: tuple[str, ...]
    votes: tuple[RollCallVote, ...] = ()

    def header(self) -> JsonObject:
        return {
            "format": FORMAT,
            "secrecy": "open",
            "contest": self.contest,
            "title": self.title,
            "options": list(self.options),
            "roll": list(self.roll),
        }

    @property
    def header_hash(self) -> str:
        return hash_bytes(LABEL_HEADER, canonical(self.header())).hex()

    @property
    def head(self) -> str:
        return self.votes[-1].hash if self.votes else self.header_hash

    def vote(
        self, elector: str, choice: Sequence[str], *, constituency: str = "", weight: int = 1
    ) -> RollCall:
        """Record ``elector``'s open vote; each elector on the roll votes at most once."""
        if elector not in self.roll:
            raise BoardError(f"rollcall {self.contest}: {elector!r} is not on the roll")
        if any(v.elector == elector for v in self.votes):
            raise BoardError(f"rollcall {self.contest}: {elector!r} has already voted")
        _check_choice(self.contest, self.options, tuple(choice), weight)
        seq = len(self.votes)
        body: JsonObject = {
            "seq": seq,
            "elector": elector,
            "constituency": constituency,
            "choice": list(choice),
            "weight": weight,
            "prev": self.head,
        }
        digest = hash_bytes(LABEL_VOTE, canonical(body)).hex()
        entry = RollCallVote(seq, elector, constituency, tuple(choice), weight, self.head, digest)
        return RollCall(self.contest, self.title, self.options, self.roll, (*self.votes, entry))

    def marks(self) -> dict[str, int]:
        """Weighted marks per option (a ranked choice marks each option it lists)."""
        out = dict.fromkeys(self.options, 0)
        for v in self.votes:
            for option in v.choice:
                out[option] += v.weight
        return out

    def to_json(self) -> JsonObject:
        return {
            **self.header(),
            "notice": NOTICE,
            "header_hash": self.header_hash,
            "votes": [{**v.body(), "hash": v.hash} for v in self.votes],
            "tally": dict(self.marks()),
            "cast": len(self.votes),
            "head": self.head,
        }


def open_rollcall(
    contest: str, title: str, options: Sequence[str], roll: Sequence[str]
) -> RollCall:
    """An empty open contest over ``options`` with the published roll of electors."""
    if not options or len(set(options)) != len(options):
        raise BoardError(f"rollcall {contest}: options must be distinct and not empty")
    if len(set(roll)) != len(roll):
        raise BoardError(f"rollcall {contest}: the roll names an elector twice")
    return RollCall(contest, title, tuple(options), tuple(roll))


def check_rollcall(data: Mapping[str, Any]) -> RollCallTally:
    """Recompute every hash, the roll, the choices and the tally of a published record.

    Raises :class:`~suffrage.errors.BoardError` naming the first check that fails.
    """
    contest = str(data.get("contest", "?"))
    where = f"rollcall {contest}"
    if data.get("format") != FORMAT or data.get("secrecy") != "open":
        raise BoardError(f"{where}: not an open roll-call record ({FORMAT}, secrecy open)")
    try:
        record = open_rollcall(contest, str(data["title"]), data["options"], data["roll"])
        if data["header_hash"] != record.header_hash:
            raise BoardError(f"{where}: header hash does not match the header")
        for index, raw in enumerate(data["votes"]):
            record = _replay(record, raw, index, where)
    except (KeyError, TypeError, ValueError) as exc:
        raise BoardError(f"{where}: malformed record ({exc})") from None
    if data.get("tally") != record.marks() or data.get("cast") != len(record.votes):
        raise BoardError(f"{where}: the published tally does not match the votes")
    if data.get("head") != record.head:
        raise BoardError(f"{where}: the head hash does not match the last vote")
    return RollCallTally(contest, record.marks(), len(record.votes), len(record.roll), record.head)


def _replay(record: RollCall, raw: Mapping[str, Any], index: int, where: str) -> RollCall:
    if raw["seq"] != index or raw["prev"] != record.head:
        raise BoardError(f"{where}: vote {index} is out of sequence or breaks the chain")
    record = record.vote(
        str(raw["elector"]),
        [str(c) for c in raw["choice"]],
        constituency=str(raw["constituency"]),
        weight=int(raw["weight"]),
    )
    if record.votes[-1].hash != raw["hash"]:
        raise BoardError(f"{where}: vote {index} ({raw['elector']}) hash does not match")
    return record


def _check_choice(contest: str, options: tuple[str, ...], choice: tuple[str, ...], w: int) -> None:
    if w < 1:
        raise BoardError(f"rollcall {contest}: a vote's weight must be a positive integer")
    if len(set(choice)) != len(choice):
        raise BoardError(f"rollcall {contest}: a vote marks an option twice")
    for option in choice:
        if option not in options:
            raise BoardError(f"rollcall {contest}: {option!r} is not an option")
