"""The ballot segment of the board (between ``open`` and ``close``) as a mergeable partial.

A :class:`Segment` summarizes a run of consecutive ``ballot`` and ``audit`` events: the
counts, the weighted sum of the ballots that no later ballot *in the run* replaces, and per
credential only what a merge needs (its first ``replaces``, its last ballot's tracking code
and weighted ciphertexts, and the tracking codes it used). Memory is proportional to the
number of distinct credentials (voters), plus one entry per revote or audit, never to the
number of ballots as such. :meth:`Segment.merge` joins an earlier and a later run, so the
ballot stream can be checked in independent chunks and reduced in order (see ``plan``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from suffrage.crypto import Ciphertext, Element
from suffrage.crypto.hazmat import element_unchecked, raw_sum
from suffrage.verify.checks.ballots import CheckedBallot, ballot_item
from suffrage.verify.model import Manifest
from suffrage.verify.report import FailureLog

__all__ = ["Segment"]

#: Pending terms per option and sign before they are summed in one native call.
FLUSH_TERMS = 512


@dataclass(slots=True)
class _Pending:
    """Ciphertexts waiting to be added to (or subtracted from) one option's sum."""

    plus_alpha: bytearray = field(default_factory=bytearray)
    plus_beta: bytearray = field(default_factory=bytearray)
    minus_alpha: bytearray = field(default_factory=bytearray)
    minus_beta: bytearray = field(default_factory=bytearray)

    def add(self, ciphertext: bytes, *, subtract: bool) -> int:
        """Queue ``alpha || beta``; returns the number of terms queued on that side."""
        alphas, betas = (
            (self.minus_alpha, self.minus_beta) if subtract else (self.plus_alpha, self.plus_beta)
        )
        alphas += ciphertext[:32]
        betas += ciphertext[32:]
        return len(alphas) // 32

    def total(self) -> tuple[Ciphertext, Ciphertext]:
        """(sum of the added, sum of the subtracted) ciphertexts."""
        plus = Ciphertext(_sum(self.plus_alpha), _sum(self.plus_beta))
        minus = Ciphertext(_sum(self.minus_alpha), _sum(self.minus_beta))
        return plus, minus


def _sum(points: bytearray) -> Element:
    return element_unchecked(raw_sum(bytes(points)))


@dataclass(slots=True)
class _Cred:
    """One credential's state within a segment."""

    weight: int
    first_seq: int = -1  # seq of its first cast ballot here (-1: none yet)
    first_replaces: bytes | None = None
    last_code: bytes | None = None
    last_terms: bytes = b""  # weighted ciphertexts of the last cast ballot (contest-tagged)
    codes: bytes = b""  # (tracking code || u64be(seq)) for each cast or audited ballot


@dataclass(slots=True)
class Segment:
    """Partial result over consecutive ballot/audit events (see the module docstring)."""

    shape: tuple[int, ...]  # options per contest, manifest order
    cast: int = 0
    audited: int = 0
    folded: list[list[Ciphertext]] = field(default_factory=list)
    creds: dict[str, _Cred] = field(default_factory=dict)
    log: FailureLog = field(default_factory=FailureLog)
    pending: dict[tuple[int, int], _Pending] = field(default_factory=dict)

    @classmethod
    def empty(cls, manifest: Manifest) -> Segment:
        shape = tuple(c.options for c in manifest.contests)
        return cls(shape, folded=[[Ciphertext.zero()] * n for n in shape])

    @property
    def sums(self) -> list[list[Ciphertext]]:
        """Per contest and option, the weighted sum of the counted ballots' ciphertexts.

        Terms are queued and summed in batches by the native backend (one decoding per
        point, no encoding per addition); reading the sums folds what is queued.
        """
        self.fold()
        return self.folded

    def fold(self) -> None:
        """Add every queued term into :attr:`folded`."""
        for key in list(self.pending):
            self._fold_one(key)

    def _fold_one(self, key: tuple[int, int]) -> None:
        plus, minus = self.pending.pop(key).total()
        row = self.folded[key[0]]
        row[key[1]] = row[key[1]] + plus - minus

    # ---------------------------------------------------------------- one event

    def add_cast(self, seq: int, ballot: CheckedBallot, replaces: bytes | None) -> None:
        self.cast += 1
        st = self._cred(ballot)
        self._note_code(st, ballot.tracking_code, seq)
        if st.first_seq < 0:
            st.first_seq, st.first_replaces = seq, replaces
        elif replaces != st.last_code:
            self._bad_replaces(seq, ballot.tracking_code, replaces, st.last_code)
        if st.last_terms:
            self._apply(st.last_terms, subtract=True)
        st.last_code = ballot.tracking_code
        st.last_terms = _weighted_terms(ballot)
        self._apply(st.last_terms, subtract=False)

    def add_audit(self, seq: int, ballot: CheckedBallot) -> None:
        self.audited += 1
        self._note_code(self._cred(ballot), ballot.tracking_code, seq)

    def _cred(self, ballot: CheckedBallot) -> _Cred:
        st = self.creds.get(ballot.credential)
        if st is None:
            st = self.creds[ballot.credential] = _Cred(max(ballot.weight, 1))
        return st

    def _note_code(self, st: _Cred, code: bytes, seq: int) -> None:
        for other, other_seq in _entries(st.codes):
            if other == code:
                self.log.fail(
                    "ballots.unique",
                    ballot_item("ballot", seq, code),
                    f"tracking code already on the board at seq {other_seq}",
                )
                return
        st.codes += code + seq.to_bytes(8, "big")

    def _bad_replaces(
        self, seq: int, code: bytes, replaces: bytes | None, expected: bytes | None
    ) -> None:
        got = replaces.hex()[:16] if replaces else "null"
        want = expected.hex()[:16] if expected else "null"
        self.log.fail(
            "ballots.replaces",
            ballot_item("ballot", seq, code),
            f"replaces {got}, but the latest earlier ballot of this credential is {want}",
        )

    def _apply(self, terms: bytes, *, subtract: bool) -> None:
        for k in range(0, len(terms), 66):
            key = (terms[k], terms[k + 1])
            queue = self.pending.get(key)
            if queue is None:
                queue = self.pending[key] = _Pending()
            if queue.add(terms[k + 2 : k + 66], subtract=subtract) >= FLUSH_TERMS:
                self._fold_one(key)

    # ---------------------------------------------------------------- reduce

    def merge(self, later: Segment) -> None:
        """Append ``later`` (the next run of events) to this segment, in place."""
        self.cast += later.cast
        self.audited += later.audited
        self.fold()
        for row, other in zip(self.folded, later.sums, strict=True):
            for j, ct in enumerate(other):
                row[j] = row[j] + ct
        self.log.merge(later.log)
        for cred, st in later.creds.items():
            self._merge_cred(cred, st)

    def _merge_cred(self, cred: str, st: _Cred) -> None:
        mine = self.creds.get(cred)
        if mine is None:
            self.creds[cred] = st
            return
        for code, seq in _entries(st.codes):
            self._note_code(mine, code, seq)
        if st.first_seq < 0:
            return
        if st.first_replaces != mine.last_code:
            first = next(c for c, s in _entries(st.codes) if s == st.first_seq)
            self._bad_replaces(st.first_seq, first, st.first_replaces, mine.last_code)
        if mine.last_terms:
            self._apply(mine.last_terms, subtract=True)
        if mine.first_seq < 0:
            mine.first_seq, mine.first_replaces = st.first_seq, st.first_replaces
        mine.last_code, mine.last_terms = st.last_code, st.last_terms

    def finish(self) -> None:
        """At the start of the board's ballots: a first ballot replaces nothing."""
        for st in self.creds.values():
            if st.first_seq >= 0 and st.first_replaces is not None:
                code = next(c for c, s in _entries(st.codes) if s == st.first_seq)
                self._bad_replaces(st.first_seq, code, st.first_replaces, None)
            st.first_replaces = None

    @property
    def counted(self) -> int:
        return sum(1 for st in self.creds.values() if st.first_seq >= 0)

    @property
    def weight(self) -> int:
        return sum(st.weight for st in self.creds.values() if st.first_seq >= 0)


def _entries(codes: bytes) -> Iterator[tuple[bytes, int]]:
    for k in range(0, len(codes), 40):
        yield codes[k : k + 32], int.from_bytes(codes[k + 32 : k + 40], "big")


def _weighted_terms(ballot: CheckedBallot) -> bytes:
    """``w * E`` for each option, tagged ``contest index, option index`` (compact bytes)."""
    if ballot.ciphertexts is None:
        return b""
    parts = []
    for contest, cts in zip(ballot.contests, ballot.ciphertexts, strict=True):
        for j, ct in enumerate(cts):
            weighted = ct if ballot.weight <= 1 else ct.scale(ballot.weight)
            parts.append(bytes((contest.index, j)) + weighted.to_bytes())
    return b"".join(parts)
