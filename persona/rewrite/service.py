"""Rewriting, end to end: pick the backend, check every answer, repair, cache, run many at once.

:class:`Rewriter` is what the CLI (and the guide builder) use::

    rewriter = Rewriter(RewriteOptions(backend="openai", model="qwen2.5:7b"))
    result = rewriter.rewrite(persona, "Dear customers, …", channel="x")
    for outcome in rewriter.rewrite_many(jobs): ...

The model path is a check-and-repair loop: every answer goes through the
persona's checker; while it has findings at or above ``repair_on`` a repair
request lists every finding, worst first (rule, offending text, suggestion), up
to ``max_repairs`` rounds. The result keeps every attempt; its text is the best-scoring attempt
(the later one on a tie) and its findings are that attempt's. ``changes`` lists
the findings of the original message that the final text no longer has.

Many rewrites run on a bounded thread pool (``concurrency``): a model call is
I/O-bound, so N personas take about as long as one.
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
from persona.check.types import SEVERITY_ORDER, Finding, Result, at_or_above
from persona.errors import UserError
from persona.model import Persona
from persona.rewrite.cache import RewriteCache, cache_key
from persona.rewrite.types import Change, Rewrite

BACKENDS = ("rules", "openai")
REPAIR_THRESHOLDS = ("error", "warning", "suggestion", "never")

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class RewriteOptions:
    """Everything a run of ``persona rewrite`` decides besides the persona and the message."""

    backend: str = "rules"
    model: str | None = None
    repair_on: str = "error"
    max_repairs: int = 2
    concurrency: int = 8
    timeout: float = 60.0
    retries: int = 2
    cache: bool = True
    templates: Path | None = None
    cache_dir: Path | None = None


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
    """Rewrites messages with the chosen backend; thread-safe; build one per run."""

    options: RewriteOptions = field(default_factory=RewriteOptions)

    def __post_init__(self) -> None:
        if self.options.backend not in BACKENDS:
            raise UserError.one(
                f"unknown backend {self.options.backend!r} (use one of: {', '.join(BACKENDS)})"
            )
        self._model: ModelRewriter | None = None
        self._lock = threading.Lock()

    @property
    def model(self) -> ModelRewriter:
        """The model path, built on first use (imports ``openai`` and ``jinja2`` only then)."""
        with self._lock:
            if self._model is None:
                self._model = ModelRewriter(self.options)
            return self._model

    def prepare(self) -> None:
        """Fail early, once, on what would fail every rewrite (no API key, bad --template DIR)."""
        if self.options.backend == "openai":
            self.model.prepare()

    def rewrite(
        self, persona: Persona, message: str, channel: str | None = None, intent: str | None = None
    ) -> Rewrite:
        """One message in one persona's voice, checked; no channel named → the persona's first."""
        channel = channel or persona.default_channel
        if self.options.backend == "openai":
            return self.model.rewrite(persona, message, channel, intent)
        return rules_rewrite(persona, message, channel, intent)

    def rewrite_many(self, jobs: Iterable[Job]) -> Iterator[Outcome[Job]]:
        """Every job's outcome, in the order given, ``concurrency`` at a time.

        A :class:`~persona.rewrite.llm.FatalBackendError` (no key, key rejected,
        endpoint unreachable) stops the run and is raised; other errors are
        reported in the job's :class:`Outcome` and the run goes on.
        """
        from persona.rewrite.llm import FatalBackendError

        def run(job: Job) -> Outcome[Job]:
            try:
                return Outcome(job, self.rewrite(job.persona, job.message, job.channel, job.intent))
            except FatalBackendError:
                raise
            except UserError as err:
                return Outcome(job, error=err)

        workers = self.options.concurrency if self.options.backend == "openai" else 1
        yield from ordered_map(run, jobs, workers)

    def cache_warning(self) -> str | None:
        """Why the cache could not be written, if it could not."""
        return self._model.cache.write_error if self._model else None


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


# -- the offline rules backend ----------------------------------------------------------------


def rules_rewrite(persona: Persona, message: str, channel: str | None, intent: str | None) -> Rewrite:
    """The rules backend's rewrite, checked (the rules backend may already have checked it)."""
    from persona.rewrite.rules import rewrite_offline

    result = rewrite_offline(persona, message, channel=channel, intent=intent)
    if result.check is None:
        result.check = check(persona, result.text, channel, intent)
    return result


def check(persona: Persona, text: str, channel: str | None, intent: str | None) -> Result:
    """The persona checker on a candidate text."""
    from persona.check.engine import check_text

    return check_text(persona, text, channel=channel, intent=intent, source="rewrite")


# -- the model backend: prompt, check, repair, cache -----------------------------------------


class ModelRewriter:
    """The check-and-repair loop around an OpenAI-compatible model, with the on-disk cache."""

    def __init__(self, options: RewriteOptions) -> None:
        from persona.rewrite.llm import ChatClient, ModelConfig, OpenAIBackend
        from persona.rewrite.prompts import Templates

        self.options = options
        self.templates = Templates(options.templates)
        self.config = ModelConfig.from_env(options.model, timeout=options.timeout, retries=options.retries)
        self.client = ChatClient(self.config)
        self.backend = OpenAIBackend(self.client, self.templates)
        self.cache = RewriteCache(options.cache_dir, enabled=options.cache)
        self._template_sources: dict[str, str] | None = None

    def prepare(self) -> None:
        self.config.require_key()
        self._template_sources = self.templates.sources()

    def rewrite(self, persona: Persona, message: str, channel: str | None, intent: str | None) -> Rewrite:
        key = self.key(persona, message, channel, intent)
        original = check(persona, message, channel, intent)
        cached = self.cache.get(key)
        if cached and isinstance(cached.get("text"), str):
            attempts = [a for a in cached.get("attempts", []) if isinstance(a, str)] or [cached["text"]]
            final = check(persona, cached["text"], channel, intent)
            return self._result(persona, channel, cached["text"], final, original, attempts)
        text, final, attempts = self.repair_loop(persona, message, channel, intent)
        self.cache.put(key, {"text": text, "attempts": attempts, "model": self.config.model})
        return self._result(persona, channel, text, final, original, attempts)

    def repair_loop(
        self, persona: Persona, message: str, channel: str | None, intent: str | None
    ) -> tuple[str, Result, list[str]]:
        """Ask, check, and ask again with the findings until clean or out of rounds; the best attempt."""
        from persona.rewrite.prompts import repair_messages
        from persona.rewrite.types import Request

        answer, _ = self.backend.rewrite(Request(message, persona, channel, intent))
        attempts: list[tuple[str, Result]] = [(answer, check(persona, answer, channel, intent))]
        for _round in range(self.options.max_repairs):
            findings = attempts[-1][1].findings
            if not blocking(findings, self.options.repair_on):
                break
            to_fix = sorted(findings, key=lambda f: -SEVERITY_ORDER[f.severity])  # all of them, worst first
            messages = repair_messages(
                self.templates, persona, message, attempts[-1][0], to_fix, channel, intent
            )
            answer = self.backend.complete(messages)
            attempts.append((answer, check(persona, answer, channel, intent)))
        best_text, best_check = best_attempt(attempts)
        return best_text, best_check, [text for text, _ in attempts]

    def key(self, persona: Persona, message: str, channel: str | None, intent: str | None) -> str:
        """The content address of this rewrite (never includes the API key)."""
        if self._template_sources is None:
            self._template_sources = self.templates.sources()
        return cache_key(
            {
                "persona": persona.model_dump(mode="json"),
                "message": message,
                "model": self.config.model,
                "templates": self._template_sources,
                "options": {
                    "channel": channel,
                    "intent": intent,
                    "repair_on": self.options.repair_on,
                    "max_repairs": self.options.max_repairs,
                },
                "base_url": self.client.base_url,
                "persona_version": __version__,
            }
        )

    def _result(
        self,
        persona: Persona,
        channel: str | None,
        text: str,
        final: Result,
        original: Result,
        attempts: list[str],
    ) -> Rewrite:
        return Rewrite(
            persona=persona.id,
            backend="openai",
            channel=channel,
            text=text,
            changes=fixed_findings(original.findings, final.findings, text),
            check=final,
            attempts=attempts,
        )


def blocking(findings: Iterable[Finding], threshold: str) -> list[Finding]:
    """The findings at or above ``threshold`` (``never``: none)."""
    return [f for f in findings if at_or_above(f.severity, threshold)]


def best_attempt(attempts: list[tuple[str, Result]]) -> tuple[str, Result]:
    """The highest-scoring attempt; on a tie the later one (it was told what to fix)."""
    best = max(range(len(attempts)), key=lambda i: (attempts[i][1].score, i))
    return attempts[best]


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
