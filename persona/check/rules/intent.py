"""intent.*: what each kind of message must contain, and how long it may run."""

from __future__ import annotations

from collections.abc import Iterator

from persona.check import messages
from persona.check.context import Context
from persona.check.messages import say
from persona.check.rule import Hit, fires, passes, rule


def _has(ctx: Context, requirement: str) -> bool:
    return bool({"link": ctx.links, "phone": ctx.phones, "handle": ctx.handles,
                 "hashtag": ctx.hashtags}[requirement])


@rule(
    "intent.missing",
    "warning",
    "The intent requires something (a link, a phone…) the draft lacks.",
    scope="body",
    skips=(),
    needs="intent",
    examples=[
        fires("You can now renew your licence online.", "en", intent="service"),
        fires("أصبح بإمكانكم تجديد الرخصة إلكترونيًا.", "ar", intent="service"),
        passes("You can now renew your licence online: https://www.moj.gov.sa/renew", "en", intent="service"),
    ],
)
def missing(ctx: Context) -> Iterator[Hit]:
    intent = ctx.intent_rules
    if intent is None:
        return
    for requirement in intent.requires:
        if not _has(ctx, requirement):
            lang = ctx.message_language
            named = messages.intent_in(ctx.draft.intent, lang)
            yield Hit(ctx.body_start, ctx.body_start, say("intent.missing", lang, intent=named,
                                                          requirement=messages.requirement(requirement, lang)))


@rule(
    "intent.length",
    "warning",
    "More sentences than the intent's max_sentences (an inquiry reply answers in a few steps).",
    scope="body",
    skips=(),
    needs="intent",
    examples=[
        fires("Thank you for your question. The service is online. It takes five minutes. Apply today.", "en",
              intent="inquiry_reply"),
        fires("شكرًا لتواصلكم. الخدمة متاحة إلكترونيًا. تستغرق خمس دقائق.", "ar", intent="inquiry_reply"),
        passes("The service is online. It takes five minutes.", "en", intent="inquiry_reply"),
    ],
)
def length(ctx: Context) -> Iterator[Hit]:
    intent = ctx.intent_rules
    if intent is None or intent.max_sentences is None or len(ctx.sentences) <= intent.max_sentences:
        return
    yield Hit(ctx.body_start, ctx.body_start, say("intent.length", ctx.message_language, count=len(ctx.sentences),
                                                  intent=messages.intent_in(ctx.draft.intent, ctx.message_language),
                                                  limit=intent.max_sentences))


@rule(
    "intent.unknown",
    "warning",
    "The draft names an intent the persona does not define.",
    scope="body",
    skips=(),
    needs="intent",
    examples=[
        fires("The service is online.", "en", intent="advert"),
        fires("الخدمة متاحة إلكترونيًا.", "ar", intent="advert"),
        passes("The service is online.", "en", intent="strategy"),
    ],
)
def unknown(ctx: Context) -> Iterator[Hit]:
    name = ctx.draft.intent
    if name and name not in ctx.persona.intents:
        known = ", ".join(ctx.persona.intents) or "none"
        yield Hit(ctx.body_start, ctx.body_start, say("intent.unknown", ctx.message_language, name=name, known=known))
