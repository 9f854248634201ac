"""Regular expressions compiled when first used, for the ones most drafts never reach.

``re`` caches what it compiles within one process only, so every module-level
``re.compile`` is paid again by every start of ``persona check`` — for a short post
that is most of what the text modules cost to import (issue 19: cold start), and many
of those expressions only ever see an escape sequence, a tag character, a sentence
with a promise in it. ``_TAGS = lazy_re("…")`` then ``_TAGS().finditer(text)``:
compiled at the first call, the same object after.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache


def lazy_re(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A function returning ``re.compile(pattern, flags)``, compiled when it is first called."""

    @cache
    def compiled() -> re.Pattern[str]:
        return re.compile(pattern, flags)

    return compiled
