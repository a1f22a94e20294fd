"""Steps ``mix.order``, ``mix.shuffle`` and ``mix.decryption`` (docs/protocol.md 7.16, 8).

At the ``tally`` the input of every ranked contest is rebuilt from the counted ballots
(their last ciphertexts, ordered by credential). Each ``mix`` must chain on the previous one
and carry a shuffle proof of its outputs from its inputs; each ``mix_share`` must decrypt
the last mix with DLEQ proofs. The rows of the last mix and the shares are kept for the
result (:mod:`suffrage.verify.checks.rankings`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from suffrage.crypto import Ciphertext, Element
from suffrage.crypto.mix import ShuffleProof, verify_shuffle
from suffrage.crypto.proofs import DleqProof, verify_decryption_share
from suffrage.errors import CryptoError, InvalidEncoding
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
from suffrage.verify.model import Contest, Election
from suffrage.verify.report import FailureLog
from suffrage.verify.segment import Segment

__all__ = ["Chain", "Mixing"]

Rows = tuple[tuple[Ciphertext, ...], ...]
_ORDER, _SHUFFLE, _DECRYPT = "mix.order", "mix.shuffle", "mix.decryption"
_MIX_KEYS = ("trustee", "contest", "round", "previous", "outputs", "proof", "signature")
_SHARE_KEYS = ("trustee", "contest", "mix", "shares", "signature")


@dataclass
class Chain:
    """A ranked contest's input, its mixes so far and the shares of the last one."""

    contest: Contest
    rows: Rows
    previous: str
    empty: bool
    mixers: list[int] = field(default_factory=list)
    shares: dict[int, list[list[Element]]] = field(default_factory=dict)


def _input_rows(election: Election, segment: Segment, contest: Contest, log: FailureLog) -> Rows:
    """The counted ballots of voters whose style lists ``contest``, by credential (7.16.2)."""
    styles = {s for s, cs in election.manifest.styles.items() if contest in cs}
    heavy = sum(1 for v in election.voters.values() if v.style in styles and v.weight != 1)
    if heavy:
        log.fail(_ORDER, f"contest {contest.id}", f"{heavy} voters of its styles have weight != 1")
    rows = []
    for cred in sorted(segment.creds):
        st = segment.creds[cred]
        voter = election.voters.get(cred)
        if st.first_seq < 0 or voter is None or voter.style not in styles:
            continue
        terms = st.last_terms
        row = [
            Ciphertext.from_bytes(terms[k + 2 : k + 66])
            for k in range(0, len(terms), 66)
            if terms[k] == contest.index
        ]
        if len(row) == contest.options:
            rows.append(tuple(row))
    return tuple(rows)


class Mixing:
    """The mix chains of the ranked contests along the board."""

    def __init__(self, election: Election, log: FailureLog) -> None:
        self.election = election
        self.log = log
        self.chains: dict[str, Chain] = {}
        self.mixes_checked = 0

    @property
    def ranked(self) -> list[Contest]:
        return [c for c in self.election.manifest.contests if c.kind == "rank"]

    def start(self, segment: Segment, tally_hash: str) -> None:
        """At the ``tally``: each ranked contest's input."""
        for contest in self.ranked:
            rows = _input_rows(self.election, segment, contest, self.log)
            self.chains[contest.id] = Chain(contest, rows, tally_hash, not rows)

    def _chain(self, payload: JsonObject, item: str, check: str) -> Chain | None:
        cid = payload.get("contest")
        chain = self.chains.get(cid) if isinstance(cid, str) else None
        if chain is None:
            self.log.fail(check, item, f"contest {cid!r} is not a ranked contest of the manifest")
        return chain

    # ---------------------------------------------------------------- mixes

    def on_mix(self, payload: JsonObject, item: str, event_hash: str) -> None:
        try:
            require_keys(payload, item, _MIX_KEYS)
            i = get_int(payload, "trustee", item, lo=1, hi=self.election.manifest.trustees)
            round_ = get_int(payload, "round", item, lo=0)
        except InvalidEncoding as exc:
            self.log.fail(_ORDER, item, str(exc))
            return
        chain = self._chain(payload, item, _ORDER)
        if chain is None:
            return
        where = f"{item} (trustee {i}) contest {chain.contest.id} round {round_}"
        if not self._mix_allowed(chain, i, round_, payload, where):
            return
        try:
            n, w = len(chain.rows), chain.contest.options
            outputs = _parse_rows(payload["outputs"], n, w, f"{item}.outputs")
        except InvalidEncoding as exc:
            self.log.fail(_ORDER, where, str(exc))
            return
        self._check_shuffle(chain, i, round_, payload, outputs, where)
        chain.rows, chain.previous = outputs, event_hash
        chain.mixers.append(i)

    def _mix_allowed(
        self, chain: Chain, i: int, round_: int, payload: JsonObject, where: str
    ) -> bool:
        problems = [
            (chain.empty, "the contest has no counted ballot to mix"),
            (bool(chain.shares), "a mix after the decryption of the contest began"),
            (i in chain.mixers, f"trustee {i} mixed this contest before"),
            (round_ != len(chain.mixers), f"round is {round_}, expected {len(chain.mixers)}"),
            (payload["previous"] != chain.previous, "previous is not the previous mix (or tally)"),
        ]
        bad = [why for failed, why in problems if failed]
        for why in bad:
            self.log.fail(_ORDER, where, why)
        return not (chain.empty or chain.shares)  # else no inputs to check the mix against

    def _check_shuffle(
        self, chain: Chain, i: int, round_: int, payload: JsonObject, outputs: Rows, where: str
    ) -> None:
        obj: JsonObject = {
            "contest": chain.contest.id,
            "mh": self.election.manifest.hash,
            "previous": chain.previous,
            "round": round_,
            "trustee": i,
            "type": "mix",
        }
        assert self.election.public_key is not None
        try:
            proof = ShuffleProof.from_bytes(get_hex(payload, "proof", "mix"))
            verify_shuffle(self.election.public_key, chain.rows, outputs, proof, context(obj))
        except (CryptoError, InvalidEncoding) as exc:
            self.log.fail(_SHUFFLE, where, str(exc))
        self.mixes_checked += 1

    # ---------------------------------------------------------------- decryption

    def on_share(self, payload: JsonObject, item: str) -> None:
        try:
            require_keys(payload, item, _SHARE_KEYS)
            i = get_int(payload, "trustee", item, lo=1, hi=self.election.manifest.trustees)
        except InvalidEncoding as exc:
            self.log.fail(_DECRYPT, item, str(exc))
            return
        chain = self._chain(payload, item, _DECRYPT)
        if chain is None:
            return
        where = f"{item} (trustee {i}) contest {chain.contest.id}"
        t = self.election.manifest.threshold
        problems = [
            (i not in self.election.public_shares, f"trustee {i} is not qualified"),
            (i in chain.shares, f"trustee {i} decrypted this contest before"),
            (chain.empty or len(chain.mixers) < t, f"mixed by {chain.mixers}, fewer than t = {t}"),
            (payload["mix"] != chain.previous, "mix is not the hash of the contest's last mix"),
        ]
        bad = [why for failed, why in problems if failed]
        for why in bad:
            self.log.fail(_DECRYPT, where, why)
        if bad:
            return
        try:
            n, w = len(chain.rows), chain.contest.options
            cells = _parse_shares(payload["shares"], n, w, f"{item}.shares")
        except InvalidEncoding as exc:
            self.log.fail(_DECRYPT, where, str(exc))
            return
        self._check_proofs(chain, i, cells, where)
        chain.shares[i] = [[d for d, _ in row] for row in cells]

    def _check_proofs(
        self, chain: Chain, i: int, cells: list[list[tuple[Element, DleqProof]]], where: str
    ) -> None:
        y_i = self.election.public_shares[i]
        mh, cid = self.election.manifest.hash, chain.contest.id
        for r, (row, cts) in enumerate(zip(cells, chain.rows, strict=True)):
            for k, ((share, proof), ct) in enumerate(zip(row, cts, strict=True)):
                obj: JsonObject = {
                    "column": k,
                    "contest": cid,
                    "mh": mh,
                    "row": r,
                    "trustee": i,
                    "type": "mix-decryption",
                }
                try:
                    verify_decryption_share(y_i, ct, share, proof, context(obj))
                except CryptoError as exc:
                    self.log.fail(_DECRYPT, f"{where} row {r} column {k}", str(exc))

    def on_result(self, item: str) -> None:
        """At the result: each ranked contest with ballots was mixed by ``t`` trustees."""
        t = self.election.manifest.threshold
        for chain in self.chains.values():
            if not chain.empty and len(chain.mixers) < t:
                where = f"{item} contest {chain.contest.id}"
                self.log.fail(_ORDER, where, f"mixed by {chain.mixers}, fewer than t = {t}")


def _parse_rows(raw: Json, n: int, width: int, path: str) -> Rows:
    items = get_list({"r": raw}, "r", path, min_len=n, max_len=n)
    rows = []
    for r, item in enumerate(items):
        cells = get_list({"c": item}, "c", f"{path}[{r}]", min_len=width, max_len=width)
        rows.append(
            tuple(
                Ciphertext.from_bytes(
                    get_hex({"c": c}, "c", f"{path}[{r}][{k}]", length=64), allow_identity=True
                )
                for k, c in enumerate(cells)
            )
        )
    return tuple(rows)


def _parse_shares(
    raw: Json, n: int, width: int, path: str
) -> list[list[tuple[Element, DleqProof]]]:
    items = get_list({"s": raw}, "s", path, min_len=n, max_len=n)
    out = []
    for r, item in enumerate(items):
        cells = get_list({"c": item}, "c", f"{path}[{r}]", min_len=width, max_len=width)
        row = []
        for k, cell in enumerate(cells):
            p = f"{path}[{r}][{k}]"
            obj = get_object(cell, p)
            require_keys(obj, p, ("share", "proof"))
            share = get_element(obj, "share", p, allow_identity=True)
            row.append((share, DleqProof.from_bytes(get_hex(obj, "proof", p, length=64))))
        out.append(row)
    return out
