"""Step 2 (rewriter only): a casual voice warms up a formal draft.

For a persona of formality 1 or 2 the built-in "warm" lexicon (``persona/data/warm_<lang>.tsv``)
turns formal phrases into warmer ones ("We are pleased to announce that" → "Great news:"). The
checker has no finding to fix here (a formal phrase is only evidence for ``voice.formality``),
so this is the rewriter's own step; it obeys the same rules as the checker's fixes: guarded
pairs only where their guard allows (:func:`persona.check.swaps.guarded_swap`), nothing inside a
link, handle, hashtag, e-mail, quotation, Quranic verse or name, and the result is kept only if
it is no worse.
"""

from __future__ import annotations

from typing import cast

from persona.check.edits import starts_sentence
from persona.check.swaps import guarded_swap, overlaps, protected_spans
from persona.rewrite.steps.document import Document
from persona.rewrite.steps.plan import WarmSwap
from persona.rewrite.transforms import Edit, apply_edits, tidy
from persona.rewrite.types import Change
from persona.text.inflect import match_case
from persona.text.normalize import fold

__all__ = ["WARMER", "warm_register"]

WARMER = "voice.formality"
_MUST_SEE = frozenset({"vocabulary.avoid", "values.contradiction", "facts.retired"})


def warm_register(doc: Document) -> None:
    """Formal phrases → warmer ones, for a casual persona."""
    matcher = doc.plan.warm
    if not len(matcher):
        return
    text = doc.text
    matches = matcher.find(text, fold(text, letters=False))
    if not matches:
        return
    ctx = doc.context
    protected = [*((s.start, s.end) for s in (*ctx.links, *ctx.handles, *ctx.hashtags)), *protected_spans(text)]
    # What the writer must see stays as written (an avoided term, a contradiction).
    protected += [(f.start, f.end) for f in doc.result.findings if f.rule in _MUST_SEE]
    edits: list[Edit] = []
    changes: list[Change] = []
    taken: list[tuple[int, int]] = []
    for match in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        swap = cast(WarmSwap, match.payload)
        if overlaps(match.start, match.end, [*taken, *protected]):
            continue
        guarded, safe = guarded_swap(swap.lang, swap.source, swap.target, swap.greeting, text, match.start,
                                      match.end)
        new = swap.target if guarded is None else guarded
        if guarded is None:
            safe = swap.safe  # the lexicon's flag
        if not safe and not doc.unsafe:
            continue
        if swap.lang != "ar":
            new = match_case(match.text, swap.source, new, sentence_start=starts_sentence(text, match.start))
        taken.append((match.start, match.end))
        edits.append(Edit(match.start, match.end, new))
        changes.append(Change(WARMER, match.text, new))
    if edits:
        doc.propose(tidy(apply_edits(text, edits)), changes, step="warm register")
