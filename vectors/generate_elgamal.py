"""Generate vectors/elgamal.json: exponential ElGamal known answers from fixed labels.

Run from the repository root with the project installed::

    .venv/bin/python vectors/generate_elgamal.py           # rewrite vectors/elgamal.json
    .venv/bin/python vectors/generate_elgamal.py --check   # exit 1 if the file is stale

Every scalar is derived from a public label, so another implementation can rebuild the
file from this description alone: ``scalar(label) = int.from_bytes(SHA-512(PREFIX + label),
"little") mod L`` where ``PREFIX = b"suffrage/1 elgamal vector "`` and ``label`` is UTF-8.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from suffrage.crypto import (
    Ciphertext,
    Scalar,
    decrypt,
    decrypt_to_element,
    encrypt,
    keypair_from_secret,
    partial_decrypt,
    rerandomize,
)

PREFIX = b"suffrage/1 elgamal vector "
OUT = Path(__file__).with_name("elgamal.json")
PLAINTEXTS = [0, 1, 2, 7, 1000, 1_000_000]
SUMS = [[0, 1], [1, 2, 3], [0, 1, 2, 3, 4, 5]]
WEIGHTS = [(1, 0), (2, 3), (3, 250)]


def scalar(label: str) -> Scalar:
    return Scalar.from_wide_bytes(hashlib.sha512(PREFIX + label.encode()).digest())


def _ct(ct: Ciphertext) -> dict[str, str]:
    return {"alpha": ct.alpha.hex(), "beta": ct.beta.hex(), "bytes": ct.hex()}


def build() -> dict[str, Any]:
    keys = [keypair_from_secret(scalar(f"secret/{i}")) for i in range(2)]
    pk = keys[0].public
    cts: list[Ciphertext] = []
    encryptions = []
    for i, m in enumerate(PLAINTEXTS):
        ct = encrypt(pk, m, scalar(f"nonce/{i}"))
        cts.append(ct)
        encryptions.append({"key": 0, "m": m, "nonce_label": f"nonce/{i}", "ciphertext": _ct(ct)})
    sums = []
    for idx in SUMS:
        total = Ciphertext.zero()
        for i in idx:
            total = total + cts[i]
        sums.append(
            {"inputs": idx, "plaintext": sum(PLAINTEXTS[i] for i in idx), "sum": _ct(total)}
        )
    scales = [
        {"input": i, "weight": w, "plaintext": PLAINTEXTS[i] * w, "result": _ct(cts[i].scale(w))}
        for i, w in WEIGHTS
    ]
    rerands = [
        {
            "input": i,
            "nonce_label": f"rerandomize/{i}",
            "result": _ct(rerandomize(cts[i], pk, scalar(f"rerandomize/{i}"))),
        }
        for i in (1, 4)
    ]
    decryptions = []
    for i, ct in enumerate(cts):
        partial = partial_decrypt(ct, keys[0].secret)
        decryptions.append(
            {
                "input": i,
                "partial": partial.hex(),
                "m_times_g": decrypt_to_element(ct, partial).hex(),
                "plaintext": decrypt(ct, keys[0].secret, 10**6),
            }
        )
    return {
        "source": "vectors/generate_elgamal.py (suffrage, libsodium backend)",
        "derivation": "scalar(label) = SHA-512(b'suffrage/1 elgamal vector ' + label) read "
        "little-endian, mod L; ciphertext bytes = alpha || beta; all bytes lowercase hex",
        "keys": [
            {"secret_label": f"secret/{i}", "secret": k.secret.hex(), "public": k.public.hex()}
            for i, k in enumerate(keys)
        ],
        "encryptions": encryptions,
        "sums": sums,
        "scales": scales,
        "rerandomizations": rerands,
        "decryptions": decryptions,
    }


def render() -> str:
    return json.dumps(build(), indent=2) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is stale: rerun vectors/generate_elgamal.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
