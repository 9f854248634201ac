"""Prompts compiled from a persona by Jinja2 templates (``system.j2``, ``user.j2``, ``repair.j2``).

The templates are files: the packaged ones live in ``persona/rewrite/templates``
and a team may pass ``--template DIR`` with its own (same file names; a missing
one falls back to the packaged one). Templates may come from users, so they run
in Jinja2's sandbox with ``StrictUndefined`` (a typo in a variable is an error,
not an empty string) and autoescape off (the output is plain text, not HTML).

The conversation sent to the model is::

    system   (system.j2: who the entity is, voice, vocabulary, claims, facts, channel, intent)
    user / assistant pairs   (the persona's before/after examples, few-shot)
    user     (user.j2: the message, delimited as data)
    [assistant (last attempt), user (repair.j2: the findings)]   on a repair round

``jinja2`` is imported lazily: only the model backend needs it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from persona.check.types import Finding
from persona.errors import Problem, UserError
from persona.model import Example, Persona, text_in

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

PACKAGED_TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE_NAMES = ("system.j2", "user.j2", "repair.j2")
MAX_EXAMPLES = 6

Message = dict[str, str]

_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
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


def script_language(text: str) -> str | None:
    """``ar`` when most letters are Arabic, ``en`` when most are Latin, None without letters."""
    arabic = len(_ARABIC_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    if arabic == latin == 0:
        return None
    return "ar" if arabic >= latin else "en"


def neutralise(message: str) -> str:
    """The message with any ``<message>``-like tag defused (angle brackets → ‹ ›), so it stays data."""
    return _DELIMITER_TAG.sub(lambda m: "‹" + m.group(0)[1:-1] + "›", message)


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


def persona_context(
    persona: Persona, lang: str, channel: str | None = None, intent: str | None = None
) -> dict[str, Any]:
    """Everything the templates may use, as plain data in the message's language."""
    return {
        "language": {"code": lang, "name": LANGUAGE_NAMES.get(lang, lang)},
        "entity": _entity(persona, lang),
        "audiences": [
            {
                "id": a.id,
                "name": text_in(a.name, lang),
                "channels": list(a.channels),
                "notes": text_in(a.notes, lang),
            }
            for a in persona.audiences
        ],
        "voice": _voice(persona, lang),
        "vocabulary": {
            "prefer": [
                {"use": p.use, "instead_of": list(p.instead_of), "note": text_in(p.note, lang)}
                for p in persona.vocabulary.prefer
            ],
            "avoid": [{"term": a.term, "reason": text_in(a.reason, lang)} for a in persona.vocabulary.avoid],
        },
        "claims": [
            {"claim": text_in(v.claim, lang), "contradicted_by": list(v.contradicted_by)}
            for v in persona.values
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
    is_x = name.lower() in ("x", "twitter")
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
    """The persona's examples, most relevant first (same channel/intent, same language), at most ``limit``."""

    def relevance(indexed: tuple[int, Example]) -> tuple[int, int]:
        index, example = indexed
        score = 0
        if channel and example.channel and example.channel.lower() == channel.lower():
            score += 2
        if intent and example.intent == intent:
            score += 2
        if script_language(text_in(example.before, lang)) == lang:
            score += 1
        return (-score, index)

    ranked = sorted(enumerate(persona.examples), key=relevance)
    return [example for _, example in ranked[:limit]]


# -- rendering ------------------------------------------------------------------------------


@dataclass
class Templates:
    """The three prompt templates: a team's directory first, then the packaged ones."""

    directory: Path | None = None

    def __post_init__(self) -> None:
        if self.directory is not None and not self.directory.is_dir():
            raise UserError.one("--template: no such directory", file=str(self.directory))
        self._env: SandboxedEnvironment | None = None

    def path(self, name: str) -> Path:
        """Where the template ``name`` is read from."""
        if self.directory is not None and (self.directory / name).is_file():
            return self.directory / name
        return PACKAGED_TEMPLATES / name

    def sources(self) -> dict[str, str]:
        """The text of each template in use (part of the cache key)."""
        return {name: self.path(name).read_text(encoding="utf-8") for name in TEMPLATE_NAMES}

    def environment(self) -> SandboxedEnvironment:
        if self._env is None:
            from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
            from jinja2.sandbox import SandboxedEnvironment

            loaders = [FileSystemLoader(str(self.directory))] if self.directory else []
            loaders.append(FileSystemLoader(str(PACKAGED_TEMPLATES)))
            self._env = SandboxedEnvironment(
                loader=ChoiceLoader(loaders),
                undefined=StrictUndefined,
                autoescape=False,
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=False,
            )
        return self._env

    def render(self, name: str, context: dict[str, Any]) -> str:
        """Render one template; any template mistake becomes one located line (exit 2)."""
        import jinja2
        from jinja2.sandbox import SecurityError

        where = str(self.path(name))
        try:
            return self.environment().get_template(name).render(context).strip()
        except jinja2.TemplateSyntaxError as err:
            raise UserError([Problem(f"template syntax error: {err.message}", where, err.lineno)]) from None
        except SecurityError as err:
            raise UserError([Problem(f"template not allowed by the sandbox: {err}", where)]) from None
        except jinja2.UndefinedError as err:
            raise UserError([Problem(f"template error: {err.message}", where)]) from None
        except jinja2.TemplateError as err:
            raise UserError([Problem(f"template error: {err}", where)]) from None


def build_messages(
    templates: Templates,
    persona: Persona,
    message: str,
    channel: str | None = None,
    intent: str | None = None,
) -> list[Message]:
    """The first request: system prompt, the examples as few-shot turns, then the message."""
    lang = message_language(message, persona)
    context = persona_context(persona, lang, channel, intent)
    messages: list[Message] = [{"role": "system", "content": templates.render("system.j2", context)}]
    for example in context["examples"]:
        shot = {**context, "message": neutralise(example["before"])}
        messages.append({"role": "user", "content": templates.render("user.j2", shot)})
        messages.append({"role": "assistant", "content": example["after"]})
    messages.append(
        {"role": "user", "content": templates.render("user.j2", {**context, "message": neutralise(message)})}
    )
    return messages


def repair_messages(
    templates: Templates,
    persona: Persona,
    message: str,
    attempt: str,
    findings: Sequence[Finding],
    channel: str | None = None,
    intent: str | None = None,
) -> list[Message]:
    """A repair round: the first request, the last attempt, then the findings to fix."""
    lang = message_language(message, persona)
    context = persona_context(persona, lang, channel, intent)
    repair = {
        **context,
        "message": neutralise(message),
        "attempt": attempt,
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "match": f.match,
                "message": f.message,
                "suggestion": f.suggestion,
            }
            for f in findings
        ],
    }
    return [
        *build_messages(templates, persona, message, channel, intent),
        {"role": "assistant", "content": attempt},
        {"role": "user", "content": templates.render("repair.j2", repair)},
    ]
