"""values.contradiction: a phrase that contradicts one of the persona's public claims."""

from __future__ import annotations

from collections.abc import Iterator

from persona.check.context import Context, Term
from persona.check.messages import say
from persona.check.negation import framing
from persona.check.rule import Hit, fires, passes, rule
from persona.text_fields import text_in


@rule(
    "values.contradiction",
    "error",
    "A phrase that contradicts one of the persona's public claims; the message names the claim.",
    examples=[
        fires("Please print the form and bring it to us.", "en"),
        fires("يرجى طباعة النموذج وتسليمه إلى الإدارة المختصة.", "ar"),
        fires("اطبعوا النموذج ثم اطبع النموذج الثاني.", "ar"),
        passes("Please fill in the form online.", "en"),
        passes("يرجى تعبئة النموذج إلكترونيًا.", "ar"),
        passes("لن تحتاج بعد اليوم إلى طباعة النموذج.", "ar"),
        passes("There is no need to visit our office anymore.", "en"),
    ],
)
def contradiction(ctx: Context) -> Iterator[Hit]:
    for match in ctx.term_matches:
        term = match.payload
        if isinstance(term, Term) and term.kind == "contradiction":
            if framing(ctx.text, match.start, match.end, past=False):
                continue  # «لن تحتاج إلى زيارة الفرع», "no need to visit our office": agrees with the claim
            lang = ctx.message_language
            claim = text_in(term.claim, lang)
            yield Hit(match.start, match.end, say("values.contradiction", lang, match=match.text, claim=claim))
