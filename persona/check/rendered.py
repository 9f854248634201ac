"""Archives of posts checked *and rendered* by the workers: the parent only moves bytes.

``persona check posts.jsonl --format json`` on 100,000 posts spends most of its
time in the rules, which :mod:`persona.check.parallel` spreads over processes;
but there the parent still reads every post, sends it to a worker, rebuilds each
result from the findings sent back and renders the report — work that only one
core does, and that caps the gain. Here each worker does the whole job for its
chunk of the archive: it gets the chunk's bytes (whole lines, cut by the parent
at line ends), parses them, chooses each post's persona, checks it and renders
its part of the report, cleaned as the output stream would clean it
(:meth:`persona.terminal.SafeStream.clean`), encoded. The parent writes those
bytes in input order and adds up the counts.

The output is the one the serial loop writes, byte for byte:

* lines are read, parsed and refused exactly as :func:`persona.inputs.read_archive`
  does (same functions; orjson parses, and any line it refuses is parsed again by
  :mod:`json`, whose error message is the one reported);
* a failure (a bad line, an unknown persona) stops its chunk there: the parent
  writes what came before it, then raises it, as the serial loop does;
* each unit of output (a result in JSON, a finding in text) is cleaned on its own,
  as :class:`~persona.terminal.SafeStream` cleans each write.

It is used only where all of that holds: ``.jsonl`` archives only, ``json`` or
``text``, a ``fork`` start method (the workers inherit the run's personas and
flags), a UTF-8 byte stream to write to, and more than
:data:`persona.check.parallel.THRESHOLD` lines. Anything else is checked as before.
"""

from __future__ import annotations

import codecs
import gc
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from persona.check.types import Draft, Result, at_or_above

if TYPE_CHECKING:
    from concurrent.futures import Future

    from persona.check.batch import Tally
    from persona.model import Persona

#: Bytes of an archive per task (whole lines: about 650 posts of the corpus).
CHUNK_BYTES = 128 * 1024
#: Chunks in flight per worker (bounds memory: output is streamed, not collected).
AHEAD_PER_WORKER = 3
FORMATS = ("json", "text")
#: Before each result of the JSON report; the first one's comma is left out.
JSON_SEPARATOR = ",\n    "
JSON_HEAD = '{\n  "version": 1,\n  "results": ['


@dataclass(frozen=True)
class Plan:
    """What the workers need to know of the run (inherited through ``fork``, never pickled)."""

    resolve: Callable[[Draft], Persona]
    format: str
    units: Callable[[Result], Iterable[str]]  # the writes of one result (persona.check.report)
    fail_on: str
    lang: str | None
    clean: Callable[[str], str]
    encoding: str
    errors: str


_PLAN: Plan | None = None
_Counts = tuple[int, int, int, int, int, bool]  # drafts, errors, warnings, suggestions, score total, failed
_Chunk = tuple[bytes, _Counts, Exception | None]  # output, counts, failure


# -- worker side --------------------------------------------------------------------------


def _init_worker() -> None:
    from persona.check.builtin import builtin_matcher
    from persona.check.registry import all_rules

    all_rules()
    builtin_matcher()


def _posts(path: str, data: bytes, first_line: int) -> Iterator[Draft]:
    """The posts of whole lines ``data`` of ``path``, the first being line ``first_line``."""
    import json

    import orjson

    from persona.check.archive_post import post_from_record
    from persona.inputs import _decode_line, json_record
    from persona.limits import draft_limit, too_large

    limit = draft_limit()
    lines = data.split(b"\n")
    last = len(lines) - 1  # the piece after the last newline ("" when data ends with one)
    loads, error = orjson.loads, orjson.JSONDecodeError
    for index, raw in enumerate(lines):
        if index == last and not raw:
            break
        number = first_line + index
        if limit is not None and len(raw.rstrip(b"\r")) > limit:
            raise too_large("a line of an archive", limit, file=path, line=number)
        try:
            record = loads(raw)  # orjson checks the UTF-8 too, and refuses a BOM
        except error:  # a blank line, or the plain reading's verdict and message
            if not raw.strip():
                continue
            record = None
        if not isinstance(record, dict) or type(record.get("id")) is float:  # orjson reads big ints as floats
            record = json_record(json.loads, _decode_line(_as_read(raw, index, last), path, number), path, number)
        yield post_from_record(record, path, number)


def _as_read(raw: bytes, index: int, last: int) -> bytes:
    """The line as the plain reading has it: with its newline (json's messages depend on it)."""
    return raw if index == last else raw + b"\n"


def _render_chunk(path: str, data: bytes, first_line: int) -> _Chunk:
    """Check and render one chunk; a failure ends it (what came before is kept)."""
    from persona.check.engine import check_draft

    plan = _PLAN
    assert plan is not None, "the plan is set before the pool forks"
    clean, resolve, lang, units, fail_on = plan.clean, plan.resolve, plan.lang, plan.units, plan.fail_on
    json = plan.format == "json"
    parts: list[str] = []
    drafts = errors = warnings = suggestions = score = 0
    failed = False
    failure: Exception | None = None
    try:
        for draft in _posts(path, data, first_line):
            persona = resolve(draft)
            if lang is not None:
                draft.lang = lang
            result = check_draft(persona, draft)
            counts = result.counts()
            drafts += 1
            errors += counts["error"]
            warnings += counts["warning"]
            suggestions += counts["suggestion"]
            score += result.score
            failed = failed or any(at_or_above(f.severity, fail_on) for f in result.findings)
            if json:
                parts.extend(JSON_SEPARATOR + clean(unit) for unit in units(result))
            else:
                parts.extend(map(clean, units(result)))
    except Exception as exc:  # a user error: raised by the parent after what came before it
        failure = exc
    out = "".join(parts).encode(plan.encoding, plan.errors)
    return out, (drafts, errors, warnings, suggestions, score, failed), failure


# -- parent side --------------------------------------------------------------------------


def byte_stream(stream: TextIO) -> tuple[Any, Callable[[str], str], str, str] | None:
    """(the binary stream under ``stream``, the cleaning of each write, encoding, errors), or
    None when output cannot be written as bytes (not a UTF-8 file or pipe)."""
    from persona.terminal import SafeStream

    clean: Callable[[str], str] = str
    raw: Any = stream
    if isinstance(stream, SafeStream):
        clean, raw = stream.clean, stream.raw
    buffer = getattr(raw, "buffer", None)
    encoding = getattr(raw, "encoding", None)
    if buffer is None or not isinstance(encoding, str):
        return None
    try:
        if codecs.lookup(encoding).name != "utf-8":
            return None
    except LookupError:
        return None
    return buffer, clean, encoding, getattr(raw, "errors", None) or "strict"


def usable(files: list[str], format: str) -> bool:
    """Can these archives be checked and rendered by the workers, with more lines than the threshold?"""
    from persona.check.parallel import THRESHOLD, fork_context

    if format not in FORMATS or fork_context() is None:
        return False
    lines = 0
    try:
        for path in files:
            with open(path, "rb") as stream:
                while block := stream.read(1 << 20):
                    lines += block.count(b"\n")
                    if lines > THRESHOLD:
                        return True
    except OSError:
        return False  # the plain path reports it, in its place
    return False


def write_rendered(files: list[str], plan: Plan, stream: TextIO, buffer: Any, tally: Tally, *, jobs: int) -> None:
    """Check and render ``files`` on ``jobs`` workers, writing their bytes in input order."""
    from concurrent.futures import ProcessPoolExecutor

    from persona.check.parallel import fork_context

    global _PLAN
    _PLAN = plan
    stream.flush()  # forked workers must not inherit (and later flush) buffered output
    sys.stderr.flush()
    gc.freeze()  # what exists now is never collected in the workers: fewer copy-on-write pages
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=fork_context(), initializer=_init_worker)
    pending: deque[Future[_Chunk] | Exception] = deque()
    writer = _Writer(plan.format, stream, buffer, tally)
    try:
        for task in _tasks(files):
            pending.append(pool.submit(_render_chunk, *task) if isinstance(task, tuple) else task)
            if isinstance(task, Exception):
                break
            while len(pending) > jobs * AHEAD_PER_WORKER:
                writer.take(pending.popleft())
        while pending:
            writer.take(pending.popleft())
        writer.close()
    except Exception:  # a bad line or an unknown persona: the workers are sound, let them end
        pool.shutdown(wait=True, cancel_futures=True)  # (not waiting raced the pool's exit hook: "Bad
        raise  # file descriptor" printed at exit)
    except BaseException:  # interrupted: do not wait
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        _PLAN = None
    pool.shutdown(wait=True)


def _tasks(files: list[str]) -> Iterator[tuple[str, bytes, int] | Exception]:
    """(path, whole lines, number of the first) of each archive in turn; a file that cannot be
    opened is its error, in its place (and the last task)."""
    from persona.errors import UserError
    from persona.inputs import _open_archive
    from persona.limits import draft_limit, too_large

    limit = draft_limit()
    for path in files:
        try:
            stream = _open_archive(path)
        except UserError as exc:
            yield exc
            return
        with stream:
            line, rest = 1, b""
            while block := stream.read(CHUNK_BYTES):
                cut = block.rfind(b"\n") + 1
                if not cut:
                    rest += block
                    if limit is not None and len(rest) > limit + 2:  # a line over the limit: never read whole
                        yield too_large("a line of an archive", limit, file=path, line=line)
                        return
                    continue
                data, rest = rest + block[:cut], block[cut:]
                yield path, data, line
                line += data.count(b"\n")
            if rest:
                yield path, rest, line


class _Writer:
    """Writes the chunks' bytes in order, the report's head before the first result and its end."""

    def __init__(self, format: str, stream: TextIO, buffer: Any, tally: Tally) -> None:
        self.format, self.stream, self.buffer, self.tally = format, stream, buffer, tally
        self.started = False

    def take(self, task: Future[_Chunk] | Exception) -> None:
        if isinstance(task, Exception):
            raise task
        out, counts, failure = task.result()
        if out:
            if self.format == "json" and not self.started:
                self.stream.write(JSON_HEAD)  # a failure on the first post leaves stdout empty
                self.stream.flush()
                out = out[1:]  # the first result's separator has no comma
            self.started = True
            self.buffer.write(out)
        self.tally.merge_counts(*counts)
        if failure is not None:
            self.buffer.flush()
            raise failure

    def close(self) -> None:
        self.buffer.flush()
        if self.format == "json":
            self.stream.write("\n  ]\n}\n" if self.started else JSON_HEAD + "]\n}\n")


class RenderedResults(Iterator[Result]):
    """The results of :func:`persona.check.batch.check_all` on archives with ``jobs`` > 1: iterated,
    the plain parallel check; given to :func:`persona.check.report.write_results` in a format the
    workers render, checked and rendered by them (:func:`write_rendered`)."""

    def __init__(self, files: list[str], lang: str | None, resolve: Callable[[Draft], Persona],
                 jobs: int, plain: Callable[[], Iterator[Result]]) -> None:
        self.files, self.lang, self.resolve, self.jobs = files, lang, resolve, jobs
        self._plain = plain
        self._results: Iterator[Result] | None = None

    def __next__(self) -> Result:
        if self._results is None:
            self._results = self._plain()
        return next(self._results)

    def render_to(self, format: str, stream: TextIO, units: Callable[[Result], Iterable[str]], *,
                  tally: Tally) -> bool:
        """Render on the workers; False (nothing done) when that is not possible here."""
        if self._results is not None or not usable(self.files, format):
            return False
        found = byte_stream(stream)
        if found is None:
            return False
        buffer, clean, encoding, errors = found
        plan = Plan(self.resolve, format, units, tally.fail_on, self.lang, clean, encoding, errors)
        self._results = iter(())
        write_rendered(self.files, plan, stream, buffer, tally, jobs=self.jobs)
        return True
