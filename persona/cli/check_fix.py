"""`persona check --fix | --diff [--unsafe-fixes] [--output FILE]`: parse the flags, fix, render.

The work is :mod:`persona.check.fix_files`; this module decides where things go:

* files and directories: fixed in place, then what remains is reported on stdout
  in ``--format`` (a one-line summary of the fixes on stderr);
* standard input alone: the fixed text on stdout, the report on stderr;
* an archive: fixed post by post into ``--output`` (required), reported on stdout;
* ``--diff``: only a unified diff on stdout (posts of an archive: one diff per post),
  nothing written, a one-line summary on stderr.

The exit code is that of ``check`` on the findings that remain.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from persona.errors import EXIT_FINDINGS, EXIT_OK, UserError

if TYPE_CHECKING:
    from persona.check.batch import PersonaCache
    from persona.check.fixes import FixOutcome
    from persona.check.types import Draft, Result
    from persona.cli.check import CheckFormat


@dataclass(frozen=True, slots=True)
class FixFlags:
    fix: bool
    diff: bool
    unsafe: bool
    output: Path | None
    format: CheckFormat  # rendered as `check` renders it
    fail_on: str
    lang: str | None = None  # --lang: the language of the messages
    root: str | None = None  # --sarif-root: what SARIF URIs and GitHub file names are relative to
    stdin_name: str | None = None  # --stdin-filename: the name standard input is reported under


def run_fix(paths: list[str], cache: PersonaCache, flags: FixFlags, *, persona_id: str | None,
            channel: str | None, intent: str | None) -> int:
    """Fix (or diff) the drafts of ``paths``; the exit code on what remains."""
    from persona.check.fix_files import (
        FixRequest,
        check_writable,
        fix_archive,
        fix_files,
        split_archives,
        unified_diff,
    )
    from persona.inputs import STDIN

    archives, others = split_archives(paths)
    _check_flags(flags, archives, paths)
    request = FixRequest(cache, persona_id, channel, intent, flags.unsafe, flags.lang)
    files = fix_files(others, request)
    if flags.fix:
        check_writable(files)
    results: list[Result] = [f.result for f in files]
    diffs: list[str] = [f.diff() for f in files]
    fixed = sum(f.outcome.applied for f in files)
    changed = sum(f.outcome.changed for f in files)

    def on_post(outcome: FixOutcome, draft: Draft) -> None:
        nonlocal fixed, changed
        results.append(outcome.result)
        fixed, changed = fixed + outcome.applied, changed + outcome.changed
        if flags.diff:
            diffs.append(unified_diff(outcome.original, outcome.text, draft.source))

    for archive in archives:
        fix_archive(archive, flags.output if flags.fix else None, request, on_post)
    if flags.diff:
        _write_printable(sys.stdout, "".join(diffs))
        _summary(f"would fix {_count(fixed, 'finding')} in {_count(changed, 'draft')}; nothing written", results)
        return _exit_code(results, flags.fail_on)
    if paths == [STDIN]:
        sys.stdout.buffer.write(files[0].data())
        sys.stdout.flush()
        return _report(results, flags, sys.stderr)
    else:
        from persona.check.fix_files import write_fixes

        write_fixes(files)
        _summary(f"fixed {_count(fixed, 'finding')} in {_count(changed, 'draft')}", results)
    return _report(results, flags, sys.stdout)


def _check_flags(flags: FixFlags, archives: list[str], paths: list[str]) -> None:
    from persona.inputs import STDIN

    if not (flags.fix or flags.diff):
        raise UserError.one("--unsafe-fixes and --output go with --fix (or --diff)")
    if flags.fix and flags.diff:
        raise UserError.one("--fix writes the fixes and --diff only shows them: give one of the two")
    if flags.output is not None and len(archives) != 1:
        raise UserError.one("--output is where one fixed archive (.jsonl or .csv) goes: give exactly one")
    if flags.fix and archives and flags.output is None:
        raise UserError.one("archives are fixed into another file, never in place: give --output FILE",
                            file=archives[0])
    if flags.fix and STDIN in paths and len(paths) > 1:
        raise UserError.one("with --fix, standard input (-) is fixed on its own: its fixed text goes to stdout")


def _report(results: list[Result], flags: FixFlags, stream: TextIO) -> int:
    """What remains, in ``--format`` (as ``check`` renders it), on ``stream``; the exit code."""
    from persona.check import report
    from persona.check.batch import Tally
    from persona.inputs import STDIN

    tally = Tally(fail_on=flags.fail_on)
    color = stream is sys.stdout and stream.isatty() and not os.environ.get("NO_COLOR")
    for result in results:
        if flags.stdin_name is not None and result.source == STDIN:
            result.source = flags.stdin_name
    report.write_results(results, flags.format.value, stream, tally=tally, color=color, root=flags.root)
    return EXIT_FINDINGS if tally.failed else EXIT_OK


def _exit_code(results: list[Result], fail_on: str) -> int:
    from persona.check.types import at_or_above

    failed = any(at_or_above(f.severity, fail_on) for r in results for f in r.findings)
    return EXIT_FINDINGS if failed else EXIT_OK


def _summary(what: str, results: list[Result]) -> None:
    remaining = sum(len(r.findings) for r in results)
    print(f"persona: {what}; {_count(remaining, 'finding')} {'remains' if remaining == 1 else 'remain'}",
          file=sys.stderr)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _write_printable(stream: TextIO, text: str) -> None:
    """On a terminal, control characters other than tab and line breaks are not sent as they are."""
    if stream.isatty():
        import unicodedata

        text = "".join(ch if ch in "\t\n\r" or unicodedata.category(ch) != "Cc" else "\ufffd" for ch in text)
    stream.write(text)

