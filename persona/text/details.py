"""The concrete details of a message: numbers, dates, links, handles, e-mails, hashtags, quotations.

:func:`details` lists what a reader would call the facts of a message, each with a
*key* that two spellings of the same fact share, so that a rewrite can be compared
with its source (the meaning gate, :mod:`persona.check.meaning`):

* numbers, as the checker finds them (:func:`persona.text.numbers.classify_numbers`):
  Arabic-Indic and Persian digits read as 0–9, thousands separators dropped
  (``1,500`` = ``١٬٥٠٠`` = ``1500``), ``٫`` is a decimal point, leading zeros dropped;
  phone numbers compare by :func:`~persona.text.numbers.phone_digits`, so
  ``920 000 000`` = ``٩٢٠٠٠٠٠٠٠``;
* dates in both calendars: ``15/3/2025``, ``2025-03-15``, ``15 مارس 2025``,
  ``March 15, 2025``, ``15 رمضان 1446هـ``; the key is (calendar, year, month,
  day), so a numeric and a written form of one day are the same date;
* links (canonical: lower-case host, ``https``, no trailing ``/``), handles and
  e-mail addresses (case-insensitive), hashtags (as written);
* quotations: «…», “…”, "…" and the Quran's ﴿…﴾ as the checker's scopes find them
  (:mod:`persona.text.spans`), compared word for word (only whitespace is normalised;
  a Quranic verse keeps its diacritics). E-mail addresses come from there too.

Numbers inside a date, link, e-mail, handle or hashtag belong to that detail only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from persona.text import numbers, spans, tokens
from persona.text.tokens import Span

Kind = Literal["number", "date", "link", "email", "handle", "hashtag", "quotation"]

_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
_TO_ASCII = str.maketrans(
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",
    "01234567890123456789",
)
_SPACE_RE = re.compile(r"\s+")

GREGORIAN, HIJRI = "gregorian", "hijri"
_MONTHS: dict[str, tuple[str, int]] = {}
for _number, _names in enumerate(
    [
        "january jan يناير كانون_الثاني", "february feb فبراير شباط", "march mar مارس آذار اذار",
        "april apr أبريل ابريل إبريل نيسان", "may مايو أيار ايار", "june jun يونيو يونيه حزيران",
        "july jul يوليو يوليه تموز", "august aug أغسطس اغسطس آب", "september sep sept سبتمبر أيلول ايلول",
        "october oct أكتوبر اكتوبر تشرين_الأول", "november nov نوفمبر تشرين_الثاني",
        "december dec ديسمبر كانون_الأول",
    ],
    start=1,
):
    _MONTHS.update({name.replace("_", " "): (GREGORIAN, _number) for name in _names.split()})
for _number, _names in enumerate(
    [
        "محرم muharram", "صفر safar", "ربيع_الأول ربيع_الاول ربيع_أول rabi_al-awwal",
        "ربيع_الآخر ربيع_الثاني ربيع_الاخر rabi_al-thani rabi_al-akhir",
        "جمادى_الأولى جمادى_الاولى جمادى_الأول jumada_al-awwal jumada_al-ula",
        "جمادى_الآخرة جمادى_الثانية جمادى_الاخرة jumada_al-akhirah jumada_al-thani",
        "رجب rajab", "شعبان shaban sha'ban", "رمضان ramadan", "شوال shawwal",
        "ذو_القعدة ذي_القعدة dhu_al-qadah dhul-qadah", "ذو_الحجة ذي_الحجة dhu_al-hijjah dhul-hijjah",
    ],
    start=1,
):
    _MONTHS.update({name.replace("_", " "): (HIJRI, _number) for name in _names.split()})

_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_D = rf"[{_DIGIT}]"
_ERA = r"(?:\s?(?P<era>هـ|ه|م|AH|AD|CE)(?![\w]))?"
@cache
def _date_re() -> re.Pattern[str]:
    """The full date pattern, compiled at first use (it costs a cold start ~20 ms)."""
    return re.compile(
        rf"(?<![{_DIGIT}])(?:"
        rf"(?P<y1>{_D}{{4}})[/\-.](?P<m1>{_D}{{1,2}})[/\-.](?P<d1>{_D}{{1,2}})"
        rf"|(?P<d2>{_D}{{1,2}})[/\-.](?P<m2>{_D}{{1,2}})[/\-.](?P<y2>{_D}{{4}}|{_D}{{2}})"
        rf"|(?P<d3>{_D}{{1,2}})\s+(?:من\s+)?(?:شهر\s+)?(?P<n3>{_MONTH_ALT})(?:[,،]?\s+(?P<y3>{_D}{{4}}))?"
        rf"|(?P<n4>{_MONTH_ALT})\s+(?P<d4>{_D}{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y4>{_D}{{4}}))?"
        rf")(?![{_DIGIT}]){_ERA}",
        re.IGNORECASE,
    )


@dataclass(frozen=True, slots=True)
class Detail:
    """One fact of a message: where it is, what kind, and the key it compares by."""

    kind: Kind
    span: Span
    key: str

    @property
    def text(self) -> str:
        return self.span.text


def ascii_digits(text: str) -> str:
    """``text`` with Arabic-Indic and Persian digits as 0–9."""
    return text.translate(_TO_ASCII)


def number_key(text: str) -> str:
    """The value of a written number: ASCII digits, no thousands separators, no leading zeros."""
    value = ascii_digits(text).replace(",", "").replace("\u066c", "").replace("\u066b", ".")
    whole, _, fraction = value.partition(".")
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    return whole + ("." + fraction if fraction else "")


def link_key(link: str) -> str:
    """A link as compared: https, lower-case host, no trailing ``/``."""
    link = link.strip()
    rest = re.sub(r"(?i)^https?://", "", link)
    cut = min([i for i in (rest.find(s) for s in "/?#") if i != -1] or [len(rest)])
    return ("https://" + rest[:cut].lower() + rest[cut:]).rstrip("/")


def quotation_key(text: str) -> str:
    """The words of a quotation (marks and surrounding whitespace dropped, inner whitespace one space)."""
    return _SPACE_RE.sub(" ", text[1:-1]).strip()


def details(text: str) -> list[Detail]:
    """Every detail of ``text``, sorted by position (see the module docstring)."""
    links = tokens.find_links(text)
    found: list[Detail] = [Detail("link", s, link_key(s.text)) for s in links]
    taken: list[tuple[int, int]] = [(s.start, s.end) for s in links]

    def free(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in taken)

    for start, end in spans.find_emails(text):
        if free(start, end):
            found.append(Detail("email", _span(text, start, end), text[start:end].lower()))
            taken.append((start, end))
    for span in tokens.find_handles(text, links):
        if free(span.start, span.end):
            found.append(Detail("handle", span, span.text.lower().replace("＠", "@")))
            taken.append((span.start, span.end))
    for span in tokens.find_hashtags(text, links):
        if free(span.start, span.end):
            found.append(Detail("hashtag", span, span.text.replace("＃", "#")))
            taken.append((span.start, span.end))
    for start, end in sorted(spans.find_quran(text) + spans.find_quotes(text)):
        if free(start, end) and quotation_key(text[start:end]):
            found.append(Detail("quotation", _span(text, start, end), quotation_key(text[start:end])))
            # numbers and dates inside a quotation are checked with it (word for word)
            taken.append((start, end))
    for m in _date_re().finditer(text):
        key = _date_key(m)
        if key and free(*m.span()):
            found.append(Detail("date", _span(text, *m.span()), key))
            taken.append(m.span())
    link_spans: list[tuple[int, int, str]] = list(links)
    for number in numbers.classify_numbers(text, link_spans):  # the checker's one number finder
        if free(number.start, number.end):
            key = numbers.phone_digits(number.text) if number.kind == "phone" else number_key(number.text)
            found.append(Detail("number", _span(text, number.start, number.end), key))
    found.sort(key=lambda d: (d.span.start, d.span.end))
    return found


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def _date_key(m: re.Match[str]) -> str | None:
    """``calendar:year-month-day`` (year ``?`` when not given), or None for an impossible date."""
    groups = m.groupdict()
    calendar: str | None = None
    if groups["y1"]:
        year, month, day = groups["y1"], groups["m1"], groups["d1"]
    elif groups["d2"]:
        year, month, day = groups["y2"], groups["m2"], groups["d2"]
    else:
        name = (groups["n3"] or groups["n4"]).lower()
        calendar, number = _MONTHS[_SPACE_RE.sub(" ", name)]
        year, month, day = groups["y3"] or groups["y4"], str(number), groups["d3"] or groups["d4"]
    d, mo = int(ascii_digits(day)), int(ascii_digits(month))
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return None
    y = int(ascii_digits(year)) if year else None
    era = (groups["era"] or "").lower()
    if calendar is None:
        hijri = era in ("هـ", "ه", "ah") or (y is not None and 1300 <= y < 1600)
        calendar = HIJRI if hijri else GREGORIAN
    if y is not None and y < 100:
        y += 2000
    return f"{calendar}:{y if y is not None else '?'}-{mo}-{d}"
