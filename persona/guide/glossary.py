"""Every vocabulary term across personas, and where personas disagree about it.

A term is grouped with its spelling variants (the checker's folding: Arabic
letter variants, diacritics, the article and case do not separate terms). A *conflict* is a
term one persona prefers (``prefer.use``) while another avoids it
(``avoid.term``) or lists it among the words to replace (``prefer.instead_of``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from persona.model import Persona, text_variants
from persona.text.normalize import fold_term, is_arabic, strip_marks

Role = Literal["prefer", "instead", "avoid"]


@dataclass(frozen=True, slots=True)
class Usage:
    """How one group of personas treats a term: prefer it, replace it (with ``other``), or avoid it."""

    role: Role
    persona_ids: tuple[str, ...]
    other: str | None = None  # the preferred replacement, for role "instead"
    reason: str | dict[str, str] | None = None  # why avoided / note on the preference


@dataclass(slots=True)
class Term:
    key: str
    spellings: list[str] = field(default_factory=list)
    usages: list[Usage] = field(default_factory=list)

    @property
    def display(self) -> str:
        return self.spellings[0]

    @property
    def arabic(self) -> bool:
        return is_arabic(self.display)

    @property
    def conflict(self) -> bool:
        """Some persona prefers the term while another avoids or replaces it."""
        preferring = {p for u in self.usages if u.role == "prefer" for p in u.persona_ids}
        rejecting = {p for u in self.usages if u.role != "prefer" for p in u.persona_ids}
        return bool(preferring and rejecting and len(preferring | rejecting) > 1)


def _key(term: str) -> str:
    """Spelling variants share a key: folded as the checker folds, and an Arabic term without
    its article (the checker finds «عميل» in «العميل»)."""
    key = fold_term(term) or term
    # The article is looked for before folding: «إلكترونيًا» folds to «الكترونيا», with no article in it.
    if is_arabic(key) and strip_marks(term.strip()).startswith("ال") and len(key) > 4 and " " not in key[:4]:
        key = key[2:]
    return key


def build_glossary(personas: Sequence[Persona]) -> list[Term]:
    """Terms sorted alphabetically (Latin, then Arabic), each with who uses it how."""
    raw: dict[str, dict[tuple[Role, str | None, str], list[str]]] = {}
    spellings: dict[str, list[str]] = {}
    reasons: dict[tuple[str, Role, str | None, str], str | dict[str, str] | None] = {}

    def add(term: str, role: Role, persona: Persona, other: str | None = None,
            reason: str | dict[str, str] | None = None) -> None:
        key = _key(term)
        spellings.setdefault(key, [])
        if term not in spellings[key]:
            spellings[key].append(term)
        reason_key = "|".join(text_variants(reason))
        owners = raw.setdefault(key, {}).setdefault((role, other, reason_key), [])
        if persona.id not in owners:
            owners.append(persona.id)
        reasons[(key, role, other, reason_key)] = reason

    for persona in personas:
        for prefer in persona.vocabulary.prefer:
            add(prefer.use, "prefer", persona, reason=prefer.note)
            for old in prefer.instead_of:
                add(old, "instead", persona, other=prefer.use)
        for avoid in persona.vocabulary.avoid:
            add(avoid.term, "avoid", persona, reason=avoid.reason)

    terms = []
    for key, groups in raw.items():
        usages = [
            Usage(role, tuple(ids), other, reasons[(key, role, other, reason_key)])
            for (role, other, reason_key), ids in groups.items()
        ]
        usages.sort(key=lambda u: ("prefer", "instead", "avoid").index(u.role))
        terms.append(Term(key, spellings[key], usages))
    terms.sort(key=lambda t: (t.arabic, t.key))
    return terms
