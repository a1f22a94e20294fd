"""What a trustee's tool remembers so that it cannot be used as a decryption oracle (7.9).

The tool signs the hash of the board's ``open`` event (manifest, key and voter list fixed)
and of its ``close`` event (ballots fixed), and keeps both in the trustee's state file
with the hash of the one tally it decrypted. It then refuses any board that does not
extend the heads it signed and any other tally of the same election: a forked board
shown to it (another voter list, weights, or a subset of the ballots) is never decrypted.
"""

from __future__ import annotations

from dataclasses import dataclass

from suffrage.protocol.board import Event, parse_event_line
from suffrage.verify.source import lf_lines

__all__ = ["BoardView", "ForkedBoard", "check_heads"]


class ForkedBoard(Exception):
    """The board shown is not the one this trustee attested or decrypted."""


@dataclass(frozen=True)
class BoardView:
    """The events of a record, with their hashes, as the trustee's tool reads them."""

    events: tuple[Event, ...]

    @classmethod
    def from_record(cls, files: dict[str, bytes]) -> BoardView:
        lines = lf_lines(files["board.jsonl"])
        return cls(tuple(parse_event_line(line) for line in lines))

    def head_of(self, type_: str) -> str | None:
        """The hash of the (first) event of ``type_`` on the board, if any."""
        for e in self.events:
            if e.type == type_:
                return e.hash.hex()
        return None

    def payloads(self, type_: str) -> list[Event]:
        return [e for e in self.events if e.type == type_]


def check_heads(view: BoardView, remembered: dict[str, str]) -> None:
    """Raise :class:`ForkedBoard` unless the board holds every head the trustee signed."""
    for which in ("open", "close", "tally"):
        mine = remembered.get(which)
        if mine is None:
            continue
        theirs = view.head_of(which)
        if theirs != mine:
            raise ForkedBoard(
                f"this board's {which} event is {theirs or 'missing'}, but this trustee "
                f"signed or decrypted {mine}: it is not the board she attested, so she "
                f"does not decrypt it"
            )
