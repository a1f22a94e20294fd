"""Generate vectors/shuffle.json: shuffles with proofs, and altered ones that must fail.

Run from the repository root with the project installed::

    .venv/bin/python vectors/generate_shuffle.py           # rewrite the file
    .venv/bin/python vectors/generate_shuffle.py --check   # exit 1 if the file is stale

Every input comes from a public label (``docs/protocol.md`` part 9.9):

* ``scalar(label) = int.from_bytes(SHA-512(b"suffrage/1 shuffle vector " + label), "little")
  mod L`` (the secret key and the encryption nonces ``nonce/<case>/<j>/<k>``);
* the mixer's random source is the byte stream ``SHA-512(b"suffrage/1 shuffle vector rng "
  + label + u64be(i))`` for ``i = 0, 1, ...``, concatenated and read in order (the
  permutation reads 8 bytes at a time, scalars 64); one stream serves the shuffle and then
  the proof, so the file lists its first bytes (``tape``) and the values drawn from it.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from suffrage.crypto import Element, Scalar
from suffrage.crypto.elgamal import encrypt
from suffrage.crypto.mix import ShuffleProof, prove_shuffle, shuffle, shuffle_generators
from suffrage.crypto.mix._transcript import first_round, second_round, table
from suffrage.crypto.mix.shuffle import Rows, ShuffleSecret

PREFIX = b"suffrage/1 shuffle vector "
RNG_PREFIX = b"suffrage/1 shuffle vector rng "
OUT = Path(__file__).parent / "shuffle.json"
ORDER = 2**252 + 27742317777372353535851937790883648493


def scalar(label: str) -> Scalar:
    return Scalar.from_wide_bytes(hashlib.sha512(PREFIX + label.encode()).digest())


class Stream:
    """The documented random source: SHA-512 blocks of a label and a counter, in order."""

    def __init__(self, label: str) -> None:
        self.label = label.encode()
        self.buffer = b""
        self.blocks = 0
        self.used = 0

    def __call__(self, n: int) -> bytes:
        while len(self.buffer) < n:
            counter = self.blocks.to_bytes(8, "big")
            self.buffer += hashlib.sha512(RNG_PREFIX + self.label + counter).digest()
            self.blocks += 1
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        self.used += n
        return out


def _hex_rows(rows: Rows) -> list[list[str]]:
    return [[ct.hex() for ct in row] for row in rows]


def _inputs(name: str, public: Element, plaintexts: list[list[int]]) -> Rows:
    return tuple(
        tuple(encrypt(public, m, scalar(f"nonce/{name}/{j}/{k}")) for k, m in enumerate(row))
        for j, row in enumerate(plaintexts)
    )


def _challenges(
    public: Element, inputs: Rows, outputs: Rows, proof: ShuffleProof, context: bytes
) -> tuple[list[int], int]:
    t, u = first_round(
        context, public, table(inputs), table(outputs), [e.to_bytes() for e in proof.commitments]
    )
    c = second_round(
        t,
        [e.to_bytes() for e in proof.chain],
        (proof.t1.to_bytes(), proof.t2.to_bytes(), proof.t3.to_bytes()),
        [(a.to_bytes(), b.to_bytes()) for a, b in proof.t4],
        [e.to_bytes() for e in proof.t_hat],
    )
    return u, c


def _case(name: str, plaintexts: list[list[int]], context: bytes) -> tuple[dict[str, Any], Any]:
    secret = scalar(f"secret/{name}")
    public = Element.base_times(secret)
    inputs = _inputs(name, public, plaintexts)
    stream = Stream(name)
    outputs, witness = shuffle(public, inputs, stream)
    drawn_for_shuffle = stream.used
    proof = prove_shuffle(public, inputs, outputs, witness, context, stream)
    u, c = _challenges(public, inputs, outputs, proof, context)
    n = len(inputs)
    case = {
        "name": name,
        "secret_label": f"secret/{name}",
        "secret": secret.hex(),
        "public": public.hex(),
        "context": context.hex(),
        "rows": n,
        "width": len(inputs[0]),
        "plaintexts": plaintexts,
        "inputs": _hex_rows(inputs),
        "generators": [q.hex() for q in shuffle_generators(n + 1)],
        "rng_label": name,
        "tape_bytes_for_shuffle": drawn_for_shuffle,
        "tape_bytes_total": stream.used,
        "permutation": list(witness.permutation),
        "reencryption_nonces": [[r.hex() for r in row] for row in witness.nonces],
        "outputs": _hex_rows(outputs),
        "u": [Scalar.from_int(x).hex() for x in u],
        "challenge": Scalar.from_int(c).hex(),
        "proof": proof.to_bytes().hex(),
    }
    return case, (public, inputs, outputs, witness, proof, context)


def _altered(state: Any) -> list[dict[str, Any]]:
    public, inputs, outputs, witness, proof, context = state
    assert isinstance(witness, ShuffleSecret)
    replaced = list(outputs)
    other = encrypt(public, 7, scalar("altered/replacement"))
    replaced[0] = (replaced[0][0], other, *replaced[0][2:])
    swapped = [outputs[1], outputs[0], *outputs[2:]]
    moved = proof.commitments[0] + Element.generator()
    bumped = replace(proof, s4=(proof.s4[0], proof.s4[1] + Scalar.one(), *proof.s4[2:]))
    cheating = list(outputs)
    cheating[2] = (encrypt(public, 9, scalar("altered/cheat")), *cheating[2][1:])
    cheat_proof = prove_shuffle(public, inputs, cheating, witness, context, Stream("cheat"))
    raw = proof.to_bytes()
    every = ["every"]
    return [
        {
            "what": "an output ciphertext replaced (row 0, column 1)",
            "outputs": _hex_rows(tuple(replaced)),
            "fails": every,
        },
        {
            "what": "output rows 0 and 1 swapped",
            "outputs": _hex_rows(tuple(swapped)),
            "fails": every,
        },
        {
            "what": "commitment C_0 replaced by C_0 + G",
            "proof": replace(proof, commitments=(moved, *proof.commitments[1:])).to_bytes().hex(),
            "fails": every,
        },
        {"what": "another context", "context": (context + b"/other").hex(), "fails": every},
        {
            "what": "response s4[1] plus one",
            "proof": bumped.to_bytes().hex(),
            "fails": ["t4_alpha[1]", "t4_beta[1]"],
        },
        {
            "what": "output row 2 column 0 replaced, then proved with the secret (tape cheat)",
            "outputs": _hex_rows(tuple(cheating)),
            "proof": cheat_proof.to_bytes().hex(),
            "fails": ["t4_alpha[0]", "t4_beta[0]"],
        },
        {
            "what": "proof truncated by one byte",
            "proof": raw[:-1].hex(),
            "error": "InvalidEncoding",
        },
        {
            "what": "response s1 equal to L",
            "proof": (
                raw[: _s1_offset(proof)]
                + ORDER.to_bytes(32, "little")
                + raw[_s1_offset(proof) + 32 :]
            ).hex(),
            "error": "InvalidEncoding",
        },
    ]


def _s1_offset(proof: ShuffleProof) -> int:
    return 16 + 32 * (3 * proof.rows + 3 + 2 * proof.width)


def build() -> dict[str, Any]:
    main, state = _case(
        "mix-5x3", [[1, 0, 2], [0, 1, 2], [2, 1, 0], [0, 2, 1], [1, 2, 0]], b"vector/mix-5x3"
    )
    single, _ = _case("mix-1x1", [[1]], b"vector/mix-1x1")
    main["invalid"] = _altered(state)
    return {
        "source": "vectors/generate_shuffle.py (suffrage.crypto.mix on libsodium)",
        "spec": "docs/protocol.md part 9",
        "cases": [main, single],
    }


def render() -> str:
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is stale: rerun vectors/generate_shuffle.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
