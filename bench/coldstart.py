#!/usr/bin/env python3
"""Cold start: checking one post as a whole process, against proselint on the same post.

Runs ``persona check - --as legal < post.txt`` and ``proselint check post.txt``
(and ``python3 -c pass``, the floor every Python tool pays) with hyperfine when
it is installed (``apt-get install hyperfine``), else by repeating them here.
Then lists where persona's start-up goes: the modules that take longest to
import while checking (``python -X importtime``).

Usage: python bench/coldstart.py [--runs 30]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import corpus, persona_exe, report, timed, work_dir

THRESHOLD_MS = 2.0  # import-time lines below this are not listed


def _hyperfine(commands: dict[str, str], runs: int, where: Path) -> dict[str, tuple[float, float, float]]:
    """name -> (mean wall s, user s, sys s) from hyperfine."""
    out = where / "hyperfine.json"
    subprocess.run(["hyperfine", "--shell=bash", "--warmup", "3", "--runs", str(runs),
                    "--ignore-failure", "--export-json", str(out), *commands.values()],
                   cwd=where, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    data = json.loads(out.read_text())["results"]
    return {name: (r["mean"], r["user"], r["system"]) for name, r in zip(commands, data, strict=True)}


def _repeat(commands: dict[str, list[str]], stdin: dict[str, Path | None], runs: int,
            where: Path) -> dict[str, tuple[float, float, float]]:
    found = {}
    for name, cmd in commands.items():
        times = sorted((timed(cmd, cwd=where, stdin=stdin[name]) for _ in range(runs)), key=lambda t: t.wall)
        middle = times[len(times) // 2]
        found[name] = (middle.wall, middle.user, middle.sys)
    return found


def import_profile(exe: str, post: Path, where: Path) -> list[tuple[float, float, str]]:
    """(self ms, cumulative ms, module) of the slowest imports of one `persona check` (top level first)."""
    script = "import sys; from persona.cli import main; sys.argv = ['persona', 'check', '-', '--as', 'legal']; main()"
    with open(post, "rb") as source:
        done = subprocess.run([sys.executable, "-X", "importtime", "-c", script], cwd=where, stdin=source,
                              capture_output=True, text=True)
    rows = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match and int(match.group(2)) / 1000 >= THRESHOLD_MS and len(match.group(3)) <= 3:
            rows.append((int(match.group(1)) / 1000, int(match.group(2)) / 1000, match.group(4)))
    return sorted(rows, key=lambda r: -r[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    where, exe = work_dir(), persona_exe()
    (where / ".proselintrc.json").write_text(json.dumps({"max_errors": 1_000_000_000}))
    first = corpus(1_000, "jsonl", where).read_text(encoding="utf-8").splitlines()[0]
    post = where / "post.txt"
    post.write_text(json.loads(first)["text"] + "\n", encoding="utf-8")
    commands = {
        "persona": [exe, "check", "-", "--as", "legal"],
        "proselint": [shutil.which("proselint") or "proselint", "check", str(post)],
        "python": [sys.executable, "-c", "pass"],
    }
    stdin = {"persona": post, "proselint": None, "python": None}
    shell = {
        "persona": f"persona check - --as legal < {post.name}",
        "proselint": f"proselint check {post.name}",
        "python": "python3 -c pass",
    }
    if shutil.which("hyperfine"):
        how = f"hyperfine --shell=bash --warmup 3 --runs {args.runs} (mean)"
        found = _hyperfine(shell, args.runs, where)
    else:
        how = f"median of {args.runs} runs (hyperfine not installed)"
        found = _repeat(commands, stdin, args.runs, where)
    rows = [[name, f"{w * 1000:.0f}", f"{(u + s) * 1000:.0f}"] for name, (w, u, s) in found.items()]
    ratio = found["persona"][0] / found["proselint"][0]
    report("Cold start", f"One post, whole process, {how}. persona / proselint wall time: {ratio:.2f}×.",
           ["command", "wall ms", "CPU ms"], rows, [f"(cd {where} && {c})" for c in shell.values()])
    imports = import_profile(exe, post, where)
    report("Where persona's start-up goes", "`python -X importtime` while checking one post: imports of "
           f"{THRESHOLD_MS:g} ms or more, the top three levels (cumulative includes what they import).",
           ["module", "self ms", "cumulative ms"], [[m, f"{s:.1f}", f"{c:.1f}"] for s, c, m in imports[:25]],
           [f"python -X importtime -c \"import sys; from persona.cli import main; sys.argv = ['persona', "
            f"'check', '-', '--as', 'legal']; main()\" < {post.name}"])


if __name__ == "__main__":
    main()
