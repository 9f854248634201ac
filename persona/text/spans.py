"""Spans that are not the entity's own prose: quotations, Quran, e-mail addresses.

Rules declare which of these they skip (``Rule.skips``) and the engine drops
their findings inside them (spec: "Quotations … Quran … and e-mail addresses are
not the entity's own prose"). Each finder returns ``(start, end)`` pairs, sorted,
covering the marks themselves, in offsets of the string it was given.

* **Quotations**: «…», “…” and "…" (straight quotes pair up within a line,
  first with second, third with fourth). «» and “” may run over line breaks, up
  to :data:`MAX_QUOTE` characters; an unclosed mark quotes nothing.
* **Quran**: ﴿…﴾ (the ornate parentheses every Mushaf-style citation uses).
* **E-mail addresses**: ``local@domain.tld`` (ASCII local part; the domain
  may be internationalised).
"""

from __future__ import annotations

import re

__all__ = ["KINDS", "MAX_QUOTE", "find_emails", "find_quotes", "find_quran", "may_have_spans", "merged", "within"]

#: The kinds of span a rule can skip.
KINDS = frozenset({"quote", "quran", "email"})
MAX_QUOTE = 1500
_PAIRED = {"«": "»", "“": "”"}
_STRAIGHT_RE = re.compile(r'"[^"\n]+"')
_QURAN_RE = re.compile("\ufd3f[^\ufd3e]{0,3000}\ufd3e")
_EMAIL_RE = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[\w-]+\.)+[^\W\d_]{2,63}(?![\w-])")


_MARKS_RE = re.compile('[«“"\ufd3f@]')


def may_have_spans(text: str) -> bool:
    """False when ``text`` has no quotation mark, no ﴿ and no @ (then every finder finds nothing)."""
    return _MARKS_RE.search(text) is not None


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Every quotation, marks included (rules above)."""
    if "«" not in text and "“" not in text and '"' not in text:
        return []
    spans = []
    for opening, closing in _PAIRED.items():
        pos = text.find(opening)
        while pos != -1:
            end = text.find(closing, pos + 1, pos + 1 + MAX_QUOTE)
            if end == -1:
                pos = text.find(opening, pos + 1)
                continue
            spans.append((pos, end + 1))
            pos = text.find(opening, end + 1)
    if '"' in text:
        spans.extend(m.span() for m in _STRAIGHT_RE.finditer(text))
    return merged(spans)


def find_quran(text: str) -> list[tuple[int, int]]:
    """Every ﴿…﴾ citation, marks included."""
    if "\ufd3f" not in text:
        return []
    return [m.span() for m in _QURAN_RE.finditer(text)]


def find_emails(text: str) -> list[tuple[int, int]]:
    """Every e-mail address."""
    if "@" not in text:
        return []
    return [m.span() for m in _EMAIL_RE.finditer(text)]


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with the ones nested in another dropped (a quote inside a quote is the outer one's)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
            continue
        out.append((start, end))
    return out


def within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does ``[start, end)`` lie inside one of ``spans`` (sorted, not overlapping)?"""
    lo, hi = 0, len(spans)
    while lo < hi:  # the last span starting at or before `start`
        mid = (lo + hi) // 2
        if spans[mid][0] <= start:
            lo = mid + 1
        else:
            hi = mid
    return lo > 0 and end <= spans[lo - 1][1]
