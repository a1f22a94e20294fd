"""A :data:`~suffrage.verify.plan.ChunkMapper` over local worker processes.

The election description (manifest, keys, voter list: large for a large electorate) is
sent to each worker once, when the pool starts, not with every chunk; chunks then carry
only their events, at most two per worker in flight, and segments come back in board
order.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from suffrage.verify.model import Election
from suffrage.verify.plan import Chunk, ChunkMapper, bounded_map, verify_chunk
from suffrage.verify.segment import Segment

__all__ = ["process_mapper"]

# The election of this worker process, set once by the pool's initializer: module state,
# but only in the worker processes this adapter starts.
_WORKER: dict[str, Election] = {}


def _install(election: Election) -> None:
    _WORKER["election"] = election
    gc.freeze()  # the election (a million voters) lives as long as the worker: never rescan it


def _verify_here(chunk: Chunk) -> Segment:
    return verify_chunk(_WORKER["election"], chunk)


@contextmanager
def process_mapper(workers: int) -> Iterator[ChunkMapper]:
    """Check ballot chunks in ``workers`` local processes (started on first use)."""
    if workers < 1:
        raise ValueError("workers must be positive")
    pools: list[ProcessPoolExecutor] = []

    def mapper(election: Election, chunks: Iterator[Chunk]) -> Iterator[Segment]:
        pool = ProcessPoolExecutor(workers, initializer=_install, initargs=(election,))
        pools.append(pool)

        def submit(fn: Any, _election: Election, chunk: Chunk, /) -> Future[Segment]:
            return pool.submit(_verify_here, chunk)

        return bounded_map(submit, election, chunks, window=2 * workers)

    try:
        yield mapper
    finally:
        for pool in pools:
            pool.shutdown(cancel_futures=True)
