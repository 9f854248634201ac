"""The rule registry: every check, its id, default severity, description and examples.

A rule is a small function that looks at a :class:`~persona.check.context.Context`
and yields :class:`Hit` objects; :func:`rule` registers it with its metadata (both
live in :mod:`persona.check.rule`, which rule modules import: this module imports
them, never the reverse).
Every rule carries examples that must fire and examples that must stay silent,
run against :data:`EXAMPLE_PERSONA` by the meta-test (proselint's discipline),
and shown in the style guide and the docs.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from persona.check.rule import Hit, Rule, RuleExample, all_registered, fires, passes, rule

if TYPE_CHECKING:
    from persona.model import Persona

__all__ = ["EXAMPLE_PERSONA", "Hit", "Rule", "RuleExample", "all_rules", "example_persona", "fires", "passes",
           "rule"]

_SORTED: list[Rule] = []


_SORTING = threading.Lock()


def all_rules() -> list[Rule]:
    """Every registered rule, sorted by id (thread-safe: rewrites check their candidates on threads)."""
    if not _SORTED:
        with _SORTING:
            if not _SORTED:
                _load_rule_modules()
                _SORTED.extend(all_registered())
    return list(_SORTED)


def _load_rule_modules() -> None:
    from persona.check import meaning  # noqa: F401
    from persona.check.rules import channel, dates, facts, hidden, intent, values, vocabulary, voice  # noqa: F401


# The persona every rule example is checked against (tests, docs and the guide).
EXAMPLE_PERSONA: dict[str, Any] = {
    "id": "example",
    "name": {"en": "Ministry of Justice (example)", "ar": "وزارة العدل (مثال)"},
    "languages": ["ar", "en"],
    "voice": {
        "formality": 5,
        "tolerance": 1,
        "emoji": "none",
        "exclamations": False,
        "contractions": False,
        "max_sentence_words": 20,
        "person": "we",
    },
    "channels": {"x": {"max_length": 280, "max_hashtags": 2, "max_links": 1}},
    "vocabulary": {
        "prefer": [
            {"use": "beneficiaries", "instead_of": ["customers", "clients"]},
            {"use": "المستفيدين", "instead_of": ["العملاء", "الزبائن"]},
        ],
        "avoid": [
            {"term": "guarantee", "reason": "A promise the ministry cannot make in law"},
            {"term": "نضمن", "reason": "وعد لا تملكه الوزارة قانونًا"},
        ],
    },
    "values": [
        {
            "claim": {"en": "Our services are fully digital", "ar": "خدماتنا رقمية بالكامل"},
            "contradicted_by": ["print the form", "visit our office", "اطبع النموذج", "طباعة النموذج"],
        }
    ],
    "facts": {
        "urls": ["https://www.moj.gov.sa"],
        "phones": ["1950"],
        "handles": ["@MojKsa"],
        "retired": [{"old": "920000000", "new": "1950", "note": "Unified number since 2024"},
                    {"old": "Ministry of Justice Portal", "new": "Najiz"}],
    },
    "intents": {
        "service": {"requires": ["link"]},
        "inquiry_reply": {"max_sentences": 2},
        "strategy": {},
        "correction": {"requires": ["link"]},
    },
}


def example_persona(overrides: dict[str, Any] | None = None) -> Persona:
    """:data:`EXAMPLE_PERSONA` with an example's overrides merged in (maps merge key by key)."""
    from persona.model import Persona

    return Persona.model_validate(_deep_update(EXAMPLE_PERSONA, overrides or {}))


def _deep_update(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_update(out[key], value)
        else:
            out[key] = value
    return out
