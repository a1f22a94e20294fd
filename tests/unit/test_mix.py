"""The verifiable mix: completeness, soundness with named equations, shapes and parts."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from mix_rows import keypair, rows_of, seeded
from suffrage.crypto import Ciphertext, Element, KeyPair, Scalar, decrypt, encrypt
from suffrage.crypto._backend import _native
from suffrage.crypto.mix import (
    EQUATIONS,
    GENERATOR_LABEL,
    ShuffleProof,
    ShuffleSecret,
    proof_size,
    prove_shuffle,
    random_permutation,
    shuffle,
    shuffle_generators,
    verify_shuffle,
)
from suffrage.crypto.mix import _transcript as transcript
from suffrage.crypto.mix.shuffle import reencrypt
from suffrage.errors import CryptoError, InvalidProof

CTX = b"election-1/contest-2/mixer-3"
PLAIN = [[1, 0, 2], [0, 1, 2], [2, 1, 0], [0, 2, 1], [1, 2, 0], [2, 0, 1]]


def _mixed(plain: list[list[int]] = PLAIN, seed: str = "a") -> dict[str, Any]:
    kp = keypair(seed)
    rows = rows_of(kp.public, plain, seed)
    outputs, secret = shuffle(kp.public, rows, seeded("shuffle/" + seed))
    proof = prove_shuffle(kp.public, rows, outputs, secret, CTX, seeded("prove/" + seed))
    return {"kp": kp, "rows": rows, "out": outputs, "secret": secret, "proof": proof}


@pytest.fixture(scope="module")
def mix() -> dict[str, Any]:
    return _mixed()


def _decrypt_rows(kp: KeyPair, rows: Any) -> list[tuple[int, ...]]:
    return [tuple(decrypt(ct, kp.secret, 5) for ct in row) for row in rows]


def _fails(mix: dict[str, Any], **changes: Any) -> str:
    args = {"rows": mix["rows"], "out": mix["out"], "proof": mix["proof"], "ctx": CTX}
    args["public"] = mix["kp"].public
    args.update(changes)
    with pytest.raises(InvalidProof) as info:
        verify_shuffle(args["public"], args["rows"], args["out"], args["proof"], args["ctx"])
    return str(info.value)


# --- completeness ------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(1, 1), (2, 1), (1, 4), (3, 4), (9, 2)])
def test_honest_mixes_verify_and_keep_the_plaintexts(shape: tuple[int, int]) -> None:
    n, w = shape
    plain = [[(3 * i + k) % 5 for k in range(w)] for i in range(n)]
    m = _mixed(plain, seed=f"{n}x{w}")
    verify_shuffle(m["kp"].public, m["rows"], m["out"], m["proof"], CTX)
    decrypted = _decrypt_rows(m["kp"], m["out"])
    assert decrypted == [tuple(plain[j]) for j in m["secret"].permutation]
    encoded = m["proof"].to_bytes()
    assert len(encoded) == proof_size(n, w) == 16 + 32 * (5 * n + 3 * w + 6)
    assert ShuffleProof.from_bytes(encoded) == m["proof"]


def test_outputs_are_fresh_ciphertexts(mix: dict[str, Any]) -> None:
    before = {ct.to_bytes() for row in mix["rows"] for ct in row}
    after = {ct.to_bytes() for row in mix["out"] for ct in row}
    assert not before & after
    assert Counter(_decrypt_rows(mix["kp"], mix["out"])) == Counter(map(tuple, PLAIN))


def test_a_mix_of_a_mix_verifies() -> None:
    m = _mixed(seed="chain")
    public = m["kp"].public
    again, secret = shuffle(public, m["out"], seeded("second"))
    proof = prove_shuffle(public, m["out"], again, secret, CTX + b"/2", seeded("second/p"))
    verify_shuffle(public, m["out"], again, proof, CTX + b"/2")
    assert Counter(_decrypt_rows(m["kp"], again)) == Counter(map(tuple, PLAIN))


# --- soundness: a changed statement fails every equation ---------------------------------


def test_a_replaced_output_ciphertext_fails(mix: dict[str, Any]) -> None:
    out = [list(row) for row in mix["out"]]
    out[2][1] = encrypt(mix["kp"].public, 1, Scalar.from_int(99))
    assert "fails every equation" in _fails(mix, out=out)


def test_swapped_rows_fail(mix: dict[str, Any]) -> None:
    out = list(mix["out"])
    out[0], out[1] = out[1], out[0]
    assert "fails every equation" in _fails(mix, out=out)


def test_a_wrong_commitment_fails(mix: dict[str, Any]) -> None:
    proof = mix["proof"]
    moved = (proof.commitments[0] + Element.generator(), *proof.commitments[1:])
    assert "fails every equation" in _fails(mix, proof=replace(proof, commitments=moved))


def test_a_proof_from_another_context_fails(mix: dict[str, Any]) -> None:
    message = _fails(mix, ctx=CTX + b"-other")
    assert "fails every equation" in message and "context" in message


def test_another_key_or_input_fails(mix: dict[str, Any]) -> None:
    assert "every" in _fails(mix, public=keypair("other").public)
    rows = [list(row) for row in mix["rows"]]
    rows[0][0] = rows[0][0] + rows[0][0]
    assert "every" in _fails(mix, rows=rows)


# --- soundness: a mixer proving a shuffle it did not perform fails the right equation -----


def _prove_over(mix: dict[str, Any], out: Any) -> ShuffleProof:
    kp, rows, secret = mix["kp"], mix["rows"], mix["secret"]
    return prove_shuffle(kp.public, rows, out, secret, CTX, seeded("cheat"))


def test_a_cheating_mixer_replacing_one_ciphertext_fails_its_column(mix: dict[str, Any]) -> None:
    out = [list(row) for row in mix["out"]]
    out[3][2] = encrypt(mix["kp"].public, 2, Scalar.from_int(7))
    message = _fails(mix, out=out, proof=_prove_over(mix, out))
    assert message.startswith("shuffle proof fails equation t4_alpha[2], t4_beta[2]:")


def test_a_cheating_mixer_duplicating_a_ballot_fails(mix: dict[str, Any]) -> None:
    kp, rows, secret = mix["kp"], mix["rows"], mix["secret"]
    perm = list(secret.permutation)
    i, j = perm.index(0), perm.index(1)
    forged = list(perm)
    forged[j] = 0  # ballot 0 twice, ballot 1 dropped
    out = list(reencrypt(kp.public, rows, forged, secret.nonces))
    assert out[i] != out[j]
    message = _fails(mix, out=out, proof=_prove_over(mix, out))
    assert message.startswith("shuffle proof fails equation t4_alpha[")


def test_a_cheating_mixer_with_a_stale_permutation_fails(mix: dict[str, Any]) -> None:
    out = list(mix["out"])
    out[0], out[1] = out[1], out[0]
    message = _fails(mix, out=out, proof=_prove_over(mix, out))
    assert "t4_alpha[0], t4_beta[0]" in message and "every" not in message


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("s1", "t1:"),
        ("s2", "t2:"),
        ("s3", "t3:"),
        ("s4", "t4_alpha[1], t4_beta[1]:"),
        ("s_hat", "t_hat[1]:"),
        ("s_prime", "t3, t4_alpha[0], t4_beta[0], t4_alpha[1], t4_beta[1], t4_alpha[2], "),
    ],
)
def test_a_changed_response_fails_the_equations_that_use_it(
    mix: dict[str, Any], field: str, expected: str
) -> None:
    proof = mix["proof"]
    value = getattr(proof, field)
    one = Scalar.one()
    changed = value + one if isinstance(value, Scalar) else (value[0], value[1] + one, *value[2:])
    if field == "s_prime":
        changed = (value[0] + one, *value[1:])
    message = _fails(mix, proof=replace(proof, **{field: changed}))
    assert message.startswith("shuffle proof fails equation " + expected)


def test_a_proof_of_another_shape_fails(mix: dict[str, Any]) -> None:
    short = [row[:2] for row in mix["rows"]]
    assert "rows are 6x2" in _fails(mix, rows=short, out=[row[:2] for row in mix["out"]])
    assert "is not 6 rows x 3 columns" in _fails(mix, out=mix["out"][:5])


# --- inputs the functions refuse -----------------------------------------------------------


def test_bad_rows_are_refused(mix: dict[str, Any]) -> None:
    public = mix["kp"].public
    with pytest.raises(ValueError, match="at least one row"):
        shuffle(public, [], seeded("x"))
    with pytest.raises(ValueError, match="row 1 has 2 ciphertexts"):
        shuffle(public, [mix["rows"][0], mix["rows"][1][:2]], seeded("x"))
    with pytest.raises(TypeError, match="not a Ciphertext"):
        shuffle(public, [[b"x" * 64]], seeded("x"))  # type: ignore[list-item]
    with pytest.raises(CryptoError, match="identity"):
        shuffle(Element.identity(), mix["rows"], seeded("x"))


def test_a_secret_that_does_not_fit_is_refused(mix: dict[str, Any]) -> None:
    kp, rows, out = mix["kp"], mix["rows"], mix["out"]
    small = ShuffleSecret((0,), ((Scalar.one(),) * 3,))
    with pytest.raises(ValueError, match="does not fit"):
        prove_shuffle(kp.public, rows, out, small, CTX, seeded("x"))
    with pytest.raises(ValueError, match="not a permutation"):
        ShuffleSecret((0, 0), ((Scalar.one(),), (Scalar.one(),)))
    with pytest.raises(ValueError, match="same width"):
        ShuffleSecret((1, 0), ((Scalar.one(),), ()))


def test_the_secret_is_not_shown(mix: dict[str, Any]) -> None:
    text = repr(mix["secret"])
    assert "hidden" in text and str(list(mix["secret"].permutation)) not in text


def test_proof_parts_must_fit_the_shape(mix: dict[str, Any]) -> None:
    proof = mix["proof"]
    with pytest.raises(ValueError, match="do not fit"):
        replace(proof, s_hat=proof.s_hat[:-1])
    with pytest.raises(ValueError, match=r"1\.\.2"):
        replace(proof, rows=0)


# --- generators and permutations -----------------------------------------------------------


def test_generators_are_distinct_deterministic_and_label_separated() -> None:
    q = shuffle_generators(50)
    assert len({e.to_bytes() for e in q}) == 50 and Element.generator() not in q
    assert not any(e.is_identity() for e in q)
    assert shuffle_generators(20) == q[:20]
    other = shuffle_generators(20, GENERATOR_LABEL + b" other")
    assert not set(other) & set(q)
    with pytest.raises(ValueError):
        shuffle_generators(-1)


def test_permutations_are_uniform_enough_and_valid() -> None:
    rng = seeded("perm")
    counts = Counter(random_permutation(3, rng) for _ in range(3000))
    assert len(counts) == 6 and min(counts.values()) > 400  # expected 500 each
    assert sorted(random_permutation(100, rng)) == list(range(100))
    assert random_permutation(0, rng) == () and random_permutation(1, rng) == (0,)


def test_permutation_draws_reject_the_biased_tail() -> None:
    # For a bound of 3, 2^64 - 1 is in the biased tail (2^64 = 1 mod 3) and drawn again.
    draws = [b"\xff" * 8, (4).to_bytes(8, "big"), (1).to_bytes(8, "big")]
    assert random_permutation(3, lambda n: draws.pop(0)) == (0, 2, 1)
    assert not draws
    with pytest.raises(CryptoError):
        random_permutation(2, lambda n: b"")


# --- which backend runs what --------------------------------------------------------------


def test_only_verification_uses_the_native_backend(
    mix: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    native = _native.combine

    def recording(points: bytes, rows: bytes) -> bytes:
        calls.append(len(points))
        return native(points, rows)

    monkeypatch.setattr(_native, "combine", recording)
    kp, rows = mix["kp"], mix["rows"]
    out, secret = shuffle(kp.public, rows, seeded("rec"))
    proof = prove_shuffle(kp.public, rows, out, secret, CTX, seeded("rec/p"))
    assert calls == []  # secrets never reach the variable-time code
    verify_shuffle(kp.public, rows, out, proof, CTX)
    n, w = len(rows), len(rows[0])
    assert len(calls) == 3 + 2 * w + n  # one call per equation at this size


def test_long_sums_are_cut_into_chunks() -> None:
    kp = keypair("long")
    ct = encrypt(kp.public, 1, Scalar.from_int(5))
    rows = [[ct] for _ in range(600)]  # t3 and t4 sums have 1,200 points: two native calls
    out, secret = shuffle(kp.public, rows, seeded("long"))
    proof = prove_shuffle(kp.public, rows, out, secret, CTX, seeded("long/p"))
    verify_shuffle(kp.public, rows, out, proof, CTX)
    assert all(isinstance(c, Ciphertext) for row in out for c in row)


# --- the spec names what the code does -----------------------------------------------------


def test_protocol_part_9_names_every_label_and_equation() -> None:
    text = (Path(__file__).parents[2] / "docs" / "protocol.md").read_text("utf-8")
    part = text[text.index("<!-- part:mixing -->") : text.index("<!-- /part:mixing -->")]
    labels = ["public", "rows", "width", "commitment", "u", "chain", "t1", "t2", "t3"]
    labels += ["input_alpha", "input_beta", "output_alpha", "output_beta"]
    labels += ["t4_alpha", "t4_beta", "t_hat", "challenge"]
    source = Path(transcript.__file__).read_text("utf-8")
    for label in labels:
        assert f'"{label}"' in part, label
        assert f'"{label}"' in source, label
    assert '"suffrage/1 shuffle"' in part and transcript.KIND == "shuffle"
    assert f'"{GENERATOR_LABEL.decode()}"' in part
    for name in EQUATIONS:
        assert f"`{name}" in part, name
