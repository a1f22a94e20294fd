"""Mixing and decrypting the ballots of a ranked contest on the board (docs/protocol.md 7.16).

After ``tally``, each ranked contest has a :class:`MixChain`: its input is the counted
ballots' rows (one row of ``m`` ciphertexts per ballot, ordered by credential). Trustees mix
it in turn (``mix`` events, each a shuffle with its proof, bound to the previous mix), then
post decryption shares of every ciphertext of the last mix (``mix_share`` events), and the
``result`` publishes the decrypted rows as rankings. This module makes and checks those
payloads; :class:`~suffrage.protocol.election.Election` keeps one chain per contest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from suffrage.crypto.dlog import DlogTable
from suffrage.crypto.elgamal import Ciphertext, decrypt_to_element
from suffrage.crypto.group import Element, RandomSource, Scalar
from suffrage.crypto.mix import Rows, ShuffleProof, prove_shuffle, shuffle, verify_shuffle
from suffrage.crypto.proofs import DleqProof, prove_decryption_share, verify_decryption_share
from suffrage.crypto.threshold.lagrange import combine_shares
from suffrage.errors import InvalidEncoding, InvalidProof, ProtocolError
from suffrage.protocol.ballot import CheckedBallot
from suffrage.protocol.encoding import (
    Json,
    JsonObject,
    context,
    get_element,
    get_hex,
    get_int,
    get_list,
    get_object,
    require_keys,
)
from suffrage.protocol.manifest import Contest, Manifest

__all__ = [
    "MixChain",
    "MixStep",
    "check_mix",
    "check_mix_share",
    "decrypt_rows",
    "mix_context",
    "mix_payload",
    "mix_share_context",
    "mix_share_payload",
    "mix_share_step_payload",
    "mix_step_payload",
    "parse_rows",
    "start_chains",
]


@dataclass
class MixChain:
    """One ranked contest's mixes so far, and the decryption shares of the last one."""

    contest: Contest
    inputs: Rows
    #: Hash of the ``tally`` event (round 0's ``previous``), then of each mix event.
    tally_hash: str
    mixers: list[int] = field(default_factory=list)
    hashes: list[str] = field(default_factory=list)
    outputs: list[Rows] = field(default_factory=list)
    shares: dict[int, list[list[Element]]] = field(default_factory=dict)

    @property
    def current(self) -> Rows:
        """The rows the next mix takes (the last outputs, or the input)."""
        return self.outputs[-1] if self.outputs else self.inputs

    @property
    def previous(self) -> str:
        return self.hashes[-1] if self.hashes else self.tally_hash

    def mixed(self, threshold: int) -> bool:
        """At least ``t`` distinct trustees mixed it (or there is nothing to mix)."""
        return not self.inputs or len(self.mixers) >= threshold


def start_chains(
    manifest: Manifest, counted: Sequence[CheckedBallot], tally_hash: str
) -> dict[str, MixChain]:
    """The input of each ranked contest: counted ballots' rows ordered by credential."""
    ordered = sorted(counted, key=lambda b: b.credential)
    chains: dict[str, MixChain] = {}
    for contest in manifest.contests:
        if contest.kind != "rank":
            continue
        rows = tuple(b.ciphertexts[contest.id] for b in ordered if contest.id in b.ciphertexts)
        chains[contest.id] = MixChain(contest, rows, tally_hash)
    return chains


def mix_context(mh: str, contest: str, round_: int, previous: str, trustee: int) -> bytes:
    obj: JsonObject = {
        "contest": contest,
        "mh": mh,
        "previous": previous,
        "round": round_,
        "trustee": trustee,
        "type": "mix",
    }
    return context(obj)


def mix_share_context(mh: str, trustee: int, contest: str, row: int, column: int) -> bytes:
    obj: JsonObject = {
        "column": column,
        "contest": contest,
        "mh": mh,
        "row": row,
        "trustee": trustee,
        "type": "mix-decryption",
    }
    return context(obj)


# ---------------------------------------------------------------- mixes


def mix_payload(
    public_key: Element, mh: str, chain: MixChain, trustee: int, rng: RandomSource
) -> JsonObject:
    """Trustee ``trustee`` shuffles the chain's current rows and proves it (unsigned)."""
    if not chain.inputs:
        raise ProtocolError(f"contest {chain.contest.id!r}: no counted ballot to mix")
    step = MixStep(chain.contest.id, len(chain.mixers), chain.previous, chain.current)
    return mix_step_payload(public_key, mh, step, trustee, rng)


@dataclass(frozen=True, slots=True)
class MixStep:
    """What the next mix of a contest takes: its round, the hash it chains on, its rows."""

    contest: str
    round: int
    previous: str
    rows: Rows


def mix_step_payload(
    public_key: Element,
    mh: str,
    step: MixStep,
    trustee: int,
    rng: RandomSource,
    progress: Callable[[str], None] | None = None,
) -> JsonObject:
    """The ``mix`` payload (unsigned) of trustee ``trustee`` for ``step`` (7.16.2).

    For a mixer who holds the rows without the machine (a trustee's tool reading a
    verified record, or the service's ``GET .../mixing/{contest}``). ``progress`` is told
    ``"shuffled"`` and then ``"proved"``.
    """
    if not step.rows:
        raise ProtocolError(f"contest {step.contest!r}: no counted ballot to mix")
    outputs, secret = shuffle(public_key, step.rows, rng)
    if progress is not None:
        progress("shuffled")
    ctx = mix_context(mh, step.contest, step.round, step.previous, trustee)
    proof = prove_shuffle(public_key, step.rows, outputs, secret, ctx, rng)
    if progress is not None:
        progress("proved")
    rows: list[Json] = [[ct.hex() for ct in row] for row in outputs]
    return {
        "trustee": trustee,
        "contest": step.contest,
        "round": step.round,
        "previous": step.previous,
        "outputs": rows,
        "proof": proof.to_bytes().hex(),
    }


def parse_rows(raw: Json, n: int, width: int, path: str) -> Rows:
    """``n`` rows of ``width`` ciphertexts (hex, identity allowed)."""
    items = get_list({"r": raw}, "r", path, min_len=n, max_len=n)
    rows = []
    for r, item in enumerate(items):
        cells = get_list({"c": item}, "c", f"{path}[{r}]", min_len=width, max_len=width)
        row = []
        for k, cell in enumerate(cells):
            data = get_hex({"c": cell}, "c", f"{path}[{r}][{k}]", length=64)
            try:
                row.append(Ciphertext.from_bytes(data, allow_identity=True))
            except InvalidEncoding as exc:
                raise InvalidEncoding(f"{path}[{r}][{k}]: {exc}") from None
        rows.append(tuple(row))
    return tuple(rows)


def check_mix(public_key: Element, mh: str, chain: MixChain, payload: JsonObject) -> Rows:
    """Check a ``mix`` payload against the chain (7.16.2); return its outputs."""
    path = "mix"
    require_keys(
        payload, path, ("trustee", "contest", "round", "previous", "outputs", "proof", "signature")
    )
    cid = chain.contest.id
    trustee = get_int(payload, "trustee", path, lo=1)
    if chain.shares:
        raise ProtocolError(f"contest {cid!r}: decryption of its mix has begun; no more mixes")
    if not chain.inputs:
        raise ProtocolError(f"contest {cid!r}: no counted ballot to mix")
    if trustee in chain.mixers:
        raise ProtocolError(f"trustee {trustee} has already mixed contest {cid!r}")
    round_ = get_int(payload, "round", path, lo=0)
    if round_ != len(chain.mixers):
        raise ProtocolError(f"{path}.round: is {round_}, expected {len(chain.mixers)}")
    if payload["previous"] != chain.previous:
        raise ProtocolError(f"{path}.previous: is not the hash of the previous mix (or tally)")
    inputs = chain.current
    outputs = parse_rows(payload["outputs"], len(inputs), len(inputs[0]), f"{path}.outputs")
    proof = ShuffleProof.from_bytes(get_hex(payload, "proof", path))
    ctx = mix_context(mh, cid, round_, chain.previous, trustee)
    try:
        verify_shuffle(public_key, inputs, outputs, proof, ctx)
    except InvalidProof as exc:
        raise InvalidProof(f"{path}.proof: {exc}") from None
    return outputs


# ---------------------------------------------------------------- decryption


def mix_share_payload(
    mh: str, chain: MixChain, trustee: int, secret_share: Scalar, rng: RandomSource
) -> JsonObject:
    """Trustee ``trustee``'s decryption shares of every ciphertext of the last mix."""
    step = MixStep(chain.contest.id, len(chain.mixers), chain.previous, chain.current)
    return mix_share_step_payload(mh, step, trustee, secret_share, rng)


def mix_share_step_payload(
    mh: str,
    step: MixStep,
    trustee: int,
    secret_share: Scalar,
    rng: RandomSource,
    progress: Callable[[int], None] | None = None,
) -> JsonObject:
    """The ``mix_share`` payload (unsigned) for the rows of ``step``, the last mix's
    outputs, whose event hash is ``step.previous``; ``progress(r)`` after each row."""
    rows: list[Json] = []
    for r, row in enumerate(step.rows):
        cells: list[Json] = []
        for k, ct in enumerate(row):
            ctx = mix_share_context(mh, trustee, step.contest, r, k)
            d, proof = prove_decryption_share(secret_share, ct, ctx, rng)
            cells.append({"share": d.hex(), "proof": proof.to_bytes().hex()})
        rows.append(cells)
        if progress is not None:
            progress(r + 1)
    return {"trustee": trustee, "contest": step.contest, "mix": step.previous, "shares": rows}


def check_mix_share(
    mh: str, chain: MixChain, payload: JsonObject, public_shares: Mapping[int, Element]
) -> tuple[int, list[list[Element]]]:
    """Check a ``mix_share`` payload (7.16.3); return the trustee and her shares."""
    path = "mix_share"
    require_keys(payload, path, ("trustee", "contest", "mix", "shares", "signature"))
    trustee = get_int(payload, "trustee", path, lo=1)
    if trustee not in public_shares:
        raise ProtocolError(f"{path}.trustee: trustee {trustee} is not qualified")
    if trustee in chain.shares:
        raise ProtocolError(f"trustee {trustee} has already decrypted contest {chain.contest.id!r}")
    if payload["mix"] != chain.previous or not chain.hashes:
        raise ProtocolError(f"{path}.mix: is not the hash of the last mix of the contest")
    rows = chain.current
    raw = get_list(payload, "shares", path, min_len=len(rows), max_len=len(rows))
    y_i = public_shares[trustee]
    out: list[list[Element]] = []
    for r, (row, item) in enumerate(zip(rows, raw, strict=True)):
        rpath = f"{path}.shares[{r}]"
        cells = get_list({"s": item}, "s", rpath, min_len=len(row), max_len=len(row))
        out.append([_share(mh, chain, trustee, y_i, r, k, ct, c) for k, (ct, c) in
                    enumerate(zip(row, cells, strict=True))])  # fmt: skip
    return trustee, out


def _share(
    mh: str, chain: MixChain, trustee: int, y_i: Element, r: int, k: int, ct: Ciphertext, raw: Json
) -> Element:
    path = f"mix_share.shares[{r}][{k}]"
    obj = get_object(raw, path)
    require_keys(obj, path, ("share", "proof"))
    d = get_element(obj, "share", path, allow_identity=True)
    try:
        proof = DleqProof.from_bytes(get_hex(obj, "proof", path))
        ctx = mix_share_context(mh, trustee, chain.contest.id, r, k)
        verify_decryption_share(y_i, ct, d, proof, ctx)
    except (InvalidProof, InvalidEncoding) as exc:
        raise type(exc)(f"{path}.proof: {exc}") from None
    return d


def decrypt_rows(chain: MixChain, threshold: int) -> list[list[int]]:
    """Combine the lowest ``t`` trustees' shares and read each value ``0..m``."""
    if len(chain.shares) < threshold:
        have, cid = len(chain.shares), chain.contest.id
        raise ProtocolError(f"contest {cid!r}: {have} trustees' shares, {threshold} needed")
    table = DlogTable(chain.contest.value_max)
    out = []
    for r, row in enumerate(chain.current):
        values = []
        for k, ct in enumerate(row):
            combined = combine_shares({i: s[r][k] for i, s in chain.shares.items()}, threshold)
            values.append(table.solve(decrypt_to_element(ct, combined)))
        out.append(values)
    return out
