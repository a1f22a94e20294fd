"""Record sources on disk: a directory, a ``.tar.gz``/``.tgz`` or ``.zip`` archive.

Archives are read in place, never extracted. Only regular files with relative names that
stay inside the archive are accepted; links, devices, absolute names and ``..`` are refused;
declared sizes are checked against limits before anything is decompressed.
"""

from __future__ import annotations

import os
import stat
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Generic, TypeVar

from suffrage.errors import RecordFormatError
from suffrage.verify import RecordSource

M = TypeVar("M")

__all__ = [
    "ArchiveLimits",
    "DirectorySource",
    "TarSource",
    "ZipSource",
    "open_record",
]


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    max_members: int = 10_000
    max_member_bytes: int = 8 * 1024**3
    max_total_bytes: int = 16 * 1024**3


def open_record(
    path: str | os.PathLike[str], limits: ArchiveLimits = ArchiveLimits()
) -> RecordSource:
    """A source for a record directory or archive; RecordFormatError if it is neither."""
    p = Path(path)
    if p.is_dir():
        return DirectorySource(p)
    if not p.exists():
        raise RecordFormatError(f"{p}: no such file or directory")
    if not p.is_file():
        raise RecordFormatError(f"{p}: not a directory, .tar.gz, .tgz or .zip archive")
    name = p.name.lower()
    if name.endswith((".tar.gz", ".tgz", ".tar")):
        return TarSource(p, limits)
    if name.endswith(".zip"):
        return ZipSource(p, limits)
    raise RecordFormatError(f"{p}: not a directory, .tar.gz, .tgz or .zip archive")


def _iter_limited_lines(stream: IO[bytes], name: str, max_line: int) -> Iterator[bytes]:
    number = 0
    while True:
        line = stream.readline(max_line + 2)
        if not line:
            return
        number += 1
        stripped = line[:-1] if line.endswith(b"\n") else line  # LF only (7.3)
        if len(stripped) > max_line or (len(line) == max_line + 2 and not line.endswith(b"\n")):
            raise RecordFormatError(
                f"{name}:{number}: line is longer than the limit of {max_line} bytes"
            )
        yield stripped


def _safe_name(name: str) -> str:
    """A normalized relative name, or RecordFormatError if it could escape the record."""
    if not name or "\\" in name or "\x00" in name:
        raise RecordFormatError(f"unsafe file name in record: {name!r}")
    pure = PurePosixPath(name)
    if pure.is_absolute() or any(part == ".." for part in pure.parts):
        raise RecordFormatError(f"unsafe file name in record: {name!r}")
    parts = [part for part in pure.parts if part != "."]
    if not parts:
        raise RecordFormatError(f"unsafe file name in record: {name!r}")
    return "/".join(parts)


class DirectorySource:
    """A record published as a directory of files."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self._root = Path(root).resolve()
        if not self._root.is_dir():
            raise RecordFormatError(f"{root}: not a directory")

    def describe(self) -> str:
        return str(self._root)

    def _path(self, name: str) -> Path:
        path = (self._root / _safe_name(name)).resolve()
        if not path.is_relative_to(self._root):
            raise RecordFormatError(f"{name}: resolves outside the record directory")
        return path

    def exists(self, name: str) -> bool:
        return self._path(name).is_file()

    def _open(self, name: str) -> IO[bytes]:
        path = self._path(name)
        if not path.is_file():
            raise RecordFormatError(f"{name}: missing from the record ({self._root})")
        try:
            return path.open("rb")
        except OSError as exc:
            raise RecordFormatError(f"{name}: cannot be read: {exc.strerror}") from None

    def read_bytes(self, name: str, *, limit: int) -> bytes:
        with self._open(name) as fh:
            data = fh.read(limit + 1)
        if len(data) > limit:
            raise RecordFormatError(f"{name}: file is larger than the limit of {limit} bytes")
        return data

    def iter_lines(self, name: str, *, max_line: int) -> Iterator[bytes]:
        with self._open(name) as fh:
            yield from _iter_limited_lines(fh, name, max_line)


def _strip_root(names: list[str]) -> str:
    """The single top-level folder every member lives in, if any (``election/``), else ``""``."""
    tops = {n.split("/", 1)[0] for n in names}
    if len(tops) == 1 and all("/" in n for n in names):
        return tops.pop() + "/"
    return ""


class _MemberIndex(Generic[M]):
    """The regular files of an archive, admitted under its limits (size, total, duplicates)."""

    def __init__(self, path: Path, limits: ArchiveLimits) -> None:
        self._path = path
        self._limits = limits
        self._files: dict[str, M] = {}
        self._total = 0

    def add(self, raw_name: str, size: int, member: M) -> None:
        if size > self._limits.max_member_bytes:
            raise RecordFormatError(f"{self._path}: member {raw_name!r} is too large")
        self._total += size
        if self._total > self._limits.max_total_bytes:
            raise RecordFormatError(f"{self._path}: archive content is too large")
        name = _safe_name(raw_name)
        if name in self._files:
            raise RecordFormatError(f"{self._path}: member {name!r} appears twice")
        self._files[name] = member

    def by_record_name(self) -> dict[str, M]:
        """Members keyed by their name inside the record (a common top folder removed)."""
        prefix = _strip_root(list(self._files))
        return {n[len(prefix) :]: m for n, m in self._files.items()}


class TarSource:
    """A record published as a (gzip-compressed) tar archive."""

    def __init__(self, path: Path, limits: ArchiveLimits = ArchiveLimits()) -> None:
        self._path = path
        try:
            self._tar = tarfile.open(path, "r:*")  # noqa: SIM115 (kept open by the source)
            members = self._tar.getmembers()
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise RecordFormatError(f"{path}: not a readable tar archive: {exc}") from None
        self._members = self._index(members, limits)

    def _index(
        self, members: list[tarfile.TarInfo], limits: ArchiveLimits
    ) -> dict[str, tarfile.TarInfo]:
        if len(members) > limits.max_members:
            raise RecordFormatError(f"{self._path}: more than {limits.max_members} members")
        index = _MemberIndex[tarfile.TarInfo](self._path, limits)
        for m in members:
            if m.isdir():
                _safe_name(m.name)
                continue
            if not m.isfile():
                raise RecordFormatError(
                    f"{self._path}: member {m.name!r} is not a regular file (links are refused)"
                )
            index.add(m.name, m.size, m)
        return index.by_record_name()

    def describe(self) -> str:
        return str(self._path)

    def exists(self, name: str) -> bool:
        return name in self._members

    def _open(self, name: str) -> tuple[tarfile.TarInfo, IO[bytes]]:
        member = self._members.get(name)
        if member is None:
            raise RecordFormatError(f"{name}: missing from the record ({self._path})")
        try:
            stream = self._tar.extractfile(member)
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise RecordFormatError(f"{name}: cannot be read from {self._path}: {exc}") from None
        if stream is None:
            raise RecordFormatError(f"{name}: not a regular file in {self._path}")
        return member, stream

    def read_bytes(self, name: str, *, limit: int) -> bytes:
        member, stream = self._open(name)
        if member.size > limit:
            raise RecordFormatError(f"{name}: file is larger than the limit of {limit} bytes")
        try:
            with stream:
                return stream.read(limit + 1)
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise RecordFormatError(f"{name}: cannot be read from {self._path}: {exc}") from None

    def iter_lines(self, name: str, *, max_line: int) -> Iterator[bytes]:
        _, stream = self._open(name)
        try:
            with stream:
                yield from _iter_limited_lines(stream, name, max_line)
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise RecordFormatError(f"{name}: cannot be read from {self._path}: {exc}") from None


class ZipSource:
    """A record published as a zip archive."""

    def __init__(self, path: Path, limits: ArchiveLimits = ArchiveLimits()) -> None:
        self._path = path
        try:
            self._zip = zipfile.ZipFile(path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise RecordFormatError(f"{path}: not a readable zip archive: {exc}") from None
        self._members = self._index(infos, limits)

    def _index(
        self, infos: list[zipfile.ZipInfo], limits: ArchiveLimits
    ) -> dict[str, zipfile.ZipInfo]:
        if len(infos) > limits.max_members:
            raise RecordFormatError(f"{self._path}: more than {limits.max_members} members")
        index = _MemberIndex[zipfile.ZipInfo](self._path, limits)
        for info in infos:
            mode = info.external_attr >> 16
            if info.is_dir():
                _safe_name(info.filename)
                continue
            if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                raise RecordFormatError(
                    f"{self._path}: member {info.filename!r} is not a regular file"
                )
            if info.flag_bits & 0x1:
                raise RecordFormatError(f"{self._path}: member {info.filename!r} is encrypted")
            index.add(info.filename, info.file_size, info)
        return index.by_record_name()

    def describe(self) -> str:
        return str(self._path)

    def exists(self, name: str) -> bool:
        return name in self._members

    def _open(self, name: str) -> tuple[zipfile.ZipInfo, IO[bytes]]:
        info = self._members.get(name)
        if info is None:
            raise RecordFormatError(f"{name}: missing from the record ({self._path})")
        try:
            return info, self._zip.open(info)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise RecordFormatError(f"{name}: cannot be read from {self._path}: {exc}") from None

    def read_bytes(self, name: str, *, limit: int) -> bytes:
        info, stream = self._open(name)
        if info.file_size > limit:
            raise RecordFormatError(f"{name}: file is larger than the limit of {limit} bytes")
        try:
            with stream:
                return stream.read(limit + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise RecordFormatError(f"{name}: cannot be read from {self._path}: {exc}") from None

    def iter_lines(self, name: str, *, max_line: int) -> Iterator[bytes]:
        _, stream = self._open(name)
        try:
            with stream:
                yield from _iter_limited_lines(stream, name, max_line)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise RecordFormatError(f"{name}: cannot be read from {self._path}: {exc}") from None
