"""Generate vectors/transcript.json and vectors/proofs.json from fixed labels.

Run from the repository root with the project installed::

    .venv/bin/python vectors/generate_proofs.py           # rewrite both files
    .venv/bin/python vectors/generate_proofs.py --check   # exit 1 if a file is stale

Every input is derived from a public label, so another implementation can rebuild the
files from this description alone:

* ``scalar(label) = int.from_bytes(SHA-512(b"suffrage/1 proof vector " + label), "little")
  mod L`` (secrets and encryption nonces);
* a prover's random bytes come from the tape ``SHA-512(b"suffrage/1 proof vector rng " +
  label + u64be(i))`` for ``i = 0, 1, ...``; every prover draws 64 bytes at a time, so each
  vector lists its draws (``rng``) and the scalars they reduce to (``nonces``).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from suffrage.crypto import Element, Scalar
from suffrage.crypto.elgamal import encrypt
from suffrage.crypto.proofs import (
    prove_decryption_share,
    prove_dleq,
    prove_key_knowledge,
    prove_range,
    prove_zero_or_one,
    sign,
)
from suffrage.crypto.transcript import Transcript

PREFIX = b"suffrage/1 proof vector "
RNG_PREFIX = b"suffrage/1 proof vector rng "
HERE = Path(__file__).parent


def scalar(label: str) -> Scalar:
    return Scalar.from_wide_bytes(hashlib.sha512(PREFIX + label.encode()).digest())


def element(label: str) -> Element:
    return Element.base_times(scalar(label))


class Tape:
    """The documented random tape; records every draw."""

    def __init__(self, label: str) -> None:
        self.label = label.encode()
        self.draws: list[bytes] = []

    def __call__(self, n: int) -> bytes:
        if n != 64:
            raise ValueError("provers draw 64 bytes at a time")
        i = len(self.draws)
        block = hashlib.sha512(RNG_PREFIX + self.label + i.to_bytes(8, "big")).digest()
        self.draws.append(block)
        return block

    def record(self) -> dict[str, Any]:
        return {
            "rng_label": self.label.decode(),
            "rng": [d.hex() for d in self.draws],
            "nonces": [Scalar.from_wide_bytes(d).hex() for d in self.draws],
        }


def _transcript_case(protocol: str, ops: list[tuple[str, str, Any]]) -> dict[str, Any]:
    t = Transcript(protocol)
    rendered: list[dict[str, Any]] = []
    for op, label, value in ops:
        if op == "int":
            t.append_int(label, value)
            rendered.append({"op": op, "label": label, "value": value})
        elif op == "challenge":
            rendered.append({"op": op, "label": label, "expected": t.challenge_scalar(label).hex()})
        else:
            append: Callable[[str, Any], None] = getattr(t, f"append_{op}")
            append(label, value)
            data = value if isinstance(value, bytes) else value.to_bytes()
            rendered.append({"op": op, "label": label, "data": data.hex()})
    return {"protocol_label": protocol, "ops": rendered}


def transcripts() -> dict[str, Any]:
    cases = [
        _transcript_case("test/empty", [("challenge", "c", None)]),
        _transcript_case(
            "test/all-kinds",
            [
                ("message", "m", b"hello"),
                ("message", "empty", b""),
                ("element", "g", Element.generator()),
                ("scalar", "s", scalar("transcript/s")),
                ("int", "n", 258),
                ("challenge", "c1", None),
                ("element", "h", element("transcript/h")),
                ("challenge", "c2", None),
                ("challenge", "c2", None),
            ],
        ),
        _transcript_case(
            "test/ünicode", [("message", "donnée", "élection".encode()), ("challenge", "ç", None)]
        ),
    ]
    return {
        "source": "vectors/generate_proofs.py (suffrage.crypto.transcript)",
        "spec": "docs/protocol.md part 4",
        "cases": cases,
    }


def _schnorr(i: int, context: bytes) -> dict[str, Any]:
    x = scalar(f"schnorr/{i}/secret")
    public = Element.base_times(x)
    tape = Tape(f"schnorr/{i}")
    proof = prove_key_knowledge(x, public, context, tape)
    return {
        "secret_label": f"schnorr/{i}/secret",
        "secret": x.hex(),
        "public": public.hex(),
        "context": context.hex(),
        **tape.record(),
        "proof": proof.to_bytes().hex(),
    }


def _dleq(i: int, context: bytes, base1: Element) -> dict[str, Any]:
    x = scalar(f"dleq/{i}/secret")
    base2 = element(f"dleq/{i}/base2")
    tape = Tape(f"dleq/{i}")
    proof = prove_dleq(x, base1, base2, context, tape)
    return {
        "secret_label": f"dleq/{i}/secret",
        "secret": x.hex(),
        "base1": base1.hex(),
        "base2_label": f"dleq/{i}/base2",
        "base2": base2.hex(),
        "a": (base1 * x).hex(),
        "b": (base2 * x).hex(),
        "context": context.hex(),
        **tape.record(),
        "proof": proof.to_bytes().hex(),
    }


def _election_key() -> Element:
    return element("election/secret")


def _decryption_share(i: int, m: int) -> dict[str, Any]:
    x = scalar(f"share/{i}/secret")
    ct = encrypt(_election_key(), m, scalar(f"share/{i}/nonce"))
    tape = Tape(f"share/{i}")
    share, proof = prove_decryption_share(x, ct, b"tally/contest-1", tape)
    return {
        "secret_share_label": f"share/{i}/secret",
        "secret_share": x.hex(),
        "public_share": Element.base_times(x).hex(),
        "ciphertext": ct.hex(),
        "context": b"tally/contest-1".hex(),
        **tape.record(),
        "share": share.hex(),
        "proof": proof.to_bytes().hex(),
    }


def _signature(i: int, message: bytes) -> dict[str, Any]:
    x = scalar(f"signature/{i}/secret")
    tape = Tape(f"signature/{i}")
    sig = sign(x, message, tape)
    expanded = sign(x, message, Tape(f"signature/{i}"), expanded=True)  # the same draws
    return {
        "secret_label": f"signature/{i}/secret",
        "secret": x.hex(),
        "public": Element.base_times(x).hex(),
        "message": message.hex(),
        **tape.record(),
        "signature": sig.to_bytes().hex(),
        "expanded": expanded.to_bytes().hex(),
    }


def _encrypted(kind: str, i: int, m: int) -> tuple[dict[str, Any], Any, Scalar]:
    nonce = scalar(f"{kind}/{i}/nonce")
    ct = encrypt(_election_key(), m, nonce)
    base = {
        "public_label": "election/secret",
        "public": _election_key().hex(),
        "m": m,
        "nonce_label": f"{kind}/{i}/nonce",
        "nonce": nonce.hex(),
        "ciphertext": ct.hex(),
    }
    return base, ct, nonce


def _zero_or_one(i: int, m: int) -> dict[str, Any]:
    base, ct, nonce = _encrypted("zero-or-one", i, m)
    tape = Tape(f"zero-or-one/{i}")
    context = f"election-1/contest-1/selection-{i}".encode()
    proof = prove_zero_or_one(_election_key(), ct, m, nonce, context, tape)
    return {
        **base,
        "context": context.hex(),
        **tape.record(),
        "proof": proof.compact().to_bytes().hex(),
        "expanded": proof.to_bytes().hex(),
    }


def _range(i: int, m: int, lo: int, hi: int) -> dict[str, Any]:
    base, ct, nonce = _encrypted("range", i, m)
    tape = Tape(f"range/{i}")
    context = b"election-1/contest-2"
    proof = prove_range(_election_key(), ct, m, nonce, lo, hi, context, tape)
    return {
        **base,
        "lo": lo,
        "hi": hi,
        "context": context.hex(),
        **tape.record(),
        "proof": proof.compact().to_bytes().hex(),
        "expanded": proof.to_bytes().hex(),
    }


def _flip(hex_text: str, byte: int) -> str:
    data = bytearray(bytes.fromhex(hex_text))
    data[byte] ^= 0x01
    return data.hex()


def _invalid(valid: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Cases that must fail: a valid case with some fields replaced."""
    order = (1 << 252) + 27742317777372353535851937790883648493
    non_canonical = order.to_bytes(32, "little").hex()
    out = []
    for kind, field in [
        ("schnorr", "proof"),
        ("dleq", "proof"),
        ("decryption_share", "proof"),
        ("signature", "signature"),
        ("zero_or_one", "proof"),
        ("range", "proof"),
    ]:
        case = valid[kind][0]
        out.append(
            {
                "kind": kind,
                "case": 0,
                "why": "first challenge byte changed",
                "replace": {field: _flip(case[field], 0)},
                "error": "InvalidProof",
            }
        )
        out.append(
            {
                "kind": kind,
                "case": 0,
                "why": "a byte of the last response changed",
                "replace": {field: _flip(case[field], len(case[field]) // 2 - 2)},
                "error": "InvalidProof",
            }
        )
        out.append(
            {
                "kind": kind,
                "case": 0,
                "why": "response replaced by L (non-canonical)",
                "replace": {field: case[field][:64] + non_canonical + case[field][128:]},
                "error": "InvalidEncoding",
            }
        )
    for kind, field, compact_bytes in [
        ("signature", "signature", 64),
        ("zero_or_one", "proof", 128),
        ("range", "proof", 64 * (valid["range"][0]["hi"] - valid["range"][0]["lo"] + 1)),
    ]:
        expanded = valid[kind][0]["expanded"]
        out.append(
            {
                "kind": kind,
                "case": 0,
                "why": "expanded form (5.9) with a byte of its first commitment changed",
                "replace": {field: _flip(expanded, compact_bytes)},
                "error": "InvalidProof",
            }
        )
    out += [
        {
            "kind": "schnorr",
            "case": 0,
            "why": "other context",
            "replace": {"context": b"other".hex()},
            "error": "InvalidProof",
        },
        {
            "kind": "signature",
            "case": 0,
            "why": "other message",
            "replace": {"message": b"other".hex()},
            "error": "InvalidProof",
        },
        {
            "kind": "zero_or_one",
            "case": 0,
            "why": "proof of another ciphertext",
            "replace": {"ciphertext": valid["zero_or_one"][1]["ciphertext"]},
            "error": "InvalidProof",
        },
        {
            "kind": "range",
            "case": 1,
            "why": "other bounds with the same branch count",
            "replace": {"lo": 1, "hi": 4},
            "error": "InvalidProof",
        },
        {
            "kind": "decryption_share",
            "case": 0,
            "why": "share of another trustee",
            "replace": {"share": valid["decryption_share"][1]["share"]},
            "error": "InvalidProof",
        },
    ]
    return out


def proofs() -> dict[str, Any]:
    g = Element.generator()
    valid: dict[str, list[dict[str, Any]]] = {
        "schnorr": [_schnorr(0, b"key-ceremony/trustee-1"), _schnorr(1, b"")],
        "dleq": [_dleq(0, b"dleq-context", g), _dleq(1, b"", element("dleq/1/base1"))],
        "decryption_share": [_decryption_share(0, 3), _decryption_share(1, 0)],
        "signature": [_signature(0, b"ballot bytes"), _signature(1, b"")],
        "zero_or_one": [_zero_or_one(0, 0), _zero_or_one(1, 1)],
        "range": [
            _range(0, 1, 1, 1),
            _range(1, 2, 0, 3),
            _range(2, 7, 5, 9),
            _range(3, 0, 0, 0),
        ],
    }
    return {
        "source": "vectors/generate_proofs.py (suffrage.crypto.proofs on libsodium)",
        "spec": "docs/protocol.md part 5",
        "derivation": {
            "scalar": "int.from_bytes(SHA-512('suffrage/1 proof vector ' + label), 'little') mod L",
            "rng": "draw i = SHA-512('suffrage/1 proof vector rng ' + rng_label + u64be(i))",
        },
        **valid,
        "invalid": _invalid(valid),
    }


def render(name: str) -> str:
    data = transcripts() if name == "transcript" else proofs()
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    stale = []
    for name in ("transcript", "proofs"):
        path = HERE / f"{name}.json"
        text = render(name)
        if "--check" in argv:
            if not path.exists() or path.read_text("utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, "utf-8")
    if stale:
        print("stale: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
