"""The offline rules rewriter: ``persona rewrite --backend rules`` (the default).

A deterministic pipeline of transformations derived from the persona, each
recording what it changed as a :class:`~persona.rewrite.types.Change` named by
the checker rule it serves:

1. ``facts.retired`` — retired phone numbers (compared by digits, Arabic-Indic
   digits included) and links (by prefix) become the current ones; retired names
   are replaced like vocabulary terms. A retired fact with no ``new`` is left for
   the writer to see.
2. ``channel.hashtags`` — hashtags over the channel's ``max_hashtags`` go, the
   persona's own tags (those in its examples) kept first, then the first ones; a
   tag inside a sentence loses only its ``#`` so the sentence still reads.
3. ``vocabulary.prefer`` — ``instead_of`` → ``use``, keeping the writer's case
   (``CUSTOMERS`` → ``BENEFICIARIES``) and Arabic proclitics (``والعميل`` →
   ``والمستفيد``, ``للعميل`` → ``للمستفيد``). Terms the persona avoids and
   phrases that contradict its claims are never touched (not even the preferred
   terms inside them): they stay in the findings for the writer.
4. ``voice.informal`` / ``voice.formality`` — the register shift from the built-in
   lexicons: casual → formal for formality ≥ 4, formal → warmer for ≤ 2.
5. ``voice.contractions`` — expanded where the persona forbids them (``Don't`` →
   ``Do not``).
6. ``voice.emoji`` — removed (``none``) or cut to ``max_emoji`` (``sparing``).
   An emoji that stood for a full stop ("wait 🎉 Call us") leaves a ``.``.
7. ``voice.exclamations`` — ``!`` → ``.`` where not allowed (nothing next to other
   punctuation); ``!!`` → one mark everywhere. An opening greeting shouted before
   a lower-case sentence ("Hey folks! you…") takes a comma ("Dear all, you…").
8. ``channel.length`` — LAST, the message is shortened to the channel's
   ``max_length`` (X counted as X counts) by dropping whole clauses or sentences
   of least weight (words; the lead sentence counts double; a repeated sentence
   nothing), never a word, never a link, number, phone, handle or call to action,
   never an avoided term or a contradiction the writer must see; then hashtags,
   then the signature, as a last resort. When only such content is left the
   ``channel.length`` finding stays.
9. ``signature`` — the persona's signature in the message's language is appended
   when the channel has room for it (after fitting, so that rewriting a rewrite
   changes nothing).

Hashtags are trimmed before the term steps so that a tag turned back into words
still gets the persona's vocabulary. Whitespace the steps leave behind is
collapsed and punctuation spacing fixed (:func:`~persona.rewrite.transforms.tidy`).

Everything derived from the persona alone is compiled once per persona object
(:func:`plan_for`), so ``--as all`` over a large archive costs one pass per step.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from persona import lexicons
from persona.check.context import fact_kind
from persona.model import Channel, Persona, text_language, text_variants
from persona.rewrite.cta import arabic_opener, is_call_to_action
from persona.rewrite.transforms import (
    Edit,
    apply_edits,
    language_of,
    tidy,
)
from persona.rewrite.types import Change, Request, Rewrite
from persona.text import tokens, xcount
from persona.text.inflect import arabic_replacement, match_case
from persona.text.matcher import Match, TermMatcher, is_word_char
from persona.text.normalize import fold, is_arabic

__all__ = ["Plan", "RulesBackend", "plan_for", "rewrite_offline", "rewrite_text"]

RETIRED = "facts.retired"
PREFER = "vocabulary.prefer"
INFORMAL = "voice.informal"
WARMER = "voice.formality"
CONTRACTIONS = "voice.contractions"
EMOJI = "voice.emoji"
EXCLAMATIONS = "voice.exclamations"
HASHTAGS = "channel.hashtags"
LENGTH = "channel.length"
SIGNATURE = "signature"

_MAX_TERM_PASSES = 3
_MAX_DROPS = 200
_LEAD_WORDS = 4
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_STOP_PUNCT = frozenset(".?\u061f\u2026,\u060c;\u061b:")
_TERMINAL_RE = re.compile(r"[.!?\u061f\u2026\"'”’»)\]]+$")
_DIGIT_RE = re.compile(r"\d")
_NUMBER_RE = re.compile(r"\+?\d+(?:[ -]\d+)*")
_TAG_END = frozenset(".,\u060c;\u061b:!?\u061f")

# --- the compiled persona ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Swap:
    """A matcher payload: what to write for a matched term, under which rule.

    ``new`` is None for terms that must stay as written (avoided terms,
    contradictions, retired facts with no replacement): matching them keeps the
    preferred terms inside them from being rewritten.
    """

    rule: str
    term: str
    new: str | None
    greeting: bool = False


def _register_direction(formality: int) -> tuple[str, str]:
    """Which register lexicon a persona gets, and the rule it serves ("" for none)."""
    if formality >= 4:
        return "formal", INFORMAL
    if formality <= 2:
        return "warm", WARMER
    return "", ""


class Plan:
    """Everything the pipeline derives from one persona, computed once."""

    def __init__(self, persona: Persona) -> None:
        self.persona = persona
        voice = persona.voice
        self.terms = TermMatcher(self._persona_terms(persona), clitics=True, letters=True)
        self.register = TermMatcher(self._register_terms(persona), clitics=False, letters=False)
        self.retired_phones: dict[str, str] = {}
        self.retired_links: list[tuple[str, str]] = []
        for entry in persona.facts.retired:
            if entry.new is None:
                continue
            kind = fact_kind(entry.old)
            if kind == "phone":
                self.retired_phones[tokens.phone_digits(entry.old)] = entry.new
            elif kind == "link":
                self.retired_links.append((entry.old, entry.new))
        self.own_tags = frozenset(
            fold(tag.text).text
            for example in persona.examples
            for text in text_variants(example.after)
            for tag in tokens.find_hashtags(text)
        )
        # Every language's signature, folded: a message signed in any of them is signed.
        self.signed_keys = tuple(fold(v.strip()).text for v in text_variants(persona.signature) if v.strip())
        self._signatures: dict[str, Signature | None] = {}
        self.max_emoji: int | None = {"none": 0, "sparing": voice.max_emoji, "free": None}[voice.emoji]
        self.exclamations = voice.exclamations

    @staticmethod
    def _persona_terms(persona: Persona) -> list[tuple[str, Swap]]:
        """Retired names and preferred terms to replace; avoided terms and contradictions to keep."""
        entries: list[tuple[str, Swap]] = []
        for entry in persona.facts.retired:
            if fact_kind(entry.old) == "text":
                entries.append((entry.old, Swap(RETIRED, entry.old, entry.new)))
        for prefer in persona.vocabulary.prefer:
            entries += [(old, Swap(PREFER, old, prefer.use)) for old in prefer.instead_of]
        for avoid in persona.vocabulary.avoid:
            entries.append((avoid.term, Swap("vocabulary.avoid", avoid.term, None)))
        for value in persona.values:
            for phrase in value.contradicted_by:
                entries.append((phrase, Swap("values.contradiction", phrase, None)))
        return entries

    @staticmethod
    def _register_terms(persona: Persona) -> list[tuple[str, Swap]]:
        """The built-in register pairs for the persona's formality, and contractions if forbidden."""
        entries: list[tuple[str, Swap]] = []
        direction, rule = _register_direction(persona.voice.formality)
        if direction:
            for lang in ("en", "ar"):
                for pair in lexicons.register_pairs(lang, direction):
                    entries.append((pair.source, Swap(rule, pair.source, pair.target, pair.is_greeting)))
        if not persona.voice.contractions:
            for short, full in lexicons.contractions().items():
                entries.append((short, Swap(CONTRACTIONS, short, full)))
        return entries

    def signature(self, lang: str) -> Signature | None:
        """The signature in exactly ``lang`` (a plain string serves every language)."""
        if lang not in self._signatures:
            text = (text_language(self.persona.signature, lang) or "").strip()
            self._signatures[lang] = Signature.of(text) if text else None
        return self._signatures[lang]


@dataclass(frozen=True, slots=True)
class Signature:
    """A signature line and what it would add to a message (counted once per persona)."""

    text: str
    numbers: frozenset[str]
    links: tuple[str, ...]  # lower-cased
    hashtags: int
    emoji: int
    sentences: int
    lengths: dict[str, int]  # by channel kind: "x" or "" (code points)

    @classmethod
    def of(cls, text: str) -> Signature:
        """Measure ``text`` once: its numbers, links, hashtags, emoji, sentences and lengths."""
        return cls(
            text=text,
            numbers=frozenset(_numbers(text)),
            links=tuple(link.text.lower() for link in tokens.find_links(text)),
            hashtags=len(tokens.find_hashtags(text)),
            emoji=len(tokens.find_emoji(text)),
            sentences=len(tokens.split_sentences(text)),
            lengths={"x": xcount.x_weighted_length(text), "": len(text)},
        )

    def length(self, channel: str | None) -> int:
        """Its length as ``channel`` counts it."""
        return self.lengths["x" if (channel or "").lower() in ("x", "twitter") else ""]


_PLANS: dict[int, tuple[Persona, Plan]] = {}


def plan_for(persona: Persona) -> Plan:
    """The compiled plan for ``persona``, built once per persona object."""
    cached = _PLANS.get(id(persona))
    if cached is not None and cached[0] is persona:
        return cached[1]
    if len(_PLANS) >= 256:
        _PLANS.clear()
    plan = Plan(persona)
    _PLANS[id(persona)] = (persona, plan)
    return plan


# --- the pipeline ------------------------------------------------------------


@dataclass(slots=True)
class Job:
    """One message being rewritten: the plan, the context and the changes so far."""

    plan: Plan
    channel: str | None
    intent: str | None
    changes: list[Change] = field(default_factory=list)
    limits: Channel = field(init=False)  # the channel's rules (all None without a channel)

    def __post_init__(self) -> None:
        found = self.plan.persona.channel(self.channel) if self.channel else None
        self.limits = found or Channel()

    def note(self, rule: str, old: str, new: str) -> None:
        """Record a change (nothing when the text stays the same)."""
        if old != new:
            self.changes.append(Change(rule, old, new))

    def length(self, text: str) -> int:
        """The length of ``text`` as the channel counts it."""
        return xcount.length_for_channel(self.channel or "", text)


Step = Callable[[Job, str], str]


def rewrite_text(persona: Persona, message: str, channel: str | None = None,
                 intent: str | None = None) -> tuple[str, list[Change]]:
    """Run the whole pipeline on ``message``: the rewritten text and every change made."""
    job = Job(plan_for(persona), channel, intent)
    text = message
    for step in STEPS:
        text = step(job, text)
    return text, job.changes


def replace_retired_contacts(job: Job, text: str) -> str:
    """Retired phone numbers and links → the current ones (the whole link is replaced)."""
    plan = job.plan
    edits: list[Edit] = []
    if plan.retired_phones:
        for phone in tokens.find_phones(text):
            new = plan.retired_phones.get(tokens.phone_digits(phone.text))
            if new is not None:
                new = _same_digits(phone.text, new)
                edits.append(_edit(job, RETIRED, phone.start, phone.end, phone.text, new))
    if plan.retired_links:
        for link in tokens.find_links(text):
            for old, new in plan.retired_links:
                if tokens.link_is_verified(link.text, [old]):
                    edits.append(_edit(job, RETIRED, link.start, link.end, link.text, new))
                    break
    return apply_edits(text, edits) if edits else text


def _same_digits(typed: str, new: str) -> str:
    """``new`` in Arabic-Indic digits when the writer typed the number that way."""
    indic = any("\u0660" <= ch <= "\u0669" for ch in typed)
    if indic and not any(ch.isascii() and ch.isdigit() for ch in typed):
        return new.translate(_ARABIC_INDIC)
    return new


def _edit(job: Job, rule: str, start: int, end: int, old: str, new: str) -> Edit:
    """An edit, recorded as a change under ``rule``."""
    job.note(rule, old, new)
    return Edit(start, end, new)


def trim_hashtags(job: Job, text: str) -> str:
    """Keep at most ``max_hashtags``: the persona's own first, then the first ones."""
    limit = job.limits.max_hashtags
    if limit is None:
        return text
    tags = tokens.find_hashtags(text)
    if len(tags) <= limit:
        return text
    own = job.plan.own_tags
    ranked = sorted(range(len(tags)), key=lambda i: (fold(tags[i].text).text not in own, i))
    keep = set(ranked[:limit])
    edits = []
    for i, tag in enumerate(tags):
        if i in keep:
            continue
        new = tag.text[1:].replace("_", " ") if _is_inline(text, tag, tags) else ""
        edits.append(_edit(job, HASHTAGS, tag.start, tag.end, tag.text, new))
    return tidy(apply_edits(text, edits))


def _is_inline(text: str, tag: tokens.Span, tags: list[tokens.Span]) -> bool:
    """Is this hashtag part of a sentence (so dropping it would break the sentence)?"""
    after = tag.end
    while after < len(text) and text[after] in " \t":
        after += 1
    before = tag.start
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    following = text[after] if after < len(text) else ""
    preceding = text[before - 1] if before > 0 else ""
    if following == "#" or any(t.start < before <= t.end for t in tags if t is not tag):
        return False  # part of a block of tags
    if following and is_word_char(following):
        return True  # the sentence goes on after it
    # "Tickets for #RiyadhSeason." — a single tag ending a sentence after a word.
    return following in _TAG_END and bool(preceding) and is_word_char(preceding)


def replace_terms(job: Job, text: str) -> str:
    """Retired names, preferred vocabulary, register shift and contractions, in one pass.

    Repeated (at most three times) until nothing changes, so that the output is
    a fixed point even when one replacement brings another term to light.
    """
    plan = job.plan
    if not len(plan.terms) and not len(plan.register):
        return text
    for _ in range(_MAX_TERM_PASSES):
        edits = _term_edits(job, text)
        if not edits:
            break
        text = apply_edits(text, edits)
    return text


def _term_edits(job: Job, text: str) -> list[Edit]:
    """The replacements for one pass, resolved by priority.

    Terms to keep (avoided, contradicting, retired without replacement) come
    first and shield what they cover; then the persona's own terms; then the
    built-in register and contraction lists. Links and handles are never touched;
    inside a hashtag a replacement joins its words with ``_``.
    """
    plan = job.plan
    candidates = [(0 if m.payload.new is None else 1, m) for m in plan.terms.find(text)]
    candidates += [(2, m) for m in plan.register.find(text)]
    if not any(match.payload.new is not None for _, match in candidates):
        return []
    candidates.sort(key=lambda c: (c[0], c[1].start))
    guarded = [(s.start, s.end) for s in (*tokens.find_links(text), *tokens.find_handles(text))]
    tags = [(s.start, s.end) for s in tokens.find_hashtags(text)]
    taken: list[tuple[int, int]] = []
    edits: list[Edit] = []
    for _rank, match in candidates:
        span = (match.start, match.end)
        if _overlaps(span, taken) or _overlaps(span, guarded):
            continue
        taken.append(span)
        swap: Swap = match.payload
        if swap.new is None:
            continue
        edit = _term_edit(job, text, match, swap, inside_tag=_overlaps(span, tags))
        if edit is not None:
            edits.append(edit)
    return edits


def _overlaps(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    """Does ``span`` share a character with any of ``spans``?"""
    start, end = span
    return any(s < end and start < e for s, e in spans)


def _term_edit(job: Job, text: str, match: Match, swap: Swap, *, inside_tag: bool) -> Edit | None:
    """The replacement of one match: Arabic proclitics kept, Latin case kept, greetings as written."""
    assert swap.new is not None
    typed = match.text
    end = match.end
    if is_arabic(swap.term):
        new = arabic_replacement(typed, swap.term, swap.new)
    elif swap.greeting:
        new = swap.new.upper() if typed.isupper() and len(typed) > 1 else swap.new
        end, new = _greeting_punctuation(job, text, match, new)
    else:
        new = match_case(typed, swap.term, swap.new, sentence_start=_starts_sentence(text, match.start))
    if inside_tag:
        new = new.replace(" ", "_")
    if new == text[match.start:end]:
        return None
    job.note(swap.rule, text[match.start:end], new)
    return Edit(match.start, end, new)


def _greeting_punctuation(job: Job, text: str, match: Match, new: str) -> tuple[int, str]:
    """An opening greeting shouted with ``!`` before a lower-case sentence takes a comma instead."""
    end = match.end
    if job.plan.exclamations or not _starts_sentence(text, match.start):
        return end, new
    bangs = end
    while bangs < len(text) and text[bangs] == "!":
        bangs += 1
    rest = text[bangs:].lstrip(" \t")
    if bangs > end and rest[:1].islower():
        return bangs, new + ","
    return end, new


def _starts_sentence(text: str, start: int) -> bool:
    """Is ``start`` the first word of a sentence (text or line start, or after . ! ? ؟)?"""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i == 0 or text[i - 1] in ".!?\u061f\n"


def limit_emoji(job: Job, text: str) -> str:
    """Remove the emoji beyond what the voice allows (all of them for ``emoji: none``)."""
    allowed = job.plan.max_emoji
    if allowed is None:
        return text
    found = tokens.find_emoji(text)
    if len(found) <= allowed:
        return text
    removed = found[allowed:]
    starts = {e.start for e in removed}
    edits: list[Edit] = []
    run_start: int | None = None
    for emoji in removed:
        run_start = emoji.start if run_start is None else run_start
        following = _skip_spaces(text, emoji.end)
        new = ""
        if following not in starts:  # the last of a run of emoji
            new = "." if _ends_a_sentence(text, run_start, following) else ""
            run_start = None
        edits.append(_edit(job, EMOJI, emoji.start, emoji.end, emoji.text, new))
    return tidy(apply_edits(text, edits))


def _skip_spaces(text: str, pos: int) -> int:
    """The first offset from ``pos`` that is not a space or tab."""
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


def _ends_a_sentence(text: str, start: int, following: int) -> bool:
    """Did the emoji at ``start`` stand for a full stop ("wait 🎉 Call us", «… 🎉 للاستفسار»)?"""
    before = _previous_char(text, start)
    after = text[following] if following < len(text) else ""
    if not before or not is_word_char(before):
        return False
    return (after.isascii() and after.isupper()) or arabic_opener(text, following)


def normalise_exclamations(job: Job, text: str) -> str:
    """``!!`` → ``!`` everywhere; where the voice does not exclaim, ``!`` → ``.``.

    Beside other punctuation (``?!``, ``!.``) or at a line start the mark just
    goes; ``⁉`` becomes ``?``; a lower-case Latin word after the new full stop
    is capitalised.
    """
    allowed = job.plan.exclamations
    edits: list[Edit] = []
    for span in tokens.exclamations(text):
        new = _exclamation_replacement(text, span, allowed)
        if new == span.text:
            continue
        job.note(EXCLAMATIONS, span.text, new.strip())
        edits.append(Edit(span.start, span.end, new))
        if new.startswith("."):
            edits.extend(_capitalize_next(text, span.end))
    return tidy(apply_edits(text, edits)) if edits else text


def _exclamation_replacement(text: str, span: tokens.Span, allowed: bool) -> str:
    """What a run of exclamation marks becomes (itself when it is fine)."""
    if allowed:
        return "!" if len(span.text) > 1 or "\u203c" in span.text else span.text
    if "\u2049" in span.text:  # ⁉ asks a question
        return "?"
    before = _previous_char(text, span.start)
    after = text[span.end] if span.end < len(text) else ""
    if not before or before in _STOP_PUNCT or after in _STOP_PUNCT:
        return ""
    return ". " if after and is_word_char(after) else "."


def _previous_char(text: str, pos: int) -> str:
    """The last non-space character before ``pos`` on its line ("" at a line start)."""
    while pos > 0 and text[pos - 1] in " \t":
        pos -= 1
    return text[pos - 1] if pos > 0 and text[pos - 1] != "\n" else ""


def _capitalize_next(text: str, pos: int) -> list[Edit]:
    """Capitalise the lower-case Latin word that now starts a sentence at ``pos``."""
    i = pos
    while i < len(text) and text[i] in " \t":
        i += 1
    if i < len(text) and text[i].isascii() and text[i].islower():
        j = i
        while j < len(text) and not text[j].isspace():
            j += 1
        word = text[i:j]
        if "/" not in word and "." not in word[:-1] and "@" not in word:
            return [Edit(i, i + 1, text[i].upper())]
    return []


# --- channel fitting and the signature ---------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """A piece of the message that may be dropped to fit: a clause or a sentence."""

    start: int
    end: int
    weight: int
    capitalize: int | None = None  # offset of the letter that starts the sentence once dropped


def fit_channel(job: Job, text: str) -> str:
    """Shorten to the channel's ``max_length``, then append the signature if it fits."""
    signature = job.plan.signature(language_of(text))
    limit = job.limits.max_length
    length = None
    if limit is not None:
        text, length = _shorten(job, text, limit, signature.text if signature else None)
        signature = job.plan.signature(language_of(text))  # shortening can change the main language
    if signature and _wants_signature(job, text, signature) and _signature_fits(job, text, length, signature):
        job.note(SIGNATURE, "", signature.text)
        text = text + "\n" + signature.text if text else signature.text
    return text


def _shorten(job: Job, text: str, limit: int, signature: str | None) -> tuple[str, int]:
    """Drop the lightest units, then hashtags, then the signature, until ``text`` fits.

    Returns the text and its length as the channel counts it.
    """
    for _ in range(_MAX_DROPS):
        length = job.length(text)
        if length <= limit:
            return text, length
        sig_span = _find(text, signature) if signature else None
        units = _droppable_units(text, sig_span, _flagged(job, text))
        if units:
            unit = min(units, key=lambda u: (u.weight, u.start))
            edits = [Edit(unit.start, unit.end, "")]
            if unit.capitalize is not None:
                edits.append(Edit(unit.capitalize, unit.capitalize + 1, text[unit.capitalize].upper()))
            job.note(LENGTH, text[unit.start:unit.end].strip(), "")
            text = tidy(apply_edits(text, edits))
            continue
        tag = _last_standalone_tag(job, text)
        if tag is not None:
            text = tidy(apply_edits(text, [_edit(job, LENGTH, tag.start, tag.end, tag.text, "")]))
        elif sig_span is not None:
            text = tidy(apply_edits(text, [_edit(job, LENGTH, *sig_span, text[sig_span[0]:sig_span[1]], "")]))
        else:
            break  # only protected content is left: the finding stays for the writer
    return text, job.length(text)


def _flagged(job: Job, text: str) -> list[tuple[int, int]]:
    """What the writer must see and fix: avoided terms, contradictions, retired facts
    without a replacement. Fitting never drops them silently (links are kept anyway)."""
    return [(m.start, m.end) for m in job.plan.terms.find(text) if m.payload.new is None]


def _droppable_units(text: str, keep: tuple[int, int] | None, flagged: list[tuple[int, int]]) -> list[Unit]:
    """Every sentence and non-main clause that carries nothing that must be kept.

    A unit weighs its words; the lead (the first sentence of at least
    :data:`_LEAD_WORDS` words), which carries the news, weighs double; a repeated
    sentence weighs nothing and may go even when it holds a link or a number
    (its first occurrence keeps them).
    """
    sentences = []
    for sentence in tokens.split_sentences(text):
        start, end = _trimmed(text, sentence.start, sentence.end)
        words = tokens.count_words(_prose(text[start:end]))
        if words:
            sentences.append((start, end, words))
    total = sum(words for _, _, words in sentences)
    lead = next((start for start, _, words in sentences if words >= _LEAD_WORDS), None)
    units: list[Unit] = []
    seen: set[str] = set()
    for start, end, words in sentences:
        if keep and keep[0] < end and start < keep[1]:
            continue
        key = fold(text[start:end]).text
        if key in seen:  # a repeated sentence says nothing new, whatever it holds
            units.append(Unit(start, end, 0))
            continue
        seen.add(key)
        if not _must_keep(text, start, end, flagged) and words < total:
            units.append(Unit(start, end, 2 * words if start == lead else words))
        units.extend(_clause_units(text, start, end, flagged))
    return units


def _clause_units(text: str, start: int, end: int, flagged: list[tuple[int, int]]) -> list[Unit]:
    """The clauses of a sentence that may go, keeping its main (heaviest) clause.

    A leading or middle clause goes with its separator (``Good news:``); a
    trailing one goes from the separator before it up to the sentence's final
    punctuation, which stays (``…online, which is great.`` → ``…online.``).
    """
    clauses = [(start + c.start, start + c.end) for c in tokens.split_clauses(text[start:end])]
    if len(clauses) < 2:
        return []
    weights = [tokens.count_words(_prose(text[s:e])) for s, e in clauses]
    main = weights.index(max(weights))
    units = []
    for i, (s, e) in enumerate(clauses):
        if i == main or not weights[i] or _must_keep(text, s, e, flagged):
            continue
        if i == len(clauses) - 1:
            separator = clauses[i - 1][1] - 1
            terminal = _TERMINAL_RE.search(text, s, e)
            ended = separator > start and text[separator - 1] in ".!?\u061f\u2026"  # "Go!، …"
            units.append(Unit(separator, terminal.start() if terminal and not ended else e, weights[i]))
        else:
            after = clauses[i + 1][0]
            capitalize = after if i == 0 and text[start].isupper() and text[after].islower() else None
            units.append(Unit(s, after, weights[i], capitalize))
    return units


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _prose(text: str) -> str:
    """``text`` without hashtags, links and emoji (what counts as words of a sentence)."""
    cuts = [(s.start, s.end) for s in (*tokens.find_hashtags(text), *tokens.find_links(text),
                                          *tokens.find_emoji(text))]
    return apply_edits(text, [Edit(s, e, " ") for s, e in cuts]) if cuts else text


def _without_hashtags(text: str) -> str:
    """``text`` with its hashtags blanked (``#Vision2030`` holds no number to keep)."""
    tags = tokens.find_hashtags(text)
    return apply_edits(text, [Edit(t.start, t.end, " ") for t in tags]) if tags else text


def _must_keep(text: str, start: int, end: int, flagged: list[tuple[int, int]]) -> bool:
    """May ``text[start:end]`` never be dropped to fit?"""
    return _overlaps((start, end), flagged) or _is_protected(text[start:end])


def _is_protected(text: str) -> bool:
    """Does this piece hold a link, number, phone, handle or a call to action?"""
    if tokens.find_links(text) or tokens.find_handles(text):
        return True
    if _DIGIT_RE.search(text) and _DIGIT_RE.search(_without_hashtags(text)):
        return True
    return is_call_to_action(text)


def _last_standalone_tag(job: Job, text: str) -> tokens.Span | None:
    """The hashtag to drop next when fitting: the last one outside a sentence, foreign tags first."""
    tags = tokens.find_hashtags(text)
    standalone = [t for t in tags if not _is_inline(text, t, tags)]
    if not standalone:
        return None
    own = job.plan.own_tags
    foreign = [t for t in standalone if fold(t.text).text not in own]
    return (foreign or standalone)[-1]


def _find(text: str, needle: str | None) -> tuple[int, int] | None:
    """The span of ``needle`` in ``text``, compared folded (case, diacritics, spacing)."""
    if not needle:
        return None
    folded = fold(text)
    key = fold(needle.strip()).text
    at = folded.text.rfind(key)
    return folded.span(at, at + len(key)) if at >= 0 else None


def _wants_signature(job: Job, text: str, signature: Signature) -> bool:
    """Not when the text is signed already (in any language), or already gives every
    contact point the signature names.

    Contact points are the signature's numbers (compared by digits, so «١٩٥٠» is
    1950 — a bare «1950» in a signature reads as a number even without a cue) and
    its links.
    """
    folded = fold(text).text
    if any(key in folded for key in job.plan.signed_keys):
        return False
    if not signature.numbers and not signature.links:
        return True
    lowered = text.lower()
    return not (signature.numbers <= _numbers(text) and all(link in lowered for link in signature.links))


def _numbers(text: str) -> set[str]:
    """The digits of every number in ``text`` (runs of digits with single spaces or dashes)."""
    return {tokens.phone_digits(m.group()) for m in _NUMBER_RE.finditer(text)}


def _signature_fits(job: Job, text: str, length: int | None, signature: Signature) -> bool:
    """The signed text must still fit and must not break a rule the text passed.

    The signature goes on a line of its own, so every count adds up: the signed
    text's length is ``length + 1 + signature length`` (X counts a link or an
    emoji the same on either side of a line break), its links, hashtags, emoji
    and sentences are the text's plus the signature's.
    """
    plan, limits = job.plan, job.limits
    intent = plan.persona.intents.get(job.intent or "")
    too_long = (length is not None and limits.max_length is not None
                and length + 1 + signature.length(job.channel) > limits.max_length)
    if too_long or (not plan.exclamations and "!" in signature.text):
        return False
    if signature.links and limits.max_links is not None \
            and len(tokens.find_links(text)) + len(signature.links) > limits.max_links:
        return False
    if signature.hashtags and limits.max_hashtags is not None \
            and len(tokens.find_hashtags(text)) + signature.hashtags > limits.max_hashtags:
        return False
    if signature.emoji and plan.max_emoji is not None \
            and len(tokens.find_emoji(text)) + signature.emoji > plan.max_emoji:
        return False
    return not (intent and intent.max_sentences is not None
                and len(tokens.split_sentences(text)) + signature.sentences > intent.max_sentences)


def tidy_spacing(job: Job, text: str) -> str:
    """Collapse leftover spaces and fix punctuation spacing (see :func:`tidy`)."""
    return tidy(text)


STEPS: tuple[Step, ...] = (
    replace_retired_contacts,
    trim_hashtags,
    replace_terms,
    limit_emoji,
    normalise_exclamations,
    tidy_spacing,
    fit_channel,
)


# --- the backend ---------------------------------------------------------------


class RulesBackend:
    """The offline, deterministic backend (``--backend rules``)."""

    name = "rules"

    def rewrite(self, request: Request) -> tuple[str, list[Change]]:
        """The message in the persona's voice and the changes made."""
        return rewrite_text(request.persona, request.message, request.channel, request.intent)


def rewrite_offline(persona: Persona, message: str, channel: str | None = None,
                    intent: str | None = None) -> Rewrite:
    """Rewrite with the rules backend and check the result (``Rewrite.check`` set)."""
    from persona.check.engine import check_text

    text, changes = RulesBackend().rewrite(Request(message, persona, channel, intent))
    result = check_text(persona, text, channel=channel, intent=intent, source="rewrite")
    return Rewrite(persona=persona.id, backend=RulesBackend.name, channel=channel, text=text,
                   changes=changes, check=result, attempts=[text])
