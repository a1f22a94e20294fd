"""A whole simulated election: the embedded demo behind ``suffrage demo`` and the vectors.

Trustees run the key ceremony, a credential authority issues credentials, simulated voters
cast (some audit a ballot first, some vote again), one trustee is absent at decryption,
and the result is checked against the voters' plaintext intentions. Pure: randomness comes
from the ``rng`` argument and progress is reported through a callback.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from suffrage.crypto.group import RandomSource
from suffrage.errors import ProtocolError
from suffrage.protocol.audit import audit_form
from suffrage.protocol.ballot import encrypt_ballot, tracking_code
from suffrage.protocol.ceremony.decryption import decryption_share_payload
from suffrage.protocol.ceremony.keys import (
    TrusteeKeys,
    commitment_payload,
    complaint_payload,
    dkg_parameters,
)
from suffrage.protocol.credentials import Credential, credential_from_code, issue_credentials
from suffrage.protocol.election import Election
from suffrage.protocol.encoding import Json, JsonObject
from suffrage.protocol.identity import SigningKey, sign_trustee_payload
from suffrage.protocol.manifest import Manifest, parse_manifest
from suffrage.protocol.mixnet import mix_payload, mix_share_payload
from suffrage.protocol.outcome_rule import OutcomeRule
from suffrage.protocol.registrar import sign_voter_list
from suffrage.protocol.voters import Voter, build_voter_list

__all__ = [
    "DemoOutcome",
    "Progress",
    "complete_manifest",
    "default_manifest",
    "ranked_manifest",
    "run_demo",
    "run_key_ceremony",
    "seeded_rng",
    "trustee_attest",
    "trustee_mix",
    "trustee_post",
]

#: The lot seed of the embedded demo's outcome rules (a published constant: the demo is
#: an example; a real election draws its seed when it is created).
_DEMO_SEED = hashlib.sha256(b"suffrage/1 demo lot").hexdigest()

#: ``progress(stage, done, total)``, called as the simulation advances.
Progress = Callable[[str, int, int], None]


class _SeededRng:
    """SHA-512 in counter mode over a seed; a deterministic :data:`RandomSource`."""

    def __init__(self, seed: bytes) -> None:
        self._seed = b"suffrage/1 demo rng" + seed
        self._counter = 0
        self._buffer = b""

    def __call__(self, n: int) -> bytes:
        while len(self._buffer) < n:
            block = self._seed + self._counter.to_bytes(8, "big")
            self._buffer += hashlib.sha512(block).digest()
            self._counter += 1
        out, self._buffer = self._buffer[:n], self._buffer[n:]
        return out


def seeded_rng(seed: bytes) -> RandomSource:
    """A reproducible byte source: SHA-512 of ``seed || counter`` (for demos and vectors)."""
    return _SeededRng(seed)


def default_manifest(trustees: int = 3, threshold: int = 2) -> JsonObject:
    """The embedded demo: a council seat contest (at most 2 of 5) and a referendum.

    A template: :func:`complete_manifest` adds the trustees' keys, the nonce and the
    credential authority.
    """
    names = ["Ada Lovelace", "Rosa Luxemburg", "Jean Jaurès", "Clara Zetkin", "Emma Goldman"]
    council: list[Json] = [{"id": f"c{k + 1}", "title": name} for k, name in enumerate(names)]
    return {
            "protocol": "suffrage/1",
            "id": "demo-council",
            "title": "Works council election and referendum (demo)",
            "contests": [
                {"id": "council", "title": "Works council: choose at most 2", "kind": "choose",
                 "min": 0, "max": 2, "value_max": 1, "options": council,
                 "outcome": OutcomeRule("block", 2, tie_seed=_DEMO_SEED).to_json()},
                {"id": "referendum", "title": "Adopt the four-day week?", "kind": "choose",
                 "min": 1, "max": 1, "value_max": 1,
                 "options": [{"id": "yes", "title": "Yes"}, {"id": "no", "title": "No"}],
                 "outcome": OutcomeRule("referendum", quorum=Fraction(1, 2), approve="yes",
                                        approval_share=Fraction(1, 2),
                                        tie_seed=_DEMO_SEED).to_json()},
            ],
            "styles": [{"id": "members", "title": "All members",
                        "contests": ["council", "referendum"]}],
            "trustees": [{"index": i, "name": f"Trustee {chr(64 + i)}"}
                         for i in range(1, trustees + 1)],
            "threshold": threshold,
        }  # fmt: skip


def ranked_manifest(trustees: int = 3, threshold: int = 2, seats: int = 3) -> JsonObject:
    """The ranked demo: a secret STV council (rank 6 candidates, Scottish STV) and a
    referendum; a template like :func:`default_manifest`."""
    template = default_manifest(trustees, threshold)
    names = [
        "Ada Lovelace",
        "Rosa Luxemburg",
        "Jean Jaurès",
        "Clara Zetkin",
        "Emma Goldman",
        "Louise Michel",
    ]
    council: list[Json] = [{"id": f"c{k + 1}", "title": name} for k, name in enumerate(names)]
    m = len(council)
    contests = template["contests"]
    assert isinstance(contests, list)
    stv = OutcomeRule("stv-scottish", seats, tie_seed=_DEMO_SEED).to_json()
    ranked: JsonObject = {
        "id": "council", "title": f"Works council: rank the candidates ({seats} seats, STV)",
        "kind": "rank", "min": 1, "max": m * (m + 1) // 2, "value_max": m,
        "options": council, "outcome": stv,
    }  # fmt: skip
    title = "Works council (ranked, STV) and referendum (demo)"
    return {**template, "id": "demo-ranked", "title": title, "contests": [ranked, contests[1]]}


def complete_manifest(
    template: JsonObject,
    trustee_keys: dict[int, SigningKey],
    nonce: bytes,
    registrar: SigningKey | None,
) -> Manifest:
    """``template`` with each trustee's public key, the election nonce and the authority."""
    trustees = template["trustees"]
    assert isinstance(trustees, list)
    keyed: list[Json] = []
    for t in trustees:
        assert isinstance(t, dict) and isinstance(t["index"], int)
        keyed.append({**t, "public_key": trustee_keys[t["index"]].public.hex()})
    credentials: JsonObject = (
        {"authority": "server"}
        if registrar is None
        else {"authority": "registrar", "public_key": registrar.public.hex()}
    )
    return parse_manifest(
        {**template, "trustees": keyed, "nonce": nonce.hex(), "credentials": credentials}
    )


def trustee_post(
    election: Election, key: SigningKey, type_: str, payload: JsonObject, rng: RandomSource
) -> None:
    """Sign ``payload`` with the trustee's key and append it (7.5)."""
    mh = election.manifest.hash_hex
    election.post_trustee(type_, sign_trustee_payload(key, mh, type_, payload, rng))


def trustee_attest(
    election: Election, index: int, key: SigningKey, which: str, rng: RandomSource
) -> None:
    """Trustee ``index`` signs the hash of the board's ``open`` or ``close`` event."""
    event = next(e for e in reversed(election.board.events) if e.type == which)
    payload: JsonObject = {"trustee": index, "phase": which, "head": event.hash.hex()}
    trustee_post(election, key, "attestation", payload, rng)


@dataclass
class DemoOutcome:
    """The finished election and what the simulation knows about it."""

    election: Election
    counts: dict[str, list[int]]
    expected: dict[str, list[int]]
    absent: list[int]
    tracking_codes: dict[str, str] = field(default_factory=dict)  # voter id -> counted code
    audited_codes: list[str] = field(default_factory=list)
    replaced_codes: list[str] = field(default_factory=list)


def _pick(rng: RandomSource, n: int) -> int:
    return int.from_bytes(rng(8), "big") % n


def _choices(manifest: Manifest, style: str, rng: RandomSource) -> dict[str, list[int]]:
    """A random valid choice per contest of ``style``, skewed so that results are not uniform:
    towards the first options in the first, third, ... ballot style, towards the last ones
    in the second, fourth, ... (units of one question then differ, 7.15.5)."""
    out: dict[str, list[int]] = {}
    listed = manifest.style(style).contests
    pick = max if [s.id for s in manifest.styles].index(style) % 2 else min
    for c in manifest.contests:
        if c.id not in listed:
            continue
        if c.kind == "rank":
            out[c.id] = _ranking(len(c.options), rng)
            continue
        values = [0] * len(c.options)
        want = c.min + _pick(rng, c.max - c.min + 1)
        while sum(values) < want:
            j = pick(_pick(rng, len(values)), _pick(rng, len(values)))
            if values[j] < c.value_max:
                values[j] += 1
        out[c.id] = values
    return out


def _ranking(m: int, rng: RandomSource) -> list[int]:
    """Ranks for ``m`` options: a skewed preference order of random length; one ballot in
    16 gives two options rank 1 (not a valid ranking: it is published apart, 7.16.1)."""
    if _pick(rng, 16) == 0:
        return [1, 1] + [0] * (m - 2) if m >= 2 else [0]
    order = sorted(range(m), key=lambda j: _pick(rng, 100) + 12 * j)
    values = [0] * m
    for rank, j in enumerate(order[: 1 + _pick(rng, m)], start=1):
        values[j] = rank
    return values


def trustee_mix(
    election: Election, index: int, key: SigningKey, contest: str, rng: RandomSource
) -> None:
    """Trustee ``index`` mixes the ranked contest's current rows and posts the mix (7.16)."""
    chain = election.mix_chain(contest)
    public = election.joint_key.public_key
    payload = mix_payload(public, election.manifest.hash_hex, chain, index, rng)
    trustee_post(election, key, "mix", payload, rng)


def run_key_ceremony(
    election: Election, signing: dict[int, SigningKey], rng: RandomSource
) -> dict[int, TrusteeKeys]:
    """Every trustee deals, checks and complains, each event signed with her key."""
    manifest = election.manifest
    params = dkg_parameters(manifest)
    trustees = {t.index: TrusteeKeys(params, t.index, rng) for t in manifest.trustees}
    for i, t in trustees.items():
        trustee_post(
            election, signing[i], "trustee_commitment", commitment_payload(t.commitment()), rng
        )
    commitments = {i: t.commitment() for i, t in trustees.items()}
    for j, t in trustees.items():
        shares = [d.share_for(j) for d in trustees.values()]
        for complaint in t.receive(commitments, shares):
            trustee_post(
                election, signing[j], "trustee_complaint", complaint_payload(complaint), rng
            )
    election.post_joint_key()
    return trustees


def run_demo(
    voters: int,
    rng: RandomSource,
    *,
    trustees: int = 3,
    threshold: int = 2,
    weighted: bool = False,
    progress: Progress | None = None,
    manifest: JsonObject | None = None,
) -> DemoOutcome:
    """Run the embedded election (or ``manifest``'s) with ``voters`` simulated voters.

    ``manifest`` is a template (7.4 without keys, nonce or credential authority): the
    simulation makes the trustees' and the registrar's keys and completes it. Voters get
    the manifest's ballot styles in turn (voter ``k`` the style ``k mod styles``).
    """
    if voters < 1:
        raise ProtocolError("the demo needs at least one voter")
    report = progress or (lambda stage, done, total: None)
    template = default_manifest(trustees, threshold) if manifest is None else manifest
    listed = template["trustees"]
    assert isinstance(listed, list) and isinstance(template["threshold"], int)
    trustees, threshold = len(listed), template["threshold"]
    signing = {i: SigningKey.generate(rng) for i in range(1, trustees + 1)}
    registrar = SigningKey.generate(rng)
    final = complete_manifest(template, signing, rng(32), registrar)
    styles = [s.id for s in final.styles]
    election = Election()
    election.setup(final)
    report("keys", 0, trustees)
    keys = run_key_ceremony(election, signing, rng)
    report("keys", trustees, trustees)
    ids = [f"voter-{k + 1:05d}" for k in range(voters)]
    issued = issue_credentials(ids, rng)
    weight = {vid: (3 if weighted and k == 0 else 1) for k, vid in enumerate(ids)}
    style = {vid: styles[k % len(styles)] for k, vid in enumerate(ids)}
    roll = [Voter(issued.public[v], style[v], weight[v]) for v in ids]
    # the registrar signs the public list on her own machine; the board takes only that
    signed = sign_voter_list(registrar.secret, final, build_voter_list(roll, final), rng)
    election.post_voter_list(signed)
    election.open()
    present = list(range(1, trustees + 1))[: max(threshold, trustees - 1)]
    outcome = DemoOutcome(election, {}, {c.id: [0] * len(c.options) for c in final.contests}, [])
    for k, vid in enumerate(ids):
        cred = credential_from_code(issued.codes[vid])
        _vote(election, outcome, vid, k, cred, weight[vid], rng, style[vid])
        report("ballots", k + 1, voters)
    for i in present:  # during the vote: each signs the one open head she will decrypt under
        trustee_attest(election, i, signing[i], "open", rng)
    election.close()
    election.post_tally()
    for i in present:
        trustee_attest(election, i, signing[i], "close", rng)
    outcome.absent = [i for i in range(1, trustees + 1) if i not in present]
    qualified = election.joint_key.qualified
    _mix_and_decrypt(election, keys, signing, present, rng)
    for n, i in enumerate(present):
        secret = keys[i].secret_share(qualified)
        share = decryption_share_payload(final, i, secret, election.tally, rng)
        trustee_post(election, signing[i], "decryption_share", share, rng)
        report("decryption", n + 1, len(present))
    _, outcome.counts = election.publish_result()
    return outcome


def _mix_and_decrypt(
    election: Election,
    keys: dict[int, TrusteeKeys],
    signing: dict[int, SigningKey],
    present: list[int],
    rng: RandomSource,
) -> None:
    """Each present trustee mixes every ranked contest in turn, then each decrypts it."""
    mh = election.manifest.hash_hex
    ranked = [c.id for c in election.manifest.contests if c.kind == "rank"]
    ranked = [cid for cid in ranked if election.mix_chain(cid).inputs]
    for cid in ranked:
        for i in present:
            trustee_mix(election, i, signing[i], cid, rng)
    qualified = election.joint_key.qualified
    for cid in ranked:
        for i in present:
            secret = keys[i].secret_share(qualified)
            payload = mix_share_payload(mh, election.mix_chain(cid), i, secret, rng)
            trustee_post(election, signing[i], "mix_share", payload, rng)


def _vote(
    election: Election,
    outcome: DemoOutcome,
    vid: str,
    k: int,
    cred: Credential,
    weight: int,
    rng: RandomSource,
    style: str,
) -> None:
    """Voter ``k``: every 10th audits first, every 10th votes twice, every 20th abstains."""
    if k % 20 == 19:
        return
    ctx = election.ballot_context
    if k % 10 == 3:
        spoiled = encrypt_ballot(ctx, cred, style, _choices(election.manifest, style, rng), rng)
        reveal: list[Json] = spoiled.reveal
        form = audit_form(spoiled.ballot)  # no credential: the audit links to nobody
        election.audit(form, reveal)
        outcome.audited_codes.append(tracking_code(form))
    if k % 10 == 5:
        first = encrypt_ballot(ctx, cred, style, _choices(election.manifest, style, rng), rng)
        election.cast(first.ballot)
        outcome.replaced_codes.append(first.tracking_code)
    choices = _choices(election.manifest, style, rng)
    final = encrypt_ballot(ctx, cred, style, choices, rng)
    election.cast(final.ballot)
    outcome.tracking_codes[vid] = final.tracking_code
    for cid, values in choices.items():
        for j, v in enumerate(values):
            outcome.expected[cid][j] += weight * v
