"""The published record: its files as bytes, the archive, and tracking-code look-up (7.3).

Pure builders and readers over bytes; writing and reading the files is the caller's I/O.
"""

from __future__ import annotations

import gzip
import io
import tarfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from suffrage.errors import InvalidEncoding, ProtocolError
from suffrage.protocol.ballot import tracking_code
from suffrage.protocol.board import Board, parse_board
from suffrage.protocol.encoding import (
    PROTOCOL,
    JsonObject,
    canonical,
    get_object,
    parse_canonical,
)
from suffrage.protocol.manifest import parse_manifest

__all__ = [
    "RECORD_FILES",
    "BallotStatus",
    "archive",
    "ballot_status",
    "read_archive",
    "record_board",
    "record_files",
]

#: The files of a record, in archive order.
RECORD_FILES: Final = ("manifest.json", "board.jsonl", "head.json")


def record_files(board: Board) -> dict[str, bytes]:
    """The three files of a record of ``board`` (which must start with ``setup``)."""
    if len(board) == 0 or board.events[0].type != "setup":
        raise ProtocolError("a record needs a board that starts with the setup event")
    setup = board.events[0]
    manifest = get_object(setup.payload.get("manifest"), "setup.payload.manifest")
    mh = parse_manifest(manifest).hash_hex
    head: JsonObject = {
        "events": len(board),
        "head": board.head,
        "manifest": mh,
        "protocol": PROTOCOL,
    }
    return {
        "manifest.json": canonical(manifest) + b"\n",
        "board.jsonl": board.lines(),
        "head.json": canonical(head) + b"\n",
    }


def record_board(files: Mapping[str, bytes]) -> Board:
    """Parse a record's board and check its head file and manifest copy against it."""
    for name in RECORD_FILES:
        if name not in files:
            raise InvalidEncoding(f"{name}: missing from the record")
    board = parse_board(files["board.jsonl"])
    expected = record_files(board)
    if files["manifest.json"] != expected["manifest.json"]:
        raise InvalidEncoding("manifest.json: differs from the manifest on the board")
    head = files["head.json"]
    parse_canonical(head.rstrip(b"\n"), what="head.json")
    if head != expected["head.json"]:
        raise InvalidEncoding("head.json: does not match the board's length and head")
    return board


def archive(files: Mapping[str, bytes]) -> bytes:
    """A reproducible ``.tar.gz`` of the record files (mtime 0, uid/gid 0, mode 0644)."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in RECORD_FILES:
            info = tarfile.TarInfo(name)
            info.size = len(files[name])
            info.mode = 0o644
            info.mtime = 0
            tar.addfile(info, io.BytesIO(files[name]))
    return gzip.compress(raw.getvalue(), mtime=0)


def read_archive(data: bytes) -> dict[str, bytes]:
    """The record files inside a ``.tar.gz`` archive (regular top-level files only)."""
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            out: dict[str, bytes] = {}
            for member in tar.getmembers():
                if not member.isfile() or member.name not in RECORD_FILES:
                    raise InvalidEncoding(f"archive: unexpected member {member.name!r}")
                f = tar.extractfile(member)
                if f is None:
                    raise InvalidEncoding(f"archive: cannot read {member.name!r}")
                out[member.name] = f.read()
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise InvalidEncoding(f"archive: not a readable .tar.gz ({exc})") from None
    return out


@dataclass(frozen=True, slots=True)
class BallotStatus:
    """Where a tracking code stands on the board."""

    tracking_code: str
    state: Literal["counted", "replaced", "audited", "pending"]
    seq: int
    replaced_by: str | None = None
    closed: bool = False

    def describe(self) -> str:
        where = f"on the board as event {self.seq}"
        if self.state == "audited":
            return f"audited (spoiled) ballot {where}; it is not counted"
        if self.state == "replaced":
            return f"cast {where}, but replaced by the later ballot {self.replaced_by}"
        if self.state == "pending":
            return f"cast {where}; it counts unless you vote again before the close"
        return f"cast {where}, and it is the ballot counted for its credential"


def ballot_status(board: Board, code: str) -> BallotStatus:
    """Find the ballot whose tracking code is ``code`` (or starts with it, 8+ characters)."""
    code = code.strip().lower()
    if len(code) < 8 or any(ch not in "0123456789abcdef" for ch in code):
        raise ProtocolError("a tracking code is at least 8 hex characters")
    found: list[tuple[int, str, str, JsonObject]] = []
    latest: dict[str, str] = {}
    closed = False
    for e in board.events:
        if e.type == "close":
            closed = True
        if e.type not in ("ballot", "audit"):
            continue
        ballot = get_object(e.payload.get("ballot"), f"event {e.seq} ballot")
        tc = tracking_code(ballot)
        cred = str(ballot.get("credential"))
        if e.type == "ballot":
            latest[cred] = tc
        if tc.startswith(code):
            found.append((e.seq, e.type, tc, {"credential": cred}))
    if not found:
        raise ProtocolError(f"no ballot with tracking code {code} is on the board")
    if len({f[2] for f in found}) > 1:
        raise ProtocolError(f"the prefix {code} matches several ballots; give more characters")
    seq, type_, tc, info = found[0]
    if type_ == "audit":
        return BallotStatus(tc, "audited", seq, closed=closed)
    last = latest[str(info["credential"])]
    if last != tc:
        return BallotStatus(tc, "replaced", seq, replaced_by=last, closed=closed)
    return BallotStatus(tc, "counted" if closed else "pending", seq, closed=closed)
