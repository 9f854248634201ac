"""Single-pass multi-term matching over folded text (spec: "How terms match").

Every term of a matcher is folded with :func:`~persona.text.normalize.fold_term`
and compiled into ONE Aho-Corasick automaton, so finding all of them costs one
pass over the folded text plus O(1) checks per raw hit, whatever the number of
terms.

Rules, checked on the folded text (diacritics, tatweel and zero-width chars are
already gone there, so ``guar\\u200bantee`` is ``guarantee`` and ``clientele``
stays one word):

* **Latin and other non-Arabic terms** — case-insensitive, whole words: the
  character before the match and the one after it must not be word characters
  (:func:`is_word_char`). Only edges of the term that are themselves word
  characters need a boundary, so ``#tag`` or ``24/7`` work too. An apostrophe is
  not a word character: ``client`` matches in ``client's`` (possessive) but not
  in ``clients`` or ``clientele``. A multi-word term matches across any run of
  whitespace (folding collapses runs to one space).
* **Arabic terms** (``clitics=True``) — whole words, except that the word may
  start with proclitics before the term: the part of the word before the match
  must fully match ``[وف]?(?:[بك]?ال|لل|[بكل])?`` (``العميل`` in ``والعميل``,
  ``بالعميل``; ``عميل`` in ``العميل``, ``للعميل``, ``وعميل``). A term starting
  with «ال» also matches as «لل» + rest (``للعميل``, ``وللعميل``). A term never
  matches inside another word (``عمل`` is not in ``يعمل``, ``العميل`` is not in
  ``العميلين``).
* With ``clitics=False`` Arabic terms are plain whole words too.
* With ``inflect=True`` (the checker's persona terms) every Arabic term also
  matches its inflected forms (:mod:`persona.text.variants`: pronoun suffixes,
  hamza seat and ة → ت, tanween, sound plural and dual, verb persons), each one
  more key of the same automaton; :attr:`Match.ending` says which form it was.

Reported matches cover the whole word as typed — proclitics, diacritics and
tatweel included — in offsets of the ORIGINAL text.

Overlaps: where several terms match, a match whose span lies inside a longer
match's span is dropped ("visit our office" beats "office"); matches with the
very same span are all kept (one per payload), partial overlaps are all kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import ahocorasick

from persona.text.normalize import Folded, fold, fold_term, is_arabic
from persona.text.variants import arabic_forms

__all__ = ["Match", "TermMatcher", "is_word_char"]

# Kinds of automaton entries.
_PLAIN = 0  # whole word on both edges that are word chars
_CLITIC = 1  # Arabic: optional proclitics before, whole word after
_AL_VARIANT = 2  # Arabic «ال» term minus its alif: needs exactly [وف]?ل before
_CLITIC_HA = 3  # an inflected form ending in the pronoun ـه: the word as typed must end in ه, not ة

_PROCLITICS_RE = re.compile("[وف]?(?:[بك]?ال|لل|[بكل])?")
_AL_PREFIX_RE = re.compile("[وف]?ل")
_MAX_PROCLITICS = 4  # «وبال» is the longest prefix the pattern allows
_ALEF_LAM = "\u0627\u0644"


def is_word_char(ch: str) -> bool:
    """True for a letter, digit, mark or underscore (``[\\p{L}\\p{N}\\p{M}_]``).

    The apostrophe is not a word character (``client`` matches in ``client's``).
    """
    return ch.isalnum() or ch == "_" or (ch >= "\u0300" and unicodedata.category(ch)[0] == "M")


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which makes building
# one 4x dearer, and one is built per term found in every post. Treat it as immutable (it hashes by value).
@dataclass(slots=True, unsafe_hash=True)
class Match:
    """One term found: ``text == original[start:end]`` (offsets in the original)."""

    start: int
    end: int
    text: str
    payload: object
    ending: str = ""  # the inflection matched (persona.text.variants), "" for the term as listed


# An automaton value is a list of entries, each a tuple
# (term_index, payload, kind, key_length, check_start, check_end, ending): check_start /
# check_end say whether the key's first / last char is a word char and thus needs
# a boundary on that side. Tuples, not objects: this is the per-hit hot path.
_Entry = tuple[int, object, int, int, bool, bool, str]


_is_word = is_word_char


def _clitic_start(ftext: str, start: int, kind: int) -> int:
    """Folded start of the whole word for an Arabic hit at ``start``, or -1 if not allowed."""
    word_start = start
    limit = max(0, start - _MAX_PROCLITICS - 1)
    while word_start > limit and _is_word(ftext[word_start - 1]):
        word_start -= 1
    if word_start == start:
        return -1 if kind == _AL_VARIANT else start
    if word_start > 0 and _is_word(ftext[word_start - 1]):
        return -1  # longer than any proclitic sequence: inside another word
    pattern = _AL_PREFIX_RE if kind == _AL_VARIANT else _PROCLITICS_RE
    return word_start if pattern.fullmatch(ftext, word_start, start) else -1


class TermMatcher:
    """All terms of ``entries`` (``(term, payload)`` pairs) compiled for one-pass search.

    ``letters`` chooses the folding (False = strict, no Arabic letter folding);
    ``clitics`` enables Arabic proclitics; ``inflect`` adds the inflected forms of
    Arabic terms (True for all, or a predicate on the payload). Empty terms are ignored. Terms that fold
    to the same key keep all their payloads.
    """

    def __init__(
        self, entries: Iterable[tuple[str, object]], *, clitics: bool = True, letters: bool = True,
        inflect: bool | Callable[[object], bool] = False,
    ) -> None:
        self.clitics = clitics
        self.letters = letters
        self._automaton = ahocorasick.Automaton()
        self._size = 0
        for index, (term, payload) in enumerate(entries):
            key = fold_term(term, letters=letters)
            if not key:
                continue
            arabic = clitics and is_arabic(key[0]) and _is_word(key[0])
            first, last = _is_word(key[0]), _is_word(key[-1])
            self._add(key, (index, payload, _CLITIC if arabic else _PLAIN, len(key), first, last, ""))
            if arabic and key.startswith(_ALEF_LAM) and len(key) > 2:
                self._add(key[1:], (index, payload, _AL_VARIANT, len(key) - 1, True, last, ""))
            if arabic and inflect and (inflect is True or inflect(payload)):
                for form, ending in arabic_forms(term):
                    kind = _CLITIC_HA if ending.endswith("+ه") else _CLITIC
                    self._add(form, (index, payload, kind, len(form), True, True, ending))
        if self._size:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        """Number of automaton entries (terms plus «ال» variants)."""
        return self._size

    def _add(self, key: str, entry: _Entry) -> None:
        existing = self._automaton.get(key, None)
        if existing is None:
            self._automaton.add_word(key, [entry])
        else:
            existing.append(entry)
        self._size += 1

    def find(self, text: str, folded: Folded | None = None) -> list[Match]:
        """Every match in ``text``, sorted by start (then longest first).

        ``folded`` may be passed to share one fold between matchers; it must be
        ``fold(text, letters=self.letters)``.
        """
        if not self._size or not text:
            return []
        if folded is None:
            folded = fold(text, letters=self.letters)
        ftext = folded.text
        n = len(ftext)
        hits: list[tuple[int, int, _Entry]] = []  # folded (start, end, entry)
        for last, entries in self._automaton.iter(ftext):
            end = last + 1
            if end == n:
                open_end = True
            else:  # is_word_char, inlined: most raw hits end inside a word ("i" in "online")
                after = ftext[end]
                open_end = not (after.isalnum() or after == "_" or (after >= "\u0300" and _is_word(after)))
            for entry in entries:
                if entry[5] and not open_end:
                    continue
                start = end - entry[3]
                if entry[2] != _PLAIN:
                    start = _clitic_start(ftext, start, entry[2])
                    if start < 0 or (entry[2] == _CLITIC_HA and text[folded.offset(end - 1)] != "\u0647"):
                        continue
                elif entry[4] and start and _is_word(ftext[start - 1]):
                    continue
                hits.append((start, end, entry))
        if not hits:
            return []
        if len(hits) == 1:  # the common case: nothing to resolve
            start, end, entry = hits[0]
            if folded.origin is not None:
                start, end = folded.span(start, end)
            return [Match(start, end, text[start:end], entry[1], entry[6])]
        return _resolve(hits, folded, text)


def _resolve(hits: list[tuple[int, int, _Entry]], folded: Folded, text: str) -> list[Match]:
    """Map hits to the original, drop those inside a longer one, dedupe per term/payload."""
    spans: dict[tuple[int, int], list[_Entry]] = {}  # keyed by (start, -end): sorts right
    # With no removals, folded spans are original spans (nothing to extend over either).
    to_original = folded.span if folded.origin is not None else None
    for fstart, fend, entry in hits:
        if to_original is not None:
            fstart, fend = to_original(fstart, fend)
        key = (fstart, -fend)
        group = spans.get(key)
        if group is None:
            spans[key] = [entry]
        else:
            group.append(entry)
    result: list[Match] = []
    max_end = -1
    for key in sorted(spans):
        start, end = key[0], -key[1]
        if end <= max_end:
            continue  # inside an earlier, longer (or equal-start, longer) span
        max_end = end
        group = spans[key]
        if len(group) == 1:
            result.append(Match(start, end, text[start:end], group[0][1], group[0][6]))
            continue
        seen_terms: set[int] = set()
        seen_payloads: list[object] = []
        for entry in sorted(group, key=lambda e: (e[0], e[6] != "")):  # the term as listed first
            if entry[0] in seen_terms or any(p is entry[1] for p in seen_payloads):
                continue
            seen_terms.add(entry[0])
            seen_payloads.append(entry[1])
            result.append(Match(start, end, text[start:end], entry[1], entry[6]))
    return result
