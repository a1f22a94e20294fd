"""The encrypted tally: last ballot per credential, weighted homomorphic sums (7.10, 7.11)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from suffrage.crypto.elgamal import Ciphertext
from suffrage.errors import InvalidEncoding, ProtocolError
from suffrage.protocol.ballot import CheckedBallot
from suffrage.protocol.encoding import (
    Json,
    JsonObject,
    get_hex,
    get_list,
    get_object,
    require_keys,
)
from suffrage.protocol.manifest import Manifest

__all__ = ["EncryptedTally", "aggregate", "parse_tally"]


@dataclass(frozen=True, slots=True)
class EncryptedTally:
    """Per contest (manifest order) one ciphertext per option; counted ballots and weight."""

    contests: dict[str, tuple[Ciphertext, ...]]
    counted: int
    weight: int

    def payload(self) -> JsonObject:
        return {
            "contests": [
                {"contest": cid, "ciphertexts": [ct.hex() for ct in cts]}
                for cid, cts in self.contests.items()
            ],
            "counted": self.counted,
            "weight": self.weight,
        }


def aggregate(
    manifest: Manifest, counted: Iterable[CheckedBallot], weights: Mapping[str, int]
) -> EncryptedTally:
    """``T_cj = sum_b w_b * E_bcj`` over the counted ballots (one per credential)."""
    sums = {c.id: [Ciphertext.zero()] * len(c.options) for c in manifest.contests}
    n = 0
    total_weight = 0
    for ballot in counted:
        w = weights[ballot.credential]
        n += 1
        total_weight += w
        for cid, cts in ballot.ciphertexts.items():
            acc = sums[cid]
            for j, ct in enumerate(cts):
                acc[j] = acc[j] + (ct if w == 1 else ct.scale(w))
    return EncryptedTally({cid: tuple(v) for cid, v in sums.items()}, n, total_weight)


def parse_tally(payload: Json, manifest: Manifest) -> EncryptedTally:
    """Read a ``tally`` payload (shape checked against the manifest; identity allowed)."""
    obj = get_object(payload, "tally")
    require_keys(obj, "tally", ("contests", "counted", "weight"))
    n = len(manifest.contests)
    raw = get_list(obj, "contests", "tally", min_len=n, max_len=n)
    contests: dict[str, tuple[Ciphertext, ...]] = {}
    for k, (contest, entry) in enumerate(zip(manifest.contests, raw, strict=True)):
        path = f"tally.contests[{k}]"
        e = get_object(entry, path)
        require_keys(e, path, ("contest", "ciphertexts"))
        if e["contest"] != contest.id:
            raise ProtocolError(f"{path}.contest: expected {contest.id!r}")
        m = len(contest.options)
        items = get_list(e, "ciphertexts", path, min_len=m, max_len=m)
        cts = []
        for j, item in enumerate(items):
            raw_ct = get_hex({"c": item}, "c", f"{path}.ciphertexts[{j}]", length=64)
            try:
                cts.append(Ciphertext.from_bytes(raw_ct, allow_identity=True))
            except InvalidEncoding as exc:
                raise InvalidEncoding(f"{path}.ciphertexts[{j}]: {exc}") from None
        contests[contest.id] = tuple(cts)
    counted, weight = obj["counted"], obj["weight"]
    if not isinstance(counted, int) or not isinstance(weight, int):
        raise InvalidEncoding("tally.counted and tally.weight must be integers")
    return EncryptedTally(contests, counted, weight)
