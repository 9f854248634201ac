"""channel.*: length (X counted as X counts), hashtags, links, unknown channel."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from persona.check.context import Context
from persona.check.messages import say
from persona.check.rule import Hit, fires, passes, rule
from persona.text import xcount
from persona.text.channels import is_x
from persona.text.tokens import Span
from persona.text.xbound import x_upper_bound

_LONG_EN = " ".join(["The ministry has updated the procedures for registering contracts online."] * 5)
_LONG_AR = " ".join(["حدّثت الوزارة إجراءات توثيق العقود إلكترونيًا عبر منصة ناجز."] * 6)


def _fit_index(channel: str, text: str, max_length: int) -> int | None:
    """Offset of the first character that does not fit, or None."""
    if is_x(channel):
        if x_upper_bound(text) <= max_length:
            return None  # the common case: clearly fits, no need to count exactly
        return xcount.x_fit_index(text, max_length)
    return max_length if len(text) > max_length else None


@rule(
    "channel.length",
    "error",
    "Longer than the channel's max_length (X counts as X does: links 23, emoji and CJK 2).",
    scope="body",
    skips=(),
    examples=[
        fires(_LONG_EN, "en", channel="x"),
        fires(_LONG_AR, "ar", channel="x"),
        passes("The ministry has updated the procedures for registering contracts online.", "en", channel="x"),
        passes(_LONG_AR, "ar", channel="facebook", persona={"channels": {"facebook": {"max_length": 2000}}}),
    ],
)
def length(ctx: Context) -> Iterator[Hit]:
    rules = ctx.channel_rules
    if rules is None or rules.max_length is None:
        return
    channel = ctx.draft.channel or ""
    cut = _fit_index(channel, ctx.message, rules.max_length)
    if cut is None:
        return
    total = xcount.length_for_channel(channel, ctx.message)
    lang = ctx.message_language
    counted = say("channel.length.x", lang) if is_x(channel) else ""
    yield Hit(ctx.body_start + cut, len(ctx.text),
              say("channel.length", lang, total=total, counted=counted, channel=channel, limit=rules.max_length))


@rule(
    "channel.hashtags",
    "warning",
    "More hashtags than the channel's max_hashtags.",
    scope="body",
    skips=(),
    examples=[
        fires("New court services launched. #Justice #Saudi #Riyadh", "en", channel="x"),
        fires("إطلاق خدمات جديدة #العدل #السعودية #الرياض", "ar", channel="x"),
        passes("New court services launched. #Justice #Saudi", "en", channel="x"),
    ],
)
def hashtags(ctx: Context) -> Iterator[Hit]:
    rules = ctx.channel_rules
    if rules is not None:
        yield from _first_over(ctx.hashtags, rules.max_hashtags, "channel.hashtags", ctx)


@rule(
    "channel.links",
    "warning",
    "More links than the channel's max_links (a link is what X links: bare domains such as najiz.sa too).",
    scope="body",
    skips=(),
    examples=[
        fires("Details: https://www.moj.gov.sa/a and https://www.moj.gov.sa/b", "en", channel="x"),
        fires("التفاصيل: https://www.moj.gov.sa/a و https://www.moj.gov.sa/b", "ar", channel="x"),
        fires("الخدمة متاحة عبر najiz.sa و moj.gov.sa", "ar", channel="x"),
        passes("Details: https://www.moj.gov.sa/a", "en", channel="x"),
    ],
)
def links(ctx: Context) -> Iterator[Hit]:
    rules = ctx.channel_rules
    if rules is not None:
        yield from _first_over(ctx.links, rules.max_links, "channel.links", ctx)


def _first_over(found: Sequence[Span], allowed: int | None, key: str, ctx: Context) -> Iterator[Hit]:
    """One finding at the first of ``found`` beyond the channel's allowance (contract: point at it)."""
    if allowed is None or len(found) <= allowed:
        return
    first = found[allowed]
    yield Hit(first.start, first.end, say(key, ctx.message_language, count=len(found), channel=ctx.draft.channel,
                                          allowed=allowed))


@rule(
    "channel.unknown",
    "warning",
    "The draft targets a channel the persona does not publish on.",
    scope="body",
    skips=(),
    examples=[
        fires("New court services are available.", "en", channel="tiktok"),
        fires("خدمات المحاكم الجديدة متاحة.", "ar", channel="snapchat"),
        passes("New court services are available.", "en", channel="twitter"),
    ],
)
def unknown(ctx: Context) -> Iterator[Hit]:
    channel = ctx.draft.channel
    if channel and ctx.channel_rules is None:
        known = ", ".join(ctx.persona.channels) or "none"
        yield Hit(ctx.body_start, ctx.body_start, say("channel.unknown", ctx.message_language, channel=channel,
                                                      known=known))
