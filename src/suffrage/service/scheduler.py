"""Opening and closing elections at their scheduled times.

A thread of ``suffrage serve`` looks every few seconds for elections whose opening or
closing time has passed and opens or closes them, recording each step in the audit log
as the administrator ``scheduler``. A step that fails (no joint key yet, a roll not
invited) is recorded once with its reason and tried again at each look. Voting is
also refused from the closing time on at cast time, so a late look loses nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from suffrage.errors import SuffrageError
from suffrage.service.access import AuditLog
from suffrage.service.ceremony import Ceremonies
from suffrage.service.elections import ElectionService
from suffrage.service.model import Phase

__all__ = ["Scheduler"]

ACTOR = "scheduler"


@dataclass
class Scheduler:
    elections: ElectionService
    ceremonies: Ceremonies
    audit: AuditLog
    poll: float = 5.0
    #: run after each look (the record archiver)
    also: list[Callable[[], object]] = field(default_factory=list)
    _failed: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    _stop: threading.Event = field(default_factory=threading.Event, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    def run_once(self) -> list[str]:
        """Open and close what is due; return the steps taken (``"open e1"``...)."""
        now = self.elections.clock.now()
        done = []
        for e in self.elections.elections():
            if e.phase is Phase.KEYS and e.opens_at is not None and e.opens_at <= now:
                done += self._step("open", e.id, self.elections.open)
            elif e.phase is Phase.OPEN and e.closes_at is not None and e.closes_at <= now:
                done += self._step("close", e.id, self.ceremonies.close)
        return done

    def _step(self, name: str, election_id: str, action: Callable[[str], object]) -> list[str]:
        try:
            action(election_id)
        except SuffrageError as exc:
            reason = str(exc)
            if self._failed.get((name, election_id)) != reason:
                self._failed[(name, election_id)] = reason
                details = {"reason": reason}
                self.audit.record(ACTOR, "server", f"schedule.{name}_failed", election_id, details)
            return []
        self._failed.pop((name, election_id), None)
        self.audit.record(ACTOR, "server", f"election.{name}", election_id, {"scheduled": True})
        return [f"{name} {election_id}"]

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="scheduler", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        self._stop.set()
        if thread is not None:
            thread.join(10)

    def _loop(self) -> None:
        while not self._stop.wait(self.poll):
            for step in (self.run_once, *self.also):
                try:
                    step()
                except Exception:  # the database or the disk failed: again at the next look
                    continue
