"""Applying the checker's fixes to a text: the one engine behind ``check --fix``, the rules
rewriter and the desk.

* :func:`apply_fixes` — one pass: the fixes that apply (``safe``; ``unsafe`` too when
  asked; ``display`` never) in the order of their first edit; a fix that overlaps one
  already taken (or touches text before ``protect_before``: the front matter) is left
  for the next pass; every fix's edits go in together or not at all.
* :func:`fix_to_fixed_point` — apply, re-check, apply again… until no fix applies, the
  text stops changing (or comes back to an earlier state), or ``max_passes``.
* :func:`fix_draft` / :func:`fix_text` — the same for a :class:`Draft` or a plain message
  against a persona, with the re-check done by the engine.

Offsets are those of the findings: into the text as it was checked (front matter
included). Line endings are never touched: an edit replaces only its own span.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING

from persona.check.types import Draft, Edit, Finding, Fix, Result

if TYPE_CHECKING:
    from persona.model import Persona

__all__ = ["FixOutcome", "apply_fixes", "fix_draft", "fix_text", "fix_to_fixed_point", "fixable"]

#: Re-checks at most: every pass fixes at least one finding, and fixes never feed each
#: other for long (a replacement is the persona's own wording, which no rule flags).
MAX_PASSES = 10


@dataclass(frozen=True, slots=True)
class FixOutcome:
    """What fixing did: the text before and after, the result of checking the text after."""

    original: str
    text: str
    result: Result  # the findings that remain, located in ``text``
    applied: int  # fixes applied, over every pass
    passes: int  # passes that changed the text

    @property
    def changed(self) -> bool:
        return self.text != self.original


def fixable(finding: Finding, *, unsafe: bool = False) -> bool:
    """Would ``--fix`` (``--unsafe-fixes`` with ``unsafe``) apply this finding's fix?"""
    return finding.fix is not None and bool(finding.fix.edits) and finding.fix.applies(unsafe)


def apply_fixes(
    text: str, fixes: Iterable[Fix], *, unsafe: bool = False, protect_before: int = 0
) -> tuple[str, list[Fix]]:
    """``text`` with every applicable, non-overlapping fix applied; and the fixes applied.

    Fixes are taken in the order of their first edit (then their last): a fix whose
    edits overlap an edit already taken, or reach before ``protect_before``, is skipped.
    Two insertions at the same offset overlap; a replacement that ends where another
    starts does not.
    """
    candidates = [f for f in fixes if f.edits and f.applies(unsafe)]
    candidates.sort(key=_fix_order)
    taken: list[Edit] = []
    applied: list[Fix] = []
    for fix in candidates:
        edits = sorted(fix.edits, key=_edit_order)
        if any(e.start < protect_before or e.end > len(text) or e.start > e.end for e in edits):
            continue
        if _overlaps_itself(edits) or any(_overlap(e, t) for e in edits for t in taken):
            continue
        taken.extend(edits)
        applied.append(fix)
    if not taken:
        return text, []
    taken.sort(key=_edit_order)
    parts: list[str] = []
    last = 0
    for edit in taken:
        parts.append(text[last:edit.start])
        parts.append(edit.text)
        last = edit.end
    parts.append(text[last:])
    return "".join(parts), applied


def _edit_order(edit: Edit) -> tuple[int, int]:
    return edit.start, edit.end


def _fix_order(fix: Fix) -> tuple[int, int]:
    return min(e.start for e in fix.edits), max(e.end for e in fix.edits)


def _overlap(a: Edit, b: Edit) -> bool:
    return (a.start < b.end and b.start < a.end) or a.start == b.start


def _overlaps_itself(edits: list[Edit]) -> bool:
    return any(_overlap(a, b) for a, b in pairwise(edits))


def fix_to_fixed_point(
    text: str,
    check: Callable[[str], Result],
    *,
    unsafe: bool = False,
    protect_before: int = 0,
    max_passes: int = MAX_PASSES,
) -> FixOutcome:
    """Check ``text``, apply its fixes, re-check… until nothing applies or ``max_passes``.

    ``check`` checks a version of the text (the engine, with the draft's context). The
    outcome's result is always the check of the outcome's text. A pass that would bring
    the text back to an earlier version stops the loop (two rules undoing each other).
    """
    original = text
    result = check(text)
    seen = {text}
    applied = passes = 0
    while passes < max_passes:
        fixes = [f.fix for f in result.findings if f.fix is not None]
        new_text, done = apply_fixes(text, fixes, unsafe=unsafe, protect_before=protect_before)
        if not done or new_text in seen:
            break
        seen.add(new_text)
        text, applied, passes = new_text, applied + len(done), passes + 1
        result = check(text)
    return FixOutcome(original, text, result, applied, passes)


def fix_draft(persona: Persona, draft: Draft, *, unsafe: bool = False,
              max_passes: int = MAX_PASSES) -> FixOutcome:
    """Fix ``draft`` against ``persona`` to a fixed point; the front matter is never edited.

    Each version is checked as the draft was: a Markdown draft is parsed again (its code,
    link targets and disable comments move with the edits), a plain-text one is not; the
    draft's persona, channel and intent are kept.
    """
    from persona.check.engine import check_draft

    def check(text: str) -> Result:
        return check_draft(persona, draft if text == draft.text else redraft(draft, text))

    return fix_to_fixed_point(draft.text, check, unsafe=unsafe, protect_before=draft.body_start,
                              max_passes=max_passes)


def fix_text(persona: Persona, text: str, *, channel: str | None = None, intent: str | None = None,
             unsafe: bool = False, source: str = "-") -> FixOutcome:
    """Fix a plain message (no front matter, no Markdown) against ``persona``."""
    return fix_draft(persona, Draft(text=text, source=source, channel=channel, intent=intent), unsafe=unsafe)


def redraft(draft: Draft, text: str) -> Draft:
    """``draft`` with a new text: parsed as Markdown again when it was Markdown."""
    if not draft.markdown:
        return replace(draft, text=text)
    from persona.check.markdown import parse_draft

    parsed = parse_draft(text, draft.source)
    return replace(draft, text=text, body_start=parsed.body_start, non_prose=parsed.non_prose,
                   disabled=parsed.disabled)
