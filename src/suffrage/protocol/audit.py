"""Audited (spoiled) ballots: what an audit publishes, the reveal, and its check (7.8).

An audit publishes only the ballot's *audit form*: the manifest hash, the style and the
ciphertexts, with the plaintexts and nonces that open them. It carries no credential, no
signature and no proof (the proofs' contexts name the credential), so nothing on the
board links an audited ballot to a voter: auditing one's real choice reveals nothing about
who made it. The device then discards that encryption and makes a fresh one to cast.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from suffrage.crypto.elgamal import Ciphertext, encrypt
from suffrage.errors import InvalidEncoding, ProtocolError
from suffrage.protocol.ballot import BallotContext
from suffrage.protocol.encoding import (
    LABEL_BALLOT,
    Json,
    JsonObject,
    get_hex,
    get_identifier,
    get_int,
    get_list,
    get_object,
    get_scalar,
    hash_object,
    require_keys,
)

__all__ = ["AuditedBallot", "audit_form", "check_audit", "check_reveal"]


@dataclass(frozen=True, slots=True)
class AuditedBallot:
    """A well-formed audit form: its style, ciphertexts per contest and tracking code."""

    style: str
    ciphertexts: dict[str, tuple[Ciphertext, ...]]
    tracking_code: str


def audit_form(ballot: Mapping[str, Json]) -> JsonObject:
    """``{"contests": [{"contest", "ciphertexts"}], "manifest", "style"}`` of a ballot."""
    contests: list[Json] = []
    raw = ballot["contests"]
    assert isinstance(raw, list)
    for entry in raw:
        assert isinstance(entry, dict) and isinstance(entry["options"], list)
        cts: list[Json] = []
        for o in entry["options"]:
            assert isinstance(o, dict)
            cts.append(o["ciphertext"])
        contests.append({"contest": entry["contest"], "ciphertexts": cts})
    return {"contests": contests, "manifest": ballot["manifest"], "style": ballot["style"]}


def check_audit(ctx: BallotContext, raw: Json) -> AuditedBallot:
    """Check an audit form (7.8): this election, a known style, its contests' ciphertexts."""
    path = "ballot"
    obj = get_object(raw, path)
    require_keys(obj, path, ("contests", "manifest", "style"))
    if obj["manifest"] != ctx.mh:
        raise ProtocolError("ballot.manifest: not the hash of this election's manifest")
    style = get_identifier(obj, "style", path)
    order = ctx.manifest.style(style).contests
    raw_contests = get_list(obj, "contests", path, min_len=len(order), max_len=len(order))
    cts = {
        cid: _ciphertexts(ctx, cid, entry, f"{path}.contests[{k}]")
        for k, (cid, entry) in enumerate(zip(order, raw_contests, strict=True))
    }
    return AuditedBallot(style, cts, hash_object(LABEL_BALLOT, obj).hex())


def _ciphertexts(ctx: BallotContext, cid: str, raw: Json, path: str) -> tuple[Ciphertext, ...]:
    obj = get_object(raw, path)
    require_keys(obj, path, ("contest", "ciphertexts"))
    if obj["contest"] != cid:
        raise ProtocolError(f"{path}.contest: expected {cid!r} (the style's order)")
    n = len(ctx.manifest.contest(cid).options)
    items = get_list(obj, "ciphertexts", path, min_len=n, max_len=n)
    out = []
    for j, item in enumerate(items):
        where = f"{path}.ciphertexts[{j}]"
        try:
            out.append(Ciphertext.from_bytes(get_hex({"c": item}, "c", where, length=64)))
        except InvalidEncoding as exc:
            raise InvalidEncoding(f"{where}: {exc}") from None
    return tuple(out)


def check_reveal(ctx: BallotContext, ballot: AuditedBallot, reveal: Json) -> None:
    """Check that ``reveal`` opens every ciphertext of ``ballot`` to valid values.

    Raises :class:`ProtocolError` when a re-encryption differs or a value is out of range,
    :class:`InvalidEncoding` when the reveal is malformed.
    """
    order = list(ballot.ciphertexts)
    if not isinstance(reveal, list) or len(reveal) != len(order):
        raise InvalidEncoding(f"reveal: expected a list of {len(order)} contests")
    for k, (cid, entry) in enumerate(zip(order, reveal, strict=True)):
        _check_contest(ctx, ballot, cid, entry, f"reveal[{k}]")


def _check_contest(
    ctx: BallotContext, ballot: AuditedBallot, cid: str, raw: Json, path: str
) -> None:
    obj = get_object(raw, path)
    require_keys(obj, path, ("contest", "values", "nonces"))
    if obj["contest"] != cid:
        raise ProtocolError(f"{path}.contest: expected {cid!r}")
    contest = ctx.manifest.contest(cid)
    cts = ballot.ciphertexts[cid]
    n = len(cts)
    values = get_list(obj, "values", path, min_len=n, max_len=n)
    nonces = get_list(obj, "nonces", path, min_len=n, max_len=n)
    total = 0
    for j in range(n):
        v = get_int({"v": values[j]}, "v", f"{path}.values[{j}]", lo=0, hi=contest.value_max)
        r = get_scalar({"r": nonces[j]}, "r", f"{path}.nonces[{j}]")
        if encrypt(ctx.public_key, v, r) != cts[j]:
            raise ProtocolError(f"{path}: option {j} does not re-encrypt to the ciphertext")
        total += v
    if not contest.min <= total <= contest.max:
        raise ProtocolError(f"{path}: total {total} outside {contest.min}..{contest.max}")
