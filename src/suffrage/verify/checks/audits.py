"""Audited (spoiled) ballots (7.8): the revealed choices re-encrypt to the ciphertexts."""

from __future__ import annotations

from suffrage.crypto import Scalar, encrypt
from suffrage.errors import CryptoError, InvalidEncoding
from suffrage.protocol.encoding import (
    JsonObject,
    get_int,
    get_list,
    get_object,
    get_scalar,
    require_keys,
)
from suffrage.verify.checks.ballots import CheckedBallot, ballot_item
from suffrage.verify.model import Contest, Election
from suffrage.verify.report import FailureLog

__all__ = ["check_reveal"]


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
