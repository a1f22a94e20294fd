"""Election protocol: manifest, ballots, bulletin board, tally and ceremonies (sans-I/O).

The record these modules build is specified in docs/protocol.md, part 7:

- :mod:`~suffrage.protocol.encoding`: canonical JSON and domain-separated hashes (the only
  module the independent verifier may import);
- :mod:`~suffrage.protocol.manifest`, :mod:`~suffrage.protocol.credentials`,
  :mod:`~suffrage.protocol.voters`: the election, its credentials and voter list;
- :mod:`~suffrage.protocol.ballot`, :mod:`~suffrage.protocol.audit`: encrypted ballots with
  proofs and signature, and the cast-or-audit reveal;
- :mod:`~suffrage.protocol.board`, :mod:`~suffrage.protocol.lifecycle`,
  :mod:`~suffrage.protocol.election`: the hash-chained board, the phase table and the state
  machine that appends only valid events;
- :mod:`~suffrage.protocol.tally`, :mod:`~suffrage.protocol.ceremony`: the weighted
  homomorphic tally, the trustees' key generation and threshold decryption;
- :mod:`~suffrage.protocol.record`, :mod:`~suffrage.protocol.simulation`: the record files
  and archive, tracking-code look-up, and the embedded demo election.

Submodules are imported explicitly; this package imports nothing at import time.
"""

__all__: list[str] = []
