"""The persona file as typed data — the contract of ``spec/persona-format.md``.

Every model forbids unknown keys (a typo such as ``formalty`` is an error, not
silently ignored). "Text" fields are a plain string or a map from language code
to string; :func:`text_in` picks the right language with a sensible fallback.
"""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any, Literal, TypeVar, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from persona.text.channels import channel_aliases
from persona.text_fields import PERSONA_ID_PATTERN as PERSONA_ID_PATTERN  # re-exported: pure, for the fast path
from persona.text_fields import text_in as text_in
from persona.text_fields import text_language as text_language
from persona.text_fields import text_variants as text_variants

PersonaId = Annotated[str, StringConstraints(pattern=PERSONA_ID_PATTERN, max_length=64)]
LANGUAGE_CODE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"
LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE_CODE_PATTERN)]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]
Text = NonEmpty | dict[LanguageCode, str]
Severity = Literal["error", "warning", "suggestion"]
Requirement = Literal["link", "phone", "handle", "hashtag"]


def _whole_number(value: Any) -> Any:
    """``5.0`` is the number 5 (to YAML, JSON and JSON Schema's ``integer`` alike); ``5.5`` stays a float."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


#: A whole number as the schema's ``integer`` means it: not a boolean, not a quoted ``"5"``.
Whole = Annotated[int, BeforeValidator(_whole_number)]
PositiveInt = Annotated[int, Field(gt=0), BeforeValidator(_whole_number)]
Count = Annotated[int, Field(ge=0), BeforeValidator(_whole_number)]


class Strict(BaseModel):
    # strict: a value has the type the schema gives it — ``formality: true`` or ``"5"``
    # is an error, as it is to editors going by persona.schema.json (no coercion).
    # defer_build: validators are built on first validation, not at import — the
    # `persona check` cold start reads cached personas with `construct_trusted`.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


class Voice(Strict):
    formality: Whole = Field(3, ge=1, le=5, description="Target register, 1 (casual) .. 5 (very formal).")
    tolerance: Whole = Field(1, ge=0, description="How far a draft's estimated formality may stray.")
    traits: list[Text] = Field(default_factory=list, description="Adjectives that describe the voice.")
    we_are: list[Text] = Field(default_factory=list, description='What the voice is ("we are clear").')
    we_are_not: list[Text] = Field(default_factory=list, description='What it is not ("… but not cold").')
    emoji: Literal["none", "sparing", "free"] = Field("sparing", description="Emoji policy.")
    max_emoji: Whole = Field(1, ge=0, description="Most emoji in one message when `emoji: sparing`.")
    exclamations: bool = Field(True, description='May a message use "!".')
    contractions: bool = Field(True, description="May English text use contractions (don't, we're).")
    max_sentence_words: PositiveInt | None = Field(None, description="Longest sentence allowed, in words.")
    person: Literal["we", "i", "none"] = Field("we", description="Who speaks in posts.")


class Audience(Strict):
    id: PersonaId = Field(description="Short id of the audience, e.g. citizens.")
    name: Text = Field(description="Who they are, in each language.")
    channels: list[NonEmpty] = Field(default_factory=list, description="The channels that reach them.")
    notes: Text | None = Field(None, description="What they need, how to address them.")


class Channel(Strict):
    max_length: PositiveInt | None = Field(None, description="Longest post; X counts as X does.")
    max_hashtags: Count | None = Field(None, description="Most hashtags in one post.")
    max_links: Count | None = Field(None, description="Most links in one post.")


class Prefer(Strict):
    use: NonEmpty = Field(description="The term to write.")
    instead_of: list[NonEmpty] = Field(min_length=1, description="Terms never to write.")
    severity: Severity = Field("warning", description="Severity of the finding (error, warning, suggestion).")
    note: Text | None = Field(None, description="Why (shown in the guide).")
    except_: list[NonEmpty] | None = Field(
        None, alias="except",
        description="Phrases where the term does not apply (e.g. «مراجعة الطلب» beside «مراجعة» as a visit).",
    )
    fix: Literal["unsafe"] | None = Field(
        None,
        description="`unsafe` when the swap depends on the sense (customers → students and parents is wrong "
                    "about a court's parties): the finding offers the replacement, but neither `check --fix` "
                    "nor the rules rewriter applies it unless asked (`--unsafe-fixes`).",
    )


class Avoid(Strict):
    term: NonEmpty = Field(description="A term the persona never uses.")
    reason: Text | None = Field(None, description="Why not.")
    severity: Severity = Field("error", description="Severity of the finding (error, warning, suggestion).")
    except_: list[NonEmpty] | None = Field(
        None, alias="except",
        description="Phrases where the term does not apply (e.g. «مراجعة الطلب» beside «مراجعة» as a visit).",
    )


class Vocabulary(Strict):
    prefer: list[Prefer] = Field(default_factory=list, description="Write `use`, never any of `instead_of`.")
    avoid: list[Avoid] = Field(default_factory=list, description="Terms the persona never writes.")


class Value(Strict):
    claim: Text = Field(description="A public claim a draft must not contradict.")
    contradicted_by: list[NonEmpty] = Field(default_factory=list, description="Phrases that contradict it.")
    except_: list[NonEmpty] | None = Field(
        None, alias="except",
        description="Phrases where the term does not apply (e.g. «مراجعة الطلب» beside «مراجعة» as a visit).",
    )


class Retired(Strict):
    old: NonEmpty = Field(description="The outdated fact: number, link or name.")
    new: NonEmpty | None = Field(None, description="What replaces it.")
    note: Text | None = Field(None, description="Since when, and why (shown with the suggestion).")


class Facts(Strict):
    urls: list[NonEmpty] = Field(default_factory=list, description="Verified link prefixes.")
    phones: list[NonEmpty] = Field(default_factory=list, description="Current phone numbers.")
    handles: list[NonEmpty] = Field(default_factory=list, description="Official handles (@name).")
    retired: list[Retired] = Field(default_factory=list, description="Outdated facts a draft must not repeat.")


class Intent(Strict):
    requires: list[Requirement] = Field(default_factory=list, description="What the message must contain.")
    max_sentences: PositiveInt | None = Field(None, description="Most sentences in the message.")
    description: Text | None = Field(None, description="What this kind of message is for (guide).")
    tone: Text | None = Field(None, description="How this kind of message sounds (guide: tone by situation).")


class Occasion(Strict):
    """A situation with a tone of its own: a crisis, a condolence, a national day (guide)."""

    name: Text | None = Field(None, description="Its name, when the guide has none for the id (crisis, ...).")
    tone: Text | None = Field(None, description="How the entity sounds on this occasion.")
    formality: Whole | None = Field(None, ge=1, le=5, description="The register for it, when not the usual one.")
    emoji: Literal["none", "sparing", "free"] | None = Field(None, description="Emoji policy for it, if different.")
    exclamations: bool | None = Field(None, description='May a message use "!" on this occasion, if different.')
    do: list[Text] = Field(default_factory=list, description="What to do.")
    dont: list[Text] = Field(default_factory=list, description="What not to do.")
    example: Text | None = Field(None, description="A model message for the occasion.")


class Example(Strict):
    channel: NonEmpty | None = Field(None, description="Where the message is published, e.g. x.")
    intent: NonEmpty | None = Field(None, description="The kind of message, e.g. service.")
    before: Text = Field(description="A draft that breaks the persona.")
    after: Text = Field(description="The same message in the persona's voice.")
    note: Text | None = Field(None, description="What changed and why (shown in the guide).")


class Persona(Strict):
    """A resolved persona: ``extends`` already applied."""

    id: PersonaId = Field(description="Must equal the file stem.")
    extends: PersonaId | None = Field(None, description="Id of the persona whose fields this one inherits.")
    name: Text = Field(description="The entity's name, e.g. {ar: وزارة العدل, en: Ministry of Justice}.")
    sector: str | None = Field(None, description="Free text: legal, entertainment, education, culture, ...")
    languages: list[LanguageCode] = Field(
        default_factory=lambda: ["ar", "en"], min_length=1,
        description="Languages it publishes in; the first is the primary one.",
    )
    summary: Text | None = Field(None, description="Who the entity is and whom it speaks to.")
    voice: Voice = Field(default_factory=Voice, description="Register, traits and the rules of the voice.")
    audiences: list[Audience] = Field(default_factory=list, description="Whom it writes for, and where.")
    channels: dict[NonEmpty, Channel] = Field(
        default_factory=dict, description="Where it publishes (x, facebook, ...), with the rules of each."
    )
    vocabulary: Vocabulary = Field(default_factory=Vocabulary, description="Words to prefer and to avoid.")
    values: list[Value] = Field(default_factory=list, description="Public claims a draft must not contradict.")
    facts: Facts = Field(default_factory=Facts, description="Current, verified contact points; retired ones.")
    intents: dict[NonEmpty, Intent] = Field(
        default_factory=dict, description="Kinds of message (service, strategy, inquiry_reply, correction)."
    )
    occasions: dict[NonEmpty, Occasion] = Field(
        default_factory=dict,
        description="Occasions with a tone of their own (crisis, condolence, national_day, ...): shown in the guide.",
    )
    signature: Text | None = Field(None, description="Optional closing line the rewriter may append.")
    examples: list[Example] = Field(
        default_factory=list, description="Before/after pairs: shown in the guide, used as model examples."
    )

    @property
    def primary_language(self) -> str:
        return self.languages[0]

    @property
    def default_channel(self) -> str | None:
        """The channel a message goes to when none is named: the persona's first."""
        return next(iter(self.channels), None)

    def channel(self, name: str) -> Channel | None:
        """The channel's rules; ``twitter`` and ``x`` are one channel."""
        for candidate in channel_aliases(name):
            if candidate in self.channels:
                return self.channels[candidate]
        return None


# Lists that `extends` concatenates parent-first (spec: "Inheritance").
CONCATENATED_LISTS: frozenset[tuple[str, ...]] = frozenset(
    {
        ("vocabulary", "prefer"),
        ("vocabulary", "avoid"),
        ("values",),
        ("facts", "urls"),
        ("facts", "phones"),
        ("facts", "handles"),
        ("facts", "retired"),
        ("examples",),
    }
)


M = TypeVar("M", bound=BaseModel)


def construct_trusted(model: type[M], data: dict[str, Any]) -> M:
    """Rebuild a model from what ``model_dump(mode="json")`` of a *validated* instance gave.

    No validation runs (nested models are constructed field by field), so this is
    only for data this very version of persona validated and stored itself — the
    persona cache. Anything else goes through ``model_validate``.
    """
    values = {name: _construct_value(field.annotation, data[name])
              for name, field in model.model_fields.items() if name in data}
    return model.model_construct(_fields_set=set(values), **values)


def _construct_value(annotation: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) != 1:
            return value  # a text field (str or {lang: str}): plain data
        return _construct_value(members[0], value)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return construct_trusted(annotation, value)
    if origin is list:
        (item,) = typing.get_args(annotation)
        return [_construct_value(item, v) for v in value]
    if origin is dict:
        _, item = typing.get_args(annotation)
        return {k: _construct_value(item, v) for k, v in value.items()}
    return value
