"""Election use cases: create, key ceremony, roll, invitations, open, close, turnout, record.

Every use case runs in one unit of work: it reads, checks, writes and commits, or
raises a typed error and stores nothing. Casting and auditing ballots are in
:mod:`suffrage.service.casting`.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from suffrage.crypto.group import Element, RandomSource
from suffrage.errors import Conflict, InvalidInput, NotFound, ProtocolError
from suffrage.protocol.ballot import BallotContext
from suffrage.protocol.board import parse_board
from suffrage.protocol.election import Election as Machine
from suffrage.protocol.encoding import Json, canonical
from suffrage.protocol.manifest import Manifest, parse_manifest
from suffrage.protocol.ranked import one_vote_styles
from suffrage.protocol.record import archive, record_files
from suffrage.protocol.voters import Voter, VoterList, build_voter_list
from suffrage.service.checking import ContextSpec, context_of
from suffrage.service.credential_lists import (
    check_upload,
    listed_styles,
    refuse_in_registrar_mode,
    registrar_mode,
    stored_voter_list,
)
from suffrage.service.delivery import check_header
from suffrage.service.invitations import Invitations, MailText, english_invitation
from suffrage.service.model import (
    BoardRecord,
    CredentialList,
    Election,
    Phase,
    RollEntry,
    RollPreview,
    Turnout,
)
from suffrage.service.ports import Clock, UnitOfWork, UnitOfWorkFactory
from suffrage.service.presets import ElectionRequest, manifest_from_preset
from suffrage.service.replay import Machines, store_event
from suffrage.service.roll import parse_roll
from suffrage.service.roll_changes import RollChanges, parse_changes
from suffrage.service.verification import RecordReports, VerifiedRecord

__all__ = ["ElectionService", "MailText", "english_invitation"]


@dataclass
class ElectionService:
    """The use cases of running elections, over the ports given."""

    uow: UnitOfWorkFactory
    clock: Clock
    rng: RandomSource
    base_url: str = "http://127.0.0.1:8000"
    mail_text: MailText = english_invitation
    mail_domain: str = "localhost"
    #: called once invitations are queued (wakes the sending worker)
    wake: Callable[[], None] = field(default=lambda: None, repr=False)
    machines: Machines = field(default_factory=Machines, repr=False)
    _styles: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    _specs: dict[str, ContextSpec] = field(default_factory=dict, repr=False)
    _closes: dict[str, datetime | None] = field(default_factory=dict, repr=False)
    _filling: threading.Lock = field(default_factory=threading.Lock, repr=False)
    invitations: Invitations = field(init=False, repr=False)
    #: the verifier's report per election, kept while its board head stays the same
    reports: RecordReports = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.invitations = Invitations(
            self.uow,
            self.clock,
            self.rng,
            self.base_url,
            self.mail_text,
            self.mail_domain,
            lambda: self.wake(),
        )
        self.reports = RecordReports(self.head, self.record)

    # ------------------------------------------------------------------ reading

    def get(self, election_id: str) -> Election:
        with self.uow() as uow:
            return _get(uow, election_id)

    def elections(self) -> Sequence[Election]:
        with self.uow() as uow:
            return uow.elections.list()

    def board(
        self, election_id: str, start: int = 0, limit: int | None = None
    ) -> list[BoardRecord]:
        with self.uow() as uow:
            _get(uow, election_id)
            return uow.board.read(election_id, start, limit)

    def record(self, election_id: str) -> dict[str, bytes]:
        """The record files (7.3): ``manifest.json``, ``board.jsonl``, ``head.json``."""
        with self.uow() as uow:
            _get(uow, election_id)
            events = uow.board.read(election_id)
        board = parse_board(b"".join(r.line.encode("utf-8") + b"\n" for r in events))
        return record_files(board)

    def head(self, election_id: str) -> str | None:
        """The hash of the board's last event (``None`` for an empty board)."""
        with self.uow() as uow:
            _get(uow, election_id)
            last = uow.board.head(election_id)
        return None if last is None else last.hash

    def verified_record(self, election_id: str) -> VerifiedRecord:
        """The independent verifier's report on the record as it is now (kept per head)."""
        return self.reports.get(election_id)

    def record_archive(self, election_id: str) -> bytes:
        """The record as a reproducible ``.tar.gz`` archive."""
        return archive(self.record(election_id))

    def ballot_context(self, election_id: str) -> BallotContext:
        """Manifest and joint key of an election with a key (cached per election)."""
        return context_of(self.context_spec(election_id))

    def context_spec(self, election_id: str) -> ContextSpec:
        """What a ballot-checking process needs to build the context (cached per election)."""
        spec = self._specs.get(election_id)
        if spec is None:
            with self._filling:  # concurrent first casts read the election once
                spec = self._specs.get(election_id)
                if spec is None:
                    election = self.get(election_id)
                    if election.public_key is None:
                        raise Conflict("the election has no joint key yet")
                    manifest = canonical(election.manifest).decode("utf-8")
                    spec = ContextSpec(election.manifest_hash, election.public_key, manifest)
                    self._closes[election_id] = election.closes_at
                    self._specs[election_id] = spec
        return spec

    def check_voting_time(self, election_id: str) -> None:
        """:class:`Conflict` once the scheduled closing time has passed (even if the
        scheduler has not closed the election yet). Cheap: the time is cached."""
        closes_at = self._closes.get(election_id)
        if closes_at is not None and self.clock.now() >= closes_at:
            raise Conflict(f"voting closed at {closes_at.isoformat()}")

    def schedule(
        self, election_id: str, opens_at: datetime | None, closes_at: datetime | None
    ) -> Election:
        """Set (or clear, with ``None``) when the server opens and closes the election."""
        now = self.clock.now()
        for name, when in (("opens_at", opens_at), ("closes_at", closes_at)):
            if when is not None and (when.tzinfo is None or when <= now):
                raise InvalidInput(f"{name}: a time in the future, with its time zone")
        if opens_at is not None and closes_at is not None and closes_at <= opens_at:
            raise InvalidInput("closes_at: after opens_at")
        # stored in UTC: SQLite keeps no time zone
        opens_at = opens_at.astimezone(UTC) if opens_at is not None else None
        closes_at = closes_at.astimezone(UTC) if closes_at is not None else None
        with self.uow() as uow:
            election = uow.elections.get_for_update(election_id)
            if election is None:
                raise NotFound(f"no election {election_id!r}")
            if election.phase not in (Phase.KEYS, Phase.OPEN):
                raise Conflict(f"the election is {election.phase.value}: nothing to schedule")
            if election.phase is Phase.OPEN and opens_at is not None:
                raise Conflict("the election is already open")
            uow.elections.set_schedule(election_id, opens_at, closes_at)
            uow.commit()
        self._closes[election_id] = closes_at
        return self.get(election_id)

    def cached(self, election_id: str) -> bool:
        """Whether the context and the voter styles of an election are in memory."""
        return election_id in self._specs and election_id in self._styles

    def voter_styles(self, election_id: str) -> Mapping[str, str]:
        """Public credential -> ballot style, fixed from the opening on (cached)."""
        styles = self._styles.get(election_id)
        if styles is None:
            with self._filling:  # concurrent first casts read the roll once
                styles = self._styles.get(election_id)
                if styles is None:
                    styles = self._read_styles(election_id)
                    self._styles[election_id] = styles
        return styles

    def _read_styles(self, election_id: str) -> dict[str, str]:
        with self.uow() as uow:
            election = _get(uow, election_id)
            if election.phase in (Phase.DRAFT, Phase.KEYS):
                raise Conflict(f"the election is {election.phase.value}, not open")
            if registrar_mode(election.manifest):
                stored = uow.credential_lists.get(election_id)
                return {} if stored is None else listed_styles(stored)
            roll = uow.roll.list(election_id)
        return {str(e.credential): e.style for e in roll if e.credential is not None}

    def turnout(self, election_id: str) -> Turnout:
        """Participation counts only; no choice is ever revealed before the result."""
        with self.uow() as uow:
            election = _get(uow, election_id)
            roll: Sequence[RollEntry]
            if registrar_mode(election.manifest):
                roll = _listed_roll(uow.credential_lists.get(election_id))
            else:
                roll = uow.roll.list(election_id)
            voted = uow.board.voted_credentials(election_id)
            ballots = uow.board.count(election_id, "ballot")
            audited = uow.board.count(election_id, "audit")
        by_style: dict[str, tuple[int, int]] = {}
        for entry in roll:
            eligible, did = by_style.get(entry.style, (0, 0))
            by_style[entry.style] = (eligible + 1, did + (entry.credential in voted))
        invited = sum(1 for e in roll if e.credential is not None)
        return Turnout(len(roll), invited, len(voted), ballots, audited, election.phase, by_style)

    def roll(self, election_id: str) -> Sequence[RollEntry]:
        """The voters on the roll, with whether each has been invited."""
        with self.uow() as uow:
            _get(uow, election_id)
            return uow.roll.list(election_id)

    def ceremony(self, election_id: str) -> dict[str, int]:
        """How far the trustees are: commitments, complaints, decryption shares posted."""
        kinds = ("trustee_commitment", "trustee_complaint", "trustee_answer", "decryption_share")
        with self.uow() as uow:
            _get(uow, election_id)
            return {k: uow.board.count(election_id, k) for k in kinds}

    # ------------------------------------------------------------------ setup

    def create(self, manifest_json: Json) -> Election:
        """Fix the manifest and post the ``setup`` event; the key ceremony comes next.

        A manifest without a ``nonce`` gets a fresh random one, so that no two elections
        share a manifest hash (and no proof or signature carries over between them).
        """
        if isinstance(manifest_json, dict) and "nonce" not in manifest_json:
            manifest_json = {**manifest_json, "nonce": self.rng(32).hex()}
        manifest = parse_manifest(manifest_json)
        check_header("title", manifest.title)  # it becomes the invitations' Subject
        with self.uow() as uow:
            if uow.elections.get(manifest.id) is not None:
                raise Conflict(f"an election with id {manifest.id!r} already exists")
            election = Election(
                id=manifest.id,
                title=manifest.title,
                manifest=manifest.to_json(),
                manifest_hash=manifest.hash_hex,
                phase=Phase.KEYS,
                created_at=self.clock.now(),
            )
            uow.elections.add(election)
            machine = Machine()
            store_event(uow, manifest.id, machine.setup(manifest), at=election.created_at)
            uow.commit()
        self.machines.keep(manifest.id, machine)
        return election

    def create_from_preset(self, request: ElectionRequest) -> Election:
        """An election whose contest follows a constitution preset's ballot and outcome rules.

        The seed of the lot that breaks ties is drawn here unless the request gives one.
        """
        if not request.tie_seed:
            request = dataclasses.replace(request, tie_seed=self.rng(32).hex())
        return self.create(manifest_from_preset(request))

    def preview_roll(self, election_id: str, csv_text: str) -> RollPreview:
        election = self.get(election_id)
        refuse_in_registrar_mode(election.manifest, "no roll import")
        return parse_roll(csv_text, _styles(election), _one_vote_styles(election))

    def import_roll(self, election_id: str, csv_text: str) -> RollPreview:
        """Replace the roll with the file's voters, or store nothing if any row is invalid."""
        with self.uow() as uow:
            election = _locked(uow, election_id, Phase.KEYS)
            refuse_in_registrar_mode(election.manifest, "no roll import")
            if any(e.credential is not None for e in uow.roll.list(election_id)):
                raise Conflict("invitations have been sent: the roll can no longer be replaced")
            preview = parse_roll(csv_text, _styles(election), _one_vote_styles(election))
            if not preview.ok:
                details = [e.as_dict() for e in preview.errors]
                raise InvalidInput(f"the roll has {len(details)} error(s); nothing stored", details)
            uow.roll.replace_all(election_id, preview.entries)
            uow.commit()
        return preview

    def preview_changes(self, election_id: str, csv_text: str) -> RollChanges:
        """What a change file would do to the roll, with every row error."""
        with self.uow() as uow:
            election = _get(uow, election_id)
            current = list(uow.roll.list(election_id))
        return parse_changes(csv_text, _styles(election), current, _one_vote_styles(election))

    def change_roll(self, election_id: str, csv_text: str) -> RollChanges:
        """Add, remove and correct voters until the election opens (all or nothing).

        A removed voter's credential and queued mail go with her. A voter invited at an
        e-mail address that is corrected gets a new credential, mailed to the new one
        (the code sent to the old address stops working).
        """
        reissued = False
        with self.uow() as uow:
            election = _locked(uow, election_id, Phase.KEYS)
            refuse_in_registrar_mode(election.manifest, "no roll changes")
            changes = parse_changes(
                csv_text,
                _styles(election),
                list(uow.roll.list(election_id)),
                _one_vote_styles(election),
            )
            if not changes.ok:
                details = [e.as_dict() for e in changes.errors]
                raise InvalidInput(
                    f"the changes have {len(details)} error(s); nothing changed", details
                )
            before = {e.voter_id: e for e in uow.roll.list(election_id)}
            for change in changes.changes:
                entry = change.entry
                if change.action == "add":
                    uow.roll.add(election_id, entry)
                elif change.action == "remove":
                    uow.roll.remove(election_id, entry.voter_id)
                    uow.deliveries.forget(election_id, entry.voter_id)
                else:
                    uow.roll.correct(election_id, entry)
                    old = before.get(entry.voter_id)
                    if old is not None and old.credential and old.email != entry.email:
                        self.invitations.issue(uow, election, entry)
                        reissued = True
            uow.commit()
        if reissued:
            self.wake()
        return changes

    def invite(self, election_id: str) -> int:
        """Issue credentials and queue the invitations (:class:`Invitations`).

        Server mode only: with a registrar the server never makes a credential.
        """
        refuse_in_registrar_mode(self.get(election_id).manifest, "no invitations")
        return self.invitations.invite(election_id)

    # ------------------------------------------------------------------ registrar mode

    def upload_credentials(self, election_id: str, document: Json) -> CredentialList:
        """Store the registrar's signed public list (replacing any earlier one) until opening.

        Nothing is stored unless the registrar's signature holds against the manifest's
        key, the manifest hash is this election's and every entry is well-formed.
        """
        with self.uow() as uow:
            election = _locked(uow, election_id, Phase.KEYS)
            if not registrar_mode(election.manifest):
                raise Conflict(
                    "this election's credentials are generated by the server: "
                    "import a roll and send invitations instead"
                )
            voters = check_upload(document, self.machines.load(uow, election_id).manifest)
            stored = CredentialList(
                canonical(document).decode("utf-8"), len(voters.voters), self.clock.now()
            )
            uow.credential_lists.put(election_id, stored)
            uow.commit()
        return stored

    def credential_list(self, election_id: str) -> CredentialList | None:
        """The registrar's list uploaded for this election, if any."""
        with self.uow() as uow:
            _get(uow, election_id)
            return uow.credential_lists.get(election_id)

    # ------------------------------------------------------------------ lifecycle

    def open(self, election_id: str) -> Election:
        """Post the voter list and ``open``; ballots are accepted from then on."""
        with self.uow() as uow:
            election = _locked(uow, election_id, Phase.KEYS)
            if election.opens_at is not None and self.clock.now() < election.opens_at:
                raise Conflict(f"the election is scheduled to open at {election.opens_at}")
            if election.public_key is None:
                raise Conflict("the key ceremony is not finished: no joint key yet")
            machine = self.machines.load(uow, election_id)
            if registrar_mode(election.manifest):
                vlist = _registrar_list(uow, election_id, machine.manifest)
            else:
                vlist = _server_list(uow, election_id, machine.manifest)
            try:
                event = machine.post_voter_list(vlist)
            except ProtocolError as exc:
                raise Conflict(str(exc)) from None
            now = self.clock.now()
            store_event(uow, election_id, event, at=now)
            store_event(uow, election_id, machine.open(), at=now)
            uow.elections.set_phase(election_id, Phase.OPEN, now)
            uow.commit()
        self.machines.keep(election_id, machine)
        return self.get(election_id)


def _server_list(uow: UnitOfWork, election_id: str, manifest: Manifest) -> VoterList:
    """The voter list of the credentials the server issued to its roll."""
    roll = uow.roll.list(election_id)
    if not roll:
        raise Conflict("the roll is empty")
    missing = [e.voter_id for e in roll if e.credential is None]
    if missing:
        raise Conflict(f"{len(missing)} voter(s) have not been invited yet")
    voters = [Voter(Element.from_hex(str(e.credential)), e.style, e.weight) for e in roll]
    try:
        return build_voter_list(voters, manifest)
    except ProtocolError as exc:
        raise Conflict(str(exc)) from None


def _registrar_list(uow: UnitOfWork, election_id: str, manifest: Manifest) -> VoterList:
    """The registrar's signed list, as uploaded."""
    stored = uow.credential_lists.get(election_id)
    if stored is None:
        raise Conflict("no public credential list yet: upload the registrar's list first")
    return stored_voter_list(stored, manifest)


def _listed_roll(stored: CredentialList | None) -> list[RollEntry]:
    """Turnout's view of a registrar's list: one anonymous entry per public credential."""
    if stored is None:
        return []
    styles = listed_styles(stored)
    return [RollEntry(cred, "", "", style, 1, cred) for cred, style in styles.items()]


def _get(uow: UnitOfWork, election_id: str) -> Election:
    election = uow.elections.get(election_id)
    if election is None:
        raise NotFound(f"no election {election_id!r}")
    return election


def _locked(uow: UnitOfWork, election_id: str, phase: Phase) -> Election:
    election = uow.elections.get_for_update(election_id)
    if election is None:
        raise NotFound(f"no election {election_id!r}")
    if election.phase is not phase:
        raise Conflict(f"the election is {election.phase.value}, not {phase.value}")
    return election


def _styles(election: Election) -> list[str]:
    return [str(s["id"]) for s in election.manifest["styles"]]


def _one_vote_styles(election: Election) -> set[str]:
    """Styles listing a ranked contest: their voters have weight 1 (protocol.md 7.16.1)."""
    return one_vote_styles(parse_manifest(election.manifest))
