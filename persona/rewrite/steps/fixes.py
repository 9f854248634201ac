"""Step 1: apply the checker's own fixes, to a fixed point.

The rewriter knows no fix of its own: every edit here is a :class:`~persona.check.types.Fix` the
checker attached to a finding, so ``persona check --fix`` and ``persona rewrite`` write the same
text. Only fixes that apply are used: ``safe`` ones, and ``unsafe`` ones when asked for
(``--unsafe-fixes``). A fix is never applied where it would edit what is not the writer's prose:
a link, handle, hashtag, e-mail address, quotation, Quranic verse or name. The one exception is a
retired fact replaced whole by the current one (a retired link, number or hashtag).

Greetings change register together or not at all: when one casual greeting of the message cannot
be replaced safely («هاي كيفك؟» is left for the writer: «هاي» is also "this"), none is, so that a
message never opens in dialect and closes in MSA («هاي كيفك؟ إلى اللقاء»).

All fixes of a pass are applied together and the result is proposed to the document (re-checked,
meaning gate). When that is refused, the fixes are tried one at a time, each kept only if it is no
worse; then the checker's findings for the new text give the next pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from persona import lexicons
from persona.check.context import Context
from persona.check.swaps import overlaps, protected_spans
from persona.check.types import Edit, Finding, Fix, Result
from persona.rewrite.steps.document import Document
from persona.rewrite.transforms import tidy
from persona.rewrite.types import Change
from persona.text.normalize import fold

__all__ = ["apply_fixes", "fixes_to_apply"]

MAX_PASSES = 6
MAX_SINGLE = 40
_WHOLE_TOKEN_RULES = frozenset({"facts.retired"})
_INFORMAL = "voice.informal"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A finding and the fix the rewriter may apply for it."""

    finding: Finding
    fix: Fix

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return self.finding.rule, self.finding.match, tuple(e.text for e in self.fix.edits)


def apply_fixes(doc: Document) -> None:
    """Apply the checker's fixes until none is left that applies, then keep the result if it is no
    worse; otherwise apply them one at a time, keeping each one that is no worse."""
    text, checked, changes = doc.text, (doc.context, doc.result), []
    for _ in range(MAX_PASSES):  # to a fixed point: a fix can bring a finding to light
        candidates = fixes_to_apply(doc, text, checked)
        if not candidates:
            break
        text, made = _splice(text, candidates)
        checked = doc.checked(text)
        changes += made
    if text == doc.text or doc.propose(text, changes, step="fixes", checked=checked):
        return
    refused: set[tuple[str, str, tuple[str, ...]]] = set()
    for _ in range(MAX_SINGLE):
        candidate = next((c for c in fixes_to_apply(doc) if c.key not in refused), None)
        if candidate is None:
            return
        if doc.propose(*_splice(doc.text, [candidate]), step=f"fix {candidate.finding.rule}"):
            refused.clear()  # a fix kept can make one refused before acceptable
        else:
            refused.add(candidate.key)


def fixes_to_apply(doc: Document, text: str | None = None,
                   checked: tuple[Context, Result] | None = None) -> list[Candidate]:
    """The fixes of ``checked`` (the context and check of ``text``; default: the document's) the
    rewriter may apply, first come first, none overlapping."""
    text = doc.text if text is None else text
    ctx, result = checked or (doc.context, doc.result)
    tokens = [(s.start, s.end) for s in (*ctx.links, *ctx.handles, *ctx.hashtags)]
    whole = {*tokens, *((p.start, p.end) for p in ctx.phones)}
    protected = [*tokens, *protected_spans(text)]
    taken: list[tuple[int, int]] = []
    out: list[Candidate] = []
    greetings_stay = any(_is_greeting(f) and (f.fix is None or not f.fix.applies(doc.unsafe))
                         for f in result.findings)
    for finding in result.findings:
        fix = finding.fix
        if fix is None or not fix.applies(doc.unsafe) or not fix.edits:
            continue
        if greetings_stay and _is_greeting(finding):
            continue
        spans = [(e.start, e.end) for e in fix.edits]
        if any(overlaps(s, e, taken) for s, e in spans):
            continue
        if any(_guarded(finding.rule, s, e, protected, whole) for s, e in spans):
            continue
        taken.extend(spans)
        out.append(Candidate(finding, fix))
    return out


def _is_greeting(finding: Finding) -> bool:
    return finding.rule == _INFORMAL and fold(finding.match.strip()).text.lower() in _greetings()


@cache
def _greetings() -> frozenset[str]:
    """The casual greetings the checker knows (``informal_<lang>.txt``, category ``greeting``), folded."""
    return frozenset(fold(t.term).text.lower() for lang in ("ar", "en")
                     for t in lexicons.informal_terms(lang) if t.category == "greeting")


def _guarded(rule: str, start: int, end: int, protected: list[tuple[int, int]], whole: set[tuple[int, int]]) -> bool:
    if rule in _WHOLE_TOKEN_RULES and (start, end) in whole:
        return False
    return overlaps(start, end, protected)


def _splice(text: str, candidates: list[Candidate]) -> tuple[str, list[Change]]:
    """``text`` with every candidate's edits applied (tidied), and the changes they make."""
    edits: list[Edit] = sorted((e for c in candidates for e in c.fix.edits), key=lambda e: (e.start, e.end))
    changes = [change for c in candidates for change in _changes(text, c)]
    pieces, last = [], 0
    for edit in edits:
        pieces += [text[last:edit.start], edit.text]
        last = edit.end
    pieces.append(text[last:])
    return tidy("".join(pieces)), changes


def _changes(text: str, candidate: Candidate) -> list[Change]:
    """One change per edit, as the writer sees it (a letter only re-cased is not a change)."""
    out = []
    for edit in candidate.fix.edits:
        old, new = text[edit.start:edit.end].strip(), edit.text.strip()
        if old != new and not (len(old) == 1 and old.lower() == new.lower()):
            out.append(Change(candidate.finding.rule, old, new))
    return out
