"""``suffrage credentials``: the registrar's tools, run on the registrar's machine.

The registrar is the credential authority apart from the server (docs/protocol.md 7.6):
the private codes are drawn, printed and mailed here and never reach the server, which
receives only the signed public list. Steps::

    suffrage credentials init --key FILE
    suffrage credentials generate ROLL.csv --manifest MANIFEST.json --key FILE --out DIR
    suffrage credentials reissue DIR VOTER_ID --manifest MANIFEST.json --key FILE
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from suffrage.adapters.cli.app import app
from suffrage.adapters.cli.credentials_files import (
    Smtp,
    codes_csv,
    letters_html,
    read_codes,
    send_codes,
    write_file,
)
from suffrage.adapters.cli.trustee_io import fail
from suffrage.crypto.group import Element
from suffrage.errors import SuffrageError
from suffrage.protocol.encoding import Json, canonical, parse_json
from suffrage.protocol.identity import SigningKey, fingerprint
from suffrage.protocol.manifest import Manifest, parse_manifest
from suffrage.protocol.ranked import one_vote_styles
from suffrage.protocol.registrar import credentials_document, read_credentials_document
from suffrage.protocol.voters import VoterList
from suffrage.service.model import RollPreview
from suffrage.service.registrar import IssuedCode, check_registrar_key, register, reissue
from suffrage.service.roll import parse_roll

__all__ = ["credentials_app"]

credentials_app = typer.Typer(
    help="The registrar's tools: voters' credentials made and sent apart from the server."
)
app.add_typer(credentials_app, name="credentials")

KEY_FORMAT = "suffrage-registrar-key/1"
CODES = "codes.csv"
LETTERS = "letters.html"
PUBLIC = "public-credentials.json"
_PRIVATE = 0o600
_PUBLIC = 0o644
_SHOWN_ERRORS = 50

KeyOpt = Annotated[Path, typer.Option("--key", help="The registrar's signing key file.")]
ManifestOpt = Annotated[
    Path, typer.Option("--manifest", help="The election's manifest.json (names the key).")
]
BoothOpt = Annotated[
    str | None,
    typer.Option("--booth-url", help="The service's public URL; letters link BASE/booth/ID#CODE."),
]
SendOpt = Annotated[bool, typer.Option("--send", help="Mail each voter her code over SMTP.")]
HostOpt = Annotated[str, typer.Option(envvar="SUFFRAGE_SMTP_HOST", help="SMTP relay host.")]
PortOpt = Annotated[int, typer.Option(envvar="SUFFRAGE_SMTP_PORT", help="SMTP relay port.")]
SenderOpt = Annotated[
    str, typer.Option(envvar="SUFFRAGE_SMTP_SENDER", help="From: address of the mail.")
]
TlsOpt = Annotated[bool, typer.Option(help="Upgrade the SMTP connection with STARTTLS.")]
UserOpt = Annotated[
    str | None,
    typer.Option(
        envvar="SUFFRAGE_SMTP_USER",
        help="SMTP login; the password is read from SUFFRAGE_SMTP_PASSWORD.",
    ),
]


# ---------------------------------------------------------------- files


def _read_json(path: Path) -> Json:
    try:
        return parse_json(path.read_bytes(), what=str(path))
    except (OSError, SuffrageError) as exc:
        fail(f"cannot read {path}: {exc}")


def _manifest(path: Path) -> Manifest:
    try:
        return parse_manifest(_read_json(path))
    except SuffrageError as exc:
        fail(f"{path}: {exc}")


def _key(path: Path) -> SigningKey:
    data = _read_json(path)
    if not isinstance(data, dict) or data.get("format") != KEY_FORMAT:
        fail(f"{path} is not a {KEY_FORMAT} file")
    try:
        pair = SigningKey.from_hex(str(data["secret"]))
        listed = Element.from_hex(str(data["public_key"]))
    except (KeyError, SuffrageError) as exc:
        fail(f"{path} is damaged: {exc}")
    if listed != pair.public:
        fail(f"{path} is damaged: its public key does not match its secret")
    return pair


def _write(path: Path, data: bytes, mode: int, *, replace: bool = False) -> None:
    try:
        write_file(path, data, mode=mode, replace=replace)
    except OSError as exc:
        fail(f"cannot write {path}: {exc}")


def _registrar(manifest: Manifest, key: SigningKey) -> None:
    try:
        check_registrar_key(manifest, key)
    except SuffrageError as exc:
        fail(str(exc))


def _public_list(manifest: Manifest, voters: VoterList) -> bytes:
    return canonical(credentials_document(manifest, voters)) + b"\n"


def _smtp(host: str, port: int, sender: str, starttls: bool, user: str | None) -> Smtp:
    password = os.environ.get("SUFFRAGE_SMTP_PASSWORD") if user else None
    return Smtp(host, port, sender, starttls, user, password)


def _send(smtp: Smtp, manifest: Manifest, base: str | None, codes: list[IssuedCode]) -> None:
    assert base is not None
    delivery = send_codes(smtp, manifest.title, manifest.id, base, codes)
    sent = len(codes) - len(delivery.unsent)
    print(f"mailed {sent} of {len(codes)} code(s) through {smtp.host}:{smtp.port}")
    if delivery.unsent:
        why = f" ({delivery.error})" if delivery.error else ""
        shown = ", ".join(delivery.unsent[:10])
        fail(f"{len(delivery.unsent)} not sent{why}: {shown}; {CODES} holds every code")


def _roll_errors(preview: RollPreview, path: Path) -> None:
    table = Table(title=f"{path}: {len(preview.errors)} error(s); nothing written")
    for column in ("row", "field", "problem"):
        table.add_column(column)
    for e in preview.errors[:_SHOWN_ERRORS]:
        table.add_row(str(e.row), e.field, e.message)
    console = Console(stderr=True)
    console.print(table)
    if len(preview.errors) > _SHOWN_ERRORS:
        console.print(f"... and {len(preview.errors) - _SHOWN_ERRORS} more")
    raise typer.Exit(1)


# ---------------------------------------------------------------- commands


@credentials_app.command("init")
def init(key: KeyOpt) -> None:
    """Make the registrar's signing key (a new file, mode 0600); print its public key."""
    pair = SigningKey.generate(os.urandom)
    data = {"format": KEY_FORMAT, "public_key": pair.public.hex(), "secret": pair.secret.hex()}
    if key.exists():
        fail(f"{key} exists; it may hold a registrar key, so it is not overwritten")
    _write(key, canonical(data) + b"\n", _PRIVATE)
    print(f"registrar key written to {key} (keep it private)")
    print(f"public key  {pair.public.hex()}")
    print(f"fingerprint {fingerprint(pair.public)}")
    print('the manifest names it: "credentials": {"authority": "registrar", "public_key": ...}')


@credentials_app.command("generate")
def generate(
    roll: Annotated[Path, typer.Argument(help="The voter roll (CSV, as the server imports).")],
    manifest_path: ManifestOpt,
    key_path: KeyOpt,
    out: Annotated[Path, typer.Option("--out", help="Directory for the files written.")],
    booth_url: BoothOpt = None,
    send: SendOpt = False,
    smtp_host: HostOpt = "127.0.0.1",
    smtp_port: PortOpt = 25,
    smtp_sender: SenderOpt = "elections@localhost",
    smtp_starttls: TlsOpt = False,
    smtp_user: UserOpt = None,
) -> None:
    """Draw one code per voter; write codes.csv, letters.html and the signed public list."""
    manifest, key = _manifest(manifest_path), _key(key_path)
    _registrar(manifest, key)
    if send and booth_url is None:
        fail("--send needs --booth-url: the mail carries the voting link")
    try:
        text = roll.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {roll}: {exc}")
    preview = parse_roll(text, [s.id for s in manifest.styles], one_vote_styles(manifest))
    if not preview.ok:
        _roll_errors(preview, roll)
    taken = [n for n in (CODES, LETTERS, PUBLIC) if (out / n).exists()]
    if taken:
        fail(f"{out} already holds {', '.join(taken)}; choose a new directory")
    try:
        registration = register(preview.entries, manifest, key, os.urandom)
    except SuffrageError as exc:
        fail(str(exc))
    codes = list(registration.codes)
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    _write(out / CODES, codes_csv(codes).encode("utf-8"), _PRIVATE)
    letters = letters_html(manifest.title, manifest.id, codes, booth_url)
    _write(out / LETTERS, letters.encode("utf-8"), _PRIVATE)
    _write(out / PUBLIC, _public_list(manifest, registration.voters), _PUBLIC)
    print(f"{len(codes)} credentials for {manifest.id}, signed by {fingerprint(key.public)}")
    print(f"private: {out / CODES}, {out / LETTERS} (deliver, then keep safe or destroy)")
    print(f"public:  {out / PUBLIC} (the administrator uploads it before opening)")
    if send:
        _send(
            _smtp(smtp_host, smtp_port, smtp_sender, smtp_starttls, smtp_user),
            manifest,
            booth_url,
            codes,
        )


def _next_revocation(directory: Path) -> int:
    numbers = [0]
    for p in directory.glob("revocation-*.json"):
        m = re.fullmatch(r"revocation-([1-9][0-9]*)\.json", p.name)
        if m:
            numbers.append(int(m.group(1)))
    return max(numbers) + 1


@credentials_app.command("reissue")
def reissue_command(
    directory: Annotated[Path, typer.Argument(help="The directory `generate` wrote.")],
    voter_id: Annotated[str, typer.Argument(help="The voter whose code is lost.")],
    manifest_path: ManifestOpt,
    key_path: KeyOpt,
    booth_url: BoothOpt = None,
    send: SendOpt = False,
    smtp_host: HostOpt = "127.0.0.1",
    smtp_port: PortOpt = 25,
    smtp_sender: SenderOpt = "elections@localhost",
    smtp_starttls: TlsOpt = False,
    smtp_user: UserOpt = None,
) -> None:
    """Before opening: a new code for one voter, her old credential revoked, list re-signed."""
    manifest, key = _manifest(manifest_path), _key(key_path)
    _registrar(manifest, key)
    if send and booth_url is None:
        fail("--send needs --booth-url: the mail carries the voting link")
    try:
        codes = read_codes((directory / CODES).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        fail(f"cannot read {directory / CODES}: {exc}")
    upload = read_credentials_document(_read_json(directory / PUBLIC), manifest)
    if upload.voters is None:
        fail(
            f"{directory / PUBLIC}: " + "; ".join(f"{p.item}: {p.message}" for p in upload.problems)
        )
    found = [c for c in codes if c.entry.voter_id == voter_id]
    if not found:
        fail(f"no voter {voter_id!r} in {directory / CODES}")
    number = _next_revocation(directory)
    try:
        done = reissue(upload.voters, found[0], manifest, key, number, os.urandom)
    except SuffrageError as exc:
        fail(str(exc))
    codes = [done.code if c.entry.voter_id == voter_id else c for c in codes]
    note = directory / f"revocation-{number}.json"
    _write(note, canonical(done.revocation) + b"\n", _PUBLIC)
    _write(directory / CODES, codes_csv(codes).encode("utf-8"), _PRIVATE, replace=True)
    letter = letters_html(manifest.title, manifest.id, [done.code], booth_url)
    _write(directory / f"letter-reissue-{number}.html", letter.encode("utf-8"), _PRIVATE)
    _write(directory / PUBLIC, _public_list(manifest, done.voters), _PUBLIC, replace=True)
    print(f"voter {voter_id}: new code written to {directory / CODES} and its letter")
    print(f"revocation {number}: {note}; re-signed list {directory / PUBLIC}")
    print("upload the new list before the election opens; afterwards it is refused")
    if send:
        _send(
            _smtp(smtp_host, smtp_port, smtp_sender, smtp_starttls, smtp_user),
            manifest,
            booth_url,
            [done.code],
        )
