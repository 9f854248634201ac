"""Rewriting an archive of posts: one JSONL line per post x persona, streamed, resumable.

The posts come from the checker's inputs (:func:`persona.inputs.read_archive`): the same
reader, the same error messages, one post in memory at a time. With ``output`` the lines are
appended to that file and a second run skips every (post, persona) already there, so an
interrupted run (or one whose model calls failed) is finished by running it again. A torn last
line, left by a killed run, is cut off before appending.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from persona.check.types import at_or_above
from persona.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, Problem, UserError
from persona.terminal import raw_stream

if TYPE_CHECKING:
    from persona.check.types import Draft
    from persona.model import Persona
    from persona.rewrite.service import Job, Outcome, Rewriter
    from persona.rewrite.types import Rewrite


@dataclass(frozen=True, slots=True)
class Post:
    """One post of an archive: its id (the line number when it has none) and its context."""

    id: str | int
    text: str
    channel: str | None
    intent: str | None

    @classmethod
    def of(cls, draft: Draft) -> Post:
        """The post a draft of :func:`~persona.inputs.read_archive` stands for (``FILE#ID``)."""
        raw = draft.source.rsplit("#", 1)[1]
        ident: str | int = raw
        if raw.isascii() and raw.isdigit() and str(int(raw)) == raw:
            ident = int(raw)  # a line number, or a numeric id as JSON wrote it
        return cls(ident, draft.text, draft.channel, draft.intent)


def id_key(post_id: object) -> str:
    """How a post is known when resuming: ``7`` and ``"7"`` are the same post."""
    return str(post_id)


@dataclass
class BatchRun:
    """What a batch run did: the rewrites written, those that failed, and the exit code."""

    fail_on: str = "error"
    written: int = 0
    failed: int = 0
    skipped: int = 0
    remaining: int = 0  # rewrites with a finding at or above fail_on
    errors: list[str] = field(default_factory=list)

    @property
    def code(self) -> int:
        if self.failed:
            return EXIT_ERROR
        return EXIT_FINDINGS if self.remaining else EXIT_OK


def fails(rewrite: Rewrite, fail_on: str) -> bool:
    """Does the rewrite still have a finding at or above ``fail_on`` (as ``check --fail-on``), or was no
    attempt acceptable (it lost the message's meaning: the original is kept, and that always fails)?"""
    return not rewrite.accepted or any(at_or_above(f.severity, fail_on) for f in rewrite.findings)


def run_batch(
    rewriter: Rewriter,
    personas: list[Persona],
    posts: Iterable[Post],
    channel: str | None,
    intent: str | None,
    output: Path | None,
    fail_on: str = "error",
) -> BatchRun:
    """Rewrite every post for every persona; lines already in ``output`` are skipped (resume)."""
    from persona.rewrite.llm_config import FatalBackendError
    from persona.rewrite.service import Job

    run = BatchRun(fail_on)
    done = already_done(output) if output else set()
    started = 0
    post_stream = iter(posts)

    def jobs() -> Iterator[Job]:
        nonlocal started
        for post in post_stream:
            for persona in personas:
                if (id_key(post.id), persona.id) in done:
                    run.skipped += 1
                    continue
                started += 1
                yield Job(persona, post.text, channel or post.channel, intent or post.intent, key=post)

    with open_output(output) as sink, Progress() as progress:
        try:
            for outcome in rewriter.rewrite_many(jobs()):
                write_outcome(outcome, sink, run, progress)
        except FatalBackendError as err:
            left = started - run.written - run.failed + len(personas) * sum(1 for _ in post_stream)
            hint = f"; run again with --output {output} to continue" if output else ""
            err.problems[-1:] = [Problem(f"{err.problems[-1].message}: {run.written} rewrite(s) done, "
                                         f"{run.failed} failed, {left} not tried{hint}")]
            raise
    if run.skipped:
        print(f"persona: resumed: {run.skipped} rewrite(s) already in {output}", file=sys.stderr)
    if run.failed:
        hint = f"; run again with --output {output} to retry them" if output else ""
        print(f"persona: {run.failed} of {run.failed + run.written} rewrite(s) failed{hint}", file=sys.stderr)
    return run


def write_outcome(outcome: Outcome[Job], sink: TextIO, run: BatchRun, progress: Progress) -> None:
    """One JSONL line for a rewrite, or one stderr line naming the post and persona that failed."""
    post = outcome.job.key
    assert isinstance(post, Post)
    progress.advance()
    if outcome.rewrite is None:
        progress.print(f"post {post.id} persona {outcome.job.persona.id}: {outcome.error}")
        run.failed += 1
        return
    sink.write(json.dumps({"id": post.id, **outcome.rewrite.to_json()}, ensure_ascii=False) + "\n")
    sink.flush()
    run.written += 1
    run.remaining += fails(outcome.rewrite, run.fail_on)


def already_done(output: Path) -> set[tuple[str, str]]:
    """(id, persona) of every complete line in ``output``; a torn last line is cut off."""
    if not output.exists():
        return set()
    try:
        raw = output.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise UserError.one(f"cannot resume from this file: {err}", file=str(output)) from None
    if raw and not raw.endswith("\n"):
        raw = raw[: raw.rfind("\n") + 1]
        try:
            output.write_text(raw, encoding="utf-8")
        except OSError as err:
            raise UserError.one(f"cannot write: {err.strerror}", file=str(output)) from None
    done: set[tuple[str, str]] = set()
    for line in raw.splitlines():
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict) and "persona" in data:
            done.add((id_key(data.get("id")), str(data["persona"])))
    return done


@contextmanager
def open_output(output: Path | None) -> Iterator[TextIO]:
    """Append to ``output`` (created if missing), or write to stdout."""
    if output is None:
        yield sys.stdout
        return
    try:
        handle = output.open("a", encoding="utf-8")
    except OSError as err:
        raise UserError.one(f"cannot write: {err.strerror}", file=str(output)) from None
    with handle:
        yield handle


class Progress:
    """A one-line progress count on stderr, only when stderr is a terminal (a bar when the total is known)."""

    WIDTH = 30

    def __init__(self, total: int | None = None) -> None:
        self.total = total
        self.done = 0
        self.enabled = sys.stderr.isatty() and total != 0

    def __enter__(self) -> Progress:
        self._draw()
        return self

    def advance(self) -> None:
        self.done += 1
        self._draw()

    def print(self, line: str) -> None:
        """A line on stderr that does not end up glued to the progress line."""
        if self.enabled:
            raw_stream(sys.stderr).write("\r\x1b[K")  # deliberate control: clear the progress line
        print(line, file=sys.stderr)
        self._draw()

    def _draw(self) -> None:
        if not self.enabled:
            return
        raw = raw_stream(sys.stderr)  # the carriage return is deliberate
        if self.total is None:
            raw.write(f"\r{self.done} rewrite(s)")
        else:
            filled = self.WIDTH * self.done // max(1, self.total)
            raw.write(f"\r[{'#' * filled}{'-' * (self.WIDTH - filled)}] {self.done}/{self.total}")
        sys.stderr.flush()

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()
