"""Files and mail of ``suffrage credentials``: codes for mail merge, letters, SMTP delivery.

Everything that holds a private code is written readable by the owner only (0600); the
public list is written as canonical JSON. Files are written atomically and never
overwritten by accident.
"""

from __future__ import annotations

import csv
import html
import io
import os
import secrets
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from suffrage.service.elections import english_invitation
from suffrage.service.model import RollEntry
from suffrage.service.registrar import IssuedCode

__all__ = [
    "CODES_COLUMNS",
    "Delivery",
    "Smtp",
    "booth_link",
    "codes_csv",
    "letters_html",
    "read_codes",
    "send_codes",
    "write_file",
]

CODES_COLUMNS = ("voter_id", "name", "email", "style", "code")


def write_file(path: Path, data: bytes, *, mode: int, replace: bool = False) -> None:
    """Write ``data`` atomically with ``mode``; refuse to overwrite unless ``replace``."""
    if path.exists() and not replace:
        raise FileExistsError(f"{path} exists and is not overwritten")
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)  # the umask may have narrowed it; never widen beyond ``mode``
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def codes_csv(codes: Sequence[IssuedCode]) -> str:
    """The mail-merge file: one row per voter with her code."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CODES_COLUMNS)
    for c in codes:
        e = c.entry
        writer.writerow([e.voter_id, e.name, e.email, e.style, c.code])
    return out.getvalue()


def read_codes(text: str) -> list[IssuedCode]:
    """Read a ``codes.csv`` written by :func:`codes_csv` (weights are not in it)."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or tuple(rows[0]) != CODES_COLUMNS:
        raise ValueError(f"the header must be {','.join(CODES_COLUMNS)}")
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(CODES_COLUMNS):
            raise ValueError(f"line {n}: expected {len(CODES_COLUMNS)} fields, found {len(row)}")
        voter_id, name, email, style, code = row
        out.append(IssuedCode(RollEntry(voter_id, name, email, style), code))
    return out


def booth_link(base: str, election_id: str, code: str) -> str:
    """``BASE/booth/<election>#<code>``: the code stays in the fragment, never sent."""
    return f"{base.rstrip('/')}/booth/{election_id}#{code}"


_STYLE = """
body { font-family: serif; margin: 0; }
section.letter { break-after: page; page-break-after: always; padding: 2cm; }
section.letter:last-child { break-after: auto; page-break-after: auto; }
code { font-size: 1.1em; overflow-wrap: anywhere; }
"""


def _letter(title: str, election_id: str, issued: IssuedCode, base: str | None) -> str:
    name, code = html.escape(issued.entry.name), html.escape(issued.code)
    parts = [
        '<section class="letter">',
        f"<h1>{html.escape(title)}</h1>",
        f"<p>Dear {name},</p>",
        "<p>this is your personal credential for the election. Keep it secret: anyone "
        "holding it can vote in your name. Nobody running the election has a copy.</p>",
        f'<p>Credential code:<br><code data-voter="{html.escape(issued.entry.voter_id)}">'
        f"{code}</code></p>",
    ]
    if base is not None:
        link = html.escape(booth_link(base, election_id, issued.code))
        parts.append(f'<p>Vote at:<br><a href="{link}"><code>{link}</code></a></p>')
    parts.append("</section>")
    return "\n".join(parts)


def letters_html(
    title: str, election_id: str, codes: Sequence[IssuedCode], base: str | None
) -> str:
    """Printable letters, one voter per page."""
    body = "\n".join(_letter(title, election_id, c, base) for c in codes)
    return (
        '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8">'
        f"<title>{html.escape(title)}: credentials</title><style>{_STYLE}</style></head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


@dataclass(frozen=True, slots=True)
class Smtp:
    """Where and how the registrar's machine sends the codes."""

    host: str
    port: int
    sender: str
    starttls: bool = False
    user: str | None = None
    password: str | None = None
    timeout: float = 30.0


@dataclass(frozen=True, slots=True)
class Delivery:
    """Voter ids whose mail was not sent, and why the connection failed, if it did."""

    unsent: list[str]
    error: str | None = None


def send_codes(
    smtp: Smtp, title: str, election_id: str, base: str, codes: Sequence[IssuedCode]
) -> Delivery:
    """Mail each voter her code over one connection."""
    sent: set[str] = set()
    error = None
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout) as conn:
            if smtp.starttls:
                conn.starttls()
            if smtp.user is not None:
                conn.login(smtp.user, smtp.password or "")
            for issued in codes:
                if _send_one(conn, smtp.sender, title, election_id, base, issued):
                    sent.add(issued.entry.voter_id)
    except (OSError, smtplib.SMTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"  # everything not yet sent is unsent
    return Delivery([c.entry.voter_id for c in codes if c.entry.voter_id not in sent], error)


def _send_one(
    conn: smtplib.SMTP, sender: str, title: str, election_id: str, base: str, issued: IssuedCode
) -> bool:
    link = booth_link(base, election_id, issued.code)
    subject, body = english_invitation(issued.entry.name, title, link, issued.code)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = issued.entry.email
    message["Subject"] = subject
    message.set_content(body)
    try:
        conn.send_message(message)
    except smtplib.SMTPRecipientsRefused:
        return False
    return True
