"""``emoji.emoji_list`` without the ``emoji`` package: the same tokenizer over a precomputed table.

The package's tokenizer walks a prefix tree of every emoji as far as the text follows it
(it does not step back to a shorter emoji when the walk ends off one), and takes apart
non-RGI ZWJ sequences (its components, skin tones and hair, go back with the emoji before
them). :func:`emoji_spans` does the same steps on sets built from ``_emoji_data`` (generated
from the package by ``_gen_emoji_data``), and returns the (start, end) of each emoji, as
``emoji_list`` gives ``match_start`` and ``match_end``. The table is read on the first call.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

__all__ = ["emoji_spans"]

_ZWJ = "\u200d"
_SELECTORS = ("\ufe0e", "\ufe0f")


class _Tables(NamedTuple):
    emoji: frozenset[str]
    prefixes: frozenset[str]  # every non-empty prefix of an emoji (the package's search tree)
    components: frozenset[str]


@cache
def _tables() -> _Tables:
    from persona.text import _emoji_data

    emoji = frozenset(_emoji_data.EMOJI)
    prefixes = frozenset(e[:n] for e in emoji for n in range(1, len(e) + 1))
    return _Tables(emoji, prefixes, frozenset(_emoji_data.COMPONENTS))


class _Token(NamedTuple):
    chars: str
    start: int
    emoji: bool


def emoji_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every emoji ``emoji.emoji_list(text)`` reports, in order."""
    emoji, prefixes, components = _tables()
    found: list[tuple[int, int]] = []
    pending: list[_Token] = []
    ignore: set[int] = set()  # the ZWJs of non-RGI ZWJ sequences, skipped on the second pass
    length = len(text)
    i = 0
    while i < length:
        char = text[i]
        consumed = False
        if i in ignore:
            i += 1
            continue
        if char in prefixes:
            j = i + 1
            while j < length and text[i:j + 1] in prefixes and j not in ignore:
                j += 1
            if text[i:j] in emoji:
                pending.append(_Token(text[i:j], i, True))
                i = j - 1
                consumed = True
        elif char == _ZWJ and pending and pending[-1].chars in emoji and i > 0 and text[i - 1] in prefixes:
            ignore.add(i)
            if pending[-1].chars in components:
                i -= sum(len(t.chars) for t in pending[-2:])
                if text[i] == _ZWJ:
                    i += 1
                    del pending[-1]
                else:
                    del pending[-2:]
            else:
                i -= len(pending[-1].chars)
                del pending[-1]
            continue
        elif pending:
            found.extend((t.start, t.start + len(t.chars)) for t in pending if t.emoji)
            pending = []
        if not consumed and char not in _SELECTORS:
            pending.append(_Token(char, i, False))
        i += 1
    found.extend((t.start, t.start + len(t.chars)) for t in pending if t.emoji)
    return found
