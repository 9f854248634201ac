"""Checking large archives on several processes, results streamed back in input order.

``persona check`` is CPU-bound Python: one process checks one draft at a time.
For archives of many posts, :func:`check_parallel` cuts the stream of drafts
into chunks (:data:`CHUNK_SIZE` drafts each) and checks them on a
:class:`concurrent.futures.ProcessPoolExecutor`; each worker compiles each
persona once and keeps it for the whole run.

Output is the same as checking in one process, byte for byte:

* results come back in input order (chunks are awaited in submission order);
* everything that can fail for a user reason — reading the inputs, choosing a
  draft's persona, loading it — happens in this process, in input order: when
  draft *k* fails, the results of the drafts before it are yielded first and
  then the error is raised, exactly as the serial loop does;
* small inputs never start a pool: the first :data:`THRESHOLD` drafts are read
  first, and when the input ends there, they are checked right here.

Drafts go to the workers and findings come back as plain tuples (pickling
dataclasses field by field costs more than checking some posts); the
:class:`Result` (source, persona, channel, intent, text) is put together here
from the draft itself.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from persona.check.types import Draft, Finding, Result

if TYPE_CHECKING:  # the pool's modules are imported only when a pool is used (start-up time)
    import multiprocessing.context
    from concurrent.futures import Future

    from persona.model import Persona

#: Below this many drafts everything is checked in this process (no pool).
THRESHOLD = 5_000
#: Drafts per task sent to a worker.
CHUNK_SIZE = 2_000
#: Chunks in flight per worker (bounds memory: results are streamed, not collected).
AHEAD_PER_WORKER = 2

# Drafts and findings travel as tuples of their fields, in this order.
_DRAFT_FIELDS = tuple(f.name for f in dataclasses.fields(Draft))
_FINDING_FIELDS = tuple(f.name for f in dataclasses.fields(Finding))
_draft_fields = attrgetter(*_DRAFT_FIELDS)
_finding_fields = attrgetter(*_FINDING_FIELDS)
_DraftFields = tuple[Any, ...]
_FindingFields = tuple[Any, ...]

# -- worker side --------------------------------------------------------------------------

# Personas a worker has unpickled and compiled, by id. Within one run an id always
# names the same persona (the parent loads each once), so the id is the key.
_WORKER_PERSONAS: dict[str, Persona] = {}


def _init_worker(personas: dict[str, bytes]) -> None:
    """Worker initializer: load the rules and compile the personas known at start."""
    from persona.check.builtin import builtin_matcher
    from persona.check.registry import all_rules

    all_rules()
    builtin_matcher()
    _WORKER_PERSONAS.clear()
    _load_personas(personas)


def _load_personas(personas: dict[str, bytes]) -> None:
    from persona.check.context import compile_persona

    for persona_id, data in personas.items():
        if persona_id not in _WORKER_PERSONAS:
            persona = pickle.loads(data)
            compile_persona(persona)
            _WORKER_PERSONAS[persona_id] = persona


def _check_chunk(drafts: list[_DraftFields], personas: dict[str, bytes]) -> list[list[_FindingFields]]:
    """The findings of each draft of a chunk (its persona is already chosen), as tuples."""
    from persona.check.engine import check_draft

    _load_personas(personas)
    out = []
    for fields in drafts:
        draft = Draft(*fields)
        findings = check_draft(_WORKER_PERSONAS[draft.persona], draft).findings  # type: ignore[index]
        out.append(list(map(_finding_fields, findings)))
    return out


# -- parent side -------------------------------------------------------------------------


def default_jobs() -> int:
    """The number of CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def _pool_context() -> multiprocessing.context.BaseContext:
    """``fork`` on Linux (workers inherit loaded modules: no start-up cost), else the default."""
    import multiprocessing

    return fork_context() or multiprocessing.get_context()


def fork_context() -> multiprocessing.context.BaseContext | None:
    """The ``fork`` start method on Linux; None elsewhere."""
    import multiprocessing

    if sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def check_parallel(
    drafts: Iterable[Draft],
    resolve: Callable[[Draft], Persona],
    *,
    jobs: int,
    check: Callable[[Persona, Draft], Result],
    threshold: int = THRESHOLD,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[Result]:
    """Check ``drafts`` on ``jobs`` processes when there are more than ``threshold`` of them.

    ``resolve`` sets a draft's context (persona, channel, intent) and returns its
    persona — it runs here, in input order, and may raise; ``check`` is the
    serial check used for small inputs. Results are yielded in input order.
    """
    source = iter(drafts)
    head: list[Draft] = []
    try:
        for draft in source:
            head.append(draft)
            if len(head) > threshold:
                break
        else:  # the whole input fits under the threshold: no pool
            yield from _serial(head, resolve, check)
            return
    except Exception:
        yield from _serial(head, resolve, check)  # what came before the failure, then the failure
        raise
    yield from _pooled(head, source, resolve, jobs=max(1, jobs), chunk_size=max(1, chunk_size))


def _serial(drafts: list[Draft], resolve: Callable[[Draft], Persona],
            check: Callable[[Persona, Draft], Result]) -> Iterator[Result]:
    for draft in drafts:
        yield check(resolve(draft), draft)


def _pooled(head: list[Draft], rest: Iterator[Draft], resolve: Callable[[Draft], Persona], *,
            jobs: int, chunk_size: int) -> Iterator[Result]:
    """Chunks to the pool, at most ``jobs * AHEAD_PER_WORKER`` in flight; results in order.

    A failure (reading an input, choosing a persona) stops the reading: the
    drafts before it are still checked and yielded, then it is raised.
    """
    from concurrent.futures import ProcessPoolExecutor

    pickled: dict[str, bytes] = {}  # persona id -> pickled persona
    ids: dict[str, str] = {}  # persona id -> Persona.id (as check_draft reports it)
    pending: deque[tuple[Future[list[list[_FindingFields]]], list[Draft]]] = deque()
    failure: Exception | None = None
    sys.stdout.flush()  # forked workers must not inherit (and later flush) buffered output
    sys.stderr.flush()
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_pool_context(),
                               initializer=_init_worker, initargs=({},))
    try:
        chunks = _chunks(head, rest, chunk_size)
        while failure is None:
            try:
                chunk = next(chunks)
            except StopIteration:
                break
            except Exception as exc:  # reading failed: the chunk before it was the last
                failure = exc
                break
            used: dict[str, bytes] = {}
            failure = _resolve_chunk(chunk, resolve, pickled, ids, used)
            if chunk:
                pending.append((pool.submit(_check_chunk, list(map(_draft_fields, chunk)), used), chunk))
            while len(pending) > jobs * AHEAD_PER_WORKER:
                yield from _collect(*pending.popleft(), ids)
        while pending:
            yield from _collect(*pending.popleft(), ids)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    if failure is not None:
        raise failure


def _chunks(head: list[Draft], rest: Iterator[Draft], size: int) -> Iterator[list[Draft]]:
    """Chunks of ``head`` then of ``rest``; a read failure ends the chunk it interrupts.

    The failure is raised by the ``next()`` after that chunk has been handed
    out, so that the drafts read before it are checked first.
    """
    chunk: list[Draft] = []
    for draft in head:
        chunk.append(draft)
        if len(chunk) == size:
            yield chunk
            chunk = []
    try:
        for draft in rest:
            chunk.append(draft)
            if len(chunk) == size:
                yield chunk
                chunk = []
    except Exception:
        if chunk:
            yield chunk
        raise
    if chunk:
        yield chunk


def _resolve_chunk(chunk: list[Draft], resolve: Callable[[Draft], Persona], pickled: dict[str, bytes],
                   ids: dict[str, str], used: dict[str, bytes]) -> Exception | None:
    """Choose each draft's persona; on failure cut the chunk there and return the error."""
    for index, draft in enumerate(chunk):
        try:
            persona = resolve(draft)
        except Exception as exc:  # a user error (unknown persona…): raised after earlier results
            del chunk[index:]
            return exc
        key = draft.persona or ""
        if key not in pickled:
            pickled[key] = pickle.dumps(persona, protocol=pickle.HIGHEST_PROTOCOL)
            ids[key] = persona.id
        used[key] = pickled[key]
    return None


def _collect(future: Future[list[list[_FindingFields]]], chunk: list[Draft],
             ids: dict[str, str]) -> Iterator[Result]:
    """The results of one chunk, put together as :func:`~persona.check.engine.check_draft` does."""
    for draft, findings in zip(chunk, future.result(), strict=True):
        yield Result(draft.source, ids[draft.persona or ""], draft.channel, draft.intent,
                     [Finding(*fields) for fields in findings], draft.text, draft.origin_line)
