"""The independent verifier on whole election records: per-ballot cost, memory, total time.

Generates (once, into a cache directory) a complete record of N ballots: a referendum
(yes/no, exactly one) or the demo manifest, three trustees of which two decrypt, about one
voter in a hundred revoting. Ballots are encrypted in worker processes and chained onto the
board directly, so generation costs only the provers. Then, in the same run:

* ``per_ballot``: on a separate record of K ballots (``--sample``), the full verifier's
  time per ballot (reading, canonical checks, hashes, bindings, proofs, signature, tally
  accumulation: ``T(prelude + K ballots) - T(prelude)`` over K) against two raw proof
  times on the same, already decoded, ballots: ``raw_proofs_ms``, the crypto package's
  per-proof ``verify_*`` functions (what a verifier that checks one proof at a time pays),
  and ``raw_batched_ms``, the same proofs' equations queued with the ``batch_*`` functions
  and checked per 512 ballots (protocol 5.9; each contest's homomorphic sum by
  ``hazmat.raw_sum``). ``overhead`` is verifier / batched (target <= 1.3);
  ``batch_speedup`` is per-proof / verifier. All are CPU time of this process.
* ``memory``: peak RSS (VmHWM) of a fresh process verifying snapshots with a growing
  number of ballots from the same electorate (the target is flat in the number of ballots).
* ``total``: wall time to verify the whole N-ballot record, in one process and with
  ``--workers`` processes (``adapters.distributed.process_mapper``: the election is sent
  to each worker once); ballots per second and the speed-up (wall), and the speed-up the
  work allows (``cpu_bound_speedup``: one process's CPU time over the larger of the
  reading process's and the average worker's CPU time), which a loaded machine does not
  move; with ``--dask``, also on a local Dask cluster of ``--workers`` processes (cluster
  start-up included).
* ``tampered``: in the same run, a copy of the record with one byte of one proof changed
  in ballot ``777,777 * N / 1,000,000`` (ballot 777,777 of a million), the board re-chained
  and ``head.json`` rewritten (an operator rewriting the record consistently), verified
  with ``--workers`` processes: it must be rejected, naming that ballot (``named``).
* ``electionguard``: our per-ballot verification time (``per_ballot``) against
  ElectionGuard 1.4.0's, 160 ms for a 1-of-5 ballot (Python 3.10, measured on this machine
  in an earlier run; it is not installed here): compare with ``--profile demo``.

    python bench/election.py --ballots 100000 --json [--cache /tmp/suffrage-bench]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from suffrage.crypto import Ciphertext, Element
from suffrage.crypto.hazmat import element_unchecked, raw_sum
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
from suffrage.protocol.ballot import BallotContext, encrypt_ballot
from suffrage.protocol.ceremony.decryption import decryption_share_payload
from suffrage.protocol.ceremony.keys import TrusteeKeys
from suffrage.protocol.credentials import credential_from_code, issue_credentials
from suffrage.protocol.election import Election
from suffrage.protocol.encoding import (
    LABEL_EVENT,
    LABEL_SIGNATURE,
    PROTOCOL,
    Json,
    JsonObject,
    canonical,
    context,
    hash_bytes,
    hash_object,
)
from suffrage.protocol.identity import SigningKey, sign_trustee_payload
from suffrage.protocol.manifest import Manifest, parse_manifest
from suffrage.protocol.simulation import (
    complete_manifest,
    default_manifest,
    run_key_ceremony,
    seeded_rng,
)
from suffrage.protocol.tally import EncryptedTally
from suffrage.protocol.voters import Voter, build_voter_list

#: ElectionGuard 1.4.0 verifying one 1-of-5 ballot on this machine (Python 3.10), in ms.
EG_MS = 160.0

# ---------------------------------------------------------------- generation


#: The benchmark's trustees' signing keys (fixed, so cached records stay valid).
SIGNING = {i: SigningKey.generate(seeded_rng(b"bench trustee %d" % i)) for i in (1, 2, 3)}


def referendum() -> Manifest:
    return _complete(
        {
            "protocol": PROTOCOL,
            "id": "bench-referendum",
            "title": "Adopt the four-day week?",
            "contests": [
                {"id": "referendum", "title": "Adopt the four-day week?", "kind": "choose",
                 "min": 1, "max": 1, "value_max": 1,
                 "options": [{"id": "yes", "title": "Yes"}, {"id": "no", "title": "No"}]},
            ],
            "styles": [{"id": "all", "title": "All members", "contests": ["referendum"]}],
            "trustees": [{"index": i, "name": f"Trustee {i}"} for i in (1, 2, 3)],
            "threshold": 2,
        }
    )  # fmt: skip


def _complete(template: JsonObject) -> Manifest:
    return complete_manifest(template, SIGNING, b"bench nonce".ljust(32, b"\0"), None)


def _manifest(profile: str) -> tuple[Manifest, str]:
    if profile == "demo":
        return _complete(default_manifest(3, 2)), "members"
    return referendum(), "all"


def _choices(manifest: Manifest, k: int) -> dict[str, list[int]]:
    out = {}
    for c in manifest.contests:
        values = [0] * len(c.options)
        for step in range(c.min + (k % (c.max - c.min + 1))):
            values[(k * 7 + step * 3) % len(values)] = 1
        out[c.id] = values
    return out


_CTX: dict[str, Any] = {}


def _init_worker(ctx: BallotContext, style: str, seed: bytes) -> None:
    _CTX.update(ctx=ctx, style=style, seed=seed)


def _make_ballot(task: tuple[int, str, int]) -> bytes:
    index, code, k = task
    ctx: BallotContext = _CTX["ctx"]
    rng = seeded_rng(_CTX["seed"] + index.to_bytes(8, "big"))
    cred = credential_from_code(code)
    prepared = encrypt_ballot(ctx, cred, _CTX["style"], _choices(ctx.manifest, k), rng)
    return canonical(prepared.ballot)


def _ceremony(election: Election, rng: Any) -> dict[int, TrusteeKeys]:
    return run_key_ceremony(election, SIGNING, rng)


def _signed(manifest: Manifest, type_: str, payload: JsonObject, rng: Any) -> JsonObject:
    index = payload["trustee"]
    assert isinstance(index, int)
    return sign_trustee_payload(SIGNING[index], manifest.hash_hex, type_, payload, rng)


def _attest(writer: _Writer, manifest: Manifest, which: str, head: str, rng: Any) -> None:
    for i in (1, 2):
        payload: JsonObject = {"trustee": i, "phase": which, "head": head}
        writer.append("attestation", _signed(manifest, "attestation", payload, rng))


class _Writer:
    """Chains events onto ``board.jsonl`` (the same rule as the board: prev = last hash)."""

    def __init__(self, path: Path, prelude: bytes, head: str, seq: int) -> None:
        self.fh = path.open("wb")
        self.fh.write(prelude)
        self.head, self.seq = head, seq

    def append(self, type_: str, payload: Json) -> None:
        event = {"payload": payload, "prev": self.head, "seq": self.seq, "type": type_}
        line = canonical(event)
        self.fh.write(line + b"\n")
        self.head = hash_bytes(LABEL_EVENT, line).hex()
        self.seq += 1


def generate(target: Path, ballots: int, profile: str, workers: int) -> dict[str, Any]:
    """Write a complete record of ``ballots`` ballots into ``target``."""
    started = time.perf_counter()
    rng = seeded_rng(b"bench" + profile.encode() + ballots.to_bytes(8, "big"))
    manifest, style = _manifest(profile)
    election = Election()
    election.setup(manifest)
    keys = _ceremony(election, rng)
    voters = max(1, ballots * 100 // 101)
    revoters = ballots - voters
    ids = [f"v{k:07d}" for k in range(voters)]
    issued = issue_credentials(ids, rng)
    roll = [Voter(issued.public[v], style, 1) for v in ids]
    election.post_voter_list(build_voter_list(roll, manifest))
    election.open()
    target.mkdir(parents=True, exist_ok=True)
    board = election.board
    writer = _Writer(target / "board.jsonl", board.lines(), board.head, len(board))
    tasks = [(k, issued.codes[ids[k]], k + 1) for k in range(revoters)]  # replaced later
    tasks += [(revoters + k, issued.codes[ids[k]], k) for k in range(voters)]
    latest: dict[str, tuple[str, list[str]]] = {}
    ctx = election.ballot_context
    with Pool(workers, _init_worker, (ctx, style, b"bench-ballots")) as pool:
        for raw in pool.imap(_make_ballot, tasks, chunksize=32):
            ballot = json.loads(raw)
            cred = ballot["credential"]
            code = hash_bytes("suffrage/1/ballot", raw).hex()
            replaces = latest[cred][0] if cred in latest else None
            writer.append("ballot", {"ballot": ballot, "replaces": replaces})
            cts = [o["ciphertext"] for c in ballot["contests"] for o in c["options"]]
            latest[cred] = (code, cts)
    _finish(writer, election, keys, manifest, latest, ballots, rng)
    files = {"manifest.json": canonical(manifest.to_json()) + b"\n"}
    head = {"events": writer.seq, "head": writer.head, "manifest": manifest.hash_hex,
            "protocol": PROTOCOL}  # fmt: skip
    files["head.json"] = canonical(head) + b"\n"
    for name, data in files.items():
        (target / name).write_bytes(data)
    meta = {"ballots": ballots, "voters": voters, "profile": profile,
            "seconds": time.perf_counter() - started}  # fmt: skip
    (target / "meta.json").write_text(json.dumps(meta))
    return meta


def _finish(
    writer: _Writer,
    election: Election,
    keys: dict[int, TrusteeKeys],
    manifest: Manifest,
    latest: dict[str, tuple[str, list[str]]],
    cast: int,
    rng: Any,
) -> None:
    _attest(writer, manifest, "open", election.board.head, rng)
    writer.append("close", {"audited": 0, "cast": cast, "counted": len(latest)})
    close_head = writer.head
    sums: list[Ciphertext] = []
    for _, cts in latest.values():
        decoded = [Ciphertext.from_bytes(bytes.fromhex(c)) for c in cts]
        sums = decoded if not sums else [a + b for a, b in zip(sums, decoded, strict=True)]
    grouped: dict[str, tuple[Ciphertext, ...]] = {}
    offset = 0
    for c in manifest.contests:
        grouped[c.id] = tuple(sums[offset : offset + len(c.options)])
        offset += len(c.options)
    tally = EncryptedTally(grouped, len(latest), len(latest))
    writer.append("tally", tally.payload())
    _attest(writer, manifest, "close", close_head, rng)
    qualified = election.joint_key.qualified
    present = [1, 2]
    for i in present:
        secret = keys[i].secret_share(qualified)
        share = decryption_share_payload(manifest, i, secret, tally, rng)
        writer.append("decryption_share", _signed(manifest, "decryption_share", share, rng))
    counts = _plain_counts(manifest, len(latest), cast - len(latest))
    writer.append("result", {"contests": counts, "trustees": list(present)})
    writer.fh.close()


def _plain_counts(manifest: Manifest, voters: int, revoters: int) -> list[Json]:
    totals = {c.id: [0] * len(c.options) for c in manifest.contests}
    for k in range(voters):
        for cid, values in _choices(manifest, k).items():
            for j, v in enumerate(values):
                totals[cid][j] += v
    return [{"contest": cid, "counts": list(v)} for cid, v in totals.items()]


#: Names the cached records' proof form: a cache made before the expanded form is not reused.
RECORD_FORM = "expanded"


def ensure(cache: Path, ballots: int, profile: str, workers: int) -> tuple[Path, dict[str, Any]]:
    target = cache / f"{profile}-{ballots}-{RECORD_FORM}"
    meta = target / "meta.json"
    if meta.exists():
        return target, {**json.loads(meta.read_text()), "cached": True}
    return target, {**generate(target, ballots, profile, workers), "cached": False}


def snapshot(record: Path, ballots: int | None, target: Path) -> Path:
    """A snapshot of ``record``: its events up to ``open`` plus the first ``ballots`` ones."""
    if (target / "head.json").exists():
        return target
    target.mkdir(parents=True, exist_ok=True)
    head, events = "", 0
    with (record / "board.jsonl").open("rb") as src, (target / "board.jsonl").open("wb") as dst:
        seen = 0
        for line in src:
            is_ballot = line.find(b'"type":"ballot"', len(line) - 200) >= 0
            if is_ballot:
                if ballots is not None and seen >= ballots:
                    break
                seen += 1
            elif seen and ballots is not None:
                break
            dst.write(line)
            head = hash_bytes(LABEL_EVENT, line.rstrip(b"\n")).hex()
            events += 1
    mh = json.loads((record / "head.json").read_text())["manifest"]
    doc = {"events": events, "head": head, "manifest": mh, "protocol": PROTOCOL}
    (target / "head.json").write_bytes(canonical(doc) + b"\n")
    (target / "manifest.json").write_bytes((record / "manifest.json").read_bytes())
    return target


# ---------------------------------------------------------------- measuring


def measure(path: Path, workers: int, dask: bool = False) -> dict[str, Any]:
    """Verify one record in this (fresh) process; time and peak RSS.

    With ``dask`` the chunks run on a local Dask cluster of ``workers`` processes, whose
    start-up is included in the time.
    """
    from suffrage.adapters.cli.verification import open_record
    from suffrage.adapters.distributed import LOCAL, dask_mapper, process_mapper
    from suffrage.verify import verify_record

    started, cpu = time.perf_counter(), time.process_time()
    if dask:
        with dask_mapper(LOCAL, workers) as on_dask:
            report = verify_record(open_record(path), mapper=on_dask)
    elif workers > 1:
        with process_mapper(workers) as mapper:
            report = verify_record(open_record(path), mapper=mapper)
    else:
        report = verify_record(open_record(path))
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the pool, shut down and reaped
    peak_kb = _peak_rss_kb()
    failed = {c.id: [str(f) for f in c.failures][:5] for c in report.failed}
    cast = report.facts.get("cast", 0)
    return {"seconds": seconds, "ballots_per_s": cast / seconds, "peak_rss_mb": peak_kb / 1024,
            "cpu_s": cpu, "workers_cpu_s": children.ru_utime + children.ru_stime,
            "valid": report.valid, "failed": failed, "ballots": cast}  # fmt: skip


def tampered(record: Path, target: Path, index: int) -> dict[str, Any]:
    """A copy of ``record`` with one proof byte of ballot ``index`` (from 0) changed.

    The first hex digit of the first option's response ``z_0`` (its low byte, so the
    scalar stays canonical) is replaced: the transcript over the proof's commitments still
    holds, so only the commitment equation fails, inside a batch of 512 ballots that the
    verifier must halve down to this one (protocol 5.9). Every later event's ``prev`` and
    ``head.json`` are recomputed, so that the chain holds and the ballot's own checks must
    name it (the trustees' attestations of the original heads fail as well, as they must).
    """
    info = target / "tampered.json"
    if info.exists():
        return dict(json.loads(info.read_text()))
    target.mkdir(parents=True, exist_ok=True)
    head, events, seen, seq = "0" * 64, 0, -1, -1
    with (record / "board.jsonl").open("rb") as src, (target / "board.jsonl").open("wb") as dst:
        for raw in src:
            line = raw.rstrip(b"\n")
            cut = line.rfind(b',"prev":"')
            line = line[: cut + 9] + head.encode() + line[cut + 73 :]
            if line.endswith(b'"type":"ballot"}'):
                seen += 1
                if seen == index:
                    at = line.index(b'"proof":"') + 9 + 64  # z_0, after c_0
                    digit = b"1" if line[at : at + 1] != b"1" else b"2"
                    line = line[:at] + digit + line[at + 1 :]
                    seq = events
            dst.write(line + b"\n")
            head = hash_bytes(LABEL_EVENT, line).hex()
            events += 1
    mh = json.loads((record / "head.json").read_text())["manifest"]
    doc = {"events": events, "head": head, "manifest": mh, "protocol": PROTOCOL}
    (target / "head.json").write_bytes(canonical(doc) + b"\n")
    (target / "manifest.json").write_bytes((record / "manifest.json").read_bytes())
    meta = {"ballot_index": index, "seq": seq}
    info.write_text(json.dumps(meta))
    return meta


def _peak_rss_kb() -> int:
    """This process's peak resident set (VmHWM: unlike ru_maxrss, not inherited over exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _subprocess_measure(path: Path, workers: int = 1, dask: bool = False) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--measure", str(path), "--workers", str(workers)]
    cmd += ["--dask"] if dask else []
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(out)
    return result


def _raw_inputs(path: Path) -> list[tuple[Any, ...]]:
    """Decode the ballots of a record outside any timer: what the raw proof calls take."""
    manifest = parse_manifest(json.loads((path / "manifest.json").read_bytes()))
    key: Element | None = None
    items = []
    for line in (path / "board.jsonl").read_bytes().splitlines():
        event = json.loads(line)
        if event["type"] == "open":
            key = Element.from_hex(event["payload"]["public_key"])
        if event["type"] != "ballot":
            continue
        b = event["payload"]["ballot"]
        unsigned = {k: v for k, v in b.items() if k != "signature"}
        message = hash_object(LABEL_SIGNATURE, unsigned)
        sig = Signature.from_bytes(bytes.fromhex(b["signature"]), expanded=True)
        cred = Element.from_hex(b["credential"])
        contests = []
        for entry in b["contests"]:
            c = manifest.contest(entry["contest"])
            opts = []
            for j, o in enumerate(entry["options"]):
                ct = Ciphertext.from_bytes(bytes.fromhex(o["ciphertext"]))
                ctx = context({"contest": c.id, "credential": b["credential"],
                               "mh": manifest.hash_hex, "option": j, "type": "option"})  # fmt: skip
                proof = bytes.fromhex(o["proof"])
                opts.append((ct, DisjunctiveProof.from_bytes(proof), ctx, c.value_max))
            cctx = context({"contest": c.id, "credential": b["credential"],
                            "mh": manifest.hash_hex, "type": "contest"})  # fmt: skip
            rp = RangeProof.from_bytes(bytes.fromhex(entry["proof"]), c.max - c.min + 1)
            contests.append((opts, c.min, c.max, rp, cctx))
        items.append((cred, message, sig, contests))
    assert key is not None
    return [(key, *item) for item in items]


def _sum(cts: list[Ciphertext]) -> Ciphertext:
    """The contest proof's statement, summed the cheapest way the crypto package offers."""
    alphas = raw_sum(b"".join(ct.alpha.to_bytes() for ct in cts))
    betas = raw_sum(b"".join(ct.beta.to_bytes() for ct in cts))
    return Ciphertext(element_unchecked(alphas), element_unchecked(betas))


def raw_seconds(inputs: list[tuple[Any, ...]]) -> float:
    started = time.process_time()
    for key, cred, message, sig, contests in inputs:
        verify_signature(cred, message, sig)
        for opts, lo, hi, rp, cctx in contests:
            for ct, proof, ctx, _ in opts:
                verify_zero_or_one(key, ct, proof, ctx)
            verify_range(key, _sum([o[0] for o in opts]), lo, hi, rp, cctx)
    return time.process_time() - started


def batched_seconds(inputs: list[tuple[Any, ...]]) -> float:
    """The same proofs' equations queued on one batch per 512 ballots (the verifier's
    chunk) and checked (5.9): the crypto cost of the batched path, no record handling."""
    started = time.process_time()
    for first in range(0, len(inputs), 512):
        batch = EquationBatch()
        for key, cred, message, sig, contests in inputs[first : first + 512]:
            batch.open_group()
            assert batch_signature(batch, cred, message, sig)
            for opts, lo, hi, rp, cctx in contests:
                for ct, proof, ctx, _ in opts:
                    assert batch_zero_or_one(batch, key, ct, proof, ctx)
                total = _sum([o[0] for o in opts])
                assert batch_range(batch, key, total, lo, hi, rp, cctx)
        assert batch.holds()
    return time.process_time() - started


def verify_seconds(path: Path) -> float:
    from suffrage.adapters.cli.verification import open_record
    from suffrage.verify import verify_record

    started = time.process_time()
    report = verify_record(open_record(path))
    seconds = time.process_time() - started
    assert report.valid, [c.id for c in report.failed]
    return seconds


def per_ballot(cache: Path, record: Path, sample: int, repeat: int) -> dict[str, Any]:
    with_ballots = snapshot(record, sample, cache / f"{record.name}-snap-{sample}")
    prelude = snapshot(record, 0, cache / f"{record.name}-snap-0")
    inputs = _raw_inputs(with_ballots)
    full, base, raw, batched = [], [], [], []
    for _ in range(repeat):  # interleaved, so that load changes hit all four alike
        base.append(verify_seconds(prelude))
        full.append(verify_seconds(with_ballots))
        raw.append(raw_seconds(inputs))
        batched.append(batched_seconds(inputs))
    n = len(inputs)
    full_ms = (statistics.median(full) - statistics.median(base)) / n * 1000
    raw_ms = statistics.median(raw) / n * 1000
    batched_ms = statistics.median(batched) / n * 1000
    return {"sample_ballots": n, "repeat": repeat, "verifier_ms": round(full_ms, 3),
            "raw_proofs_ms": round(raw_ms, 3), "raw_batched_ms": round(batched_ms, 3),
            "overhead": round(full_ms / batched_ms, 3),
            "batch_speedup": round(raw_ms / full_ms, 3),
            "prelude_s": round(statistics.median(base), 3)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ballots", type=int, default=2000)
    parser.add_argument("--profile", choices=["referendum", "demo"], default="referendum")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/suffrage-bench"))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sample", type=int, default=300, help="ballots for the per-ballot cost")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--points", default="", help="ballot counts for memory (comma list)")
    parser.add_argument("--skip-total", action="store_true")
    parser.add_argument("--skip-tampered", action="store_true")
    parser.add_argument(
        "--dask", action="store_true", help="also time the whole record on a local Dask cluster"
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.workers, args.dask)))
        return
    record, meta = ensure(args.cache, args.ballots, args.profile, args.workers)
    out: dict[str, Any] = {"record": str(record), "generation": meta}
    # A small electorate for the per-ballot cost, so that the prelude (keys, voter list)
    # is negligible next to the ballots and the difference of two runs is not noise.
    sample, _ = ensure(args.cache, min(args.sample, args.ballots), args.profile, args.workers)
    out["per_ballot"] = per_ballot(args.cache, sample, args.sample, args.repeat)
    points = [int(p) for p in args.points.split(",") if p] or sorted(
        {max(1, args.ballots // 100), max(1, args.ballots // 10)}
    )
    out["memory"] = []
    for p in points:
        snap = snapshot(record, p, args.cache / f"{record.name}-snap-{p}")
        out["memory"].append({"record": "snapshot", **_subprocess_measure(snap)})
    if not args.skip_total:
        whole = _subprocess_measure(record, 1)
        out["memory"].append({"record": "complete", **whole})
        parallel = _subprocess_measure(record, args.workers)
        # On a shared machine the wall ratio moves with the load; the CPU figures say what
        # the work allows: the busiest of the reading process and the average worker.
        critical = max(parallel["cpu_s"], parallel["workers_cpu_s"] / args.workers)
        out["total"] = {"one_process": whole, "workers": args.workers, "with_workers": parallel,
                        "speedup": whole["seconds"] / parallel["seconds"],
                        "cpu_bound_speedup": whole["cpu_s"] / critical}  # fmt: skip
        if args.dask:
            out["total"]["with_dask"] = _subprocess_measure(record, args.workers, dask=True)
    if not args.skip_tampered:
        index = 777_777 * args.ballots // 1_000_000
        bad = args.cache / f"{record.name}-tampered-{index}"
        meta = tampered(record, bad, index)
        result = _subprocess_measure(bad, args.workers)
        named = f"ballot seq {meta['seq']} "
        hits = [item for items in result["failed"].values() for item in items if named in item]
        out["tampered"] = {**meta, **result, "named": bool(hits) and not result["valid"]}
    pb = out["per_ballot"]
    out["electionguard"] = {"their_ms_1_of_5": EG_MS, "our_ms": pb["verifier_ms"],
                            "profile": args.profile,
                            "ratio": EG_MS / pb["verifier_ms"]}  # fmt: skip
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        pb = out["per_ballot"]
        print(f"per ballot: verifier {pb['verifier_ms']} ms, raw proofs {pb['raw_proofs_ms']} ms, "
              f"overhead x{pb['overhead']}")  # fmt: skip
        for m in out["memory"]:
            print(f"{m['ballots']:>8} ballots: peak RSS {m['peak_rss_mb']:.1f} MB, "
                  f"{m['seconds']:.1f} s, valid={m['valid']}")  # fmt: skip
        if "total" in out:
            print(f"total: {out['total']}")
        if "tampered" in out:
            print(f"tampered: {out['tampered']}")


if __name__ == "__main__":
    main()
