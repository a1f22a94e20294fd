"""Generate vectors/threshold.json: key generation, complaints and t-of-n decryption.

Run from the repository root with the project installed::

    .venv/bin/python vectors/generate_threshold.py           # rewrite vectors/threshold.json
    .venv/bin/python vectors/generate_threshold.py --check   # exit 1 if the file is stale

Randomness comes from documented tapes, so another implementation can replay every step:
dealer ``i`` of ceremony ``name`` draws 64-byte blocks ``SHA-512(b"suffrage/1 threshold
vector rng " + label + u64be(k))`` with ``label = name + "/dealer-" + str(i)``: the
coefficients ``a_0 .. a_{t-1}`` first, then the nonce of its Schnorr proof. Decryption
share proofs use the label ``name + "/share-" + str(j)``. Plaintext nonces are
``scalar(label) = SHA-512(b"suffrage/1 threshold vector " + label) mod L``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import replace
from itertools import combinations
from pathlib import Path
from typing import Any

from suffrage.crypto import Element, Scalar
from suffrage.crypto.elgamal import decrypt_to_element, encrypt
from suffrage.crypto.proofs import prove_decryption_share
from suffrage.crypto.threshold import (
    Complaint,
    ComplaintResponse,
    Dealing,
    DkgParameters,
    DkgTrustee,
    TrusteeKey,
    combine_shares,
    joint_commitments,
    lagrange_coefficient,
)

PREFIX = b"suffrage/1 threshold vector "
RNG_PREFIX = b"suffrage/1 threshold vector rng "
OUT = Path(__file__).with_name("threshold.json")


def scalar(label: str) -> Scalar:
    return Scalar.from_wide_bytes(hashlib.sha512(PREFIX + label.encode()).digest())


class Tape:
    def __init__(self, label: str) -> None:
        self.label = label
        self.draws: list[bytes] = []

    def __call__(self, n: int) -> bytes:
        if n != 64:
            raise ValueError("draws are 64 bytes")
        k = len(self.draws)
        block = hashlib.sha512(RNG_PREFIX + self.label.encode() + k.to_bytes(8, "big")).digest()
        self.draws.append(block)
        return block


def _dealer_record(params: DkgParameters, d: Dealing, tape: Tape) -> dict[str, Any]:
    c = d.commitment
    return {
        "dealer": c.dealer,
        "rng_label": tape.label,
        "rng": [b.hex() for b in tape.draws],
        "coefficients": [Scalar.from_wide_bytes(b).hex() for b in tape.draws[:-1]],
        "commitments": [e.hex() for e in c.commitments],
        "proof_context": params.proof_context(c.dealer).hex(),
        "proof": c.proof.to_bytes().hex(),
        "shares": [{"recipient": s.recipient, "value": s.value.hex()} for s in d.shares],
    }


def ceremony(
    name: str,
    params: DkgParameters,
    bad_shares: dict[tuple[int, int], int],
    lie_to: set[tuple[int, int]],
) -> tuple[dict[str, Any], list[TrusteeKey]]:
    """Run a ceremony. ``bad_shares[(dealer, recipient)] = k`` sends ``f(j) + k`` instead of
    ``f(j)`` (``k = 0`` drops the share); dealers in ``lie_to`` answer that complaint with the
    same wrong value (or not at all when the share was dropped)."""
    trustees = [DkgTrustee(params, i) for i in range(1, params.trustees + 1)]
    tapes = [Tape(f"{name}/dealer-{i}") for i in range(1, params.trustees + 1)]
    dealings = [t.start(tape) for t, tape in zip(trustees, tapes, strict=True)]
    delivered: list[dict[str, Any]] = []
    for d in dealings:
        for t in trustees:
            t.receive_commitment(d.commitment)
        for s in d.shares:
            k = bad_shares.get((s.dealer, s.recipient))
            if k == 0:
                continue
            sent = s if k is None else replace(s, value=s.value + Scalar.from_int(k))
            if k is not None:
                delivered.append(
                    {"dealer": s.dealer, "recipient": s.recipient, "value": sent.value.hex()}
                )
            trustees[s.recipient - 1].receive_share(sent)
    complaints = [c for t in trustees for c in t.complaints()]
    responses: list[ComplaintResponse] = []
    for c in complaints:
        r = trustees[c.dealer - 1].respond(c)
        if r is None:
            continue
        if (c.dealer, c.accuser) in lie_to:
            k = bad_shares[(c.dealer, c.accuser)]
            if k == 0:
                continue
            r = replace(r, value=r.value + Scalar.from_int(k))
        responses.append(r)
    keys = [t.finish(complaints, responses) for t in trustees]
    key = keys[0]
    commitments = {d.commitment.dealer: d.commitment for d in dealings}
    record = {
        "name": name,
        "threshold": params.threshold,
        "trustees": params.trustees,
        "context": params.context.hex(),
        "dealers": [_dealer_record(params, d, t) for d, t in zip(dealings, tapes, strict=True)],
        "tampered_deliveries": delivered,
        "dropped_deliveries": [
            {"dealer": d, "recipient": r} for (d, r), k in sorted(bad_shares.items()) if k == 0
        ],
        "complaints": [_complaint(c) for c in complaints],
        "responses": [_response(r) for r in responses],
        "qualified": list(key.qualified),
        "joint_commitments": [e.hex() for e in joint_commitments(commitments, key.qualified)],
        "public_key": key.public_key.hex(),
        "public_shares": [e.hex() for e in key.public_shares],
        "secret_shares": [k.secret_share.hex() for k in keys],
    }
    return record, keys


def _complaint(c: Complaint) -> dict[str, int]:
    return {"accuser": c.accuser, "dealer": c.dealer}


def _response(r: ComplaintResponse) -> dict[str, Any]:
    return {"dealer": r.dealer, "accuser": r.accuser, "value": r.value.hex()}


def decryption(name: str, keys: list[TrusteeKey], t: int, m: int) -> dict[str, Any]:
    nonce_label = f"{name}/nonce"
    ct = encrypt(keys[0].public_key, m, scalar(nonce_label))
    context = f"{name}/tally".encode()
    shares = []
    elements: dict[int, Element] = {}
    for k in keys:
        tape = Tape(f"{name}/share-{k.index}")
        share, proof = prove_decryption_share(k.secret_share, ct, context, tape)
        elements[k.index] = share
        shares.append(
            {
                "trustee": k.index,
                "rng_label": tape.label,
                "rng": [b.hex() for b in tape.draws],
                "share": share.hex(),
                "proof": proof.to_bytes().hex(),
            }
        )
    subsets = []
    for subset in combinations(sorted(elements), t):
        combined = combine_shares({i: elements[i] for i in subset}, t)
        subsets.append(
            {
                "indices": list(subset),
                "lagrange": [lagrange_coefficient(i, subset).hex() for i in subset],
                "combined": combined.hex(),
                "plaintext_element": decrypt_to_element(ct, combined).hex(),
            }
        )
    return {
        "m": m,
        "nonce_label": nonce_label,
        "nonce": scalar(nonce_label).hex(),
        "ciphertext": ct.hex(),
        "context": context.hex(),
        "shares": shares,
        "subsets": subsets,
    }


def build() -> dict[str, Any]:
    out: dict[str, Any] = {
        "source": "vectors/generate_threshold.py (suffrage.crypto.threshold on libsodium)",
        "spec": "docs/protocol.md part 6",
        "derivation": {
            "scalar": "int.from_bytes(SHA-512('suffrage/1 threshold vector ' + label), "
            "'little') mod L",
            "rng": "draw k = SHA-512('suffrage/1 threshold vector rng ' + rng_label + u64be(k))",
        },
        "ceremonies": [],
    }
    scenarios = [
        ("honest-3-of-5", DkgParameters(3, 5, b"election-1 trustees"), {}, set(), 4),
        (
            "complaints-3-of-5",
            DkgParameters(3, 5, b"election-2 trustees"),
            # dealer 3 sends trustee 1 a wrong share and repeats it when challenged;
            # dealer 5 drops trustee 2's share but answers the complaint honestly.
            {(3, 1): 1, (5, 2): 0},
            {(3, 1)},
            2,
        ),
        ("honest-2-of-3", DkgParameters(2, 3, b"election-3 trustees"), {}, set(), 1),
    ]
    for name, params, bad, lie, m in scenarios:
        record, keys = ceremony(name, params, bad, lie)
        record["decryption"] = decryption(name, keys, params.threshold, m)
        out["ceremonies"].append(record)
    return out


def render() -> str:
    return json.dumps(build(), indent=1) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text("utf-8") != text:
            print(f"stale: {OUT.name}", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
