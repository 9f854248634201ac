"""Emoji in a text: where each one is, as the ``emoji`` package sees them (its table, copied into
:mod:`persona.text._emoji_data`, is read only when a text may hold one; the package itself is
never imported). :func:`persona.text.tokens.find_emoji` gives them as spans.
"""

from __future__ import annotations

import re
from functools import cache

import regex

__all__ = ["emoji_offsets"]

# A cheap superset test (stdlib re, few ranges) before the precise one.
_EMOJI_COARSE_RE = re.compile("[\u00a9\u00ae\u203c-\u3299\ufe0f\U0001f000-\U0001faff\U000e0020-\U000e007f]")


@cache
def _emoji_runs() -> regex.Pattern[str]:
    """Runs of characters emoji are made of; every emoji of the `emoji` package lies inside one
    run (tested), so the slow `emoji.emoji_list` only sees these runs. Compiled when a text
    first passes the coarse test (0.6 ms: most posts never need it)."""
    return regex.compile(r"(?:[#*0-9]\ufe0f?\u20e3|[\p{Extended_Pictographic}\p{Emoji_Modifier}"
                         r"\p{Regional_Indicator}\ufe0f\u200d\U000e0020-\U000e007f])+")


@cache
def _emoji_presentation() -> regex.Pattern[str]:
    return regex.compile(r"\p{Emoji_Presentation}")


# The characters of a run the coarse test does not look for: keycap bases, ZWJ and the
# pictographic code points beyond U+1FAFF (tested).
_RUN_ONLY = frozenset("#*0123456789\u200d")


def _run_start(text: str, first: int) -> int:
    """Where the run finder may start: before the first character of the coarse test, back over
    what may begin the run it is in (a keycap's digit, a ZWJ), so that no run is cut."""
    while first and (text[first - 1] in _RUN_ONLY or _emoji_runs().match(text[first - 1])):
        first -= 1
    return first


def emoji_offsets(text: str) -> list[tuple[int, int]]:
    """(start, end) of every emoji (ZWJ sequences, flags, skin tones, keycaps: one each).

    Emoji are those of the ``emoji`` package, except single code points that are
    text by default — ``Emoji_Presentation=No`` and not followed by U+FE0F, such as
    © ® ™ ‼ ⁉ ↔ ☺ ❤ — which readers see as ordinary symbols. With U+FE0F
    (``❤️``) or in a sequence (``1️⃣``) they are emoji.
    """
    if text.isascii():
        return []
    first = _EMOJI_COARSE_RE.search(text)
    if first is None:
        return []
    found: list[tuple[int, int]] = []
    for run in _emoji_runs().finditer(text, _run_start(text, first.start())):
        offset = run.start()
        found.extend((offset + start, offset + end) for start, end in _emoji_in_run(run.group()))
    return found


_EMOJI_RUNS: dict[str, tuple[tuple[int, int], ...]] = {}
_EMOJI_RUNS_MAX = 4096
_EMOJI_RUN_REMEMBERED = 64


def _emoji_in_run(run: str) -> tuple[tuple[int, int], ...]:
    """The emoji of one run as (start, end) pairs, remembered: posts repeat their emoji.

    ``emoji.emoji_list`` of the run (:func:`persona.text.emoji_scan.emoji_spans`), without single
    code points that are text by default (the test only looks at the character itself, so the
    run is enough).
    """
    found = _EMOJI_RUNS.get(run)
    if found is None:
        from persona.text.emoji_scan import emoji_spans  # the package's table: read on first use

        found = tuple((start, end) for start, end in emoji_spans(run)
                      if end - start != 1 or _emoji_presentation().match(run, start))
        if len(run) <= _EMOJI_RUN_REMEMBERED:  # a long run (rare) is not kept: the memo stays small
            if len(_EMOJI_RUNS) >= _EMOJI_RUNS_MAX:
                _EMOJI_RUNS.clear()
            _EMOJI_RUNS[run] = found
    return found
