"""Inflecting a replacement like the word it replaces: Latin case, Arabic proclitics.

Shared by the checker (its suggestions) and the rules rewriter (its edits), so
that a suggestion is exactly what the rewriter would write:

* :func:`match_case` — ``Customers`` → ``Beneficiaries``, ``CUSTOMERS`` → ``BENEFICIARIES``;
* :func:`arabic_replacement` — carry the proclitics و ف ب ك ل and the article
  «ال» over (``والعميل`` → ``والمستفيد``, ``للعميل`` → ``للمستفيد``), never
  doubling the article.
"""

from __future__ import annotations

import re

from persona.text.lazy import lazy_re
from persona.text.normalize import fold_term, is_arabic, strip_marks

ARTICLE = "\u0627\u0644"  # «ال»


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


def inflect_like(typed: str, term: str, use: str, ending: str = "") -> str:
    """The replacement as the writer would type it: «للعملاء» → «للمستفيدين», «عملاؤكم» → «مستفيديكم»,
    Customers → Beneficiaries (``ending``: the form the matcher found, :attr:`Match.ending`)."""
    if is_arabic(term):
        return arabic_inflected(typed, term, use, ending) if ending else arabic_replacement(typed, term, use)
    return match_case(typed, term, use)


# --- Arabic proclitics ------------------------------------------------------

# What may stand before a term's core: a conjunction (و ف), then either «لل»
# (the preposition ل fused with the article) or a preposition (ب ك ل) and/or «ال».
_PROCLITICS_RE = lazy_re("([\u0648\u0641]?)(?:(\u0644)\u0644|([\u0628\u0643\u0644]?)(\u0627\u0644)?)")


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
    match = _PROCLITICS_RE().fullmatch(folded_typed[: len(folded_typed) - len(core)])
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


def _definite_head(preposition: str, stem: str) -> str:
    """Proclitic plus article before a definite stem: ل + ال is «لل», and only «ل» before a stem
    that starts with ل (ل + «اللجنة» is «للجنة»); any other proclitic keeps «ال» («بال», «كال»)."""
    if preposition == "\u0644":
        return "\u0644" if strip_marks(stem).startswith("\u0644") else "\u0644\u0644"
    return preposition + ARTICLE


# --- Arabic inflected forms (persona.text.variants) ---------------------------


def _suffix_stem(word: str) -> str:
    """``word`` (no article) as it is spelled before an attached pronoun."""
    bare = strip_marks(word)
    if bare.endswith("ة"):
        return bare[:-1] + "ت"
    if bare.endswith("ى"):
        return bare[:-1] + "ا"
    if len(bare) > 4 and bare.endswith(("ين", "ون")):
        return bare[:-1]
    return bare


def arabic_inflected(typed: str, term: str, use: str, ending: str) -> str:
    """``use`` inflected like ``typed``, a match of ``term`` in the form ``ending``.

    ``ending`` is :attr:`persona.text.matcher.Match.ending`: ``"+كم"`` gives
    «عملاؤكم» → «مستفيديكم»; ``"bare"`` drops the article («عملاء» → «مستفيدين»);
    ``"tanween"`` gives the indefinite accusative («نموذجًا» → «استمارةً»); other forms
    (plural, verb persons) keep ``use`` as written, with the writer's proclitics.
    """
    if not ending:
        return arabic_replacement(typed, term, use)
    if not is_arabic(use) or not is_arabic(term):
        return use
    from persona.text.variants import arabic_forms

    folded_typed = fold_term(typed)
    form = next((f for f, e in arabic_forms(term) if e == ending and folded_typed.endswith(f)), None)
    if form is None:
        return use
    match = _PROCLITICS_RE().fullmatch(folded_typed[: len(folded_typed) - len(form)])
    if match is None:
        return use
    conjunction, fused_lam, preposition, _article = match.groups()
    preposition = "\u0644" if fused_lam else preposition or ""
    head, sep, last = use.rpartition(" ")
    core = last[2:] if _has_article(last) else last
    if ending.startswith("+") and ending[1:] in ("كم", "كن", "نا", "ها", "هم", "هن", "هما", "ك", "ه", "ي"):
        inflected = _suffix_stem(core) + ending[1:]
    elif ending == "bare":
        inflected = core
    elif ending == "tanween":
        inflected = core + ("" if strip_marks(core).endswith(("ة", "ى", "ا", "ء")) else "ًا")
    else:
        return conjunction + preposition + use if not _has_article(use.split(" ")[0]) else use
    word = head + sep + inflected
    return conjunction + preposition + word


# --- is a swap certainly grammatical? (a fix's applicability) -----------------

# Endings that carry case or number in unvocalised Arabic: the sound masculine plural
# (ـون nominative, ـين accusative/genitive) and the dual (ـان / ـين). Swapping a word in
# or out of these forms may need a different ending in that position of the sentence.
_CASE_ENDINGS = ("\u0648\u0646", "\u064a\u0646", "\u0627\u0646")  # ون ين ان
_TA_MARBUTA = "\u0629"  # ة: the feminine ending, which adjectives and verbs agree with
_VOWEL_SOUND = lazy_re(r"[aeiou]|hon|hour|heir", re.IGNORECASE)
_CONSONANT_SOUND = lazy_re(r"u[nt]i|use|usu|eu|one|uni", re.IGNORECASE)


def swap_is_safe(typed: str, term: str, use: str, replacement: str, before: str = "") -> bool:
    """Is replacing ``typed`` (a match of ``term``) by ``replacement`` (``use`` inflected like it)
    certainly grammatical, whatever the sentence around it? ``before`` is the text before the match.

    Arabic: only when the match is the listed term with at most the proclitics
    :func:`arabic_replacement` carries over, and neither side has an ending that shows
    case, number or gender (ـون ـين ـان, ة) unless both share it. English: unless an
    ``a``/``an`` before the match would have to change.
    """
    if is_arabic(term) or is_arabic(use):
        folded_typed, folded_term = fold_term(typed), fold_term(term)
        core = folded_term[2:] if _has_article(folded_term) else folded_term
        if not core or not folded_typed.endswith(core):
            return False  # a suffixed or otherwise inflected form: the replacement lacks the suffix
        last_term, last_use = _last_word(strip_marks(term)), _last_word(strip_marks(use))
        if _marked(last_term) or _marked(last_use):
            return False
        return last_term.endswith(_TA_MARBUTA) == last_use.endswith(_TA_MARBUTA)
    article = re.search(r"\b(an?)\s+$", before, re.IGNORECASE)
    return article is None or _indefinite_article(replacement) == article.group(1).lower()


def _last_word(text: str) -> str:
    words = text.split()
    return words[-1] if words else ""


def _marked(word: str) -> bool:
    return len(word) > 3 and word.endswith(_CASE_ENDINGS)


def _indefinite_article(word: str) -> str:
    """``a`` or ``an`` before ``word`` (by its first letters: an hour, a user, an FAQ is not guessed)."""
    if _CONSONANT_SOUND().match(word):
        return "a"
    return "an" if _VOWEL_SOUND().match(word) else "a"

