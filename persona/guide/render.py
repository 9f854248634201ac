"""Jinja2 → the pages of one language's mkdocs build.

What may be Markdown and what is HTML is :mod:`persona.guide.environment`'s rule; the HTML
fragments (localised text, bidi isolation, links, chips) are :mod:`persona.guide.markup`'s;
what a persona page shows beyond the persona file (annotated examples, do/don't pairs, tone by
situation) is :mod:`persona.guide.persona_page`'s. Links are made only from URL fields, and
only for http(s) URLs. Page titles go to the front matter already HTML-escaped, because the
theme prints them unescaped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape

from persona.guide import az, svg
from persona.guide.downloads import persona_about
from persona.guide.environment import Page, environment, placeholder_pattern
from persona.guide.glossary import Term, build_glossary
from persona.guide.i18n import (
    INTENT_PURPOSES,
    SITE_LANGUAGES,
    direction,
    label,
    localize,
    occasion_name,
    rule_title,
)
from persona.guide.markup import Fragments, safe_link
from persona.guide.persona_page import VOICE_RULES, persona_content
from persona.guide.rules import RuleView
from persona.guide.shared import shared_by_all
from persona.guide.site import GLOSSARY, HOME, RULES, VOICES, Site, persona_page, relative_url
from persona.guide.voices import VoiceSample
from persona.model import Occasion, Persona
from persona.text.channels import channel_aliases


@dataclass(slots=True)
class Extras:
    """The parts that come from other subsystems; ``None`` leaves that page out."""

    rules: list[RuleView] | None = None
    voices: dict[str, list[VoiceSample] | None] = field(default_factory=dict)  # per language
    sample_messages: dict[str, str] = field(default_factory=dict)
    changed: dict[str, datetime] = field(default_factory=dict)  # persona id → last changed


class Renderer:
    """Renders every page of one site language."""

    def __init__(self, site: Site, lang: str, extras: Extras, block_token: str = "pgblock") -> None:
        self.site = site
        self.block_token = block_token
        self.lang = lang
        self.extras = extras
        self.env = environment()
        self.html = Fragments(lang)

    # -- helpers exposed to templates -------------------------------------------------------

    def t(self, key: str, **values: object) -> str:
        return label(key, self.lang, **values)

    def persona_name(self, persona: Persona, page: str) -> Markup:
        """The persona's name, linked to its page when it has one in this language."""
        name = self.html.loc(persona.name)
        if not self.site.has_page(persona, self.lang):
            return Markup(f'{name} <span class="pg-muted">({escape(self.t("no_page_in_lang"))})</span>')
        href = relative_url(page, persona_page(persona.id))
        return Markup(f'<a href="{escape(href)}">{name}</a>')

    def occasion_title(self, name: str, occasion: Occasion) -> Markup:
        """An occasion's own name in the file, else the guide's name for its id, else the id."""
        if occasion.name:
            return self.html.loc(occasion.name)
        known = occasion_name(name, self.lang)
        return Markup(escape(known)) if known else self.html.term(name)

    def rule_name(self, rule: str) -> Markup:
        """A rule's short title in this language, its id in ``<code>`` beside it."""
        title = rule_title(rule, self.lang)
        code = f'<code dir="ltr" class="pg-rule-id">{escape(rule)}</code>'
        return Markup(f"{escape(title)} {code}" if title else code)

    def _globals(self, page: str) -> dict[str, Any]:
        return {
            "t": self.t,
            "h": self.html,
            "loc": self.html.loc,
            "term": self.html.term,
            "url": self.html.url,
            "isolate": self.html.isolate,
            "ltr": self.html.ltr,
            "arrow": self.html.arrow,
            "rule_name": self.rule_name,
            "h_rule_title": lambda rule: rule_title(rule, self.lang),
            "lang": self.lang,
            "sep": "، " if self.lang == "ar" else ", ",
            "dir": direction(self.lang),
            "site": self.site,
            "page": page,
            "link": lambda target: relative_url(page, target),
            "name_of": lambda persona: self.persona_name(persona, page),
            "intent_name": self.html.intent,
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
        out.append(az.page(self))
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
            purposes=INTENT_PURPOSES,
            content=persona_content(persona, self.lang), voice_rules=VOICE_RULES,
            index_of=lambda items, item: next((i for i, x in enumerate(items) if x is item), None),
            occasion_title=self.occasion_title,
            vocab_use=lambda entry: entry.use, vocab_term=lambda entry: entry.term,
            channel_anchor=_channel_anchors(persona),
            requirement=lambda r: self.t(f"req_{r}"),
            about=persona_about(persona, page, self.lang, self.extras.changed.get(persona.id)),
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


def _channel_anchors(persona: Persona) -> Callable[[str], str | None]:
    anchors = {name.lower(): f"channel-{i}" for i, name in enumerate(persona.channels, start=1)}
    return lambda name: next((anchors[n] for n in channel_aliases(name) if n in anchors), None)


def _role_label(lang: str) -> Callable[[str], str]:
    keys = {"prefer": "role_prefer", "instead": "role_instead", "avoid": "role_avoid"}
    return lambda role: label(keys[role], lang)


__all__ = ["Extras", "Page", "Renderer", "Term", "placeholder_pattern", "safe_link"]
