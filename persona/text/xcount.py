"""Post length as channels count it (spec: cli.md, rule ``channel.length``).

Channel ``x`` (alias ``twitter``) counts like twitter-text v3 (``parse_tweet``
with its default config), and this module agrees with twitter-text-parser 3.0
exactly (tested on the whole benchmark corpus and hand-made cases):

* the text is NFC-normalised and every ``\\r\\n`` / ``\\r`` becomes one ``\\n``;
* every URL twitter-text extracts (with or without ``http(s)://``, e.g. bare
  ``example.com``) weighs 23;
* every emoji of twitter-text's list (Unicode emoji 12.0: ZWJ sequences, flags,
  keycaps, skin tones, and single code points such as ``©``) weighs 2 —
  a whole sequence counts once;
* every other code point weighs 1 when it is in U+0000–U+10FF (Latin, Arabic,
  …), U+2000–U+200D, U+2010–U+201F or U+2032–U+2037, else 2 (CJK, …).

It is a re-implementation over twitter-text's own data (``_xdata.py``, copied
from the package) because twitter-text-parser is slow (about 0.5 ms a post and
0.2 s to import); this one is some microseconds a post.

Other channels count code points (Python ``len``).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from persona.text.channels import is_x
from persona.text.lazy import lazy_re
from persona.text.links import find_link_offsets

__all__ = [
    "URL_WEIGHT",
    "fit_index_for_channel",
    "length_for_channel",
    "plain_length",
    "x_fit_index",
    "x_url_spans",
    "x_weighted_length",
]

URL_WEIGHT = 23
EMOJI_WEIGHT = 2

# Weight-1 code points; anything else weighs 2.
_HEAVY_RE = lazy_re("[^\x00-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")
_NON_ASCII_RUN_RE = lazy_re(r"[\x00-\x7f]?[^\x00-\x7f]+")


def plain_length(text: str) -> int:
    """Length in code points (Python ``len``): how channels other than X count."""
    return len(text)


def length_for_channel(channel: str, text: str) -> int:
    """Length of ``text`` as ``channel`` counts it: X weighting for x/twitter, else code points."""
    return x_weighted_length(text) if is_x(channel) else len(text)


def fit_index_for_channel(channel: str, text: str, max_length: int) -> int | None:
    """Offset of the first character beyond ``max_length`` on ``channel``, None when all fits."""
    if is_x(channel):
        return x_fit_index(text, max_length)
    return max_length if len(text) > max_length else None


def x_weighted_length(text: str) -> int:
    """The twitter-text v3 ``weightedLength`` of ``text`` (see the module docstring)."""
    norm, _ = _normalize(text)
    return _total(norm, _entities(norm))


def x_fit_index(text: str, max_length: int) -> int | None:
    """Offset in ``text`` of the first character that does not fit in ``max_length``.

    Units are counted in order (a URL or an emoji sequence is one unit, as on X);
    the result is the original offset of the first unit whose cumulative weight
    exceeds ``max_length``, or None when the whole text fits. A unit that only
    partly fits does not fit.
    """
    norm, origin = _normalize(text)
    entities = _entities(norm)
    if _total(norm, entities) <= max_length:
        return None
    budget = max_length
    pos = 0
    for start, end, weight in [*entities, (len(norm), len(norm), 0)]:
        seg = _char_weight(norm, pos, start)
        if seg > budget:
            return _back(origin, _overflow_in(norm, pos, budget))
        budget -= seg
        if start < end:
            if weight > budget:
                return _back(origin, start)
            budget -= weight
        pos = end
    return None


def x_url_spans(text: str) -> list[tuple[int, int]]:
    """The URLs twitter-text extracts from ``text`` (already NFC, ``\\n`` line ends).

    The one link finder of persona (:func:`persona.text.links.find_link_offsets`):
    what the rules call a link is what this count charges 23.
    """
    return find_link_offsets(text)


# --- internals ---------------------------------------------------------------


def _char_weight(s: str, start: int, end: int) -> int:
    """Weight of ``s[start:end]`` counted code point by code point."""
    return end - start + len(_HEAVY_RE().findall(s, start, end))


def _total(s: str, entities: list[tuple[int, int, int]]) -> int:
    """Weight of ``s`` (normalised) given its URL and emoji units."""
    total = len(s) + len(_HEAVY_RE().findall(s))
    for start, end, weight in entities:
        total += weight - _char_weight(s, start, end)
    return total


def _overflow_in(s: str, pos: int, budget: int) -> int:
    """First index from ``pos`` at which per-char weights exceed ``budget``."""
    heavy = _HEAVY_RE()
    for i in range(pos, len(s)):
        budget -= 2 if heavy.match(s, i) else 1
        if budget < 0:
            return i
    return len(s)  # not reached: callers know the segment overflows


def _back(origin: list[int] | None, i: int) -> int:
    return i if origin is None else origin[i]


_KEYCAP_MARKS = "\ufe0f\u20e3"


def _coarse_class(chars: set[str], gap: int = 0x400) -> str:
    """A short regex class covering ``chars``: code points closer than ``gap`` merge into one range.

    Few ranges keep ``re`` fast (a class of hundreds of ranges is tested range by
    range); false hits are rejected by a set lookup.
    """
    codes = sorted(ord(c) for c in chars)
    ranges: list[list[int]] = []
    for c in codes:
        if ranges and c - ranges[-1][1] < gap:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return "".join(
        re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}" for lo, hi in ranges
    )


class _EmojiTables:
    """twitter-text's emoji list, indexed for the scan in :func:`_emoji_spans`."""

    __slots__ = ("coarse", "lengths", "multi", "single", "starts")

    def __init__(
        self,
        coarse: re.Pattern[str],
        starts: frozenset[str],
        lengths: dict[str, tuple[int, ...]],
        multi: frozenset[str],
        single: frozenset[str],
    ) -> None:
        self.coarse, self.starts, self.lengths, self.multi, self.single = (
            coarse,
            starts,
            lengths,
            multi,
            single,
        )


@functools.cache
def _emoji_tables() -> _EmojiTables:
    """Built on first use (the data module is large)."""
    from persona.text import _xdata

    multi = frozenset(_xdata.EMOJI_MULTI)
    single = frozenset(chr(c) for lo, hi in _xdata.EMOJI_SINGLE_RANGES for c in range(lo, hi + 1))
    lengths: dict[str, set[int]] = {}
    for seq in multi:
        lengths.setdefault(seq[0], set()).add(len(seq))
    # Candidate starts: every non-ASCII single or first char. Sequences starting with
    # an ASCII char (keycaps: # * 0-9) all continue with U+FE0F or U+20E3, which are
    # searched for instead (the start is then the char before).
    ascii_firsts = {c for c in lengths if c.isascii()}
    assert all(seq[1] in _KEYCAP_MARKS for seq in multi if seq[0] in ascii_firsts)
    starts = {c for c in single | set(lengths) if not c.isascii()} | set(_KEYCAP_MARKS)
    by_first = {c: tuple(sorted(ls, reverse=True)) for c, ls in lengths.items()}
    return _EmojiTables(re.compile(f"[{_coarse_class(starts)}]"), frozenset(starts), by_first, multi, single)


def _emoji_at(t: _EmojiTables, s: str, i: int) -> int:
    """Length of twitter-text's emoji match at ``i`` (longest listed sequence, else a single), or 0."""
    room = len(s) - i
    for n in t.lengths.get(s[i], ()):
        if n <= room and s[i : i + n] in t.multi:
            return n
    return 1 if s[i] in t.single else 0


def _emoji_spans(s: str) -> list[tuple[int, int]]:
    """twitter-text's emoji matches, left to right, non-overlapping."""
    if s.isascii():
        return []
    t = _emoji_tables()
    spans: list[tuple[int, int]] = []
    search = t.coarse.search
    pos = 0
    m = search(s)
    while m:
        i = m.start()
        if s[i] not in t.starts:
            m = search(s, i + 1)
            continue
        size = 0
        if s[i] in _KEYCAP_MARKS and i - 1 >= pos:
            size = _emoji_at(t, s, i - 1)  # a keycap («1️⃣») starts at its ASCII base
            if size:
                i -= 1
        if not size:
            size = _emoji_at(t, s, i)
        if size:
            spans.append((i, i + size))
            pos = i + size
        else:
            pos = m.start() + 1
        m = search(s, pos)
    return spans


def _entities(s: str) -> list[tuple[int, int, int]]:
    """URLs and emoji counted as units, as ``parse_tweet``'s loop visits them."""
    urls = x_url_spans(s)
    emoji = _emoji_spans(s)
    if not emoji:
        return [(a, b, URL_WEIGHT) for a, b in urls]
    # At one start a URL wins; an entity starting inside a consumed one is skipped.
    events = sorted([(a, 0, b, URL_WEIGHT) for a, b in urls] + [(a, 1, b, EMOJI_WEIGHT) for a, b in emoji])
    out: list[tuple[int, int, int]] = []
    pos = 0
    for start, _, end, weight in events:
        if start >= pos:
            out.append((start, end, weight))
            pos = end
    return out


def _normalize(text: str) -> tuple[str, list[int] | None]:
    """NFC and one ``\\n`` per line break, with the offset map back to ``text`` if it changed."""
    if "\r" not in text and unicodedata.is_normalized("NFC", text):
        return text, None
    norm, origin = _nfc_with_origin(text)
    if "\r" in norm:
        pieces: list[str] = []
        origin2: list[int] = []
        i = 0
        while i < len(norm):
            ch = norm[i]
            if ch == "\r":
                pieces.append("\n")
                origin2.append(origin[i])
                i += 2 if norm.startswith("\n", i + 1) else 1
            else:
                pieces.append(ch)
                origin2.append(origin[i])
                i += 1
        origin2.append(len(text))
        norm, origin = "".join(pieces), origin2
    return norm, origin


def _nfc_with_origin(text: str) -> tuple[str, list[int]]:
    """NFC of ``text`` chunk by chunk (an ASCII char never composes with what precedes it)."""
    if unicodedata.is_normalized("NFC", text):
        return text, [*range(len(text) + 1)]
    pieces: list[str] = []
    origin: list[int] = []
    prev = 0
    for m in _NON_ASCII_RUN_RE().finditer(text):
        a, b = m.span()
        pieces.append(text[prev:a])
        origin.extend(range(prev, a))
        chunk = text[a:b]
        norm = unicodedata.normalize("NFC", chunk)
        if norm == chunk:
            pieces.append(chunk)
            origin.extend(range(a, b))
        else:
            pieces.append(norm)
            origin.extend(a + k for k in _chunk_origin(chunk, len(norm)))
        prev = b
    pieces.append(text[prev:])
    origin.extend(range(prev, len(text) + 1))
    return "".join(pieces), origin


def _chunk_origin(chunk: str, norm_len: int) -> list[int]:
    """For each char of NFC(chunk), the chunk offset of the char that produced it."""
    lens = [len(unicodedata.normalize("NFC", chunk[:k])) for k in range(len(chunk) + 1)]
    out: list[int] = []
    k = 0
    for p in range(norm_len):
        while k < len(chunk) and lens[k + 1] <= p:
            k += 1
        out.append(k)
    return out
