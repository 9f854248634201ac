"""facts.retired and facts.unverified: outdated and unknown contact points."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from persona.check.context import Context, Term
from persona.check.edits import same_digits
from persona.check.messages import say
from persona.check.negation import framing
from persona.check.rule import Hit, fires, passes, rule
from persona.check.types import Edit, Fix
from persona.text import tokens
from persona.text.inflect import inflect_like
from persona.text.normalize import fold_term
from persona.text_fields import text_in

_TOURISM = {"facts": {"retired": [{"old": "هيئة السياحة", "new": "وزارة السياحة"}]}}


def _retired_link(ctx: Context, link: str):  # -> Retired | None
    for entry in ctx.compiled.retired_links:
        if tokens.link_is_verified(link, [entry.old]):
            return entry
    return None


def _retired_message(old: str, new: str | None, note: str, lang: str) -> str:
    message = say("facts.retired.new", lang, old=old, new=new) if new else say("facts.retired", lang, old=old)
    return message + (f" ({note})" if note else "")


@rule(
    "facts.retired",
    "error",
    "An outdated fact (old number, old link, old name); the suggestion is the current one.",
    scope="body",
    skips=("quran",),
    examples=[
        fires("For enquiries call 920000000.", "en"),
        fires("للاستفسار اتصل على ٩٢٠٠٠٠٠٠٠", "ar"),
        fires("Log in to the Ministry of Justice Portal today.", "en"),
        fires("Join us at #Ministry_of_Justice_Portal", "en"),
        passes("For enquiries call 1950.", "en"),
        passes("للاستفسار اتصل على 1950", "ar"),
        passes("Najiz, formerly the Ministry of Justice Portal, is open.", "en"),
        passes("وزارة السياحة، التي كانت تُعرف سابقًا بهيئة السياحة، تطلق موسمها.", "ar", persona=_TOURISM),
    ],
    fix="safe",
)
def retired(ctx: Context) -> Iterator[Hit]:
    for hit in _retired(ctx):
        if not framing(ctx.text, hit.start, hit.end, past=True):  # "formerly known as …" is history
            yield hit


def _retired(ctx: Context) -> Iterator[Hit]:
    for match in ctx.term_matches:
        term = match.payload
        if isinstance(term, Term) and term.kind == "retired":
            yield _retired_hit(ctx, match.start, match.end, term.entry, _name_fix(match.text, term.term))
    for phone, digits in zip(ctx.phones, ctx.phone_digits, strict=True):
        entry = ctx.compiled.retired_phones.get(digits)
        if entry is not None:
            yield _retired_hit(ctx, phone.start, phone.end, entry, _digits_fix(phone.text))
    for link in ctx.links:
        entry = _retired_link(ctx, link.text)
        if entry is not None:
            whole = _bare(link.text) == _bare(entry.old)  # a deeper link would lose its path
            yield _retired_hit(ctx, link.start, link.end, entry, _link_fix(whole))


def _retired_hit(ctx: Context, start: int, end: int, entry: Any,
                 fix_for: Callable[[str], tuple[str, str]]) -> Hit:
    """The hit for a retired fact; ``fix_for(new)`` gives the replacement and its applicability."""
    typed = ctx.text[start:end]
    lang = ctx.message_language
    message = _retired_message(typed, entry.new, text_in(entry.note, lang), lang)
    if not entry.new:
        return Hit(start, end, message)
    replacement, applicability = fix_for(entry.new)
    if any((tag.start, tag.end) == (start, end) for tag in ctx.hashtags):  # a whole tag stays a tag: #Najiz
        replacement, applicability = "#" + entry.new.lstrip("#").replace(" ", "_"), "safe"
    return Hit(start, end, message, replacement, fix=Fix(applicability, (Edit(start, end, replacement),)))  # type: ignore[arg-type]


def _name_fix(typed: str, term: str) -> Callable[[str], tuple[str, str]]:
    """A retired name: the new one with the proclitics the old one carried (وبوابة… → وناجز);
    safe when the match is the listed name itself."""
    def fix_for(new: str) -> tuple[str, str]:
        same = fold_term(typed) == fold_term(term)
        replacement = new if same else inflect_like(typed, term, new)
        return replacement, "safe" if same else "unsafe"

    return fix_for


def _digits_fix(typed: str) -> Callable[[str], tuple[str, str]]:
    """A retired number: the new one in the writer's digits («٩٢٠٠٠٠٠٠٠» → «١٩٥٠»), safe."""
    return lambda new: (same_digits(typed, new), "safe")


def _link_fix(whole: bool) -> Callable[[str], tuple[str, str]]:
    """A retired link: the new one; safe only when the whole old link was written (no path)."""
    return lambda new: (new, "safe" if whole else "unsafe")


def _bare(link: str) -> str:
    return link.strip().rstrip("/").lower()


@rule(
    "facts.unverified",
    "warning",
    "A link, phone number or handle that is not among the persona's verified facts.",
    scope="body",
    skips=("quran", "email"),
    examples=[
        fires("Details: https://bit.ly/3xYzAbc", "en"),
        fires("Visit https://www.moj.gov.sa.evil.com/login", "en"),
        fires("تابعونا على @FakeMoj", "ar"),
        fires("اتصل على 8001234567", "ar"),
        fires("رابط التسجيل: https://وزارة.السعودية/تسجيل", "ar"),
        fires("Book your seat at webook.com today.", "en"),
        passes("Details: https://www.moj.gov.sa/services", "en"),
        passes("تابعونا على @mojksa أو اتصلوا على ١٩٥٠", "ar"),
        passes("استقبلت المحاكم أكثر من ٣٤٠٠٠ طلب عام ٢٠٢٤م بنسبة رضا ٨٥٪.", "ar"),
        passes("Over 34000 visitors came in 2025.", "en"),
        passes("صدر قرار الوزارة.السعودية ماضية في التحول الرقمي، والتقرير في report.pdf", "ar"),
    ],
    fix="unsafe",
)
def unverified(ctx: Context) -> Iterator[Hit]:
    persona = ctx.persona
    lang = ctx.message_language
    for link in ctx.links:
        if not tokens.link_is_verified(link.text, persona.facts.urls) and _retired_link(ctx, link.text) is None:
            yield Hit(link.start, link.end, say("facts.unverified.link", lang, link=link.text))
    for phone, digits in zip(ctx.phones, ctx.phone_digits, strict=True):
        if digits not in ctx.compiled.phone_digits and digits not in ctx.compiled.retired_phones:
            known = ", ".join(persona.facts.phones)
            only = persona.facts.phones[0] if len(persona.facts.phones) == 1 else None
            yield Hit(phone.start, phone.end,
                      say("facts.unverified.phone", lang, phone=phone.text, known=f" ({known})" if known else ""),
                      only)
    for handle in ctx.handles:
        if handle.text.lower().lstrip("@") not in ctx.compiled.handles:
            yield Hit(handle.start, handle.end, say("facts.unverified.handle", lang, handle=handle.text))
