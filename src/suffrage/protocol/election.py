"""The election as a sans-I/O state machine over the bulletin board (docs/protocol.md 7.9).

Each method takes a message (a manifest, a trustee's commitment, a ballot, ...), checks it
against the lifecycle and the state so far, appends one board event and returns it. The
caller (service, CLI) moves messages between trustees, voters and the board and does the
I/O. Nothing invalid reaches the board: a failed check raises and leaves it unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from suffrage.crypto.group import Element
from suffrage.crypto.threshold.dkg import (
    Complaint,
    ComplaintResponse,
    DealerCommitment,
    check_commitment,
)
from suffrage.errors import IllegalTransition, ProtocolError, ThresholdError
from suffrage.protocol.audit import check_audit, check_reveal
from suffrage.protocol.ballot import BallotContext, CheckedBallot, check_ballot
from suffrage.protocol.board import Board, Event
from suffrage.protocol.ceremony.decryption import (
    Shares,
    combine_result,
    parse_decryption_share,
)
from suffrage.protocol.ceremony.keys import (
    JointKey,
    compute_joint_key,
    dkg_parameters,
    parse_answer,
    parse_commitment,
    parse_complaint,
)
from suffrage.protocol.encoding import Json, JsonObject, get_hex, get_int, get_object, require_keys
from suffrage.protocol.identity import SIGNED_TRUSTEE_EVENTS, verify_trustee_payload
from suffrage.protocol.lifecycle import Phase, next_phase
from suffrage.protocol.manifest import Manifest
from suffrage.protocol.mixnet import (
    MixChain,
    check_mix,
    check_mix_share,
    decrypt_rows,
    start_chains,
)
from suffrage.protocol.outcome import Turnout, compute_outcome, question_row
from suffrage.protocol.ranked import check_ranked_weights, ranked_outcome, ranking_of
from suffrage.protocol.registrar import check_voter_list_authority
from suffrage.protocol.tally import EncryptedTally, aggregate
from suffrage.protocol.voters import VoterList, build_voter_list

__all__ = ["Election"]


@dataclass
class _Ballots:
    """Cast and audited ballots seen so far."""

    latest: dict[str, CheckedBallot] = field(default_factory=dict)  # credential -> last cast
    seen: set[str] = field(default_factory=set)  # tracking codes, cast or audited
    cast: int = 0
    audited: int = 0


class Election:
    """One election's board and the state derived from it, advanced one event at a time."""

    def __init__(self) -> None:
        self.board = Board()
        self.phase = Phase.DRAFT
        self._manifest: Manifest | None = None
        self._commitments: dict[int, DealerCommitment] = {}
        self._complaints: list[Complaint] = []
        self._answers: list[ComplaintResponse] = []
        self._joint: JointKey | None = None
        self._voters: VoterList | None = None
        self._voter_style: dict[str, str] = {}
        self._ballots = _Ballots()
        self._tally: EncryptedTally | None = None
        self._shares: dict[int, Shares] = {}
        self._heads: dict[str, str] = {}  # "open"/"close" -> hash of that event
        self._attested: dict[str, set[int]] = {"open": set(), "close": set()}
        self._chains: dict[str, MixChain] = {}  # ranked contests, from the tally on (7.16)

    # ------------------------------------------------------------ accessors

    @property
    def manifest(self) -> Manifest:
        if self._manifest is None:
            raise IllegalTransition("the election has no manifest yet")
        return self._manifest

    @property
    def joint_key(self) -> JointKey:
        if self._joint is None:
            raise IllegalTransition("the key ceremony has not finished")
        return self._joint

    @property
    def voters(self) -> VoterList:
        if self._voters is None:
            raise IllegalTransition("the voter list has not been posted")
        return self._voters

    @property
    def tally(self) -> EncryptedTally:
        if self._tally is None:
            raise IllegalTransition("the tally has not been computed")
        return self._tally

    @property
    def ballot_context(self) -> BallotContext:
        return BallotContext(self.manifest, self.joint_key.public_key)

    def _post(self, type_: str, payload: JsonObject) -> Event:
        phase = next_phase(self.phase, type_)
        event = self.board.append(type_, payload)
        self.phase = phase
        return event

    def _expect(self, type_: str, ok: bool, why: str) -> None:
        next_phase(self.phase, type_)
        if not ok:
            raise IllegalTransition(f"{type_!r}: {why}")

    # ------------------------------------------------------------ setup and keys

    def setup(self, manifest: Manifest) -> Event:
        next_phase(self.phase, "setup")
        self._manifest = manifest
        return self._post("setup", {"manifest": manifest.to_json()})

    def post_trustee(self, type_: str, payload: Json) -> Event:
        """Append an event a trustee speaks, once her signature on it verifies (7.5).

        The payload names the trustee in ``"trustee"``; the signature must be by that
        trustee's key in the manifest, so nobody else (the server included) can speak
        for her.
        """
        if type_ not in SIGNED_TRUSTEE_EVENTS:
            raise ProtocolError(f"{type_!r} is not an event a trustee speaks")
        obj = get_object(payload, type_)
        index = get_int(obj, "trustee", type_, lo=1, hi=len(self.manifest.trustees))
        key = self.manifest.trustee_key(index)
        verify_trustee_payload(key, self.manifest.hash_hex, type_, obj)
        if type_ == "trustee_commitment":
            return self._commitment(obj)
        if type_ == "trustee_complaint":
            return self._complaint(obj)
        if type_ == "trustee_answer":
            return self._answer(obj)
        if type_ == "attestation":
            return self._attestation(obj)
        if type_ in ("mix", "mix_share"):
            return self._mix_event(type_, obj)
        return self._decryption_share(obj)

    def _commitment(self, payload: JsonObject) -> Event:
        self._expect("trustee_commitment", self._joint is None, "the key is already fixed")
        msg = parse_commitment(payload, len(self.manifest.trustees))
        if msg.dealer in self._commitments:
            raise ProtocolError(f"trustee {msg.dealer} has already posted its commitment")
        check_commitment(dkg_parameters(self.manifest), msg)
        self._commitments[msg.dealer] = msg
        return self._post("trustee_commitment", payload)

    def _all_committed(self) -> bool:
        return self._joint is None and len(self._commitments) == len(self.manifest.trustees)

    def _complaint(self, payload: JsonObject) -> Event:
        self._expect("trustee_complaint", self._all_committed(), "needs every commitment first")
        msg = parse_complaint(payload, len(self.manifest.trustees))
        if msg.accuser == msg.dealer or msg in self._complaints:
            raise ProtocolError(f"invalid or repeated complaint {msg.accuser} -> {msg.dealer}")
        self._complaints.append(msg)
        return self._post("trustee_complaint", payload)

    def _answer(self, payload: JsonObject) -> Event:
        self._expect("trustee_answer", self._all_committed(), "needs every commitment first")
        msg = parse_answer(payload, len(self.manifest.trustees))
        if Complaint(msg.accuser, msg.dealer) not in self._complaints:
            raise ProtocolError(f"no complaint by {msg.accuser} against {msg.dealer} to answer")
        if any((a.dealer, a.accuser) == (msg.dealer, msg.accuser) for a in self._answers):
            raise ProtocolError("this complaint has already been answered")
        self._answers.append(msg)
        return self._post("trustee_answer", payload)

    def _attestation(self, payload: JsonObject) -> Event:
        """A trustee's signature on the head at ``open`` or at ``close`` (7.9)."""
        path = "attestation"
        require_keys(payload, path, ("trustee", "phase", "head", "signature"))
        which = payload["phase"]
        if which not in ("open", "close"):
            raise ProtocolError(f"{path}.phase: must be 'open' or 'close'")
        due = "open" if self.phase is Phase.OPEN else "close"
        self._expect(path, which == due, f"an attestation of {which!r} is not due now")
        head = get_hex(payload, "head", path, length=32).hex()
        if head != self._heads[due]:
            raise ProtocolError(f"{path}.head: is not the hash of this board's {due!r} event")
        trustee = payload["trustee"]
        assert isinstance(trustee, int)
        if trustee in self._attested[due]:
            raise ProtocolError(f"trustee {trustee} has already attested {due!r}")
        self._attested[due].add(trustee)
        return self._post(path, payload)

    def attested(self, which: str) -> frozenset[int]:
        """The trustees whose attestation of ``"open"`` or ``"close"`` is on the board."""
        return frozenset(self._attested[which])

    def post_joint_key(self) -> Event:
        self._expect("joint_key", self._all_committed(), "needs every commitment first")
        params = dkg_parameters(self.manifest)
        try:
            joint = compute_joint_key(params, self._commitments, self._complaints, self._answers)
        except ThresholdError as exc:
            raise ProtocolError(f"the key ceremony failed: {exc}") from exc
        self._joint = joint
        return self._post("joint_key", joint.payload())

    def post_voter_list(self, voters: VoterList) -> Event:
        ok = self._joint is not None and self._voters is None
        self._expect("voter_list", ok, "comes once, right after the joint key")
        # styles, weights, order; then the registrar's signature (7.6)
        voters = build_voter_list(voters.voters, self.manifest, voters.signature)
        check_voter_list_authority(self.manifest, voters)
        check_ranked_weights(self.manifest, voters.voters)  # 7.16.1
        self._voters = voters
        self._voter_style = {v.credential.hex(): v.style for v in voters.voters}
        return self._post("voter_list", voters.payload())

    def open(self) -> Event:
        self._expect("open", self._voters is not None, "needs the voter list first")
        payload: JsonObject = {
            "manifest": self.manifest.hash_hex,
            "public_key": self.joint_key.public_key.hex(),
            "voters": self.voters.hash.hex(),
        }
        event = self._post("open", payload)
        self._heads["open"] = event.hash.hex()
        return event

    # ------------------------------------------------------------ voting

    def _check_new(self, ballot: Json) -> CheckedBallot:
        checked = check_ballot(self.ballot_context, ballot, self._voter_style)
        if checked.tracking_code in self._ballots.seen:
            raise ProtocolError(f"ballot {checked.tracking_code[:16]} is already on the board")
        return checked

    def cast(self, ballot: JsonObject) -> Event:
        """Append a well-formed ballot; it replaces the credential's previous one."""
        next_phase(self.phase, "ballot")
        checked = self._check_new(ballot)
        prev = self._ballots.latest.get(checked.credential)
        replaces: Json = prev.tracking_code if prev is not None else None
        event = self._post("ballot", {"ballot": ballot, "replaces": replaces})
        self._ballots.latest[checked.credential] = checked
        self._ballots.seen.add(checked.tracking_code)
        self._ballots.cast += 1
        return event

    def audit(self, ballot: JsonObject, reveal: list[Json]) -> Event:
        """Append an audited ballot's audit form with its reveal; it is never counted.

        ``ballot`` is the audit form (7.8): no credential, signature or proof links it to
        a voter.
        """
        next_phase(self.phase, "audit")
        checked = check_audit(self.ballot_context, ballot)
        if checked.tracking_code in self._ballots.seen:
            raise ProtocolError(f"ballot {checked.tracking_code[:16]} is already on the board")
        check_reveal(self.ballot_context, checked, reveal)
        event = self._post("audit", {"ballot": ballot, "reveal": reveal})
        self._ballots.seen.add(checked.tracking_code)
        self._ballots.audited += 1
        return event

    def close(self) -> Event:
        b = self._ballots
        payload: JsonObject = {"audited": b.audited, "cast": b.cast, "counted": len(b.latest)}
        event = self._post("close", payload)
        self._heads["close"] = event.hash.hex()
        return event

    # ------------------------------------------------------------ tally and result

    def post_tally(self) -> Event:
        next_phase(self.phase, "tally")
        weights = {v.credential.hex(): v.weight for v in self.voters.voters}
        counted = sorted(self._ballots.latest.values(), key=lambda b: b.credential)
        self._tally = aggregate(self.manifest, counted, weights)
        event = self._post("tally", self._tally.payload())
        self._chains = start_chains(self.manifest, counted, event.hash.hex())
        return event

    def mix_chain(self, contest_id: str) -> MixChain:
        """The mixes so far of a ranked contest (after the tally)."""
        if contest_id not in self._chains:
            raise ProtocolError(f"contest {contest_id!r} is not a ranked contest being mixed")
        return self._chains[contest_id]

    def _mix_event(self, type_: str, payload: JsonObject) -> Event:
        """A trustee's ``mix`` or ``mix_share`` of a ranked contest (7.16)."""
        next_phase(self.phase, type_)
        chain = self.mix_chain(str(payload.get("contest")))
        trustee = payload["trustee"]
        assert isinstance(trustee, int)
        mh = self.manifest.hash_hex
        if type_ == "mix":
            outputs = check_mix(self.joint_key.public_key, mh, chain, payload)
            event = self._post(type_, payload)
            chain.mixers.append(trustee)
            chain.hashes.append(event.hash.hex())
            chain.outputs.append(outputs)
            return event
        if not chain.mixed(self.manifest.threshold):
            raise ProtocolError(f"contest {chain.contest.id!r} is mixed by fewer than t trustees")
        missing = [w for w in ("open", "close") if trustee not in self._attested[w]]
        if missing:
            raise ProtocolError(
                f"trustee {trustee} decrypts only after attesting {' and '.join(missing)}"
            )
        _, shares = check_mix_share(mh, chain, payload, self.joint_key.public_shares)
        event = self._post(type_, payload)
        chain.shares[trustee] = shares
        return event

    def _decryption_share(self, payload: JsonObject) -> Event:
        next_phase(self.phase, "decryption_share")
        trustee, shares = parse_decryption_share(
            payload, self.manifest, self.tally, self.joint_key.public_shares
        )
        if trustee in self._shares:
            raise ProtocolError(f"trustee {trustee} has already posted decryption shares")
        missing = [w for w in ("open", "close") if trustee not in self._attested[w]]
        if missing:
            raise ProtocolError(
                f"trustee {trustee} decrypts only after attesting {' and '.join(missing)}"
            )
        event = self._post("decryption_share", payload)
        self._shares[trustee] = shares
        return event

    def publish_result(self) -> tuple[Event, dict[str, list[int]]]:
        """Combine the posted shares, solve the totals and append the result."""
        t = self.manifest.threshold
        ok = len(self._shares) >= t
        self._expect("result", ok, f"needs {t} trustees' shares")
        for cid, chain in self._chains.items():
            ready = not chain.inputs or (chain.mixed(t) and len(chain.shares) >= t)
            self._expect("result", ready, f"ranked contest {cid!r} needs t mixes and t shares")
        counts = combine_result(self.manifest, self.tally, self._shares)
        payload: JsonObject = {
            "contests": [self._result_entry(cid, v) for cid, v in counts.items()],
            "trustees": [*sorted(self._shares)],
        }
        if self.manifest.questions:
            payload["questions"] = self._question_rows(counts)
        return self._post("result", payload), counts

    def _question_rows(self, counts: dict[str, list[int]]) -> list[Json]:
        """Each question's sums over its units and its outcome (7.15.5)."""
        rows: list[Json] = []
        for question in self.manifest.questions:
            ids = [o.id for o in self.manifest.contest(question.contests[0]).options]
            turnouts = {c: self.turnout(c) for c in question.contests}
            rows.append(question_row(question, ids, counts, turnouts))
        return rows

    def _result_entry(self, contest_id: str, counts: list[int]) -> Json:
        """Counts, and the outcome by the contest's rule when the manifest states one."""
        entry = _counts_entry(contest_id, counts)
        contest = self.manifest.contest(contest_id)
        if contest.kind == "rank":
            return self._ranked_entry(contest_id, entry)
        if contest.outcome is not None:
            turnout = self.turnout(contest_id)
            entry["outcome"] = compute_outcome(contest, contest.outcome, counts, turnout)
        return entry

    def _ranked_entry(self, contest_id: str, entry: JsonObject) -> JsonObject:
        """Counts, the decrypted rankings in mixed order, invalid rows apart (7.16.4)."""
        contest = self.manifest.contest(contest_id)
        chain = self._chains[contest_id]
        rows = decrypt_rows(chain, self.manifest.threshold) if chain.inputs else []
        ids = [o.id for o in contest.options]
        orders = [ranking_of(values) for values in rows]
        valid = [order for order in orders if order is not None]
        entry["rankings"] = [[ids[j] for j in order] for order in valid]
        entry["invalid"] = [list(v) for v, o in zip(rows, orders, strict=True) if o is None]
        if contest.outcome is not None:
            turnout = self.turnout(contest_id)
            entry["outcome"] = ranked_outcome(contest, contest.outcome, valid, turnout)
        return entry

    def turnout(self, contest_id: str) -> Turnout:
        """Weight of the voters whose style has the contest, and of their counted ballots."""
        styles = {s.id for s in self.manifest.styles if contest_id in s.contests}
        voters = self.voters.voters
        electorate = sum(v.weight for v in voters if v.style in styles)
        weight = {v.credential.hex(): v.weight for v in voters}
        cast = sum(
            weight[cred] for cred in self._ballots.latest if self._voter_style[cred] in styles
        )
        return Turnout(electorate, cast)

    def public_share(self, trustee: int) -> Element:
        return self.joint_key.public_shares[trustee]


def _counts_entry(contest: str, counts: list[int]) -> JsonObject:
    values: list[Json] = list(counts)
    return {"contest": contest, "counts": values}
