"""Audited (spoiled) ballots: the reveal of plaintexts and nonces, and its check (7.8)."""

from __future__ import annotations

from suffrage.crypto.elgamal import encrypt
from suffrage.errors import InvalidEncoding, ProtocolError
from suffrage.protocol.ballot import BallotContext, CheckedBallot
from suffrage.protocol.encoding import (
    Json,
    get_int,
    get_list,
    get_object,
    get_scalar,
    require_keys,
)

__all__ = ["check_reveal"]


def check_reveal(ctx: BallotContext, ballot: CheckedBallot, reveal: Json) -> None:
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
    ctx: BallotContext, ballot: CheckedBallot, cid: str, raw: Json, path: str
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
