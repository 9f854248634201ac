"""The guide's own words in Arabic and English, and localised persona text.

Persona text fields are a string or a ``{lang: text}`` map. :func:`localize`
picks the site language with :func:`persona.model.text_in`'s fallback and
remembers when it fell back, so that templates can mark the element with the
language it is really in (``lang``/``dir`` attributes and a visible hint).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from persona.guide.i18n_labels import LABELS
from persona.guide.i18n_names import (
    CHANNEL_NAMES,
    INTENT_NAMES,
    INTENT_ORDER,
    INTENT_PURPOSES,
    LANGUAGE_NAMES,
    OCCASION_NAMES,
    OCCASION_ORDER,
    RULE_TITLES,
    SECTOR_NAMES,
    name_in,
)
from persona.model import text_in, text_language
from persona.text.normalize import is_arabic

__all__ = ["INTENT_ORDER", "INTENT_PURPOSES", "LABELS", "OCCASION_ORDER", "SITE_LANGUAGES", "Localized",
           "channel_name", "degrees_ar", "direction", "intent_name", "label", "language_name", "localize",
           "occasion_name", "rule_title", "script_language", "sector_name"]

SITE_LANGUAGES: tuple[str, ...] = ("ar", "en")
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
_LATIN = re.compile("[A-Za-z]")


def direction(lang: str) -> str:
    return "rtl" if lang.split("-")[0] in RTL_LANGUAGES else "ltr"


@dataclass(frozen=True, slots=True)
class Localized:
    """A text in one language; ``lang`` is set only when it is not the page's language."""

    text: str
    lang: str | None = None  # the language actually shown, when it differs from the page's

    @property
    def fallback(self) -> bool:
        return self.lang is not None

    def __bool__(self) -> bool:
        return bool(self.text)


def script_language(text: str) -> str | None:
    """The language a plain (untranslated) string is evidently in: ``ar`` for Arabic script,
    ``en`` for Latin letters, None for neither (numbers, handles' punctuation…)."""
    if is_arabic(text):
        return "ar"
    return "en" if _LATIN.search(text) else None


def localize(value: str | dict[str, str] | None, lang: str) -> Localized:
    """The text in ``lang``, or the best other language marked as a fallback.

    A plain string has no declared language; it is marked when its script is
    plainly another language's (English text on an Arabic page, and vice versa).
    """
    if value is None:
        return Localized("")
    if isinstance(value, str):
        written = script_language(value)
        foreign = written is not None and written != lang and lang in SITE_LANGUAGES
        return Localized(value, written if foreign else None)
    if text_language(value, lang):
        return Localized(value[lang])
    text = text_in(value, lang)
    shown = next((code for code, v in value.items() if v == text), None)
    return Localized(text, shown)


#: Labels that count: in Arabic the number agrees with its noun («جملتان», «5 كلمات», «25 كلمة»).
_COUNTED_AR = {"words": "word", "sentences": "sentence", "emoji_sparing": "emoji"}
_DEGREES_AR = ("درجة واحدة", "درجتان", "درجات", "درجة")


def degrees_ar(count: int) -> str:
    """A formality margin in Arabic: «درجة واحدة», «درجتان», «3 درجات»."""
    one, two, few, many = _DEGREES_AR
    return one if count == 1 else two if count == 2 else f"{count} {few if 3 <= count % 100 <= 10 else many}"


def label(key: str, lang: str, **values: object) -> str:
    """One of the guide's own words; ``{n}``-style placeholders are filled from ``values``
    (in Arabic a counted ``n`` comes with its noun, in agreement: «جملتان», «رمز واحد»)."""
    text = LABELS[key].get(lang) or LABELS[key]["en"]
    if lang == "ar" and key in _COUNTED_AR and isinstance(values.get("n"), int):
        from persona.check.messages import count_ar

        counted = count_ar(int(values["n"]), _COUNTED_AR[key])  # type: ignore[call-overload]
        return text.format(**{**values, "n": counted}) if "{n}" in text else counted
    return text.format(**values) if values else text


def intent_name(name: str, lang: str) -> str:
    return name_in(INTENT_NAMES, name, lang) or name


def occasion_name(name: str, lang: str) -> str | None:
    return name_in(OCCASION_NAMES, name, lang)


def sector_name(sector: str, lang: str) -> str | None:
    return name_in(SECTOR_NAMES, sector.strip(), lang)


def channel_name(channel: str, lang: str) -> str | None:
    return name_in(CHANNEL_NAMES, channel, lang)


def language_name(code: str, lang: str) -> str | None:
    return name_in(LANGUAGE_NAMES, code.split("-")[0], lang)


def rule_title(rule: str, lang: str) -> str | None:
    return name_in(RULE_TITLES, rule, lang)
