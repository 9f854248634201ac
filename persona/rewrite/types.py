"""The rewriter's data and its one small backend interface."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

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

    @property
    def findings(self) -> list[Finding]:
        return self.check.findings if self.check else []

    @property
    def score(self) -> int:
        return self.check.score if self.check else 100

    def to_json(self) -> dict[str, object]:
        return {
            "persona": self.persona,
            "backend": self.backend,
            "channel": self.channel,
            "text": self.text,
            "changes": [c.to_json() for c in self.changes],
            "score": self.score,
            "findings": [f.to_json() for f in self.findings],
        }


class Backend(Protocol):
    """Turns a message into a persona's voice. Backends do not verify; the caller checks."""

    name: str

    def rewrite(self, request: Request) -> tuple[str, list[Change]]:
        """The rewritten text and the changes made (may be empty for model backends)."""
        ...
