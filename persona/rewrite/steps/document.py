"""The one document every step of the rules rewriter works on, and the rule that keeps it no worse.

A :class:`Document` holds the message being rewritten, the checker's result for its current
text (findings with their fixes, computed once per text and shared by every step: no step
re-scans the text for what the checker already found), the changes made so far and what fitting
dropped. A step never writes the text directly: it :meth:`~Document.propose` a new one, which
is checked and kept only when it is no worse:

* its score is not lower and no rule has more findings than before (a step that adds a
  finding is undone);
* it passes the meaning gate (:func:`persona.check.meaning.meaning_findings`): every number,
  date, link, handle, e-mail, hashtag of the persona's and quotation of the original is still
  there (or was dropped whole by fitting, and reported), nothing is added, the language is kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from persona.check.context import Context, compile_persona
from persona.check.engine import check_draft
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
        self.result: Result = self.check(message)
        self._context: tuple[str, Context] | None = None
        self._baseline_meaning: int | None = None

    # -- reading ----------------------------------------------------------------------------------

    def check(self, text: str) -> Result:
        """The persona's checker on ``text``."""
        return check_draft(self.persona, Draft(text=text, source="rewrite", channel=self.channel,
                                               intent=self.intent))

    @property
    def context(self) -> Context:
        """The checker's view of the current text (its tokens: hashtags, links, sentences…), built once."""
        return self.context_of(self.text)

    def context_of(self, text: str) -> Context:
        """The checker's view of ``text`` (the last one is kept)."""
        if self._context is None or self._context[0] != text:
            draft = Draft(text=text, source="rewrite", channel=self.channel, intent=self.intent)
            self._context = (text, Context(draft, compile_persona(self.persona)))
        return self._context[1]

    def has(self, rule: str) -> bool:
        """Does the current text have a finding of ``rule``?"""
        return any(f.rule == rule for f in self.result.findings)

    def length(self, text: str) -> int:
        """The length of ``text`` as the channel counts it."""
        return xcount.length_for_channel(self.channel or "", text)

    # -- writing ----------------------------------------------------------------------------------

    def propose(self, text: str, changes: Iterable[Change], *, step: str, dropped: Iterable[str] = (),
                gate: bool = True, result: Result | None = None) -> bool:
        """Keep ``text`` if it is no worse than the current text (see the module); True when kept.

        ``gate=False`` skips the meaning gate, for steps that cannot lose or add a detail (the
        signature adds only the persona's own facts). ``result``: the check of ``text``, when the
        step has it already.
        """
        if text == self.text:
            return False
        dropped = list(dropped)
        result = result if result is not None and result.text == text else self.check(text)
        if not self._no_worse(result) or (gate and self._breaks_meaning(text, [*self.dropped, *dropped])):
            self.undone.append(step)
            return False
        self.text, self.result = text, result
        self.changes.extend(c for c in changes if c.from_ != c.to)
        self.dropped.extend(dropped)
        return True

    def _no_worse(self, result: Result) -> bool:
        if result.score < self.result.score:
            return False
        before = Counter(f.rule for f in self.result.findings)
        return all(before[rule] >= count for rule, count in Counter(f.rule for f in result.findings).items())

    def _breaks_meaning(self, text: str, dropped: list[str]) -> bool:
        from persona.check.gate import meaning_findings

        found = len(meaning_findings(self.persona, self.source, text, dropped=dropped,
                                     channel=self.channel, intent=self.intent))
        if not found:
            return False
        if self._baseline_meaning is None:  # what the original already "fails" against itself
            self._baseline_meaning = len(meaning_findings(self.persona, self.source, self.source,
                                                          channel=self.channel, intent=self.intent))
        return found > self._baseline_meaning
