"""The ``persona`` command. Commands only parse, call the library, render and exit.

:func:`main` wraps stdout and stderr (:class:`persona.terminal.SafeStream`), then runs
either the fast check path (:mod:`persona.cli.fast`: ``persona check … --as ID`` with
options it understands fully, no Typer, click or pydantic) or the full Typer command
line (:mod:`persona.cli.full`) — for every other command, ``--help``, unknown options,
and anything the fast path is not sure of. Both print the same bytes and exit with the
same code. ``PERSONA_NO_FAST=1`` always takes the full command line.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from persona.cli import startup
from persona.redaction import environment_secrets
from persona.terminal import SafeStream


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns (and exits with) the exit code."""
    stdout, stderr = sys.stdout, sys.stderr
    secrets = environment_secrets()
    sys.stdout, sys.stderr = SafeStream(stdout, secrets), SafeStream(stderr, secrets)
    try:
        code = fast_code = _fast(sys.argv[1:] if argv is None else argv)
        if code is None:
            from persona.cli import full

            code = full.run(argv)
    finally:
        sys.stdout, sys.stderr = stdout, stderr
    code = code if isinstance(code, int) else 0
    if argv is None:
        sys.stdout.flush()
        if fast_code is not None:
            startup.exiting()  # the interpreter's last collections would walk every object
        sys.exit(code)
    startup.resume()
    return code


def _fast(args: list[str]) -> object:
    """The fast check path's exit code, or None when it does not take these arguments."""
    if os.environ.get("PERSONA_NO_FAST") or not args or args[0] != "check":
        return None
    startup.pause()  # no garbage collection until the second draft (persona.cli.startup)
    code = None
    try:
        from persona.cli import fast

        code = fast.run(args[1:])
    finally:
        if code is None:  # the full command line takes over, or the run failed
            startup.resume()
    return code


def __getattr__(name: str) -> Any:
    """``persona.cli.app`` (the Typer application), imported only when asked for."""
    if name == "app":
        from persona.cli.full import app

        return app  # (importing persona.cli.full also binds it here)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
