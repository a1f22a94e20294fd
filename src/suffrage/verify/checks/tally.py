"""Close, tally, decryption shares and the result (7.9, 7.11, 7.12)."""

from __future__ import annotations

from suffrage.crypto import Ciphertext, Element, Scalar
from suffrage.crypto.proofs import DleqProof, verify_decryption_share
from suffrage.errors import CryptoError, InvalidEncoding
from suffrage.protocol.encoding import (
    JsonObject,
    context,
    get_element,
    get_hex,
    get_int,
    get_list,
    get_object,
    require_keys,
)
from suffrage.verify.model import Election
from suffrage.verify.report import FailureLog
from suffrage.verify.segment import Segment

__all__ = ["Decryption", "check_close", "check_tally", "lagrange_at_zero"]

Grid = list[list[Ciphertext]]


def check_close(payload: JsonObject, segment: Segment, item: str, log: FailureLog) -> None:
    try:
        require_keys(payload, item, ("audited", "cast", "counted"))
        got = {k: get_int(payload, k, item, lo=0) for k in ("audited", "cast", "counted")}
    except InvalidEncoding as exc:
        log.fail("close.counts", item, str(exc))
        return
    want = {"audited": segment.audited, "cast": segment.cast, "counted": segment.counted}
    for key in ("audited", "cast", "counted"):
        if got[key] != want[key]:
            log.fail("close.counts", item, f"{key} is {got[key]}, the board has {want[key]}")


def _rows(
    payload: JsonObject, key: str, item: str, election: Election
) -> list[tuple[str, JsonObject]]:
    contests = election.manifest.contests
    rows = get_list(payload, "contests", item, min_len=len(contests), max_len=len(contests))
    out = []
    for k, (contest, row) in enumerate(zip(contests, rows, strict=True)):
        path = f"{item}.contests[{k}]"
        obj = get_object(row, path)
        extra = ("outcome", "rankings", "invalid") if key == "counts" else ()  # 7.15, 7.16
        require_keys(obj, path, ("contest", key), optional=extra)
        if obj["contest"] != contest.id:
            raise InvalidEncoding(f"{path}.contest: expected {contest.id!r}")
        get_list(obj, key, path, min_len=contest.options, max_len=contest.options)
        out.append((path, obj))
    return out


def check_tally(
    payload: JsonObject, election: Election, segment: Segment, item: str, log: FailureLog
) -> Grid | None:
    """Compare the published tally with the recomputed one; return the published grid."""
    try:
        require_keys(payload, item, ("contests", "counted", "weight"))
        grid: Grid = []
        for path, obj in _rows(payload, "ciphertexts", item, election):
            raw = obj["ciphertexts"]
            assert isinstance(raw, list)
            grid.append(
                [
                    Ciphertext.from_bytes(
                        get_hex({"c": c}, "c", path, length=64), allow_identity=True
                    )
                    for c in raw
                ]
            )
        counted = get_int(payload, "counted", item, lo=0)
        weight = get_int(payload, "weight", item, lo=0)
    except InvalidEncoding as exc:
        log.fail("tally.ciphertexts", item, str(exc))
        return None
    if counted != segment.counted:
        log.fail("tally.ciphertexts", item, f"counted is {counted}, recomputed {segment.counted}")
    if weight != segment.weight:
        log.fail("tally.ciphertexts", item, f"weight is {weight}, recomputed {segment.weight}")
    for contest, published, recomputed in zip(
        election.manifest.contests, grid, segment.sums, strict=True
    ):
        for j, (a, b) in enumerate(zip(published, recomputed, strict=True)):
            if a != b:
                log.fail(
                    "tally.ciphertexts",
                    f"{item} contest {contest.id} option {j}",
                    "T_cj != weighted sum of the counted ballots' ciphertexts",
                )
    return grid


def lagrange_at_zero(indices: list[int]) -> dict[int, Scalar]:
    """``lambda_i = prod_{k != i} k / (k - i) mod L`` over the set ``indices``."""
    out: dict[int, Scalar] = {}
    for i in indices:
        num, den = Scalar.one(), Scalar.one()
        for k in indices:
            if k != i:
                num = num * Scalar.from_int(k)
                den = den * Scalar.from_int(k - i)
        out[i] = num * den.invert()
    return out


class Decryption:
    """Collects decryption shares, checks their proofs, then checks the result."""

    def __init__(self, election: Election, tally: Grid | None, weight: int, log: FailureLog):
        self.election = election
        self.tally = tally
        self.weight = weight
        self.log = log
        self.shares: dict[int, list[list[Element]]] = {}
        #: Contest indices whose published counts are proven by the shares.
        self.proven: set[int] = set()

    def on_share(self, payload: JsonObject, item: str) -> None:
        if self.tally is None:
            self.log.fail("decryption.shares", item, "no readable tally to decrypt")
            return
        try:
            require_keys(payload, item, ("trustee", "contests", "signature"))
            i = get_int(payload, "trustee", item, lo=1, hi=self.election.manifest.trustees)
            rows = _rows(payload, "shares", item, self.election)
            parsed = [self._parse_row(path, obj) for path, obj in rows]
        except InvalidEncoding as exc:
            self.log.fail("decryption.shares", item, str(exc))
            return
        if i not in self.election.qualified or i not in self.election.public_shares:
            self.log.fail("decryption.shares", item, f"trustee {i} is not qualified")
            return
        if i in self.shares:
            self.log.fail("decryption.shares", item, f"trustee {i} posted shares twice")
            return
        self.shares[i] = [[d for d, _ in row] for row in parsed]
        self._check_proofs(i, parsed, item)

    def _parse_row(self, path: str, obj: JsonObject) -> list[tuple[Element, DleqProof]]:
        raw = obj["shares"]
        assert isinstance(raw, list)
        out = []
        for j, entry in enumerate(raw):
            p = f"{path}.shares[{j}]"
            e = get_object(entry, p)
            require_keys(e, p, ("share", "proof"))
            share = get_element(e, "share", p, allow_identity=True)
            out.append((share, DleqProof.from_bytes(get_hex(e, "proof", p, length=64))))
        return out

    def _check_proofs(
        self, i: int, parsed: list[list[tuple[Element, DleqProof]]], item: str
    ) -> None:
        assert self.tally is not None
        y_i = self.election.public_shares[i]
        mh = self.election.manifest.hash
        for contest, row, cts in zip(
            self.election.manifest.contests, parsed, self.tally, strict=True
        ):
            for j, ((share, proof), ct) in enumerate(zip(row, cts, strict=True)):
                ctx = context(
                    {
                        "contest": contest.id,
                        "mh": mh,
                        "option": j,
                        "trustee": i,
                        "type": "decryption",
                    }
                )
                try:
                    verify_decryption_share(y_i, ct, share, proof, ctx)
                except CryptoError as exc:
                    where = f"{item} (trustee {i}) contest {contest.id} option {j}"
                    self.log.fail("decryption.proofs", where, str(exc))

    def on_result(self, payload: JsonObject, item: str) -> None:
        try:
            require_keys(payload, item, ("contests", "trustees"), optional=("questions",))
            listed = get_list(payload, "trustees", item, max_len=self.election.manifest.trustees)
            rows = _rows(payload, "counts", item, self.election)
        except InvalidEncoding as exc:
            self.log.fail("result.counts", item, str(exc))
            return
        posted = sorted(self.shares)
        if listed != posted:
            self.log.fail(
                "result.trustees", item, f"trustees is {listed}, shares came from {posted}"
            )
        t = self.election.manifest.threshold
        if len(posted) < t:
            self.log.fail(
                "result.trustees", item, f"only {len(posted)} trustees posted shares, t = {t}"
            )
            return
        if self.tally is not None:
            self._check_counts(rows, posted, item)

    def _check_counts(
        self, rows: list[tuple[str, JsonObject]], posted: list[int], item: str
    ) -> None:
        assert self.tally is not None
        lowest = posted[: self.election.manifest.threshold]
        lam = lagrange_at_zero(lowest)
        for c, ((path, obj), cts) in enumerate(zip(rows, self.tally, strict=True)):
            contest = self.election.manifest.contests[c]
            top = self.weight * contest.value_max
            raw = obj["counts"]
            assert isinstance(raw, list)
            good = True
            for j, ct in enumerate(cts):
                where = f"{item} contest {contest.id} option {j}"
                try:
                    n = get_int({"n": raw[j]}, "n", f"{path}.counts[{j}]", lo=0, hi=top)
                except InvalidEncoding as exc:
                    self.log.fail("result.counts", where, str(exc))
                    good = False
                    continue
                combined = Element.identity()
                for i in lowest:
                    combined = combined + self.shares[i][c][j] * lam[i]
                if ct.beta - combined != Element.base_times(Scalar.from_int(n)):
                    self.log.fail("result.counts", where, f"B - sum lambda_i D_i != {n} * G")
                    good = False
            if good:
                self.proven.add(c)
