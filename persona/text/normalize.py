"""Folding: the normalised copy of a text that every term is matched against.

Matching never happens on the text as typed. It happens on a *folded* copy in
which spelling noise is gone, and every position found there is mapped back to
the original so that what users see is exactly what they wrote.

Folding (:func:`fold`) does, in this order of effect:

* **removes** Arabic diacritics (tashkeel U+064B–U+065F, superscript alef
  U+0670, Quranic marks U+06D6–U+06ED), tatweel U+0640, zero-width and bidi
  controls (U+200B–U+200F, U+202A–U+202E, U+2060–U+2064, U+2066–U+2069,
  U+FEFF, soft hyphen U+00AD, Arabic letter mark U+061C), and every whitespace
  character after the first of a run (a run may be interrupted by removed
  characters: ``" \\u200b  "`` is still one run);
* **maps**, one character to one character: every whitespace character to
  ``" "``; upper case to lower case (``str.lower``, which is 1:1 for every code
  point except U+0130 «İ», mapped to ``i`` first); typographic apostrophes
  ’ ‘ ʼ to ``'``; final sigma ς to σ; and, when ``letters=True``, the Arabic
  letter variants أ إ آ ٱ → ا, ى → ي, ة → ه.

``letters=False`` is the *strict* form used for the checker's built-in lists of
informal words: the same removals and case folding, but no Arabic letter
folding, so «مرة» is never taken for «مره».

The folded copy is shorter than the original only where characters were
removed; :class:`Folded` keeps the offset map (``origin``) for that case and
:meth:`Folded.span` turns a folded span back into an original one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "ARABIC_DIACRITICS",
    "ARABIC_LETTER_FOLDS",
    "DELETED_CHARS",
    "QURANIC_MARKS",
    "SPAN_EXTENDERS",
    "TATWEEL",
    "ZERO_WIDTH_AND_BIDI",
    "Folded",
    "fold",
    "fold_letters",
    "fold_term",
    "is_arabic",
    "strip_marks",
]

# --- character classes (as regex character-class bodies and as sets) -------

#: Tashkeel (fathatan .. wavy hamza below, incl. shadda, sukun) and superscript alef.
ARABIC_DIACRITICS = "\u064b-\u065f\u0670"
#: Small high ligatures, Quranic annotation marks (U+06D6–U+06ED).
QURANIC_MARKS = "\u06d6-\u06ed"
#: Arabic tatweel (kashida), the elongation stroke: «الزبـــون».
TATWEEL = "\u0640"
#: Zero-width and bidirectional controls, BOM, soft hyphen, Arabic letter mark.
ZERO_WIDTH_AND_BIDI = "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\u061c"
#: Everything :func:`fold` removes outright (whitespace runs aside).
DELETED_CHARS = ARABIC_DIACRITICS + QURANIC_MARKS + TATWEEL + ZERO_WIDTH_AND_BIDI

#: Arabic letter variants folded when ``letters=True``.
ARABIC_LETTER_FOLDS: dict[str, str] = {
    "\u0623": "\u0627",  # أ → ا
    "\u0625": "\u0627",  # إ → ا
    "\u0622": "\u0627",  # آ → ا
    "\u0671": "\u0627",  # ٱ → ا
    "\u0649": "\u064a",  # ى → ي
    "\u0629": "\u0647",  # ة → ه
}
_APOSTROPHES: dict[str, str] = {"\u2019": "'", "\u2018": "'", "\u02bc": "'"}

#: Characters :meth:`Folded.span` extends a span's end over: tashkeel, superscript
#: alef, tatweel and the combining (Mn) Quranic marks — never zero-width, bidi
#: controls or whitespace.
SPAN_EXTENDERS: frozenset[str] = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", TATWEEL]
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06DD, 0x06DE, 0x06E5, 0x06E6, 0x06E9)]
)

# One regex finds every deletion: a run of whitespace/deletable characters that
# follows a whitespace character, or any run of deletable characters.
_DELETE_RE = re.compile(rf"(?<=\s)[\s{DELETED_CHARS}]+|[{DELETED_CHARS}]+")
_MARKS_RUN_RE = re.compile(f"[{DELETED_CHARS}]+")  # strip_marks
# Removable characters that str.isprintable() accepts (the others — Cf controls and
# whitespace other than " " — make a text non-printable, which is the cheap test).
_PRINTABLE_DELETED_RE = re.compile(f"[{ARABIC_DIACRITICS}{QURANIC_MARKS}{TATWEEL}]")
_PRINTABLE_DELETED_RUN_RE = re.compile(f"[{ARABIC_DIACRITICS}{QURANIC_MARKS}{TATWEEL}]+")
_OTHER_SPACE_RE = re.compile(r"[^\S ]")
_MAPPED_RE_LETTERS = re.compile("[" + "".join(ARABIC_LETTER_FOLDS) + "".join(_APOSTROPHES) + "\u03c2]")
_MAPPED_RE_STRICT = re.compile("[" + "".join(_APOSTROPHES) + "\u03c2]")
_REPLACEMENTS_LETTERS = (*ARABIC_LETTER_FOLDS.items(), *_APOSTROPHES.items(), ("\u03c2", "\u03c3"))
_REPLACEMENTS_STRICT = (*_APOSTROPHES.items(), ("\u03c2", "\u03c3"))
_LETTERS_RE = re.compile("[" + "".join(ARABIC_LETTER_FOLDS) + "]")
_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded copy of a text and the way back to the original.

    ``origin[i]`` is the offset in the original of folded character ``i``; it
    has one more entry than ``text``, a sentinel equal to ``len(original)``.
    ``origin is None`` means the identity (nothing was removed: folded and
    original have the same length and positions).
    """

    text: str
    origin: list[int] | None
    original: str

    def offset(self, i: int) -> int:
        """The original offset of folded offset ``i`` (``0 <= i <= len(text)``)."""
        return i if self.origin is None else self.origin[i]

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Map the folded half-open span ``[i, j)`` to the original one.

        ``original[start:end]`` is the whole thing as typed: ``start`` is the
        origin of folded ``i``; ``end`` is one past the origin of folded
        ``j - 1``, then extended over any diacritics and tatweel that follow
        (``العَمِيلَ``, ``الزبـــون``), but never over zero-width or bidi
        controls or whitespace. An empty span maps to an empty span.
        """
        if j <= i:
            start = self.offset(i)
            return start, start
        if self.origin is None:
            start, end = i, j
        else:
            start, end = self.origin[i], self.origin[j - 1] + 1
        original = self.original
        n = len(original)
        while end < n and original[end] in SPAN_EXTENDERS:
            end += 1
        return start, end


def _map_chars(text: str, letters: bool) -> str:
    """The 1:1 character mappings of :func:`fold` (never changes the length)."""
    if text.isascii():
        text = text.lower()
        return text if text.isprintable() else _OTHER_SPACE_RE.sub(" ", text)
    if "\u0130" in text:
        text = text.replace("\u0130", "i")
    text = text.lower()
    if not text.isprintable():  # some whitespace other than " " (or a control char)
        text = _OTHER_SPACE_RE.sub(" ", text)
    mapped = _MAPPED_RE_LETTERS if letters else _MAPPED_RE_STRICT
    if mapped.search(text):
        for old, new in _REPLACEMENTS_LETTERS if letters else _REPLACEMENTS_STRICT:
            if old in text:
                text = text.replace(old, new)
    return text


def _deletion_pattern(text: str) -> re.Pattern[str] | None:
    """The cheapest regex that finds every removal in ``text``, None when there are none.

    Uses C-level string tests: a printable text has no controls, zero-width chars
    or whitespace other than " ", so without a double space only the printable
    removable chars (diacritics, tatweel) can occur — and a plain class scan finds
    those. (A mark alone between two spaces leaves a double space behind; fold()
    checks for it and rescans with the full pattern.)
    """
    if not text.isprintable() or "  " in text:
        return _DELETE_RE
    if text.isascii() or _PRINTABLE_DELETED_RE.search(text) is None:
        return None
    return _PRINTABLE_DELETED_RUN_RE


def _remove(text: str, pattern: re.Pattern[str]) -> tuple[str, list[int]] | None:
    """``text`` without the matches of ``pattern`` and its origin map, None if nothing matched."""
    pieces: list[str] = []
    origin: list[int] = []
    prev = 0
    for m in pattern.finditer(text):
        start, end = m.span()
        if start > prev:
            pieces.append(text[prev:start])
            origin.extend(range(prev, start))
        prev = end
    if prev == 0:  # matches are never empty: nothing matched
        return None
    if prev < len(text):
        pieces.append(text[prev:])
        origin.extend(range(prev, len(text)))
    origin.append(len(text))
    return "".join(pieces), origin


def fold(text: str, *, letters: bool = True) -> Folded:
    """Fold ``text`` into its matching form (see the module docstring).

    Runs on every post, so the common case is cheap: C-level string tests rule
    out most texts or pick a cheap scan, and when nothing is removed the result
    is a 1:1 mapping (``origin=None``).
    """
    pattern = _deletion_pattern(text)
    removed = _remove(text, pattern) if pattern is not None else None
    if removed is not None and pattern is _PRINTABLE_DELETED_RUN_RE and "  " in removed[0]:
        removed = _remove(text, _DELETE_RE)  # a mark stood alone between spaces
    if removed is None:
        return Folded(_map_chars(text, letters), None, text)
    return Folded(_map_chars(removed[0], letters), removed[1], text)


def fold_letters(strict: Folded) -> Folded:
    """``fold(text, letters=True)`` from ``strict == fold(text, letters=False)``, without refolding.

    The two folds remove the same characters and differ only by the 1:1 Arabic
    letter folds, which nothing else in the strict fold produces or touches, so
    the origin map is shared. Returns ``strict`` itself when no letter changes.
    """
    text = strict.text
    if text.isascii() or _LETTERS_RE.search(text) is None:
        return strict
    for old, new in ARABIC_LETTER_FOLDS.items():
        if old in text:
            text = text.replace(old, new)
    return Folded(text, strict.origin, strict.original)


@lru_cache(maxsize=8192)
def fold_term(term: str, *, letters: bool = True) -> str:
    """Fold a persona term the way :func:`fold` folds texts, and strip it (kept: the rules fold the
    same matched words again and again)."""
    return fold(term.strip(), letters=letters).text.strip()


def strip_marks(text: str) -> str:
    """``text`` without diacritics, tatweel and zero-width/bidi controls (no other change)."""
    return _MARKS_RUN_RE.sub("", text)


def is_arabic(s: str) -> bool:
    """True when ``s`` contains at least one character of the Arabic script blocks."""
    return _ARABIC_RE.search(s) is not None
