"""Files and HTTP for ``suffrage trustee``: private state files and the service's JSON API."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console

from suffrage.protocol.board import parse_event_line
from suffrage.protocol.encoding import JsonObject, parse_json
from suffrage.protocol.record import read_archive

__all__ = ["Api", "fail", "read_file", "write_private"]


def fail(message: str) -> NoReturn:
    Console(stderr=True).print(f"[bold red]error:[/] {message}", soft_wrap=True)
    raise typer.Exit(1)


# ---------------------------------------------------------------- local files


def write_private(path: Path, data: JsonObject, *, replace: bool) -> None:
    """Write JSON readable by the owner only (0600), atomically."""
    if path.exists() and not replace:
        fail(f"{path} exists; it may hold a trustee's secrets, so it is not overwritten")
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        fail(f"cannot write {path}: {exc}")


def read_file(path: Path, fmt: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        fail(f"cannot read {path}: {exc}")
    if not isinstance(data, dict) or data.get("format") != fmt:
        fail(f"{path} is not a {fmt} file")
    return data


# ---------------------------------------------------------------- the server


class Api:
    """The service's JSON API for one election, with the trustee's bearer token."""

    def __init__(self, server: str, election: str, token: str) -> None:
        self.base = f"{server.rstrip('/')}/api/elections/{election}"
        self.token = token

    def _request(self, method: str, path: str, body: object = None, *, raw: bool = False) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("accept", "application/json")
        if data is not None:
            req.add_header("content-type", "application/json")
            req.add_header("authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(req, timeout=300) as res:
                data = res.read()
                return data if raw else parse_json(data, what="response")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")
            with contextlib.suppress(ValueError, KeyError, TypeError):
                detail = json.loads(detail)["error"]["message"]
            fail(f"{method} {path or '/'}: {exc.code} {detail}")
        except urllib.error.URLError as exc:
            fail(f"cannot reach {self.base}: {exc.reason}")

    def get(self, path: str = "") -> Any:
        return self._request("GET", path)

    def record(self) -> dict[str, bytes]:
        """The record archive's files (the board so far)."""
        files: dict[str, bytes] = read_archive(self._request("GET", "/record.tar.gz", raw=True))
        return files

    def post(self, path: str, body: object) -> Any:
        return self._request("POST", path, body)

    def board(self) -> dict[str, list[JsonObject]]:
        """The board's payloads by event type, in board order."""
        out: dict[str, list[JsonObject]] = {}
        start = 0
        while True:
            events = self.get(f"/board?start={start}&limit=10000")["events"]
            for e in events:
                event = parse_event_line(e["line"].encode("utf-8"))
                out.setdefault(event.type, []).append(event.payload)
            if len(events) < 10000:
                return out
            start += len(events)
