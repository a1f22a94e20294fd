"""Replay the board once, in order, dispatching each event to its check (7.9).

The ballot segment is handed to the chunk mapper of :mod:`suffrage.verify.plan` as it
streams past, so the ballots are checked (in this process or elsewhere) while the board is
still being read; memory stays bounded by the chunk window and the per-voter state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from suffrage.errors import InvalidEncoding
from suffrage.protocol.encoding import JsonObject, get_list, get_object, require_keys
from suffrage.verify.checks.board import Event, EventOrder
from suffrage.verify.checks.keys import KeyCeremony
from suffrage.verify.checks.mixing import Mixing
from suffrage.verify.checks.outcome import check_outcomes
from suffrage.verify.checks.questions import check_questions
from suffrage.verify.checks.rankings import check_rankings
from suffrage.verify.checks.tally import Decryption, check_close, check_tally
from suffrage.verify.checks.trustees import SIGNED, TrusteeEvents
from suffrage.verify.checks.voters import (
    SERVER_CREDENTIALS,
    check_open,
    check_voter_list,
    key_fingerprint,
)
from suffrage.verify.model import Election, parse_manifest
from suffrage.verify.plan import ChunkMapper, chunked, reduce_segments
from suffrage.verify.report import CheckStatus, FailureLog
from suffrage.verify.segment import Segment

__all__ = ["Replay"]

_BALLOTS = frozenset({"ballot", "audit"})

#: The event type a check needs on the board before it can run.
_NEEDS: dict[str, str] = {
    "trustees.signatures": "trustee_commitment",
    "trustees.attestations": "open",
    "keys.commitments": "trustee_commitment",
    "keys.proofs": "trustee_commitment",
    "keys.complaints": "joint_key",
    "keys.qualified": "joint_key",
    "keys.joint": "joint_key",
    "keys.shares": "joint_key",
    "voters.list": "voter_list",
    "voters.registrar": "voter_list",
    "election.open": "open",
    "close.counts": "close",
    "tally.ciphertexts": "tally",
    "decryption.shares": "decryption_share",
    "decryption.proofs": "decryption_share",
    "result.trustees": "result",
    "result.counts": "result",
    "result.outcome": "result",
    "mix.order": "mix",
    "mix.shuffle": "mix",
    "mix.decryption": "mix_share",
    "result.rankings": "result",
    "result.ranked_outcome": "result",
}
#: Checks of ranked contests (7.16): they pass at once without one.
_RANKED_CHECKS = frozenset(
    {"mix.order", "mix.shuffle", "mix.decryption", "result.rankings", "result.ranked_outcome"}
)
_ALWAYS = frozenset({"record.files", "board.encoding", "board.chain", "record.head"})


class Replay:
    """The verifier's pass over the board."""

    def __init__(
        self,
        log: FailureLog,
        *,
        progress: Callable[[int], None] | None,
        mapper: ChunkMapper,
        chunk_size: int,
    ) -> None:
        self.log = log
        self.progress = progress
        self.mapper = mapper
        self.chunk_size = chunk_size
        self.events = 0
        self.head: str | None = None
        self.seen: set[str] = set()
        self.election: Election | None = None
        self.manifest_value: Any = None
        self.order: EventOrder | None = None
        self.keys: KeyCeremony | None = None
        self.trustees: TrusteeEvents | None = None
        self.segment: Segment | None = None
        self.decryption: Decryption | None = None
        self.mixing: Mixing | None = None
        self.ballots_read = 0
        self.outcomes_checked = 0
        self.ranked_checked = 0

    @property
    def manifest_hash(self) -> str | None:
        return self.election.manifest.hash if self.election else None

    # ---------------------------------------------------------------- the pass

    def run(self, events: Iterable[Event]) -> None:
        stream = iter(events)
        pending: Event | None = None
        while True:
            event = pending if pending is not None else next(stream, None)
            pending = None
            if event is None:
                break
            self._admit(event)
            if event.type in _BALLOTS and self.election is not None:
                rest: list[Event] = []
                ballots = self._ballot_stream(event, stream, rest)
                partials = self.mapper(self.election, chunked(ballots, self.chunk_size))
                self._add_segment(reduce_segments(self.election.manifest, partials))
                pending = rest[0] if rest else None
            else:
                self._dispatch(event)
        if self.events == 0:
            self.log.fail("board.order", "board.jsonl", "the board is empty")

    def _admit(self, event: Event) -> None:
        """Chain and order: cheap, sequential, done as each line is read."""
        if event.type != "?":
            want = "0" * 64 if self.head is None else self.head
            if event.prev != want:
                what = "64 zeros" if self.head is None else f"the hash of event {event.seq - 1}"
                self.log.fail(
                    "board.chain", f"event {event.seq} ({event.type})", f"prev is not {what}"
                )
            if self.order is not None:
                problem = self.order.accept(event.type)
                if problem:
                    self.log.fail("board.order", f"event {event.seq}", problem)
            self.seen.add(event.type)
        self.head = event.hash
        self.events += 1

    def _ballot_stream(
        self, first: Event, stream: Iterator[Event], rest: list[Event]
    ) -> Iterator[Event]:
        yield first
        self._tick()
        for event in stream:
            if event.type not in _BALLOTS:
                rest.append(event)
                return
            self._admit(event)
            yield event
            self._tick()

    def _tick(self) -> None:
        self.ballots_read += 1
        if self.progress is not None:
            self.progress(self.ballots_read)

    def _add_segment(self, segment: Segment) -> None:
        self.log.merge(segment.log)
        segment.log = FailureLog()
        if self.segment is None or (self.segment.cast == 0 and self.segment.audited == 0):
            self.segment = segment
        else:
            self.segment.merge(segment)

    # ---------------------------------------------------------------- dispatch

    def _dispatch(self, event: Event) -> None:
        item = f"event {event.seq} ({event.type})"
        if event.seq == 0:
            self._setup(event)
            return
        election = self.election
        if election is None or event.type == "?":
            return
        keys, trustees = self.keys, self.trustees
        assert keys is not None and trustees is not None
        if event.type in SIGNED:
            trustees.signature(event.type, event.payload, item)
        if event.type in ("open", "close"):
            trustees.on_head(event.type, event.hash)
        elif event.type in ("decryption_share", "mix_share"):
            trustees.on_share(event.payload, item)
        elif event.type == "result":
            trustees.on_result(item)
        handlers: dict[str, Callable[[JsonObject, str], None]] = {
            "trustee_commitment": keys.on_commitment,
            "trustee_complaint": keys.on_complaint,
            "trustee_answer": keys.on_answer,
            "joint_key": keys.on_joint_key,
            "voter_list": lambda p, i: check_voter_list(election, p, i, self.log, event.line),
            "open": self._open,
            "close": self._close,
            "tally": self._tally,
            "decryption_share": self._share,
            "result": self._result,
            "attestation": trustees.on_attestation,
            "mix": lambda p, i: self._mixer().on_mix(p, i, event.hash),
            "mix_share": lambda p, i: self._mixer().on_share(p, i),
            "setup": lambda p, i: self.log.fail("board.order", i, "setup only as event 0"),
        }
        handlers[event.type](event.payload, item)

    def _setup(self, event: Event) -> None:
        item = f"event 0 ({event.type})"
        if event.type != "setup":
            self.log.fail("manifest.valid", item, "event 0 must be setup")
            return
        try:
            require_keys(event.payload, f"{item}.payload", ("manifest",))
            manifest = parse_manifest(event.payload["manifest"])
        except InvalidEncoding as exc:
            self.log.fail("manifest.valid", item, str(exc))
            return
        self.manifest_value = event.payload["manifest"]
        self.election = Election(manifest)
        self.order = EventOrder(manifest.trustees)
        self.order.accept("setup")
        self.keys = KeyCeremony(self.election, self.log)
        self.trustees = TrusteeEvents(self.election, self.log)

    def _open(self, payload: JsonObject, item: str) -> None:
        assert self.election is not None
        check_open(self.election, payload, item, self.log)
        if self.segment is None:
            self.segment = Segment.empty(self.election.manifest)

    def _segment(self) -> Segment:
        assert self.election is not None
        if self.segment is None:
            self.segment = Segment.empty(self.election.manifest)
        return self.segment

    def _close(self, payload: JsonObject, item: str) -> None:
        check_close(payload, self._segment(), item, self.log)

    def _tally(self, payload: JsonObject, item: str) -> None:
        assert self.election is not None
        segment = self._segment()
        grid = check_tally(payload, self.election, segment, item, self.log)
        self.decryption = Decryption(self.election, grid, segment.weight, self.log)
        self._mixer().start(segment, self.head or "")

    def _mixer(self) -> Mixing:
        assert self.election is not None
        if self.mixing is None:
            self.mixing = Mixing(self.election, self.log)
        return self.mixing

    def _share(self, payload: JsonObject, item: str) -> None:
        if self.decryption is None:
            self.log.fail("decryption.shares", item, "a decryption share before the tally")
            return
        self.decryption.on_share(payload, item)

    def _result(self, payload: JsonObject, item: str) -> None:
        if self.decryption is None:
            self.log.fail("result.counts", item, "a result before the tally")
            return
        self.decryption.on_result(payload, item)
        self._outcomes(payload, item)

    def _outcomes(self, payload: JsonObject, item: str) -> None:
        assert self.election is not None and self.decryption is not None
        contests = self.election.manifest.contests
        try:
            raw = get_list(payload, "contests", item, min_len=len(contests), max_len=len(contests))
            rows = [get_object(r, f"{item}.contests[{k}]") for k, r in enumerate(raw)]
        except InvalidEncoding:
            return  # result.counts has failed already, naming the defect
        seg = self._segment()
        counted = [c for c, st in seg.creds.items() if st.first_seq >= 0]
        proven = self.decryption.proven
        self.outcomes_checked += check_outcomes(
            rows, self.election, counted, proven, item, self.log
        )
        self.outcomes_checked += check_questions(
            payload, rows, self.election, counted, proven, item, self.log
        )
        mixing = self._mixer()
        mixing.on_result(item)
        self.ranked_checked += check_rankings(rows, mixing, counted, item, self.log)

    # ---------------------------------------------------------------- summary

    def not_run(self, check_id: str) -> tuple[CheckStatus, str] | None:
        """Why a check without failures did not actually run, if it did not."""
        if check_id in _ALWAYS:
            return None
        if check_id in _RANKED_CHECKS and self.election is not None:
            ranked = any(c.kind == "rank" for c in self.election.manifest.contests)
            if not ranked or "result" in self.seen:
                return None
        if self.election is None:
            if check_id == "manifest.file" or check_id == "manifest.valid":
                return None
            return CheckStatus.SKIPPED, "not run: no valid manifest"
        needed = _NEEDS.get(check_id)
        if needed is None and check_id.startswith(("ballots.", "audits.")):
            needed = "open"
        if needed is not None and needed not in self.seen:
            phase = self.order.phase if self.order else "start"
            return CheckStatus.NOT_REACHED, f"not on the board yet (snapshot ends at {phase})"
        return None

    def note(self, check_id: str) -> str:
        seg = self.segment
        if check_id.startswith("ballots.") and seg is not None:
            return f"{seg.cast} cast ballots"
        if check_id == "audits.reveal" and seg is not None:
            return f"{seg.audited} audited ballots"
        if check_id == "board.chain":
            return f"{self.events} events, head {self.head[:16] if self.head else '-'}"
        if check_id == "tally.ciphertexts" and seg is not None:
            return f"{seg.counted} counted ballots, weight {seg.weight}"
        if check_id == "result.outcome" and self.election is not None:
            manifest = self.election.manifest
            ruled = sum(1 for c in manifest.contests if c.rule and c.kind != "rank")
            ruled += len(manifest.questions)
            if not ruled:
                return "the manifest states no outcome rule"
            return f"{self.outcomes_checked} of {ruled} outcomes recomputed"
        if check_id.startswith("mix.") and self.mixing is not None:
            return f"{self.mixing.mixes_checked} mixes of {len(self.mixing.chains)} ranked contests"
        if check_id == "result.ranked_outcome":
            return f"{self.ranked_checked} ranked outcomes recomputed"
        if check_id == "decryption.shares" and self.decryption is not None:
            return f"trustees {sorted(self.decryption.shares)}"
        if check_id == "voters.registrar" and self.election is not None:
            key = self.election.manifest.registrar_key
            return SERVER_CREDENTIALS if key is None else f"registrar key {key_fingerprint(key)}"
        return ""

    def facts(self) -> dict[str, Any]:
        seg = self.segment
        return {
            "events": self.events,
            "head": self.head,
            "manifest": self.manifest_hash,
            "phase": self.order.phase if self.order else "start",
            "complete": "result" in self.seen,
            "cast": seg.cast if seg else 0,
            "audited": seg.audited if seg else 0,
            "counted": seg.counted if seg else 0,
            "replaced": seg.cast - seg.counted if seg else 0,
            "credentials": self.election.manifest.credentials if self.election else None,
            **self._credential_facts(),
        }

    def _credential_facts(self) -> dict[str, Any]:
        """Who eligibility rests on: the registrar (its key's fingerprint) or the server."""
        if self.election is None:
            return {}
        key = self.election.manifest.registrar_key
        if key is None:
            return {"eligibility": SERVER_CREDENTIALS}
        return {"registrar_key": key_fingerprint(key)}
