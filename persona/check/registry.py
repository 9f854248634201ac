"""The rule registry: every check, its id, default severity, description and examples.

A rule is a small function that looks at a :class:`~persona.check.context.Context`
and yields :class:`Hit` objects; :func:`rule` registers it with its metadata.
Every rule carries examples that must fire and examples that must stay silent,
run against :data:`EXAMPLE_PERSONA` by the meta-test (proselint's discipline),
and shown in the style guide and the docs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from persona.check.types import Fix

if TYPE_CHECKING:
    from persona.check.context import Context
    from persona.model import Persona


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule found: a span of the draft, a message and an optional fix."""

    start: int
    end: int
    message: str
    suggestion: str | None = None
    severity: str | None = None  # None: the rule's default (or the persona entry's)
    #: The fix, when it is more than "replace the match by the suggestion" or when its
    #: applicability differs from the rule's default (``Rule.fix``).
    fix: Fix | None = None


@dataclass(frozen=True, slots=True)
class RuleExample:
    """A draft the rule must flag (``fires``) or must leave alone."""

    text: str
    lang: str
    fires: bool
    channel: str | None = None
    intent: str | None = None
    persona: dict[str, Any] = field(default_factory=dict)  # overrides of EXAMPLE_PERSONA
    source: str | None = None  # meaning.* rules: the original the text rewrites
    asked_lang: str | None = None  # meaning.language: the translation asked for (--lang)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: str
    description: str
    check: Callable[[Context], Iterable[Hit]]
    examples: tuple[RuleExample, ...]
    scope: str = "prose"  # prose: skips code, link targets, front matter; body: the whole message
    #: Applicability of the fix a hit with a suggestion gets by default: the match is replaced
    #: by the suggestion. None: a suggestion is only advice, not an edit.
    fix: str | None = None
    skips: frozenset[str] = frozenset()  # spans the engine drops findings in: quote, quran, email


_RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    severity: str,
    description: str,
    *,
    examples: Iterable[RuleExample],
    scope: str = "prose",
    fix: str | None = None,
    skips: Iterable[str] = ("quote", "quran", "email"),
) -> Callable[[Callable[[Context], Iterable[Hit]]], Callable[[Context], Iterable[Hit]]]:
    """Register a rule function under ``rule_id``.

    ``skips``: the kinds of span (:data:`persona.text.spans.KINDS`) that are not the
    entity's own prose for this rule; the engine drops the rule's findings inside them.
    """

    def register(func: Callable[[Context], Iterable[Hit]]) -> Callable[[Context], Iterable[Hit]]:
        if rule_id in _RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        _RULES[rule_id] = Rule(rule_id, severity, description, func, tuple(examples), scope, fix,
                               frozenset(skips))
        return func

    return register


def fires(text: str, lang: str, **kw: Any) -> RuleExample:
    return RuleExample(text, lang, True, **kw)


def passes(text: str, lang: str, **kw: Any) -> RuleExample:
    return RuleExample(text, lang, False, **kw)


_SORTED: list[Rule] = []


_SORTING = threading.Lock()


def all_rules() -> list[Rule]:
    """Every registered rule, sorted by id (thread-safe: rewrites check their candidates on threads)."""
    if not _SORTED:
        with _SORTING:
            if not _SORTED:
                _load_rule_modules()
                _SORTED.extend(sorted(_RULES.values(), key=lambda r: r.id))
    return list(_SORTED)


def get_rule(rule_id: str) -> Rule:
    _load_rule_modules()
    return _RULES[rule_id]


def _load_rule_modules() -> None:
    from persona.check import meaning  # noqa: F401
    from persona.check.rules import channel, dates, facts, intent, values, vocabulary, voice  # noqa: F401


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
