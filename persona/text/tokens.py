"""Extraction of links, phone numbers, handles, hashtags, emoji, sentences, words.

Every finder returns a list of :class:`Span` — a named tuple ``(start, end,
text)`` with ``text == source[start:end]`` in offsets of the string it was given
(Python ``str`` indices, i.e. code points) — sorted by ``start``. They are
heuristics tuned for social-media posts; each docstring states its rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

import regex

from persona.text.emojis import emoji_offsets
from persona.text.lazy import lazy_re
from persona.text.links import find_link_offsets, link_is_verified
from persona.text.matcher import is_word_char
from persona.text.numbers import PHONE_CUES, has_digit, phone_digits
from persona.text.numbers import find_phones as _find_phones

__all__ = [
    "PHONE_CUES",
    "Span",
    "count_words",
    "exclamations",
    "find_emoji",
    "find_handles",
    "find_hashtags",
    "find_links",
    "find_phones",
    "link_is_verified",
    "phone_digits",
    "split_clauses",
    "split_sentences",
    "word_texts",
    "words",
]


class Span(NamedTuple):
    """A piece of a text: ``text == source[start:end]``.

    A named tuple (cheap to build: finders run on every post), so both
    ``span.start`` and ``start, end, text = span`` work.
    """

    start: int
    end: int
    text: str


_new_tuple = tuple.__new__


def _span(source: str, start: int, end: int) -> Span:
    return _new_tuple(Span, (start, end, source[start:end]))  # = Span(...), faster


def _inside(start: int, end: int, spans: Iterable[Span]) -> bool:
    return any(s.start <= start and end <= s.end for s in spans)


def _outside_links(found: list[Span], links: list[Span]) -> list[Span]:
    """The spans of ``found`` that overlap no link, in one merge pass (not found × links).

    Both lists are sorted by start; links (``find_links``) never overlap each
    other, so the only link that can overlap a span is the first one ending after
    its start.
    """
    if not links:
        return found
    kept = []
    i, n = 0, len(links)
    for span in found:
        while i < n and links[i].end <= span.start:
            i += 1
        if i == n or span.end <= links[i].start:
            kept.append(span)
    return kept


# --- links: persona.text.links (X's finder, wrapped here in spans) ------------------


def find_links(text: str) -> list[Span]:
    """Every link X makes in ``text`` (:func:`persona.text.links.find_link_offsets`, X's rules).

    http(s) URLs with any host under one of X's TLDs (Arabic-script and other
    internationalised hosts included), and bare ASCII domains under one of them,
    with or without a path (``example.com``, ``t.co``, ``moj.gov.sa/services``).
    Not links: e-mail addresses, names whose last part is no TLD (``report.pdf``,
    ``3.5``, ``e.g.``), a bare non-ASCII domain. Trailing punctuation, an
    unbalanced ``)``, Arabic letters and punctuation, closing quotes end a link.
    """
    return [_span(text, start, end) for start, end in find_link_offsets(text)]


# --- phone numbers: persona.text.numbers (re-exported here) --------------------------


def find_phones(text: str, links: list[Span] | None = None, known: frozenset[str] = frozenset()) -> list[Span]:
    """Phone numbers (:func:`persona.text.numbers.find_phones`); ``links`` may pass ``find_links(text)``."""
    if links is None:
        links = find_links(text) if has_digit(text) else []
    return [_span(text, start, end) for start, end in _find_phones(text, links, known)]


# --- handles, hashtags ------------------------------------------------------------

_HANDLE_RE = re.compile(r"(?<![A-Za-z0-9_!@#$%&*/.＠])[@＠][A-Za-z0-9_]{1,15}(?![A-Za-z0-9_@＠])")
_HASH_RE = re.compile("[#＃]")
_HASHTAG_BODY_RE = regex.compile(r"(?=[\p{N}\p{M}_]*\p{L})[\p{L}\p{M}\p{N}_]+")


def find_handles(text: str, links: list[Span] | None = None) -> list[Span]:
    """@handles as X defines them: ``@`` + 1–15 of ``[A-Za-z0-9_]``.

    Not a handle: one glued to a preceding letter/digit (an e-mail address such as
    ``info@moj.gov.sa``), a run longer than 15 characters, one inside a link.
    The span includes the ``@``. ``links`` may pass ``find_links(text)``.
    """
    if "@" not in text and "＠" not in text:
        return []
    found = [_span(text, *m.span()) for m in _HANDLE_RE.finditer(text)]
    if found:
        if links is None:
            links = find_links(text)
        found = _outside_links(found, links)
    return found


def find_hashtags(text: str, links: list[Span] | None = None) -> list[Span]:
    """#hashtags: ``#`` + letters, marks, digits and ``_`` with at least one letter.

    Arabic letters are letters (``#موسم_الرياض``); pure numbers (``#1``) are not
    hashtags, nor is a ``#`` glued to a word or inside a link (``/page#part``).
    The span includes the ``#``. ``links`` may pass ``find_links(text)``.
    """
    if "#" not in text and "＃" not in text:
        return []
    found = []
    pos = 0
    for m in _HASH_RE.finditer(text):
        i = m.start()
        if i < pos or (i and (text[i - 1] in "&/#＃" or is_word_char(text[i - 1]))):
            continue
        body = _HASHTAG_BODY_RE.match(text, i + 1)
        if body:
            found.append(_span(text, i, body.end()))
            pos = body.end()
    if found:
        if links is None:
            links = find_links(text)
        found = _outside_links(found, links)
    return found


# --- emoji: persona.text.emojis (wrapped here in spans) -------------------------------


def find_emoji(text: str) -> list[Span]:
    """Every emoji as one span (:func:`persona.text.emojis.emoji_offsets`: ZWJ sequences, flags,
    skin tones, keycaps are one each; text-default symbols such as © ™ ❤ without U+FE0F are not)."""
    return [_span(text, start, end) for start, end in emoji_offsets(text)]


# --- sentences, clauses, words ---------------------------------------------------------

_LINE_RE = lazy_re(r"[^\r\n\u2028\u2029\x85]+")
_TERMINATOR_RE = lazy_re("[.!?؟…۔！？‼⁉]+[\"'”’»)\\]]*")
_NON_SPACE_RE = lazy_re(r"\S")
#: Words whose dot does not end a sentence (compared lower-case, dots inside kept).
ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "inc", "ltd", "co", "corp",
        "dept", "gov", "approx", "est", "fig", "vol", "ref", "e.g", "i.e", "u.s", "u.k", "u.n",
        "a.m", "p.m", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "ave", "blvd", "cf", "al",
    }
)  # fmt: skip
_INITIALISM_RE = lazy_re(r"(?:[A-Za-z]\.)*[A-Za-z]")


def split_sentences(text: str) -> list[Span]:
    """Sentence spans, English and Arabic; surrounding whitespace excluded.

    A sentence ends at ``. ! ? ؟ … ۔`` (and ``！ ？ ‼ ⁉``), with any closing quotes
    or brackets, when whitespace or the end of the line follows — so dots inside
    numbers (``3.5``), links and domains (``moj.gov.sa``) never end one — and at
    every line break (a post's lines are separate sentences; empty lines are
    skipped). A dot does not end a sentence after an abbreviation
    (:data:`ABBREVIATIONS`: Mr., Dr., e.g., U.S., …) or an initial (``J.``), nor
    before a lower-case Latin letter. The clause separators ، ؛ , ; never end one.
    """
    spans: list[Span] = []
    for line in _LINE_RE().finditer(text):
        pos, line_end = line.span()
        for m in _TERMINATOR_RE().finditer(text, pos, line_end):
            end = m.end()
            if end < line_end and not text[end].isspace():
                continue
            if m.group().rstrip("\"'”’»)]") == "." and not _dot_ends_sentence(text, pos, m.start(), end):
                continue
            _add_trimmed(spans, text, pos, end)
            pos = end
        _add_trimmed(spans, text, pos, line_end)
    return spans


def _dot_ends_sentence(text: str, pos: int, dot: int, end: int) -> bool:
    nxt = _NON_SPACE_RE().search(text, end)
    following = nxt.group() if nxt else ""
    start = dot
    while start > pos and not text[start - 1].isspace():
        start -= 1
    if start < dot:
        w = text[start:dot].lstrip("(\"'“‘«[").lower()
        if w in ABBREVIATIONS or _INITIALISM_RE().fullmatch(w):
            return False
        if w in ("no", "nos") and following.isdigit():  # "No. 5"
            return False
    return not ("a" <= following <= "z")


def _add_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append(_span(text, start, end))


_CLAUSE_SEP_RE = lazy_re("[,،؛;:—]|(?<=\\s)–(?=\\s)")


def split_clauses(sentence: str) -> list[Span]:
    """Clause spans of one sentence, split after ``, ، ؛ ; : —`` (and a spaced ``–``).

    Each clause keeps its separator at its end (dropping a clause drops its
    separator too); whitespace around clauses is excluded. Separators between
    digits (``1,500``, ``10:30``) or inside links do not split.
    """
    links: list[Span] | None = None
    spans: list[Span] = []
    pos = 0
    for m in _CLAUSE_SEP_RE().finditer(sentence):
        i = m.start()
        if 0 < i < len(sentence) - 1 and sentence[i - 1].isdigit() and sentence[i + 1].isdigit():
            continue
        if links is None:
            links = find_links(sentence)
        if links and _inside(i, i + 1, links):
            continue
        _add_trimmed(spans, sentence, pos, m.end())
        pos = m.end()
    _add_trimmed(spans, sentence, pos, len(sentence))
    return spans


_WORD_RE = regex.compile(r"[\p{L}\p{M}\p{N}_]+(?:['’][\p{L}]+)*")


def words(text: str) -> list[Span]:
    """Word tokens: letters, marks, digits and ``_``, with inner apostrophes (``don't``).

    Marks count as word characters, so Arabic words with diacritics stay whole
    (``العَمِيلَ`` is one word; stdlib ``re`` would split it).
    """
    spans = []
    pos = 0
    find = text.find
    for word in _WORD_RE.findall(text):
        # Every word char is inside some match, so the next occurrence is the match.
        start = find(word, pos)
        pos = start + len(word)
        spans.append(_new_tuple(Span, (start, pos, word)))
    return spans


def word_texts(text: str) -> list[str]:
    """The text of each of :func:`words` (cheaper when positions are not needed)."""
    return _WORD_RE.findall(text)


def count_words(text: str) -> int:
    """Number of :func:`words` in ``text``."""
    return len(_WORD_RE.findall(text))


_EXCLAMATION_RE = re.compile("[!！‼⁉]+")


def exclamations(text: str) -> list[Span]:
    """Runs of exclamation marks (``!``, fullwidth ``！``, ``‼``, ``⁉``): ``!!`` is one span of 2.

    Marks inside links (``/#!/page``) are not exclamations. ``‼`` alone is one
    span of length 1 — callers counting "!!" should treat it as a double mark.
    """
    if "!" not in text and "！" not in text and "‼" not in text and "⁉" not in text:
        return []
    found = [_span(text, *m.span()) for m in _EXCLAMATION_RE.finditer(text)]
    links = find_links(text)
    return _outside_links(found, links)
