"""The rules rewriter as small steps over one shared :class:`~persona.rewrite.steps.document.Document`.

1. :func:`~persona.rewrite.steps.hashtags.trim_hashtags` — at most the channel's ``max_hashtags``;
2. :func:`~persona.rewrite.steps.fixes.apply_fixes` — the checker's own fixes (safe ones; unsafe
   ones too when asked), to a fixed point: retired facts, preferred vocabulary, the formal
   register, contractions, emoji, exclamation marks;
3. :func:`~persona.rewrite.steps.voice.warm_register` — a casual voice warms up a formal draft;
4. :func:`tidy_spacing` — the spaces removals leave behind;
5. :func:`~persona.rewrite.steps.fit.fit_channel` — whole clauses dropped to fit the channel;
6. :func:`~persona.rewrite.steps.signature.add_signature` — the persona's signature, where it fits.

Every step proposes a new text; the document re-checks it and keeps it only when it is no worse
(no new finding, a score no lower, the meaning gate passed), so a step that would make the text
worse is undone and the next step starts from the last good text.
"""

from __future__ import annotations

from collections.abc import Callable

from persona.model import Persona
from persona.rewrite.steps.document import Document
from persona.rewrite.steps.fit import fit_channel
from persona.rewrite.steps.fixes import apply_fixes
from persona.rewrite.steps.hashtags import trim_hashtags
from persona.rewrite.steps.signature import add_signature
from persona.rewrite.steps.voice import warm_register
from persona.rewrite.transforms import tidy

__all__ = ["STEPS", "Document", "rewrite_document"]

Step = Callable[[Document], None]


def tidy_spacing(doc: Document) -> None:
    """Collapse leftover spaces and fix punctuation spacing (:func:`~persona.rewrite.transforms.tidy`)."""
    tidied = tidy(doc.text)
    if tidied != doc.text:
        doc.propose(tidied, [], step="tidy")


STEPS: tuple[Step, ...] = (trim_hashtags, apply_fixes, warm_register, tidy_spacing, fit_channel, add_signature)


def rewrite_document(persona: Persona, message: str, channel: str | None = None, intent: str | None = None,
                     *, unsafe: bool = False) -> Document:
    """Run every step on ``message``; the document holds the text, its check and every change."""
    doc = Document(persona, message, channel, intent, unsafe=unsafe)
    for step in STEPS:
        step(doc)
    return doc
