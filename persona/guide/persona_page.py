"""What a persona page shows beyond the persona file itself, worked out at build time:

- its before/after examples, each "before" annotated with what the real checker flags in it
  (:mod:`persona.guide.annotate`), the page's language first;
- do/don't pairs for each rule, from those findings: the flagged clause, and the same clause
  with the checker's fixes applied (or, for what has no fix, the example's "after");
- tone by situation: each kind of message the persona defines and each occasion it names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from persona.guide.annotate import Annotated, Flag, annotate, sentence_of
from persona.guide.i18n import INTENT_ORDER, OCCASION_ORDER, localize, script_language
from persona.model import Example, Intent, Occasion, Persona

#: The voice rules shown in the writing-rules table, in its order (a pair goes beside each).
VOICE_RULES: tuple[str, ...] = ("voice.emoji", "voice.exclamations", "voice.contractions",
                                "voice.sentence_length", "voice.person", "voice.informal", "voice.formality")


_CLAUSE_MARKS = " ،؛,;"


@dataclass(frozen=True, slots=True)
class Pair:
    """Don't write ``dont`` (its flagged words ``dont[mark_start:mark_end]``); write ``do``."""

    rule: str
    dont: str
    do: str
    mark_start: int = 0
    mark_end: int = 0
    from_example: bool = False

    @property
    def lang(self) -> str | None:
        return script_language(self.dont + " " + self.do)

    @property
    def dont_parts(self) -> tuple[str, str, str]:
        return self.dont[:self.mark_start], self.dont[self.mark_start:self.mark_end], self.dont[self.mark_end:]


@dataclass(slots=True)
class Pairs:
    prefer: dict[int, Pair] = field(default_factory=dict)
    avoid: dict[int, Pair] = field(default_factory=dict)
    values: dict[int, Pair] = field(default_factory=dict)
    retired: dict[int, Pair] = field(default_factory=dict)
    voice: dict[str, Pair] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(len(group) for group in (self.prefer, self.avoid, self.values, self.retired, self.voice))


@dataclass(frozen=True, slots=True)
class ExampleView:
    example: Example
    before: str
    after: str
    lang: str | None  # the language the example is written in, when not the page's
    annotated: Annotated | None
    anchor: str


@dataclass(frozen=True, slots=True)
class Situation:
    """One row of "tone by situation": a kind of message or an occasion."""

    kind: str  # "intent" | "occasion"
    name: str
    intent: Intent | None = None
    occasion: Occasion | None = None
    model: str | None = None  # a model message in the page's language
    model_check: Annotated | None = None


@dataclass(slots=True)
class PersonaContent:
    examples_own: list[ExampleView]
    examples_other: list[ExampleView]
    pairs: Pairs
    intents: list[Situation]
    occasions: list[Situation]


def persona_content(persona: Persona, lang: str) -> PersonaContent:
    views = [_example(persona, example, lang, i) for i, example in enumerate(persona.examples, start=1)]
    own = [v for v in views if v.lang is None]
    other = [v for v in views if v.lang is not None]
    return PersonaContent(own, other, do_dont(persona, own + other), _intents(persona, lang, own),
                          _occasions(persona, lang))


def _example(persona: Persona, example: Example, lang: str, number: int) -> ExampleView:
    before, after = localize(example.before, lang), localize(example.after, lang)
    written = before.lang if before.fallback else None
    annotated = annotate(persona, before.text, lang, example.channel, example.intent)
    return ExampleView(example, before.text, after.text, written, annotated, f"example-{number}")


# -- do / don't --------------------------------------------------------------------------------


def do_dont(persona: Persona, examples: Iterable[ExampleView]) -> Pairs:
    """A pair for each vocabulary entry, claim, retired fact and voice rule that an example breaks
    (the first example that shows it). An entry no example shows gets none: its table row already
    says «use this, not that», and a sentence made up around it would be the guide's, not the
    persona's."""
    pairs = Pairs()
    for view in examples:
        if view.annotated is None:
            continue
        for flag in view.annotated.flags:
            pair = _pair(view, flag) if flag.end > flag.start else None
            if pair is not None:
                _add(pairs, persona, flag, pair)
    return pairs


def _add(pairs: Pairs, persona: Persona, flag: Flag, pair: Pair) -> None:
    if flag.entry is not None:
        kind, index = flag.entry
        getattr(pairs, kind).setdefault(index, pair)
    elif flag.rule.startswith("voice."):
        pairs.voice.setdefault(flag.rule, pair)
    elif flag.rule == "facts.retired":
        found = next((i for i, fact in enumerate(persona.facts.retired) if _same_fact(fact.old, flag.match)), None)
        if found is not None:
            pairs.retired.setdefault(found, pair)


def _same_fact(old: str, typed: str) -> bool:
    digits = "".join(c for c in typed if c.isdigit())
    if old.isdigit():
        return digits == old
    return old.rstrip("/").lower() == typed.rstrip("/").lower()


def _pair(view: ExampleView, flag: Flag) -> Pair | None:
    """The flagged clause, and the same clause with every fix the checker offers in it; None when
    something flagged in that clause has no fix (the "do" would still break a rule). For the
    rules whose findings have no fix (a term to avoid, a contradicted claim) the "do" is the
    example's "after", the persona's own rewrite."""
    assert view.annotated is not None
    text, flags = view.annotated.text, view.annotated.flags
    begin, end = sentence_of(text, flag.start, flag.end, clause=True)
    inside = [f for f in flags if f.end > f.start and f.start < end and f.end > begin]
    if not flag.fix:
        if not view.after:
            return None
        do = view.after
    elif all(f.fix and all(begin <= s and e <= end for s, e, _ in f.fix) for f in inside):
        edits = sorted({edit for f in inside for edit in f.fix}, reverse=True)
        do = text[begin:end]
        for s, e, new in edits:
            do = do[: s - begin] + new + do[e - begin:]
        do = " ".join(do.split())
    else:
        return None
    dont = text[begin:end]
    lead = len(dont) - len(dont.lstrip())
    dont = dont.strip()
    mark_end = flag.end - begin - lead
    if mark_end >= len(dont.rstrip(_CLAUSE_MARKS)):  # the flag is the clause's end («!!»): keep it whole
        return Pair(flag.rule, dont, do.rstrip(_CLAUSE_MARKS) if do.endswith(("،", "؛", ",", ";")) else do,
                    flag.start - begin - lead, mark_end, from_example=True)
    return Pair(flag.rule, dont.rstrip(_CLAUSE_MARKS), do.rstrip(_CLAUSE_MARKS) if flag.fix else do,
                flag.start - begin - lead, mark_end, from_example=True)


# -- tone by situation -------------------------------------------------------------------------


def _intents(persona: Persona, lang: str, examples: list[ExampleView]) -> list[Situation]:
    """The four kinds of message in the article's order, then any others the persona defines;
    each with a model message: the "after" of an example of that kind, in the page's language."""
    names = [*INTENT_ORDER, *(name for name in persona.intents if name not in INTENT_ORDER)]
    out = []
    for name in names:
        model = next((v.after for v in examples if v.example.intent == name and v.after), None)
        out.append(Situation("intent", name, intent=persona.intents.get(name), model=model))
    return out


def _occasions(persona: Persona, lang: str) -> list[Situation]:
    """The persona's occasions, the well-known ones first; each model message checked for real."""
    names = [*(n for n in OCCASION_ORDER if n in persona.occasions),
             *(n for n in persona.occasions if n not in OCCASION_ORDER)]
    out = []
    for name in names:
        occasion = persona.occasions[name]
        model = localize(occasion.example, lang).text if occasion.example else None
        check = annotate(persona, model, lang, persona.default_channel) if model else None
        out.append(Situation("occasion", name, occasion=occasion, model=model, model_check=check))
    return out
