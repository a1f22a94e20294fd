"""Directory and archive sources: safe names, size limits, typed errors."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from suffrage.adapters.cli.verification import DirectorySource, open_record
from suffrage.adapters.cli.verification.sources import ArchiveLimits
from suffrage.errors import RecordFormatError
from suffrage.verify import MemorySource

FILES = {"manifest.json": b'{"a": 1}\n', "ballots.jsonl": b'{"n": 1}\r\n{"n": 2}\n'}


def _tar(path: Path, files: dict[str, bytes], prefix: str = "") -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(prefix + name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _zip(path: Path, files: dict[str, bytes], prefix: str = "") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(prefix + name, data)
    return path


def _dir(path: Path) -> Path:
    path.mkdir()
    for name, data in FILES.items():
        (path / name).write_bytes(data)
    return path


@pytest.mark.parametrize("kind", ["dir", "tar.gz", "tgz", "zip", "zip-prefixed", "tgz-prefixed"])
def test_every_source_serves_the_same_files(tmp_path: Path, kind: str) -> None:
    if kind == "dir":
        path = _dir(tmp_path / "rec")
    elif kind.startswith("zip"):
        path = _zip(tmp_path / "r.zip", FILES, "election/" if "prefixed" in kind else "")
    else:
        prefix = "election/" if "prefixed" in kind else ""
        path = _tar(tmp_path / f"r.{kind.split('-')[0]}", FILES, prefix)
    source = open_record(path)
    assert source.exists("manifest.json")
    assert not source.exists("nothing.json")
    assert source.read_bytes("manifest.json", limit=100) == FILES["manifest.json"]
    # LF alone ends a line (7.3): the CR stays, so a CRLF board fails as not canonical.
    assert list(source.iter_lines("ballots.jsonl", max_line=100)) == [b'{"n": 1}\r', b'{"n": 2}']
    memory = MemorySource(FILES)
    assert list(memory.iter_lines("ballots.jsonl", max_line=100)) == [b'{"n": 1}\r', b'{"n": 2}']
    with pytest.raises(RecordFormatError, match="larger than the limit"):
        source.read_bytes("manifest.json", limit=3)
    with pytest.raises(RecordFormatError, match=r"ballots.jsonl:1: line is longer"):
        list(source.iter_lines("ballots.jsonl", max_line=4))
    with pytest.raises(RecordFormatError, match=r"nothing.json: missing"):
        source.read_bytes("nothing.json", limit=100)


@pytest.mark.parametrize("name", ["../evil.json", "/etc/passwd", "a/../../b", "a\\b"])
def test_archives_refuse_unsafe_names(tmp_path: Path, name: str) -> None:
    with pytest.raises(RecordFormatError, match="unsafe file name"):
        open_record(_tar(tmp_path / "r.tgz", {name: b"{}"}))
    with pytest.raises(RecordFormatError, match="unsafe file name"):
        open_record(_zip(tmp_path / "r.zip", {name: b"{}"}))


def test_tar_refuses_links(tmp_path: Path) -> None:
    path = tmp_path / "r.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.type = tarfile.SYMTYPE
        info.linkname = "/etc/passwd"
        tar.addfile(info)
    with pytest.raises(RecordFormatError, match="not a regular file"):
        open_record(path)


def test_archive_size_limits(tmp_path: Path) -> None:
    path = _zip(tmp_path / "r.zip", {"big.json": b"0" * 10_000})
    with pytest.raises(RecordFormatError, match="too large"):
        open_record(path, ArchiveLimits(max_member_bytes=1000))
    with pytest.raises(RecordFormatError, match="more than 0 members"):
        open_record(path, ArchiveLimits(max_members=0))


@pytest.mark.parametrize("suffix", [".zip", ".tar.gz", ".tgz"])
def test_garbage_archives(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"garbage{suffix}"
    path.write_bytes(b"this is not an archive at all" * 10)
    with pytest.raises(RecordFormatError, match="not a readable"):
        open_record(path)


def test_truncated_tar_is_a_format_error(tmp_path: Path) -> None:
    path = _tar(tmp_path / "r.tgz", {"manifest.json": b"x" * 50_000})
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(RecordFormatError):
        source = open_record(path)
        source.read_bytes("manifest.json", limit=10**6)


def test_unknown_kinds(tmp_path: Path) -> None:
    (tmp_path / "record.rar").write_bytes(b"x")
    with pytest.raises(RecordFormatError, match=r"not a directory, .tar.gz"):
        open_record(tmp_path / "record.rar")
    with pytest.raises(RecordFormatError, match="no such file"):
        open_record(tmp_path / "absent")


def test_directory_refuses_escaping_names(tmp_path: Path) -> None:
    source = DirectorySource(_dir(tmp_path / "rec"))
    with pytest.raises(RecordFormatError, match="unsafe file name"):
        source.read_bytes("../outside.json", limit=10)
    (tmp_path / "outside.json").write_bytes(b"{}")
    (tmp_path / "rec" / "link.json").symlink_to(tmp_path / "outside.json")
    with pytest.raises(RecordFormatError, match="outside the record"):
        source.read_bytes("link.json", limit=10)
