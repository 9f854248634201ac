"""Shared helpers of the benchmark scripts: corpora, timed runs, machine facts, tables.

Every figure is a whole process run through :func:`timed`, which reads the
child's resource usage from ``wait4`` — the numbers ``/usr/bin/time -v``
prints (wall clock, user and system CPU of the process and every child it
waited for, maximum resident set size of the largest of them). Each
measurement is repeated and the best (lowest) run is kept: on a shared
machine noise only ever adds time. CPU time (user + sys) is shown next to
wall time because it is much less sensitive to other load on the machine.
"""

from __future__ import annotations

import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "personas"
#: The deterministic corpus generator (fixed seed: same N, same bytes).
CORPUS_SCRIPT = Path(os.environ.get("PERSONA_CORPUS_SCRIPT", REPO / "tests" / "corpus" / "make_posts.py"))


@dataclass(frozen=True)
class Timing:
    """One finished process: times in seconds, peak memory in KiB."""

    wall: float
    user: float
    sys: float
    max_rss_kb: int
    code: int
    out: bytes = b""

    @property
    def cpu(self) -> float:
        return self.user + self.sys


def work_dir(name: str = "persona-bench") -> Path:
    """A scratch directory kept between runs (corpora are generated once)."""
    path = Path(os.environ.get("PERSONA_BENCH_DIR", Path(tempfile.gettempdir()) / name))
    path.mkdir(parents=True, exist_ok=True)
    return path


def corpus(n: int, kind: str, where: Path) -> Path:
    """``n`` posts as ``jsonl`` (one object a line) or ``text`` (posts separated by blank lines)."""
    suffix = "jsonl" if kind == "jsonl" else "txt"
    out = where / f"posts-{n}.{suffix}"
    if not out.exists():
        if not CORPUS_SCRIPT.exists():
            sys.exit(f"corpus generator not found: {CORPUS_SCRIPT} (set PERSONA_CORPUS_SCRIPT)")
        subprocess.run([sys.executable, str(CORPUS_SCRIPT), str(n), f"--{kind}", str(out)], check=True)
    return out


def timed(cmd: Sequence[str], *, cwd: Path | None = None, stdin: Path | None = None,
          env: dict[str, str] | None = None, capture: bool = False) -> Timing:
    """Run ``cmd`` (stdout to /dev/null unless ``capture``) and measure it as /usr/bin/time does."""
    full_env = {**os.environ, **(env or {})}
    started = time.perf_counter()
    with open(stdin or os.devnull, "rb") as source:
        proc = subprocess.Popen(list(cmd), cwd=cwd, stdin=source, env=full_env,
                                stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        out = b""
        if capture:
            assert proc.stdout is not None
            out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Timing(wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss, proc.returncode, out)


def best(cmd: Sequence[str], repeat: int, **kw: object) -> Timing:
    """Best of ``repeat`` runs: the lowest wall time, the lowest user and system CPU, the highest peak memory."""
    runs = [timed(cmd, **kw) for _ in range(max(1, repeat))]  # type: ignore[arg-type]
    fastest = min(runs, key=lambda t: t.wall)
    return Timing(fastest.wall, min(r.user for r in runs), min(r.sys for r in runs),
                  max(r.max_rss_kb for r in runs), fastest.code, fastest.out)


def persona_exe() -> str:
    """The ``persona`` console script of the interpreter running the benchmarks."""
    found = shutil.which("persona", path=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    if not found:
        sys.exit("`persona` is not installed (pip install -e .)")
    return found


@cache
def one_process(exe: str) -> list[str]:
    """``["--jobs", "1"]`` when this persona has ``--jobs`` (older checkouts always use one process)."""
    done = subprocess.run([exe, "check", "--help"], capture_output=True, text=True)
    return ["--jobs", "1"] if "--jobs" in done.stdout else []


def shown(cmd: Sequence[str], *, stdin: Path | None = None, where: Path | None = None) -> str:
    """The command as one would type it (paths relative to the scratch directory)."""
    words = [str(Path(w).relative_to(where)) if where and w.startswith(str(where)) else w for w in cmd]
    words[0] = Path(words[0]).name
    text = shlex.join(words)
    return text + (f" < {stdin.name}" if stdin else "")


def machine() -> str:
    """One paragraph: CPU, cores, load, Python, versions, commit."""
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "?"
    versions = []
    for package in ("proselint", "pydantic", "typer"):
        try:
            from importlib.metadata import version

            versions.append(f"{package} {version(package)}")
        except Exception:
            continue
    return (f"{cpu}, {os.cpu_count()} CPUs, load average {load}; Python {platform.python_version()}; "
            f"{', '.join(versions)}; persona at {commit}")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table (paste it into docs/benchmarks.md as is)."""
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def report(title: str, note: str, headers: Sequence[str], rows: Sequence[Sequence[object]],
           commands: Sequence[str]) -> None:
    """Print a section: title, machine, table, and the exact commands behind it."""
    print(f"\n## {title}\n\n{note}\n\nMachine: {machine()}\n")
    print(table(headers, rows))
    print("\nCommands:\n")
    for command in commands:
        print(f"    {command}")
    sys.stdout.flush()


def seconds(value: float) -> str:
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def rate(n: int, wall: float) -> str:
    return f"{n / wall:,.0f}"


def count_lines(data: bytes) -> int:
    return data.count(b"\n")


def json_results(data: bytes) -> int:
    return len(json.loads(data)["results"]) if data else 0
