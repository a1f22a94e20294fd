"""The voter list (7.6) and the open event that seals keys and voters (7.9)."""

from __future__ import annotations

from suffrage.errors import InvalidEncoding
from suffrage.protocol.encoding import (
    LABEL_VOTERS,
    JsonObject,
    get_element,
    get_hex,
    get_int,
    get_list,
    get_object,
    hash_bytes,
    require_keys,
)
from suffrage.verify.canon import dumps
from suffrage.verify.model import Election, Voter
from suffrage.verify.report import FailureLog

__all__ = ["check_open", "check_voter_list"]

MAX_WEIGHT = 1_000_000


def check_voter_list(election: Election, payload: JsonObject, item: str, log: FailureLog) -> None:
    """Fill ``election.voters`` and its hash; log what is wrong with the list."""
    try:
        require_keys(payload, item, ("voters",))
        entries = get_list(payload, "voters", item, min_len=1)
    except InvalidEncoding as exc:
        log.fail("voters.list", item, str(exc))
        return
    # The event line passed the canonical check, so plain dumps is canonical(voters).
    election.voters_hash = hash_bytes(LABEL_VOTERS, dumps(entries)).hex()
    voters: dict[str, Voter] = {}
    shared: dict[tuple[str, int], Voter] = {}
    previous = ""
    styles = election.manifest.styles
    for k, entry in enumerate(entries):
        path = f"{item}.voters[{k}]"
        try:
            obj = get_object(entry, path)
            require_keys(obj, path, ("credential", "style", "weight"))
            get_element(obj, "credential", path)
            cred = str(obj["credential"])
            style = obj["style"]
            if not isinstance(style, str) or style not in styles:
                raise InvalidEncoding(f"{path}.style: {style!r} is not a style of the manifest")
            weight = get_int(obj, "weight", path, lo=1, hi=MAX_WEIGHT)
        except InvalidEncoding as exc:
            log.fail("voters.list", path, str(exc))
            continue
        if cred <= previous:
            why = "appears twice" if cred == previous else "is out of order (must ascend)"
            log.fail("voters.list", path, f"credential {cred[:16]}... {why}")
        previous = max(previous, cred)
        key = (style, weight)
        voter = shared.get(key)
        if voter is None:
            voter = shared[key] = Voter(style, weight)  # one object per (style, weight)
        voters[cred] = voter
    election.voters = voters


def check_open(election: Election, payload: JsonObject, item: str, log: FailureLog) -> None:
    """The open event repeats the manifest hash, the public key and the voter-list hash."""
    try:
        require_keys(payload, item, ("manifest", "public_key", "voters"))
        mh = get_hex(payload, "manifest", item, length=32).hex()
        key = get_element(payload, "public_key", item)
        voters = get_hex(payload, "voters", item, length=32).hex()
    except InvalidEncoding as exc:
        log.fail("election.open", item, str(exc))
        return
    if mh != election.manifest.hash:
        log.fail("election.open", item, "manifest is not the manifest hash of event 0")
    if key != election.public_key:
        log.fail("election.open", item, "public_key is not the joint key")
    if voters != election.voters_hash:
        log.fail("election.open", item, "voters is not the hash of the voter list")
