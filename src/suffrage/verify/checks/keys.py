"""The key ceremony (7.5): commitments and their proofs, complaints, the joint key."""

from __future__ import annotations

from collections.abc import Iterable

from suffrage.crypto import Element, Scalar
from suffrage.crypto.proofs import SchnorrProof, verify_key_knowledge
from suffrage.errors import CryptoError, InvalidEncoding
from suffrage.protocol.encoding import (
    JsonObject,
    context,
    get_element,
    get_hex,
    get_int,
    get_list,
    get_object,
    get_scalar,
    require_keys,
)
from suffrage.verify.model import Election
from suffrage.verify.report import FailureLog

__all__ = ["KeyCeremony"]


def _feldman(commitments: tuple[Element, ...], j: int) -> Element:
    """``sum_k j^k * C_k``: the public value of the polynomial at ``j``."""
    acc = Element.identity()
    power = Scalar.one()
    x = Scalar.from_int(j)
    for c in commitments:
        acc = acc + c * power
        power = power * x
    return acc


class KeyCeremony:
    """Collects the DKG events and checks the joint key against them."""

    def __init__(self, election: Election, log: FailureLog) -> None:
        self.election = election
        self.log = log
        self.commitments: dict[int, tuple[Element, ...]] = {}
        self.complaints: set[tuple[int, int]] = set()  # (recipient j, dealer i)
        self.answers: dict[tuple[int, int], bool] = {}  # (recipient j, dealer i) -> valid

    @property
    def n(self) -> int:
        return self.election.manifest.trustees

    def on_commitment(self, payload: JsonObject, item: str) -> None:
        m = self.election.manifest
        try:
            require_keys(payload, item, ("trustee", "commitments", "proof", "signature"))
            i = get_int(payload, "trustee", item, lo=1, hi=self.n)
            raw = get_list(payload, "commitments", item, min_len=m.threshold, max_len=m.threshold)
            coms = tuple(
                get_element({"c": c}, "c", f"{item}.commitments[{k}]") for k, c in enumerate(raw)
            )
            proof = SchnorrProof.from_bytes(get_hex(payload, "proof", item))
        except InvalidEncoding as exc:
            self.log.fail("keys.commitments", item, str(exc))
            return
        if i in self.commitments:
            self.log.fail("keys.commitments", item, f"trustee {i} already published commitments")
            return
        self.commitments[i] = coms
        ctx = b"dkg" + b"".join(v.to_bytes(4, "big") for v in (self.n, m.threshold, i))
        ctx += context({"mh": m.hash, "type": "key"})
        try:
            verify_key_knowledge(coms[0], proof, ctx)
        except CryptoError as exc:
            self.log.fail("keys.proofs", f"{item} (trustee {i})", str(exc))

    def _pair(self, payload: JsonObject, item: str, keys: tuple[str, str]) -> tuple[int, int]:
        a = get_int(payload, keys[0], item, lo=1, hi=self.n)
        b = get_int(payload, keys[1], item, lo=1, hi=self.n)
        if a == b:
            raise InvalidEncoding(f"{item}: a trustee cannot complain about itself")
        return a, b

    def on_complaint(self, payload: JsonObject, item: str) -> None:
        try:
            require_keys(payload, item, ("trustee", "dealer", "signature"))
            pair = self._pair(payload, item, ("trustee", "dealer"))
        except InvalidEncoding as exc:
            self.log.fail("keys.complaints", item, str(exc))
            return
        if pair in self.complaints:
            self.log.fail("keys.complaints", item, f"trustee {pair[0]} complained twice")
        self.complaints.add(pair)

    def on_answer(self, payload: JsonObject, item: str) -> None:
        try:
            require_keys(payload, item, ("trustee", "recipient", "share", "signature"))
            dealer, recipient = self._pair(payload, item, ("trustee", "recipient"))
            share = get_scalar(payload, "share", item)
        except InvalidEncoding as exc:
            self.log.fail("keys.complaints", item, str(exc))
            return
        pair = (recipient, dealer)
        if pair not in self.complaints:
            self.log.fail("keys.complaints", item, f"answer without a complaint by {recipient}")
        elif pair in self.answers:
            self.log.fail("keys.complaints", item, f"trustee {dealer} answered twice")
        elif dealer in self.commitments:
            expected = _feldman(self.commitments[dealer], recipient)
            self.answers[pair] = Element.base_times(share) == expected

    def qualified(self) -> tuple[int, ...]:
        """``1..n`` minus dealers accused by ``t`` or more trustees or left unanswered (6.5)."""
        bad = {dealer for (j, dealer) in self.complaints if not self.answers.get((j, dealer))}
        accusers: dict[int, int] = {}
        for _, dealer in self.complaints:
            accusers[dealer] = accusers.get(dealer, 0) + 1
        t = self.election.manifest.threshold
        bad |= {dealer for dealer, count in accusers.items() if count >= t}
        return tuple(i for i in range(1, self.n + 1) if i not in bad)

    def on_joint_key(self, payload: JsonObject, item: str) -> None:
        try:
            require_keys(payload, item, ("qualified", "public_key", "public_shares"))
            listed = get_list(payload, "qualified", item, min_len=1, max_len=self.n)
            key = get_element(payload, "public_key", item)
            shares = self._parse_shares(payload, item)
        except InvalidEncoding as exc:
            self.log.fail("keys.joint", item, str(exc))
            return
        qualified = self.qualified()
        if listed != list(qualified):
            self.log.fail(
                "keys.qualified", item, f"qualified is {listed}, expected {list(qualified)}"
            )
        if len(qualified) < self.election.manifest.threshold:
            self.log.fail("keys.qualified", item, "fewer qualified trustees than the threshold")
        self.election.qualified = qualified
        self.election.public_key = key
        self.election.public_shares = shares
        missing = [i for i in qualified if i not in self.commitments]
        if missing:
            self.log.fail("keys.joint", item, f"no commitments from trustee {missing[0]}")
            return
        self._check_key(key, shares, qualified, item)

    def _parse_shares(self, payload: JsonObject, item: str) -> dict[int, Element]:
        out: dict[int, Element] = {}
        for k, entry in enumerate(get_list(payload, "public_shares", item, max_len=self.n)):
            path = f"{item}.public_shares[{k}]"
            obj = get_object(entry, path)
            require_keys(obj, path, ("trustee", "public_share"))
            j = get_int(obj, "trustee", path, lo=1, hi=self.n)
            if out and j <= max(out):
                raise InvalidEncoding(f"{path}.trustee: indices must ascend")
            out[j] = get_element(obj, "public_share", path)
        return out

    def _check_key(
        self, key: Element, shares: dict[int, Element], qualified: tuple[int, ...], item: str
    ) -> None:
        t = self.election.manifest.threshold
        aggregate = tuple(_sum(self.commitments[i][k] for i in qualified) for k in range(t))
        if key != aggregate[0]:
            self.log.fail("keys.joint", item, "public_key != sum of qualified C_i0")
        if sorted(shares) != list(qualified):
            self.log.fail(
                "keys.shares",
                item,
                f"public shares for {sorted(shares)}, expected {list(qualified)}",
            )
        for j in sorted(shares):
            if shares[j] != _feldman(aggregate, j):
                self.log.fail(
                    "keys.shares", f"{item} (trustee {j})", "Y_j != sum_i sum_k j^k * C_ik"
                )


def _sum(elements: Iterable[Element]) -> Element:
    acc = Element.identity()
    for e in elements:
        acc = acc + e
    return acc
