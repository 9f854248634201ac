"""Which pages the guide has, in which languages, and how they link to each other.

Each site language is its own mkdocs build (``<out>/ar/``, ``<out>/en/``) with
the same page paths. A persona has a page in the site languages it publishes in
(``languages``); one that publishes in none of them gets a page in every site
language, so that no persona is left without one.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass

from persona.guide.i18n import SITE_LANGUAGES
from persona.model import Persona

HOME = "index.md"
VOICES = "voices.md"
GLOSSARY = "glossary.md"
RULES = "rules.md"
AZ = "az.md"

#: The pages after home and the entities in the site navigation, in this order (those built).
NAV_PAGES: tuple[str, ...] = (VOICES, GLOSSARY, AZ, RULES)


def persona_page(persona_id: str) -> str:
    return f"personas/{persona_id}.md"


def html_path(page: str) -> str:
    """Where mkdocs writes a page (``use_directory_urls: false``)."""
    return page[: -len(".md")] + ".html"


def relative_url(
    from_page: str, to_page: str, *, to_lang: str | None = None, from_lang: str | None = None
) -> str:
    """A relative link from one page to another, possibly in the other language's build."""
    target = html_path(to_page)
    start = posixpath.dirname(html_path(from_page)) or "."
    if to_lang is not None and to_lang != from_lang:
        target = posixpath.join("..", to_lang, target)
    return posixpath.relpath(target, start)


@dataclass(frozen=True)
class Site:
    personas: tuple[Persona, ...]
    languages: tuple[str, ...] = SITE_LANGUAGES

    @classmethod
    def of(cls, personas: Sequence[Persona]) -> Site:
        return cls(tuple(personas))

    def page_languages(self, persona: Persona) -> tuple[str, ...]:
        own = tuple(lang for lang in self.languages if lang in persona.languages)
        return own or self.languages

    def has_page(self, persona: Persona, lang: str) -> bool:
        return lang in self.page_languages(persona)

    def personas_in(self, lang: str) -> list[Persona]:
        return [p for p in self.personas if self.has_page(p, lang)]

    def parent(self, persona: Persona) -> Persona | None:
        return next((p for p in self.personas if p.id == persona.extends), None)

    def children(self, persona: Persona) -> list[Persona]:
        return [p for p in self.personas if p.extends == persona.id]
