"""The verification steps of docs/protocol.md part 8, one module per step family.

:data:`CATALOG` lists every check id with its title, in the order the steps run; the
report shows them in this order and ``docs/protocol.md`` documents each one.
"""

from __future__ import annotations

from typing import Final

__all__ = ["CATALOG"]

CATALOG: Final[tuple[tuple[str, str], ...]] = (
    ("record.files", "The record holds manifest.json, board.jsonl and head.json"),
    ("board.encoding", "Every board line is one canonical JSON event with seq = line number"),
    ("board.chain", "Every event's prev is the hash of the event before it (hash chain)"),
    ("board.order", "Events come in the order the protocol allows"),
    ("record.head", "head.json names the number of events, the head hash and the manifest"),
    ("manifest.valid", "Event 0 is setup with a well-formed manifest"),
    ("manifest.file", "manifest.json is byte-identical to the manifest on the board"),
    ("trustees.signatures", "Every trustee event is signed by that trustee's key in the manifest"),
    ("keys.commitments", "Each trustee published t commitments, once"),
    ("keys.proofs", "Each trustee proved knowledge of its constant coefficient"),
    ("keys.complaints", "Complaints and answered shares are well-formed and checked"),
    ("keys.qualified", "The qualified set excludes exactly the unanswered complaints"),
    ("keys.joint", "The joint public key is the sum of the qualified constant commitments"),
    ("keys.shares", "Each public share is recomputed from the commitments"),
    ("voters.list", "The voter list is sorted, distinct, with known styles and valid weights"),
    ("voters.registrar", "The voter list is signed by the manifest's registrar key"),
    ("election.open", "The open event names this manifest, key and voter-list hash"),
    ("ballots.format", "Every ballot is well-formed (fields, encodings, style's contests)"),
    ("ballots.manifest", "Every ballot is bound to this election's manifest hash"),
    ("ballots.credential", "Every ballot's credential is on the voter list with its style"),
    ("ballots.signature", "Every ballot is signed by its credential"),
    ("ballots.option_proofs", "Every option ciphertext has a valid 0/1 or range proof"),
    ("ballots.contest_proofs", "Every contest's sum has a valid min..max proof"),
    ("ballots.unique", "No tracking code appears twice on the board"),
    ("ballots.replaces", "Each revote names the ballot it replaces"),
    ("audits.reveal", "Audited ballots' revealed choices re-encrypt to their ciphertexts"),
    ("close.counts", "The close event counts cast, audited and counted ballots"),
    (
        "trustees.attestations",
        "At least t trustees signed the open and close heads; each decrypting trustee both",
    ),
    ("tally.ciphertexts", "The encrypted tally is the weighted sum of exactly the counted ballots"),
    ("decryption.shares", "Decryption shares come from qualified trustees, once each"),
    ("decryption.proofs", "Every decryption share has a valid DLEQ proof"),
    ("result.trustees", "The result names exactly the trustees that posted shares, at least t"),
    ("result.counts", "Every published count matches the Lagrange-combined decryption"),
    ("result.outcome", "Every outcome follows from the counts by the manifest's outcome rule"),
    ("mix.order", "Each ranked contest is mixed from its counted ballots by at least t trustees"),
    ("mix.shuffle", "Every mix carries a valid proof of a shuffle of its inputs"),
    ("mix.decryption", "Every decryption share of a mixed ballot has a valid DLEQ proof"),
    ("result.rankings", "The published rankings are the decrypted mixed ballots"),
    ("result.ranked_outcome", "Every ranked outcome follows from the rankings by the rule"),
)
