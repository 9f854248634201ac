"""facts.date: a Hijri and a Gregorian date given as the same day that disagree, or a wrong weekday."""

from __future__ import annotations

from collections.abc import Iterator

from persona.check.context import Context
from persona.check.messages import say
from persona.check.rule import Hit, fires, passes, rule
from persona.text import dates


@rule(
    "facts.date",
    "error",
    "A Hijri and a Gregorian date given as one day that disagree (Umm al-Qura), or a wrong weekday.",
    skips=("quote", "quran"),
    examples=[
        fires("تبدأ الدراسة يوم الأحد ١ محرم ١٤٤٧هـ الموافق ٢٩ يونيو ٢٠٢٥م.", "ar"),
        fires("يبدأ التسجيل يوم الاثنين ٢٦ يونيو ٢٠٢٥م.", "ar"),
        fires("Registration opens on 1 Muharram 1447 AH (29 June 2025).", "en"),
        fires("The portal opens on Sunday, 7 July 2025.", "en"),
        passes("تبدأ الدراسة يوم الخميس ١ محرم ١٤٤٧هـ الموافق ٢٦ يونيو ٢٠٢٥م.", "ar"),
        passes("Registration opens on Thursday, 26 June 2025 (1 Muharram 1447 AH).", "en"),
        passes("استقبلنا ٣٤٠٠٠ زائر عام ٢٠٢٤م.", "ar"),
    ],
)
def date(ctx: Context) -> Iterator[Hit]:
    text = ctx.prose
    found = dates.find_dates(text, ctx.folded)
    if not found:
        return
    lang = ctx.message_language
    paired: set[int] = set()
    for hijri, greg in dates.pairs(text, found):
        expected = dates.to_gregorian(hijri)
        given = dates.to_gregorian(greg)
        if expected is None or given is None:
            continue
        paired.update((hijri.start, greg.start))
        if expected != given:
            right = dates.format_like(greg, "gregorian", expected.year, expected.month, expected.day)
            yield Hit(greg.start, greg.end, say("facts.date.pair", lang, hijri=hijri.text, greg=greg.text,
                                                right=right), right)
        yield from _weekday(lang, hijri, expected, other=greg)  # the day named is that of the Hijri date
    for mention in found:
        if mention.start not in paired:
            day = dates.to_gregorian(mention)
            if day is not None:
                yield from _weekday(lang, mention, day)


def _weekday(lang: str, mention: dates.DateMention, day, other: dates.DateMention | None = None) -> Iterator[Hit]:
    for m in (mention, other):
        if m is None or m.weekday is None or m.weekday_span is None:
            continue
        if m.weekday != day.weekday():
            start, end = m.weekday_span
            right = dates.weekday_name(day.weekday(), "ar" if dates_is_arabic(m.text) else "en")
            yield Hit(start, end, say("facts.date.weekday", lang, date=m.text, right=right), right)


def dates_is_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)
