"""The checker's rules as the guide shows them: id, severity, description, examples.

Reads only rule metadata from :mod:`persona.check.registry`, and each rule's Arabic description
from :mod:`persona.check.messages` (the texts ``persona rules`` and the checker's findings use). When the registry is
not available (an older checkout, a partial install), :func:`load_rules` returns
``None`` and the guide leaves the rules page out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLAIN_ID = re.compile(r"[a-z0-9][a-z0-9_.-]*")


@dataclass(frozen=True, slots=True)
class ExampleView:
    text: str
    lang: str
    fires: bool
    channel: str | None = None
    intent: str | None = None


@dataclass(frozen=True, slots=True)
class RuleView:
    id: str
    severity: str
    description: str | dict[str, str]
    examples: tuple[ExampleView, ...]

    @property
    def anchor(self) -> str:
        return "rule-" + re.sub(r"[^a-z0-9]+", "-", self.id.lower()).strip("-")

    @property
    def plain_id(self) -> bool:
        """Safe to write as a Markdown heading (so that it is in the table of contents and search)."""
        return bool(_PLAIN_ID.fullmatch(self.id))

    def examples_in(self, lang: str) -> list[ExampleView]:
        """Examples in ``lang`` first, then the others."""
        return sorted(self.examples, key=lambda e: (e.lang != lang, not e.fires))

    def own_examples(self, lang: str) -> list[ExampleView]:
        """The examples written in ``lang`` (those that fire first); all of them when none is."""
        own = [e for e in self.examples if e.lang == lang]
        return sorted(own or self.examples, key=lambda e: not e.fires)

    def other_examples(self, lang: str) -> list[ExampleView]:
        """The examples in other languages, when ``lang`` has examples of its own."""
        if not any(e.lang == lang for e in self.examples):
            return []
        return sorted((e for e in self.examples if e.lang != lang), key=lambda e: not e.fires)


def load_rules() -> list[RuleView] | None:
    """Every registered rule, or None when the registry cannot be imported."""
    try:
        from persona.check.registry import all_rules

        rules = all_rules()
    except ImportError:
        return None
    return [_view(rule) for rule in rules]


def _view(rule: object) -> RuleView:
    examples = tuple(
        ExampleView(
            text=str(example.text),
            lang=str(getattr(example, "lang", "") or ""),
            fires=bool(example.fires),
            channel=getattr(example, "channel", None),
            intent=getattr(example, "intent", None),
        )
        for example in getattr(rule, "examples", ())
    )
    return RuleView(str(rule.id), str(rule.severity), _descriptions(rule), examples)  # type: ignore[attr-defined]


def _descriptions(rule: object) -> str | dict[str, str]:
    """The rule's description in English and, where the checker has one, in Arabic."""
    english = rule.description  # type: ignore[attr-defined]
    if not isinstance(english, str):
        return english
    try:
        from persona.check.messages import description
    except ImportError:
        return english
    arabic = description(str(rule.id), english, "ar")  # type: ignore[attr-defined]
    return {"en": english, "ar": arabic} if arabic != english else english
