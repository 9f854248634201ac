"""The garbage collector while the fast check path starts and exits (issue 19: cold start).

Checking one post is mostly start-up: importing the checker and reading the persona's
snapshot and the built-in matcher make ~35,000 objects that all live until the process
ends. The cyclic collector, run every 700 new objects, walks them ~50 times and frees
almost nothing (~5 ms of a ~100 ms run), and the interpreter's last collections at exit
walk them all again (~13 ms). So :mod:`persona.cli.fast`:

* pauses the collector as it starts (:func:`pause`);
* resumes it when the second draft is asked for, or before the process forks (a pool
  of workers), whichever comes first (:func:`resume`), with what start-up made frozen
  (:func:`gc.freeze`: later collections skip it), so that a run of many drafts collects
  its garbage as usual;
* freezes everything as the process is about to exit (:func:`exiting`): its memory goes
  back to the system with the process, and nothing on this path leaves work for a
  finalizer (the output is flushed, the cache's files are closed where they are written).
"""

from __future__ import annotations

import gc
import os

_paused = False


def pause() -> None:
    """Stop collecting (unless someone else already stopped it) until :func:`resume`."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Collect again, skipping what exists now; nothing when :func:`pause` did not stop it."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def exiting() -> None:
    """The process is about to exit: no collection need walk what it holds."""
    gc.freeze()


if hasattr(os, "register_at_fork"):  # not on Windows (where pools spawn: a new process collects)
    os.register_at_fork(before=resume)
