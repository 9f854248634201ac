"""Real command output for the guides: ``<!-- run …: persona … -->`` markers.

A page writes a marker where it wants a console session::

    <!-- run cwd=tour exit=1: persona check launch.md --as legal -->

At build time the command runs in ``bash`` inside a scratch copy of
``docs/examples`` (``cwd`` is a folder of it), where ``persona``, ``python`` and
``python3`` are shell functions that run :data:`sys.executable`, the interpreter
the package being documented is installed in: nothing is written to ``PATH``, so a
virtualenv is never lost and no executable file is created while the docs build. The
marker becomes a ``console`` block with the command and everything it printed
(stdout and stderr, in order). If the exit code is not the expected one
(``exit``, default 0), the build logs a warning, so ``mkdocs build --strict``
fails: a page cannot show output the tool no longer produces. Options:
``cwd=DIR``, ``exit=N``, ``head=N`` (keep the first N lines), ``hide=1`` (run
it, show nothing: set-up steps).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

MARKER = re.compile(r"<!--\s*run((?:\s+[a-z]+=[^\s:]+)*)\s*:\s*(.+?)\s*-->", re.DOTALL)
TIMEOUT_SECONDS = 120
SCRUBBED_ENV = (
    "PERSONA_PATH",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_MODEL",
    "NO_COLOR",
    "FORCE_COLOR",
)


@dataclass(frozen=True)
class Command:
    text: str
    cwd: str = "."
    exit: int = 0
    head: int | None = None
    hide: bool = False


@dataclass(frozen=True)
class Outcome:
    command: Command
    output: str
    exit: int

    @property
    def ok(self) -> bool:
        return self.exit == self.command.exit


def parse(markdown: str) -> list[Command]:
    """The commands of a page's markers, in order."""
    out = []
    for match in MARKER.finditer(markdown):
        opts = dict(pair.split("=", 1) for pair in match.group(1).split())
        out.append(
            Command(
                text=match.group(2),
                cwd=opts.get("cwd", "."),
                exit=int(opts.get("exit", "0")),
                head=int(opts["head"]) if "head" in opts else None,
                hide=opts.get("hide") == "1",
            )
        )
    return out


def run_page(commands: list[Command], examples: Path) -> list[Outcome]:
    """Run one page's commands in order, in a scratch copy of the examples folder."""
    with tempfile.TemporaryDirectory(prefix="persona-docs-") as scratch:
        root = Path(scratch)
        work = root / "work"
        shutil.copytree(examples, work)
        env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
        env.update(
            COLUMNS="100",
            TERM="dumb",
            NO_COLOR="1",
            PYTHONUNBUFFERED="1",
            PYTHONIOENCODING="utf-8",
            HOME=str(root),
        )
        return [_run(command, work, env) for command in commands]


def _prelude() -> str:
    """Shell functions that stand for the documented package and its interpreter."""
    python = shlex.quote(sys.executable)
    return (
        f"persona() {{ {python} -m persona \"$@\"; }}\n"
        f"python() {{ {python} \"$@\"; }}\n"
        f"python3() {{ {python} \"$@\"; }}\n"
        "export -f persona python python3\n"
    )


def _run(command: Command, work: Path, env: dict[str, str]) -> Outcome:
    cwd = (work / command.cwd).resolve()
    try:
        done = subprocess.run(
            ["bash", "-c", _prelude() + command.text],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Outcome(command, f"(timed out after {TIMEOUT_SECONDS} s)", -1)
    output = done.stdout.decode("utf-8", errors="replace")
    for path in (str(cwd), str(work), str(work.parent)):
        output = output.replace(path + os.sep, "").replace(path, ".")
    return Outcome(command, output.rstrip(), done.returncode)


def render(outcome: Outcome) -> str:
    if outcome.command.hide:
        return ""
    lines = outcome.output.splitlines()
    head = outcome.command.head
    if head is not None and len(lines) > head:
        lines = [*lines[:head], f"… ({len(lines) - head} more lines)"]
    shown = outcome.command.text.replace("\n", "\n> ")
    block = "\n".join([f"$ {shown}", *lines])
    fence = "````" if "```" in block else "```"
    note = f"\n\n<small>exit code {outcome.exit}</small>" if outcome.exit else ""
    return f"{fence}console\n{block}\n{fence}{note}"


def substitute(markdown: str, outcomes: list[Outcome]) -> str:
    """Replace the page's markers with their rendered outcomes (same order as :func:`parse`)."""
    pending = iter(outcomes)
    return MARKER.sub(lambda _m: render(next(pending)), markdown)
