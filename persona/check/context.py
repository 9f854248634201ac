"""What rules look at: one draft, its persona compiled for matching, shared token caches.

Everything expensive is computed at most once per draft (:class:`lazy`)
and everything derived from the persona alone once per persona
(:func:`compile_persona`), so checking 100,000 posts costs one pass over each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from persona.check.types import Draft
from persona.text import spans, tokens
from persona.text.language import guess_language
from persona.text.matcher import Match, TermMatcher
from persona.text.normalize import Folded, fold, fold_letters, is_arabic
from persona.text_fields import text_in

if TYPE_CHECKING:  # the pydantic model is never imported on the fast check path (a snapshot stands in)
    from persona.model import Avoid, Persona, Prefer, Value


class lazy:
    """Compute an attribute on first access and keep it (rules share the work)."""

    def __init__(self, func: Any) -> None:
        self.func = func
        self.name = func.__name__

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


@dataclass(frozen=True, slots=True)
class Term:
    """A persona term the matcher found: which list it came from and its entry."""

    kind: str  # "prefer" | "avoid" | "contradiction" | "retired"
    entry: Any
    term: str
    claim: Any = None  # for contradictions: the claim text


class CompiledPersona:
    """The parts of a persona that are worth precomputing before checking drafts."""

    def __init__(self, persona: Persona) -> None:
        self.persona = persona
        self.terms = TermMatcher(self._terms(persona), clitics=True, letters=True, inflect=_inflects)
        entries: list[Prefer | Avoid | Value] = [*persona.vocabulary.prefer, *persona.vocabulary.avoid,
                                                 *persona.values]
        # `except:` phrases, each keyed by the entry it belongs to (None when no entry has any).
        exceptions = [(phrase, id(entry)) for entry in entries for phrase in entry.except_ or ()]
        self.exceptions = TermMatcher(exceptions, clitics=True, letters=True, inflect=True) if exceptions else None
        self.phone_digits = {tokens.phone_digits(p) for p in persona.facts.phones}
        self.handles = {h.lower().lstrip("@") for h in persona.facts.handles}
        self.retired_phones = {}
        self.retired_links = []
        for entry in persona.facts.retired:
            kind = fact_kind(entry.old)
            if kind == "phone":
                self.retired_phones[tokens.phone_digits(entry.old)] = entry
            elif kind == "link":
                self.retired_links.append(entry)
        # The persona's own numbers, current and retired, are phones wherever they are written.
        self.known_phones = frozenset(self.phone_digits) | frozenset(self.retired_phones)
        self._channels: dict[str, Any] = {}

    def channel(self, name: str) -> Any:
        """``Persona.channel(name)``, looked up once per channel name (every draft asks)."""
        try:
            return self._channels[name]
        except KeyError:
            found = self._channels[name] = self.persona.channel(name)
            return found

    @staticmethod
    def _terms(persona: Persona) -> list[tuple[str, Term]]:
        entries: list[tuple[str, Term]] = []
        for prefer in persona.vocabulary.prefer:
            entries += [(old, Term("prefer", prefer, old)) for old in prefer.instead_of]
        entries += [(a.term, Term("avoid", a, a.term)) for a in persona.vocabulary.avoid]
        for value in persona.values:
            entries += [(p, Term("contradiction", value, p, value.claim)) for p in value.contradicted_by]
        for entry in persona.facts.retired:
            if fact_kind(entry.old) == "text":
                entries.append((entry.old, Term("retired", entry, entry.old)))
        return entries


_NOTHING: list[tuple[int, int]] = []


def _after_a_name(prose: str, match: Match) -> bool:
    """An Arabic term right after a first name or title is a family name (المهندس عبدالله العميل)."""
    if getattr(match.payload, "kind", "") == "retired" or not is_arabic(match.text[:1]):
        return False
    before = _word_before(prose, match.start)
    if not before:
        return False
    from persona.lexicons import name_words

    return fold(before).text in name_words()


def _word_before(prose: str, start: int) -> str:
    """The word that ends right before ``start`` (spaces and full stops between), within 30
    characters ("" when there is none): the group the pattern «a run of word characters and
    Arabic marks, then spaces or full stops to the end» captures when searched in
    ``prose[start - 30:start]``, read backwards instead of tried at each of the 30 positions
    (tests/test_check_context_prechecks.py holds the two to each other)."""
    low = max(0, start - 30)
    end = start
    while end > low and (prose[end - 1].isspace() or prose[end - 1] == "."):
        end -= 1
    begin = end
    while begin > low and _is_word_or_mark(prose[begin - 1]):
        begin -= 1
    return prose[begin:end]


def _is_word_or_mark(ch: str) -> bool:
    """A word character of ``re`` (``str.isalnum()`` or ``_``) or an Arabic mark (U+064B–U+065F)."""
    return ch.isalnum() or ch == "_" or "\u064b" <= ch <= "\u065f"


def kind_attr(kind: str) -> str:
    """The Context attribute holding the spans of a skip kind."""
    return {"quote": "quotes", "quran": "quran", "email": "emails"}[kind]


def _inflects(term: object) -> bool:
    """Words inflect; names (retired facts) are matched as listed."""
    return getattr(term, "kind", "") != "retired"


def fact_kind(value: str) -> str:
    """Is a fact a link, a phone number or a piece of text (a name)?"""
    if tokens.find_links(value):
        return "link"
    stripped = value.strip()
    if stripped and sum(c.isdigit() for c in stripped) >= 3 and not any(c.isalpha() for c in stripped):
        return "phone"
    return "text"


_COMPILED: dict[int, tuple[Persona, CompiledPersona]] = {}


def compile_persona(persona: Persona) -> CompiledPersona:
    """The compiled form of ``persona``, built once per persona object."""
    cached = _COMPILED.get(id(persona))
    if cached is not None and cached[0] is persona:
        return cached[1]
    if len(_COMPILED) > 256:
        _COMPILED.clear()
    # The snapshot module gives persona.text.stored_re its store before the first link is looked
    # for (fact_kind below): every path, the full CLI's too, then keeps the URL expressions' programs.
    from persona import snapshot  # noqa: F401

    compiled = CompiledPersona(persona)
    _COMPILED[id(persona)] = (persona, compiled)
    return compiled


def blank(text: str, ranges: list[tuple[int, int]]) -> str:
    """``text`` with each range replaced by spaces (newlines kept): offsets are preserved."""
    if not ranges:
        return text
    parts = []
    last = 0
    for start, end in sorted(ranges):
        start = max(start, last)
        if end <= start:
            continue
        parts.append(text[last:start])
        parts.append("".join("\n" if c == "\n" else " " for c in text[start:end]))
        last = end
    parts.append(text[last:])
    return "".join(parts)


class Context:
    """One draft being checked against one persona."""

    def __init__(self, draft: Draft, compiled: CompiledPersona) -> None:
        self.draft = draft
        self.compiled = compiled
        self.persona = compiled.persona
        self.text = draft.text
        self.body_start = draft.body_start

    # -- the texts rules look at (same length as the source: offsets are shared) --

    @lazy
    def body(self) -> str:
        """The message: the source with front matter blanked."""
        return blank(self.text, [(0, self.body_start)]) if self.body_start else self.text

    @lazy
    def prose(self) -> str:
        """Only prose: front matter, code, link targets and bare URLs blanked."""
        ranges = [(link.start, link.end) for link in self.links]
        ranges += self.draft.non_prose
        ranges += self.emails
        if self.body_start:
            ranges.append((0, self.body_start))
        return blank(self.text, ranges)

    @lazy
    def message(self) -> str:
        """The body as a string of its own (for lengths and language detection)."""
        return self.text[self.body_start:]

    @lazy
    def language(self) -> str:
        """The draft's main language (:func:`persona.text.language.guess_language` of its prose)."""
        return guess_language(self.prose)

    @lazy
    def message_language(self) -> str:
        """The language findings speak: ``--lang`` when given (``Draft.lang``), else the draft's own."""
        return self.draft.lang if self.draft.lang in ("ar", "en") else self.language

    @lazy
    def folded(self) -> Folded:
        """``fold(prose, letters=True)``, derived from the strict fold (one fold per draft)."""
        return fold_letters(self.folded_strict)

    @lazy
    def folded_strict(self) -> Folded:
        return fold(self.prose, letters=False)

    # -- matches and tokens, computed once --

    @lazy
    def term_matches(self) -> list[Match]:
        """The persona's terms in the prose, and in the words of underscored hashtags (reported at the tag)."""
        found = self.compiled.terms.find(self.prose, self.folded)
        if found and self.compiled.exceptions is not None:
            found = self._outside_exceptions(found)
        if found and not self.prose.isascii():
            found = [m for m in found if not _after_a_name(self.prose, m)]
        tagged = [tag for tag in self.hashtags if "_" in tag.text] if "_" in self.prose else []
        if not tagged:
            return found
        inside = [m for m in found if not any(t.start <= m.start < t.end for t in tagged)]
        words = self.prose
        for tag in tagged:  # «#هيئة_السياحة» read as «#هيئة السياحة» (same length: offsets hold)
            words = words[:tag.start] + tag.text.replace("_", " ") + words[tag.end:]
        for match in self.compiled.terms.find(words):
            tag = next((t for t in tagged if t.start <= match.start < t.end), None)
            if tag is not None:
                inside.append(Match(tag.start, tag.end, tag.text, match.payload, match.ending))
        return sorted(inside, key=lambda m: (m.start, -m.end))

    def _outside_exceptions(self, found: list[Match]) -> list[Match]:
        """Matches not inside one of their own entry's ``except:`` phrases."""
        excepted = self.compiled.exceptions.find(self.prose, self.folded)  # type: ignore[union-attr]
        if not excepted:
            return found
        return [m for m in found if not any(e.payload == id(getattr(m.payload, "entry", None))
                                            and e.start <= m.start and m.end <= e.end for e in excepted)]

    # -- spans that are not the entity's own prose (persona.text.spans) --

    @lazy
    def quotes(self) -> list[tuple[int, int]]:
        return spans.find_quotes(self.body)

    @lazy
    def quran(self) -> list[tuple[int, int]]:
        return spans.find_quran(self.body)

    @lazy
    def emails(self) -> list[tuple[int, int]]:
        return spans.find_emails(self.body)

    def skipped(self, kinds: frozenset[str]) -> list[tuple[int, int]]:
        """The spans of ``kinds`` (quote, quran, email), sorted and merged."""
        if not self.skippable:
            return _NOTHING
        cache = self.__dict__.setdefault("_skipped", {})
        found = cache.get(kinds)
        if found is None:
            found = cache[kinds] = spans.merged([s for kind in sorted(kinds) for s in getattr(self, kind_attr(kind))])
        return found

    @lazy
    def skippable(self) -> bool:
        """Could the body hold a quotation, a Quran citation or an e-mail address at all?"""
        return spans.may_have_spans(self.body)

    @lazy
    def builtin_matches(self) -> list[Match]:
        from persona.check.builtin import builtin_matcher

        return builtin_matcher().find(self.prose, self.folded_strict)

    @lazy
    def channel_rules(self) -> Any:
        """The persona's rules for the draft's channel (``Persona.channel``), None when it has none."""
        return self.compiled.channel(self.draft.channel or "")

    @lazy
    def intent_rules(self) -> Any:
        """The persona's requirements for the draft's intent, None when it defines none."""
        return self.persona.intents.get(self.draft.intent or "")

    @lazy
    def phone_digits(self) -> list[str]:
        """``tokens.phone_digits`` of each of :attr:`phones`."""
        return [tokens.phone_digits(phone.text) for phone in self.phones]

    @lazy
    def links(self) -> list[tokens.Span]:
        return tokens.find_links(self.body)

    @lazy
    def phones(self) -> list[tokens.Span]:
        return tokens.find_phones(self.body, self.links, self.compiled.known_phones)

    @lazy
    def handles(self) -> list[tokens.Span]:
        return tokens.find_handles(self.body, self.links)

    @lazy
    def hashtags(self) -> list[tokens.Span]:
        return tokens.find_hashtags(self.body, self.links)

    @lazy
    def emoji(self) -> list[tokens.Span]:
        return tokens.find_emoji(self.prose)

    @lazy
    def sentences(self) -> list[tokens.Span]:
        return [s for s in tokens.split_sentences(self.prose) if s.text.strip()]

    @lazy
    def sentence_word_texts(self) -> list[list[str]]:
        """The words of each sentence (``tokens.word_texts``), in order."""
        return [tokens.word_texts(sentence.text) for sentence in self.sentences]

    @lazy
    def sentence_words(self) -> list[int]:
        """The number of words of each sentence (``tokens.count_words``), in order."""
        return list(map(len, self.sentence_word_texts))

    @lazy
    def words(self) -> list[tokens.Span]:
        return tokens.words(self.prose)

    @lazy
    def word_texts(self) -> list[str]:
        """The text of each of :attr:`words` (without building spans), in one pass over the prose.

        They are also the words of the sentences, one after the other (``sentence_word_texts``
        chained): sentences cover every non-space character of the prose and end only before a
        space or a line break, which no word contains (checked by the tests). So the sum of
        :attr:`sentence_words` is ``len(word_texts)``, and a rule can rule out a long sentence
        without splitting the prose into sentences.
        """
        return tokens.word_texts(self.prose)

    @lazy
    def exclamations(self) -> list[tokens.Span]:
        return tokens.exclamations(self.prose)

    def claim_text(self, claim: Any) -> str:
        return text_in(claim, self.language)

    def text_for(self, value: Any) -> str:
        return text_in(value, self.language)
