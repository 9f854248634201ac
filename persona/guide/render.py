"""Jinja2 → the pages of one language's mkdocs build.

Safety rule: a page is Markdown only in what the guide itself writes (section
headings with fixed ids, for the table of contents). Everything else, and so
everything that comes from a persona, is HTML rendered by Jinja2 with
autoescape, inside ``{% filter html %}`` regions. Those regions never reach
Markdown at all: the page's Markdown holds a placeholder for each, and the
build puts the HTML back after Markdown has run (see ``build.py``). So neither
Markdown nor HTML nor Jinja syntax in a persona file is ever interpreted (and
Markdown does not spend time re-parsing large HTML). Links are made only from
URL fields, and only for http(s) URLs. Page titles go to the front matter
already HTML-escaped, because the theme prints them unescaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from persona.guide import svg
from persona.guide.glossary import Term, build_glossary
from persona.guide.i18n import (
    INTENT_ORDER,
    INTENT_PURPOSES,
    SITE_LANGUAGES,
    direction,
    intent_name,
    label,
    localize,
    script_language,
)
from persona.guide.rules import RuleView
from persona.guide.shared import shared_by_all
from persona.guide.site import GLOSSARY, HOME, RULES, VOICES, Site, persona_page, relative_url
from persona.guide.voices import VoiceSample
from persona.model import Intent, Persona
from persona.text.channels import channel_aliases

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).parent / "templates"
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\\x00-\x1f\x7f]+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Page:
    """One generated page: its path in docs/, its escaped title, its Markdown with
    placeholders, and the HTML blocks that replace them after Markdown has run."""

    path: str
    title: str
    body: str
    blocks: list[str]


def placeholder_pattern(token: str) -> re.Pattern[str]:
    """How a block's placeholder looks once Markdown has made it a paragraph."""
    return re.compile(rf"<p>{re.escape(token)}x(\d+)</p>")


_BLOCK_END = re.compile(r"(</(?:td|th|tr|li|p|h[1-6]|div|ul|table|thead|tbody)>)(?=<)")


def _stash(context: Any, html: str) -> Markup:
    """Jinja filter ``html``: keep a rendered HTML region aside, leave a placeholder.

    A line break after each closing block tag keeps words apart in search-result excerpts
    (the theme's indexer concatenates the text of adjacent cells)."""
    blocks: list[str] = context["blocks"]
    blocks.append(_BLOCK_END.sub("\\1\n", str(html)))
    return Markup(f"\n\n{context['block_token']}x{len(blocks) - 1}\n\n")


@dataclass(slots=True)
class Extras:
    """The parts that come from other subsystems; ``None`` leaves that page out."""

    rules: list[RuleView] | None = None
    voices: dict[str, list[VoiceSample] | None] = field(default_factory=dict)  # per language
    sample_messages: dict[str, str] = field(default_factory=dict)


def safe_link(url: str) -> str | None:
    """``url`` when it is an http(s) URL with a host, else None (never a link)."""
    if not _SAFE_URL.match(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        # `{#id}` is Markdown (attr_list heading ids), so Jinja comments are `{## … ##}`.
        comment_start_string="{##",
        comment_end_string="##}",
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["html"] = jinja2.pass_context(_stash)
    return env


class Renderer:
    """Renders every page of one site language."""

    def __init__(self, site: Site, lang: str, extras: Extras, block_token: str = "pgblock") -> None:
        self.site = site
        self.block_token = block_token
        self.lang = lang
        self.extras = extras
        self.env = _environment()

    # -- helpers exposed to templates -------------------------------------------------------

    def t(self, key: str, **values: object) -> str:
        return label(key, self.lang, **values)

    def loc(self, value: str | dict[str, str] | None, limit: int | None = None) -> Markup:
        """A persona text in this language; a fallback is wrapped and marked with its language.

        ``limit`` shortens the plain text (never the markup) to about that many characters.
        """
        text = localize(value, self.lang)
        shown = _shorten(text.text, limit) if limit else text.text
        if not text.fallback:
            return Markup(escape(shown))
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
            return Markup(escape(value))
        return Markup(f'<bdi lang="{lang}">{escape(value)}</bdi>')

    def url(self, value: str) -> Markup:
        """A link only for an http(s) URL; anything else is shown as text."""
        link = safe_link(value)
        if link is None:
            return Markup(f'<bdi class="pg-url" dir="ltr">{escape(value)}</bdi>')
        return Markup(
            f'<a class="pg-url" dir="ltr" href="{escape(link)}" rel="noopener noreferrer nofollow">'
            f"{escape(value)}</a>"
        )

    def persona_name(self, persona: Persona, page: str) -> Markup:
        """The persona's name, linked to its page when it has one in this language."""
        name = self.loc(persona.name)
        if not self.site.has_page(persona, self.lang):
            return Markup(f'{name} <span class="pg-muted">({escape(self.t("no_page_in_lang"))})</span>')
        href = relative_url(page, persona_page(persona.id))
        return Markup(f'<a href="{escape(href)}">{name}</a>')

    def _globals(self, page: str) -> dict[str, Any]:
        return {
            "t": self.t,
            "loc": self.loc,
            "term": self.term,
            "url": self.url,
            "lang": self.lang,
            "sep": "، " if self.lang == "ar" else ", ",
            "dir": direction(self.lang),
            "site": self.site,
            "page": page,
            "link": lambda target: relative_url(page, target),
            "name_of": lambda persona: self.persona_name(persona, page),
            "intent_name": lambda name: intent_name(name, self.lang),
        }

    def _render(self, template: str, page: str, title: str | Markup, **context: Any) -> Page:
        blocks: list[str] = []
        body = self.env.get_template(template).render(
            **self._globals(page), **context, blocks=blocks, block_token=self.block_token
        )
        return Page(page, str(escape(title)), body, blocks)

    # -- pages -----------------------------------------------------------------------------

    def pages(self) -> list[Page]:
        out = [self.home()]
        out += [self.persona(p) for p in self.site.personas_in(self.lang)]
        voices = self.extras.voices.get(self.lang)
        if voices:  # None: no rewriter; empty: nobody publishes in this language
            out.append(self.voices(voices))
        out.append(self.glossary())
        if self.extras.rules is not None:
            out.append(self.rules(self.extras.rules))
        return out

    def home(self) -> Page:
        personas = list(self.site.personas)
        levels = [self.t(f"level_{n}") for n in range(1, 6)]
        entries = [
            svg.SpectrumEntry(
                localize(p.name, self.lang).text,
                p.voice.formality,
                relative_url(HOME, persona_page(p.id)) if self.site.has_page(p, self.lang) else None,
            )
            for p in sorted(personas, key=lambda p: (p.voice.formality, p.id))
        ]
        spectrum = svg.formality_spectrum(entries, levels, self.t("spectrum"), direction(self.lang) == "rtl")
        bases = [(p, self.site.children(p)) for p in personas if self.site.children(p)]
        return self._render(
            "home.md.j2", HOME, self.t("home"),
            personas=personas, shared=shared_by_all(personas), bases=bases, spectrum=spectrum,
            level_label=lambda n: levels[n - 1],
        )

    def persona(self, persona: Persona) -> Page:
        page = persona_page(persona.id)
        levels = [self.t(f"level_{n}") for n in range(1, 6)]
        level = persona.voice.formality
        caption = f"{self.t('formality_target')}: {level} · {levels[level - 1]}"
        gauge = svg.formality_gauge(
            persona.voice.formality, persona.voice.tolerance, levels, caption, direction(self.lang) == "rtl"
        )
        others = [
            (other, relative_url(page, page, to_lang=other, from_lang=self.lang))
            for other in SITE_LANGUAGES
            if other != self.lang and self.site.has_page(persona, other)
        ]
        return self._render(
            "persona.md.j2", page, localize(persona.name, self.lang).text,
            p=persona, parent=self.site.parent(persona), gauge=gauge, others=others,
            level_label=lambda n: levels[n - 1],
            intents=_intents(persona), purposes=INTENT_PURPOSES,
            examples=sorted(persona.examples, key=lambda e: localize(e.before, self.lang).fallback),
            channel_anchor=_channel_anchors(persona),
            requirement=lambda r: self.t(f"req_{r}"),
        )

    def voices(self, samples: list[VoiceSample]) -> Page:
        return self._render(
            "voices.md.j2", VOICES, self.t("every_voice"),
            samples=samples, message=self.extras.sample_messages.get(self.lang, ""),
        )

    def glossary(self) -> Page:
        terms = build_glossary(self.site.personas)
        # Terms in this page's script first.
        terms.sort(key=lambda term: (term.arabic != (self.lang == "ar"), term.key))
        names = {p.id: p for p in self.site.personas}
        return self._render(
            "glossary.md.j2", GLOSSARY, self.t("glossary"),
            terms=terms, conflicts=[t for t in terms if t.conflict], personas_by_id=names,
            role_label=_role_label(self.lang),
        )

    def rules(self, rules: list[RuleView]) -> Page:
        return self._render("rules.md.j2", RULES, self.t("rules"), rules=rules)

    def chooser(self) -> str:
        """The language chooser at the top of the output directory (plain HTML, no Markdown)."""
        languages = [(lang, label("language_name", lang), label("site_name", lang), direction(lang))
                     for lang in self.site.languages]
        return self.env.get_template("chooser.html.j2").render(languages=languages)


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(" ,.،؛") + "…"


def _intents(persona: Persona) -> list[tuple[str, Intent | None]]:
    """The four kinds of message in the article's order, then any others the persona defines."""
    named = [(name, persona.intents.get(name)) for name in INTENT_ORDER]
    extra = [(name, intent) for name, intent in persona.intents.items() if name not in INTENT_ORDER]
    return named + extra


def _channel_anchors(persona: Persona) -> Callable[[str], str | None]:
    anchors = {name.lower(): f"channel-{i}" for i, name in enumerate(persona.channels, start=1)}
    return lambda name: next((anchors[n] for n in channel_aliases(name) if n in anchors), None)


def _role_label(lang: str) -> Callable[[str], str]:
    keys = {"prefer": "role_prefer", "instead": "role_instead", "avoid": "role_avoid"}
    return lambda role: label(keys[role], lang)


__all__ = ["Extras", "Page", "Renderer", "Term", "safe_link"]
