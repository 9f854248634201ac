"""The style guide under ``/guide/``: built once by the supervisor, rebuilt when persona files change.

The supervising ``persona serve`` process builds the site with
:func:`persona.guide.build_site` into ``ROOT/build-N`` and then names that folder
in ``ROOT/current`` (written atomically). Every worker serves whichever build
``current`` names, so several workers share one build and a failed rebuild
(a broken persona file) leaves the last good site up; its problems are printed.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from persona.errors import UserError

POINTER = "current"
POLL_SECONDS = 0.5
KEEP = 2  # builds kept: the current one and the one before (pages may still be loading)


def current_site(root: Path) -> Path | None:
    """The folder of the build being served, or None before the first build is ready."""
    try:
        name = (root / POINTER).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    site = root / name
    return site if name.startswith("build-") and site.is_dir() else None


class GuidePublisher:
    """Builds the guide into numbered folders under ``root``; ``root/current`` names the last good one."""

    def __init__(self, root: Path, build: Callable[[Path], None], watch: Sequence[Path],
                 say: Callable[[str], None] = partial(print, file=sys.stderr)) -> None:
        self.root, self.build, self.watch, self.say = root, build, list(watch), say
        self.count = 0
        self.kept: list[Path] = []

    def publish(self) -> bool:
        """One build; True when it succeeded and is now served."""
        self.count += 1
        target = self.root / f"build-{self.count}"
        try:
            self.build(target)
        except UserError as err:
            for problem in err.problems:
                self.say(f"persona serve: guide: {problem}")
            shutil.rmtree(target, ignore_errors=True)
            return False
        pending = self.root / f"{POINTER}.{os.getpid()}.tmp"
        pending.write_text(target.name, encoding="utf-8")
        os.replace(pending, self.root / POINTER)
        self.kept.append(target)
        while len(self.kept) > KEEP:
            shutil.rmtree(self.kept.pop(0), ignore_errors=True)
        return True

    def start(self) -> threading.Thread:
        """Build now and again after every change, on a daemon thread."""
        thread = threading.Thread(target=self._run, name="persona-serve-guide", daemon=True)
        thread.start()
        return thread

    def _run(self) -> None:
        from persona.guide.serve import snapshot

        seen = snapshot(self.watch)
        self.publish()
        while True:
            time.sleep(POLL_SECONDS)
            now = snapshot(self.watch)
            if now == seen:
                continue
            time.sleep(POLL_SECONDS)  # let an editor finish writing
            seen = snapshot(self.watch)
            if self.publish():
                self.say("persona serve: guide rebuilt")
