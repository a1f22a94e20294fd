"""The two Fiat-Shamir rounds of the shuffle proof (``docs/protocol.md``, part 9.5).

Round 1 absorbs the statement (group, context, public key, shape, every input and output
ciphertext) and the permutation commitment, and squeezes one challenge ``u_j`` per row.
Round 2 continues the same transcript with the commitment chain and the sigma-protocol
commitments and squeezes ``c``. Prover and verifier call the same two functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from suffrage.crypto import hazmat
from suffrage.crypto.elgamal import Ciphertext
from suffrage.crypto.group import Element
from suffrage.crypto.proofs._base import GROUP_NAME, PROTOCOL_VERSION
from suffrage.crypto.transcript import Transcript, element_header, initial_stream, message_item

__all__ = ["KIND", "Table", "first_round", "second_round", "table"]

KIND: Final = "shuffle"
_START: Final = initial_stream(f"{PROTOCOL_VERSION} {KIND}") + message_item("group", GROUP_NAME)
_IN_ALPHA: Final = element_header("input_alpha")
_IN_BETA: Final = element_header("input_beta")
_OUT_ALPHA: Final = element_header("output_alpha")
_OUT_BETA: Final = element_header("output_beta")
_COMMITMENT: Final = element_header("commitment")
_CHAIN: Final = element_header("chain")
_T_HAT: Final = element_header("t_hat")
_T4_ALPHA: Final = element_header("t4_alpha")
_T4_BETA: Final = element_header("t4_beta")

#: A table of ciphertext encodings: ``table[i][k] = (alpha, beta)`` as 32-byte strings.
Table = Sequence[Sequence[tuple[bytes, bytes]]]


def table(rows: Sequence[Sequence[Ciphertext]]) -> list[list[tuple[bytes, bytes]]]:
    """The encodings ``(alpha, beta)`` of every ciphertext, row by row."""
    return [[(ct.alpha.to_bytes(), ct.beta.to_bytes()) for ct in row] for row in rows]


def _rows(table: Table, alpha: bytes, beta: bytes) -> bytes:
    return b"".join(alpha + a + beta + b for row in table for a, b in row)


def _each(header: bytes, encodings: Sequence[bytes]) -> bytes:
    return b"".join(header + e for e in encodings)


def first_round(
    context: bytes,
    public: Element,
    inputs: Table,
    outputs: Table,
    commitments: Sequence[bytes],
) -> tuple[Transcript, list[int]]:
    """The transcript after round 1 and the challenges ``u_1..u_N`` (as integers)."""
    if not isinstance(context, bytes | bytearray):
        raise TypeError("context must be bytes")
    t = Transcript.resume(_START + message_item("context", bytes(context)))
    t.append_element("public", public)
    t.append_int("rows", len(inputs))
    t.append_int("width", len(inputs[0]))
    t.append_element_encodings(
        [
            _rows(inputs, _IN_ALPHA, _IN_BETA),
            _rows(outputs, _OUT_ALPHA, _OUT_BETA),
            _each(_COMMITMENT, commitments),
        ]
    )
    to_int = hazmat.scalar_to_int
    return t, [to_int(t.challenge_scalar("u")) for _ in commitments]


def second_round(
    t: Transcript,
    chain: Sequence[bytes],
    t123: tuple[bytes, bytes, bytes],
    t4: Sequence[tuple[bytes, bytes]],
    t_hat: Sequence[bytes],
) -> int:
    """Absorb round 2 into ``t`` and return the challenge ``c`` (as an integer)."""
    t.append_element_encodings(
        [
            _each(_CHAIN, chain),
            element_header("t1") + t123[0],
            element_header("t2") + t123[1],
            element_header("t3") + t123[2],
            b"".join(_T4_ALPHA + a + _T4_BETA + b for a, b in t4),
            _each(_T_HAT, t_hat),
        ]
    )
    return hazmat.scalar_to_int(t.challenge_scalar("challenge"))
