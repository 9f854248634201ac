"""Size limits on what persona reads: a persona file, a draft, one post of an archive.

Checking costs time and memory in proportion to what is read (a 20 MB persona file took
84 s of CPU and 2 GB before it was refused), so every input is read with a limit, and
a larger one is refused with one line that gives the limit and how to raise it:

* a persona file: :data:`DEFAULT_PERSONA_BYTES` (2 MiB, about 35,000 vocabulary terms),
  ``$PERSONA_MAX_PERSONA_BYTES``;
* a draft (a file, standard input) and one post of an archive (a ``.jsonl`` line, a
  ``.csv`` line or field): :data:`DEFAULT_DRAFT_BYTES` (1 MiB, a book of some 300 pages),
  ``$PERSONA_MAX_BYTES`` or ``--max-bytes`` (``check``, ``rewrite``). An archive as a whole
  has no limit: it is read a post at a time.

Sizes are bytes, or a number with ``k``, ``M`` or ``G`` (binary: ``1M`` is 1,048,576
bytes); ``0`` means no limit. Standard library only (the fast check path imports it).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping
from typing import AnyStr

from persona.errors import Problem, UserError

__all__ = [
    "DEFAULT_DRAFT_BYTES",
    "DEFAULT_PERSONA_BYTES",
    "DRAFT_VARIABLE",
    "PERSONA_VARIABLE",
    "bounded_lines",
    "draft_limit",
    "parse_size",
    "persona_limit",
    "reset",
    "set_draft_limit",
    "too_large",
]

DRAFT_VARIABLE = "PERSONA_MAX_BYTES"
PERSONA_VARIABLE = "PERSONA_MAX_PERSONA_BYTES"
DRAFT_OPTION = "--max-bytes"
DEFAULT_DRAFT_BYTES = 1024**2
DEFAULT_PERSONA_BYTES = 2 * 1024**2

_SIZE = re.compile(r"\s*(\d{1,15})\s*([kmg]?)(?:i?b)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}
#: ``--max-bytes`` of the running command (None: not given).
_draft_override: int | None = None


def parse_size(text: str, name: str) -> int:
    """Bytes from ``2M``, ``500k``, ``1G`` or a plain number (0: no limit); one line naming ``name`` otherwise."""
    match = _SIZE.fullmatch(text)
    if not match:
        raise UserError([Problem(f"not a size: {text[:40]!r} (bytes, or a number with k, M or G such as 2M;"
                                 " 0: no limit)", field=name)])
    return int(match[1]) * _UNITS[match[2].lower()]


def set_draft_limit(value: str | None) -> None:
    """``--max-bytes VALUE`` for the rest of this command (None: the environment's or the default)."""
    global _draft_override
    _draft_override = None if value is None else parse_size(value, DRAFT_OPTION)


def reset() -> None:
    """Forget ``--max-bytes`` (the command line calls it when a command ends)."""
    set_draft_limit(None)


def draft_limit(env: Mapping[str, str] | None = None) -> int | None:
    """The most bytes of one draft or post; None: no limit."""
    if _draft_override is not None:
        return _draft_override or None
    return _from_env(DRAFT_VARIABLE, DEFAULT_DRAFT_BYTES, env)


def persona_limit(env: Mapping[str, str] | None = None) -> int | None:
    """The most bytes of one persona file; None: no limit."""
    return _from_env(PERSONA_VARIABLE, DEFAULT_PERSONA_BYTES, env)


def _from_env(variable: str, default: int, env: Mapping[str, str] | None) -> int | None:
    value = (os.environ if env is None else env).get(variable, "")
    size = parse_size(value, variable) if value.strip() else default
    return size or None


def human(size: int) -> str:
    """``2 MiB (2,097,152 bytes)``, ``1,500 bytes``."""
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit} ({size:,} bytes)"
    return f"{size:,} bytes"


def too_large(what: str, limit: int, *, persona: bool = False, file: str | None = None,
              line: int | None = None) -> UserError:
    """The one line that refuses an input over ``limit``, saying how to raise it."""
    if persona:
        how = f"raise it with {PERSONA_VARIABLE}=SIZE (such as 8M; 0: no limit)"
    else:
        how = f"raise it with {DRAFT_OPTION} SIZE or {DRAFT_VARIABLE}=SIZE (such as 8M; 0: no limit)"
    return UserError([Problem(f"too large: more than {human(limit)}, the limit for {what}; {how}", file, line)])


def bounded_lines(readline: Callable[[int], AnyStr], ending: AnyStr, path: str, limit: int | None) -> Iterator[AnyStr]:
    """The lines ``readline`` gives, each at most ``limit`` long without its ``ending`` characters: a
    longer one is refused at its line, and never read whole (``.jsonl`` bytes, ``.csv`` text)."""
    number = 0
    while True:
        raw = readline(-1 if limit is None else limit + 2)  # + 2: room for CR LF
        if not raw:
            return
        number += 1
        if limit is not None and len(raw.rstrip(ending)) > limit:
            raise too_large("a line of an archive", limit, file=path, line=number)
        yield raw
