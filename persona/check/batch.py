"""Checking many drafts: the context of each, its persona (loaded once), and progress.

:func:`check_all` is the loop behind ``persona check``: command-line flags win
over a draft's own front matter or archive fields, each persona is loaded and
compiled once, and results come out one at a time so that 100,000 posts are
never held in memory together.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TextIO

from persona.check.types import Draft, Result, at_or_above
from persona.errors import Problem, UserError

if TYPE_CHECKING:  # the fast check path passes a snapshot store: no pydantic, no YAML
    from persona.loader import PersonaStore
    from persona.model import Persona


@dataclass
class PersonaCache:
    """The personas of a run, by id: each file is read and validated once."""

    store: PersonaStore
    _loaded: dict[str, Persona] = field(default_factory=dict)

    def get(self, persona_id: str, source: str | None = None) -> Persona:
        """The persona; an unknown id names the draft that asked for it.

        Read through :mod:`persona.persona_cache`: unchanged persona files
        are not parsed again.
        """
        if persona_id not in self._loaded:
            from persona import persona_cache

            try:
                self._loaded[persona_id] = persona_cache.load(self.store, persona_id)
            except UserError as err:
                raise UserError([_with_file(p, source) for p in err.problems]) from None
        return self._loaded[persona_id]


def _with_file(problem: Problem, source: str | None) -> Problem:
    if problem.file or not source:
        return problem
    return replace(problem, file=source)


def check_all(
    drafts: Iterable[Draft],
    personas: PersonaCache,
    *,
    persona_id: str | None = None,
    channel: str | None = None,
    intent: str | None = None,
    jobs: int = 1,
) -> Iterator[Result]:
    """Check each draft against its persona; flags (``persona_id``…) win over the draft's own.

    With ``jobs`` > 1, large inputs are checked on that many processes
    (:mod:`persona.check.parallel`); the results are the same, in the same order.
    """
    from persona.check.engine import check_draft

    def resolve(draft: Draft) -> Persona:
        return resolve_context(draft, personas, persona_id=persona_id, channel=channel, intent=intent)

    if jobs > 1:
        from persona.check.parallel import check_parallel
        from persona.inputs import ArchiveDrafts

        def plain() -> Iterator[Result]:
            return check_parallel(drafts, resolve, jobs=jobs, check=check_draft)

        if isinstance(drafts, ArchiveDrafts):  # the workers may render the report too
            from persona.check.rendered import RenderedResults

            return RenderedResults(drafts.files, drafts.lang, resolve, jobs, plain)
        return plain()
    return (check_draft(resolve(draft), draft) for draft in drafts)


def resolve_context(
    draft: Draft,
    personas: PersonaCache,
    *,
    persona_id: str | None = None,
    channel: str | None = None,
    intent: str | None = None,
) -> Persona:
    """Set the draft's persona, channel and intent (flags win over its own) and load its persona."""
    draft.channel = channel or draft.channel
    draft.intent = intent or draft.intent
    chosen = persona_id or draft.persona
    if not chosen:
        raise UserError([Problem("no persona: pass --as ID, or set 'persona:' in the front matter "
                                 "(archives: a 'persona' field)", draft.source)])
    draft.persona = chosen
    return personas.get(chosen, draft.source)


@dataclass
class Tally:
    """Counts over a run: drafts, findings by severity, scores, and whether it fails."""

    fail_on: str = "error"
    drafts: int = 0
    errors: int = 0
    warnings: int = 0
    suggestions: int = 0
    score_total: int = 0
    failed: bool = False

    def add(self, result: Result) -> None:
        counts = result.counts()
        self.drafts += 1
        self.errors += counts["error"]
        self.warnings += counts["warning"]
        self.suggestions += counts["suggestion"]
        self.score_total += result.score
        if not self.failed:
            self.failed = any(at_or_above(f.severity, self.fail_on) for f in result.findings)

    def merge_counts(self, drafts: int, errors: int, warnings: int, suggestions: int, score_total: int,
                     failed: bool) -> None:
        """Add the counts of other drafts of the run (counted by a worker, :mod:`persona.check.rendered`)."""
        self.drafts += drafts
        self.errors += errors
        self.warnings += warnings
        self.suggestions += suggestions
        self.score_total += score_total
        self.failed = self.failed or failed

    @property
    def mean_score(self) -> float:
        return self.score_total / self.drafts if self.drafts else 100.0


def tallied(results: Iterable[Result], tally: Tally) -> Iterator[Result]:
    """Pass results through, counting them into ``tally``."""
    for result in results:
        tally.add(result)
        yield result


class Progress:
    """A one-line ``\\r``-updated counter on a terminal (no dependency, no output elsewhere)."""

    def __init__(self, stream: TextIO | None = None, *, every: float = 0.1) -> None:
        self.stream = stream or sys.stderr
        self.every = every
        self.count = 0
        self._shown = 0.0
        self._started = time.monotonic()

    def wrap(self, results: Iterable[Result]) -> Iterator[Result]:
        """Pass results through, updating the line; clear it at the end."""
        try:
            for result in results:
                self.count += 1
                now = time.monotonic()
                if now - self._shown >= self.every:
                    self._show(now)
                yield result
        finally:
            self.stream.write("\r\033[K")
            self.stream.flush()

    def _show(self, now: float) -> None:
        self._shown = now
        rate = self.count / max(now - self._started, 1e-6)
        self.stream.write(f"\rchecked {self.count:,} drafts ({rate:,.0f}/s)\033[K")
        self.stream.flush()
