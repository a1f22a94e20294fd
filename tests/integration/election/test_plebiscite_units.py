"""A plebiscite with units through the service: the double majority decides (7.15.4, 7.15.5).

Four votes of seven say yes (a majority of the votes) but only one unit of three carries:
the question is rejected, and the record, the results page and the exports say why. The
printable report's verification is kept per board head.
"""

from __future__ import annotations

import csv
import io
import json

from service_harness import Services, attest, deterministic_rng, voter_codes
from webclient import make_client

from election_actors import Trustees
from suffrage.crypto.group import Element
from suffrage.protocol.ballot import BallotContext, encrypt_ballot
from suffrage.protocol.credentials import credential_from_code
from suffrage.protocol.manifest import parse_manifest
from suffrage.service.presets import ElectionRequest
from suffrage.verify import MemorySource, RecordSource, VerificationReport, verify_record
from trustee_identity import trustee_pairs

EID = "strike"
UNITS = ("North", "South", "East")
# voter, unit (ballot style), yes?: North 3 yes; South 1 yes 1 no (a tie: not carried);
# East 2 no. Overall 4 yes of 7.
VOTES = (
    ("v1", "u1-north", True),
    ("v2", "u1-north", True),
    ("v3", "u1-north", True),
    ("v4", "u2-south", True),
    ("v5", "u2-south", False),
    ("v6", "u3-east", False),
    ("v7", "u3-east", False),
)


def _open(s: Services) -> tuple[Trustees, dict[str, str]]:
    request = ElectionRequest(
        preset="plebiscite", id=EID, title="Call a strike?", trustees=trustee_pairs(), units=UNITS
    )
    election = s.elections.create_from_preset(request)
    trustees = Trustees(parse_manifest(election.manifest), deterministic_rng(b"units"))
    for payload in trustees.commitments():
        s.ceremonies.post_trustee_event(EID, "trustee_commitment", payload)
    trustees.exchange_shares()
    s.ceremonies.fix_joint_key(EID)
    rows = [f"{v},Voter {v},{v}@example.org,{style}" for v, style, _ in VOTES]
    s.elections.import_roll(EID, "voter_id,name,email,style\n" + "\n".join(rows) + "\n")
    s.elections.invite(EID)
    s.elections.open(EID)
    attest(s, trustees, EID, "open", [1, 2, 3])
    return trustees, voter_codes(s, EID)


def _cast(s: Services, codes: dict[str, str], voter: str, style: str, yes: bool) -> None:
    election = s.elections.get(EID)
    assert election.public_key is not None
    ctx = BallotContext(parse_manifest(election.manifest), Element.from_hex(election.public_key))
    choice = {style: [1, 0] if yes else [0, 1]}
    rng = deterministic_rng(voter.encode())
    s.box.cast(
        EID, encrypt_ballot(ctx, credential_from_code(codes[voter]), style, choice, rng).ballot
    )


def _publish(s: Services, trustees: Trustees) -> None:
    s.ceremonies.close(EID)
    tally = s.ceremonies.tally_payload(EID)
    attest(s, trustees, EID, "close", [1, 2])
    for index in (1, 2):
        s.ceremonies.post_decryption_share(EID, trustees.decryption_share(index, tally))
    s.ceremonies.publish(EID)


def test_majority_of_votes_without_a_majority_of_units_is_rejected(services: Services) -> None:
    s = services
    trustees, codes = _open(s)
    manifest = s.elections.get(EID).manifest
    assert [c["id"] for c in manifest["contests"]] == ["u1-north", "u2-south", "u3-east"]
    assert [st["title"] for st in manifest["styles"]] == list(UNITS)
    question = manifest["questions"][0]
    assert question["double_majority"] is True and question["outcome"]["method"] == "referendum"
    for voter, style, yes in VOTES:
        _cast(s, codes, voter, style, yes)
    _publish(s, trustees)

    row = s.ceremonies.result(EID)["questions"][0]
    outcome = row["outcome"]
    assert row["counts"] == [4, 3]
    assert (outcome["decision"], outcome["majority_met"], outcome["quorum_met"]) == (
        "rejected",
        True,
        True,
    )
    assert (outcome["double_majority_met"], outcome["units_carrying"]) == (False, 1)
    assert [u["carries"] for u in outcome["units"]] == [True, False, False]
    assert outcome["sheet"]["notes"] == ["'o1-yes' carries 1 of 3 units, not a majority"]
    report = verify_record(MemorySource(s.elections.record(EID)))
    assert report.valid, [(c.id, c.detail) for c in report.failed]
    check = next(c for c in report.checks if c.id == "result.outcome")
    assert check.detail == "1 of 1 outcomes recomputed"

    client = make_client(s)
    page = client.get(f"/elections/{EID}/results").text
    assert 'data-decision="rejected"' in page
    assert 'data-carrying="1" data-units="3"' in page and "Units carrying: 1 of 3" in page
    assert page.count('data-carries="no"') == 4  # two rows of the units table, two unit cards
    ru = client.get(f"/elections/{EID}/results?lang=ru").text
    assert "Одобрили округа: 1 из 3" in ru and "Двойное большинство" in ru
    rows = list(csv.DictReader(io.StringIO(client.get(f"/elections/{EID}/results.csv").text)))
    main = [r for r in rows if r["contest"] == "main"]
    assert {(r["units_carrying"], r["units"], r["decision"]) for r in main} == {
        ("1", "3", "rejected")
    }
    assert {r["contest"]: r["carries"] for r in rows if r["carries"]} == {
        "u1-north": "yes",
        "u2-south": "no",
        "u3-east": "no",
    }
    exported = json.loads(client.get(f"/elections/{EID}/results.json").text)
    units = exported["questions"][0]["units"]
    assert [(u["title"], u["approving"], u["votes"], u["carries"]) for u in units] == [
        ("North", 3, 3, True),
        ("South", 1, 2, False),
        ("East", 0, 2, False),
    ]


def test_the_report_verifies_once_per_board_head(services: Services) -> None:
    s = services
    trustees, codes = _open(s)
    calls: list[int] = []

    def counting(source: RecordSource) -> VerificationReport:
        calls.append(1)
        return verify_record(source)

    s.elections.reports.verify = counting
    first = s.elections.verified_record(EID)
    assert s.elections.verified_record(EID) is first and len(calls) == 1
    _cast(s, codes, "v1", "u1-north", True)  # a new board event: the kept report is stale
    second = s.elections.verified_record(EID)
    assert len(calls) == 2 and second.head != first.head and second.report.valid
    for voter, style, yes in VOTES[1:]:
        _cast(s, codes, voter, style, yes)
    _publish(s, trustees)
    client = make_client(s)
    before = len(calls)
    pages = [client.get(f"/elections/{EID}/report") for _ in range(3)]
    assert all(p.status_code == 200 for p in pages)
    assert len(calls) == before + 1  # three printable reports, one verification
    head = s.elections.head(EID)
    assert head is not None and f'data-testid="head">{head}<' in pages[-1].text
    assert 'data-testid="verification">' in pages[-1].text
