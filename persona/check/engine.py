"""Run every rule over a draft and turn hits into located findings."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from operator import attrgetter
from typing import TYPE_CHECKING

from persona.check.context import Context, compile_persona
from persona.check.registry import all_rules
from persona.check.rule import Hit, Rule
from persona.check.types import Draft, Edit, Finding, Fix, Result
from persona.text.spans import within

if TYPE_CHECKING:  # the fast check path checks against a snapshot, without pydantic
    from persona.model import Persona


def check_text(
    persona: Persona,
    text: str,
    *,
    channel: str | None = None,
    intent: str | None = None,
    source: str = "-",
    original: str | None = None,
    lang: str | None = None,
    dropped: Iterable[str] = (),
) -> Result:
    """Check a plain message (no front matter, no Markdown) against ``persona``.

    With ``original`` the meaning gate runs too: ``text`` is a rewrite of ``original``
    (``lang``: the language asked for; ``dropped``: clauses the rewriter dropped whole).
    """
    draft = Draft(text=text, source=source, channel=channel, intent=intent, original=original, lang=lang,
                  dropped=tuple(dropped))
    return check_draft(persona, draft)


_ORDER = attrgetter("start", "end", "rule")
_LONE_CR = re.compile("\r(?!\n)")


def check_draft(persona: Persona, draft: Draft, rules: Iterable[Rule] | None = None) -> Result:
    """Every finding of every rule for ``draft``, sorted by position."""
    return check_context(Context(draft, compile_persona(persona)), rules)


def check_context(ctx: Context, rules: Iterable[Rule] | None = None) -> Result:
    """:func:`check_draft` on a context the caller keeps (the rules rewriter reads its tokens)."""
    draft, persona = ctx.draft, ctx.persona
    text = draft.text
    lines: LineIndex | None = None  # built at the first finding: most drafts have few
    findings: list[Finding] = []
    seen: set[tuple[str, int, int]] = set()
    has = {"intent": bool(draft.intent), "original": draft.original is not None}  # for Rule.needs
    for rule in all_rules() if rules is None else rules:
        if rule.needs is not None and not has[rule.needs]:
            continue
        skipped = ctx.skipped(rule.skips) if rule.skips and ctx.skippable else None
        for hit in rule.check(ctx):
            key = (rule.id, hit.start, hit.end)
            if key in seen or (draft.disabled and _disabled(draft, rule.id, hit.start)):
                continue
            if skipped and hit.end > hit.start and within(skipped, hit.start, hit.end):
                continue  # quoted speech, Quran, an e-mail address: not the entity's own words
            seen.add(key)
            if lines is None:
                lines = LineIndex(text)
            findings.append(_finding(rule, hit, text, lines))
    findings.sort(key=_ORDER)
    return Result(draft.source, persona.id, draft.channel, draft.intent, findings, text, draft.origin_line)


def _finding(rule: Rule, hit: Hit, text: str, lines: LineIndex) -> Finding:
    line, column = lines.position(hit.start)
    return Finding(
        rule=rule.id,
        severity=hit.severity or rule.severity,  # type: ignore[arg-type]
        start=hit.start,
        end=hit.end,
        match=text[hit.start:hit.end],
        message=hit.message,
        suggestion=hit.suggestion,
        line=line,
        column=column,
        fix=_fix(rule, hit),
    )


def _fix(rule: Rule, hit: Hit) -> Fix | None:
    """The hit's own fix, else the rule's default: replace the match by the suggestion."""
    if hit.fix is not None:
        return hit.fix
    if rule.fix is None or hit.suggestion is None:
        return None
    return Fix(rule.fix, (Edit(hit.start, hit.end, hit.suggestion),))  # type: ignore[arg-type]


def _disabled(draft: Draft, rule_id: str, offset: int) -> bool:
    return any(start <= offset < end and (rule is None or rule == rule_id)
               for start, end, rule in draft.disabled)


class LineIndex:
    """Offset → (line, column), both 1-based; `\\r\\n`, `\\n` and `\\r` end lines."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        i = 0
        while True:
            j = text.find("\n", i)
            if j < 0:
                break
            self.starts.append(j + 1)
            i = j + 1
        if "\r" in text:  # lone CR line endings (old Mac files)
            lone = {m.end() for m in _LONE_CR.finditer(text)}
            if lone:
                self.starts = sorted(set(self.starts) | lone)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1
