"""Rewriting, end to end: one check-and-repair loop for every backend, the cache, many at once.

:class:`Rewriter` is what the CLI, the desk and the guide builder use::

    rewriter = Rewriter(RewriteOptions(backend="openai", model="qwen2.5:7b"))
    result = rewriter.rewrite(persona, "Dear customers, …", channel="x")
    for outcome in rewriter.rewrite_many(jobs): ...

The backend (:mod:`persona.rewrite.backends`: rules, openai, fake) answers; the loop checks
every answer with the persona's checker *and the meaning gate* (the answer against the
message: :mod:`persona.check.meaning`). While findings at or above ``repair_on`` remain, the
backend is asked to repair them (each finding with its span and the checker's fix), up to
``max_repairs`` rounds; a backend that cannot do better (rules) says so and the loop stops.

The result is the best attempt that keeps the message's meaning (highest score; the later
one on a tie). An attempt that fails the meaning gate is never the result: when none keeps
the meaning, the result is "no acceptable rewrite" (``accepted`` False), its text is the
original message unchanged, its findings are those of the best rejected attempt, and its
score is 0. ``changes`` lists the original's findings the final text no longer has.

Many rewrites run on a bounded thread pool (``concurrency``) when the backend waits on the
network, so N personas take about as long as one.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from persona import __version__
from persona.check.types import Finding, Result, at_or_above
from persona.errors import UserError
from persona.model import Persona
from persona.rewrite.cache import RewriteCache, cache_key
from persona.rewrite.types import Attempt, Backend, Candidate, Change, Request, Rewrite

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class RewriteOptions:
    """Everything a run of ``persona rewrite`` decides besides the persona and the message."""

    backend: str = "rules"
    model: str | None = None
    repair_on: str = "warning"
    max_repairs: int = 2
    concurrency: int = 8
    timeout: float = 60.0  # seconds: one wall-clock deadline per model request
    retries: int = 2
    max_failures: int = 5  # model requests failing in a row before the run stops (circuit breaker)
    cache: bool = True
    templates: Path | None = None
    cache_dir: Path | None = None
    temperature: float = 0.2  # low: a rewrite should be faithful, not creative
    seed: int | None = None
    structured: bool = True  # ask models for JSON {"text": ...} where the server supports it
    lang: str | None = None  # --lang: the language to write in (a translation); None: the message's
    unsafe_fixes: bool = False  # rules backend: apply the checker's unsafe fixes too (--unsafe-fixes)


@dataclass(frozen=True)
class Job:
    """One rewrite to do: a message for a persona, in a context. ``key`` identifies it to the caller."""

    persona: Persona
    message: str
    channel: str | None = None
    intent: str | None = None
    key: object = None


@dataclass
class Outcome(Generic[T]):
    """A job and either its rewrite or the error that stopped it."""

    job: T
    rewrite: Rewrite | None = None
    error: UserError | None = None


@dataclass
class Rewriter:
    """Rewrites messages with one backend; thread-safe; build one per run.

    ``backend`` may be given as an instance (a :class:`~persona.rewrite.fake.FakeBackend` in
    tests); otherwise ``options.backend`` names one in the registry.
    """

    options: RewriteOptions = field(default_factory=RewriteOptions)
    backend: Backend | None = None

    def __post_init__(self) -> None:
        from persona.rewrite.backends import create_backend

        if self.backend is None:
            self.backend = create_backend(self.options)
        self.cache = RewriteCache(self.options.cache_dir, enabled=self.options.cache)
        self._identity: dict[str, object] | None = None
        self._lock = threading.Lock()

    @property
    def chosen(self) -> Backend:
        assert self.backend is not None
        return self.backend

    def prepare(self) -> None:
        """Fail early, once, on what would fail every rewrite (no API key, bad --template DIR)."""
        self.chosen.prepare()

    def rewrite(
        self,
        persona: Persona,
        message: str,
        channel: str | None = None,
        intent: str | None = None,
        lang: str | None = None,
    ) -> Rewrite:
        """One message in one persona's voice, checked; no channel named → the persona's first."""
        channel = channel or persona.default_channel
        original = check(persona, message, channel, intent)
        request = Request(message, persona, channel, intent, lang or self.options.lang, tuple(original.findings))
        key = self.key(request)
        cached = self.cache.get(key) if key else None
        if cached and isinstance(cached.get("texts"), list) and cached["texts"]:
            attempts = [self.evaluate(request, Candidate(str(t))) for t in cached["texts"]]
        else:
            attempts = self.repair_loop(request)
            if key:
                self.cache.put(key, {"texts": [a.text for a in attempts]})
        return outcome(request, attempts, original, self.chosen.name)

    def repair_loop(self, request: Request) -> list[Attempt]:
        """Answer, check, and ask for repairs until nothing blocks or the rounds run out."""
        backend = self.chosen
        attempts = [self.evaluate(request, backend.answer(request))]
        for _round in range(self.options.max_repairs):
            to_fix = sorted(blocking(attempts[-1].check.findings, self.options.repair_on), key=repair_order)
            if not to_fix:
                break
            candidate = backend.repair(request, attempts[-1], to_fix)
            if candidate is None:
                break
            attempts.append(self.evaluate(request, candidate))
        return attempts

    def evaluate(self, request: Request, candidate: Candidate) -> Attempt:
        """The checker's verdict on a candidate: the persona's rules and the meaning gate."""
        from persona.check.engine import check_text

        known = candidate.check
        if known is not None and known.text == candidate.text and request.lang is None:
            return Attempt(candidate, known)  # checked by the backend, as a rewrite of the message
        result = check_text(request.persona, candidate.text, channel=request.channel, intent=request.intent,
                            source="rewrite", original=request.message, lang=request.lang,
                            dropped=candidate.dropped)
        return Attempt(candidate, result)

    def rewrite_many(self, jobs: Iterable[Job]) -> Iterator[Outcome[Job]]:
        """Every job's outcome, in the order given, ``concurrency`` at a time.

        A :class:`~persona.rewrite.llm.FatalBackendError` (no key, key rejected,
        endpoint unreachable) stops the run and is raised; other errors are
        reported in the job's :class:`Outcome` and the run goes on.
        """
        from persona.rewrite.llm_config import FatalBackendError

        def run(job: Job) -> Outcome[Job]:
            try:
                return Outcome(job, self.rewrite(job.persona, job.message, job.channel, job.intent))
            except FatalBackendError:
                raise
            except UserError as err:
                return Outcome(job, error=err)

        workers = self.options.concurrency if self.chosen.concurrent else 1
        yield from ordered_map(run, jobs, workers)

    def key(self, request: Request) -> str | None:
        """The content address of this rewrite (never the API key), or None when not cached."""
        with self._lock:
            if self._identity is None:
                self._identity = self.chosen.identity() or {}
        if not self._identity or not self.options.cache:
            return None
        return cache_key(
            {
                "persona": request.persona.model_dump(mode="json"),
                "message": request.message,
                "backend": self._identity,
                "options": {
                    "channel": request.channel,
                    "intent": request.intent,
                    "lang": request.lang,
                    "repair_on": self.options.repair_on,
                    "max_repairs": self.options.max_repairs,
                },
                "persona_version": __version__,
            }
        )

    def cache_warning(self) -> str | None:
        """Why the cache could not be written, if it could not."""
        return self.cache.write_error


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """``map(fn, items)`` on ``workers`` threads, results in input order, at most ``2*workers`` in flight.

    An exception raised by ``fn`` is re-raised here, after the not yet started work is cancelled.
    """
    workers = max(1, workers)
    if workers == 1:
        yield from map(fn, items)
        return
    window = 2 * workers
    pending: deque[Future[R]] = deque()
    executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="persona-rewrite")
    try:
        for item in items:
            pending.append(executor.submit(fn, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)


# -- choosing the result --------------------------------------------------------------------


def check(persona: Persona, text: str, channel: str | None, intent: str | None) -> Result:
    """The persona checker on a text (no meaning gate: the message itself)."""
    from persona.check.engine import check_text

    return check_text(persona, text, channel=channel, intent=intent, source="rewrite")


def outcome(request: Request, attempts: list[Attempt], original: Result, backend: str) -> Rewrite:
    """The rewrite the attempts give: the best one that keeps the meaning, else "no acceptable rewrite"."""
    texts = [a.text for a in attempts]
    best = best_attempt(attempts)
    persona, channel = request.persona.id, request.channel
    if best is None:
        rejected = max(attempts, key=lambda a: (a.check.score, attempts.index(a)))
        return Rewrite(persona=persona, backend=backend, channel=channel, text=request.message, changes=[],
                       check=rejected.check, attempts=texts, accepted=False, rejected=rejected.text)
    changes = list(best.candidate.changes) or fixed_findings(original.findings, best.check.findings, best.text)
    return Rewrite(persona=persona, backend=backend, channel=channel, text=best.text, changes=changes,
                   check=best.check, attempts=texts, dropped=best.candidate.dropped)


def blocking(findings: Iterable[Finding], threshold: str) -> list[Finding]:
    """The findings at or above ``threshold`` (``never``: none)."""
    return [f for f in findings if at_or_above(f.severity, threshold)]


def repair_order(finding: Finding) -> tuple[int, int, int]:
    """Meaning first (it decides whether an answer can be used at all), then the worst, then by place."""
    from persona.check.types import SEVERITY_ORDER

    return (0 if finding.rule.startswith("meaning.") else 1, -SEVERITY_ORDER[finding.severity], finding.start)


def best_attempt(attempts: list[Attempt]) -> Attempt | None:
    """The highest-scoring attempt that keeps the meaning (the later on a tie); None when none does."""
    keeping = [(i, a) for i, a in enumerate(attempts) if a.keeps_meaning]
    if not keeping:
        return None
    return max(keeping, key=lambda pair: (pair[1].check.score, pair[0]))[1]


def fixed_findings(before: Iterable[Finding], after: Iterable[Finding], text: str) -> list[Change]:
    """What the rewrite changed, as the original's findings the final text no longer has."""
    remaining = {(f.rule, f.match.casefold()) for f in after}
    changes: list[Change] = []
    seen: set[tuple[str, str]] = set()
    for finding in before:
        ident = (finding.rule, finding.match.casefold())
        if ident in remaining or ident in seen or not finding.match:
            continue
        seen.add(ident)
        suggestion = finding.suggestion or ""
        to = suggestion if suggestion and suggestion.casefold() in text.casefold() else ""
        changes.append(Change(finding.rule, finding.match, to))
    return changes
