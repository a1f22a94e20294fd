"""vectors/transcript.json, proofs.json and threshold.json.

Each file must be exactly what its generator writes; then every value is recomputed by a
second implementation written here from ``docs/protocol.md`` (parts 4 to 6) on the
pure-Python reference backend, and checked by the library's verifiers.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from suffrage.crypto import Ciphertext, Element, Scalar
from suffrage.crypto._backend import IDENTITY, ORDER
from suffrage.crypto._backend.reference import ReferenceBackend
from suffrage.crypto.proofs import (
    DisjunctiveProof,
    DleqProof,
    RangeProof,
    SchnorrProof,
    Signature,
    verify_decryption_share,
    verify_dleq,
    verify_key_knowledge,
    verify_range,
    verify_signature,
    verify_zero_or_one,
)
from suffrage.crypto.threshold import DealerCommitment, DkgParameters, check_commitment
from suffrage.errors import InvalidEncoding, InvalidProof

ROOT = Path(__file__).parents[2]
REF = ReferenceBackend()
G = REF.scalarmult_base((1).to_bytes(32, "little"))


def _load(name: str) -> Any:
    return json.loads((ROOT / "vectors" / name).read_text("utf-8"))


def _generator(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, ROOT / "vectors" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- an independent transcript (docs/protocol.md part 4) -------------------------------


def _lp(b: bytes) -> bytes:
    return len(b).to_bytes(8, "big") + b


_TAGS = {"message": 1, "element": 2, "scalar": 3, "int": 4}


class _T:
    def __init__(self, label: str) -> None:
        self.h = hashlib.sha512(_lp(b"suffrage/1 transcript") + _lp(label.encode()))

    def put(self, kind: str, label: str, data: bytes) -> None:
        self.h.update(bytes([_TAGS[kind]]) + _lp(label.encode()) + _lp(data))

    def challenge(self, label: str) -> int:
        self.h.update(b"\x05" + _lp(label.encode()))
        d = self.h.copy().digest()
        self.h.update(d)
        return int.from_bytes(d, "little") % ORDER


def _proof_t(kind: str, context: bytes) -> _T:
    t = _T("suffrage/1 " + kind)
    t.put("message", "group", b"ristretto255")
    t.put("message", "context", context)
    return t


def _s(n: int) -> bytes:
    return (n % ORDER).to_bytes(32, "little")


def _i(hex_scalar: str) -> int:
    return int.from_bytes(bytes.fromhex(hex_scalar), "little")


def _h(x: str) -> bytes:
    return bytes.fromhex(x)


def _nonces(case: dict[str, Any]) -> list[int]:
    draws = [_h(d) for d in case["rng"]]
    nonces = [int.from_bytes(d, "little") % ORDER for d in draws]
    assert [_s(n).hex() for n in nonces] == case.get("nonces", [_s(n).hex() for n in nonces])
    return nonces


def _mul(k: int, p: bytes) -> bytes:
    return REF.scalarmult(_s(k), p)


def _base(k: int) -> bytes:
    return REF.scalarmult_base(_s(k))


# --- files are what the generators write --------------------------------------------


def test_files_are_what_the_generators_write() -> None:
    proofs = _generator("generate_proofs")
    for name in ("transcript", "proofs"):
        assert proofs.render(name) == (ROOT / "vectors" / f"{name}.json").read_text("utf-8")
    threshold = _generator("generate_threshold")
    assert threshold.render() == (ROOT / "vectors" / "threshold.json").read_text("utf-8")


def test_transcript_vectors() -> None:
    from suffrage.crypto.transcript import Transcript

    for case in _load("transcript.json")["cases"]:
        ours, lib = _T(case["protocol_label"]), Transcript(case["protocol_label"])
        for op in case["ops"]:
            if op["op"] == "challenge":
                assert _s(ours.challenge(op["label"])).hex() == op["expected"]
                assert lib.challenge_scalar(op["label"]).hex() == op["expected"]
            elif op["op"] == "int":
                ours.put("int", op["label"], op["value"].to_bytes(8, "big"))
                lib.append_int(op["label"], op["value"])
            else:
                data = _h(op["data"])
                ours.put(op["op"], op["label"], data)
                if op["op"] == "message":
                    lib.append_message(op["label"], data)
                elif op["op"] == "element":
                    lib.append_element(op["label"], Element.from_bytes(data))
                else:
                    lib.append_scalar(op["label"], Scalar.from_bytes(data))


# --- proofs, replayed from their inputs (docs/protocol.md part 5) ---------------------

PROOFS = _load("proofs.json")


def _chaum_pedersen_pair(
    kind: str,
    context: bytes,
    statement: list[tuple[str, bytes]],
    secret: int,
    w: int,
    bases: tuple[bytes, bytes],
    labels: tuple[str, str],
) -> bytes:
    t = _proof_t(kind, context)
    for label, e in statement:
        t.put("element", label, e)
    t.put("element", labels[0], _mul(w, bases[0]))
    t.put("element", labels[1], _mul(w, bases[1]))
    c = t.challenge("challenge")
    return _s(c) + _s(w + c * secret)


def test_schnorr_vectors() -> None:
    for case in PROOFS["schnorr"]:
        x, (w,) = _i(case["secret"]), _nonces(case)
        assert _base(x).hex() == case["public"]
        t = _proof_t("schnorr-key", _h(case["context"]))
        t.put("element", "public", _h(case["public"]))
        t.put("element", "commitment", _base(w))
        c = t.challenge("challenge")
        assert (_s(c) + _s(w + c * x)).hex() == case["proof"]
        pub = Element.from_bytes(_h(case["public"]))
        verify_key_knowledge(pub, SchnorrProof.from_bytes(_h(case["proof"])), _h(case["context"]))


def test_dleq_vectors() -> None:
    for case in PROOFS["dleq"]:
        x, (w,) = _i(case["secret"]), _nonces(case)
        b1, b2 = _h(case["base1"]), _h(case["base2"])
        a, b = _mul(x, b1), _mul(x, b2)
        assert (a.hex(), b.hex()) == (case["a"], case["b"])
        statement = [("base1", b1), ("a", a), ("base2", b2), ("b", b)]
        labels = ("commitment1", "commitment2")
        got = _chaum_pedersen_pair("dleq", _h(case["context"]), statement, x, w, (b1, b2), labels)
        assert got.hex() == case["proof"]
        e = [Element.from_bytes(v) for v in (b1, a, b2, b)]
        verify_dleq(*e, DleqProof.from_bytes(got), _h(case["context"]))


def test_decryption_share_vectors() -> None:
    for case in PROOFS["decryption_share"]:
        x, (w,) = _i(case["secret_share"]), _nonces(case)
        ct = _h(case["ciphertext"])
        alpha, beta = ct[:32], ct[32:]
        share = _mul(x, alpha)
        assert share.hex() == case["share"]
        assert _base(x).hex() == case["public_share"]
        statement = [("public_share", _base(x)), ("alpha", alpha), ("beta", beta), ("share", share)]
        got = _chaum_pedersen_pair(
            "decryption-share",
            _h(case["context"]),
            statement,
            x,
            w,
            (G, alpha),
            ("commitment1", "commitment2"),
        )
        assert got.hex() == case["proof"]
        verify_decryption_share(
            Element.from_bytes(_base(x)),
            Ciphertext.from_bytes(ct),
            Element.from_bytes(share),
            DleqProof.from_bytes(got),
            _h(case["context"]),
        )


def test_signature_vectors() -> None:
    for case in PROOFS["signature"]:
        x, (w,) = _i(case["secret"]), _nonces(case)
        t = _proof_t("signature", b"")
        t.put("element", "public", _base(x))
        t.put("message", "message", _h(case["message"]))
        t.put("element", "commitment", _base(w))
        c = t.challenge("challenge")
        assert (_s(c) + _s(w + c * x)).hex() == case["signature"]
        assert (_s(c) + _s(w + c * x) + _base(w)).hex() == case["expanded"]
        for form, expanded in (("signature", False), ("expanded", True)):
            verify_signature(
                Element.from_bytes(_h(case["public"])),
                _h(case["message"]),
                Signature.from_bytes(_h(case[form]), expanded=expanded),
            )


def _cds(case: dict[str, Any], kind: str, lo: int, hi: int, bounds: bool) -> bytes:
    """Replay the disjunctive prover: draws in branch order (c, z simulated; w real);
    the compact form (5.5) then the commitments (the expanded form's tail, 5.9)."""
    h, m, r = _h(case["public"]), case["m"], _i(case["nonce"])
    alpha, beta = _base(r), REF.add(_base(m), _mul(r, h))
    assert (alpha + beta).hex() == case["ciphertext"]
    draws = iter(_nonces(case))
    commitments, branch = [], {}
    for k in range(lo, hi + 1):
        shifted = REF.sub(beta, _base(k)) if k else beta
        if k == m:
            w = next(draws)
            commitments += [_base(w), _mul(w, h)]
        else:
            c, z = next(draws), next(draws)
            branch[k] = (c, z)
            commitments += [
                REF.sub(_base(z), _mul(c, alpha)),
                REF.sub(_mul(z, h), _mul(c, shifted)),
            ]
    t = _proof_t(kind, _h(case["context"]))
    if bounds:
        t.put("int", "lo", lo.to_bytes(8, "big"))
        t.put("int", "hi", hi.to_bytes(8, "big"))
    for label, e in (("public", h), ("alpha", alpha), ("beta", beta)):
        t.put("element", label, e)
    for j, e in enumerate(commitments):
        t.put("element", "ab"[j % 2], e)
    total = t.challenge("challenge")
    c_real = (total - sum(c for c, _ in branch.values())) % ORDER
    branch[m] = (c_real, (w + c_real * r) % ORDER)
    compact = b"".join(_s(branch[k][0]) + _s(branch[k][1]) for k in range(lo, hi + 1))
    return compact + b"".join(commitments)


def test_zero_or_one_vectors() -> None:
    for case in PROOFS["zero_or_one"]:
        got = _cds(case, "zero-or-one", 0, 1, bounds=False)
        assert got[:128].hex() == case["proof"]
        assert got.hex() == case["expanded"]
        for form in (got[:128], got):
            verify_zero_or_one(
                Element.from_bytes(_h(case["public"])),
                Ciphertext.from_bytes(_h(case["ciphertext"])),
                DisjunctiveProof.from_bytes(form),
                _h(case["context"]),
            )


def test_range_vectors() -> None:
    for case in PROOFS["range"]:
        got = _cds(case, "range", case["lo"], case["hi"], bounds=True)
        values = case["hi"] - case["lo"] + 1
        assert got[: 64 * values].hex() == case["proof"]
        assert got.hex() == case["expanded"]
        for form in (got[: 64 * values], got):
            verify_range(
                Element.from_bytes(_h(case["public"])),
                Ciphertext.from_bytes(_h(case["ciphertext"])),
                case["lo"],
                case["hi"],
                RangeProof.from_bytes(form, values),
                _h(case["context"]),
            )


def _verify_case(kind: str, c: dict[str, Any]) -> None:
    e, h = Element.from_bytes, _h
    if kind == "schnorr":
        verify_key_knowledge(
            e(h(c["public"])), SchnorrProof.from_bytes(h(c["proof"])), h(c["context"])
        )
    elif kind == "dleq":
        verify_dleq(
            e(h(c["base1"])),
            e(h(c["a"])),
            e(h(c["base2"])),
            e(h(c["b"])),
            DleqProof.from_bytes(h(c["proof"])),
            h(c["context"]),
        )
    elif kind == "decryption_share":
        verify_decryption_share(
            e(h(c["public_share"])),
            Ciphertext.from_bytes(h(c["ciphertext"])),
            e(h(c["share"])),
            DleqProof.from_bytes(h(c["proof"])),
            h(c["context"]),
        )
    elif kind == "signature":
        verify_signature(
            e(h(c["public"])),
            h(c["message"]),
            Signature.from_bytes(h(c["signature"]), expanded=True),
        )
    elif kind == "zero_or_one":
        verify_zero_or_one(
            e(h(c["public"])),
            Ciphertext.from_bytes(h(c["ciphertext"])),
            DisjunctiveProof.from_bytes(h(c["proof"])),
            h(c["context"]),
        )
    else:
        verify_range(
            e(h(c["public"])),
            Ciphertext.from_bytes(h(c["ciphertext"])),
            c["lo"],
            c["hi"],
            RangeProof.from_bytes(h(c["proof"]), c["hi"] - c["lo"] + 1),
            h(c["context"]),
        )


@pytest.mark.parametrize("index", range(len(PROOFS["invalid"])))
def test_invalid_vectors(index: int) -> None:
    bad = PROOFS["invalid"][index]
    case = {**PROOFS[bad["kind"]][bad["case"]], **bad["replace"]}
    error = {"InvalidProof": InvalidProof, "InvalidEncoding": InvalidEncoding}[bad["error"]]
    with pytest.raises(error):
        _verify_case(bad["kind"], case)


# --- threshold ceremonies (docs/protocol.md part 6) -----------------------------------

THRESHOLD = _load("threshold.json")


def _eval_commitments(commitments: list[bytes], j: int) -> bytes:
    acc = IDENTITY
    for k, c in enumerate(commitments):
        acc = REF.add(acc, _mul(pow(j, k), c))
    return acc


def _replay_dealer(cer: dict[str, Any], d: dict[str, Any]) -> list[bytes]:
    t, n, i = cer["threshold"], cer["trustees"], d["dealer"]
    nonces = _nonces(d)
    coeffs, w = nonces[:t], nonces[t]
    assert [_s(a).hex() for a in coeffs] == d["coefficients"]
    commitments = [_base(a) for a in coeffs]
    assert [c.hex() for c in commitments] == d["commitments"]
    ctx = b"dkg" + n.to_bytes(4, "big") + t.to_bytes(4, "big") + i.to_bytes(4, "big")
    ctx += _h(cer["context"])
    assert ctx.hex() == d["proof_context"]
    tr = _proof_t("schnorr-key", ctx)
    tr.put("element", "public", commitments[0])
    tr.put("element", "commitment", _base(w))
    c = tr.challenge("challenge")
    assert (_s(c) + _s(w + c * coeffs[0])).hex() == d["proof"]
    for share in d["shares"]:
        j = share["recipient"]
        assert _s(sum(a * j**k for k, a in enumerate(coeffs))).hex() == share["value"]
    params = DkgParameters(t, n, _h(cer["context"]))
    msg = DealerCommitment(
        i,
        tuple(Element.from_bytes(c) for c in commitments),
        SchnorrProof.from_bytes(_h(d["proof"])),
    )
    check_commitment(params, msg)
    return commitments


def _received(cer: dict[str, Any]) -> dict[tuple[int, int], int | None]:
    got: dict[tuple[int, int], int | None] = {
        (d["dealer"], s["recipient"]): _i(s["value"]) for d in cer["dealers"] for s in d["shares"]
    }
    for x in cer["tampered_deliveries"]:
        got[(x["dealer"], x["recipient"])] = _i(x["value"])
    for x in cer["dropped_deliveries"]:
        got[(x["dealer"], x["recipient"])] = None
    return got


@pytest.mark.parametrize("index", range(len(THRESHOLD["ceremonies"])))
def test_threshold_ceremony_vectors(index: int) -> None:
    cer = THRESHOLD["ceremonies"][index]
    n = cer["trustees"]
    commitments = {d["dealer"]: _replay_dealer(cer, d) for d in cer["dealers"]}
    received = _received(cer)

    def ok(dealer: int, j: int, value: int | None) -> bool:
        return value is not None and _base(value) == _eval_commitments(commitments[dealer], j)

    complaints = [
        {"accuser": j, "dealer": i}
        for j in range(1, n + 1)
        for i in sorted(commitments)
        if not ok(i, j, received[(i, j)])
    ]
    assert complaints == cer["complaints"]
    answers = {(r["dealer"], r["accuser"]): _i(r["value"]) for r in cer["responses"]}
    disqualified = {
        c["dealer"]
        for c in complaints
        if not ok(c["dealer"], c["accuser"], answers.get((c["dealer"], c["accuser"])))
    }
    qualified = [i for i in sorted(commitments) if i not in disqualified]
    assert qualified == cer["qualified"]
    joint = [IDENTITY] * cer["threshold"]
    for i in qualified:
        joint = [REF.add(a, c) for a, c in zip(joint, commitments[i], strict=True)]
    assert [e.hex() for e in joint] == cer["joint_commitments"]
    assert joint[0].hex() == cer["public_key"]
    secrets = []
    for j in range(1, n + 1):
        x = 0
        for i in qualified:
            v = received[(i, j)]
            x += v if ok(i, j, v) else answers[(i, j)]
        secrets.append(x % ORDER)
        assert _eval_commitments(joint, j).hex() == cer["public_shares"][j - 1]
        assert _base(x).hex() == cer["public_shares"][j - 1]
    assert [_s(x).hex() for x in secrets] == cer["secret_shares"]
    _check_decryption(cer, secrets)


def _check_decryption(cer: dict[str, Any], secrets: list[int]) -> None:
    dec, t = cer["decryption"], cer["threshold"]
    r = _i(dec["nonce"])
    alpha = _base(r)
    beta = REF.add(_base(dec["m"]), _mul(r, _h(cer["public_key"])))
    assert (alpha + beta).hex() == dec["ciphertext"]
    shares = {}
    for entry in dec["shares"]:
        j = entry["trustee"]
        x, (w,) = secrets[j - 1], _nonces(entry)
        share = _mul(x, alpha)
        assert share.hex() == entry["share"]
        statement = [("public_share", _base(x)), ("alpha", alpha), ("beta", beta), ("share", share)]
        proof = _chaum_pedersen_pair(
            "decryption-share",
            _h(dec["context"]),
            statement,
            x,
            w,
            (G, alpha),
            ("commitment1", "commitment2"),
        )
        assert proof.hex() == entry["proof"]
        shares[j] = share
    subsets = [s["indices"] for s in dec["subsets"]]
    assert subsets == [list(c) for c in combinations(sorted(shares), t)]
    for sub in dec["subsets"]:
        idx = sub["indices"]
        combined = IDENTITY
        for i, lam_hex in zip(idx, sub["lagrange"], strict=True):
            lam = 1
            for j in idx:
                if j != i:
                    lam = lam * j * pow(j - i, -1, ORDER) % ORDER
            assert _s(lam).hex() == lam_hex
            combined = REF.add(combined, _mul(lam, shares[i]))
        assert combined.hex() == sub["combined"]
        plain = REF.sub(beta, combined)
        assert plain.hex() == sub["plaintext_element"] == _base(dec["m"]).hex()
