from __future__ import annotations

import copy

import pytest
from protocol_helpers import Setup

from suffrage.crypto.elgamal import encrypt
from suffrage.crypto.group import RandomSource, Scalar
from suffrage.errors import InvalidEncoding, InvalidProof, ProtocolError
from suffrage.protocol.audit import check_reveal
from suffrage.protocol.ballot import check_ballot, encrypt_ballot, tracking_code
from suffrage.protocol.encoding import LABEL_BALLOT, hash_object

CHOICE = {"council": [1, 0, 1], "budget": [3, 1]}


def _styles(s: Setup) -> dict[str, str]:
    return {c.public.hex(): st for c, st in zip(s.creds, s.styles, strict=True)}


def test_encrypted_ballot_checks_and_tracking_code_is_its_hash(
    opened: Setup, rng: RandomSource
) -> None:
    ctx = opened.election.ballot_context
    prepared = encrypt_ballot(ctx, opened.creds[0], "north", CHOICE, rng)
    checked = check_ballot(ctx, prepared.ballot, _styles(opened))
    assert checked.tracking_code == prepared.tracking_code
    assert prepared.tracking_code == hash_object(LABEL_BALLOT, prepared.ballot).hex()
    assert list(checked.ciphertexts) == ["council", "budget"]
    assert len(checked.ciphertexts["council"]) == 3
    check_reveal(ctx, checked, prepared.reveal)


def test_ballot_of_south_style_has_only_its_contests(opened: Setup, rng: RandomSource) -> None:
    ctx = opened.election.ballot_context
    prepared = encrypt_ballot(ctx, opened.creds[2], "south", {"council": [0, 0, 1]}, rng)
    assert [c["contest"] for c in prepared.ballot["contests"]] == ["council"]  # type: ignore[index,union-attr]
    check_ballot(ctx, prepared.ballot, _styles(opened))
    with pytest.raises(ProtocolError, match="not on ballots of style 'south'"):
        encrypt_ballot(ctx, opened.creds[2], "south", CHOICE, rng)


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ({"council": [1, 1, 1], "budget": [0, 0]}, r"total 3 outside 0\.\.2"),
        ({"council": [2, 0, 0], "budget": [0, 0]}, r"value 2 outside 0\.\.1"),
        ({"council": [0, 0, 0], "budget": [4, 0]}, r"value 4 outside 0\.\.3"),
        ({"council": [0, 0, 0], "budget": [3, 3]}, r"total 6 outside 0\.\.4"),
        ({"council": [0, 0]}, "2 values for 3 options"),
        ({"council": [0, 0, 0]}, "no choice given for contest 'budget'"),
    ],
)
def test_invalid_choices_are_refused_before_encryption(
    opened: Setup, rng: RandomSource, choice: dict[str, list[int]], message: str
) -> None:
    with pytest.raises(ProtocolError, match=message):
        encrypt_ballot(opened.election.ballot_context, opened.creds[0], "north", choice, rng)


def test_tampered_ballots_are_rejected_naming_the_field(opened: Setup, rng: RandomSource) -> None:
    ctx = opened.election.ballot_context
    prepared = encrypt_ballot(ctx, opened.creds[0], "north", CHOICE, rng)
    styles = _styles(opened)

    # Swap in an encryption of 2 for option 0: the signature covers every ciphertext.
    forged = copy.deepcopy(prepared.ballot)
    ct = encrypt(ctx.public_key, 2, Scalar.from_int(5))
    forged["contests"][0]["options"][0]["ciphertext"] = ct.hex()  # type: ignore[index,call-overload]
    with pytest.raises(InvalidProof, match=r"ballot\.signature"):
        check_ballot(ctx, forged, styles)

    wrong_style = {k: "south" for k in styles}
    with pytest.raises(ProtocolError, match=r"ballot\.style: the voter's style is 'south'"):
        check_ballot(ctx, prepared.ballot, wrong_style)
    with pytest.raises(ProtocolError, match="not on the voter list"):
        check_ballot(ctx, prepared.ballot, {})
    other = dict(prepared.ballot, manifest="00" * 32)
    with pytest.raises(ProtocolError, match=r"ballot\.manifest"):
        check_ballot(ctx, other, styles)
    with pytest.raises(InvalidEncoding, match="unknown field 'extra'"):
        check_ballot(ctx, dict(prepared.ballot, extra=1), styles)


def test_a_proof_made_for_another_option_fails_even_when_signed(
    opened: Setup, rng: RandomSource
) -> None:
    """Re-signing a ballot whose option proofs were swapped: the proof contexts bind j."""
    from suffrage.crypto.proofs import sign
    from suffrage.protocol.ballot import signed_message

    ctx = opened.election.ballot_context
    cred = opened.creds[0]
    prepared = encrypt_ballot(ctx, cred, "north", CHOICE, rng)
    forged = copy.deepcopy(prepared.ballot)
    options = forged["contests"][0]["options"]  # type: ignore[index,call-overload]
    options[0], options[1] = options[1], options[0]
    del forged["signature"]
    signature = sign(cred.secret, signed_message(forged), rng, expanded=True)
    forged["signature"] = signature.to_bytes().hex()
    with pytest.raises(InvalidProof, match=r"ballot\.contests\[0\]\.options\[0\]\.proof"):
        check_ballot(ctx, forged, _styles(opened))


def test_a_ballot_has_one_form_so_its_signature_cannot_be_re_formed(
    opened: Setup, rng: RandomSource
) -> None:
    """5.9: R can be dropped from an expanded signature, or computed for a compact one, by
    anyone, and the signature stays valid; the ballot would get a second tracking code.
    Its proofs (signed) fix the form, so the re-formed ballot is refused."""
    from suffrage.crypto.proofs import Signature, verify_signature
    from suffrage.protocol.ballot import signed_message

    ctx = opened.election.ballot_context
    cred = opened.creds[0]
    prepared = encrypt_ballot(ctx, cred, "north", CHOICE, rng)
    stripped = copy.deepcopy(prepared.ballot)
    stripped["signature"] = str(stripped["signature"])[:128]  # c || z, R dropped
    compact = Signature.from_bytes(bytes.fromhex(str(stripped["signature"])))
    verify_signature(cred.public, signed_message(stripped), compact)  # still a signature
    assert tracking_code(stripped) != prepared.tracking_code
    with pytest.raises(InvalidEncoding, match="one form per ballot"):
        check_ballot(ctx, stripped, _styles(opened))


def test_reveal_that_does_not_reencrypt_is_rejected(opened: Setup, rng: RandomSource) -> None:
    ctx = opened.election.ballot_context
    prepared = encrypt_ballot(ctx, opened.creds[0], "north", CHOICE, rng)
    checked = check_ballot(ctx, prepared.ballot, _styles(opened))
    lie = copy.deepcopy(prepared.reveal)
    lie[0]["values"] = [0, 1, 1]  # type: ignore[index,call-overload]
    with pytest.raises(ProtocolError, match=r"reveal\[0\]: option 0 does not re-encrypt"):
        check_reveal(ctx, checked, lie)
    with pytest.raises(InvalidEncoding, match="expected a list of 2 contests"):
        check_reveal(ctx, checked, lie[:1])


def test_tracking_code_changes_with_any_byte(opened: Setup, rng: RandomSource) -> None:
    ctx = opened.election.ballot_context
    prepared = encrypt_ballot(ctx, opened.creds[0], "north", CHOICE, rng)
    again = encrypt_ballot(ctx, opened.creds[0], "north", CHOICE, rng)
    assert prepared.tracking_code != again.tracking_code  # fresh nonces
    assert tracking_code(prepared.ballot) == prepared.tracking_code
