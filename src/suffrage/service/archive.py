"""The record archive of each election, written away from the database at each state change.

A :class:`RecordArchiver` looks at the elections (the scheduler's thread runs it every few
seconds) and, for each phase an election has reached and whose archive is not yet
stored, writes the record archive as it is then (``record-<phase>.tar.gz``) through a
:class:`RecordStore` (a directory, meant to be on another disk). It keeps no state of
its own: after a restart it writes what is missing. A failed write is retried at the
next look.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from suffrage.service.elections import ElectionService

__all__ = ["RecordArchiver", "RecordStore"]


class RecordStore(Protocol):
    def has(self, election_id: str, name: str) -> bool: ...

    def write(self, election_id: str, name: str, data: bytes) -> None:
        """Store ``data`` under the name, all or nothing."""
        ...


@dataclass
class RecordArchiver:
    elections: ElectionService
    store: RecordStore

    def run_once(self) -> list[str]:
        """Write the archives missing for the elections' current phases; return their names."""
        written = []
        for e in self.elections.elections():
            name = f"record-{e.phase.value}.tar.gz"
            if not self.store.has(e.id, name):
                self.store.write(e.id, name, self.elections.record_archive(e.id))
                written.append(f"{e.id}/{name}")
        return written
