"""The full ``persona`` command line (Typer): every command, ``--help``, every option.

Each group of commands lives in its own module and registers itself on ``app``
(:mod:`persona.cli.app`, which imports none of them: no import runs back here).
:func:`run` turns every user mistake into one line on stderr and exit code 2.
:func:`persona.cli.main` comes here for everything the fast check path
(:mod:`persona.cli.fast`) does not take.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

import typer

# Command modules register themselves on `app` when imported.
from persona.cli import check as _check  # noqa: F401
from persona.cli import guide as _guide  # noqa: F401
from persona.cli import personas as _personas  # noqa: F401
from persona.cli import rewrite as _rewrite  # noqa: F401
from persona.cli import serve as _serve  # noqa: F401
from persona.cli.app import app
from persona.errors import EXIT_ERROR, UserError


def _click_modules() -> list[ModuleType]:
    """Click's exception modules: typer >= 0.29 vendors click, older typer uses the package."""
    modules: list[ModuleType] = []
    try:
        from typer._click import exceptions as vendored

        modules.append(vendored)
    except ImportError:
        pass
    try:
        from click import exceptions as upstream

        modules.append(upstream)
    except ImportError:
        pass
    return modules


_CLICK = _click_modules()
UsageError = tuple(m.UsageError for m in _CLICK)
ClickException = tuple(m.ClickException for m in _CLICK)
Abort = tuple(getattr(m, "Abort", KeyboardInterrupt) for m in _CLICK)


def run(argv: list[str] | None) -> object:
    """Run the Typer application on ``argv`` (None: ``sys.argv[1:]``); the exit code.

    The caller (:func:`persona.cli.main`) has already wrapped stdout and stderr.
    """
    return _run(typer.main.get_command(app), argv)


def _run(command: Any, argv: list[str] | None) -> object:
    """The command's exit code; every user mistake is one line on stderr and code 2."""
    try:
        code = command.main(args=argv, prog_name="persona", standalone_mode=False)
    except UserError as err:
        for problem in err.problems:
            print(str(problem), file=sys.stderr)
        code = EXIT_ERROR
    except UsageError as err:
        print(f"persona: {_usage_message(err)}", file=sys.stderr)
        code = EXIT_ERROR
    except ClickException as err:
        print(f"persona: {err.format_message()}", file=sys.stderr)
        code = EXIT_ERROR
    except Abort:
        print("persona: aborted", file=sys.stderr)
        code = 130
    except KeyboardInterrupt:
        print("persona: interrupted", file=sys.stderr)
        code = 130
    except BrokenPipeError:
        code = 0
    finally:
        from persona.limits import reset

        reset()  # --max-bytes holds for one command
    return code


def _usage_message(err: Exception) -> str:
    message = err.format_message().replace("\n", " ")  # type: ignore[attr-defined]
    message = message.replace("Value error, ", "")  # pydantic's prefix on a choice typer validated
    ctx = getattr(err, "ctx", None)
    if ctx is not None:
        message += f" (see '{ctx.command_path} --help')"
    return message


# `from persona.cli import app` is the Typer application, as it always was: importing the
# submodule persona.cli.app above made the package's attribute that module.
vars(sys.modules["persona.cli"])["app"] = app
