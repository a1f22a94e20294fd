"""``suffrage trustee``: one trustee's key ceremony and decryption, on the trustee's machine.

The trustee's polynomial shares and secret share live only in a local state file (mode
0600). The server receives the public messages of docs/protocol.md 7.5 and 7.12 through
its JSON API, authenticated by the trustee's token; the shares a dealer owes the other
trustees are written to files the trustee hands over privately (they never pass through
the server). Steps::

    suffrage trustee init --key KEY                      # once: her long-term signing key
    suffrage trustee join --server URL --election ID --index I --token T --key KEY --state FILE
    suffrage trustee publish --state FILE --out DIR      # commitment; sealed share files
    suffrage trustee receive --state FILE SHARE...       # shares other dealers handed over
    suffrage trustee check --state FILE                  # complaints and answers (repeat)
    suffrage trustee attest --state FILE                 # after open, and after close
    suffrage trustee mix --state FILE                    # after close: ranked contests
    suffrage trustee decrypt --state FILE                # after close: decryption shares

Every event she posts is signed with her key (the manifest lists its public half), so the
server relays her messages but cannot write one in her name.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from suffrage.adapters.cli.app import app
from suffrage.adapters.cli.trustee_io import Api, fail, read_file, write_private
from suffrage.adapters.cli.trustee_memory import BoardView, ForkedBoard, check_heads
from suffrage.adapters.cli.trustee_mixing import Update, decrypt_mixes, mix_all, progress_bar
from suffrage.crypto.group import Element, Scalar
from suffrage.crypto.threshold import (
    Complaint,
    ComplaintResponse,
    DealerCommitment,
    DkgParameters,
    Share,
    check_commitment,
    check_share,
    deal,
    lagrange_coefficient,
    open_share,
    seal_share,
    too_many_complaints,
)
from suffrage.errors import SuffrageError
from suffrage.protocol.ceremony import (
    answer_payload,
    commitment_payload,
    complaint_payload,
    decryption_share_payload,
    dkg_parameters,
    parse_answer,
    parse_commitment,
    parse_complaint,
)
from suffrage.protocol.encoding import JsonObject, context
from suffrage.protocol.identity import (
    SigningKey,
    fingerprint,
    sign_trustee_payload,
    verify_trustee_payload,
)
from suffrage.protocol.manifest import Manifest, parse_manifest
from suffrage.protocol.tally import parse_tally
from suffrage.verify import CheckStatus, MemorySource, verify_record

__all__ = ["trustee_app"]

trustee_app = typer.Typer(
    help="Trustee tools: key ceremony, mixing and decryption, secrets kept local."
)
app.add_typer(trustee_app, name="trustee")

STATE_FORMAT = "suffrage-trustee/1"
KEY_FORMAT = "suffrage-trustee-key/1"
SHARE_FORMAT = "suffrage-trustee-share/1"

StateOpt = Annotated[Path, typer.Option("--state", help="The trustee's local state file.")]


class State:
    """The trustee's state file: server, token, manifest, dealt and received shares."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data = read_file(path, STATE_FORMAT)
        try:
            self.index: int = self.data["index"]
            self.manifest: Manifest = parse_manifest(self.data["manifest"])
            self.params: DkgParameters = dkg_parameters(self.manifest)
            self.api = Api(self.data["server"], self.data["election"], self.data["token"])
            for key in ("commitment", "dealt", "received"):
                if not isinstance(self.data[key], dict):
                    raise TypeError(key)
        except (KeyError, TypeError, SuffrageError) as exc:
            fail(f"{path} is damaged: {exc!r}")

    @property
    def received(self) -> dict[str, str]:
        value: dict[str, str] = self.data["received"]
        return value

    def dealt(self, j: int) -> Scalar:
        return Scalar.from_hex(self.data["dealt"][str(j)])

    def save(self) -> None:
        write_private(self.path, self.data, replace=True)

    def transport_secret(self) -> Scalar:
        """``a_0 = f(0)``, interpolated from the dealt shares; opens the shares sealed to us."""
        used = range(1, self.params.threshold + 1)
        a0 = Scalar.zero()
        for j in used:
            a0 = a0 + lagrange_coefficient(j, used) * self.dealt(j)
        if Element.base_times(a0).hex() != self.data["commitment"]["commitments"][0]:
            fail(f"{self.path}: the dealt shares do not match the commitment")
        return a0

    @property
    def key(self) -> SigningKey:
        return SigningKey.from_hex(self.data["signing_key"])

    @property
    def memory(self) -> dict[str, str]:
        """Heads this trustee signed (``open``, ``close``) and the ``tally`` she decrypted."""
        value: dict[str, str] = self.data.setdefault("signed_heads", {})
        return value

    def signed(self, type_: str, payload: JsonObject) -> JsonObject:
        """``payload`` signed with this trustee's key for this election."""
        return sign_trustee_payload(self.key, self.manifest.hash_hex, type_, payload, os.urandom)

    def post(self, path: str, body: JsonObject) -> object:
        return self.api.post(path, body)

    def post_event(self, type_: str, payload: JsonObject) -> None:
        self.api.post("/trustee-events", {"type": type_, "payload": self.signed(type_, payload)})

    @property
    def share_context(self) -> bytes:
        return context({"mh": self.manifest.hash_hex, "type": "share-transport"})


def _commitments(state: State, board: dict[str, list[JsonObject]]) -> dict[int, DealerCommitment]:
    n = len(state.manifest.trustees)
    found = {}
    for payload in board.get("trustee_commitment", []):
        msg = parse_commitment(payload, n)
        found[msg.dealer] = msg
    return found


# ---------------------------------------------------------------- commands


KeyOpt = Annotated[Path, typer.Option("--key", help="The trustee's signing key file.")]


@trustee_app.command("init")
def init(key: KeyOpt) -> None:
    """Make this trustee's long-term signing key (mode 0600); print its public half.

    Send the public key to the administrator, who lists it in the manifest; confirm its
    fingerprint with her by another channel (phone, in person) before the election.
    """
    signing = SigningKey.generate(os.urandom)
    public = signing.public.hex()
    write_private(
        key,
        {"format": KEY_FORMAT, "secret": signing.secret.hex(), "public_key": public},
        replace=False,
    )
    print(f"public key  {public}")
    print(f"fingerprint {fingerprint(signing.public)}")


def _load_key(path: Path) -> SigningKey:
    data = read_file(path, KEY_FORMAT)
    try:
        return SigningKey.from_hex(data["secret"])
    except (KeyError, SuffrageError, ValueError) as exc:
        fail(f"{path} is damaged: {exc!r}")


@trustee_app.command("join")
def join(
    server: Annotated[str, typer.Option(help="The service's base URL.")],
    election: Annotated[str, typer.Option(help="The election id.")],
    index: Annotated[int, typer.Option(help="This trustee's index in the manifest.")],
    key: KeyOpt,
    state: StateOpt,
    token: Annotated[
        str, typer.Option(envvar="SUFFRAGE_TRUSTEE_TOKEN", help="Token issued by the admin.")
    ],
) -> None:
    """Deal this trustee's polynomial into a new local state file (nothing is sent)."""
    signing = _load_key(key)
    info = Api(server, election, token).get()
    manifest = parse_manifest(info["manifest"])
    if manifest.hash_hex != info["manifest_hash"]:
        fail("the server's manifest hash does not match its manifest")
    params = dkg_parameters(manifest)
    try:
        params.check_index(index, "trustee")
    except SuffrageError as exc:
        fail(str(exc))
    listed = manifest.trustee_key(index)
    if listed != signing.public:
        fail(
            f"the manifest lists key {fingerprint(listed)} for trustee {index}, but yours is "
            f"{fingerprint(signing.public)}: ask the administrator to correct the manifest"
        )
    dealing = deal(params, index, os.urandom)
    data: JsonObject = {
        "format": STATE_FORMAT,
        "server": server,
        "election": election,
        "index": index,
        "token": token,
        "signing_key": signing.secret.hex(),
        "signed_heads": {},
        "manifest": info["manifest"],
        "commitment": commitment_payload(dealing.commitment),
        "dealt": {str(s.recipient): s.value.hex() for s in dealing.shares},
        "received": {str(index): dealing.share_for(index).value.hex()},
        "secret_share": None,
    }
    write_private(state, data, replace=False)
    print(f"trustee {index} of {election}: state written to {state} (keep it private)")
    print(f"manifest hash {manifest.hash_hex}")


@trustee_app.command("publish")
def publish(
    state: StateOpt,
    out: Annotated[Path, typer.Option(help="Directory for the share files of the others.")],
) -> None:
    """Post the commitment; write a share file per other trustee, sealed to its commitment."""
    st = State(state)
    board = st.api.board()
    posted = _commitments(st, board).get(st.index)
    if posted is not None and commitment_payload(posted) != st.data["commitment"]:
        fail(f"the board holds another commitment of trustee {st.index}; this state is stale")
    if posted is not None:
        print(f"trustee {st.index}'s commitment is already on the board")
    else:
        st.post_event("trustee_commitment", st.data["commitment"])
        print(f"posted trustee {st.index}'s commitment")
    out.mkdir(parents=True, exist_ok=True)
    commitments = _commitments(st, board)
    for t in st.manifest.trustees:
        if t.index == st.index:
            continue
        if t.index not in commitments:
            print(f"trustee {t.index} has not committed yet: run publish again later")
            continue
        key = commitments[t.index].commitments[0]
        sealed = seal_share(key, st.dealt(t.index), st.index, t.index, st.share_context, os.urandom)
        path = out / f"share-{st.index}-for-{t.index}.json"
        share: JsonObject = {
            "format": SHARE_FORMAT,
            "election": st.data["election"],
            "manifest_hash": st.manifest.hash_hex,
            "dealer": st.index,
            "recipient": t.index,
            "sealed": sealed.hex(),
        }
        write_private(path, share, replace=True)
        print(f"{path}: sealed for trustee {t.index} ({t.name}); hand it over")


@trustee_app.command("receive")
def receive(
    state: StateOpt,
    files: Annotated[list[Path], typer.Argument(help="Share files from other dealers.")],
) -> None:
    """Open the sealed shares other dealers handed over (checked against commitments later)."""
    st = State(state)
    secret = st.transport_secret()
    for path in files:
        share = read_file(path, SHARE_FORMAT)
        if share.get("manifest_hash") != st.manifest.hash_hex:
            fail(f"{path} is for another election")
        if share.get("recipient") != st.index:
            fail(f"{path} is for trustee {share.get('recipient')}, not {st.index}")
        dealer = share.get("dealer")
        if not isinstance(dealer, int) or dealer == st.index:
            fail(f"{path}: bad dealer {dealer!r}")
        try:
            sealed = bytes.fromhex(share["sealed"])
            value = open_share(secret, sealed, dealer, st.index, st.share_context)
        except (SuffrageError, ValueError, KeyError, TypeError) as exc:
            print(f"{path}: the share of dealer {dealer} does not open ({exc}); check complains")
            continue
        st.received[str(dealer)] = value.hex()
        print(f"received the share of dealer {dealer}")
    st.save()


def _check_received(st: State, dealer: int, msg: DealerCommitment) -> bool:
    value = st.received.get(str(dealer))
    if value is None:
        return False
    try:
        check_share(st.params, msg, Share(dealer, st.index, Scalar.from_hex(value)))
    except SuffrageError:
        return False
    return True


@trustee_app.command("check")
def check(state: StateOpt) -> None:
    """Check received shares, complain about bad ones, answer complaints against this trustee.

    Run it once every commitment is on the board, and again until the administrator fixes
    the joint key: answers to this trustee's complaints are taken from the board.
    """
    st = State(state)
    board = st.api.board()
    n = len(st.manifest.trustees)
    commitments = _commitments(st, board)
    missing = sorted(set(range(1, n + 1)) - set(commitments))
    if missing:
        fail(f"waiting for the commitments of trustees {missing}")
    complaints = [
        parse_complaint(p, n) for p in board.get("trustee_complaint", []) if _signed_by(st, p)
    ]
    answers = [parse_answer(p, n) for p in board.get("trustee_answer", [])]
    for a in answers:  # a revealed share settles this trustee's complaint if it checks
        if a.accuser == st.index and not _check_received(st, a.dealer, commitments[a.dealer]):
            st.received[str(a.dealer)] = a.value.hex()
    st.save()
    for dealer, msg in sorted(commitments.items()):
        try:
            check_commitment(st.params, msg)
        except SuffrageError:
            print(f"dealer {dealer}'s commitment is invalid: disqualified without a complaint")
            continue
        if _check_received(st, dealer, msg):
            continue
        if Complaint(st.index, dealer) in complaints:
            print(f"complaint against dealer {dealer} is on the board")
            continue
        st.post_event("trustee_complaint", complaint_payload(Complaint(st.index, dealer)))
        print(f"complained: the share of dealer {dealer} is missing or wrong")
    answered = {(a.dealer, a.accuser) for a in answers}
    if st.index in too_many_complaints(st.params, complaints):
        print(f"{st.params.threshold} or more trustees complained: no answer (disqualified)")
        complaints = []
    for c in complaints:
        if c.dealer != st.index or (st.index, c.accuser) in answered:
            continue
        st.post_event("trustee_answer", answer_payload(_answer(st, c)))
        print(f"answered trustee {c.accuser}'s complaint (its share is now public)")
    print(f"trustee {st.index}: checked {len(commitments)} commitments")


def _signed_by(st: State, payload: JsonObject) -> bool:
    """Whether a complaint is signed by the trustee it names (others are not answered)."""
    index = payload.get("trustee")
    if not isinstance(index, int) or not 1 <= index <= len(st.manifest.trustees):
        return False
    try:
        key = st.manifest.trustee_key(index)
        verify_trustee_payload(key, st.manifest.hash_hex, "trustee_complaint", payload)
    except SuffrageError:
        print(f"ignored a complaint in trustee {index}'s name that she did not sign")
        return False
    return True


def _answer(st: State, c: Complaint) -> ComplaintResponse:
    return ComplaintResponse(st.index, c.accuser, st.dealt(c.accuser))


def _secret_share(st: State, joint: JsonObject) -> Scalar:
    qualified = joint["qualified"]
    if not isinstance(qualified, list) or st.index not in qualified:
        fail(f"trustee {st.index} is not qualified")
    total = Scalar.zero()
    for dealer in qualified:
        value = st.received.get(str(dealer))
        if value is None:
            fail(f"no share from qualified dealer {dealer}; run 'suffrage trustee check'")
        total = total + Scalar.from_hex(value)
    shares = joint["public_shares"]
    assert isinstance(shares, list)
    mine = next(s for s in shares if isinstance(s, dict) and s["trustee"] == st.index)
    assert isinstance(mine, dict) and isinstance(mine["public_share"], str)
    if Element.base_times(total) != Element.from_hex(mine["public_share"]):
        fail("the secret share does not match the public share on the board")
    return total


def _verified_board(st: State, update: Update | None = None) -> BoardView:
    """The board so far, after the independent verifier re-checked it (a valid snapshot).

    A trustee decrypts only a tally that is the sum of the board's counted ballots (the
    tally check then ran and passed), and signs only heads of a board that verifies.
    ``update`` shows the verification's progress (ballots checked).
    """
    files = st.api.record()
    view = BoardView.from_record(files)
    ballots = sum(1 for e in view.events if e.type in ("ballot", "audit"))
    tick = None if update is None else (lambda n: update("verify the record", n, ballots))
    report = verify_record(MemorySource(files), progress=tick)
    # A snapshot's later steps are "not reached"; anything failed or skipped stops her.
    ok = (CheckStatus.PASSED, CheckStatus.NOT_REACHED)
    bad = [c for c in report.checks if c.status not in ok]
    if bad:
        fail("the record does not verify: " + "; ".join(f"{c.id} {c.status.value}" for c in bad))
    if parse_manifest(json.loads(files["manifest.json"])).hash_hex != st.manifest.hash_hex:
        fail("the record is of another election")
    try:
        check_heads(view, st.memory)
    except ForkedBoard as exc:
        fail(str(exc))
    return view


def _attest(st: State, view: BoardView, which: str) -> None:
    """Sign the board's ``open`` or ``close`` head once; remember it before posting."""
    head = view.head_of(which)
    if head is None:
        return
    if which in st.memory:
        return  # check_heads has confirmed the board holds the head she signed
    st.memory[which] = head
    st.save()
    mine = [e for e in view.payloads("attestation") if e.payload.get("trustee") == st.index]
    if any(e.payload.get("phase") == which for e in mine):
        return
    st.post_event("attestation", {"trustee": st.index, "phase": which, "head": head})
    print(f"signed the {which} head {head[:16]} (compare it with the other trustees)")


@trustee_app.command("attest")
def attest(state: StateOpt) -> None:
    """Sign the hash of the board's open event (and of its close event once closed).

    Run it right after the election opens: decryption later refuses any board that does
    not extend the head signed now. Compare the printed head with the other trustees.
    """
    st = State(state)
    view = _verified_board(st)
    if view.head_of("open") is None:
        fail("the election is not open yet")
    _attest(st, view, "open")
    _attest(st, view, "close")
    print(f"trustee {st.index}: heads signed {sorted(st.memory)}")


def _after_close(st: State, update: Update) -> BoardView:
    """The verified board once closed and tallied, with the close head signed."""
    view = _verified_board(st, update)
    if view.head_of("tally") is None:
        fail("the election has no tally yet (it is not closed)")
    if "open" not in st.memory:
        fail("this trustee never signed the open head: run 'suffrage trustee attest' at open")
    _attest(st, view, "close")
    return view


@trustee_app.command("mix")
def mix(state: StateOpt) -> None:
    """After close: verify the record, then shuffle each ranked contest and post the proof.

    Each ranked contest is mixed by at least t trustees in turn (docs/protocol.md 7.16):
    this trustee re-encrypts and permutes the contest's current rows (read from the
    verified record, not from the server), proves the shuffle and posts her signed mix.
    Mixing needs no key share. Refused unless the board extends the open head she signed.
    """
    st = State(state)
    with progress_bar() as update:
        view = _after_close(st, update)
        lines = mix_all(st, view, update)
    for line in lines or ["the election has no ranked contest: nothing to mix"]:
        print(line)


@trustee_app.command("decrypt")
def decrypt(state: StateOpt) -> None:
    """After close: verify the record, then post this trustee's decryption shares with proofs.

    Refused unless the board extends the open head this trustee signed, and unless its
    tally is the one tally of this election she decrypts (remembered in the state file).
    Ranked contests: once t trustees have mixed one, her shares of its last mix too (run
    it again after the mixes if they come later); one last mix per contest, remembered.
    """
    st = State(state)
    with progress_bar() as update:
        view = _after_close(st, update)
        tally_event = view.payloads("tally")[0]
        st.memory["tally"] = tally_event.hash.hex()
        joint = view.payloads("joint_key")[0].payload
        secret = _secret_share(st, joint)
        st.data["secret_share"] = secret.hex()
        st.save()
        posted = {e.payload["trustee"] for e in view.payloads("decryption_share")}
        if st.index in posted:
            print(f"trustee {st.index}'s decryption shares are already on the board")
        else:
            tally = parse_tally(tally_event.payload, st.manifest)
            payload = decryption_share_payload(st.manifest, st.index, secret, tally, os.urandom)
            st.api.post("/decryption-shares", st.signed("decryption_share", payload))
            print(f"the record verifies; posted trustee {st.index}'s decryption shares")
        lines = decrypt_mixes(st, view, secret, update)
    for line in lines:
        print(line)
