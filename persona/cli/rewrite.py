"""`persona rewrite`: a message in one persona's voice, or every persona's; or a whole archive.

Thin: parse, read the input (the checker's reader, :mod:`persona.inputs`), call
:mod:`persona.rewrite.service` (archives: :mod:`persona.rewrite.batch`), render, exit. Nothing
heavy is imported before the command runs (``openai`` and ``jinja2`` only on the model path).

Modes:
- one message (TEXT, ``--file F`` or ``-``) for ``--as ID`` or ``--as all`` → text or JSON;
- ``--file posts.jsonl`` (or ``.csv``) → one JSONL line per post × persona, resumable with ``--output``;
- ``--in-place`` → the file itself is rewritten, never lost (:mod:`persona.cli.in_place`: checked
  against what was read, atomically, keeping ``F.bak``, its BOM, front matter and line endings).

The exit code is that of ``persona check`` on what remains: 0 when no rewrite has a finding at or
above ``--fail-on``, 1 when one has, 2 when a rewrite could not be done.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from persona.cli.app import app
from persona.cli.common import MaxBytesOption, PersonasOption, TextOrJson, warn
from persona.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UserError
from persona.model import Persona, text_in

if TYPE_CHECKING:  # persona.rewrite.batch is imported where used: `persona check` never needs it
    from persona.rewrite.batch import Post
    from persona.rewrite.service import Rewriter
    from persona.rewrite.types import Rewrite
    from persona.safe_write import Snapshot

__all__ = ["read_message", "render_text", "rewrite"]

ALL = "all"
BATCH_SUFFIXES = (".jsonl", ".csv")


class BackendName(StrEnum):
    rules = "rules"
    openai = "openai"
    fake = "fake"


class Lang(StrEnum):
    ar = "ar"
    en = "en"


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    suggestion = "suggestion"
    never = "never"


@dataclass
class Message:
    """A message to rewrite, where it came from, and the front matter around it (kept on --in-place)."""

    text: str
    source: str
    path: Path | None = None
    head: str = ""  # front matter, verbatim, when the file has some
    channel: str | None = None
    intent: str | None = None
    persona: str | None = None


@app.command("rewrite")
def rewrite(
    text: Annotated[
        str | None, typer.Argument(metavar="[TEXT]", help="The message; '-' reads stdin.")
    ] = None,
    as_: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="ID|all",
            help="Persona id (several: comma-separated), or 'all' for every persona.",
        ),
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="Read the message from F ('-': stdin); .jsonl: an archive.")
    ] = None,
    channel: Annotated[
        str | None, typer.Option("--channel", help="Where it will be published (x, …).")
    ] = None,
    intent: Annotated[
        str | None, typer.Option("--intent", help="service, strategy, inquiry_reply, …")
    ] = None,
    backend: Annotated[
        BackendName,
        typer.Option("--backend", help="rules (offline), openai (any OpenAI-compatible endpoint), or fake "
                     "(a dry run: a model that answers with the message unchanged)."),
    ] = BackendName.rules,
    model: Annotated[
        str | None, typer.Option("--model", help="Model name for --backend openai (default $PERSONA_MODEL).")
    ] = None,
    format: Annotated[TextOrJson, typer.Option("--format", help="Output format.")] = TextOrJson.text,
    personas: PersonasOption = None,
    in_place: Annotated[
        bool, typer.Option("--in-place", help="Rewrite --file itself (keeps F.bak); one persona only.")
    ] = False,
    repair_on: Annotated[
        Severity,
        typer.Option("--repair-on", help="Ask the model to repair findings at or above this severity."),
    ] = Severity.warning,
    fail_on: Annotated[
        Severity,
        typer.Option("--fail-on", help="Exit 1 when a rewrite still has a finding at least this severe."),
    ] = Severity.error,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="Rules backend: also apply the checker's unsafe fixes.")
    ] = False,
    max_repairs: Annotated[int, typer.Option("--max-repairs", min=0, help="Most repair rounds.")] = 2,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, help="Rewrites in flight at once.")] = 8,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, max=86400.0, help="Seconds for one model request, all of it.")
    ] = 60.0,
    retries: Annotated[int, typer.Option("--retries", min=0, help="Retries on 429, 5xx and timeouts.")] = 2,
    max_failures: Annotated[int, typer.Option(
        "--max-failures", min=1, help="Stop after this many model requests in a row failed.")] = 5,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Do not read or write the rewrite cache.")
    ] = False,
    template: Annotated[
        Path | None, typer.Option("--template", file_okay=False, help="Directory of prompt templates (*.j2).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", help="Write the result to F (archives: resumable JSONL).")
    ] = None,
    temperature: Annotated[
        float, typer.Option("--temperature", min=0.0, max=2.0, help="Model sampling temperature (low: faithful).")
    ] = 0.2,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Model sampling seed, for repeatable answers where supported.")
    ] = None,
    lang: Annotated[
        Lang | None,
        typer.Option("--lang", help="Write the rewrite in this language (a translation); default: the message's.",
                     show_default=False),
    ] = None,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Adapt a message into one persona's voice (--as ID), or every persona's (--as all)."""
    from persona import persona_cache
    from persona.cli.personas import open_store
    from persona.limits import set_draft_limit
    from persona.rewrite.service import RewriteOptions, Rewriter

    set_draft_limit(max_bytes)
    source = _source(text, file)
    batch = source is not None and source.suffix.lower() in BATCH_SUFFIXES
    snapshot = None
    if in_place:
        _check_in_place(source, as_, batch)
        from persona.cli.in_place import read_target

        assert source is not None
        snapshot = read_target(source)  # refused now (symlink, read-only…), before any model call
    message = None if batch else read_message(text, source)
    if snapshot is not None and message is not None:
        from persona.cli.in_place import verify_read

        verify_read(snapshot, message)
    if output is not None:
        from persona.cli.in_place import refuse_output_onto_input

        refuse_output_onto_input(source, output, batch)
    persona_ids = _persona_ids(as_ or (message.persona if message else None))
    store = open_store(personas)
    # read through the persona cache, as `persona check` does: unchanged persona files are not parsed again
    chosen = [persona_cache.load(store, pid) for pid in (store.ids() if persona_ids == [ALL] else persona_ids)]
    rewriter = Rewriter(
        RewriteOptions(
            backend=backend.value,
            model=model,
            repair_on=repair_on.value,
            max_repairs=max_repairs,
            concurrency=concurrency,
            timeout=timeout,
            retries=retries,
            max_failures=max_failures,
            cache=not no_cache,
            templates=template,
            temperature=temperature,
            seed=seed,
            lang=lang.value if lang else None,
            unsafe_fixes=unsafe_fixes,
        )
    )
    rewriter.prepare()
    if batch:
        from persona.rewrite.batch import run_batch

        assert source is not None
        code = run_batch(rewriter, chosen, read_posts(source), channel, intent, output, fail_on.value).code
    else:
        assert message is not None
        code = run_message(rewriter, chosen, message, channel, intent, format, output, in_place, fail_on.value,
                           snapshot=snapshot)
    if rewriter.cache_warning():
        warn(str(rewriter.cache_warning()))
    raise typer.Exit(code)


# -- inputs -----------------------------------------------------------------------------------


def _source(text: str | None, file: Path | None) -> Path | None:
    """The file to read (``Path('-')`` for stdin), or None when the message is TEXT."""
    if text is not None and file is not None:
        raise UserError.one("give the message as TEXT, with --file F or as '-' (stdin), not several of them")
    if text is None and file is None:
        raise UserError.one("nothing to rewrite: give TEXT, --file F, or '-' to read stdin")
    if text == "-":
        return Path("-")
    return file


def _check_in_place(source: Path | None, as_: str | None, batch: bool) -> None:
    if source is None or str(source) == "-":
        raise UserError.one("--in-place needs --file F (it rewrites that file)")
    if batch:
        raise UserError.one("--in-place rewrites one message; for an archive use --output F")
    if as_ == ALL or (as_ and "," in as_):
        raise UserError.one("--in-place needs a single persona (--as ID), not several")


def _persona_ids(as_: str | None) -> list[str]:
    if not as_:
        raise UserError.one("which persona? give --as ID, or --as all for every persona")
    ids = [part.strip() for part in as_.split(",") if part.strip()]
    if ALL in ids and len(ids) > 1:
        raise UserError.one("--as all cannot be combined with other persona ids")
    return ids


def read_message(text: str | None, source: Path | None) -> Message:
    """The message from TEXT, a file or stdin, read as ``persona check`` reads it
    (:mod:`persona.inputs`): ``.txt`` as it is, anything else as Markdown whose front
    matter (``---`` … ``---``) sets the context and is kept apart."""
    if source is None:
        assert text is not None
        message = Message(text, "-")
    else:
        from persona.inputs import iter_drafts

        name = str(source)
        if name != "-" and source.is_dir():
            raise UserError.one("is a directory (give one file, or an archive)", file=name)
        draft = next(iter_drafts([name]))
        head = draft.text[: draft.body_start]
        message = Message(draft.text[draft.body_start:], name, None if name == "-" else source, head,
                          draft.channel, draft.intent, draft.persona)
    if not message.text.strip():
        raise UserError.one("the message is empty", file=message.source if message.source != "-" else None)
    return message


def read_posts(path: Path) -> Iterator[Post]:
    """Every post of a ``.jsonl`` or ``.csv`` archive, one at a time (the checker's reader)."""
    from persona.inputs import iter_drafts
    from persona.rewrite.batch import Post

    return (Post.of(draft) for draft in iter_drafts([str(path)]))


# -- one message --------------------------------------------------------------------------------


def run_message(
    rewriter: Rewriter,
    personas: list[Persona],
    message: Message,
    channel: str | None,
    intent: str | None,
    format: TextOrJson,
    output: Path | None,
    in_place: bool,
    fail_on: str = "error",
    *,
    snapshot: Snapshot | None = None,
) -> int:
    """Rewrite one message for each persona (concurrently), print what worked, name what failed."""
    from persona.rewrite.batch import fails
    from persona.rewrite.service import Job

    channel = channel or message.channel
    intent = intent or message.intent
    jobs = [Job(p, message.text, channel, intent, key=p) for p in personas]
    results: list[tuple[Persona, Rewrite]] = []
    failures: list[str] = []
    for outcome in rewriter.rewrite_many(jobs):
        if outcome.rewrite is not None:
            results.append((outcome.job.persona, outcome.rewrite))
        else:
            failures.append(f"persona {outcome.job.persona.id}: {outcome.error}")
    if results:
        document = _render(results, message, format)
        _emit(document, output)
    if in_place and results and snapshot is not None:
        from persona.cli.in_place import write_in_place

        write_in_place(snapshot, message, results[0][1].text)
    for line in failures:
        print(line, file=sys.stderr)
    if failures:
        return EXIT_ERROR
    return EXIT_FINDINGS if any(fails(rewrite, fail_on) for _, rewrite in results) else EXIT_OK


def _render(results: list[tuple[Persona, Rewrite]], message: Message, format: TextOrJson) -> str:
    if format is TextOrJson.json:
        document = {"version": 1, "results": [rewrite.to_json() for _, rewrite in results]}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    from persona.rewrite.prompts import message_language

    blocks = [render_text(p, r, message_language(message.text, p)) for p, r in results]
    return "\n".join(blocks)


def render_text(persona: Persona, rewrite: Rewrite, lang: str) -> str:
    """One result for people: the persona, the text, what changed, the score and what remains."""
    lines = [f"== {persona.id} — {text_in(persona.name, lang)} ({rewrite.backend}) =="]
    if not rewrite.accepted:
        lines += [
            "no acceptable rewrite: every attempt lost the message's meaning; the original is kept:",
            rewrite.text.rstrip(),
            "",
            f"best rejected attempt ({len(rewrite.attempts)} in all):",
            (rewrite.rejected or "").rstrip(),
            "",
        ]
    else:
        lines += [rewrite.text.rstrip(), ""]
    if rewrite.changes:
        lines.append("changed:")
        for change in rewrite.changes:
            arrow = _change_text(change.from_, change.to)
            lines.append(f"  - {change.rule}: {arrow}")
    elif rewrite.backend == "rules":
        lines.append("changed: nothing")
    if len(rewrite.attempts) > 1 and rewrite.accepted:
        lines.append(f"attempts: {len(rewrite.attempts)} (kept the best that keeps the meaning)")
    counts = rewrite.check.counts() if rewrite.check else {}
    summary = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in counts.items() if n) or "no findings"
    lines.append(f"score {rewrite.score} · {summary}")
    for finding in rewrite.findings:
        where = f"{finding.line}:{finding.column}"
        match = f" “{finding.match}”" if finding.match else ""
        lines.append(f"  {where} {finding.severity} {finding.rule}{match}: {finding.message}")
    return "\n".join(lines) + "\n"


def _change_text(before: str, after: str) -> str:
    if not before:
        return f"added “{after}”"
    return f"“{before}” → “{after}”" if after else f"removed “{before}”"


def _emit(document: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(document)
        return
    from persona.paths import atomic_write_text

    try:
        atomic_write_text(output, document, mode=0o644)
    except OSError as err:
        raise UserError.one(f"cannot write: {err.strerror}", file=str(output)) from None
