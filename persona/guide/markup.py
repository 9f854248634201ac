"""Small HTML fragments in one page language: localised persona text, isolated runs of the
other script, links, named ids (sectors, channels, languages) and chips grouped by language.

Every fragment escapes what it is given. A run in the other direction's script (Latin words,
links and handles on an Arabic page; Arabic words on an English page) is put in a ``<bdi>``
with its direction, so that punctuation and quotes around it stay where the writer put them
(«service» never turns into "service»«"). Links are made only from http(s) URLs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TypeVar
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from persona.guide.i18n import (
    channel_name,
    direction,
    intent_name,
    label,
    language_name,
    localize,
    script_language,
    sector_name,
)
from persona.guide.i18n_names import INTENT_NAMES

T = TypeVar("T")

_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\\x00-\x1f\x7f]+$", re.IGNORECASE)

# A Latin run: words, links, handles, options, ±numbers, joined by single spaces or
# punctuation inside (don't, my.gov.sa/x?y, --lang). It starts with a letter, @, # or -/±
# before a letter or digit, and ends on a letter or digit.
_LATIN_RUN = re.compile(
    r"(?:[@#]|--?|±)?[A-Za-z0-9]*[A-Za-z±][A-Za-z0-9]*(?:[-'’._:/?=&%+#@~]+[A-Za-z0-9]+)*"
    r"(?:/)?(?:[ ]+(?:[@#]|--?)?[A-Za-z][A-Za-z0-9]*(?:[-'’._:/?=&%+#@~]+[A-Za-z0-9]+)*/?)*"
    r"|±\s?\d+"
)
_ARABIC_RUN = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+"
                         r"(?:[ \u200c]+[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff0-9٠-٩]+)*")
_URLISH = re.compile(r"://|^[@#]|\.[a-z]{2,}(?:/|$)|^--?|^±", re.IGNORECASE)
_LRM = "\u200e\u200f"
_OPTION = re.compile(r"--[a-z][a-z0-9-]*")


def safe_link(url: str) -> str | None:
    """``url`` when it is an http(s) URL with a host, else None (never a link)."""
    if not _SAFE_URL.match(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(" ,.،؛") + "…"


class Fragments:
    """The HTML fragments of pages in ``lang``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.rtl = direction(lang) == "rtl"

    # -- text ---------------------------------------------------------------------------------

    def isolate(self, text: str) -> Markup:
        """``text`` escaped, each run in the other direction's script in a ``<bdi>``."""
        pattern = _LATIN_RUN if self.rtl else _ARABIC_RUN
        out: list[str] = []
        last = 0
        for match in pattern.finditer(text):
            run = match.group(0)
            out.append(str(escape(text[last:match.start()])))
            out.append(self._bdi(run))
            last = match.end()
        out.append(str(escape(text[last:])))
        return Markup("".join(out))

    def _bdi(self, run: str) -> str:
        if _OPTION.fullmatch(run.strip(_LRM)):
            return f'<code dir="ltr">{escape(run.strip(_LRM))}</code>'
        if not self.rtl:
            return f'<bdi lang="ar" dir="rtl">{escape(run)}</bdi>'
        lang = "" if _URLISH.search(run) or not re.search("[A-Za-z]{2}", run) else ' lang="en"'
        return f'<bdi{lang} dir="ltr">{escape(run.strip(_LRM))}</bdi>'

    def lines(self, text: str) -> Markup:
        """:meth:`isolate` with the text's line breaks kept (a signature on its own line)."""
        return Markup("<br>\n").join(self.isolate(line) for line in text.split("\n"))

    def ltr(self, text: str) -> Markup:
        """A formula, number, phone or handle: always left to right, isolated (``±1``, ``1950``)."""
        return Markup(f'<bdi dir="ltr">{escape(text)}</bdi>')

    def loc(self, value: str | dict[str, str] | None, limit: int | None = None) -> Markup:
        """A persona text in this language; a fallback is wrapped and marked with its language.

        ``limit`` shortens the plain text (never the markup) to about that many characters.
        """
        text = localize(value, self.lang)
        shown = shorten(text.text, limit) if limit else text.text
        if not text.fallback:
            return self.isolate(shown)
        hint = label("fallback_hint", self.lang)
        return Markup(
            f'<span class="pg-fallback" lang="{escape(text.lang)}" dir="{direction(text.lang or "")}" '
            f'title="{escape(hint)}">{escape(shown)}</span>'
        )

    def term(self, value: str) -> Markup:
        """A term or any language-less persona string; one in another script is isolated for bidi
        and marked with its language (plain text otherwise: pages stay small and fast to index)."""
        lang = script_language(value)
        if lang is None or lang == self.lang:
            return self.isolate(value) if lang else Markup(escape(value))
        if lang == "en" and _URLISH.search(value):  # a link or handle: left to right, no language
            return Markup(f'<bdi dir="ltr">{escape(value)}</bdi>')
        return Markup(f'<bdi lang="{lang}" dir="{direction(lang)}">{escape(value)}</bdi>')

    def url(self, value: str) -> Markup:
        """A link only for an http(s) URL; anything else is shown as text."""
        link = safe_link(value)
        if link is None:
            return Markup(f'<bdi class="pg-url" dir="ltr">{escape(value)}</bdi>')
        return Markup(
            f'<a class="pg-url" dir="ltr" href="{escape(link)}" rel="noopener noreferrer nofollow">'
            f"{escape(value)}</a>"
        )

    # -- named ids ----------------------------------------------------------------------------

    def _named(self, name: str | None, raw: str) -> Markup:
        return Markup(escape(name)) if name else self.term(raw)

    def sector(self, value: str) -> Markup:
        return self._named(sector_name(value, self.lang), value)

    def channel(self, value: str) -> Markup:
        return self._named(channel_name(value, self.lang), value)

    def intent(self, value: str) -> Markup:
        return self._named(intent_name(value, self.lang) if value in INTENT_NAMES else None, value)

    def language(self, code: str) -> Markup:
        name = language_name(code, self.lang)
        return Markup(escape(name)) if name else Markup(f'<bdi dir="ltr">{escape(code)}</bdi>')

    @property
    def arrow(self) -> str:
        """"Becomes": points the way the page reads."""
        return "←" if self.rtl else "→"

    # -- grouping -----------------------------------------------------------------------------

    def by_language(self, phrases: Iterable[str]) -> list[tuple[str | None, list[str]]]:
        """``phrases`` grouped by script, this page's language first (order kept in a group)."""
        return self.grouped(phrases, lambda phrase: phrase)

    def grouped(self, items: Iterable[T], text_of: Callable[[T], str]) -> list[tuple[str | None, list[T]]]:
        """``items`` grouped by the script of ``text_of(item)``, this page's language first."""
        groups: dict[str | None, list[T]] = {}
        for item in items:
            groups.setdefault(script_language(text_of(item)), []).append(item)
        order = [self.lang, *(code for code in groups if code not in (self.lang, None)), None]
        return [(code, groups[code]) for code in order if code in groups]

    def group_label(self, code: str | None) -> str:
        if code == "ar":
            return label("in_arabic", self.lang)
        if code == "en":
            return label("in_english", self.lang)
        return label("in_other", self.lang)

    def chips(self, phrases: Iterable[str], css: str = "") -> Markup:
        """One chip per phrase, grouped by language, each group labelled when there are two or more."""
        groups = self.by_language(phrases)
        if not groups:
            return Markup("—")
        parts = []
        for code, items in groups:
            attrs = f' lang="{code}"' if code and code != self.lang else ""
            heading = (f'<span class="pg-chip-group-label">{escape(self.group_label(code))}</span>'
                       if len(groups) > 1 else "")
            chips = "".join(f'<li class="pg-chip{(" " + css) if css else ""}">{self.term(p)}</li>' for p in items)
            parts.append(f'<div class="pg-chip-group"{attrs}>{heading}<ul class="pg-chips">{chips}</ul></div>')
        return Markup(f'<div class="pg-chip-groups">{"".join(parts)}</div>')
