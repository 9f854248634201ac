"""Numbers in a draft, classified: phone, count, year, Hijri year, percentage, time, date.

Only phones are phone facts (``facts.unverified``, ``facts.retired``, ``intent``
requirements). A government post is full of other numbers — «أكثر من ٣٤٠٠٠
زائر», «عام ٢٠٢٤م», «١٤٤٦هـ», «٨٥٪», «الساعة ٨ صباحًا» — and none of them is a
number to call. A number is a phone when it is **shaped** like one or **cued**:

* shaped: a leading ``+`` or ``00`` (an international number), a Saudi unified
  number ``92XXXXXXX``, a toll-free ``800XXXXXXX``, a mobile ``05XXXXXXXX``, a
  landline ``01X XXX XXXX``, a unified short number of five or six digits
  starting with ``19`` (``19993``), or one of the persona's own numbers
  (``known``: ``1950`` is the persona's phone wherever it is written);
* cued: a call word (:data:`PHONE_CUES`: call, phone, اتصل, هاتف, رقم, جوال,
  للاستفسار…) among the three words before it, or one of the weak cues
  (on, at, على «علي» once folded…) right before it with a call word before that
  («اتصلوا بنا على ١٩٥٠», "call us on 2030"). Three digits at least.

Never a phone: a number glued to a word, hashtag, handle, link, decimal,
thousands group, time or ``/`` date; one followed by ``%`` or ``٪``; an amount
(currency before or after); a year marked ``م`` or ``هـ``; a date.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache
from typing import NamedTuple

import regex

from persona.text.lazy import lazy_re
from persona.text.matcher import is_word_char
from persona.text.normalize import fold

__all__ = ["PHONE_CUES", "Number", "classify_numbers", "find_phones", "has_digit", "phone_digits"]

_DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
_TO_ASCII_DIGITS = str.maketrans(
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
    "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",
    "01234567890123456789",
)
_PHONE_RE = re.compile(
    rf"\+?[{_DIGITS}](?:[ \-.\u00a0]?[{_DIGITS}])*"
    rf"(?![\w%\u066a\u066b\u066c@])(?![:/,][{_DIGITS}])(?!\.[{_DIGITS}])"
)
# Characters a phone number may not be glued to on its left (checked in Python:
# a look-behind at the start of _PHONE_RE would defeat re's fast scan).
_PHONE_BAD_BEFORE = frozenset("+#@/.,:-\u066b\u066c")
_ANY_DIGIT_RE = re.compile(f"[{_DIGITS}]")
_NOT_A_DIGIT_RE = re.compile("[^0-9]")
_SEPARATORS_RE = re.compile(r"[ \-.\u00a0]")
_DATE_RE = lazy_re(r"\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}[-.]\d{1,2}[-.]\d{2,4}")
_PERCENT_AFTER_RE = re.compile(r"\s?[%\u066a]")
_CURRENCY_BEFORE_RE = re.compile(r"(?i)(?:[$€£¥﷼]|\b(?:sar|sr|usd|aed|eur|riyals?)\.?)\s?$")
_CURRENCY_AFTER_RE = re.compile(
    r"(?i)\s?(?:[$€£¥﷼]|(?:sar|sr|usd|aed|eur|riyals?|dollars?)\b|ريال|ر\.س|دولار)"
)
_CUE_WORD_RE = regex.compile(r"[\p{L}\p{M}]+")
_SHAPES_RE = lazy_re(r"92\d{7}|800\d{7}|05\d{8}|0[1-7]\d{7,8}|19\d{3,4}|9665\d{8}|966[1-9]\d{7,8}")

#: Words that announce a phone number (folded: ى is ي, ة is ه; clitics are stripped before lookup).
PHONE_CUES: frozenset[str] = frozenset(
    {
        "call", "phone", "tel", "telephone", "dial", "hotline", "whatsapp", "sms", "fax", "mobile",
        "ring", "contact", "number", "enquiries", "inquiries",
        "اتصل", "اتصلوا", "اتصال", "الاتصال", "هاتف", "هاتفيا", "رقم", "ارقام", "جوال", "واتساب", "واتس",
        "موحد", "تواصل", "تواصلوا", "فاكس", "استفسار", "استفسارات", "مساعده", "الطوارئ", "بلاغ", "بلاغات",
    }
)  # fmt: skip
#: Words that announce a phone only right after a call word («اتصل على», "call us on").
WEAK_PHONE_CUES: frozenset[str] = frozenset({"on", "at", "us", "no", "line", "text", "علي", "بنا", "معنا", "خط",
                                             "مركز", "عبر", "المجاني"})
_CLITIC_RE = lazy_re("^(?:[وفبل]?ال|لل|[وفبل])(?=..)")
_MIN_SEPARATED_DIGITS = 7
_MIN_CUED_DIGITS = 3


class Number(NamedTuple):
    """A number in a text: ``text == source[start:end]``; ``kind`` one of :data:`KINDS`."""

    start: int
    end: int
    text: str
    kind: str


KINDS = ("phone", "count", "year", "hijri_year", "percentage", "time", "date")


def has_digit(text: str) -> bool:
    """Does ``text`` contain an ASCII or Arabic-Indic digit?"""
    return _ANY_DIGIT_RE.search(text) is not None


def phone_digits(s: str) -> str:
    """The digits of a phone number, for comparison (spec "Links and phone numbers").

    Arabic-Indic digits read as 0–9; everything else (spaces, dashes, ``+``) is
    dropped; a leading ``00966``, ``+966`` or ``966`` country code is removed when
    at least 8 digits remain. A leading trunk ``0`` is kept as written, so
    ``011 123 4567`` gives ``0111234567`` while ``+966 11 123 4567`` gives
    ``111234567``.
    """
    return _remembered_digits(s) if len(s) <= 64 else _phone_digits(s)


def _phone_digits(s: str) -> str:
    digits = _NOT_A_DIGIT_RE.sub("", s.translate(_TO_ASCII_DIGITS))
    for code in ("00966", "966"):
        if digits.startswith(code) and len(digits) - len(code) >= 8:
            return digits[len(code) :]
    return digits


_remembered_digits = lru_cache(maxsize=4096)(_phone_digits)  # the same numbers come back post after post



def find_phones(text: str, links: Sequence[tuple[int, int, str]], known: Collection[str] = ()) -> list[tuple[int, int]]:
    """``(start, end)`` of every phone number of ``text`` (rules in the module docstring).

    ``links`` are the text's links (sorted, not overlapping): numbers inside them are
    ignored. ``known`` holds ``phone_digits`` of numbers that are phones wherever they
    appear (the persona's own and retired numbers).
    """
    if _ANY_DIGIT_RE.search(text) is None:
        return []
    spans: list[tuple[int, int]] = []
    i, n = 0, len(links)  # the first link that ends after the candidate's start
    for m in _PHONE_RE.finditer(text):
        start, end = m.span()
        if start and (text[start - 1] in _PHONE_BAD_BEFORE or is_word_char(text[start - 1])):
            continue
        while i < n and links[i][1] <= start:
            i += 1
        if i < n and links[i][0] < end:  # inside (or across) a link
            continue
        if _SEPARATORS_RE.search(m.group()):
            spans.extend(_separated_phone(text, start, end, known))
        elif _is_phone_run(text, start, end, known):
            spans.append((start, end))
    return spans


def _separated_phone(text: str, start: int, end: int, known: Collection[str]) -> list[tuple[int, int]]:
    candidate = text[start:end].translate(_TO_ASCII_DIGITS)
    digits = sum(c.isdigit() for c in candidate)
    if digits >= _MIN_SEPARATED_DIGITS:
        if _DATE_RE().fullmatch(candidate) or _is_amount(text, start, end):
            return []
        if _shaped(candidate, known) or _has_phone_cue(text, start):
            return [(start, end)]
        return []
    if "-" in candidate or "." in candidate:
        return []
    out = []
    for group in re.finditer(r"\+?\S+", text[start:end]):
        if _is_phone_run(text, start + group.start(), start + group.end(), known):
            out.append((start + group.start(), start + group.end()))
    return out


def _shaped(candidate: str, known: Collection[str]) -> bool:
    """Shaped like a phone: international, a Saudi number pattern, or one of the known numbers."""
    stripped = candidate.strip()
    digits = phone_digits(stripped)
    if digits in known:
        return True
    if stripped.startswith("+") or (stripped.startswith("00") and len(digits) >= 8):
        return True
    plain = "".join(c for c in stripped if c.isdigit())
    return _SHAPES_RE().fullmatch(plain) is not None


def _is_phone_run(text: str, start: int, end: int, known: Collection[str]) -> bool:
    """A run of digits without separators (maybe with a leading ``+``)."""
    raw = text[start:end]
    digits = raw.lstrip("+").translate(_TO_ASCII_DIGITS)
    if len(digits) < _MIN_CUED_DIGITS or _is_amount(text, start, end) or _marked_year(text, end):
        return False
    return _shaped(raw.translate(_TO_ASCII_DIGITS), known) or _has_phone_cue(text, start)


_YEAR_MARK_RE = re.compile(r"\s?(?:هـ|ه\b|م\b|AH\b|AD\b|CE\b|BC\b)")


def _marked_year(text: str, end: int) -> bool:
    return _YEAR_MARK_RE.match(text, end) is not None


def _is_amount(text: str, start: int, end: int) -> bool:
    return bool(
        _PERCENT_AFTER_RE.match(text, end)
        or _CURRENCY_AFTER_RE.match(text, end)
        or _CURRENCY_BEFORE_RE.search(text[max(0, start - 8) : start])
    )


def _cue_words(text: str, start: int) -> list[tuple[bool, bool]]:
    """(is a call word, is a weak cue) for each of the four words before ``start``."""
    before = text[max(0, start - 60) : start]
    return [_cue_of(word) for word in _CUE_WORD_RE.findall(before)[-4:]]


@lru_cache(maxsize=4096)
def _cue_of(word: str) -> tuple[bool, bool]:
    """(is a call word, is a weak cue) for one word (folded, with and without its clitics):
    the same few words come before numbers post after post."""
    folded = fold(word).text
    bare = _CLITIC_RE().sub("", folded)
    return folded in PHONE_CUES or bare in PHONE_CUES, folded in WEAK_PHONE_CUES or bare in WEAK_PHONE_CUES


def _has_phone_cue(text: str, start: int) -> bool:
    """A call word among the three words before ``start``, or weak cues right before one."""
    words = _cue_words(text, start)
    if any(strong for strong, _ in words[-3:]):
        return True
    i = len(words)
    while i and words[i - 1][1]:
        i -= 1
    return 0 < i < len(words) and words[i - 1][0]


_TIME_RE = lazy_re(rf"[{_DIGITS}]{{1,2}}[:٫.][{_DIGITS}]{{2}}(?![{_DIGITS}])")
_NUMBER_RE = lazy_re(rf"\+?[{_DIGITS}](?:[,.\u066b\u066c/\-:]?[{_DIGITS}])*")
_TIME_AFTER_RE = lazy_re(r"\s?(?:صباح|مساء|ص\b|م\b(?=\s*(?:$|[^\d٠-٩]))|a\.?m\b|p\.?m\b|o'clock)", re.IGNORECASE)
_TIME_BEFORE_RE = lazy_re(r"(?:الساعة|الساعه|at)\s*$", re.IGNORECASE)
_HIJRI_AFTER_RE = lazy_re(r"\s?(?:هـ|ه\b|AH\b)")
_GREG_AFTER_RE = lazy_re(r"\s?(?:م\b|AD\b|CE\b)")


def classify_numbers(text: str, links: list[tuple[int, int, str]], known: Collection[str] = ()) -> list[Number]:
    """Every number of ``text`` with its kind (phones as :func:`find_phones` finds them)."""
    if _ANY_DIGIT_RE.search(text) is None:
        return []
    phones = dict(find_phones(text, links, known))
    out: list[Number] = []
    pos = 0
    for m in _NUMBER_RE().finditer(text):
        start, end = m.span()
        if start < pos or (start and is_word_char(text[start - 1])):
            continue
        phone_end = phones.get(start)
        if phone_end is not None:
            out.append(Number(start, phone_end, text[start:phone_end], "phone"))
            pos = phone_end
            continue
        out.append(Number(start, end, text[start:end], _kind(text, start, end)))
    return out


def _kind(text: str, start: int, end: int) -> str:
    raw = text[start:end].translate(_TO_ASCII_DIGITS)
    if _PERCENT_AFTER_RE.match(text, end):
        return "percentage"
    if _TIME_RE().fullmatch(text, start, end) or (
        len(raw) <= 2 and (_TIME_AFTER_RE().match(text, end) or _TIME_BEFORE_RE().search(text, 0, start))
    ):
        return "time"
    if "/" in raw or _DATE_RE().fullmatch(raw):
        return "date"
    if _HIJRI_AFTER_RE().match(text, end) and raw.isdigit():
        return "hijri_year"
    if raw.isdigit() and len(raw) == 4 and (_GREG_AFTER_RE().match(text, end) or 1900 <= int(raw) <= 2100):
        return "year"
    return "count"
