"""Encrypted ballots: encryption with proofs and signature, checking, audit reveal (7.7, 7.8).

A :class:`BallotContext` holds what every ballot of one election shares (manifest, joint
key, manifest hash) so that nothing is recomputed per ballot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from suffrage.crypto.elgamal import Ciphertext, encrypt
from suffrage.crypto.group import Element, RandomSource, Scalar
from suffrage.crypto.proofs import (
    DisjunctiveProof,
    RangeProof,
    Signature,
    prove_range,
    prove_zero_or_one,
    sign,
    verify_range,
    verify_signature,
    verify_zero_or_one,
)
from suffrage.errors import InvalidEncoding, InvalidProof, ProtocolError
from suffrage.protocol.credentials import Credential
from suffrage.protocol.encoding import (
    LABEL_BALLOT,
    LABEL_SIGNATURE,
    Json,
    JsonObject,
    canonical,
    context,
    get_hex,
    get_identifier,
    get_list,
    get_object,
    hash_bytes,
    hash_object,
    require_keys,
)
from suffrage.protocol.manifest import Contest, Manifest

__all__ = [
    "BallotContext",
    "CheckedBallot",
    "PreparedBallot",
    "check_ballot",
    "encrypt_ballot",
    "signed_message",
    "tracking_code",
]


@dataclass(frozen=True, slots=True)
class BallotContext:
    """Per-election constants for making and checking ballots."""

    manifest: Manifest
    public_key: Element

    @property
    def mh(self) -> str:
        return self.manifest.hash_hex


@dataclass(frozen=True, slots=True)
class PreparedBallot:
    """A signed ballot, its tracking code, and the secrets needed to audit it."""

    ballot: JsonObject
    tracking_code: str
    reveal: list[Json]


@dataclass(frozen=True, slots=True)
class CheckedBallot:
    """A well-formed ballot: who cast it, its style, ciphertexts per contest, tracking code."""

    credential: str
    style: str
    ciphertexts: dict[str, tuple[Ciphertext, ...]]
    tracking_code: str
    #: The ballot's canonical encoding (what the tracking code hashes; the board stores it).
    encoded: bytes = field(default=b"", compare=False, repr=False)


def option_context(mh: str, credential: str, contest: str, option: int) -> bytes:
    obj: JsonObject = {
        "contest": contest,
        "credential": credential,
        "mh": mh,
        "option": option,
        "type": "option",
    }
    return context(obj)


def contest_context(mh: str, credential: str, contest: str) -> bytes:
    return context({"contest": contest, "credential": credential, "mh": mh, "type": "contest"})


def signed_message(ballot: Mapping[str, Json]) -> bytes:
    """``H("suffrage/1/ballot/signature", canonical(ballot without "signature"))``."""
    unsigned = {k: v for k, v in ballot.items() if k != "signature"}
    return hash_bytes(LABEL_SIGNATURE, canonical(unsigned))


def tracking_code(ballot: Mapping[str, Json]) -> str:
    """The hex hash of the whole ballot, signature included."""
    return hash_object(LABEL_BALLOT, dict(ballot)).hex()


# ---------------------------------------------------------------- encryption


def _check_choice(contest: Contest, values: Sequence[int]) -> None:
    if len(values) != len(contest.options):
        raise ProtocolError(
            f"contest {contest.id!r}: {len(values)} values for {len(contest.options)} options"
        )
    for v in values:
        if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= contest.value_max:
            top = contest.value_max
            raise ProtocolError(f"contest {contest.id!r}: value {v!r} outside 0..{top}")
    total = sum(values)
    if not contest.min <= total <= contest.max:
        raise ProtocolError(
            f"contest {contest.id!r}: total {total} outside {contest.min}..{contest.max}"
        )


def _encrypt_contest(
    ctx: BallotContext, cred: str, contest: Contest, values: Sequence[int], rng: RandomSource
) -> tuple[JsonObject, Json]:
    _check_choice(contest, values)
    y = ctx.public_key
    options: list[Json] = []
    nonces: list[Scalar] = []
    total_ct = Ciphertext.zero()
    for j, v in enumerate(values):
        r = Scalar.random(rng)
        ct = encrypt(y, v, r)
        octx = option_context(ctx.mh, cred, contest.id, j)
        proof: DisjunctiveProof | RangeProof
        if contest.kind == "choose":
            proof = prove_zero_or_one(y, ct, v, r, octx, rng)
        else:
            proof = prove_range(y, ct, v, r, 0, contest.value_max, octx, rng)
        options.append({"ciphertext": ct.hex(), "proof": proof.to_bytes().hex()})
        nonces.append(r)
        total_ct = total_ct + ct
    r_sum = sum(nonces, Scalar.zero())
    cctx = contest_context(ctx.mh, cred, contest.id)
    sum_proof = prove_range(y, total_ct, sum(values), r_sum, contest.min, contest.max, cctx, rng)
    entry: JsonObject = {
        "contest": contest.id,
        "options": options,
        "proof": sum_proof.to_bytes().hex(),
    }
    reveal: JsonObject = {
        "contest": contest.id,
        "values": list(values),
        "nonces": [r.hex() for r in nonces],
    }
    return entry, reveal


def encrypt_ballot(
    ctx: BallotContext,
    credential: Credential,
    style: str,
    choices: Mapping[str, Sequence[int]],
    rng: RandomSource,
) -> PreparedBallot:
    """Encrypt ``choices`` (contest id -> one value per option) for a voter of ``style``."""
    st = ctx.manifest.style(style)
    extra = set(choices) - set(st.contests)
    if extra:
        raise ProtocolError(f"contest {sorted(extra)[0]!r} is not on ballots of style {style!r}")
    cred = credential.public.hex()
    contests: list[Json] = []
    reveal: list[Json] = []
    for cid in st.contests:
        if cid not in choices:
            raise ProtocolError(f"no choice given for contest {cid!r}")
        entry, rev = _encrypt_contest(ctx, cred, ctx.manifest.contest(cid), choices[cid], rng)
        contests.append(entry)
        reveal.append(rev)
    ballot: JsonObject = {
        "manifest": ctx.mh,
        "credential": cred,
        "style": style,
        "contests": contests,
    }
    sig = sign(credential.secret, signed_message(ballot), rng, expanded=True)
    ballot["signature"] = sig.to_bytes().hex()
    return PreparedBallot(ballot, tracking_code(ballot), reveal)


# ---------------------------------------------------------------- checking


def one_form(proof: DisjunctiveProof | RangeProof, expanded: bool) -> None:
    """5.9: a ballot's proofs are in its signature's form (else anyone could re-form the
    signature and give the same ballot another tracking code)."""
    if bool(proof.commitments) != expanded:
        form, other = ("a compact", "expanded") if expanded else ("an expanded", "compact")
        raise InvalidEncoding(
            f"{form} proof in a ballot whose signature is {other} (one form per ballot)"
        )


def _check_option(
    ctx: BallotContext,
    cred: str,
    contest: Contest,
    j: int,
    raw: Json,
    path: str,
    expanded: bool,
) -> Ciphertext:
    obj = get_object(raw, path)
    require_keys(obj, path, ("ciphertext", "proof"))
    try:
        ct = Ciphertext.from_bytes(get_hex(obj, "ciphertext", path, length=64))
    except InvalidEncoding as exc:
        raise InvalidEncoding(f"{path}.ciphertext: {exc}") from None
    raw_proof = get_hex(obj, "proof", path)
    octx = option_context(ctx.mh, cred, contest.id, j)
    try:
        if contest.kind == "choose":
            choice = DisjunctiveProof.from_bytes(raw_proof)
            one_form(choice, expanded)
            verify_zero_or_one(ctx.public_key, ct, choice, octx)
        else:
            proof = RangeProof.from_bytes(raw_proof, contest.value_max + 1)
            one_form(proof, expanded)
            verify_range(ctx.public_key, ct, 0, contest.value_max, proof, octx)
    except (InvalidProof, InvalidEncoding) as exc:
        raise type(exc)(f"{path}.proof: {exc}") from None
    return ct


def _check_contest(
    ctx: BallotContext, cred: str, cid: str, raw: Json, path: str, expanded: bool
) -> tuple[Ciphertext, ...]:
    obj = get_object(raw, path)
    require_keys(obj, path, ("contest", "options", "proof"))
    if obj["contest"] != cid:
        raise ProtocolError(f"{path}.contest: expected {cid!r} (the style's order)")
    contest = ctx.manifest.contest(cid)
    n = len(contest.options)
    raw_options = get_list(obj, "options", path, min_len=n, max_len=n)
    cts = tuple(
        _check_option(ctx, cred, contest, j, o, f"{path}.options[{j}]", expanded)
        for j, o in enumerate(raw_options)
    )
    total = Ciphertext.zero()
    for ct in cts:
        total = total + ct
    raw_proof = get_hex(obj, "proof", path)
    cctx = contest_context(ctx.mh, cred, cid)
    try:
        proof = RangeProof.from_bytes(raw_proof, contest.max - contest.min + 1)
        one_form(proof, expanded)
        verify_range(ctx.public_key, total, contest.min, contest.max, proof, cctx)
    except (InvalidProof, InvalidEncoding) as exc:
        raise type(exc)(f"{path}.proof: {exc}") from None
    return cts


def check_ballot(ctx: BallotContext, raw: Json, voter_style: Mapping[str, str]) -> CheckedBallot:
    """Check a ballot is well-formed (7.7); ``voter_style`` maps credential hex to style.

    Raises :class:`InvalidEncoding`, :class:`InvalidProof` or :class:`ProtocolError`
    naming the failing field (``ballot.contests[0].options[2].proof: ...``).
    """
    path = "ballot"
    obj = get_object(raw, path)
    require_keys(obj, path, ("manifest", "credential", "style", "contests", "signature"))
    if obj["manifest"] != ctx.mh:
        raise ProtocolError("ballot.manifest: not the hash of this election's manifest")
    cred_bytes = get_hex(obj, "credential", path, length=32)
    cred = cred_bytes.hex()
    style = get_identifier(obj, "style", path)
    if cred not in voter_style:
        raise ProtocolError("ballot.credential: not on the voter list")
    if voter_style[cred] != style:
        raise ProtocolError(f"ballot.style: the voter's style is {voter_style[cred]!r}")
    public = Element.from_bytes(cred_bytes)
    sig_raw = get_hex(obj, "signature", path)
    try:
        signature = Signature.from_bytes(sig_raw, expanded=True)
        verify_signature(public, signed_message(obj), signature)
    except (InvalidProof, InvalidEncoding) as exc:
        raise type(exc)(f"ballot.signature: {exc}") from None
    expanded = bool(signature.commitment)
    order = ctx.manifest.style(style).contests
    raw_contests = get_list(obj, "contests", path, min_len=len(order), max_len=len(order))
    cts = {
        cid: _check_contest(ctx, cred, cid, rc, f"{path}.contests[{k}]", expanded)
        for k, (cid, rc) in enumerate(zip(order, raw_contests, strict=True))
    }
    encoded = canonical(obj)  # once: hashed for the tracking code, stored by the board
    return CheckedBallot(cred, style, cts, hash_bytes(LABEL_BALLOT, encoded).hex(), encoded)
