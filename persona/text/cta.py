"""Calls to action ("Call 1950", "Book now", «احجزوا الآن»): what channel fitting never drops.

The phrases are data (``persona/data/cta_<lang>.txt``, read by :func:`persona.lexicons.calls_to_action`),
matched on folded text (lower case, no diacritics, Arabic letter variants folded). English verbs
marked ``start`` count where a clause starts ("Book now", "For enquiries, call 1950"), not inside a
statement ("customers can now book"); ``anywhere`` phrases count anywhere. Arabic plural
imperatives and the «للمزيد/للاستفسار» openers are unambiguous anywhere; the singular forms, which
double as nouns («سجل» record, «قدم» foot), only where a clause starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from persona.text.normalize import fold

__all__ = ["arabic_opener", "is_call_to_action"]

_CLAUSE_START = r"(?:^|[.,:;!?\u060c\u061b\u061f\n])"


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, any whitespace between words."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _phrases(lang: str, anywhere: bool) -> str:
    from persona import lexicons  # only when a text is first tested: lexicons' tables cost every start

    return _alternatives(e.phrase for e in lexicons.calls_to_action(lang) if e.anywhere == anywhere)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    anywhere = re.compile(
        rf"(?<![\w'])(?:{_phrases('en', True)})(?![\w'])"
        rf"|(?<!\w)[\u0648\u0641]?(?:{_phrases('ar', True)})(?!\w)"
    )
    at_start = re.compile(
        rf"(?:{_CLAUSE_START}|\s[-\u2013\u2014])[\s\W]*"
        rf"(?:(?:please|now|and|so|then|just|simply)\s+)?(?:{_phrases('en', False)})(?![\w'])"
        rf"|{_CLAUSE_START}\s*[\u0648\u0641]?(?:{_phrases('ar', False)})(?!\w)"
    )
    opener = re.compile(rf"[\u0648\u0641]?(?:{_phrases('ar', True)})(?!\w)")
    return anywhere, at_start, opener


def is_call_to_action(text: str) -> bool:
    """Does ``text`` ask the reader to act ("Call 1950", "Book now", «احجزوا الآن»)?"""
    folded = fold(text).text
    anywhere, at_start, _ = _patterns()
    return bool(anywhere.search(folded) or at_start.search(folded))


def arabic_opener(text: str, pos: int) -> bool:
    """Does an Arabic call to action that stands anywhere («للاستفسار») start at ``pos``?"""
    return bool(_patterns()[2].match(text, pos))
