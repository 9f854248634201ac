"""The checker's built-in word lists, compiled into one strict single-pass matcher.

Strict means: whole words, diacritics and tatweel removed, case folded, but no
Arabic letter folding and no clitics (spec: «مرة» "once" is never «مره»).
The lists themselves are data files in ``persona/data`` (see persona.lexicons).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from persona import lexicons
from persona.text.matcher import TermMatcher


@dataclass(frozen=True, slots=True)
class Builtin:
    kind: str  # "informal" | "contraction" | "first_person" | "formal"
    lang: str
    term: str
    replacement: str | None = None  # expansion of a contraction, formal form of a casual word
    category: str | None = None
    safe: bool = False  # the replacement is a safe fix (the lexicon's `safe` flag)


@cache
def builtin_entries() -> tuple[tuple[str, Builtin], ...]:
    entries: list[tuple[str, Builtin]] = []
    for lang in ("en", "ar"):
        formal = {p.source.lower(): p for p in lexicons.register_pairs(lang, "formal")}
        for item in lexicons.informal_terms(lang):
            pair = formal.get(item.term.lower())
            entries.append((item.term, Builtin("informal", lang, item.term, pair.target if pair else None,
                                               item.category, pair is not None and pair.safe)))
        for word in lexicons.first_person(lang):
            entries.append((word, Builtin("first_person", lang, word)))
        # The formal side of the "warm" pairs is evidence of a formal register.
        for pair in lexicons.register_pairs(lang, "warm"):
            entries.append((pair.source, Builtin("formal", lang, pair.source, pair.target)))
    for short, full in lexicons.contractions().items():
        entries.append((short, Builtin("contraction", "en", short, full)))
    return tuple(entries)


@cache
def builtin_matcher() -> TermMatcher:
    return TermMatcher(builtin_entries(), clitics=False, letters=False)
