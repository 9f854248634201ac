"""Negation and past framing: «لن تحتاج إلى زيارة الفرع» does not contradict "fully digital".

``values.contradiction`` and ``facts.retired`` ask :func:`framing` about the words
just before a match (same clause: up to :data:`WINDOW` words, never across a
sentence end, a comma or a «لكن»/"but") and just after it. A contradiction phrase
under a negator, or a retired fact under a negator or a past framing ("formerly
known as …", «كانت تُعرف سابقًا بـ…»), is reported as the framing word instead
of an error.

Arabic words are compared folded (no diacritics; أ إ آ → ا, ى → ي, ة → ه) with a
leading و or ف dropped («ولن», «فلا»). Double negatives are not negation: «لا
تنسَ طباعة النموذج», "don't forget to print the form", «لا بد من زيارة الفرع».
«غير» is left out on purpose (also "other"), and «ما» counts only right before
an imperfect verb («ما تحتاج زيارة الفرع», the dialect's "you don't need").
"""

from __future__ import annotations

import re

from persona.text.lazy import lazy_re
from persona.text.normalize import fold

__all__ = ["PROMISE_WINDOW", "WINDOW", "framing", "is_promise", "negated_promise", "negators"]

WINDOW = 6
#: A negated promise: the negator right before the promise word, at most this many words back
#: («لا نضمن», «لن نضمن», "we do not guarantee", "we cannot guarantee").
PROMISE_WINDOW = 3
NEGATORS: frozenset[str] = frozenset(
    {
        "لا", "لن", "لم", "ليس", "ليست", "لسنا", "لستم", "بلا", "بدون", "دون", "عدم", "انتهي", "وداعا",
        "no", "not", "never", "without", "don't", "doesn't", "won't", "didn't", "isn't", "aren't", "needn't",
        "nor", "cannot", "can't", "neither",
    }
)  # fmt: skip
#: Past framing: the fact is mentioned as history (only for facts.retired).
PAST_BEFORE: frozenset[str] = frozenset(
    {
        "سابقا", "تعرف", "يعرف", "المعروفه", "المعروف", "المسماه", "المسمي", "كانت", "كان", "بدلا", "عوضا",
        "محل", "formerly", "previously", "was", "were", "renamed", "instead", "replaces", "replaced",
        "replacing", "former", "old",
    }
)  # fmt: skip
PAST_AFTER: frozenset[str] = frozenset({"سابقا", "formerly", "previously", "سابقًا",
                                        # "Future Gate became Madrasati": the old name, told as history
                                        "اصبحت", "اصبح", "أصبحت", "أصبح", "صارت", "تحولت", "became", "becomes"})
#: A negator directly followed by one of these does not negate what comes after.
_NOT_NEGATING_NEXT: frozenset[str] = frozenset(
    {"تنس", "تنسي", "تنسوا", "تنسو", "ننسي", "بد", "تفوت", "تفوتوا", "تفوتكم", "يفوتك", "يفوتكم", "تترددوا", "تتردد",
     "شك", "ريب", "forget", "miss", "hesitate", "only", "doubt", "brainer"}
)  # fmt: skip
_CLAUSE_END_RE = re.compile(r"[.!?؟\n،,؛;:]|\s(?:لكن|ولكن|but|however)\s", re.IGNORECASE)
_WORD_RE = re.compile(r"[\w'’]+")


#: The framing words a leading «و» or «ف» is taken off («ولن» → «لن»).
_AFTER_A_CONJUNCTION: frozenset[str] = NEGATORS | PAST_BEFORE | {"ما"}


def _words(text: str) -> list[str]:
    out = []
    for word in _WORD_RE.findall(fold(text).text):
        word = word.replace("’", "'")
        if len(word) > 2 and word[0] in "وف" and word[1:] in _AFTER_A_CONJUNCTION:
            word = word[1:]
        out.append(word)
    return out


def framing(text: str, start: int, end: int, *, past: bool, window: int = WINDOW) -> str | None:
    """The negator (or, with ``past``, the past framing) governing ``text[start:end]``, else None
    (``window``: how many words before the match may hold it)."""
    before = text[max(0, start - 120) : start]
    ends = [m.end() for m in _CLAUSE_END_RE.finditer(before)]
    if ends:
        before = before[ends[-1] :]
    words = _words(before)[-window:]
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in NEGATORS and following not in _NOT_NEGATING_NEXT:
            return word
        if word == "ما" and len(following) >= 4 and following[0] in "تين" and following not in _NOT_NEGATING_NEXT:
            return word  # «ما تحتاج»: the dialect's negation of a verb
        if past and word in PAST_BEFORE:
            return word
    if past:
        after = _words(text[end : end + 40])[:2]
        for word in after:
            if word in PAST_AFTER:
                return word
    return None


# A promise word: what a negation turns into the very caution a persona wants («لا نضمن
# نتيجة أي قضية»). Other avoided words (jargon, a rival's name, «مجاني») stay avoided
# under a negation: "we do not serve customers" still says "customers".
_PROMISE_AR = lazy_re(r"ضم[ان]|^(?:[نتيا]?عد|نتعهد|يتعهد|تتعهد|اتعهد|تعهد|وعد)")
_PROMISE_EN = re.compile(r"guarant|promis|assur", re.IGNORECASE)


def is_promise(word: str) -> bool:
    """Is ``word`` (as typed) a promise word: «نضمن», «مضمونة», «نعدكم», "guarantee", "promised"?"""
    folded = fold(word).text
    return bool(_PROMISE_EN.search(folded) or _PROMISE_AR().search(folded))


def negated_promise(text: str, start: int, end: int) -> str | None:
    """The negator right before the promise word ``text[start:end]``, else None (not a promise, or
    not negated): «لن نضمن لكم شيئًا» and "we do not guarantee" deny the promise."""
    if not is_promise(text[start:end]):
        return None
    return framing(text, start, end, past=False, window=PROMISE_WINDOW)


#: The dialect's negators, counted by :func:`negators` only («مو متاح» = «ليس متاحًا»).
#: «غير» and «لست» are counted here too: the register pairs turn «مو» into «غير» and «مانيب»
#: into «لست» (``framing`` leaves «غير» out: it is also "other").
_DIALECT_NEGATORS: frozenset[str] = frozenset(
    {"مو", "مب", "موب", "ماهوب", "مش", "مافي", "مافيه", "ماكو", "ماني", "مانيب", "ماهو", "ماهي", "مدري", "مادري",
     "مهب", "مهوب", "غير", "لست", "لستن", "لستما", "dunno", "nope", "nah"}
)
#: Past framing words that are also in NEGATORS' list but say no "not" («انتهي», «وداعا»).
_NOT_COUNTED: frozenset[str] = frozenset({"انتهي", "وداعا"})


def negators(text: str) -> list[str]:
    """Every negator of ``text`` that negates («لا», «لن», «لم», «ليس», «بدون», «ما تحتاج»,
    «مو», "not", "don't", "no", "never"…), folded, in order. Double negatives and
    fixed phrases do not count («لا بد», «لا تنس», «لا شك», "don't forget", "not only"):
    the meaning gate compares the negations of a rewrite with its original's."""
    found = []
    for sentence in _SENTENCE_RE().findall(text):
        words = _words(sentence)
        question = sentence.rstrip().endswith(("؟", "?"))
        for i, word in enumerate(words):
            following = words[i + 1] if i + 1 < len(words) else ""
            if following in _NOT_NEGATING_NEXT or word in _NOT_COUNTED:
                continue
            if len(word) > 3 and word[0] in "وف" and word[1:] in _DIALECT_NEGATORS:
                word = word[1:]  # «ومدري», «فغير»
            if word in NEGATORS or word in _DIALECT_NEGATORS:
                found.append("not" if word in _NOT_FORMS else word)
            elif (word == "ما" and not question and len(following) >= 4 and following[0] in "تين"
                  and (words[i - 1] if i else "") not in _BEFORE_RELATIVE_MA):
                found.append(word)  # «ما تحتاج»; not «ما تريدون؟» ("what"), nor «على ما تقدم» ("what")
    return found


#: Words before which «ما» is the relative "what": «بناء على ما تقدم», «وفق ما تنص عليه», «كل ما تحتاجه».
_BEFORE_RELATIVE_MA: frozenset[str] = frozenset(
    {"علي", "وفق", "حسب", "بحسب", "كل", "من", "عن", "الي", "في", "بعد", "قبل", "مثل", "جميع", "بعض", "اكثر",
     "اهم", "ابرز", "اخر", "لكل", "طبق", "وفقا", "حسبما", "اي"}
)
_SENTENCE_RE = lazy_re(r"[^.!?؟\n]+[.!?؟\n]*")
_NOT_FORMS = frozenset({"cannot", "can't", "won't", "don't", "doesn't", "didn't", "isn't", "aren't", "needn't"})
