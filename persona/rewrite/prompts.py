"""Prompts compiled from a persona by Jinja2 templates (``system.j2``, ``user.j2``, ``repair.j2``).

The templates are files: the packaged ones live in ``persona/rewrite/templates``
and a team may pass ``--template DIR`` with its own (same file names; a missing
one falls back to the packaged one). Templates may come from users, so they run
in Jinja2's sandbox with ``StrictUndefined`` (a typo in a variable is an error,
not an empty string) and autoescape off (the output is plain text, not HTML).

The conversation sent to the model is::

    system   (system.j2: who the entity is, voice, vocabulary, claims, facts, channel, intent)
    user / assistant pairs   (the persona's own before/after examples, few-shot)
    user     (user.j2: the message, delimited as data, and what the checker found in it)
    [assistant (last attempt), user (repair.j2: each finding, its span and the checker's fix)]

The prompt carries what *this* message needs, in its language, as real text (no JSON
escapes): the persona's vocabulary and claims in the message's language, the details of
what the checker found in the message, and at most :data:`MAX_EXAMPLES` examples in that
language, those on the same channel and intent first. It stays within
:data:`PROMPT_BUDGET` tokens for every sample persona (``tests/test_model_server.py``
measures it with the SmolLM2 tokenizer).

``jinja2`` is imported lazily: only the model backends need it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from persona.check.types import Finding
from persona.model import Example, Persona, text_in
from persona.rewrite.templating import PACKAGED_TEMPLATES, TEMPLATE_NAMES, Templates, quoted
from persona.text.channels import is_x as is_x_channel
from persona.text.language import script_language

__all__ = ["PACKAGED_TEMPLATES", "TEMPLATE_NAMES", "Templates", "build_messages", "parse_answer", "quoted",
           "repair_messages"]

if TYPE_CHECKING:
    from persona.rewrite.types import Request

MAX_EXAMPLES = 2
PROMPT_BUDGET = 1500  # tokens, system prompt + examples + message, for a short post

Message = dict[str, str]

# Any spelling of the delimiter tag, so that a message cannot close its own data block.
_DELIMITER_TAG = re.compile(r"<\s*/?\s*message\b[^<>]*>", re.IGNORECASE)

_QUOTE_PAIRS = {'"': '"', "'": "'", "“": "”", "«": "»"}

LANGUAGE_NAMES = {"ar": "Arabic", "en": "English"}
FORMALITY_LABELS = {
    1: "very casual, like a friend",
    2: "casual and warm",
    3: "neutral and friendly",
    4: "formal",
    5: "very formal and official",
}
REQUIREMENTS = {
    "link": "a link, one of the current links listed above",
    "phone": "a phone number, one of the current numbers listed above",
    "handle": "an account handle, one of the accounts listed above",
    "hashtag": "a hashtag",
}
X_COUNTING = (
    "counted as X counts them: Arabic and Latin letters, digits and punctuation count 1, "
    "emoji and CJK characters count 2, every link counts 23"
)


def message_language(text: str, persona: Persona) -> str:
    """``ar`` or ``en`` by the script most of the letters are in; the persona's primary language if none."""
    return script_language(text) or persona.primary_language


def neutralise(message: str) -> str:
    """The message with any ``<message>``-like tag defused (angle brackets → ‹ ›), so it stays data."""
    return _DELIMITER_TAG.sub(lambda m: "‹" + m.group(0)[1:-1] + "›", message)


def parse_answer(answer: str) -> str:
    """The text of an answer: the ``text`` of a JSON answer (structured output), else the cleaned answer."""
    stripped = answer.strip()
    if stripped.startswith("{"):
        import json

        try:
            data = json.loads(stripped)
        except ValueError:
            data = None
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            return strip_answer(data["text"])
    return strip_answer(answer)


def strip_answer(answer: str) -> str:
    """The model's answer without reasoning blocks, echoed delimiters or wrapping quotes."""
    text = re.sub(r"<think>.*?</think>", "", answer, flags=re.DOTALL | re.IGNORECASE).strip()
    tagged = re.fullmatch(r"<message>\s*(.*?)\s*</message>", text, flags=re.DOTALL | re.IGNORECASE)
    if tagged:
        text = tagged.group(1)
    if len(text) >= 2 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
        inner = text[1:-1].strip()
        if inner and text[0] not in inner and text[-1] not in inner:
            text = inner
    return text.strip()


# -- context --------------------------------------------------------------------------------


def in_language(term: str, lang: str) -> bool:
    """Is ``term`` written in ``lang`` (or in no script at all)?"""
    return script_language(term) in (None, lang)


def persona_context(
    persona: Persona,
    lang: str,
    channel: str | None = None,
    intent: str | None = None,
    findings: Sequence[Finding] = (),
) -> dict[str, Any]:
    """Everything the templates may use, as plain data in the message's language.

    Vocabulary and claims are those written in ``lang``; ``findings`` (the checker's, on the
    message) become ``found``: what this message needs fixed, with the checker's fix.
    """
    vocabulary = persona.vocabulary
    return {
        "language": {"code": lang, "name": LANGUAGE_NAMES.get(lang, lang)},
        "entity": _entity(persona, lang),
        "audiences": [
            {"id": a.id, "name": text_in(a.name, lang), "channels": list(a.channels), "notes": text_in(a.notes, lang)}
            for a in persona.audiences
        ],
        "voice": _voice(persona, lang),
        "vocabulary": {
            "prefer": [
                {"use": p.use, "instead_of": [t for t in p.instead_of if in_language(t, lang)],
                 "note": text_in(p.note, lang)}
                for p in vocabulary.prefer if in_language(p.use, lang)
            ],
            "avoid": [{"term": a.term, "reason": text_in(a.reason, lang)}
                      for a in vocabulary.avoid if in_language(a.term, lang)],
        },
        # the claims this message comes near (the checker found a phrase contradicting them)
        "claims": [
            {"claim": text_in(v.claim, lang),
             "contradicted_by": [p for p in v.contradicted_by if in_language(p, lang)]}
            for v in persona.values if any(_contradicts(f, v) for f in findings)
        ],
        "facts": {
            "urls": list(persona.facts.urls),
            "phones": list(persona.facts.phones),
            "handles": list(persona.facts.handles),
            "retired": [
                {"old": r.old, "new": r.new, "note": text_in(r.note, lang)} for r in persona.facts.retired
            ],
        },
        "channel": _channel(persona, channel) if channel else None,
        "channels": [_channel(persona, name) for name in persona.channels],
        "intent": _intent(persona, intent, lang) if intent else None,
        "signature": text_in(persona.signature, lang),
        "found": [finding_context(f) for f in findings],
        "examples": [
            {
                "before": text_in(e.before, lang),
                "after": text_in(e.after, lang),
                "channel": e.channel,
                "intent": e.intent,
            }
            for e in pick_examples(persona, lang, channel, intent)
        ],
    }


def _contradicts(finding: Finding, value: Any) -> bool:
    folded = finding.match.casefold()
    return finding.rule == "values.contradiction" and any(p.casefold() == folded for p in value.contradicted_by)


def finding_context(finding: Finding) -> dict[str, Any]:
    """One finding as the templates show it: rule, span, message and the checker's fix."""
    edits = []
    if finding.fix is not None:
        edits = [{"start": e.start, "end": e.end, "text": e.text} for e in finding.fix.edits]
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "start": finding.start,
        "end": finding.end,
        "line": finding.line,
        "column": finding.column,
        "match": finding.match,
        "message": finding.message,
        "suggestion": finding.suggestion,
        "fix": edits,
        "applicability": finding.fix.applicability if finding.fix else None,
    }


def _entity(persona: Persona, lang: str) -> dict[str, Any]:
    name = text_in(persona.name, lang)
    others = persona.name.values() if isinstance(persona.name, dict) else []
    return {
        "id": persona.id,
        "name": name,
        "other_names": [n for n in others if n and n != name],
        "sector": persona.sector or "",
        "summary": text_in(persona.summary, lang),
        "languages": list(persona.languages),
    }


def _voice(persona: Persona, lang: str) -> dict[str, Any]:
    voice = persona.voice
    person_rule = {
        "we": 'the entity, in the first person plural ("we", "نحن"), never "I".',
        "i": "a named spokesperson, in the first person singular.",
        "none": "nobody in particular: impersonal, third-person statements.",
    }[voice.person]
    emoji_rule = {
        "none": "none at all.",
        "sparing": f"at most {voice.max_emoji} in a message.",
        "free": "allowed where they help.",
    }[voice.emoji]
    return {
        "formality": voice.formality,
        "formality_label": FORMALITY_LABELS[voice.formality],
        "tolerance": voice.tolerance,
        "traits": [text_in(t, lang) for t in voice.traits],
        "we_are": [text_in(t, lang) for t in voice.we_are],
        "we_are_not": [text_in(t, lang) for t in voice.we_are_not],
        "emoji": voice.emoji,
        "emoji_rule": emoji_rule,
        "max_emoji": voice.max_emoji,
        "exclamations": voice.exclamations,
        "contractions": voice.contractions,
        "max_sentence_words": voice.max_sentence_words,
        "person": voice.person,
        "person_rule": person_rule,
    }


def _channel(persona: Persona, name: str) -> dict[str, Any]:
    rules = persona.channel(name)
    is_x = is_x_channel(name)
    return {
        "name": "X (Twitter)" if is_x else name,
        "id": name,
        "known": rules is not None,
        "max_length": rules.max_length if rules else None,
        "max_hashtags": rules.max_hashtags if rules else None,
        "max_links": rules.max_links if rules else None,
        "counting": X_COUNTING if is_x else "counted in characters",
    }


def _intent(persona: Persona, name: str, lang: str) -> dict[str, Any]:
    rules = persona.intents.get(name)
    requires = list(rules.requires) if rules else []
    return {
        "name": name.replace("_", " "),
        "id": name,
        "known": rules is not None,
        "description": text_in(rules.description, lang) if rules else "",
        "requires": [{"kind": r, "rule": REQUIREMENTS[r]} for r in requires],
        "max_sentences": rules.max_sentences if rules else None,
    }


def pick_examples(
    persona: Persona, lang: str, channel: str | None, intent: str | None, limit: int = MAX_EXAMPLES
) -> list[Example]:
    """The persona's own examples in ``lang``, same intent then same channel first, at most ``limit``.

    An example in the other language is used only when none is in ``lang`` (the model would
    otherwise learn to switch language).
    """

    def relevance(indexed: tuple[int, Example]) -> tuple[int, int]:
        index, example = indexed
        score = 0
        if intent and example.intent == intent:
            score += 4
        if channel and example.channel and example.channel.lower() == channel.lower():
            score += 2
        return (-score, index)

    same = [(i, e) for i, e in enumerate(persona.examples) if script_language(text_in(e.before, lang)) == lang]
    ranked = sorted(same or list(enumerate(persona.examples)), key=relevance)
    return [example for _, example in ranked[:limit]]


# -- rendering ------------------------------------------------------------------------------


def request_language(request: Request) -> str:
    """The language to write in: the one asked for (``--lang``), else the message's."""
    return request.lang or message_language(request.message, request.persona)


def build_messages(templates: Templates, request: Request) -> list[Message]:
    """The first request: system prompt, the examples as few-shot turns, then the message."""
    context = persona_context(request.persona, request_language(request), request.channel, request.intent,
                              request.findings)
    messages: list[Message] = [{"role": "system", "content": templates.render("system.j2", context)}]
    for example in context["examples"]:
        shot = {**context, "found": None, "message": neutralise(example["before"])}  # None: the bare message
        messages.append({"role": "user", "content": templates.render("user.j2", shot)})
        messages.append({"role": "assistant", "content": example["after"]})
    messages.append(
        {"role": "user", "content": templates.render("user.j2", {**context, "message": neutralise(request.message)})}
    )
    return messages


def repair_messages(
    templates: Templates, request: Request, attempt: str, findings: Sequence[Finding]
) -> list[Message]:
    """A repair round: the first request, the last attempt, then each finding with its span and fix."""
    context = persona_context(request.persona, request_language(request), request.channel, request.intent)
    repair = {
        **context,
        "message": neutralise(request.message),
        "attempt": attempt,
        "findings": [finding_context(f) for f in findings],
    }
    return [
        *build_messages(templates, request),
        {"role": "assistant", "content": attempt},
        {"role": "user", "content": templates.render("repair.j2", repair)},
    ]
