"""A draft with what the checker flags in it: the real check, run at build time, its findings
numbered, their spans marked.

:func:`annotate` checks a text against a persona (findings in the page's language) and
returns an :class:`Annotated` draft: the text cut into plain and flagged segments (overlapping
findings share one ``<mark>``), every finding with its number, and the ones that belong to the
message as a whole (a missing link, the register) apart. The HTML is the template's job
(``_macros.j2``: ``annotated``); each mark names its findings' numbers and messages, and points
at the legend with ``aria-describedby``, so the flags are readable without colour or a mouse.

When the checker is not available the guide shows the text unannotated (``None``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from persona.model import Persona

if TYPE_CHECKING:
    from persona.check.types import Finding


@dataclass(frozen=True, slots=True)
class Flag:
    """One finding of the check, numbered from 1 in the order of the text."""

    number: int
    rule: str
    severity: str
    message: str
    match: str
    start: int
    end: int
    suggestion: str | None = None
    fix: tuple[tuple[int, int, str], ...] = ()  # the finding's edits (start, end, text), when it has a fix
    entry: tuple[str, int] | None = None  # the persona entry it matched: ("prefer" | "avoid" | "values", index)


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    flags: tuple[Flag, ...] = ()  # empty: plain text

    @property
    def severity(self) -> str:
        """The gravest severity among the segment's flags."""
        order = ("error", "warning", "suggestion")
        return min((f.severity for f in self.flags), key=order.index, default="suggestion")

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(f.number for f in self.flags)

    @property
    def title(self) -> str:
        return " · ".join(f"{f.number}. {f.message}" for f in self.flags)


@dataclass(slots=True)
class Annotated:
    text: str
    score: int
    flags: list[Flag] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)

    @property
    def whole(self) -> list[Flag]:
        """Findings about the message as a whole (no span of their own)."""
        return [f for f in self.flags if f.end <= f.start]


def annotate(persona: Persona, text: str, lang: str, channel: str | None = None,
             intent: str | None = None) -> Annotated | None:
    """``text`` checked against ``persona``, with messages in ``lang``; None without a checker."""
    try:
        from persona.check.context import Context, Term, compile_persona
        from persona.check.engine import check_context
        from persona.check.types import Draft
    except ImportError:
        return None
    ctx = Context(Draft(text=text, channel=channel, intent=intent, lang=lang), compile_persona(persona))
    result = check_context(ctx)
    matched = {(m.start, m.end, m.payload.kind): m.payload.entry
               for m in ctx.term_matches if isinstance(m.payload, Term)}
    flags = _flags(result.findings, lambda f: _entry(persona, matched, f))
    return Annotated(text, result.score, flags, segments(text, flags))


_KINDS = {"vocabulary.prefer": "prefer", "vocabulary.avoid": "avoid", "values.contradiction": "contradiction"}


def _entry(persona: Persona, matched: dict[tuple[int, int, str], object], finding: Finding) -> tuple[str, int] | None:
    """Which vocabulary entry or claim of the persona a finding matched, by its place in the file."""
    kind = _KINDS.get(finding.rule)
    entry = matched.get((finding.start, finding.end, kind)) if kind else None
    if entry is None:
        return None
    lists: dict[str, tuple[str, Sequence[object]]] = {
        "prefer": ("prefer", persona.vocabulary.prefer), "avoid": ("avoid", persona.vocabulary.avoid),
        "contradiction": ("values", persona.values)}
    name, items = lists[kind]  # type: ignore[index]
    index = next((i for i, item in enumerate(items) if item is entry), None)
    if index is None:
        index = next((i for i, item in enumerate(items) if item == entry), None)
    return (name, index) if index is not None else None


def _flags(findings: Sequence[Finding], entry_of: Callable[[Finding], tuple[str, int] | None]) -> list[Flag]:
    ordered = sorted(findings, key=lambda f: (f.end <= f.start, f.start, f.end, f.rule))
    return [
        Flag(number, f.rule, str(f.severity), f.message, f.match, f.start, f.end, f.suggestion,
             tuple((e.start, e.end, e.text) for e in f.fix.edits) if f.fix else (), entry_of(f))
        for number, f in enumerate(ordered, start=1)
    ]


def segments(text: str, flags: Sequence[Flag]) -> list[Segment]:
    """``text`` cut at every flag's edges; each piece carries the flags that cover it. Adjacent
    pieces with the same flags are one segment, so overlapping findings make one mark each run."""
    spans = [f for f in flags if f.end > f.start]
    cuts = sorted({0, len(text), *(f.start for f in spans), *(f.end for f in spans)})
    out: list[Segment] = []
    for start, end in pairwise(cuts):
        covering = tuple(f for f in spans if f.start <= start and end <= f.end)
        piece = text[start:end]
        if out and out[-1].flags == covering:
            out[-1] = Segment(out[-1].text + piece, covering)
        else:
            out.append(Segment(piece, covering))
    return out


_SENTENCE_END = re.compile(r"[!?؟\n]+|\.(?=\s|$)|…")
_CLAUSE_END = re.compile(r"[!?؟\n]+|\.(?=\s|$)|…|[،؛;]|,(?=\s)")


def sentence_of(text: str, start: int, end: int, *, clause: bool = False) -> tuple[int, int]:
    """The bounds of the sentence (or, with ``clause``, the clause) around ``text[start:end]``.
    A full stop ends a sentence only before a space or the end (never inside a link), and a
    flagged run of terminators (a «!!») ends it where it ends."""
    pattern = _CLAUSE_END if clause else _SENTENCE_END
    begin = 0
    for match in pattern.finditer(text, 0, start):
        begin = match.end()
    found = pattern.search(text, end)
    stop = found.end() if found else len(text)
    if end > start and pattern.fullmatch(text, end - 1, end):
        stop = end
    while begin < start and text[begin].isspace():
        begin += 1
    return begin, stop
