#!/usr/bin/env python3
"""persona against proselint 0.16, side by side in one run: cold start, 20k and 100k posts (issue 19).

Every figure is a whole process (:func:`_common.timed`: wall clock, user + system CPU and peak
resident memory from ``wait4``), and the commands of one measurement run in turns — persona,
proselint, persona, proselint… — so that both see the same load: medians, and the median of
the paired ratios.

* **Cold start**: one short post (the corpus's first), ``--runs`` times (default 21):
  ``persona check - --as legal < post.txt`` as it starts (the fast check path), the same with
  ``PERSONA_NO_FAST=1`` (the full Typer command line), ``proselint check post.txt``, and
  ``python -c pass`` (the floor every Python tool pays).
* **Archives**: ``persona check posts-N.jsonl --as legal --format json`` (default ``--jobs``: all
  CPUs) and ``proselint check posts-N.txt`` on the same posts, from a directory holding
  ``.proselintrc.json`` = ``{"max_errors": 1000000000}`` (proselint stops after 1,000 results
  by default); wall time, CPU per post (persona with ``--jobs 1`` too) and peak memory.

Before measuring, persona's modules are compiled to bytecode (``python -m compileall``, as an
installed wheel has them) and its persona snapshot is made: what a user's second run sees.
The corpus comes from the committed generator (tests/corpus/make_posts.py, fixed seed).

Usage: python bench/vs_proselint.py [--runs 21] [--sizes 20000,100000] [--repeat 3]
Needs proselint 0.16 (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, Timing, corpus, persona_exe, report, shown, timed, work_dir

PROSELINTRC = {"max_errors": 1_000_000_000}
#: The issue's targets: persona / proselint wall time.
TARGETS = {"cold start": 1.0, "20,000 posts": 0.25, "100,000 posts": 0.20}


def _paired(commands: dict[str, tuple[list[str], dict[str, str], Path | None]], runs: int,
            where: Path) -> dict[str, list[Timing]]:
    """Each command ``runs`` times, in turns (one run of each, then again)."""
    found: dict[str, list[Timing]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (cmd, env, stdin) in commands.items():
            found[name].append(timed(cmd, cwd=where, stdin=stdin, env=env))
    return found


def _median(runs: Sequence[Timing], what: str) -> float:
    return statistics.median(getattr(run, what) for run in runs)


def _ratio(mine: Sequence[Timing], theirs: Sequence[Timing]) -> float:
    """The median of the paired wall-time ratios (run i of one against run i of the other)."""
    return statistics.median(a.wall / b.wall for a, b in zip(mine, theirs, strict=True))


def _prepare(exe: str, post: Path, where: Path) -> None:
    """Bytecode for persona's modules, and the legal persona's snapshot (a user's second run)."""
    where_is = "import persona, os; print(os.path.dirname(persona.__file__))"
    package = Path(subprocess.run([sys.executable, "-c", where_is], capture_output=True, text=True,
                                  check=True).stdout.strip())
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True, stdout=subprocess.DEVNULL)
    for _ in range(2):
        timed([exe, "check", "-", "--as", "legal"], cwd=where, stdin=post)


def cold_start(exe: str, proselint: str, where: Path, runs: int) -> dict[str, float]:
    first = corpus(1_000, "jsonl", where).read_text(encoding="utf-8").splitlines()[0]
    post = where / "post.txt"
    post.write_text(json.loads(first)["text"] + "\n", encoding="utf-8")
    _prepare(exe, post, where)
    commands = {
        "persona (fast path)": ([exe, "check", "-", "--as", "legal"], {}, post),
        "persona (full CLI, PERSONA_NO_FAST=1)": ([exe, "check", "-", "--as", "legal"], {"PERSONA_NO_FAST": "1"}, post),
        "proselint 0.16": ([proselint, "check", str(post)], {}, None),
        "python -c pass": ([sys.executable, "-c", "pass"], {}, None),
    }
    found = _paired(commands, runs, where)
    lint = found["proselint 0.16"]
    rows = []
    for name, timings in found.items():
        ratio = f"{_ratio(timings, lint):.2f}" if name != "proselint 0.16" else "1"
        rows.append([name, f"{_median(timings, 'wall') * 1000:.0f}", f"{_median(timings, 'cpu') * 1000:.0f}",
                     f"{_median(timings, 'max_rss_kb') / 1024:.0f}", ratio])
    shell = [f"(cd {where} && persona check - --as legal < post.txt)",
             f"(cd {where} && PERSONA_NO_FAST=1 persona check - --as legal < post.txt)",
             f"(cd {where} && proselint check post.txt)", "python -c pass"]
    report("Cold start: one post, persona against proselint",
           f"Median of {runs} whole-process runs each, in turns. Ratio: the median of the paired wall-time ratios "
           "against proselint's run of the same turn.",
           ["command", "wall ms", "CPU ms", "peak MiB", "wall / proselint"], rows, shell)
    return {"cold start": _ratio(found["persona (fast path)"], lint),
            "cold start, full CLI": _ratio(found["persona (full CLI, PERSONA_NO_FAST=1)"], lint)}


def archives(exe: str, proselint: str, where: Path, sizes: list[int], repeat: int) -> dict[str, float]:
    (where / ".proselintrc.json").write_text(json.dumps(PROSELINTRC))
    rows, memory, shell, ratios = [], [], [], {}
    for n in sizes:
        posts, text = corpus(n, "jsonl", where), corpus(n, "text", where)
        check = [exe, "check", str(posts), "--as", "legal", "--format", "json"]
        commands = {
            "persona": (check, {}, None),
            "persona --jobs 1": ([*check, "--jobs", "1"], {}, None),
            "proselint": ([proselint, "check", str(text)], {}, None),
        }
        found = _paired(commands, repeat, where)
        mine, single, lint = found["persona"], found["persona --jobs 1"], found["proselint"]
        results = timed([proselint, "check", str(text)], cwd=where, capture=True).out.count(b"\n")
        if results <= 1_000:
            sys.exit(f"proselint reported only {results} results: is .proselintrc.json in {where}?")
        ratios[f"{n:,} posts"] = _ratio(mine, lint)
        rows.append([f"{n:,}", f"{_median(mine, 'wall'):.2f}", f"{_median(lint, 'wall'):.2f}",
                     f"{ratios[f'{n:,} posts']:.3f}", f"{_median(mine, 'cpu') / n * 1e6:.0f}",
                     f"{_median(single, 'cpu') / n * 1e6:.0f}", f"{_median(lint, 'cpu') / n * 1e6:.0f}",
                     f"{results:,}"])
        memory.append([f"{n:,}", f"{_median(mine, 'max_rss_kb') / 1024:.0f}",
                       f"{_median(single, 'max_rss_kb') / 1024:.0f}", f"{_median(lint, 'max_rss_kb') / 1024:.0f}"])
        shell += [f"(cd {where} && {shown(check, where=where)} > /dev/null)",
                  f"(cd {where} && {shown([*check, '--jobs', '1'], where=where)} > /dev/null)",
                  f"(cd {where} && proselint check {text.name} > /dev/null)"]
    report("Archives: persona against proselint",
           f"Median of {repeat} runs each, in turns; persona with the default --jobs ({os.cpu_count()} CPUs). Ratio: "
           "median of the paired wall-time ratios. CPU per post: user + system CPU of the whole process tree / posts.",
           ["posts", "persona wall s", "proselint wall s", "wall / proselint", "persona µs CPU/post",
            "--jobs 1 µs CPU/post", "proselint µs CPU/post", "proselint results"], rows, shell)
    report("Peak memory (MiB)", "Maximum resident set size of the largest process of the run (wait4), median.",
           ["posts", "persona", "persona --jobs 1", "proselint"], memory, [])
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21, help="cold-start runs of each command")
    parser.add_argument("--sizes", default="20000,100000")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each archive command")
    args = parser.parse_args()
    proselint = shutil.which("proselint", path=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    if not proselint:
        sys.exit("proselint is not installed: pip install -e '.[bench]'")
    where, exe = work_dir("persona-vs-proselint"), persona_exe()
    ratios = cold_start(exe, proselint, where, args.runs)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    ratios.update(archives(exe, proselint, where, sizes, args.repeat))
    rows = [[what, f"{value:.3f}", f"{TARGETS[what]:.2f}" if what in TARGETS else "-",
             ("met" if value <= TARGETS[what] else "not met") if what in TARGETS else ""]
            for what, value in ratios.items()]
    report("Against the targets (issue 19)", "persona wall time / proselint wall time (median of paired ratios).",
           ["measure", "ratio", "target", ""], rows, [f"python {Path(__file__).relative_to(REPO)} --runs {args.runs} "
                                                      f"--sizes {args.sizes} --repeat {args.repeat}"])


if __name__ == "__main__":
    main()
