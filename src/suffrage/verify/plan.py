"""Split the ballot stream into chunks whose partial results reduce to the whole.

The board's ballot segment (the ``ballot`` and ``audit`` events between ``open`` and
``close``) is cut into consecutive :class:`Chunk` s. :func:`verify_chunk` checks one chunk
on its own (every per-ballot proof, signature and binding) and returns a
:class:`~suffrage.verify.segment.Segment`; :func:`reduce_segments` merges the partials in
board order, which also checks revotes and duplicate tracking codes across chunk borders.
A :data:`ChunkMapper` decides where chunks run: :func:`sequential` here, an executor in
an adapter (see :func:`bounded_map`). Everything in this module is pure.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Protocol

from suffrage.errors import InvalidEncoding
from suffrage.protocol.encoding import JsonObject, get_hex, require_keys
from suffrage.verify.checks.audits import check_audit_form, check_reveal
from suffrage.verify.checks.ballots import BallotBatch, ballot_item, check_ballot
from suffrage.verify.checks.board import Event, resolve
from suffrage.verify.model import Election, Manifest
from suffrage.verify.segment import Segment

__all__ = [
    "Chunk",
    "ChunkMapper",
    "Submit",
    "bounded_map",
    "chunked",
    "reduce_segments",
    "sequential",
    "verify_chunk",
]

#: Ballot events per chunk when the caller does not choose.
DEFAULT_CHUNK = 512


@dataclass(frozen=True, slots=True)
class Chunk:
    """Consecutive ballot/audit events of the board (already parsed and chained)."""

    events: tuple[Event, ...]


def chunked(events: Iterable[Event], size: int = DEFAULT_CHUNK) -> Iterator[Chunk]:
    """Group consecutive events into chunks of ``size`` (the last one may be shorter)."""
    if size < 1:
        raise ValueError("chunk size must be positive")
    batch: list[Event] = []
    for event in events:
        batch.append(event)
        if len(batch) == size:
            yield Chunk(tuple(batch))
            batch = []
    if batch:
        yield Chunk(tuple(batch))


def verify_chunk(election: Election, chunk: Chunk) -> Segment:
    """Check every ballot and audit of ``chunk``: the map step."""
    segment = Segment.empty(election.manifest)
    batch = BallotBatch()
    for deferred in chunk.events:
        event = resolve(deferred, segment.log)
        if event is None:
            continue
        if event.type == "ballot":
            _cast(election, segment, event, batch)
        else:
            _audit(election, segment, event)
    batch.settle(segment.log)
    return segment


def _cast(election: Election, segment: Segment, event: Event, batch: BallotBatch) -> None:
    payload = event.payload
    item = ballot_item("ballot", event.seq, None)
    replaces: bytes | None = None
    try:
        require_keys(payload, f"event {event.seq}.payload", ("ballot", "replaces"))
        if payload["replaces"] is not None:
            replaces = get_hex(payload, "replaces", f"event {event.seq}.payload", length=32)
    except InvalidEncoding as exc:
        segment.log.fail("ballots.format", item, str(exc))
    raw = _ballot_bytes(event, replaces)
    ballot = check_ballot(
        election, payload.get("ballot"), event.seq, segment.log, raw=raw, batch=batch
    )
    if ballot is None:
        segment.cast += 1
        return
    segment.add_cast(event.seq, ballot, replaces)


_BALLOT_PREFIX = b'{"payload":{"ballot":'


def _ballot_bytes(event: Event, replaces: bytes | None) -> bytes | None:
    """``canonical(ballot)`` cut out of the canonical line of a ballot event, if it fits.

    The line is ``{"payload":{"ballot":B,"replaces":R},"prev":P,"seq":N,"type":"ballot"}``
    with sorted keys, so ``B`` sits between a fixed prefix and a suffix known from R, P, N.
    """
    rep = b"null" if replaces is None else b'"' + replaces.hex().encode() + b'"'
    suffix = b',"replaces":%s},"prev":"%s","seq":%d,"type":"ballot"}' % (
        rep,
        event.prev.encode(),
        event.seq,
    )
    line = event.line
    if line.startswith(_BALLOT_PREFIX) and line.endswith(suffix):
        return line[len(_BALLOT_PREFIX) : len(line) - len(suffix)]
    return None


def _audit(election: Election, segment: Segment, event: Event) -> None:
    payload: JsonObject = event.payload
    try:
        require_keys(payload, f"event {event.seq}.payload", ("ballot", "reveal"))
    except InvalidEncoding as exc:
        segment.log.fail("audits.reveal", ballot_item("audit", event.seq, None), str(exc))
    ballot = check_audit_form(election, payload.get("ballot"), event.seq, segment.log)
    if ballot is None:
        segment.audited += 1
        return
    segment.add_audit(event.seq, ballot)
    check_reveal(election, payload, ballot, event.seq, segment.log)


def reduce_segments(manifest: Manifest, segments: Iterable[Segment]) -> Segment:
    """Merge partial results in board order: the reduce step."""
    total = Segment.empty(manifest)
    for segment in segments:
        total.merge(segment)
    total.finish()
    return total


#: Runs :func:`verify_chunk` over chunks, yielding segments in chunk order.
ChunkMapper = Callable[[Election, Iterator[Chunk]], Iterator[Segment]]


def sequential(election: Election, chunks: Iterator[Chunk]) -> Iterator[Segment]:
    """The default mapper: one chunk after the other, in this process."""
    for chunk in chunks:
        yield verify_chunk(election, chunk)


class Submit(Protocol):
    """``executor.submit``: schedule ``fn(*args)`` and return a future."""

    def __call__(
        self, fn: Callable[[Election, Chunk], Segment], election: Election, chunk: Chunk, /
    ) -> Future[Segment]: ...


def bounded_map(
    submit: Submit, election: Election, chunks: Iterator[Chunk], window: int
) -> Iterator[Segment]:
    """Run chunks through ``submit`` with at most ``window`` in flight; yield in order."""
    pending: deque[Future[Segment]] = deque()
    for chunk in chunks:
        pending.append(submit(verify_chunk, election, chunk))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
