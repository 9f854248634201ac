"""Rewriting an archive of posts: one JSONL line per post x persona, streamed, resumable.

The posts come from the checker's inputs (:func:`persona.inputs.read_archive`): the same
reader, the same error messages, one post in memory at a time. With ``output`` the lines are
appended to that file and a second run skips every (post, persona) already there, so an
interrupted run (or one whose model calls failed) is finished by running it again.

``output`` is appended to only when it is empty or an earlier run's output: every line a JSON
object with the fields this module writes (:data:`OUTPUT_FIELDS`). Anything else (the archive
itself, a README…) is refused with one line before anything is written. A torn last line, left
by a killed run, is cut off before appending; a whole last line without its newline is kept.
The output is locked (``flock``) while a run appends to it: a second run at once is refused.

A post is known by its id and, when several posts share an id, by which of them it is: the
second post with id ``a`` is written with ``"occurrence": 2`` (the first has no such field), so
resuming never takes one post for another.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from persona.check.types import at_or_above
from persona.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, Problem, UserError, shorten
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
    occurrence: int = 1  # the first, second… post of the archive with this id

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


#: The fields of every line a batch run writes (the id, then the rewrite's JSON).
OUTPUT_FIELDS = frozenset({"id", "persona", "backend", "text", "score", "findings"})
#: (id, occurrence, persona): a rewrite already in the output.
Done = set[tuple[str, int, str]]


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
    started = 0
    post_stream = iter(posts)
    seen: dict[str, int] = {}
    done: Done = set()

    def jobs() -> Iterator[Job]:
        nonlocal started
        for post in post_stream:
            key = id_key(post.id)
            seen[key] = occurrence = seen.get(key, 0) + 1
            for persona in personas:
                if (key, occurrence, persona.id) in done:
                    run.skipped += 1
                    continue
                started += 1
                counted = replace(post, occurrence=occurrence)
                yield Job(persona, post.text, channel or post.channel, intent or post.intent, key=counted)

    with open_output(output) as (sink, found), Progress() as progress:
        done.update(found)
        try:
            for outcome in rewriter.rewrite_many(jobs()):
                write_outcome(outcome, sink, run, progress)
        except FatalBackendError as err:
            left = started - run.written - run.failed + len(personas) * sum(1 for _ in post_stream)
            hint = f"; run again with --output {output} to continue" if output else ""
            err.problems[-1:] = [Problem(f"{err.problems[-1].message}: {run.written} rewrite(s) done, "
                                         f"{run.failed} failed, {left} not tried{hint}")]
            raise
    shared = sorted(key for key, count in seen.items() if count > 1)
    if shared:
        print(f"persona: {len(shared)} id(s) shared by several posts (first: {shorten(shared[0])}): each is "
              'its own post in the output, the second and later with "occurrence": 2, 3…', file=sys.stderr)
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
    record: dict[str, object] = {"id": post.id}
    if post.occurrence > 1:
        record["occurrence"] = post.occurrence
    sink.write(json.dumps({**record, **outcome.rewrite.to_json()}, ensure_ascii=False) + "\n")
    sink.flush()
    run.written += 1
    run.remaining += fails(outcome.rewrite, run.fail_on)


@contextmanager
def open_output(output: Path | None) -> Iterator[tuple[TextIO, Done]]:
    """Append to ``output`` (created if missing; refused unless it is a rewrite output), or write to
    stdout; with what ``output`` already holds (:func:`resume_from`)."""
    if output is None:
        yield sys.stdout, set()
        return
    from persona.safe_write import LockBusy, try_lock

    name = str(output)
    try:
        handle = output.open("ab")
    except OSError as err:
        raise UserError.one(f"cannot write: {err.strerror}", file=name) from None
    with handle:
        regular = os.path.isfile(output)  # not /dev/stdout, a pipe…: nothing to lock or resume from
        try:
            if regular:
                try_lock(handle.fileno(), wait=0)
        except LockBusy:
            raise UserError.one("another persona rewrite is writing to this file: not appended (wait for "
                                "it, or give another --output)", file=name) from None
        done = resume_from(output, handle) if regular else set()
        sink = io.TextIOWrapper(handle, encoding="utf-8", newline="\n", write_through=True)
        yield sink, done
        sink.flush()


def resume_from(output: Path, handle: BinaryIO) -> Done:
    """(id, occurrence, persona) of every rewrite in ``output``, an earlier run's output.

    Anything else is refused (one line, the file untouched). A torn last line is cut off;
    a complete last line without its newline gets one.
    """
    name = str(output)
    try:
        raw = output.read_bytes()
    except OSError as err:
        raise UserError.one(f"cannot resume from this file: {err.strerror}", file=name) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError.one(_NOT_OURS + " (it is not UTF-8 text)", file=name) from None
    lines = text.split("\n")
    tail = lines.pop()  # "" when the file ends with a newline
    done: Done = set()
    for number, line in enumerate(lines, start=1):
        if line.strip():
            _add(done, _record(line, name, number), name, number)
    if tail:
        try:
            record = json.loads(tail)
        except ValueError:
            record = None
        if record is None and tail.startswith('{"id": '):  # torn by a killed run: cut it off
            handle.truncate(len(raw) - len(tail.encode("utf-8")))
        else:
            _add(done, record, name, len(lines) + 1)
            handle.write(b"\n")
    return done


_NOT_OURS = "not the output of an earlier persona rewrite: --output appends only to one (give a new file)"


def _record(line: str, name: str, number: int) -> object:
    try:
        return json.loads(line)
    except ValueError:
        raise UserError.one(_NOT_OURS, file=name, line=number) from None


def _add(done: Done, record: object, name: str, number: int) -> None:
    if not isinstance(record, dict) or not record.keys() >= OUTPUT_FIELDS:
        raise UserError.one(_NOT_OURS, file=name, line=number)
    occurrence = record.get("occurrence", 1)
    done.add((id_key(record["id"]), occurrence if isinstance(occurrence, int) else 1, str(record["persona"])))


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
