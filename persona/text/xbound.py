"""A quick upper bound of X's weighted length, never below the exact count (:mod:`persona.text.xcount`).

``channel.length`` asks it first: most posts are clearly short enough, and the
exact count (URLs and emoji sequences found as twitter-text finds them) is then
not needed.
"""

from __future__ import annotations

import unicodedata

from persona.text.lazy import lazy_re

__all__ = ["x_upper_bound"]

# Code points twitter-text weighs 2: outside its weight-1 ranges, or an emoji of its
# list inside them (© and ® are the only ones; the others are heavy anyway).
_HEAVY_RE = lazy_re("[^\x00-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]|[\u00a9\u00ae]")
# A URL weighs 23 and is at least four characters with a dot (``t.co``).
_PER_DOT = 23 - 4


def x_upper_bound(text: str) -> int:
    """A bound of ``xcount.x_weighted_length(text)`` that is never below it.

    Counted on the NFC form (NFC can expand one code point into three, e.g.
    U+FB2C or U+1D160): every code point at its weight, and 19 more per dot for
    the URLs. An emoji sequence weighs 2 and is at least two code points, so it
    never weighs more than its code points do; ``\\r\\n`` becoming ``\\n`` only
    shortens.
    """
    if text.isascii():
        return len(text) + _PER_DOT * text.count(".")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return len(text) + len(_HEAVY_RE().findall(text)) + _PER_DOT * text.count(".")
