"""Invisible and look-alike characters that make a reader see other text than the one written.

:func:`find_hidden` returns one :class:`Hidden` span per run of such characters, of five kinds:

``bidi``
    Bidi overrides (U+202D, U+202E) always: they reverse what follows on screen. Embeddings and
    isolates (U+202A–U+202C, U+2066–U+2069) when they can reorder or leak: unclosed, closing
    nothing, nested, or wrapping text of the other direction. A balanced pair around one run of
    its own direction — what Android's BidiFormatter puts around an ``@handle`` in Arabic — is
    left alone, and so are the marks U+200E, U+200F and U+061C, which Arabic typesetting uses.
``zero_width``
    Zero-width characters *inside a word* (U+200B, U+2060–U+2064, U+FEFF, U+180E): «نض​من»,
    ``gu​arantee``. ZWNJ and ZWJ (U+200C, U+200D) only inside a Latin, Greek, Cyrillic or digit
    word: between Arabic letters ZWNJ is Persian and Arabic typesetting, ZWJ shapes letters, and
    in emoji sequences (👨‍👩‍👧) ZWJ is the emoji. Scripts written without spaces (Thai, Lao,
    Khmer, Myanmar, CJK) use U+200B between words: not flagged there.
``tags``
    Tag characters (U+E0000–U+E007F) outside an emoji subdivision flag (🏴 + letters + U+E007F):
    they spell ASCII nobody sees — text smuggled past the reader. :attr:`Hidden.revealed` is it.
``filler``
    Hangul fillers (U+115F, U+1160, U+3164, U+FFA0) outside Hangul text: letters that show as blank.
``fullwidth``
    Fullwidth Latin letters (and digits next to them), outside CJK text: ``ＦＲＥＥ``.
``homoglyph``
    Cyrillic and Greek letters that look like Latin ones inside a mostly Latin word:
    ``guаrantee`` with a Cyrillic «а». :attr:`Hidden.replacement` is the Latin spelling.

Tatweel, diacritics, Quran marks, variation selectors, skin tones and flags are text, not hiding.
Standard library only; the quick test (:data:`SUSPECT`) keeps ordinary text at one regex search.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from persona.text.lazy import lazy_re

BIDI_OVERRIDES = "\u202d\u202e"
_OPENERS = {"\u202a": "L", "\u202b": "R", "\u202d": "L", "\u202e": "R",
            "\u2066": "L", "\u2067": "R", "\u2068": "first"}
_CLOSES = {"\u202c": "\u202a\u202b\u202d\u202e", "\u2069": "\u2066\u2067\u2068"}
BIDI = "".join(_OPENERS) + "".join(_CLOSES)
ZERO_WIDTH = "\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u180e"
JOINERS = "\u200c\u200d"
FILLERS = "\u115f\u1160\u3164\uffa0"
#: Invisible between a word's letters: zero-width, joiners, bidi controls and marks, tag characters.
_INVISIBLE = ZERO_WIDTH + JOINERS + BIDI + "\u200e\u200f\u061c" + "".join(map(chr, range(0xE0000, 0xE0080)))
_SEEN_THROUGH = frozenset(_INVISIBLE)
_WORD = lazy_re(f"(?:[^\\W\\d_]|[{re.escape(_INVISIBLE)}])+")  # letters, invisible characters seen through
SUSPECT = re.compile(
    "[\u200b-\u200d\u2060-\u2064\ufeff\u180e\u202a-\u202e\u2066-\u2069\u115f\u1160\u3164\uffa0"
    "\U000e0000-\U000e007f\uff21-\uff3a\uff41-\uff5a\u0370-\u03ff\u0400-\u052f]"
)
_FLAG_TAGS = lazy_re("\U0001f3f4[\U000e0030-\U000e0039\U000e0061-\U000e007a]{2,7}\U000e007f")
_TAGS = lazy_re("[\U000e0000-\U000e007f]+")
_FULLWIDTH = lazy_re("[\uff10-\uff19]*[\uff21-\uff3a\uff41-\uff5a][\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]*")
_NO_SPACE_SCRIPTS = ((0x0E00, 0x0EFF), (0x0F00, 0x0FFF), (0x1000, 0x109F), (0x1780, 0x17FF),
                     (0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF))
_CJK = ((0x3000, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xFF61, 0xFF9F))
_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF), (0xFFA1, 0xFFDC))
#: Cyrillic and Greek letters a reader takes for Latin ones (Unicode confusables, the common ones).
HOMOGLYPHS = {
    "а": "a", "в": "b", "е": "e", "һ": "h", "і": "i", "ј": "j", "к": "k", "ӏ": "l", "м": "m", "о": "o",
    "р": "p", "ԛ": "q", "с": "c", "ѕ": "s", "т": "t", "у": "y", "ԝ": "w", "х": "x", "ԁ": "d", "ү": "y",
    "А": "A", "В": "B", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K", "М": "M", "О": "O", "Р": "P",
    "Ԛ": "Q", "С": "C", "Ѕ": "S", "Т": "T", "У": "Y", "Ԝ": "W", "Х": "X", "Ү": "Y", "Ԁ": "D",
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "υ": "u", "ϲ": "c", "ϳ": "j",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C",
}


@dataclass(frozen=True, slots=True)
class Hidden:
    """A run of hiding characters: ``text[start:end]``, what kind, and what the fix writes instead."""

    start: int
    end: int
    kind: str  # bidi | zero_width | tags | filler | fullwidth | homoglyph
    replacement: str = ""  # "" removes the run
    word: str = ""  # the word as a reader sees it (zero_width, homoglyph)
    revealed: str = ""  # what tag characters spell (tags)
    opener: str = ""  # bidi: the embedding, override or isolate a closing character ends


def find_hidden(text: str) -> list[Hidden]:
    """Every run of hiding characters in ``text``, by position."""
    if not SUSPECT.search(text):
        return []
    found = [*_bidi(text), *_invisible(text), *_tags(text), *_fullwidth(text), *_homoglyphs(text)]
    return sorted(found, key=lambda h: (h.start, h.end))


def code_points(text: str) -> str:
    """``U+202E`` or ``U+200B U+200C``: the distinct characters of a run, named by code point."""
    seen = dict.fromkeys(text)
    return " ".join(f"U+{ord(c):04X}" for c in seen)


def char_names(text: str) -> str:
    """``RIGHT-TO-LEFT OVERRIDE (U+202E)``: the distinct characters of a run, by name."""
    return ", ".join(f"{unicodedata.name(c, 'UNNAMED')} (U+{ord(c):04X})" for c in dict.fromkeys(text))


def _in(char: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


def _direction(char: str) -> str | None:
    kind = unicodedata.bidirectional(char)
    return "L" if kind == "L" else "R" if kind in ("R", "AL") else None


def _bidi(text: str) -> list[Hidden]:
    flagged: set[int] = set()
    stack: list[int] = []  # positions of the embeddings, overrides and isolates open on this line
    openers: dict[int, str] = {}  # closing position → what it closed
    for i, char in enumerate(text):
        if char in "\n\u2029":
            flagged.update(stack)  # never closed: the direction leaks into what follows
            stack.clear()
        elif char in _OPENERS:
            if char in BIDI_OVERRIDES or stack:
                flagged.add(i)  # an override, or nesting: how segments get swapped
            stack.append(i)
        elif char in _CLOSES:
            opened = next((p for p in reversed(stack) if text[p] in _CLOSES[char]), None)
            if opened is None:
                flagged.add(i)  # closes nothing
                continue
            del stack[stack.index(opened):]
            openers[i] = text[opened]
            if opened in flagged or not _harmless(text, opened, i):
                flagged.update((opened, i))
    flagged.update(stack)
    hits: list[Hidden] = []
    for position in sorted(flagged):
        opener = openers.get(position, "")
        if hits and hits[-1].end == position:
            hits[-1] = Hidden(hits[-1].start, position + 1, "bidi", opener=hits[-1].opener or opener)
        else:
            hits.append(Hidden(position, position + 1, "bidi", opener=opener))
    return hits


def _harmless(text: str, opened: int, closed: int) -> bool:
    """A balanced pair around one run of the direction it declares (FSI: of any one direction)."""
    inside = text[opened + 1:closed]
    if any(c in BIDI for c in inside):
        return False
    directions = {d for d in map(_direction, inside) if d}
    declared = _OPENERS[text[opened]]
    return len(directions) <= 1 and (declared == "first" or directions <= {declared})


def _neighbour(text: str, i: int, step: int) -> str:
    """The first character from ``i`` in direction ``step`` that is not itself invisible ('' at an end)."""
    while 0 <= i < len(text):
        char = text[i]
        if char not in _SEEN_THROUGH:
            return char
        i += step
    return ""


def _wordlike(char: str) -> bool:
    return bool(char) and (char.isalnum() or unicodedata.category(char).startswith("M"))


def _lgc(char: str) -> bool:
    """A Latin, Greek, Cyrillic or Armenian letter, or an ASCII digit."""
    if char.isascii():
        return char.isalnum()
    return char.isalpha() and unicodedata.name(char, "").split(" ")[0] in ("LATIN", "GREEK", "CYRILLIC", "ARMENIAN")


def _invisible(text: str) -> list[Hidden]:
    hits: list[Hidden] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in FILLERS:
            before, after = _neighbour(text, i - 1, -1) or " ", _neighbour(text, i + 1, 1) or " "
            if not (_in(before, _HANGUL) or _in(after, _HANGUL)):
                hits.append(Hidden(i, i + 1, "filler"))
            i += 1
            continue
        if char not in ZERO_WIDTH and char not in JOINERS:
            i += 1
            continue
        end = i
        while end < len(text) and (text[end] in ZERO_WIDTH or text[end] in JOINERS):
            end += 1
        run = text[i:end]
        before, after = _neighbour(text, i - 1, -1), _neighbour(text, end, 1)
        inside = _wordlike(before) and _wordlike(after)
        no_space = inside and _in(before, _NO_SPACE_SCRIPTS) and _in(after, _NO_SPACE_SCRIPTS)
        flagged = inside and not no_space and (
            any(c in ZERO_WIDTH for c in run) or _lgc(before) or _lgc(after))
        if flagged:
            hits.append(Hidden(i, end, "zero_width", word=_visible_word(text, i, end)))
        i = end
    return hits


def _visible_word(text: str, start: int, end: int) -> str:
    """The word around ``text[start:end]`` as a reader sees it (invisible characters left out)."""
    left = start
    while left > 0 and (_wordlike(text[left - 1]) or text[left - 1] in _SEEN_THROUGH):
        left -= 1
    right = end
    while right < len(text) and (_wordlike(text[right]) or text[right] in _SEEN_THROUGH):
        right += 1
    word = text[left:right]
    return "".join(c for c in word if c not in _SEEN_THROUGH)[:40]


def _tags(text: str) -> list[Hidden]:
    if not any("\U000e0000" <= c <= "\U000e007f" for c in text):
        return []
    flags = [m.span() for m in _FLAG_TAGS().finditer(text)]
    hits = []
    for match in _TAGS().finditer(text):
        if any(start < match.start() < end for start, end in flags):
            continue
        spelled = "".join(chr(ord(c) - 0xE0000) for c in match[0] if 0xE0020 <= ord(c) <= 0xE007E)
        hits.append(Hidden(match.start(), match.end(), "tags", revealed=spelled[:80]))
    return hits


def _fullwidth(text: str) -> list[Hidden]:
    hits = []
    for match in _FULLWIDTH().finditer(text):
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        if _in(before, _CJK) or _in(after, _CJK):
            continue  # Japanese and Chinese typesetting write Latin letters full width
        hits.append(Hidden(match.start(), match.end(), "fullwidth", unicodedata.normalize("NFKC", match[0])))
    return hits


def _homoglyphs(text: str) -> list[Hidden]:
    hits = []
    for word in _WORD().finditer(text):
        letters = "".join(c for c in word[0] if c not in _SEEN_THROUGH)
        if letters.isascii() or not any(c in HOMOGLYPHS for c in letters):
            continue
        latin = sum(1 for c in letters if c.isascii() or "LATIN" in unicodedata.name(c, ""))
        if latin * 2 < len(letters):
            continue  # a Greek or Cyrillic word (with a Latin letter in it, perhaps): not ours to judge
        fixed = "".join(HOMOGLYPHS.get(c, c) for c in letters)
        for run in _GLYPH_RUN().finditer(word[0]):
            start = word.start() + run.start()
            hits.append(Hidden(start, start + len(run[0]), "homoglyph",
                               "".join(HOMOGLYPHS[c] for c in run[0]), word=fixed[:40]))
    return hits


_GLYPH_RUN = lazy_re(f"[{''.join(HOMOGLYPHS)}]+")
