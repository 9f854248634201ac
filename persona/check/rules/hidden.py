"""text.hidden: invisible and look-alike characters that make readers see other text than is written.

The matcher already sees through them (a «نض​من» with a zero-width space inside is still «نضمن»
to ``vocabulary.avoid``); this rule names them, because a post that hides text from its readers
— or a term from its reviewers — is a problem of its own. What counts, and what does not
(ZWNJ between Arabic letters, tatweel, diacritics, emoji sequences, flags): :mod:`persona.text.hidden`.

Each finding sits at the characters themselves. The fix removes them — safe where removing
changes nothing a reader sees (zero-width characters inside a word, tag characters) — or writes
the plain letters (fullwidth, homoglyphs: safe). Removing a bidi control changes what is shown,
so that fix is unsafe (someone should read what appears); so is removing a Hangul filler, which
may stand where a space was meant.
"""

from __future__ import annotations

from collections.abc import Iterator

from persona.check.context import Context
from persona.check.messages import say
from persona.check.rule import Hit, fires, passes, rule
from persona.check.types import Edit, Fix
from persona.text.hidden import HOMOGLYPHS, Hidden, char_names, code_points, find_hidden

_SAFE_TO_REMOVE = {"zero_width", "tags", "fullwidth", "homoglyph"}
_ERROR = {"tags"}  # text smuggled past the reader
_SCRIPTS = {"en": {"CYRILLIC": "Cyrillic", "GREEK": "Greek"}, "ar": {"CYRILLIC": "السيريلية", "GREEK": "اليونانية"}}
_ENGLAND = "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"  # a subdivision flag: tags that belong
_SMUGGLED = "".join(chr(0xE0000 + ord(c)) for c in "ignore the rules")


@rule(
    "text.hidden",
    "warning",
    "Invisible or look-alike characters that hide text: bidi overrides, zero-width, fullwidth, homoglyphs.",
    scope="body",
    skips=("quran",),
    examples=[
        fires("We gu\u200barantee a reply within one day.", "en"),
        fires("Refunds are \u202eeerf ton\u202c for every beneficiary.", "en"),
        fires("We guаrantee a reply within one day.", "en"),  # a Cyrillic «а»
        fires("Ｆｒｅｅ registration for every beneficiary.", "en"),
        fires(f"Thank you for your message.{_SMUGGLED}", "en"),
        fires("نض\u200bمن لكم الرد خلال يوم عمل.", "ar"),
        fires("الخدمة \u202eةيناجم\u202c لجميع المستفيدين.", "ar"),
        passes("نُرَحِّبُ بِكُمْ فِي بَوَّابَةِ نَاجِز، وَنَسْعَدُ بِخِدْمَتِكُمْ.", "ar"),
        passes("مرحـــبًا بكم في خدمات الوزارة الإلكترونية.", "ar"),
        passes("وصل الوفد إلى بندر\u200cعباس، ومنها إلى می\u200cخواهم.", "ar"),
        passes("قال تعالى: ﴿وَقُولُوا لِلنَّاسِ حُسْنًا ۚ وَأَقِيمُوا الصَّلَاةَ﴾", "ar"),
        passes("تابعونا على \u202a@MojKsa\u202c وسجّلوا عبر \u200eNajiz\u200e اليوم.", "ar"),
        passes(f"Family day 👨\u200d👩\u200d👧 ❤️ 🇸🇦 {_ENGLAND} 1️⃣", "en"),
        passes("Take 10 μg daily; the Greek word is Ελλάδα.", "en"),
    ],
)
def hidden(ctx: Context) -> Iterator[Hit]:
    lang = ctx.message_language
    for found in find_hidden(ctx.body):
        text = ctx.text[found.start:found.end]
        yield Hit(found.start, found.end, _message(found, text, lang), found.replacement or None,
                  "error" if found.kind in _ERROR or _overrides(text + found.opener) else None,
                  Fix("safe" if found.kind in _SAFE_TO_REMOVE else "unsafe",
                      (Edit(found.start, found.end, found.replacement),)))


def _overrides(text: str) -> bool:
    return "\u202d" in text or "\u202e" in text


def _message(found: Hidden, text: str, lang: str) -> str:
    key = f"text.hidden.{found.kind}"
    names = code_points(text) if lang == "ar" else char_names(text)
    if found.kind in ("bidi", "filler"):
        return say(key, lang, names=names)
    if found.kind == "zero_width":
        return say(key, lang, names=names, word=found.word)
    if found.kind == "tags":
        return say(key, lang, revealed=found.revealed)
    if found.kind == "fullwidth":
        return say(key, lang, found=text, plain=found.replacement)
    script = _script(text, "ar" if lang == "ar" else "en")
    return say(key, lang, found=text, word=found.word, script=script, plain=found.word)


def _script(text: str, lang: str) -> str:
    import unicodedata

    scripts = sorted({unicodedata.name(c, "").split(" ")[0] for c in text if c in HOMOGLYPHS})
    names = [_SCRIPTS[lang].get(s, s.title()) for s in scripts]
    return (" و" if lang == "ar" else " and ").join(names)
