#!/usr/bin/env python3
"""Load on `persona serve`: many concurrent clients checking realistic drafts, next to the CLI.

It starts ``persona serve --workers W --rate-limit 0`` on a free port (the rate
limit is per client address, and every simulated client here is 127.0.0.1), then
runs C concurrent clients for S seconds. Each client keeps one HTTP/1.1
connection open and posts ``POST /api/v1/check`` bodies one after another, each
a post of the fixed-seed corpus (tests/corpus/make_posts.py: Arabic and English,
MSA and dialect, links, numbers, emoji) for persona ``legal`` on channel ``x``.
The clients are plain asyncio sockets in this one process (an HTTP library's
own CPU cost would be measured as the server's). A request counts as an error
unless it answers 200 with a check document.

Next to it: what the CLI does per draft, both one draft per process
(``persona check --as legal --channel x --format json - < one-draft``) and in a
batch (``persona check posts.jsonl ...``, wall time / posts).

Usage: python bench/serve_load.py [--clients 200] [--seconds 30] [--workers 2] [--posts 2000]

The server and the clients share the machine: on 2 cores the load generator
takes part of the CPU the workers could use.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import SAMPLES, best, corpus, persona_exe, report, work_dir


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def requests_for(posts: list[str], port: int) -> list[bytes]:
    """Every post as a ready-to-send HTTP request."""
    out = []
    for text in posts:
        body = json.dumps({"text": text, "persona": "legal", "channel": "x"}, ensure_ascii=False).encode()
        head = (f"POST /api/v1/check HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        out.append(head + body)
    return out


async def client(port: int, requests: list[bytes], deadline: float, latencies: list[float],
                 errors: list[str], seed: int) -> None:
    rng = random.Random(seed)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < deadline:
            request = requests[rng.randrange(len(requests))]
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = head.split(b" ", 2)[1]
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            body = await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if status != b"200" or not body.startswith(b'{"version":1,"results":[{'):
                errors.append(f"{status.decode()} {body[:120]!r}")
    except (OSError, asyncio.IncompleteReadError) as err:
        errors.append(f"connection: {err!r}")
    finally:
        writer.close()


async def load(port: int, requests: list[bytes], clients: int, seconds: float) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(*(client(port, requests, deadline, latencies, errors, seed) for seed in range(clients)))
    return latencies, errors, time.perf_counter() - started


def wait_ready(port: int, proc: subprocess.Popen[bytes]) -> None:
    import urllib.request

    for _ in range(600):
        if proc.poll() is not None:
            sys.exit(f"persona serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/rules", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    sys.exit("persona serve did not answer")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each CLI measurement (best kept)")
    args = parser.parse_args()

    where = work_dir()
    posts_file = corpus(args.posts, "jsonl", where)
    posts = [json.loads(line)["text"] for line in posts_file.read_text(encoding="utf-8").splitlines() if line]
    exe = persona_exe()
    port = free_port()
    serve = [exe, "serve", "--port", str(port), "--workers", str(args.workers), "--rate-limit", "0",
             "--personas", str(SAMPLES)]
    proc = subprocess.Popen(serve, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(port, proc)
        asyncio.run(load(port, requests_for(posts[:50], port), 20, 2.0))  # warm every worker
        latencies, errors, wall = asyncio.run(load(port, requests_for(posts, port), args.clients, args.seconds))
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    one = where / "one-draft.txt"
    one.write_text(posts[0], encoding="utf-8")
    check = [exe, "check", "--as", "legal", "--channel", "x", "--format", "json", "--personas", str(SAMPLES)]
    single = best([*check, "-"], args.repeat, stdin=one)
    batch = best([*check, "--jobs", "1", str(posts_file)], args.repeat)

    ms = 1000.0
    rows = [
        [f"persona serve, {args.workers} workers, {args.clients} clients, {args.seconds:.0f} s",
         f"{len(latencies) / wall:,.0f}", f"{percentile(latencies, 50) * ms:.1f}",
         f"{percentile(latencies, 95) * ms:.1f}", f"{percentile(latencies, 99) * ms:.1f}",
         f"{len(latencies):,}", len(errors)],
        ["CLI, one draft per process", f"{1 / single.wall:,.1f}", f"{single.wall * ms:.0f}", "", "", 1, 0],
        [f"CLI, {len(posts):,} drafts in one process (--jobs 1)", f"{len(posts) / batch.wall:,.0f}",
         f"{batch.wall / len(posts) * ms:.2f}", "", "", f"{len(posts):,}", 0],
    ]
    report("Serving checks over HTTP",
           "Throughput in drafts a second; latency per request (the CLI rows: per draft, whole process).",
           ["run", "drafts/s", "p50 ms", "p95 ms", "p99 ms", "requests", "errors"], rows,
           [" ".join(Path(w).name if w == exe else w for w in serve),
            f"python bench/serve_load.py --clients {args.clients} --seconds {args.seconds:g} "
            f"--workers {args.workers} --posts {args.posts}"])
    if errors:
        print("\nFirst errors:", *errors[:5], sep="\n  ")
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    (out / "serve_load.json").write_text(json.dumps({
        "clients": args.clients, "seconds": args.seconds, "workers": args.workers, "requests": len(latencies),
        "errors": len(errors), "throughput": len(latencies) / wall,
        "p50_ms": percentile(latencies, 50) * ms, "p95_ms": percentile(latencies, 95) * ms,
        "p99_ms": percentile(latencies, 99) * ms, "mean_ms": statistics.fmean(latencies) * ms,
        "cli_single_ms": single.wall * ms, "cli_batch_ms_per_draft": batch.wall / len(posts) * ms,
        "cpus": os.cpu_count(),
    }, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
