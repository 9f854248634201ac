"""The one language guesser: is a text Arabic or English? Used by the checker (the language of a
draft and of its messages), the rewriter (signatures, the model's prompt) and the meaning gate.

The answer goes by the letters: Arabic letters (every Arabic block, presentation forms
included; not Arabic-Indic digits, punctuation or diacritics) against Latin letters
(ASCII and Latin-1/Extended-A/B). Links, bare domains (``webook.com``), e-mail addresses,
handles and hashtags are not words and are set aside: «احجز من webook.com» is Arabic. A tie goes to
Arabic (content is Arabic first: «abc نجز» is Arabic); a text without letters has no
language (:func:`script_language` gives None, :func:`guess_language` the default).
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["guess_language", "letter_counts", "script_language"]

# Runs, not single letters: findall then returns a few strings per word, not one per letter.
_ARABIC_LETTERS = re.compile(
    "[\u0620-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
    "\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdfb\ufe70-\ufefc]+"
)
_LATIN_LETTERS = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")
_ASCII_LETTER = re.compile("[A-Za-z]")
# What is not a word, in the order tried (as one alternation, flags IGNORECASE):
_NOT_WORDS = (
    ("://", r"https?://\S+"),  # a link
    ("www", r"www\.\S+"),
    ("@", r"[\w.+-]*@[\w-]+(?:\.[\w-]+)*"),  # an e-mail address or a handle
    ("#", r"[#＃]\w+"),  # a hashtag
    ("domain", r"(?<![\w.])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?:/\S*)?(?![\w])"),  # a bare domain
)
_WWW = re.compile(r"www\.", re.IGNORECASE)
_DOMAIN_END = re.compile(r"\.[A-Za-z]{2}", re.IGNORECASE)


def _not_words_in(text: str) -> re.Pattern[str] | None:
    """The alternation of the :data:`_NOT_WORDS` that ``text`` can hold (what each needs is there),
    None when none: an alternative that cannot match changes nothing, and leaving it out saves
    trying it at every letter (the e-mail one scans every word for an «@»)."""
    present = (
        "://" in text,
        _WWW.search(text) is not None,
        "@" in text,
        "#" in text or "＃" in text,
        _DOMAIN_END.search(text) is not None,
    )
    return _alternation(present) if any(present) else None


@lru_cache(maxsize=32)
def _alternation(present: tuple[bool, ...]) -> re.Pattern[str]:
    return re.compile("|".join(part for (_, part), used in zip(_NOT_WORDS, present, strict=True) if used),
                      re.IGNORECASE)


def _words_only(text: str) -> str:
    """``text`` with its links, domains, e-mails, handles and hashtags blanked."""
    if "." in text or "@" in text or "#" in text or "＃" in text:
        not_words = _not_words_in(text)
        if not_words is not None:
            return not_words.sub(" ", text)
    return text


def letter_counts(text: str) -> tuple[int, int]:
    """(Arabic letters, Latin letters) of ``text``, links, domains, e-mails, handles and hashtags aside."""
    return _counts(_words_only(text))


def _counts(text: str) -> tuple[int, int]:
    if text.isascii():
        return 0, sum(map(len, _LATIN_LETTERS.findall(text)))
    return sum(map(len, _ARABIC_LETTERS.findall(text))), sum(map(len, _LATIN_LETTERS.findall(text)))


def script_language(text: str) -> str | None:
    """``ar`` when Arabic letters are at least as many as Latin ones, ``en`` when fewer, None
    without letters."""
    if text.isascii():  # the common case, without counting
        return "en" if _ASCII_LETTER.search(text) else None
    words = _words_only(text)
    # With letters of one script only, there is nothing to count.
    if _LATIN_LETTERS.search(words) is None:
        return "ar" if _ARABIC_LETTERS.search(words) is not None else None
    if _ARABIC_LETTERS.search(words) is None:
        return "en"
    arabic, latin = _counts(words)
    if not arabic and not latin:
        return None
    return "ar" if arabic >= latin else "en"


def guess_language(text: str, default: str = "en") -> str:
    """:func:`script_language`, or ``default`` for a text without letters."""
    return script_language(text) or default
