"""Repositories over one SQLAlchemy connection (the unit of work's transaction)."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    bindparam,
    delete,
    func,
    insert,
    literal,
    select,
    union_all,
    update,
)
from sqlalchemy.exc import IntegrityError

from suffrage.adapters.db.tables import (
    admin_sessions,
    admins,
    board,
    credential_lists,
    elections,
    roll,
)
from suffrage.errors import Conflict
from suffrage.service.model import (
    AdminUser,
    BoardRecord,
    CastState,
    CredentialList,
    Election,
    Phase,
    RollEntry,
)

__all__ = [
    "SqlAdmins",
    "SqlBoard",
    "SqlCredentialLists",
    "SqlElections",
    "SqlRoll",
    "SqlSessions",
]

# The statements of the cast path, built once: building a statement and its cache key
# cost more Python time per cast than running it on SQLite.
_LOCK_PHASE = select(elections.c.phase).where(elections.c.id == bindparam("e")).with_for_update()
_BY_TRACKING_CODE = (
    select(board)
    .where((board.c.election_id == bindparam("e")) & (board.c.tracking_code == bindparam("t")))
    .limit(2)
)
_LAST_BALLOT = (
    select(board)
    .where(
        (board.c.election_id == bindparam("e"))
        & (board.c.credential == bindparam("c"))
        & (board.c.type == "ballot")
    )
    .order_by(board.c.seq.desc())
    .limit(1)
)
_HEAD = (
    select(board).where(board.c.election_id == bindparam("e")).order_by(board.c.seq.desc()).limit(1)
)
_APPEND = insert(board)
# A batch of casts reads, in one statement: the head (marked 0), which of its tracking
# codes are on the board (1), and the events of its credentials (2; the caller keeps the
# ballots). Three selects, each on its own index, and no ORDER BY: with one OR-ed select
# ordered by seq, SQLite walked every event of the election (through the primary key or
# the type index) on every batch, a cost growing with the board. Only the head's line
# is read (the others are read for their columns, not for the ballot they hold).
_NO_LINE = literal("").label("line")


def _columns_without_line(tag: int, matches: Any) -> Any:
    """The events matching ``matches`` in this election, tagged ``tag``, line left out."""
    return select(
        literal(tag).label("head"),
        board.c.election_id,
        board.c.seq,
        board.c.type,
        _NO_LINE,
        board.c.hash,
        board.c.credential,
        board.c.tracking_code,
        board.c.recorded_at,
    ).where((board.c.election_id == bindparam("e")) & matches)


_CAST_STATE = union_all(
    select(literal(0).label("head"), board)
    .where(
        board.c.seq
        == select(func.max(board.c.seq))
        .where(board.c.election_id == bindparam("e"))
        .scalar_subquery()
    )
    .where(board.c.election_id == bindparam("e")),
    _columns_without_line(1, board.c.tracking_code.in_(bindparam("codes", expanding=True))),
    _columns_without_line(2, board.c.credential.in_(bindparam("creds", expanding=True))),
)


def _utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _election(row: Any) -> Election:
    return Election(
        id=row.id,
        title=row.title,
        manifest=json.loads(row.manifest),
        manifest_hash=row.manifest_hash,
        phase=Phase(row.phase),
        created_at=_utc(row.created_at) or datetime.now(UTC),
        public_key=row.public_key,
        opened_at=_utc(row.opened_at),
        closed_at=_utc(row.closed_at),
        opens_at=_utc(row.opens_at),
        closes_at=_utc(row.closes_at),
    )


class SqlElections:
    def __init__(self, conn: Connection) -> None:
        self._c = conn

    def add(self, election: Election) -> None:
        manifest = json.dumps(election.manifest, ensure_ascii=False, sort_keys=True)
        self._c.execute(
            insert(elections).values(
                id=election.id,
                title=election.title,
                manifest=manifest,
                manifest_hash=election.manifest_hash,
                phase=election.phase.value,
                public_key=election.public_key,
                created_at=election.created_at,
            )
        )

    def get(self, election_id: str) -> Election | None:
        row = self._c.execute(select(elections).where(elections.c.id == election_id)).first()
        return None if row is None else _election(row)

    def get_for_update(self, election_id: str) -> Election | None:
        query = select(elections).where(elections.c.id == election_id).with_for_update()
        row = self._c.execute(query).first()
        return None if row is None else _election(row)

    def lock_phase(self, election_id: str) -> Phase | None:
        value = self._c.execute(_LOCK_PHASE, {"e": election_id}).scalar_one_or_none()
        return None if value is None else Phase(value)

    def list(self) -> Sequence[Election]:
        rows = self._c.execute(select(elections).order_by(elections.c.created_at.desc()))
        return [_election(r) for r in rows]

    def set_phase(self, election_id: str, phase: Phase, at: datetime | None = None) -> None:
        values: dict[str, Any] = {"phase": phase.value}
        if phase is Phase.OPEN:
            values["opened_at"] = at
        elif phase is Phase.CLOSED:
            values["closed_at"] = at
        self._c.execute(update(elections).where(elections.c.id == election_id).values(**values))

    def set_schedule(
        self, election_id: str, opens_at: datetime | None, closes_at: datetime | None
    ) -> None:
        query = update(elections).where(elections.c.id == election_id)
        self._c.execute(query.values(opens_at=opens_at, closes_at=closes_at))

    def set_public_key(self, election_id: str, public_key: str) -> None:
        query = update(elections).where(elections.c.id == election_id)
        self._c.execute(query.values(public_key=public_key))


def _entry(row: Any) -> RollEntry:
    return RollEntry(
        voter_id=row.voter_id,
        name=row.name,
        email=row.email,
        style=row.style,
        weight=row.weight,
        credential=row.credential,
        invited_at=_utc(row.invited_at),
    )


class SqlRoll:
    def __init__(self, conn: Connection) -> None:
        self._c = conn

    def replace_all(self, election_id: str, entries: Sequence[RollEntry]) -> None:
        self._c.execute(roll.delete().where(roll.c.election_id == election_id))
        rows = [
            {
                "election_id": election_id,
                "voter_id": e.voter_id,
                "name": e.name,
                "email": e.email,
                "style": e.style,
                "weight": e.weight,
                "credential": None,
                "invited_at": None,
            }
            for e in entries
        ]
        for start in range(0, len(rows), 5000):
            self._c.execute(insert(roll), rows[start : start + 5000])

    def list(self, election_id: str) -> Sequence[RollEntry]:
        query = select(roll).where(roll.c.election_id == election_id).order_by(roll.c.voter_id)
        return [_entry(r) for r in self._c.execute(query)]

    def set_credential(
        self, election_id: str, voter_id: str, credential: str | None, at: datetime | None
    ) -> None:
        where = (roll.c.election_id == election_id) & (roll.c.voter_id == voter_id)
        self._c.execute(update(roll).where(where).values(credential=credential, invited_at=at))

    def add(self, election_id: str, entry: RollEntry) -> None:
        self._c.execute(
            insert(roll).values(
                election_id=election_id,
                voter_id=entry.voter_id,
                name=entry.name,
                email=entry.email,
                style=entry.style,
                weight=entry.weight,
                credential=None,
                invited_at=None,
            )
        )

    def remove(self, election_id: str, voter_id: str) -> None:
        where = (roll.c.election_id == election_id) & (roll.c.voter_id == voter_id)
        self._c.execute(delete(roll).where(where))

    def correct(self, election_id: str, entry: RollEntry) -> None:
        """Replace a voter's name, e-mail, style and weight (her credential stays)."""
        where = (roll.c.election_id == election_id) & (roll.c.voter_id == entry.voter_id)
        values = {"name": entry.name, "email": entry.email, "style": entry.style}
        self._c.execute(update(roll).where(where).values(weight=entry.weight, **values))

    def by_credential(self, election_id: str, credential: str) -> RollEntry | None:
        where = (roll.c.election_id == election_id) & (roll.c.credential == credential)
        row = self._c.execute(select(roll).where(where)).first()
        return None if row is None else _entry(row)


class SqlCredentialLists:
    def __init__(self, conn: Connection) -> None:
        self._c = conn

    def put(self, election_id: str, stored: CredentialList) -> None:
        self._c.execute(
            credential_lists.delete().where(credential_lists.c.election_id == election_id)
        )
        values = {
            "election_id": election_id,
            "document": stored.document,
            "voters": stored.voters,
            "uploaded_at": stored.uploaded_at,
        }
        self._c.execute(insert(credential_lists).values(**values))

    def get(self, election_id: str) -> CredentialList | None:
        query = select(credential_lists).where(credential_lists.c.election_id == election_id)
        row = self._c.execute(query).first()
        if row is None:
            return None
        return CredentialList(row.document, row.voters, _utc(row.uploaded_at) or row.uploaded_at)


def _record(row: Any) -> BoardRecord:
    return BoardRecord(
        election_id=row.election_id,
        seq=row.seq,
        type=row.type,
        line=row.line,
        hash=row.hash,
        credential=row.credential,
        tracking_code=row.tracking_code,
        recorded_at=_utc(row.recorded_at),
    )


def _row(record: BoardRecord) -> dict[str, Any]:
    return {
        "election_id": record.election_id,
        "seq": record.seq,
        "type": record.type,
        "line": record.line,
        "hash": record.hash,
        "credential": record.credential,
        "tracking_code": record.tracking_code,
        "recorded_at": record.recorded_at,
    }


class SqlBoard:
    """Append and read; this class deliberately has no update or delete."""

    def __init__(self, conn: Connection) -> None:
        self._c = conn

    def append(self, record: BoardRecord) -> None:
        try:
            self._insert(record)
        except IntegrityError:
            raise Conflict(
                "the board changed concurrently or the ballot is already on it"
            ) from None

    def append_all(self, records: Sequence[BoardRecord]) -> None:
        if not records:
            return
        try:
            self._c.execute(_APPEND, [_row(r) for r in records])
        except IntegrityError:
            raise Conflict("the board changed concurrently or a ballot is already on it") from None

    def _insert(self, record: BoardRecord) -> None:
        self._c.execute(_APPEND, _row(record))

    def head(self, election_id: str) -> BoardRecord | None:
        row = self._c.execute(_HEAD, {"e": election_id}).first()
        return None if row is None else _record(row)

    def read(self, election_id: str, start: int = 0, limit: int | None = None) -> list[BoardRecord]:
        query = select(board).where((board.c.election_id == election_id) & (board.c.seq >= start))
        query = query.order_by(board.c.seq)
        if limit is not None:
            query = query.limit(limit)
        return [_record(r) for r in self._c.execute(query)]

    def count(self, election_id: str, type_: str | None = None) -> int:
        where = board.c.election_id == election_id
        if type_ is not None:
            where = where & (board.c.type == type_)
        return int(
            self._c.execute(select(func.count()).select_from(board).where(where)).scalar_one()
        )

    def find_tracking_code(self, election_id: str, tracking_code: str) -> BoardRecord | None:
        if len(tracking_code) == 64:
            rows = self._c.execute(_BY_TRACKING_CODE, {"e": election_id, "t": tracking_code}).all()
        else:
            where = board.c.election_id == election_id
            where = where & board.c.tracking_code.startswith(tracking_code, autoescape=True)
            rows = self._c.execute(select(board).where(where).limit(2)).all()
        return _record(rows[0]) if len(rows) == 1 else None

    def last_of_type(self, election_id: str, type_: str) -> BoardRecord | None:
        where = (board.c.election_id == election_id) & (board.c.type == type_)
        query = select(board).where(where).order_by(board.c.seq.desc()).limit(1)
        row = self._c.execute(query).first()
        return None if row is None else _record(row)

    def last_ballot(self, election_id: str, credential: str) -> BoardRecord | None:
        first = self._c.execute(_LAST_BALLOT, {"e": election_id, "c": credential}).first()
        return None if first is None else _record(first)

    def cast_state(
        self, election_id: str, codes: Collection[str], credentials: Collection[str]
    ) -> CastState:
        params = {"e": election_id, "codes": list(codes), "creds": list(credentials)}
        head, present, last = None, set(), {}
        wanted = set(codes)
        rows = sorted(self._c.execute(_CAST_STATE, params), key=lambda row: row.seq)
        for row in rows:
            if row.head == 0:
                head = _record(row)
                continue
            if row.tracking_code in wanted:
                present.add(row.tracking_code)
            if row.type == "ballot" and row.credential in credentials:
                last[row.credential] = row.tracking_code
        return CastState(head, present, last)

    def voted_credentials(self, election_id: str) -> set[str]:
        where = (board.c.election_id == election_id) & (board.c.type == "ballot")
        rows = self._c.execute(select(board.c.credential).where(where).distinct())
        return {r[0] for r in rows if r[0] is not None}


def _admin(row: Any) -> AdminUser:
    return AdminUser(
        row.id,
        row.username,
        row.password_hash,
        _utc(row.created_at) or row.created_at,
        _utc(row.disabled_at),
    )


class SqlAdmins:
    def __init__(self, conn: Connection) -> None:
        self._c = conn

    def add(self, username: str, password_hash: str, at: datetime) -> AdminUser:
        values = {"username": username, "password_hash": password_hash, "created_at": at}
        result = self._c.execute(insert(admins).values(**values).returning(admins.c.id))
        return AdminUser(int(result.scalar_one()), username, password_hash, at)

    def get(self, username: str) -> AdminUser | None:
        row = self._c.execute(select(admins).where(admins.c.username == username)).first()
        return None if row is None else _admin(row)

    def list(self) -> Sequence[AdminUser]:
        rows = self._c.execute(select(admins).order_by(admins.c.username)).all()
        return [_admin(r) for r in rows]

    def count(self) -> int:
        return int(self._c.execute(select(func.count()).select_from(admins)).scalar_one())

    def set_password(self, username: str, password_hash: str) -> None:
        where = admins.c.username == username
        self._c.execute(update(admins).where(where).values(password_hash=password_hash))

    def set_disabled(self, username: str, at: datetime | None) -> None:
        self._c.execute(update(admins).where(admins.c.username == username).values(disabled_at=at))


class SqlSessions:
    """Administrator sessions by the SHA-256 of their token."""

    def __init__(self, conn: Connection) -> None:
        self._c = conn

    def add(self, token_hash: str, username: str, at: datetime, expires_at: datetime) -> None:
        self._c.execute(
            insert(admin_sessions).values(
                token_hash=token_hash, username=username, created_at=at, expires_at=expires_at
            )
        )

    def get(self, token_hash: str) -> tuple[str, datetime] | None:
        row = self._c.execute(
            select(admin_sessions.c.username, admin_sessions.c.expires_at).where(
                admin_sessions.c.token_hash == token_hash
            )
        ).first()
        if row is None:
            return None
        return str(row.username), _utc(row.expires_at) or row.expires_at

    def delete(self, token_hash: str) -> None:
        self._c.execute(delete(admin_sessions).where(admin_sessions.c.token_hash == token_hash))

    def delete_user(self, username: str) -> int:
        result = self._c.execute(
            delete(admin_sessions).where(admin_sessions.c.username == username)
        )
        return int(result.rowcount)

    def delete_expired(self, now: datetime) -> None:
        self._c.execute(delete(admin_sessions).where(admin_sessions.c.expires_at <= now))
