"""The election service under load: ballots cast over HTTP by concurrent voters.

For each database (SQLite file, and PostgreSQL when reachable) the benchmark prepares an
open election with ``--ballots`` voters directly through the service, pre-encrypts one
ballot per voter, starts ``suffrage serve`` in a second process on loopback, and casts
the ballots from ``--voters`` concurrent clients (keep-alive HTTP/1.1 connections on one
asyncio loop).
In the same run it measures the floor: checking one ballot in-process
(``protocol.ballot.check_ballot``), the CPU work the server must do per ballot.

Reported per database: ballots per second, latency p50/p99 (ms), errors, and
``floor_ratio`` = measured ballots/s over the single-core check rate. The run is bounded
by ``--ballots`` and ``--timeout`` seconds.

    .venv/bin/python bench/serve.py --json [--ballots 300] [--voters 50] [--timeout 120]
                                    [--check-workers N]   # 0: check in the server process

``--login-flood N`` (SQLite only) measures instead what a flood of anonymous sign-ins
does to voters: the booth page's and a cast's median latency while ``N`` clients, each
from its own loopback address (127.0.1.k), post sign-ins with random usernames and
passwords without pause, against the same figures measured quietly in the same run; and
the server process's resident memory (peak during the flood). The flood is bounded by
``--flood-seconds``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

from suffrage import bootstrap
from suffrage.config import Settings
from suffrage.crypto.group import Element
from suffrage.protocol.ballot import BallotContext, check_ballot, encrypt_ballot
from suffrage.protocol.ceremony.keys import TrusteeKeys, commitment_payload, dkg_parameters
from suffrage.protocol.credentials import credential_from_code
from suffrage.protocol.identity import SigningKey, sign_trustee_payload
from suffrage.protocol.manifest import parse_manifest
from suffrage.service.model import Mail

PG_URL = os.environ.get(
    "SUFFRAGE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
#: The trustees' signing keys (each trustee event must be signed by its trustee).
SIGNING = {i: SigningKey.generate(os.urandom) for i in (1, 2, 3)}
MANIFEST: dict[str, Any] = {
    "protocol": "suffrage/1",
    "id": "bench",
    "title": "Benchmark: 1 of 5",
    "contests": [
        {
            "id": "seat",
            "title": "Seat",
            "kind": "choose",
            "min": 1,
            "max": 1,
            "value_max": 1,
            "options": [{"id": f"c{i}", "title": f"Candidate {i}"} for i in range(5)],
        }
    ],
    "styles": [{"id": "all", "title": "All", "contests": ["seat"]}],
    "trustees": [
        {"index": i, "name": f"Trustee {i}", "public_key": SIGNING[i].public.hex()}
        for i in (1, 2, 3)
    ],
    "threshold": 2,
    "credentials": {"authority": "server"},
}


class Outbox:
    def __init__(self) -> None:
        self.bodies: list[str] = []

    def send(self, mail: Mail) -> None:
        self.bodies.append(mail.body)


def _prepare(settings: Settings, voters: int) -> list[dict[str, Any]]:
    """An open election with ``voters`` invited voters; one encrypted ballot each."""
    bootstrap.db_upgrade(settings)
    outbox = Outbox()
    c = bootstrap.build(settings, mailer=outbox)
    try:
        election = c.elections.create(MANIFEST)
        manifest = parse_manifest(election.manifest)
        params = dkg_parameters(manifest)
        for t in manifest.trustees:
            payload = commitment_payload(TrusteeKeys(params, t.index, os.urandom).commitment())
            signed = sign_trustee_payload(
                SIGNING[t.index], manifest.hash_hex, "trustee_commitment", payload, os.urandom
            )
            c.ceremonies.post_trustee_event(election.id, "trustee_commitment", signed)
        c.ceremonies.fix_joint_key(election.id)
        roll = "voter_id,name,email\n" + "".join(
            f"v{i},Voter {i},v{i}@example.org\n" for i in range(voters)
        )
        c.elections.import_roll(election.id, roll)
        c.elections.invite(election.id)
        c.delivery.drain()
        c.elections.open(election.id)
        key = c.elections.get(election.id).public_key
        assert key is not None
        ctx = BallotContext(manifest, Element.from_hex(key))
        ballots = []
        for k, body in enumerate(outbox.bodies):
            code = body.split("#", 1)[1][:64]
            choice = [1 if j == k % 5 else 0 for j in range(5)]
            made = encrypt_ballot(
                ctx, credential_from_code(code), "all", {"seat": choice}, os.urandom
            )
            ballots.append(made.ballot)
        return ballots
    finally:
        c.engine.dispose()


def _floor(settings: Settings, ballots: list[dict[str, Any]], n: int = 20) -> float:
    """Ballots per second one core checks in-process (no HTTP, no database)."""
    c = bootstrap.build(settings, mailer=Outbox())
    try:
        ctx = c.elections.ballot_context("bench")
    finally:
        c.engine.dispose()
    sample = ballots[:n]
    styles = {str(b["credential"]): "all" for b in sample}
    start = time.perf_counter()
    for b in sample:
        check_ballot(BallotContext(ctx.manifest, ctx.public_key), b, styles)
    return len(sample) / (time.perf_counter() - start)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(url: str, port: int, workers: int | None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SUFFRAGE_DATABASE_URL": url, "SUFFRAGE_SECRET_KEY": "bench"}
    env.pop("SUFFRAGE_CHECK_WORKERS", None)
    if workers is not None:
        env["SUFFRAGE_CHECK_WORKERS"] = str(workers)
    cli = str(Path(sys.executable).with_name("suffrage"))
    proc = subprocess.Popen(
        [cli, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 90  # a loaded machine starts the checking processes slowly
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start")


async def _voter(
    port: int, work: list[bytes], deadline: float, latencies: list[float], errors: list[str]
) -> None:
    """One voter: a keep-alive HTTP/1.1 connection posting pre-serialized ballots in turn.

    The client speaks HTTP directly over asyncio streams so that it costs the shared CPUs
    far less than the server it measures (a thread per voter with a full HTTP client
    library took about as much CPU per request as the server's ballot check).
    """
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = (
        "POST /api/elections/bench/ballots HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    )
    try:
        while work and time.monotonic() < deadline:
            body = work.pop()
            t0 = time.perf_counter()
            writer.write(head.format(port=port, length=len(body)).encode() + body)
            status_headers = await reader.readuntil(b"\r\n\r\n")
            lines = status_headers.decode("latin-1").split("\r\n")
            length = 0
            for line in lines[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            answer = await reader.readexactly(length)
            latencies.append(time.perf_counter() - t0)
            status = int(lines[0].split(" ", 2)[1])
            if status != 201:
                errors.append(f"{status} {answer[:200].decode('utf-8', 'replace')}")
    finally:
        writer.close()


def _cpu_seconds(pid: int) -> dict[int, float]:
    """CPU time (user + system) of a process and of each of its children, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            children = [int(c) for c in f.read().split()]
    except OSError:
        return {}
    out: dict[int, float] = {}
    for p in [pid, *children]:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[p] = (int(fields[11]) + int(fields[12])) / tick
    return out


def _cpu_per_ballot(
    pid: int, before: dict[int, float], after: dict[int, float], ballots: int
) -> dict[str, float] | None:
    """Milliseconds of CPU per cast ballot: the server process and its checking processes."""
    if not before or not after or not ballots:
        return None
    main = after.get(pid, 0.0) - before.get(pid, 0.0)
    children = sum(t - before.get(p, 0.0) for p, t in after.items() if p != pid)
    return {
        "server": round(1000 * main / ballots, 2),
        "checkers": round(1000 * children / ballots, 2),
    }


def _load(port: int, ballots: list[dict[str, Any]], voters: int, timeout: float) -> dict[str, Any]:
    work = [json.dumps(b, separators=(",", ":")).encode() for b in reversed(ballots)]
    latencies: list[float] = []
    errors: list[str] = []

    async def crowd() -> None:
        deadline = time.monotonic() + timeout
        await asyncio.gather(
            *(_voter(port, work, deadline, latencies, errors) for _ in range(voters))
        )

    start = time.perf_counter()
    asyncio.run(crowd())
    wall = time.perf_counter() - start
    cast = len(latencies) - len(errors)
    qs = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [0.0] * 99
    return {
        "ballots": cast,
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
        "concurrent_voters": voters,
        "seconds": round(wall, 3),
        "ballots_per_second": round(cast / wall, 1) if wall else 0.0,
        "latency_p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "latency_p99_ms": round(1000 * qs[98], 1),
        "timed_out": bool(work),
    }


def _postgres_url() -> tuple[str, str] | None:
    schema = "bench_" + uuid.uuid4().hex[:10]
    try:
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        admin.dispose()
    except Exception:
        return None
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}", schema


def _drop(schema: str) -> None:
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def run_one(url: str, args: argparse.Namespace) -> dict[str, Any]:
    settings = Settings(database_url=url)
    ballots = _prepare(settings, args.ballots)
    floor = _floor(settings, ballots)
    port = _free_port()
    server = _serve(url, port, args.check_workers)
    try:
        load_before = os.getloadavg()[0]
        cpu_before = _cpu_seconds(server.pid)
        result = _load(port, ballots, args.voters, args.timeout)
        cpu = _cpu_per_ballot(server.pid, cpu_before, _cpu_seconds(server.pid), result["ballots"])
        result["cpu_ms_per_ballot"] = cpu
        # the machine is shared: what else ran shows in the load average (1 minute)
        result["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    c = bootstrap.build(settings, mailer=Outbox())
    try:
        result["voted_on_board"] = c.elections.turnout("bench").voted
    finally:
        c.engine.dispose()
    result["floor_check_ballots_per_second"] = round(floor, 1)
    result["floor_ratio"] = round(result["ballots_per_second"] / floor, 3)
    result["check_workers"] = bootstrap.check_workers(
        Settings(database_url=url, check_workers=args.check_workers)
    )
    return result


async def _request(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes
) -> tuple[int, bytes]:
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    return int(lines[0].split(" ", 2)[1]), await reader.readexactly(length)


async def _flooder(port: int, k: int, stop: asyncio.Event, statuses: dict[int, int]) -> None:
    """Anonymous sign-ins without pause, from loopback address 127.0.1.k."""
    source = f"127.0.1.{k % 250 + 1}"
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    try:
        while not stop.is_set():
            body = json.dumps({"username": uuid.uuid4().hex[:12], "password": uuid.uuid4().hex})
            raw = (
                f"POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n{body}"
            ).encode()
            status, _ = await _request(reader, writer, raw)
            statuses[status] = statuses.get(status, 0) + 1
    finally:
        writer.close()


async def _booth_latencies(port: int, n: int) -> list[float]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    raw = b"GET /booth/bench HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    out = []
    try:
        for _ in range(n):
            t0 = time.perf_counter()
            status, _ = await _request(reader, writer, raw)
            assert status == 200, status
            out.append(time.perf_counter() - t0)
            await asyncio.sleep(0.05)
    finally:
        writer.close()
    return out


def _rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _flood_process(port: int, flood: int, ready: Any, stop: Any, out: Any) -> None:
    """Run in a process of its own: ``flood`` sign-in clients until ``stop`` is set."""
    statuses: dict[int, int] = {}

    async def run() -> None:
        done = asyncio.Event()
        clients = [asyncio.create_task(_flooder(port, k, done, statuses)) for k in range(flood)]
        while sum(statuses.values()) < flood:  # every client has had an answer
            await asyncio.sleep(0.05)
        ready.set()
        while not stop.is_set():
            await asyncio.sleep(0.1)
        done.set()
        for failure in await asyncio.gather(*clients, return_exceptions=True):
            if failure is not None:
                statuses[-1] = statuses.get(-1, 0) + 1  # a client that failed
                print(f"flood client failed: {failure!r}", file=sys.stderr)

    asyncio.run(run())
    out.put(statuses)


def _voters_and_booth(
    port: int, ballots: list[dict[str, Any]], voters: int, flood: int, seconds: float, pid: int
) -> dict[str, Any]:
    """Casts and booth page loads, with ``flood`` sign-in clients (another process) meanwhile."""
    ctx = multiprocessing.get_context("spawn")
    ready, stop, results = ctx.Event(), ctx.Event(), ctx.Queue()
    flooder = ctx.Process(target=_flood_process, args=(port, flood, ready, stop, results))
    if flood:
        flooder.start()
        if not ready.wait(120):
            raise RuntimeError("the sign-in flood did not start")
        time.sleep(1.0)  # let the flood build up
    rss: list[float] = []

    async def run() -> tuple[list[float], dict[str, Any]]:
        watching = True

        async def watch() -> None:
            while watching:
                rss.append(_rss_mib(pid))
                await asyncio.sleep(0.1)

        watcher = asyncio.create_task(watch())
        booth = asyncio.create_task(_booth_latencies(port, 40))
        cast = await asyncio.to_thread(_load, port, ballots, voters, seconds)
        pages = await booth
        watching = False
        await watcher
        return pages, cast

    try:
        pages, cast = asyncio.run(run())
    finally:
        stop.set()
    statuses = results.get(timeout=60) if flood else {}
    if flood:
        flooder.join(30)
    return {
        "booth_p50_ms": round(1000 * statistics.median(pages), 1),
        "cast_p50_ms": cast["latency_p50_ms"],
        "cast_errors": cast["errors"],
        "ballots": cast["ballots"],
        "rss_peak_mib": round(max(rss), 1) if rss else None,
        "sign_in_statuses": {str(k): v for k, v in sorted(statuses.items())},
    }


def login_flood(args: argparse.Namespace) -> dict[str, Any]:
    """Voters' latency under a sign-in flood against the quiet figures, same run."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/flood.sqlite"
        settings = Settings(database_url=url)
        ballots = _prepare(settings, args.ballots)
        half = len(ballots) // 2
        port = _free_port()
        server = _serve(url, port, args.check_workers)
        try:
            rss_start = _rss_mib(server.pid)
            quiet = _voters_and_booth(port, ballots[:half], 4, 0, args.timeout, server.pid)
            flood = _voters_and_booth(
                port, ballots[half:], 4, args.login_flood, args.flood_seconds, server.pid
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {
        "flooders": args.login_flood,
        "rss_start_mib": round(rss_start, 1),
        "quiet": quiet,
        "flood": flood,
        "booth_ratio": round(flood["booth_p50_ms"] / quiet["booth_p50_ms"], 2),
        "cast_ratio": round(flood["cast_p50_ms"] / quiet["cast_p50_ms"], 2),
        "load_average": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=300)
    parser.add_argument("--voters", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument(
        "--check-workers",
        type=int,
        default=None,
        help="ballot-checking processes of the server (default: its own, one per core)",
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--login-flood", type=int, default=0, help="measure voters under N sign-in clients"
    )
    parser.add_argument("--flood-seconds", type=float, default=60.0)
    args = parser.parse_args()
    if args.login_flood:
        print(json.dumps(login_flood(args), indent=2))
        return
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out["sqlite"] = run_one(f"sqlite:///{tmp}/bench.sqlite", args)
    pg = _postgres_url()
    if pg is None:
        out["postgresql"] = {"skipped": f"unreachable at {PG_URL}"}
    else:
        try:
            out["postgresql"] = run_one(pg[0], args)
        finally:
            _drop(pg[1])
    if args.json:
        print(json.dumps(out, indent=2))
        return
    for db, r in out.items():
        print(db, ", ".join(f"{k}={v}" for k, v in r.items()))


if __name__ == "__main__":
    main()
