"""`persona check` and `persona rules`: checking drafts against a persona, listing the checks.

The command stays thin: it reads the flags, asks :mod:`persona.inputs`
for drafts and :mod:`persona.check.batch` for results, and hands them to
:mod:`persona.check.report`. Everything heavy is imported inside the commands
so that `persona --help` and the other commands start fast.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from persona.cli.app import app
from persona.cli.common import MaxBytesOption, PersonasOption, TextOrJson, print_json
from persona.cli.fast import named_stdin
from persona.errors import EXIT_FINDINGS, EXIT_OK, UserError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from persona.check.batch import Tally
    from persona.check.types import Result


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


class Lang(StrEnum):
    ar = "ar"
    en = "en"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    suggestion = "suggestion"
    never = "never"


@app.command("check")
def check(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PATHS...|-]",
            help="Drafts: files, directories (every .md, .markdown, .txt below), .jsonl/.csv archives "
            "of posts, or - for standard input (the default when it is not a terminal).",
            show_default=False,
        ),
    ] = None,
    as_: Annotated[
        str | None,
        typer.Option("--as", metavar="ID", help="Persona to check against (default: the draft's own)."),
    ] = None,
    channel: Annotated[
        str | None,
        typer.Option("--channel", metavar="NAME", help="Channel of the drafts (wins over front matter)."),
    ] = None,
    intent: Annotated[
        str | None,
        typer.Option("--intent", metavar="NAME", help="Intent of the drafts (wins over front matter)."),
    ] = None,
    format: Annotated[CheckFormat, typer.Option("--format", help="Output format.")] = CheckFormat.text,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a finding is at least this severe.")
    ] = FailOn.error,
    personas: PersonasOption = None,
    source: Annotated[
        str | None,
        typer.Option("--source", metavar="ORIGINAL",
                     help="The original message the drafts rewrite: also check that they keep its meaning "
                     "(meaning.lost, meaning.added, meaning.language).", show_default=False),
    ] = None,
    lang: Annotated[
        Lang | None,
        typer.Option("--lang", help="The language of the findings' messages (default: each draft's own); with "
                     "--source, also the language the drafts are meant to be in (a translation).",
                     show_default=False),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", metavar="N", min=1,
                     help="Processes for large inputs (more than 5,000 drafts). Default: the number of CPUs; "
                     "1 checks everything in this process.", show_default=False),
    ] = None,
    fix: Annotated[
        bool, typer.Option("--fix", help="Apply the safe fixes in place (archives: into --output), then "
                           "report what remains. Standard input: the fixed text goes to stdout.")
    ] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="With --fix or --diff: the unsafe fixes too (review them).")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print the fixes as a unified diff; write nothing.")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", dir_okay=False,
                                  help="With --fix on an archive (.jsonl/.csv): write the fixed archive here.")
    ] = None,
    sarif_root: Annotated[
        Path | None, typer.Option("--sarif-root", metavar="DIR", file_okay=False, exists=True,
                                  help="With --format sarif or github: file names are relative to DIR (default: the "
                                  "working directory); files outside it are absolute.", show_default=False)
    ] = None,
    stdin_filename: Annotated[
        str | None, typer.Option("--stdin-filename", metavar="NAME",
                                 help="The name standard input is reported under (in every format).",
                                 show_default=False)
    ] = None,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Check drafts against a persona.

    Exit 0: no finding at --fail-on or above; 1: some; 2: could not check.
    With --fix or --diff, the exit code is about what remains after fixing.
    """
    from persona.check.batch import PersonaCache, Progress, Tally, check_all
    from persona.check.parallel import default_jobs
    from persona.cli.personas import open_store
    from persona.inputs import STDIN, is_archive, iter_drafts
    from persona.limits import set_draft_limit
    from persona.loader import check_id

    set_draft_limit(max_bytes)
    paths = list(paths or [])
    if not paths:
        if sys.stdin.isatty():
            ctx.fail("no drafts given: pass PATHS, or - to read standard input")
        paths = [STDIN]
    cache = PersonaCache(open_store(personas))
    if as_ is not None:
        cache.get(check_id(as_))  # an unknown persona fails before any output
    if fix or diff or unsafe_fixes or output is not None:
        from persona.cli.check_fix import FixFlags, run_fix

        if source is not None:
            raise UserError.one("--source checks a rewrite against its original: it does not go with --fix or --diff")
        flags = FixFlags(fix, diff, unsafe_fixes, output, format, fail_on.value, lang.value if lang else None,
                         str(sarif_root) if sarif_root is not None else None, stdin_filename)
        raise typer.Exit(run_fix(paths, cache, flags, persona_id=as_, channel=channel, intent=intent))
    drafts = iter_drafts(paths)
    if stdin_filename is not None:
        drafts = named_stdin(drafts, stdin_filename)
    if source is not None:
        from persona.check.meaning import with_original

        drafts = with_original(drafts, source, lang.value if lang else None)
    elif lang is not None:
        from persona.inputs import with_lang

        drafts = with_lang(drafts, lang.value)
    results = check_all(drafts, cache, persona_id=as_, channel=channel, intent=intent,
                        jobs=default_jobs() if jobs is None else jobs)
    if sys.stderr.isatty() and any(is_archive(path) for path in paths):
        results = Progress(sys.stderr).wrap(results)
    tally = Tally(fail_on=fail_on.value)
    _render(results, format, tally, root=str(sarif_root) if sarif_root is not None else None)
    raise typer.Exit(EXIT_FINDINGS if tally.failed else EXIT_OK)


def _render(results: Iterable[Result], format: CheckFormat, tally: Tally, stream: TextIO | None = None,
            root: str | None = None) -> None:
    """Write the results to ``stream`` (stdout) in ``format``, counting them into ``tally``."""
    from persona.check import report

    out = stream or sys.stdout
    report.write_results(results, format.value, out, tally=tally, color=out is sys.stdout and _use_color(),
                         root=root)


def _use_color() -> bool:
    """ANSI colours only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@app.command("rules")
def rules(
    format: Annotated[TextOrJson, typer.Option("--format", help="Output format.")] = TextOrJson.text,
) -> None:
    """Every check: id, default severity, one-line description."""
    from persona.check.registry import all_rules

    registered = all_rules()
    if format is TextOrJson.json:
        print_json({"version": 1, "rules": [rule.to_json() for rule in registered]})
        return
    rows = [("RULE", "SEVERITY", "DESCRIPTION")] + [(r.id, r.severity, r.description) for r in registered]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    for rule_id, severity, description in rows:
        typer.echo(f"{rule_id.ljust(widths[0])}  {severity.ljust(widths[1])}  {description}".rstrip())

