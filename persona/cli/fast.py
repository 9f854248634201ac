"""``persona check DRAFT… --as ID``, started fast: no Typer, click, pydantic or YAML.

Editors and pre-commit hooks run ``persona check`` on one draft at a time, so start-up is
the whole cost. This path parses the arguments by hand and checks against the persona's
snapshot (:mod:`persona.snapshot`), then runs the very functions ``persona check`` runs
(:func:`persona.check.batch.check_all`, :func:`persona.check.report.write_results`): the
output is the same, byte for byte (tests/test_fast_check.py runs both).

It takes only what it understands fully: ``check`` with paths or ``-``, ``--as ID`` and
the options in :data:`VALUE_OPTIONS`, each at most once (``--personas`` repeatable), and
values it can validate exactly as the full command line would. Anything else — another
option, ``--help``, a repeated or odd value, no ``--as``, a persona whose snapshot is
missing and cannot be made, an id defined twice — returns None before anything is
printed, and :func:`persona.cli.main` runs the full command line, which prints what it
always printed.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from persona.cli import startup
from persona.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UserError
from persona.text_fields import PERSONA_ID_PATTERN

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from persona.check.batch import PersonaCache
    from persona.check.types import Draft
    from persona.model import Persona

#: Options taking a value, and the choices each accepts (None: any value).
VALUE_OPTIONS: dict[str, tuple[str, ...] | None] = {
    "--as": None,
    "--channel": None,
    "--intent": None,
    "--format": ("text", "json", "sarif", "github"),
    "--fail-on": ("error", "warning", "suggestion", "never"),
    "--lang": ("ar", "en"),
    "--jobs": None,
    "--stdin-filename": None,
    "--sarif-root": None,
    "--personas": None,
    "--max-bytes": None,
}
_ALIASES = {"-j": "--jobs"}
_REPEATABLE = {"--personas"}
_ID = re.compile(PERSONA_ID_PATTERN)


@dataclass
class CheckArgs:
    """What ``persona check`` was asked, as the fast path understood it."""

    paths: list[str] = field(default_factory=list)
    options: dict[str, list[str]] = field(default_factory=dict)

    def one(self, name: str) -> str | None:
        values = self.options.get(name)
        return values[-1] if values else None


def parse(args: list[str]) -> CheckArgs | None:
    """The arguments after ``check``, or None when any of them is not plainly understood."""
    parsed = CheckArgs()
    tokens = iter(args)
    for token in tokens:
        if token == "--":
            parsed.paths.extend(tokens)
            break
        if token == "-" or not token.startswith("-"):
            parsed.paths.append(token)
            continue
        if token.startswith("--"):
            name, has_value, value = token.partition("=")
        elif token in _ALIASES:  # -j N (not -jN, -j=N: the full parser reads those its own way)
            name, has_value, value = _ALIASES[token], "", ""
        else:
            return None
        if not has_value:
            following = next(tokens, None)
            if following is None:
                return None
            value = following
        if name not in VALUE_OPTIONS or not value or value.startswith("-"):
            return None
        if name in parsed.options and name not in _REPEATABLE:
            return None
        choices = VALUE_OPTIONS[name]
        if choices is not None and value not in choices:
            return None
        parsed.options.setdefault(name, []).append(value)
    return parsed if _plain(parsed) else None


def _plain(parsed: CheckArgs) -> bool:
    """Are the values exactly what the full command line accepts as they are?"""
    persona_id = parsed.one("--as")
    if persona_id is None or not _ID.fullmatch(persona_id):
        return False
    jobs = parsed.one("--jobs")
    if jobs is not None and not (jobs.isascii() and jobs.isdigit() and int(jobs) >= 1):
        return False
    max_bytes = parsed.one("--max-bytes")
    if max_bytes is not None and not _size(max_bytes):
        return False
    folders = parsed.options.get("--personas", [])
    root = parsed.one("--sarif-root")
    if not all(_readable_dir(folder) for folder in [*folders, *([root] if root is not None else [])]):
        return False
    return bool(parsed.paths) or not sys.stdin.isatty()


def _size(value: str) -> bool:
    """Does ``--max-bytes`` take this value (else the full command line says what is wrong)?"""
    from persona.limits import parse_size

    try:
        parse_size(value, "--max-bytes")
    except UserError:
        return False
    return True


def _readable_dir(path: str) -> bool:
    """A directory the full parser takes as it is (click's Path: it exists, is a directory, is readable)."""
    return os.path.isdir(path) and os.access(path, os.R_OK)


def run(args: list[str]) -> int | None:
    """Check as ``persona check`` would and return its exit code; None when the full CLI must."""
    parsed = parse(args)
    if parsed is None:
        return None
    persona = _persona(parsed)
    if persona is None:
        return None
    try:
        from persona.limits import set_draft_limit

        set_draft_limit(parsed.one("--max-bytes"))
        return _check(parsed, persona)
    except UserError as err:
        for problem in err.problems:
            print(str(problem), file=sys.stderr)
        return EXIT_ERROR
    except EOFError:  # as click reports it
        print(file=sys.stderr)
        print("persona: aborted", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        return 130
    except OSError as err:
        if err.errno == errno.EPIPE:  # as click ends on a closed pipe
            sys.exit(1)
        raise
    finally:
        from persona.limits import reset

        reset()


def _persona(parsed: CheckArgs) -> Any:
    """The snapshot of the ``--as`` persona, made now when it is missing; None: the full CLI decides."""
    from persona import snapshot
    from persona.discovery import persona_dirs

    if snapshot.disabled():
        return None
    folders = [Path(p) for p in parsed.options.get("--personas", [])] or None
    try:
        dirs = persona_dirs(folders)
        files, twice = snapshot.persona_files(dirs)
    except (UserError, OSError):
        return None
    persona_id = parsed.one("--as") or ""
    if twice or persona_id not in files:
        return None  # the full CLI warns about the duplicate, or names the unknown id
    return snapshot.load(files, persona_id) or snapshot.build(folders, persona_id)


def named_stdin(drafts: Iterable[Draft], name: str) -> Iterator[Draft]:
    """The drafts, standard input's reported as ``name`` (``--stdin-filename``)."""
    from persona.inputs import STDIN

    for draft in drafts:
        if draft.source == STDIN:
            draft.source = name
        yield draft


class _OnePersona:
    """What :func:`persona.check.batch.check_all` asks personas of: here, always the ``--as`` one.

    It is asked once per draft, in order: the second ask, which comes once the first draft is
    checked (on several processes, before any is), ends the start-up (:mod:`persona.cli.startup`).
    """

    def __init__(self, persona: Persona) -> None:
        self.persona = persona
        self.asked = 0

    def get(self, persona_id: str, source: str | None = None) -> Persona:
        self.asked += 1
        if self.asked == 2:
            startup.resume()
        return self.persona


def _check(parsed: CheckArgs, persona: Any) -> int:
    """``persona check`` (persona/cli/check.py) from ``iter_drafts`` on, without Typer."""
    from persona.check.batch import Progress, Tally, check_all
    from persona.check.parallel import default_jobs
    from persona.check.report import write_results
    from persona.inputs import STDIN, is_archive, iter_drafts, with_lang

    paths = parsed.paths or [STDIN]
    drafts = iter_drafts(paths)
    name = parsed.one("--stdin-filename")
    if name is not None:
        drafts = named_stdin(drafts, name)
    lang = parsed.one("--lang")
    if lang is not None:
        drafts = with_lang(drafts, lang)
    jobs = parsed.one("--jobs")
    results = check_all(drafts, cast("PersonaCache", _OnePersona(persona)), persona_id=parsed.one("--as"),
                        channel=parsed.one("--channel"), intent=parsed.one("--intent"),
                        jobs=default_jobs() if jobs is None else int(jobs))
    if sys.stderr.isatty() and any(is_archive(path) for path in paths):
        results = Progress(sys.stderr).wrap(results)
    tally = Tally(fail_on=parsed.one("--fail-on") or "error")
    root = parsed.one("--sarif-root")
    write_results(results, parsed.one("--format") or "text", sys.stdout, tally=tally,
                  color=sys.stdout.isatty() and not os.environ.get("NO_COLOR"),
                  root=str(Path(root)) if root is not None else None)
    return EXIT_FINDINGS if tally.failed else EXIT_OK
