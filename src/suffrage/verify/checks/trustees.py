"""Trustee signatures on their events and attestations of the open and close heads (7.5, 7.9).

A trustee speaks only through events signed with her key from the manifest, so an event
the server wrote in her name fails here. She signs the hash of the ``open`` event (which
fixes manifest, key and voter list) and of the ``close`` event (which fixes the ballots);
at least ``t`` trustees must have signed the same two heads, and every trustee whose
decryption shares are on the board must have signed both before posting them.
"""

from __future__ import annotations

from suffrage.crypto.proofs import Signature, verify_signature
from suffrage.errors import CryptoError, InvalidEncoding
from suffrage.protocol.encoding import JsonObject, get_hex, get_int, hash_object, require_keys
from suffrage.verify.model import Election
from suffrage.verify.report import FailureLog

__all__ = ["SIGNED", "TrusteeEvents"]

#: Event types whose payload a trustee signs; ``"trustee"`` names the signer.
SIGNED = frozenset(
    {"trustee_commitment", "trustee_complaint", "trustee_answer", "attestation", "decryption_share"}
)
_SIGS = "trustees.signatures"
_ATT = "trustees.attestations"


def _message(mh: str, kind: str, payload: JsonObject) -> bytes:
    unsigned = {k: v for k, v in payload.items() if k != "signature"}
    return hash_object(f"suffrage/1/trustee/{kind}", {"mh": mh, "payload": unsigned})


class TrusteeEvents:
    """Checks each trustee event's signature and tracks attestations along the board."""

    def __init__(self, election: Election, log: FailureLog) -> None:
        self.election = election
        self.log = log
        self.heads: dict[str, str] = {}
        self.attested: dict[str, set[int]] = {"open": set(), "close": set()}

    def signature(self, kind: str, payload: JsonObject, item: str) -> bool:
        """Whether the payload carries a valid signature by the trustee it names."""
        m = self.election.manifest
        try:
            i = get_int(payload, "trustee", item, lo=1, hi=m.trustees)
            sig = Signature.from_bytes(get_hex(payload, "signature", item, length=64))
        except InvalidEncoding as exc:
            self.log.fail(_SIGS, item, str(exc))
            return False
        try:
            verify_signature(m.trustee_keys[i], _message(m.hash, kind, payload), sig)
        except CryptoError as exc:
            self.log.fail(_SIGS, f"{item} (trustee {i})", f"signature by trustee {i}: {exc}")
            return False
        return True

    def on_head(self, kind: str, event_hash: str) -> None:
        """Remember the hash of the ``open`` or ``close`` event."""
        self.heads[kind] = event_hash

    def on_attestation(self, payload: JsonObject, item: str) -> None:
        try:
            require_keys(payload, item, ("trustee", "phase", "head", "signature"))
            i = get_int(payload, "trustee", item, lo=1, hi=self.election.manifest.trustees)
            head = get_hex(payload, "head", item, length=32).hex()
        except InvalidEncoding as exc:
            self.log.fail(_ATT, item, str(exc))
            return
        which = payload["phase"]
        if which not in ("open", "close"):
            self.log.fail(_ATT, item, "phase must be 'open' or 'close'")
            return
        due = "close" if "close" in self.heads else "open"
        if which != due:
            self.log.fail(_ATT, item, f"an attestation of {which!r} after {due!r}")
        elif head != self.heads.get(which):
            self.log.fail(
                _ATT, f"{item} (trustee {i})", f"head is not the hash of the {which} event"
            )
        elif i in self.attested[which]:
            self.log.fail(_ATT, f"{item} (trustee {i})", f"trustee {i} attested {which} twice")
        else:
            self.attested[which].add(i)

    def on_share(self, payload: JsonObject, item: str) -> None:
        """A decrypting trustee must have attested both heads before her shares."""
        i = payload.get("trustee")
        if not isinstance(i, int):
            return  # named by decryption.shares
        for which in ("open", "close"):
            if i not in self.attested[which]:
                self.log.fail(_ATT, f"{item} (trustee {i})", f"shares before attesting {which}")

    def on_result(self, item: str) -> None:
        """At the result, at least ``t`` trustees attested each head."""
        t = self.election.manifest.threshold
        for which in ("open", "close"):
            got = sorted(self.attested[which])
            if len(got) < t:
                self.log.fail(_ATT, item, f"{which} attested by trustees {got}, fewer than t = {t}")
