"""The rewriter's data and its one small backend interface.

A backend turns a :class:`Request` into a :class:`Candidate`, and may be asked to repair
its last candidate given the checker's findings; it never checks. The one loop that
checks, repairs and picks the result is :mod:`persona.rewrite.service`; the registry of
backends (rules, openai, fake) is :mod:`persona.rewrite.backends`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from persona.check.types import Finding, Result
from persona.model import Persona


@dataclass(frozen=True, slots=True)
class Change:
    """One edit the rewriter made, named by the rule it serves."""

    rule: str
    from_: str
    to: str

    def to_json(self) -> dict[str, str]:
        return {"rule": self.rule, "from": self.from_, "to": self.to}


@dataclass(slots=True)
class Request:
    """What to rewrite, for whom, and where it will be published."""

    message: str
    persona: Persona
    channel: str | None = None
    intent: str | None = None
    lang: str | None = None  # the language asked for (a translation); None: the message's
    #: The checker's findings on the message itself (what this message needs fixing).
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate:
    """What a backend answered: a text, the changes it knows it made, and clauses it dropped whole."""

    text: str
    changes: tuple[Change, ...] = ()
    dropped: tuple[str, ...] = ()  # clauses cut to fit the channel (reported, not "lost")
    #: The checker's verdict on ``text`` when the backend has it already (the rules backend checks
    #: every step as a rewrite of the message): the loop then does not check it again.
    check: Result | None = None


@dataclass(frozen=True, slots=True)
class Attempt:
    """A candidate and the checker's verdict on it (persona rules and the meaning gate)."""

    candidate: Candidate
    check: Result

    @property
    def text(self) -> str:
        return self.candidate.text

    @property
    def keeps_meaning(self) -> bool:
        """Does it pass the meaning gate (no ``meaning.*`` finding)?"""
        return not any(f.rule.startswith("meaning.") for f in self.check.findings)


@dataclass(slots=True)
class Rewrite:
    """A rewritten message, verified by the checker (`score`/`findings` are the check of `text`)."""

    persona: str
    backend: str
    channel: str | None
    text: str
    changes: list[Change] = field(default_factory=list)
    check: Result | None = None
    attempts: list[str] = field(default_factory=list)  # every candidate text, first to last
    #: False: no attempt kept the message's meaning; ``text`` is then the original, unchanged,
    #: and ``findings`` those of the best rejected attempt (``rejected``).
    accepted: bool = True
    rejected: str | None = None  # the best rejected attempt, when none was accepted
    dropped: tuple[str, ...] = ()  # clauses cut whole to fit the channel

    @property
    def findings(self) -> list[Finding]:
        return self.check.findings if self.check else []

    @property
    def score(self) -> int:
        """The check's score; 0 when nothing was checked or no attempt was acceptable (never 100)."""
        if self.check is None or not self.accepted:
            return 0
        return self.check.score

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "persona": self.persona,
            "backend": self.backend,
            "channel": self.channel,
            "text": self.text,
            "changes": [c.to_json() for c in self.changes],
            "score": self.score,
            "findings": [f.to_json() for f in self.findings],
        }
        if not self.accepted:  # additive: the contract's fields keep their meaning
            out["accepted"] = False
            out["rejected"] = self.rejected
        return out


class Backend(Protocol):
    """Turns a message into a persona's voice. Backends do not verify; the one loop checks.

    ``answer`` gives the first candidate; ``repair`` a new one given the last attempt and the
    findings to fix, or None when this backend cannot do better (the rules backend). ``identity``
    is what makes its answers differ (part of the cache key), or None: not cached.
    """

    name: str
    concurrent: bool  # are many rewrites at once faster (model calls wait on the network)?

    def prepare(self) -> None:
        """Fail early, once, on what would fail every rewrite (no API key…)."""
        ...

    def answer(self, request: Request) -> Candidate:
        ...

    def repair(self, request: Request, last: Attempt, findings: Sequence[Finding]) -> Candidate | None:
        ...

    def identity(self) -> dict[str, Any] | None:
        ...
