"""The fast check path collects no garbage while it starts up, and as usual after (persona/cli/startup.py).

Each case runs in a fresh interpreter: what the collector does is process-wide state.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

#: Runs ``persona`` on the arguments with a spy on check_draft: whether the collector was on for each
#: draft, then whether it is on once main() has returned.
SPY = """
import gc, sys
import persona.check.engine as engine
from persona.cli import main
states = []
check = engine.check_draft
def spy(persona, draft):
    states.append(gc.isenabled())
    return check(persona, draft)
engine.check_draft = spy
code = main(sys.argv[1:])
print(code, states, gc.isenabled(), gc.get_freeze_count() > 0, file=sys.__stderr__)
"""


def _spy(args: list[str], cwd: Path, cache: Path, stdin: bytes = b"") -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PERSONA_NO_FAST", "PERSONA_NO_CACHE")}
    done = subprocess.run([sys.executable, "-c", SPY, *args, "--personas", str(REPO / "personas")], cwd=cwd,
                          input=stdin, capture_output=True, env={**env, "PERSONA_CACHE_DIR": str(cache)}, timeout=300)
    return done.stderr.decode().splitlines()[-1]


def test_the_collector_is_off_for_the_first_draft_only(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text("Hey folks!! We guarantee it.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    assert _spy(["check", "-", "--as", "legal"], tmp_path, cache, b"Hey folks!!\n") == "0 [False] True True"
    assert _spy(["check", "a.txt", "b.txt", "c.txt", "--as", "legal"], tmp_path, cache) == \
        "1 [False, True, True] True True"  # on again, what start-up made frozen
    assert _spy(["check", "-", "--as", "nosuch"], tmp_path, cache, b"Hey\n").startswith("2 [] True "), \
        "the full command line (an unknown id) collects as always"


def test_a_fork_ends_the_start_up() -> None:
    """A worker forked while the check starts up collects, and so does its parent."""
    script = ("import gc, os; from persona.cli import startup; startup.pause(); assert not gc.isenabled(); "
              "pid = os.fork(); os._exit(0 if gc.isenabled() else 3) if pid == 0 else None; "
              "print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), gc.isenabled())")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["0", "True"], done.stderr
