"""``suffrage db backup`` and ``restore``: a consistent copy of the service's database.

SQLite: SQLite's online backup (a consistent snapshot while the server runs) into a new
file of mode 0600; restoring copies it back the same way. PostgreSQL: ``pg_dump`` in its
custom format (of the schema in the URL's ``search_path``, if any, else the whole
database) and ``pg_restore --clean``. A restore over a database that holds elections is
refused unless forced. Besides the database, every election's record archive is written
at each of its state changes (``SUFFRAGE_RECORD_DIR``), so that the public record also
survives the server's disk.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

from suffrage.adapters.db import make_engine, normalize_url
from suffrage.config import Settings
from suffrage.errors import Conflict, InvalidInput

__all__ = ["backup", "restore"]


def _sqlite_path(url: URL) -> Path | None:
    if not url.drivername.startswith("sqlite"):
        return None
    if not url.database or url.database == ":memory:":
        raise InvalidInput("an in-memory SQLite database has nothing to back up")
    return Path(url.database)


def _libpq(url: URL) -> tuple[str, str | None]:
    """The URL for libpq's tools, and the schema of its ``search_path`` option (if any)."""
    options = str(url.query.get("options", ""))
    match = re.search(r"search_path(?:=|%3D)(\w+)", unquote(options))
    plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
    return plain, match.group(1) if match else None


def _private(path: Path) -> None:
    if path.exists():
        raise Conflict(f"{path} exists: a backup never overwrites a file")
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise InvalidInput(f"{name} is not installed (the PostgreSQL client tools are needed)")
    return found


def backup(settings: Settings, out: Path) -> str:
    """Write a backup of the configured database to ``out`` (a new file); say what."""
    url = make_url(normalize_url(settings.database_url))
    source = _sqlite_path(url)
    _private(out)
    try:
        if source is not None:
            with sqlite3.connect(source) as src, sqlite3.connect(out) as dst:
                src.backup(dst)
            return f"SQLite {source} -> {out}"
        plain, schema = _libpq(url)
        args = [_tool("pg_dump"), "--format=custom", f"--file={out}", f"--dbname={plain}"]
        if schema:
            args.append(f"--schema={schema}")
        _run(args)
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return f"PostgreSQL {url.database}{' schema ' + schema if schema else ''} -> {out}"


def restore(settings: Settings, backup_file: Path, *, force: bool = False) -> str:
    """Put a backup back in place of the configured database."""
    if not backup_file.is_file():
        raise InvalidInput(f"{backup_file} is not a file")
    url = make_url(normalize_url(settings.database_url))
    target = _sqlite_path(url)
    if target is not None:
        _check_sqlite_backup(backup_file)
        if not force and _has_elections(target):
            raise Conflict(f"{target} holds elections: pass --force to replace them")
        if not target.exists():
            _private(target)
        with sqlite3.connect(backup_file) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        return f"SQLite {backup_file} -> {target}"
    plain, _schema = _libpq(url)
    if not force and _pg_has_elections(settings.database_url):
        raise Conflict(f"{url.database} holds elections: pass --force to replace them")
    args = [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    _run([*args, f"--dbname={plain}", str(backup_file)])
    return f"PostgreSQL {backup_file} -> {url.database}"


def _check_sqlite_backup(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        raise InvalidInput(f"{path} is not a backup of a suffrage SQLite database") from None


def _has_elections(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            row = conn.execute("SELECT count(*) FROM elections").fetchone()
    except sqlite3.DatabaseError:
        return False
    return bool(row and row[0])


def _pg_has_elections(database_url: str) -> bool:
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            return bool(conn.execute(text("SELECT count(*) FROM elections")).scalar_one())
    except DBAPIError:  # no such table: nothing to lose
        return False
    finally:
        engine.dispose()


def _run(args: list[str]) -> None:
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tool = Path(args[0]).name
        raise InvalidInput(f"{tool} failed: {done.stderr.strip()[:500]}")
