#!/usr/bin/env python3
"""CPU, not wall time, of two or more checkouts on the same posts, runs interleaved.

On a shared machine wall times swing with the load; the CPU a process spends does much
less, and interleaving the checkouts spreads what remains over all of them. For each
checkout (a directory holding the ``persona`` package, used through ``PYTHONPATH``):

* **check**: CPU seconds of ``check_text`` over N posts of the fixed-seed corpus, in one
  process (the per-post work, without start-up);
* **cold start**: median CPU milliseconds of ``persona check - --as legal < post.txt``;
* **archive** (with ``--archive N``): the whole command on N posts, as
  ``bench/throughput.py`` runs it (every rule: ``--channel x``),
  ``persona check posts-N.jsonl --as legal --channel x --format json`` with the default
  ``--jobs``: its wall time and the CPU of its whole process tree, median of ``--rounds``.

Usage: python bench/cpu_ab.py DIR [DIR ...] [--posts 10000] [--rounds 3] [--cold 25] [--archive 100000]
(``git worktree add`` or ``git archive REV | tar -x -C DIR`` gives a checkout of a revision).

Each checkout's ``persona`` package is byte-compiled first (``compileall``), as ``pip install``
does: with ``PYTHONDONTWRITEBYTECODE`` set, a fresh checkout would otherwise compile its whole
source at every cold start, and the cold start would measure the size of the source.
``--no-compile`` keeps the checkouts as they are.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import corpus, persona_exe, timed, work_dir

CHECK = """
import json, sys, time
from pathlib import Path
import persona
from persona.check.engine import check_text
from persona.loader import PersonaStore
p = PersonaStore.discover([Path(persona.__file__).resolve().parent.parent / "personas"]).get("legal")
posts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
check_text(p, posts[0], channel="x")
start = time.process_time()
for text in posts:
    check_text(p, text, channel="x")
print(time.process_time() - start, persona.__file__)
"""


def _env(checkout: str) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(Path(checkout).resolve()))


def check_cpu(checkout: str, posts: Path) -> float:
    # cwd: not this repository, whose own `persona` would come first on sys.path with `-c`.
    done = subprocess.run([sys.executable, "-c", CHECK, str(posts)], env=_env(checkout), capture_output=True,
                          text=True, check=True, cwd=posts.parent)
    seconds, used = done.stdout.split()
    if not used.startswith(str(Path(checkout).resolve())):
        sys.exit(f"{checkout}: the check imported {used}, not this checkout's persona")
    return float(seconds)


def cold_cpu_ms(checkout: str, post: bytes, where: Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([persona_exe(), "check", "-", "--as", "legal"], input=post, env=_env(checkout),
                   capture_output=True, cwd=where)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000


def archive_run(checkout: str, posts: Path) -> tuple[float, float]:
    """(wall s, CPU s of the process tree) of ``persona check posts.jsonl --as legal --channel x --format json``."""
    run = timed([persona_exe(), "check", str(posts), "--as", "legal", "--channel", "x", "--format", "json"],
                cwd=posts.parent,
                env={"PYTHONPATH": str(Path(checkout).resolve())})
    return run.wall, run.user + run.sys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkouts", nargs="+")
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cold", type=int, default=25)
    parser.add_argument("--archive", type=int, default=0, help="also time the whole command on this many posts")
    parser.add_argument("--no-compile", action="store_true", help="do not byte-compile the checkouts first")
    args = parser.parse_args()
    if not args.no_compile:
        for checkout in args.checkouts:
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(checkout) / "persona")], check=True)
    where = work_dir()
    posts = corpus(args.posts, "jsonl", where)
    post = json.loads(posts.read_text(encoding="utf-8").splitlines()[0])["text"].encode()
    checks: dict[str, list[float]] = {c: [] for c in args.checkouts}
    colds: dict[str, list[float]] = {c: [] for c in args.checkouts}
    for _ in range(args.rounds):
        for checkout in args.checkouts:
            checks[checkout].append(check_cpu(checkout, posts))
    for _ in range(args.cold):
        for checkout in args.checkouts:
            colds[checkout].append(cold_cpu_ms(checkout, post, where))
    print(f"| checkout | check CPU s ({args.posts:,} posts, best of {args.rounds}) | cold start CPU ms (median of "
          f"{args.cold}) |")
    print("|---|---|---|")
    for checkout in args.checkouts:
        print(f"| {checkout} | {min(checks[checkout]):.2f} | {statistics.median(colds[checkout]):.0f} |")
    if args.archive:
        archive = corpus(args.archive, "jsonl", where)
        runs: dict[str, list[tuple[float, float]]] = {c: [] for c in args.checkouts}
        for _ in range(args.rounds):
            for checkout in args.checkouts:
                runs[checkout].append(archive_run(checkout, archive))
        first = args.checkouts[0]
        base = statistics.median(w for w, _ in runs[first]), statistics.median(c for _, c in runs[first])
        print(f"\n| checkout | `persona check posts-{args.archive}.jsonl --as legal --channel x --format json`: "
              f"wall s | CPU s "
              f"| wall / {first} | CPU / {first} |")
        print("|---|---|---|---|---|")
        for checkout in args.checkouts:
            wall = statistics.median(w for w, _ in runs[checkout])
            cpu = statistics.median(c for _, c in runs[checkout])
            print(f"| {checkout} | {wall:.2f} | {cpu:.2f} | {wall / base[0]:.3f} | {cpu / base[1]:.3f} |")


if __name__ == "__main__":
    main()
