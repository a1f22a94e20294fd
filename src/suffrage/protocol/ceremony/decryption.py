"""Decryption of the tally: trustees' shares with proofs, and the combined result (7.12)."""

from __future__ import annotations

from collections.abc import Mapping

from suffrage.crypto.dlog import DlogTable
from suffrage.crypto.elgamal import decrypt_to_element
from suffrage.crypto.group import Element, RandomSource, Scalar
from suffrage.crypto.proofs import DleqProof, prove_decryption_share, verify_decryption_share
from suffrage.crypto.threshold.lagrange import combine_shares
from suffrage.errors import InvalidEncoding, InvalidProof, ProtocolError
from suffrage.protocol.encoding import (
    Json,
    JsonObject,
    context,
    get_element,
    get_hex,
    get_int,
    get_list,
    get_object,
    require_keys,
)
from suffrage.protocol.manifest import Manifest
from suffrage.protocol.tally import EncryptedTally

__all__ = [
    "Shares",
    "combine_result",
    "decryption_share_payload",
    "parse_decryption_share",
    "share_context",
]

#: One trustee's decryption shares: contest id -> one element per option.
Shares = dict[str, tuple[Element, ...]]


def share_context(mh: str, trustee: int, contest: str, option: int) -> bytes:
    obj: JsonObject = {
        "contest": contest,
        "mh": mh,
        "option": option,
        "trustee": trustee,
        "type": "decryption",
    }
    return context(obj)


def decryption_share_payload(
    manifest: Manifest, trustee: int, secret_share: Scalar, tally: EncryptedTally, rng: RandomSource
) -> JsonObject:
    """Trustee ``trustee``'s ``decryption_share`` payload for the whole tally."""
    mh = manifest.hash_hex
    contests: list[Json] = []
    for cid, cts in tally.contests.items():
        shares: list[Json] = []
        for j, ct in enumerate(cts):
            ctx = share_context(mh, trustee, cid, j)
            d, proof = prove_decryption_share(secret_share, ct, ctx, rng)
            shares.append({"share": d.hex(), "proof": proof.to_bytes().hex()})
        contests.append({"contest": cid, "shares": shares})
    return {"trustee": trustee, "contests": contests}


def parse_decryption_share(
    payload: Json, manifest: Manifest, tally: EncryptedTally, public_shares: Mapping[int, Element]
) -> tuple[int, Shares]:
    """Read and check a ``decryption_share`` payload; return the trustee and its shares."""
    path = "decryption_share"
    obj = get_object(payload, path)
    require_keys(obj, path, ("trustee", "contests", "signature"))
    trustee = get_int(obj, "trustee", path, lo=1, hi=len(manifest.trustees))
    if trustee not in public_shares:
        raise ProtocolError(f"{path}.trustee: trustee {trustee} is not qualified")
    y_i = public_shares[trustee]
    n = len(tally.contests)
    raw = get_list(obj, "contests", path, min_len=n, max_len=n)
    out: Shares = {}
    for k, ((cid, cts), entry) in enumerate(zip(tally.contests.items(), raw, strict=True)):
        cpath = f"{path}.contests[{k}]"
        e = get_object(entry, cpath)
        require_keys(e, cpath, ("contest", "shares"))
        if e["contest"] != cid:
            raise ProtocolError(f"{cpath}.contest: expected {cid!r}")
        items = get_list(e, "shares", cpath, min_len=len(cts), max_len=len(cts))
        elements = []
        for j, (ct, item) in enumerate(zip(cts, items, strict=True)):
            spath = f"{cpath}.shares[{j}]"
            s = get_object(item, spath)
            require_keys(s, spath, ("share", "proof"))
            d = get_element(s, "share", spath, allow_identity=True)
            try:
                proof = DleqProof.from_bytes(get_hex(s, "proof", spath))
                ctx = share_context(manifest.hash_hex, trustee, cid, j)
                verify_decryption_share(y_i, ct, d, proof, ctx)
            except (InvalidProof, InvalidEncoding) as exc:
                raise type(exc)(f"{spath}.proof: {exc}") from None
            elements.append(d)
        out[cid] = tuple(elements)
    return trustee, out


def combine_result(
    manifest: Manifest, tally: EncryptedTally, shares: Mapping[int, Shares]
) -> dict[str, list[int]]:
    """Combine the lowest ``t`` trustees' shares and solve each weighted total."""
    table = DlogTable(max(1, tally.weight * max(c.value_max for c in manifest.contests)))
    t = manifest.threshold
    result: dict[str, list[int]] = {}
    for cid, cts in tally.contests.items():
        counts = []
        for j, ct in enumerate(cts):
            combined = combine_shares({i: s[cid][j] for i, s in shares.items()}, t)
            counts.append(table.solve(decrypt_to_element(ct, combined)))
        result[cid] = counts
    return result
