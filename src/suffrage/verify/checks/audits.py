"""Audited (spoiled) ballots (7.8): the audit form, and revealed choices that re-encrypt.

An audit publishes the ballot's audit form (manifest hash, style, ciphertexts) without
credential, signature or proofs; it is tracked by its own code and never counted.
"""

from __future__ import annotations

from suffrage.crypto import Ciphertext, Scalar, encrypt
from suffrage.errors import CryptoError, InvalidEncoding
from suffrage.protocol.encoding import (
    LABEL_BALLOT,
    Json,
    JsonObject,
    get_hex,
    get_int,
    get_list,
    get_object,
    get_scalar,
    hash_bytes,
    require_keys,
)
from suffrage.verify.canon import dumps
from suffrage.verify.checks.ballots import CheckedBallot, ballot_item, style_contests
from suffrage.verify.model import Contest, Election
from suffrage.verify.report import FailureLog

__all__ = ["check_audit_form", "check_reveal"]

#: Audits are tracked apart from every credential: they carry none.
NO_CREDENTIAL = ""


def check_audit_form(
    election: Election, value: Json, seq: int, log: FailureLog
) -> CheckedBallot | None:
    """Read an audit form (7.8); log what fails; ``None`` when its ciphertexts are unreadable."""
    try:
        obj = get_object(value, "ballot")
        require_keys(obj, "ballot", ("contests", "manifest", "style"))
        code = hash_bytes(LABEL_BALLOT, dumps(obj))
    except InvalidEncoding as exc:
        log.fail("ballots.format", ballot_item("audit", seq, None), str(exc))
        return None
    item = ballot_item("audit", seq, code)
    if obj["manifest"] != election.manifest.hash:
        log.fail("ballots.manifest", item, "ballot.manifest is not this election's manifest hash")
    try:
        contests, ciphertexts = _audit_contests(election, obj)
    except InvalidEncoding as exc:
        log.fail("ballots.format", item, str(exc))
        return None
    return CheckedBallot(code, NO_CREDENTIAL, 0, contests, ciphertexts)


def _audit_contests(
    election: Election, obj: JsonObject
) -> tuple[tuple[Contest, ...], tuple[tuple[Ciphertext, ...], ...]]:
    entries = style_contests(election, obj, ("contest", "ciphertexts"))
    out = []
    for k, (contest, e) in enumerate(entries):
        path = f"ballot.contests[{k}]"
        m = contest.options
        cts = []
        for j, c in enumerate(get_list(e, "ciphertexts", path, min_len=m, max_len=m)):
            where = f"{path}.ciphertexts[{j}]"
            try:
                cts.append(Ciphertext.from_bytes(get_hex({"c": c}, "c", where, length=64)))
            except InvalidEncoding as exc:
                raise InvalidEncoding(f"{where}: {exc}") from None
        out.append(tuple(cts))
    return tuple(c for c, _ in entries), tuple(out)


def check_reveal(
    election: Election, payload: JsonObject, ballot: CheckedBallot, seq: int, log: FailureLog
) -> None:
    """Every revealed (value, nonce) pair encrypts to the published ciphertext."""
    item = ballot_item("audit", seq, ballot.tracking_code)
    if ballot.ciphertexts is None or election.public_key is None:
        log.fail("audits.reveal", item, "the audited ballot cannot be read")
        return
    try:
        reveal = get_list(
            payload, "reveal", "audit", min_len=len(ballot.contests), max_len=len(ballot.contests)
        )
        for k, (contest, cts, entry) in enumerate(
            zip(ballot.contests, ballot.ciphertexts, reveal, strict=True)
        ):
            _check_contest(election, contest, cts, entry, f"audit.reveal[{k}]", item, log)
    except InvalidEncoding as exc:
        log.fail("audits.reveal", item, str(exc))


def _check_contest(
    election: Election,
    contest: Contest,
    cts: tuple[object, ...],
    entry: object,
    path: str,
    item: str,
    log: FailureLog,
) -> None:
    obj = get_object(entry, path)
    require_keys(obj, path, ("contest", "values", "nonces"))
    if obj["contest"] != contest.id:
        raise InvalidEncoding(f"{path}.contest: expected {contest.id!r}")
    m = contest.options
    values = get_list(obj, "values", path, min_len=m, max_len=m)
    nonces = get_list(obj, "nonces", path, min_len=m, max_len=m)
    total = 0
    assert election.public_key is not None
    for j in range(m):
        v = get_int({"v": values[j]}, "v", f"{path}.values[{j}]", lo=0, hi=contest.value_max)
        r: Scalar = get_scalar({"r": nonces[j]}, "r", f"{path}.nonces[{j}]")
        total += v
        try:
            ok = encrypt(election.public_key, v, r) == cts[j]
        except CryptoError as exc:
            ok, why = False, str(exc)
        else:
            why = "encrypt(Y, v_j, r_j) != E_j"
        if not ok:
            log.fail("audits.reveal", f"{item} contest {contest.id} option {j}", why)
    if not contest.min <= total <= contest.max:
        log.fail(
            "audits.reveal",
            f"{item} contest {contest.id}",
            f"revealed sum {total} is outside {contest.min}..{contest.max}",
        )
