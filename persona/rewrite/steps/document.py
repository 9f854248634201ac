"""The one document every step of the rules rewriter works on, and the rule that keeps it no worse.

A :class:`Document` holds the message being rewritten, the checker's result for its current
text (findings with their fixes) and the checker's context for it (its tokens: links, hashtags,
sentences…), both computed once per text and shared by every step: no step re-scans the text
for what the checker already found. It also holds the changes made so far and what fitting
dropped. A step never writes the text directly: it :meth:`~Document.propose` a new one, which is
checked (one pass of the checker, the meaning gate included: the candidate is a rewrite of the
original message) and kept only when it is no worse:

* its score is not lower and no rule has more findings than before (a step that adds a
  finding is undone);
* so it passes the meaning gate (``meaning.lost``, ``meaning.added``, ``meaning.language``:
  every number, date, link, handle, e-mail, hashtag of the persona's and quotation of the
  original is still there, or was dropped whole by fitting and reported; nothing is added; the
  language is kept).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from persona.check.context import Context, compile_persona
from persona.check.engine import check_context
from persona.check.types import Draft, Result
from persona.model import Channel, Persona
from persona.rewrite.steps.plan import Plan, plan_for
from persona.rewrite.types import Change
from persona.text import xcount

__all__ = ["Document"]


class Document:
    """A message being rewritten for one persona, with the check of its current text."""

    def __init__(self, persona: Persona, message: str, channel: str | None = None,
                 intent: str | None = None, *, unsafe: bool = False, source: str | None = None,
                 dropped: Iterable[str] = ()) -> None:
        """``source``: the original the meaning gate compares with (default: ``message`` itself),
        ``dropped``: what fitting dropped from it already (when resuming from an earlier rewrite)."""
        self.persona = persona
        self.plan: Plan = plan_for(persona)
        self.source = message if source is None else source
        self.channel = channel
        self.intent = intent
        self.unsafe = unsafe
        self.limits: Channel = (persona.channel(channel) if channel else None) or Channel()
        self.text = message
        self.changes: list[Change] = []
        self.dropped: list[str] = list(dropped)  # clauses fitting removed whole (reported as changes)
        self.undone: list[str] = []  # what was tried and undone, for the curious (not reported)
        self.context, self.result = self._checked(message, self.dropped)

    # -- reading ----------------------------------------------------------------------------------

    def checked(self, text: str) -> tuple[Context, Result]:
        """The checker's context for ``text`` and its result (the meaning gate included)."""
        return self._checked(text, self.dropped)

    def _checked(self, text: str, dropped: list[str]) -> tuple[Context, Result]:
        draft = Draft(text=text, source="rewrite", channel=self.channel, intent=self.intent,
                      original=self.source, dropped=tuple(dropped))
        ctx = Context(draft, compile_persona(self.persona))
        return ctx, check_context(ctx)

    def check(self, text: str) -> Result:
        """The persona's checker on ``text``, the meaning gate against the original included."""
        return self._checked(text, self.dropped)[1]

    def context_of(self, text: str) -> Context:
        """The checker's view of ``text`` (the current text's is kept)."""
        if text == self.text:
            return self.context
        return Context(Draft(text=text, source="rewrite", channel=self.channel, intent=self.intent),
                       compile_persona(self.persona))

    def has(self, rule: str) -> bool:
        """Does the current text have a finding of ``rule``?"""
        return any(f.rule == rule for f in self.result.findings)

    def length(self, text: str) -> int:
        """The length of ``text`` as the channel counts it."""
        return xcount.length_for_channel(self.channel or "", text)

    # -- writing ----------------------------------------------------------------------------------

    def propose(self, text: str, changes: Iterable[Change], *, step: str, dropped: Iterable[str] = (),
                checked: tuple[Context, Result] | None = None) -> bool:
        """Keep ``text`` if it is no worse than the current text (see the module); True when kept.

        ``checked``: :meth:`checked` of ``text``, when the step has it already.
        """
        if text == self.text:
            return False
        new = list(dropped)
        dropped = [*self.dropped, *new]
        if checked is not None and checked[1].text == text and not new:
            context, result = checked
        else:
            context, result = self._checked(text, dropped)
        if not self._no_worse(result):
            self.undone.append(step)
            return False
        self.text, self.result, self.context = text, result, context
        self.changes.extend(c for c in changes if c.from_ != c.to)
        self.dropped = dropped
        return True

    def _no_worse(self, result: Result) -> bool:
        if result.score < self.result.score:
            return False
        before = Counter(f.rule for f in self.result.findings)
        return all(before[rule] >= count for rule, count in Counter(f.rule for f in result.findings).items())
