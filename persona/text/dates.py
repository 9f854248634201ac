"""Dates in a draft, Hijri (Umm al-Qura) and Gregorian, Arabic and English, both digit systems.

:func:`find_dates` finds day-month-year dates written with a month name
(«١ محرم ١٤٤٧هـ», «٧ يوليو ٢٠٢٥م», «٧ تموز ٢٠٢٥», "7 July 2025", "July 7, 2025",
"1 Muharram 1447 AH") or in digits with a calendar mark («١٤٤٧/١/١هـ»,
«2025/07/07م», ``2025-07-07``), each with its calendar, the weekday named just
before it («يوم الأحد»، "Sunday,") and the span of the whole thing.
:func:`pairs` groups a Hijri and a Gregorian date given as the same day
(«… الموافق …», "corresponding to", or one in brackets after the other).
Conversion uses ``hijridate`` (the Umm al-Qura tables, 1343–1500 AH), imported only
when a draft has a date.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from persona.text.lazy import lazy_re
from persona.text.normalize import Folded, fold

__all__ = ["DateMention", "find_dates", "format_like", "pairs", "to_gregorian", "weekday_name"]

_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_TO_ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

# Month names, folded (ى → ي, ة → ه, أ → ا), longest spellings first within each month.
HIJRI_MONTHS: tuple[tuple[str, ...], ...] = (
    ("محرم", "muharram"), ("صفر", "safar"),
    ("ربيع الاول", "ربيع اول", "rabi al-awwal", "rabi' al-awwal", "rabi i"),
    ("ربيع الاخر", "ربيع الثاني", "ربيع ثاني", "rabi al-thani", "rabi' al-thani", "rabi al-akhir", "rabi ii"),
    ("جمادي الاولي", "جمادي الاول", "jumada al-ula", "jumada al-awwal", "jumada i"),
    ("جمادي الاخره", "جمادي الاخر", "جمادي الثانيه", "jumada al-akhirah", "jumada al-thani", "jumada ii"),
    ("رجب", "rajab"), ("شعبان", "sha'ban", "shaban"), ("رمضان", "ramadan"), ("شوال", "shawwal"),
    ("ذو القعده", "ذي القعده", "dhu al-qadah", "dhu al-qi'dah", "dhul qadah"),
    ("ذو الحجه", "ذي الحجه", "dhu al-hijjah", "dhul hijjah"),
)  # fmt: skip
GREGORIAN_MONTHS: tuple[tuple[str, ...], ...] = (
    ("يناير", "كانون الثاني", "january", "jan"), ("فبراير", "شباط", "february", "feb"),
    ("مارس", "اذار", "march", "mar"), ("ابريل", "نيسان", "april", "apr"), ("مايو", "ايار", "may"),
    ("يونيو", "حزيران", "june", "jun"), ("يوليو", "تموز", "july", "jul"), ("اغسطس", "اب", "august", "aug"),
    ("سبتمبر", "ايلول", "september", "sep", "sept"), ("اكتوبر", "تشرين الاول", "october", "oct"),
    ("نوفمبر", "تشرين الثاني", "november", "nov"), ("ديسمبر", "كانون الاول", "december", "dec"),
)  # fmt: skip
#: Weekdays, Monday first (datetime.weekday()), as written and folded.
WEEKDAYS_AR = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_KEYS = {fold(w).text: i for i, w in enumerate(WEEKDAYS_AR)} | {
    "الاتنين": 0, "الثلاثا": 1, "الاربعا": 2, **{w.lower(): i for i, w in enumerate(WEEKDAYS_EN)}
}

_MONTHS = {name: (cal, i + 1) for cal, table in (("hijri", HIJRI_MONTHS), ("gregorian", GREGORIAN_MONTHS))
           for i, names in enumerate(table) for name in names}
_MONTH_ALT = "|".join(sorted((re.escape(m).replace(r"\ ", r"\s+") for m in _MONTHS), key=len, reverse=True))
_D = r"[0-9٠-٩۰-۹]"
_MARK = r"(?:\s*(?P<mark>هـ|ه(?![\w])|م(?![\w])|AH\b|AD\b|CE\b))?"
@cache
def _date_re() -> re.Pattern[str]:
    """The full date pattern, compiled at first use (it costs a cold start ~20 ms)."""
    return re.compile(
        rf"(?<![\w/])(?P<day>{_D}{{1,2}})(?:st|nd|rd|th)?\s+(?:(?:of|من)\s+)?(?P<month>{_MONTH_ALT})(?![\w])"
        rf"(?:\s*،?\s*(?:عام|سنه|لعام)?\s*(?P<year>{_D}{{4}}))?{_MARK}"
        rf"|(?<![\w/])(?P<month2>{_MONTH_ALT})\s+(?P<day2>{_D}{{1,2}}),?\s+(?P<year2>{_D}{{4}})"
        rf"{_MARK.replace('mark', 'mark2')}"
        rf"|(?<![\w/\-])(?P<n1>{_D}{{1,4}})(?P<sep>[/\-.])(?P<n2>{_D}{{1,2}})(?P=sep)(?P<n3>{_D}{{1,4}})(?![0-9٠-٩۰-۹/])"
        rf"{_MARK.replace('mark', 'mark3')}",
        re.IGNORECASE,
    )
_WEEKDAY_BEFORE_RE = lazy_re(r"(?P<word>[\w']+)[\s،,]*(?:(?:الموافق|في|on|the)\s+)?$", re.IGNORECASE)
_PAIR_GAP_RE = lazy_re(r"^\s*(?:[(\[،,\-–—]\s*)?(?:(?:و?الموافق|الموافقة|corresponding\s+to|i\.e\.)\s*(?:ل|لـ)?\s*)?"
                          r"(?:[(\[]\s*)?$", re.IGNORECASE)
_HIJRI_MARKS = {"هـ", "ه", "ah"}
_GREG_MARKS = {"م", "ad", "ce"}


@dataclass(frozen=True)
class DateMention:
    """A date in a text: ``text == source[start:end]``; ``weekday`` (0 = Monday) if one was named."""

    start: int
    end: int
    text: str
    calendar: str  # "hijri" | "gregorian"
    year: int
    month: int
    day: int
    weekday: int | None = None
    weekday_span: tuple[int, int] | None = None
    arabic_digits: bool = False
    month_named: bool = True


def _num(s: str) -> int:
    return int(s.translate(_TO_ASCII))


_YEAR_RE = re.compile("[0-9٠-٩۰-۹]{4}")
# A day number then, within 30 characters on the line, a four-digit year: every date has both.
_HINT_RE = lazy_re("[0-9٠-٩۰-۹]{1,2}(?![0-9٠-٩۰-۹])[^0-9٠-٩۰-۹\n]{1,30}?[0-9٠-٩۰-۹]{4}|"
                      "[0-9٠-٩۰-۹]{4}[/.-][0-9٠-٩۰-۹]{1,2}[/.-][0-9٠-٩۰-۹]")


def find_dates(text: str, folded: Folded | None = None) -> list[DateMention]:
    """Every full date of ``text`` (day, month and year known; the calendar known or clear from the year).

    ``folded`` may pass ``fold(text, letters=True)`` when the caller has it.
    """
    if _YEAR_RE.search(text) is None:  # every date this finds has a four-digit year
        return []
    found = []
    if folded is None:
        folded = fold(text, letters=True)
    ftext = folded.text
    # Dates are only looked for around a hint (_candidates): without one there are none.
    first = _HINT_RE().search(ftext)
    if first is None or not _may_hold_a_date(ftext):
        return []
    for m in _candidates(ftext, first.start()):
        mention = _mention(m, ftext)
        if mention is None:
            continue
        start, end = folded.span(m.start(), m.end())
        calendar, year, month, day = mention
        weekday = wspan = None
        before = _WEEKDAY_BEFORE_RE().search(ftext, max(0, m.start() - 30), m.start())
        if before and before.group("word").lower() in _WEEKDAY_KEYS:
            weekday = _WEEKDAY_KEYS[before.group("word").lower()]
            wspan = folded.span(before.start("word"), before.end("word"))
        digits = text[start:end]
        found.append(DateMention(start, end, digits, calendar, year, month, day, weekday, wspan,
                                 any("٠" <= c <= "٩" for c in digits), m.group("n1") is None))
    return found


_NUMERIC_DATE_RE = re.compile(rf"{_D}[/\-.]{_D}{{1,2}}[/\-.]{_D}")
_WORD_RE = re.compile(r"\w+")
#: The first word of every month name: the date pattern matches a month name as whole words.
_MONTH_WORDS = frozenset(re.match(r"\w+", name).group() for name in _MONTHS)  # type: ignore[union-attr]


def _may_hold_a_date(ftext: str) -> bool:
    """False when the folded text can hold no date: every date has its month, in digits between
    two separators or as a month name, which starts at a word of the text (the pattern's case is
    the folded text's lower case, but for «ı» and «ſ», which its IGNORECASE also takes for i and s)."""
    if "\u0131" in ftext or "\u017f" in ftext:
        return True
    return _NUMERIC_DATE_RE.search(ftext) is not None or not _MONTH_WORDS.isdisjoint(_WORD_RE.findall(ftext))


def _candidates(ftext: str, first_hint: int = 0) -> Iterator[re.Match[str]]:
    """The matches of the full date pattern, run only around a day number followed (within 30
    characters) by a year: a pattern of month names tried at every position would cost more than
    the rest of the checker on a post without a date. ``first_hint``: where the first hint starts,
    when the caller has found it (the hint pattern looks behind nothing: the search resumes there)."""
    last = 0
    for hint in _HINT_RE().finditer(ftext, first_hint):
        start = max(last, hint.start() - 40)
        end = min(len(ftext), hint.end() + 8)
        if start >= end:
            continue
        for m in _date_re().finditer(ftext, start, end):
            if m.start() >= last:
                last = m.end()
                yield m


_CASE_LETTERS = str.maketrans("\u0131\u017f", "is")


def _mention(m: re.Match[str], ftext: str) -> tuple[str, int, int, int] | None:
    mark = (m.group("mark") or m.group("mark2") or m.group("mark3") or "").lower()
    if m.group("n1") is not None:
        a, b, c = _num(m.group("n1")), _num(m.group("n2")), _num(m.group("n3"))
        year, month, day = (a, b, c) if a > 31 else (c, b, a)
        calendar = _calendar(mark, year)
        if calendar is None:
            return None
        return calendar, year, month, day
    # The pattern's IGNORECASE also takes «ı» for i and «ſ» for s: «7 ſafar 1447» is Safar.
    name = re.sub(r"\s+", " ", (m.group("month") or m.group("month2")).lower()).translate(_CASE_LETTERS)
    calendar_of_month, month = _MONTHS[name]
    year_text = m.group("year") or m.group("year2")
    day_text = m.group("day") or m.group("day2")
    if not year_text:
        return None
    year = _num(year_text)
    if calendar_of_month == "gregorian" and mark in _HIJRI_MARKS:
        return None
    return calendar_of_month, year, month, _num(day_text)


def _calendar(mark: str, year: int) -> str | None:
    if mark in _HIJRI_MARKS:
        return "hijri"
    if mark in _GREG_MARKS:
        return "gregorian"
    if 1900 <= year <= 2100:
        return "gregorian"
    return None  # a numeric date without a mark, from before 1900: ambiguous


def to_gregorian(mention: DateMention) -> dt.date | None:
    """The Gregorian date of a mention (None when it is no real date or outside Umm al-Qura's range)."""
    return _gregorian(mention.calendar, mention.year, mention.month, mention.day)


@lru_cache(maxsize=4096)  # posts repeat their dates: one conversion each
def _gregorian(calendar: str, year: int, month: int, day: int) -> dt.date | None:
    try:
        if calendar == "gregorian":
            return dt.date(year, month, day)
        from hijridate import Hijri

        g = Hijri(year, month, day).to_gregorian()
        return dt.date(g.year, g.month, g.day)
    except (ValueError, OverflowError):
        return None


def to_hijri(day: dt.date) -> tuple[int, int, int] | None:
    from hijridate import Gregorian

    try:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return h.year, h.month, h.day


def pairs(text: str, dates: list[DateMention]) -> list[tuple[DateMention, DateMention]]:
    """(Hijri, Gregorian) mentions given as the same day: next to each other, joined by «الموافق» or brackets."""
    out = []
    for first, second in itertools.pairwise(dates):
        if {first.calendar, second.calendar} != {"hijri", "gregorian"}:
            continue
        if _PAIR_GAP_RE().match(fold(text[first.end:second.start]).text) is None:
            continue
        hijri, greg = (first, second) if first.calendar == "hijri" else (second, first)
        out.append((hijri, greg))
    return out


def weekday_name(weekday: int, lang: str) -> str:
    return (WEEKDAYS_AR if lang == "ar" else WEEKDAYS_EN)[weekday]


_AR_GREG_NAMES = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
                  "نوفمبر", "ديسمبر")
_EN_GREG_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")
_AR_HIJRI_NAMES = ("محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب", "شعبان",
                   "رمضان", "شوال", "ذو القعدة", "ذو الحجة")
_EN_HIJRI_NAMES = ("Muharram", "Safar", "Rabi al-Awwal", "Rabi al-Thani", "Jumada al-Ula", "Jumada al-Akhirah",
                   "Rajab", "Shaban", "Ramadan", "Shawwal", "Dhu al-Qadah", "Dhu al-Hijjah")


def format_like(like: DateMention, calendar: str, year: int, month: int, day: int) -> str:
    """A date written the way ``like`` is written: digits, month names or numbers, Arabic or English."""
    arabic = like.arabic_digits or any("\u0600" <= c <= "\u06ff" for c in like.text)
    if like.month_named:
        if arabic:
            names = _AR_HIJRI_NAMES if calendar == "hijri" else _AR_GREG_NAMES
            mark = "هـ" if calendar == "hijri" else "م"
            out = f"{day} {names[month - 1]} {year}{mark}"
        else:
            names = _EN_HIJRI_NAMES if calendar == "hijri" else _EN_GREG_NAMES
            out = f"{day} {names[month - 1]} {year}" + (" AH" if calendar == "hijri" else "")
    else:
        sep = "-" if "-" in like.text else "/"
        out = f"{year}{sep}{month:02d}{sep}{day:02d}" if like.text[:4].translate(_TO_ASCII).isdigit() else \
            f"{day:02d}{sep}{month:02d}{sep}{year}"
        out += "هـ" if calendar == "hijri" and arabic else ("م" if arabic else "")
    return out.translate(_TO_ARABIC) if like.arabic_digits else out
