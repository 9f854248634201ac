"""What the rules rewriter derives from one persona, compiled once (``--as all`` over an archive
costs one compilation per persona, not one per message).

The checker's compiled persona (:func:`persona.check.context.compile_persona`) knows the terms
and facts; this plan adds only what the rewriter's own steps need: the persona's hashtags, its
signature in each language (measured once), and the warm register lexicon of a casual voice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from persona import lexicons
from persona.model import Persona, text_language, text_variants
from persona.text import tokens
from persona.text.matcher import TermMatcher
from persona.text.normalize import fold

__all__ = ["Plan", "Signature", "numbers_in", "plan_for"]

_NUMBER_RE = re.compile(r"\+?\d+(?:[ -]\d+)*")


def numbers_in(text: str) -> set[str]:
    """The digits of every number in ``text`` (runs of digits with single spaces or dashes)."""
    return {tokens.phone_digits(m.group()) for m in _NUMBER_RE.finditer(text)}


@dataclass(frozen=True, slots=True)
class WarmSwap:
    """A matcher payload of the warm register: formal ``source`` → warmer ``target``."""

    lang: str
    source: str
    target: str
    greeting: bool
    safe: bool


@dataclass(frozen=True, slots=True)
class Signature:
    """A signature line and what it would add to a message (measured once per persona)."""

    text: str
    numbers: frozenset[str]
    links: tuple[str, ...]  # lower-cased

    @classmethod
    def of(cls, text: str) -> Signature:
        links = tuple(link.text.lower() for link in tokens.find_links(text))
        return cls(text=text, numbers=frozenset(numbers_in(text)), links=links)


class Plan:
    """Everything the rewriter's own steps derive from one persona."""

    def __init__(self, persona: Persona) -> None:
        self.persona = persona
        self.own_tags = frozenset(
            fold(tag.text).text
            for example in persona.examples
            for text in text_variants(example.after)
            for tag in tokens.find_hashtags(text)
        )
        # Every language's signature, folded: a message signed in any of them is signed.
        self.signed_keys = tuple(fold(v.strip()).text for v in text_variants(persona.signature) if v.strip())
        self._signatures: dict[str, Signature | None] = {}
        self.warm = TermMatcher(
            [(pair.source, WarmSwap(lang, pair.source, pair.target, pair.is_greeting, pair.safe))
             for lang in ("en", "ar") for pair in lexicons.register_pairs(lang, "warm")]
            if persona.voice.formality <= 2 else [],
            clitics=False, letters=False,
        )

    def signature(self, lang: str) -> Signature | None:
        """The signature in exactly ``lang`` (a plain string serves every language)."""
        if lang not in self._signatures:
            text = (text_language(self.persona.signature, lang) or "").strip()
            self._signatures[lang] = Signature.of(text) if text else None
        return self._signatures[lang]


_PLANS: dict[int, tuple[Persona, Plan]] = {}


def plan_for(persona: Persona) -> Plan:
    """The compiled plan for ``persona``, built once per persona object."""
    cached = _PLANS.get(id(persona))
    if cached is not None and cached[0] is persona:
        return cached[1]
    if len(_PLANS) >= 256:
        _PLANS.clear()
    plan = Plan(persona)
    _PLANS[id(persona)] = (persona, plan)
    return plan
