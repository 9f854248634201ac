"""The checker's data: drafts in, findings out. Shared by rules, inputs and reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "suggestion"]
#: How safe a fix is, as in ruff: ``safe`` keeps meaning and grammar for certain (``--fix``
#: applies it), ``unsafe`` is probably right but needs a human (``--unsafe-fixes``), ``display``
#: is only shown.
Applicability = Literal["safe", "unsafe", "display"]
APPLICABILITY_ORDER: dict[str, int] = {"display": 0, "unsafe": 1, "safe": 2}
SEVERITY_ORDER: dict[str, int] = {"suggestion": 1, "warning": 2, "error": 3}
PENALTY: dict[str, int] = {"error": 10, "warning": 3, "suggestion": 1}


# Edit, Fix and Finding are not frozen: a frozen dataclass sets each field through
# object.__setattr__, which makes building one 4x dearer, and they are built for every finding of
# every post. Treat them as immutable (they hash by value).
@dataclass(slots=True, unsafe_hash=True)
class Edit:
    """Replace ``source_text[start:end]`` with ``text`` (offsets as for a finding)."""

    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True, unsafe_hash=True)
class Fix:
    """The edits that fix a finding, and how safe they are to apply without a human."""

    applicability: Applicability
    edits: tuple[Edit, ...]

    def to_json(self) -> dict[str, object]:
        return {"applicability": self.applicability, "edits": [e.to_json() for e in self.edits]}

    def applies(self, unsafe: bool = False) -> bool:
        """Is this fix applied by ``--fix`` (or, with ``unsafe``, by ``--unsafe-fixes``)?"""
        return self.applicability == "safe" or (unsafe and self.applicability == "unsafe")


@dataclass(slots=True, unsafe_hash=True)
class Finding:
    """One thing in a draft that breaks the persona, located in the draft's original text."""

    rule: str
    severity: Severity
    start: int  # 0-based character offset into the draft's source text
    end: int
    match: str  # == source_text[start:end]
    message: str
    suggestion: str | None = None
    line: int = 1  # 1-based
    column: int = 1  # 1-based, in characters (code points)
    fix: Fix | None = None

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rule": self.rule,
            "severity": self.severity,
            "line": self.line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
            "match": self.match,
            "message": self.message,
            "suggestion": self.suggestion,
        }
        if self.fix is not None:  # optional, after the contract's fields (additive)
            out["fix"] = self.fix.to_json()
        return out


@dataclass(slots=True)
class Draft:
    """A draft to check: its full source text and the context of the check.

    ``text`` is the whole source as read (front matter included) so that offsets
    slice it exactly. ``body_start`` is where the message itself begins.
    """

    text: str
    source: str = "-"
    persona: str | None = None
    channel: str | None = None
    intent: str | None = None
    body_start: int = 0
    # Half-open ranges of `text` that are not prose (front matter, code, link targets).
    non_prose: list[tuple[int, int]] = field(default_factory=list)
    # (start, end, rule or None for all rules) ranges where rules are turned off.
    disabled: list[tuple[int, int, str | None]] = field(default_factory=list)
    # The meaning gate (``persona check REWRITE --source ORIGINAL``): the original message this
    # draft rewrites, the language asked for (--lang; None: the original's) and the clauses the
    # rewriter dropped whole to fit the channel (reported as changes, not lost).
    original: str | None = None
    lang: str | None = None
    dropped: tuple[str, ...] = ()
    markdown: bool = False  # parsed as Markdown (so a fixed version is parsed again)
    origin_line: int | None = None  # a post of an archive: the archive's line where the post starts


@dataclass(slots=True)
class Result:
    """The findings for one draft."""

    source: str
    persona: str
    channel: str | None
    intent: str | None
    findings: list[Finding]
    text: str = ""  # the draft's source text, for rendering the offending line
    origin_line: int | None = None  # a post of an archive: its line in the archive (SARIF, GitHub)

    @property
    def score(self) -> int:
        return max(0, 100 - sum(PENALTY[f.severity] for f in self.findings))

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "suggestion": 0}
        for finding in self.findings:
            out[finding.severity] += 1
        return out

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "persona": self.persona,
            "channel": self.channel,
            "intent": self.intent,
            "score": self.score,
            "findings": [f.to_json() for f in self.findings],
        }


def at_or_above(severity: str, threshold: str) -> bool:
    """Does a finding of ``severity`` count for ``--fail-on threshold``? (never → False)."""
    if threshold == "never":
        return False
    return SEVERITY_ORDER[severity] >= SEVERITY_ORDER[threshold]
