"""vectors/shuffle.json: a second implementation of docs/protocol.md part 9.

The file must be exactly what vectors/generate_shuffle.py writes. Then everything is
recomputed here from the spec alone, on the pure-Python reference backend: the
generators, the shuffle replayed from the documented random stream, both transcript
rounds, the whole proof (replaying the prover's draws) and every verification equation.
The altered cases must fail in this verifier and in the library with the same equations.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from suffrage.crypto import Ciphertext, Element
from suffrage.crypto._backend import IDENTITY, ORDER
from suffrage.crypto._backend.reference import ReferenceBackend
from suffrage.crypto.mix import ShuffleProof, verify_shuffle
from suffrage.errors import InvalidEncoding, InvalidProof

ROOT = Path(__file__).parents[2]
REF = ReferenceBackend()
FILE = json.loads((ROOT / "vectors" / "shuffle.json").read_text("utf-8"))
CASES = {case["name"]: case for case in FILE["cases"]}
Table = list[list[tuple[bytes, bytes]]]


def _lp(b: bytes) -> bytes:
    return len(b).to_bytes(8, "big") + b


def _s(n: int) -> bytes:
    return (n % ORDER).to_bytes(32, "little")


def _int(b: bytes) -> int:
    return int.from_bytes(b, "little")


def _mul(k: int, p: bytes) -> bytes:
    return REF.scalarmult(_s(k), p) if k % ORDER else IDENTITY


def _base(k: int) -> bytes:
    return REF.scalarmult_base(_s(k)) if k % ORDER else IDENTITY


def _sum(points: list[bytes]) -> bytes:
    acc = IDENTITY
    for p in points:
        acc = REF.add(acc, p)
    return acc


def _lin(pairs: list[tuple[int, bytes]]) -> bytes:
    return _sum([_mul(k, p) for k, p in pairs])


class _T:
    """docs/protocol.md part 4, from its text."""

    def __init__(self, label: str) -> None:
        self.h = hashlib.sha512(_lp(b"suffrage/1 transcript") + _lp(label.encode()))

    def put(self, tag: int, label: str, data: bytes) -> None:
        self.h.update(bytes([tag]) + _lp(label.encode()) + _lp(data))

    def challenge(self, label: str) -> int:
        self.h.update(b"\x05" + _lp(label.encode()))
        d = self.h.copy().digest()
        self.h.update(d)
        return _int(d) % ORDER


class _Stream:
    def __init__(self, label: str) -> None:
        self.label, self.buffer, self.i = label.encode(), b"", 0

    def read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            prefix = b"suffrage/1 shuffle vector rng " + self.label
            self.buffer += hashlib.sha512(prefix + self.i.to_bytes(8, "big")).digest()
            self.i += 1
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def scalar(self) -> int:
        while True:
            x = _int(self.read(64)) % ORDER
            if x:
                return x


def _permutation(n: int, stream: _Stream) -> list[int]:
    """Part 9.3, 1-indexed as written, returned 0-indexed."""
    p = list(range(1, n + 1))
    for m in range(n, 1, -1):
        while True:
            x = int.from_bytes(stream.read(8), "big")
            if x < 2**64 - 2**64 % m:
                break
        j = 1 + x % m
        p[m - 1], p[j - 1] = p[j - 1], p[m - 1]
    return [v - 1 for v in p]


def _generators(n: int) -> list[bytes]:
    label = _lp(b"suffrage/1 shuffle generators")
    return [
        REF.from_hash(hashlib.sha512(label + i.to_bytes(8, "big")).digest()) for i in range(n + 1)
    ]


def _table(rows: list[list[str]]) -> Table:
    return [[(bytes.fromhex(c[:64]), bytes.fromhex(c[64:])) for c in row] for row in rows]


def _round1(
    ctx: bytes, h: bytes, e_in: Table, e_out: Table, commitments: list[bytes]
) -> tuple[_T, list[int]]:
    t = _T("suffrage/1 shuffle")
    t.put(1, "group", b"ristretto255")
    t.put(1, "context", ctx)
    t.put(2, "public", h)
    t.put(4, "rows", len(e_in).to_bytes(8, "big"))
    t.put(4, "width", len(e_in[0]).to_bytes(8, "big"))
    for rows, side in ((e_in, "input"), (e_out, "output")):
        for row in rows:
            for a, b in row:
                t.put(2, f"{side}_alpha", a)
                t.put(2, f"{side}_beta", b)
    for c in commitments:
        t.put(2, "commitment", c)
    return t, [t.challenge("u") for _ in commitments]


def _round2(
    t: _T, chain: list[bytes], t123: list[bytes], t4: list[tuple[bytes, bytes]], t_hat: list[bytes]
) -> int:
    for x in chain:
        t.put(2, "chain", x)
    for name, x in zip(("t1", "t2", "t3"), t123, strict=True):
        t.put(2, name, x)
    for a, b in t4:
        t.put(2, "t4_alpha", a)
        t.put(2, "t4_beta", b)
    for x in t_hat:
        t.put(2, "t_hat", x)
    return t.challenge("challenge")


def _parse(proof: bytes) -> dict[str, Any]:
    """Part 9.6."""
    n, w = int.from_bytes(proof[:8], "big"), int.from_bytes(proof[8:16], "big")
    items = [proof[i : i + 32] for i in range(16, len(proof), 32)]
    assert len(proof) == 16 + 32 * (5 * n + 3 * w + 6)
    e, s = items[: 3 * n + 3 + 2 * w], [_int(x) for x in items[3 * n + 3 + 2 * w :]]
    return {
        "C": e[:n], "chat": e[n : 2 * n], "t123": e[2 * n : 2 * n + 3],
        "t4": [(e[2 * n + 3 + 2 * k], e[2 * n + 4 + 2 * k]) for k in range(w)],
        "that": e[2 * n + 3 + 2 * w :], "s1": s[0], "s2": s[1], "s3": s[2],
        "s4": s[3 : 3 + w], "shat": s[3 + w : 3 + w + n], "sp": s[3 + w + n :],
    }  # fmt: skip


def _failing(h: bytes, e_in: Table, e_out: Table, proof: bytes, ctx: bytes) -> list[str]:
    """Part 9.7: the names of the equations that fail (an empty list: valid)."""
    p, n, w = _parse(proof), len(e_in), len(e_in[0])
    q = _generators(n)
    t, u = _round1(ctx, h, e_in, e_out, p["C"])
    c = _round2(t, p["chat"], p["t123"], p["t4"], p["that"])
    prod_u = 1
    for x in u:
        prod_u = prod_u * x % ORDER
    sp = p["sp"]
    chat0 = [q[0], *p["chat"]]
    g = _generator_g()
    t1 = _lin([(p["s1"], g), *((-c, x) for x in p["C"]), *((c, x) for x in q[1:])])
    t2 = _lin([(p["s2"], g), (-c, p["chat"][-1]), (c * prod_u, q[0])])
    weighted = [(-c * x, cj) for x, cj in zip(u, p["C"], strict=True)]
    t3 = _lin([(p["s3"], g), *zip(sp, q[1:], strict=True), *weighted])
    checks = [("t1", p["t123"][0], t1), ("t2", p["t123"][1], t2), ("t3", p["t123"][2], t3)]
    for k in range(w):
        for side, (name, base) in enumerate((("t4_alpha", g), ("t4_beta", h))):
            out = [(sp[i], e_out[i][k][side]) for i in range(n)]
            inp = [(-c * u[j], e_in[j][k][side]) for j in range(n)]
            value = _lin([*out, (-p["s4"][k], base), *inp])
            checks.append((f"{name}[{k}]", p["t4"][k][side], value))
    for i in range(n):
        value = _lin([(p["shat"][i], _generator_g()), (sp[i], chat0[i]), (-c, chat0[i + 1])])
        checks.append((f"t_hat[{i}]", p["that"][i], value))
    return [name for name, expected, value in checks if expected != value]


def _reencrypt(ct: tuple[bytes, bytes], r: int, h: bytes) -> tuple[bytes, bytes]:
    return REF.add(ct[0], _base(r)), REF.add(ct[1], _mul(r, h))


def _generator_g() -> bytes:
    return REF.scalarmult_base(_s(1))


def _library(h: str, rows: list[list[str]]) -> tuple[Element, list[list[Ciphertext]]]:
    public = Element.from_hex(h)
    return public, [[Ciphertext.from_hex(c, allow_identity=True) for c in row] for row in rows]


def test_file_is_what_the_generator_writes() -> None:
    spec = importlib.util.spec_from_file_location("gen", ROOT / "vectors" / "generate_shuffle.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render() == (ROOT / "vectors" / "shuffle.json").read_text("utf-8")


@pytest.mark.parametrize("name", sorted(CASES))
def test_shuffle_and_proof_recomputed_from_the_spec(name: str) -> None:
    case = CASES[name]
    n, w, ctx = case["rows"], case["width"], bytes.fromhex(case["context"])
    secret = (
        _int(hashlib.sha512(b"suffrage/1 shuffle vector " + case["secret_label"].encode()).digest())
        % ORDER
    )
    h = _base(secret)
    assert h.hex() == case["public"]
    e_in = _table(case["inputs"])
    for j in range(n):  # the inputs encrypt the listed plaintexts with the labelled nonces
        for k in range(w):
            label = f"suffrage/1 shuffle vector nonce/{name}/{j}/{k}".encode()
            r = _int(hashlib.sha512(label).digest()) % ORDER
            m = case["plaintexts"][j][k]
            assert e_in[j][k] == (_base(r), REF.add(_base(m), _mul(r, h)))
    q = _generators(n)
    assert [x.hex() for x in q] == case["generators"]
    stream = _Stream(case["rng_label"])
    perm = _permutation(n, stream)
    assert perm == case["permutation"]
    nonces = [[stream.scalar() for _ in range(w)] for _ in range(n)]
    e_out = [
        [_reencrypt(ct, r, h) for ct, r in zip(e_in[j], row, strict=True)]
        for j, row in zip(perm, nonces, strict=True)
    ]
    assert e_out == _table(case["outputs"])
    # The prover, part 9.5, from the same stream.
    r = [stream.scalar() for _ in range(n)]
    commitments = [b""] * n
    for i, j in enumerate(perm):
        commitments[j] = REF.add(_base(r[j]), q[i + 1])
    t, u = _round1(ctx, h, e_in, e_out, commitments)
    assert [_s(x).hex() for x in u] == case["u"]
    up = [u[j] for j in perm]
    r_hat = [stream.scalar() for _ in range(n)]
    chain, prev = [], q[0]
    for i in range(n):
        prev = REF.add(_base(r_hat[i]), _mul(up[i], prev))
        chain.append(prev)
    w1, w2, w3 = stream.scalar(), stream.scalar(), stream.scalar()
    w4 = [stream.scalar() for _ in range(w)]
    w_hat = [stream.scalar() for _ in range(n)]
    w_p = [stream.scalar() for _ in range(n)]
    t123 = [_base(w1), _base(w2), REF.add(_base(w3), _lin(list(zip(w_p, q[1:], strict=True))))]
    t4 = [
        (
            REF.sub(_lin([(w_p[i], e_out[i][k][0]) for i in range(n)]), _base(w4[k])),
            REF.sub(_lin([(w_p[i], e_out[i][k][1]) for i in range(n)]), _mul(w4[k], h)),
        )
        for k in range(w)
    ]
    t_hat = [REF.add(_base(w_hat[i]), _mul(w_p[i], ([q[0], *chain])[i])) for i in range(n)]
    c = _round2(t, chain, t123, t4, t_hat)
    assert _s(c).hex() == case["challenge"]
    v, r_hat_sum = 1, 0
    for i in range(n - 1, -1, -1):
        r_hat_sum += r_hat[i] * v
        v = v * up[i] % ORDER
    scalars = [
        w1 + c * sum(r),
        w2 + c * r_hat_sum,
        w3 + c * sum(a * b for a, b in zip(r, u, strict=True)),
        *(w4[k] + c * sum(nonces[i][k] * up[i] for i in range(n)) for k in range(w)),
        *(w_hat[i] + c * r_hat[i] for i in range(n)),
        *(w_p[i] + c * up[i] for i in range(n)),
    ]
    elements = [*commitments, *chain, *t123, *(x for pair in t4 for x in pair), *t_hat]
    header = n.to_bytes(8, "big") + w.to_bytes(8, "big")
    proof = header + b"".join(elements) + b"".join(_s(x) for x in scalars)
    assert proof.hex() == case["proof"]
    assert _failing(h, e_in, e_out, proof, ctx) == []
    public, inputs = _library(case["public"], case["inputs"])
    _, outputs = _library(case["public"], case["outputs"])
    verify_shuffle(public, inputs, outputs, ShuffleProof.from_bytes(proof), ctx)


@pytest.mark.parametrize("index", range(len(CASES["mix-5x3"]["invalid"])))
def test_altered_cases_fail_with_the_listed_equations(index: int) -> None:
    case = CASES["mix-5x3"]
    bad = case["invalid"][index]
    outputs_hex = bad.get("outputs", case["outputs"])
    proof = bytes.fromhex(bad.get("proof", case["proof"]))
    ctx = bytes.fromhex(bad.get("context", case["context"]))
    public, inputs = _library(case["public"], case["inputs"])
    _, outputs = _library(case["public"], outputs_hex)
    if "error" in bad:
        assert bad["error"] == "InvalidEncoding"
        with pytest.raises(InvalidEncoding):
            ShuffleProof.from_bytes(proof)
        return
    h = bytes.fromhex(case["public"])
    failing = _failing(h, _table(case["inputs"]), _table(outputs_hex), proof, ctx)
    n, w = case["rows"], case["width"]
    expected = failing if bad["fails"] == ["every"] else bad["fails"]
    assert failing == expected
    if bad["fails"] == ["every"]:
        assert len(failing) == 3 + 2 * w + n
    with pytest.raises(InvalidProof) as info:
        verify_shuffle(public, inputs, outputs, ShuffleProof.from_bytes(proof), ctx)
    message = str(info.value)
    if bad["fails"] == ["every"]:
        assert "fails every equation" in message
    else:
        assert message.startswith("shuffle proof fails equation " + ", ".join(expected) + ":")
