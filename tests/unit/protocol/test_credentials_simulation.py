from __future__ import annotations

import hashlib

import pytest

from suffrage.crypto.group import Element, RandomSource, Scalar
from suffrage.errors import InvalidEncoding, ProtocolError
from suffrage.protocol.credentials import (
    CREDENTIAL_LABEL,
    credential_from_code,
    issue_credentials,
    new_credential,
)
from suffrage.protocol.simulation import run_demo, seeded_rng


def test_credential_code_derives_secret_and_public(rng: RandomSource) -> None:
    cred = new_credential(rng)
    digest = hashlib.sha512(bytes.fromhex(cred.code) + CREDENTIAL_LABEL).digest()
    assert cred.secret == Scalar.from_wide_bytes(digest)
    assert cred.public == Element.base_times(cred.secret)
    assert credential_from_code(cred.code) == cred
    assert cred.code not in repr(cred)


@pytest.mark.parametrize("code", ["", "AB" * 32, "0" * 63, "g" * 64, 12])
def test_bad_credential_codes_are_rejected(code: object) -> None:
    with pytest.raises(InvalidEncoding, match="64 lowercase hex"):
        credential_from_code(code)  # type: ignore[arg-type]


def test_authority_issues_distinct_credentials(rng: RandomSource) -> None:
    issued = issue_credentials(["v1", "v2", "v3"], rng)
    assert set(issued.codes) == set(issued.public) == {"v1", "v2", "v3"}
    assert len({p.hex() for p in issued.public.values()}) == 3
    for vid, code in issued.codes.items():
        assert credential_from_code(code).public == issued.public[vid]
    with pytest.raises(ValueError, match="distinct"):
        issue_credentials(["v1", "v1"], rng)


def test_seeded_rng_is_reproducible_and_seed_dependent() -> None:
    a, b = seeded_rng(b"s"), seeded_rng(b"s")
    assert a(10) + a(100) == b(110)
    assert seeded_rng(b"t")(32) != seeded_rng(b"s")(32)


@pytest.mark.parametrize(("trustees", "threshold"), [(1, 1), (4, 3)])
def test_demo_decrypts_the_simulated_intentions(trustees: int, threshold: int) -> None:
    outcome = run_demo(12, seeded_rng(b"sim"), trustees=trustees, threshold=threshold)
    assert outcome.counts == outcome.expected
    assert sum(outcome.counts["referendum"]) == len(outcome.tracking_codes)
    assert len(outcome.absent) == (1 if trustees > threshold else 0)
    shares = [e for e in outcome.election.board.events if e.type == "decryption_share"]
    assert len(shares) == trustees - len(outcome.absent)
    with pytest.raises(ProtocolError, match="at least one voter"):
        run_demo(0, seeded_rng(b"sim"))
