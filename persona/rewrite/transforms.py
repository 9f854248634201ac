"""Text surgery for the rules rewriter: pure functions, no persona involved.

* :func:`apply_edits` — splice non-overlapping replacements into a text;
* :func:`match_case` — give a replacement the case of the word it replaces
  (``Customers`` → ``Beneficiaries``, ``CUSTOMERS`` → ``BENEFICIARIES``);
* :func:`arabic_replacement` — carry the proclitics و ف ب ك ل and the article
  «ال» of an Arabic word over to its replacement (``والعميل`` → ``والمستفيد``,
  ``للعميل`` → ``للمستفيد``), never doubling the article;
* :func:`tidy` — collapse the runs of spaces that removals leave and fix the
  spacing of punctuation (no space before ``.`` or ``،``);
* :func:`language_of` — ``ar`` or ``en`` by script majority.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from persona.text.normalize import fold_term, is_arabic, strip_marks

__all__ = [
    "Edit",
    "apply_edits",
    "arabic_replacement",
    "attach_proclitics",
    "capitalize_first",
    "language_of",
    "match_case",
    "tidy",
]

ARTICLE = "\u0627\u0644"  # «ال»


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``new``."""

    start: int
    end: int
    new: str


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with every edit applied; an edit overlapping an earlier one is skipped."""
    pieces: list[str] = []
    last = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < last:
            continue
        pieces.append(text[last:edit.start])
        pieces.append(edit.new)
        last = edit.end
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


# --- case -------------------------------------------------------------------


def _letters(s: str) -> list[str]:
    return [c for c in s if c.isalpha() and (c.isupper() or c.islower())]


def capitalize_first(s: str) -> str:
    """``s`` with its first cased letter upper-cased (``power of attorney`` → ``Power of attorney``)."""
    for i, ch in enumerate(s):
        if ch.isalpha():
            return s[:i] + ch.upper() + s[i + 1:] if ch.islower() else s
    return s


def match_case(typed: str, term: str, replacement: str, *, sentence_start: bool = False) -> str:
    """``replacement`` in the case the writer gave ``typed`` (a match of ``term``).

    All capitals stay all capitals (``CUSTOMERS`` → ``BENEFICIARIES``); a phrase
    whose every word is capitalised gets every word capitalised; a capital first
    letter gives a capital first letter. When the persona's term is itself an
    acronym (``POA``) its case says nothing, and only a sentence start capitalises.
    """
    letters = _letters(typed)
    if not letters or not _letters(replacement):
        return replacement
    term_letters = _letters(term)
    if term_letters and all(c.isupper() for c in term_letters):  # acronym: case carries no signal
        return capitalize_first(replacement) if sentence_start else replacement
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    words = typed.split()
    if len(words) > 1 and all(_starts_upper(w) for w in words):
        return " ".join(capitalize_first(w) for w in replacement.split(" "))
    if letters[0].isupper():
        return capitalize_first(replacement)
    return replacement


def _starts_upper(word: str) -> bool:
    letters = _letters(word)
    return bool(letters) and letters[0].isupper()


# --- Arabic proclitics ------------------------------------------------------

# What may stand before a term's core: a conjunction (و ف), then either «لل»
# (the preposition ل fused with the article) or a preposition (ب ك ل) and/or «ال».
_PROCLITICS_RE = re.compile("([\u0648\u0641]?)(?:(\u0644)\u0644|([\u0628\u0643\u0644]?)(\u0627\u0644)?)")


def _has_article(word: str) -> bool:
    bare = strip_marks(word)
    return bare.startswith(ARTICLE) and len(bare) > 3


def arabic_replacement(typed: str, term: str, use: str) -> str:
    """``use`` with the proclitics and article that ``typed`` (a match of ``term``) carries.

    ``والعميل`` for ``العميل`` → ``المستفيد`` gives ``والمستفيد``; ``للعميل`` gives
    ``للمستفيد``; ``بالعملاء`` → ``بالمستفيدين``; ``العميل`` for the bare ``عميل``
    → ``مستفيد`` gives ``المستفيد``. When ``typed`` is not a proclitic form of
    the term (which the matcher never reports), ``use`` is returned unchanged.
    """
    if not is_arabic(use):
        return use
    folded_typed = fold_term(typed)
    folded_term = fold_term(term)
    core = folded_term[2:] if _has_article(folded_term) else folded_term
    if not core or not folded_typed.endswith(core):
        return use
    match = _PROCLITICS_RE.fullmatch(folded_typed[: len(folded_typed) - len(core)])
    if match is None:
        return use
    conjunction, fused_lam, preposition, article = match.groups()
    if fused_lam:
        return attach_proclitics(conjunction, "\u0644", True, use)
    return attach_proclitics(conjunction, preposition or "", bool(article), use)


def attach_proclitics(conjunction: str, preposition: str, article: bool, use: str) -> str:
    """Write ``conjunction + preposition (+ article) + use`` the way Arabic spells it.

    The article is never doubled: when ``use`` has its own «ال» that one is used;
    when it has none, one is added for a definite original (single words only —
    a phrase keeps the writer's wording). ل + ال is «لل»; ل + «اللجنة» is «للجنة».
    """
    first, sep, rest = use.partition(" ")
    if _has_article(first):
        stem, definite = first[2:], True
    else:
        stem, definite = first, article and not sep
    head = _definite_head(preposition, stem) if definite else preposition
    return conjunction + head + stem + sep + rest


# --- spacing ----------------------------------------------------------------

_SPACE_RUN_RE = re.compile(r"[ \t]{2,}")
_LINE_EDGE_RE = re.compile(r"^[ \t]+|[ \t]+$", re.MULTILINE)
_SPACE_BEFORE_PUNCT_RE = re.compile(r"[ \t]+(?=[.,\u060c\u061b;!?\u061f](?![.\w]))")
_STRAY_STOP_RE = re.compile(r"(?<!\.)([.!?\u061f])[ \t]+\.(?!\.)")
_BLANK_LINES_RE = re.compile(r"\n{3,}")
_EMPTY_PUNCT_LINE_RE = re.compile(r"^[.,\u060c\u061b;:!?\u061f]+$\n?", re.MULTILINE)


def tidy(text: str) -> str:
    """Collapse space runs, fix punctuation spacing, drop blank leftovers. Idempotent.

    * runs of spaces/tabs become one space; lines lose leading/trailing spaces;
    * no space before ``. , ، ؛ ; ! ? ؟`` (unless it starts ``...`` or a word,
      as in ``.NET``); a stop left alone after another (``Done. .``) goes;
    * lines holding only punctuation go; three or more newlines become two.
    """
    if "  " in text or "\t" in text:
        text = _SPACE_RUN_RE.sub(" ", text)
    text = _LINE_EDGE_RE.sub("", text)
    text = _STRAY_STOP_RE.sub(r"\1", text)
    text = _SPACE_BEFORE_PUNCT_RE.sub("", text)
    text = _EMPTY_PUNCT_LINE_RE.sub("", text)
    text = _BLANK_LINES_RE.sub("\n\n", text)
    return text.strip()


# --- language ---------------------------------------------------------------


_LINK_LIKE_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_ARABIC_CHAR_RE = re.compile("[\u0600-\u06ff]")
_LATIN_LETTER_RE = re.compile("[A-Za-z]")


def language_of(text: str) -> str:
    """``ar`` when Arabic characters outnumber Latin letters (links aside), else ``en``."""
    if "://" in text or "www." in text.lower():
        text = _LINK_LIKE_RE.sub(" ", text)
    arabic = len(_ARABIC_CHAR_RE.findall(text))
    return "ar" if arabic and arabic > len(_LATIN_LETTER_RE.findall(text)) else "en"


def _definite_head(preposition: str, stem: str) -> str:
    """Proclitic plus article before a definite stem: ل + ال is «لل», and only «ل» before a stem
    that starts with ل (ل + «اللجنة» is «للجنة»); any other proclitic keeps «ال» («بال», «كال»)."""
    if preposition == "\u0644":
        return "\u0644" if strip_marks(stem).startswith("\u0644") else "\u0644\u0644"
    return preposition + ARTICLE
