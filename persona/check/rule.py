"""What a rule is: :class:`Hit`, :class:`Rule`, :class:`RuleExample` and the :func:`rule` decorator.

Rule modules (``persona.check.rules.*``, ``persona.check.meaning``) import this module
only; :mod:`persona.check.registry` imports the rule modules and lists their rules.
Keeping the two apart means no import runs back from a rule to the registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from persona.check.types import Fix

if TYPE_CHECKING:
    from persona.check.context import Context


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which makes building
# one 4x dearer, and every rule builds one per hit. Treat it as immutable (it hashes by value).
@dataclass(slots=True, unsafe_hash=True)
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
    #: What the draft must have for the rule to apply, else the engine does not run it:
    #: "intent" (a draft given an intent), "original" (a rewrite, with the text it rewrites).
    needs: str | None = None

    def to_json(self) -> dict[str, object]:
        """The rule as ``persona rules --format json`` and the API's ``/rules`` list it."""
        examples = [
            {"text": ex.text, "lang": ex.lang, "fires": ex.fires, "channel": ex.channel, "intent": ex.intent}
            for ex in self.examples
        ]
        return {"id": self.id, "severity": self.severity, "description": self.description, "examples": examples}


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
    needs: str | None = None,
) -> Callable[[Callable[[Context], Iterable[Hit]]], Callable[[Context], Iterable[Hit]]]:
    """Register a rule function under ``rule_id``.

    ``skips``: the kinds of span (:data:`persona.text.spans.KINDS`) that are not the
    entity's own prose for this rule; the engine drops the rule's findings inside them.
    ``needs``: ``"intent"`` or ``"original"`` when the rule has nothing to say about a draft
    without one (:attr:`Rule.needs`).
    """
    if needs not in (None, "intent", "original"):
        raise ValueError(f"rule {rule_id}: needs is 'intent' or 'original', not {needs!r}")

    def register(func: Callable[[Context], Iterable[Hit]]) -> Callable[[Context], Iterable[Hit]]:
        if rule_id in _RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        _RULES[rule_id] = Rule(rule_id, severity, description, func, tuple(examples), scope, fix,
                               frozenset(skips), needs)
        return func

    return register


def registered(rule_ids: Iterable[str]) -> list[Rule]:
    """The rules of ``rule_ids`` registered so far (their modules imported), in that order."""
    return [_RULES[rule_id] for rule_id in rule_ids if rule_id in _RULES]


def all_registered() -> list[Rule]:
    """Every rule registered so far, sorted by id (:func:`persona.check.registry.all_rules`
    imports every rule module first)."""
    return sorted(_RULES.values(), key=lambda r: r.id)


def fires(text: str, lang: str, **kw: Any) -> RuleExample:
    return RuleExample(text, lang, True, **kw)


def passes(text: str, lang: str, **kw: Any) -> RuleExample:
    return RuleExample(text, lang, False, **kw)


