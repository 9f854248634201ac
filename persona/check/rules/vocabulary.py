"""vocabulary.prefer and vocabulary.avoid: the persona's own word lists."""

from __future__ import annotations

from collections.abc import Iterator

from persona.check.context import Context, Term
from persona.check.edits import starts_sentence
from persona.check.messages import say
from persona.check.negation import negated_promise
from persona.check.rule import Hit, fires, passes, rule
from persona.check.swaps import overlaps, prefer_is_safe, protected_of
from persona.check.types import Edit, Fix
from persona.text.inflect import inflect_like, match_case
from persona.text.normalize import is_arabic
from persona.text_fields import text_in


def _terms(ctx: Context, kind: str) -> Iterator[tuple[int, int, Term, str]]:
    for match in ctx.term_matches:
        term = match.payload
        if isinstance(term, Term) and term.kind == kind:
            yield match.start, match.end, term, match.ending


@rule(
    "vocabulary.prefer",
    "warning",
    "A term with a preferred replacement; the suggestion is the replacement.",
    # The fix is safe when the swap certainly keeps the grammar (text.inflect.swap_is_safe):
    # not for an Arabic sound plural or dual (its case ending may have to change), a change of
    # gender (ة), an inflected form, or an English "a"/"an" that would have to change.
    examples=[
        fires("Customers can now book appointments online.", "en"),
        fires("بإمكان العملاء الآن حجز المواعيد إلكترونيًا.", "ar"),
        fires("نرحب بالعملاء في بوابة ناجز.", "ar"),
        fires("نشكر عملاءنا على ثقتهم.", "ar"),
        passes("Beneficiaries can now book appointments online.", "en"),
        passes("Our clientele survey closes today.", "en"),
        passes("Write to customers@moj.gov.sa for help.", "en"),
        passes("بإمكان المستفيدين الآن حجز المواعيد إلكترونيًا.", "ar"),
    ],
    fix="safe",
)
def prefer(ctx: Context) -> Iterator[Hit]:
    for start, end, term, ending in _terms(ctx, "prefer"):
        typed = ctx.text[start:end]
        use = inflect_like(typed, term.term, term.entry.use, ending)
        if not is_arabic(use) and starts_sentence(ctx.text, start):  # POA requests → Power of attorney requests
            use = match_case(typed, term.term, term.entry.use, sentence_start=True)
        # Never inside a quotation, a name or a hashtag; never a subject given the -ين form.
        # An entry marked `fix: unsafe` depends on the sense: never applied unasked.
        safe = term.entry.fix != "unsafe" and prefer_is_safe(ctx.text, start, typed, term.term, term.entry.use, use)
        safe = safe and not overlaps(start, end, protected_of(ctx))
        fix = Fix("safe" if safe else "unsafe", (Edit(start, end, use),))
        yield Hit(start, end, say("vocabulary.prefer", ctx.message_language, use=use, typed=typed), use,
                  term.entry.severity, fix)


@rule(
    "vocabulary.avoid",
    "error",
    "A term the persona never uses (the persona file says why).",
    examples=[
        fires("We guarantee a response within 24 hours.", "en"),
        fires("نضمن لكم الرد خلال ٢٤ ساعة.", "ar"),
        fires("يضمن النظام الرد خلال ٢٤ ساعة.", "ar"),
        passes("يشمل نظام الضمان الاجتماعي الأسر المستحقة.", "ar"),
        passes("We respond within 24 hours.", "en"),
        passes("نلتزم بالرد خلال ٢٤ ساعة.", "ar"),
        passes("لا نضمن نتيجة أي قضية؛ فالحكم يختص به القضاء وحده.", "ar"),
        passes("لن نضمن لكم شيئًا.", "ar"),
        passes("We do not guarantee the outcome of any case.", "en"),
    ],
)
def avoid(ctx: Context) -> Iterator[Hit]:
    for start, end, term, _ending in _terms(ctx, "avoid"):
        if negated_promise(ctx.text, start, end):
            continue  # «لا نضمن نتيجة أي قضية», "we do not guarantee": the caution the persona asks for
        lang = ctx.message_language
        reason = text_in(term.entry.reason, lang)
        why = f" {reason.rstrip('.')}." if reason else ""
        yield Hit(start, end, say("vocabulary.avoid", lang, typed=ctx.text[start:end], why=why), None,
                  term.entry.severity)
