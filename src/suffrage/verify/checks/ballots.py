"""One ballot (7.7): encodings, binding to the election, credential, signature and proofs.

:func:`check_ballot` logs every failed step under its check id, naming the ballot by
board seq and tracking code, and returns what the tally needs (or ``None`` when the
ballot is too broken to read its ciphertexts).

Given a :class:`BallotBatch`, the equations of expanded proofs and signatures (5.9) are
queued on it instead of checked one by one; :meth:`BallotBatch.settle` checks them all
at once and verifies the proofs of any failing ballot one by one, logging exactly what
the per-proof path logs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from suffrage.crypto import Ciphertext, Element
from suffrage.crypto.hazmat import element_unchecked, raw_combine
from suffrage.crypto.proofs import (
    DisjunctiveProof,
    RangeProof,
    Signature,
    verify_range,
    verify_signature,
    verify_zero_or_one,
)
from suffrage.crypto.proofs.batch import EquationBatch
from suffrage.crypto.proofs.disjunctive import batch_zero_or_one
from suffrage.crypto.proofs.range import batch_range
from suffrage.crypto.proofs.signature import batch_signature
from suffrage.errors import CryptoError, InvalidEncoding
from suffrage.protocol.encoding import (
    LABEL_BALLOT,
    LABEL_SIGNATURE,
    Json,
    JsonObject,
    get_element,
    get_hex,
    get_list,
    get_object,
    hash_bytes,
    require_keys,
)
from suffrage.verify.canon import contest_context, dumps, option_context
from suffrage.verify.model import Contest, Election
from suffrage.verify.report import FailureLog

__all__ = ["BallotBatch", "CheckedBallot", "ballot_item", "check_ballot", "style_contests"]

_BALLOT_KEYS = ("manifest", "credential", "style", "contests", "signature")


@dataclass(frozen=True, slots=True)
class CheckedBallot:
    """What later steps need from one ballot."""

    tracking_code: bytes
    credential: str
    weight: int
    contests: tuple[Contest, ...]
    ciphertexts: tuple[tuple[Ciphertext, ...], ...] | None  # per contest, per option


@dataclass(frozen=True, slots=True)
class _Option:
    ciphertext: Ciphertext
    proof: DisjunctiveProof | RangeProof


@dataclass(frozen=True, slots=True)
class _Contest:
    options: tuple[_Option, ...]
    proof: RangeProof
    total: Ciphertext  # the homomorphic sum of the options' ciphertexts


#: A per-proof check that logs its failure (run when the proof's batch fails).
Recheck = Callable[[FailureLog], None]


@dataclass(slots=True)
class BallotBatch:
    """The queued equations of many ballots (a group each) and their per-proof checks."""

    equations: EquationBatch = field(default_factory=EquationBatch)
    rechecks: list[list[Recheck]] = field(default_factory=list)

    def start_ballot(self) -> None:
        self.equations.open_group()
        self.rechecks.append([])

    def defer(self, recheck: Recheck) -> None:
        """``recheck`` verifies one queued proof on its own if its ballot's batch fails."""
        self.rechecks[-1].append(recheck)

    def settle(self, log: FailureLog) -> None:
        """Check every queued equation; verify the failing ballots' proofs one by one."""
        for group in self.equations.failing_groups():
            for recheck in self.rechecks[group]:
                recheck(log)
        self.equations = EquationBatch()
        self.rechecks = []


def ballot_item(kind: str, seq: int, tracking_code: bytes | None) -> str:
    """``ballot seq 12 (tracking code 1a2b3c4d...)``: how failures name a ballot."""
    code = f" (tracking code {tracking_code.hex()[:16]})" if tracking_code else ""
    return f"{kind} seq {seq}{code}"


def check_ballot(
    election: Election,
    value: Json,
    seq: int,
    log: FailureLog,
    *,
    kind: str = "ballot",
    raw: bytes | None = None,
    batch: BallotBatch | None = None,
) -> CheckedBallot | None:
    """Run every per-ballot check on ``value``; log failures; return the tally inputs.

    ``raw``, when given, is ``canonical(value)`` cut from the (checked) board line. With
    ``batch``, expanded proofs are queued on it (the caller settles it).
    """
    try:
        obj = get_object(value, "ballot")
        require_keys(obj, "ballot", _BALLOT_KEYS)
        raw = dumps(obj) if raw is None else raw
        code = hash_bytes(LABEL_BALLOT, raw)
    except InvalidEncoding as exc:
        log.fail("ballots.format", ballot_item(kind, seq, None), str(exc))
        return None
    item = ballot_item(kind, seq, code)
    credential = _check_binding(election, obj, item, log)
    if credential is None:
        return None
    try:
        contests = style_contests(election, obj)
        sig = _signature(get_hex(obj, "signature", "ballot"))
        expanded = bool(sig.commitment)
        options = [_parse_contest(c, entry, k, expanded) for k, (c, entry) in enumerate(contests)]
    except InvalidEncoding as exc:
        log.fail("ballots.format", item, str(exc))
        return None
    if batch is not None:
        batch.start_ballot()
    _check_signature(obj, raw, credential, sig, item, log, batch)
    cred = str(obj["credential"])
    _check_proofs(election, cred, [c for c, _ in contests], options, item, log, batch)
    voter = election.voters.get(cred)
    return CheckedBallot(
        code,
        cred,
        voter.weight if voter else 0,
        tuple(c for c, _ in contests),
        tuple(tuple(o.ciphertext for o in parsed.options) for parsed in options),
    )


def _signature(data: bytes) -> Signature:
    try:
        return Signature.from_bytes(data, expanded=True)
    except InvalidEncoding as exc:
        raise InvalidEncoding(f"ballot.signature: {exc}") from None


def _check_binding(
    election: Election, obj: JsonObject, item: str, log: FailureLog
) -> Element | None:
    if obj["manifest"] != election.manifest.hash:
        log.fail("ballots.manifest", item, "ballot.manifest is not this election's manifest hash")
    try:
        credential = get_element(obj, "credential", "ballot")
    except InvalidEncoding as exc:
        log.fail("ballots.format", item, str(exc))
        return None
    voter = election.voters.get(str(obj["credential"]))
    if voter is None:
        log.fail("ballots.credential", item, "credential is not on the voter list")
    elif voter.style != obj["style"]:
        log.fail(
            "ballots.credential",
            item,
            f"style {obj['style']!r}, the voter list says {voter.style!r}",
        )
    return credential


def style_contests(
    election: Election, obj: JsonObject, keys: tuple[str, ...] = ("contest", "options", "proof")
) -> list[tuple[Contest, JsonObject]]:
    """The style's contests with the ballot's entries (exact ``keys``), in the style's order."""
    style = obj["style"]
    contests = election.manifest.styles.get(style) if isinstance(style, str) else None
    if contests is None:
        raise InvalidEncoding(f"ballot.style: {style!r} is not a style of the manifest")
    entries = get_list(obj, "contests", "ballot", min_len=len(contests), max_len=len(contests))
    out = []
    for k, (contest, entry) in enumerate(zip(contests, entries, strict=True)):
        path = f"ballot.contests[{k}]"
        e = get_object(entry, path)
        require_keys(e, path, keys)
        if e["contest"] != contest.id:
            raise InvalidEncoding(f"{path}.contest: {e['contest']!r}, style says {contest.id!r}")
        out.append((contest, e))
    return out


def _one_form(proof: DisjunctiveProof | RangeProof, expanded: bool, path: str) -> None:
    """5.9: one form per ballot, the signature's (else the signature could be re-formed by
    anyone, giving the same ballot a second tracking code)."""
    if bool(proof.commitments) != expanded:
        form, other = ("a compact", "expanded") if expanded else ("an expanded", "compact")
        raise InvalidEncoding(f"{path}: {form} proof in a ballot whose signature is {other}")


def _parse_contest(contest: Contest, entry: JsonObject, k: int, expanded: bool) -> _Contest:
    path = f"ballot.contests[{k}]"
    raw = get_list(entry, "options", path, min_len=contest.options, max_len=contest.options)
    out = []
    for j, opt in enumerate(raw):
        opath = f"{path}.options[{j}]"
        o = get_object(opt, opath)
        require_keys(o, opath, ("ciphertext", "proof"))
        ct = _ciphertext_unchecked(get_hex(o, "ciphertext", opath), opath)
        proof_bytes = get_hex(o, "proof", opath)
        proof: DisjunctiveProof | RangeProof
        if contest.kind == "choose":
            proof = DisjunctiveProof.from_bytes(proof_bytes)
        else:
            proof = RangeProof.from_bytes(proof_bytes, contest.value_max + 1)
        _one_form(proof, expanded, f"{opath}.proof")
        out.append(_Option(ct, proof))
    values = contest.max - contest.min + 1
    proof = RangeProof.from_bytes(get_hex(entry, "proof", path), values)
    _one_form(proof, expanded, f"{path}.proof")
    return _Contest(tuple(out), proof, _sum_checked(out, path))


_IDENTITY = bytes(32)


def _ciphertext_unchecked(data: bytes, path: str) -> Ciphertext:
    """A ciphertext of the right length and no identity part; its points are checked
    when the contest's sum decodes them (:func:`_sum_checked`), not here."""
    if len(data) != 64 or data[:32] == _IDENTITY or data[32:] == _IDENTITY:
        try:
            Ciphertext.from_bytes(data)
        except InvalidEncoding as exc:
            raise InvalidEncoding(f"{path}.ciphertext: {exc}") from None
    return Ciphertext(element_unchecked(data[:32]), element_unchecked(data[32:]))


def _sum_checked(options: list[_Option], path: str) -> Ciphertext:
    """The options' homomorphic sum, one native call that decodes (and so checks) every
    point once; an invalid encoding is named as the strict decoder names it."""
    cts = [opt.ciphertext for opt in options]
    try:
        return _sum_ciphertexts(cts)
    except ValueError:
        for j, ct in enumerate(cts):
            try:
                Ciphertext.from_bytes(ct.to_bytes())
            except InvalidEncoding as exc:
                raise InvalidEncoding(f"{path}.options[{j}].ciphertext: {exc}") from None
        raise


def _check_signature(
    obj: JsonObject,
    raw: bytes,
    credential: Element,
    sig: Signature,
    item: str,
    log: FailureLog,
    batch: BallotBatch | None,
) -> None:
    # canonical(ballot minus signature): keys are sorted and the signature is checked hex,
    # so it is the canonical ballot with its one ',"signature":"<hex>"' member cut out.
    member = b',"signature":"' + str(obj["signature"]).encode() + b'"'
    unsigned = raw.replace(member, b"", 1) if raw.count(member) == 1 else None
    if unsigned is None:
        unsigned = dumps({k: v for k, v in obj.items() if k != "signature"})
    message = hash_bytes(LABEL_SIGNATURE, unsigned)

    def recheck(log: FailureLog) -> None:
        try:
            verify_signature(credential, message, sig)
        except CryptoError as exc:
            log.fail("ballots.signature", item, str(exc))

    _queue_or_check(batch, lambda b: batch_signature(b, credential, message, sig), recheck, log)


def _queue_or_check(
    batch: BallotBatch | None,
    queue: Callable[[EquationBatch], bool],
    recheck: Recheck,
    log: FailureLog,
) -> None:
    """Queue one proof's equations on ``batch`` or, when it cannot be, check it now."""
    if batch is not None and queue(batch.equations):
        batch.defer(recheck)
    else:
        recheck(log)


def _check_proofs(
    election: Election,
    cred: str,
    contests: list[Contest],
    options: list[_Contest],
    item: str,
    log: FailureLog,
    batch: BallotBatch | None = None,
) -> None:
    key = election.public_key
    if key is None:
        log.fail("ballots.option_proofs", item, "no joint public key before this ballot")
        return
    mh = election.manifest.hash
    for contest, parsed in zip(contests, options, strict=True):
        for j, opt in enumerate(parsed.options):
            _check_option(
                key, contest, j, opt, option_context(contest.id, cred, mh, j), item, log, batch
            )
        _check_sum(contest, parsed, key, cred, mh, item, log, batch)


def _check_option(
    key: Element,
    contest: Contest,
    j: int,
    opt: _Option,
    ctx: bytes,
    item: str,
    log: FailureLog,
    batch: BallotBatch | None,
) -> None:
    ct, proof = opt.ciphertext, opt.proof

    def recheck(log: FailureLog) -> None:
        try:
            if isinstance(proof, DisjunctiveProof):
                verify_zero_or_one(key, ct, proof, ctx)
            else:
                verify_range(key, ct, 0, contest.value_max, proof, ctx)
        except CryptoError as exc:
            log.fail("ballots.option_proofs", f"{item} contest {contest.id} option {j}", str(exc))

    def queue(b: EquationBatch) -> bool:
        if isinstance(proof, DisjunctiveProof):
            return batch_zero_or_one(b, key, ct, proof, ctx)
        return batch_range(b, key, ct, 0, contest.value_max, proof, ctx)

    _queue_or_check(batch, queue, recheck, log)


def _sum_ciphertexts(cts: list[Ciphertext]) -> Ciphertext:
    """The homomorphic sum in one native call (each point decoded, so checked, once);
    :class:`ValueError` for a point that is not a canonical encoding."""
    n = len(cts)
    points = b"".join(ct.alpha.to_bytes() for ct in cts) + b"".join(
        ct.beta.to_bytes() for ct in cts
    )
    out = raw_combine(points, _sum_rows(n))
    return Ciphertext(element_unchecked(out[:32]), element_unchecked(out[32:]))


_ONE = (1).to_bytes(32, "little")
_ZERO = bytes(32)


@functools.lru_cache(maxsize=64)  # a contest has at most 64 options
def _sum_rows(n: int) -> bytes:
    """Two rows over (G, alpha_1..alpha_n, beta_1..beta_n): the sum of the alphas, of the betas."""
    return _ZERO + _ONE * n + _ZERO * n + _ZERO + _ZERO * n + _ONE * n


def _check_sum(
    contest: Contest,
    parsed: _Contest,
    key: Element,
    cred: str,
    mh: str,
    item: str,
    log: FailureLog,
    batch: BallotBatch | None = None,
) -> None:
    total = parsed.total
    ctx = contest_context(contest.id, cred, mh)
    proof = parsed.proof
    parts = [opt.ciphertext for opt in parsed.options]

    def recheck(log: FailureLog) -> None:
        try:
            verify_range(key, total, contest.min, contest.max, proof, ctx)
        except CryptoError as exc:
            log.fail("ballots.contest_proofs", f"{item} contest {contest.id}", str(exc))

    def queue(b: EquationBatch) -> bool:
        return batch_range(b, key, total, contest.min, contest.max, proof, ctx, parts)

    _queue_or_check(batch, queue, recheck, log)
