"""Text surgery for the rules rewriter: pure functions, no persona involved.
(Inflecting a replacement — Latin case, Arabic proclitics — is in :mod:`persona.text.inflect`.)

* :func:`apply_edits` — splice non-overlapping replacements into a text;
* :func:`tidy` — collapse the runs of spaces that removals leave and fix the
  spacing of punctuation (no space before ``.`` or ``،``);
* :func:`language_of` — ``ar`` or ``en`` (:func:`persona.text.language.guess_language`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from persona.text.language import guess_language

__all__ = [
    "Edit",
    "apply_edits",
    "language_of",
    "tidy",
]

@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``new``."""

    start: int
    end: int
    new: str


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with every edit applied; an edit overlapping an earlier one is skipped."""
    pieces: list[str] = []
    last = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < last:
            continue
        pieces.append(text[last:edit.start])
        pieces.append(edit.new)
        last = edit.end
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


# --- spacing ----------------------------------------------------------------

_SPACE_RUN_RE = re.compile(r"[ \t]{2,}")
_LINE_EDGE_RE = re.compile(r"^[ \t]+|[ \t]+$", re.MULTILINE)
_SPACE_BEFORE_PUNCT_RE = re.compile(r"[ \t]+(?=[.,\u060c\u061b;!?\u061f](?![.\w]))")
_STRAY_STOP_RE = re.compile(r"(?<!\.)([.!?\u061f])[ \t]+\.(?!\.)")
_BLANK_LINES_RE = re.compile(r"\n{3,}")
_EMPTY_PUNCT_LINE_RE = re.compile(r"^[.,\u060c\u061b;:!?\u061f]+$\n?", re.MULTILINE)


def tidy(text: str) -> str:
    """Collapse space runs, fix punctuation spacing, drop blank leftovers. Idempotent.

    * runs of spaces/tabs become one space; lines lose leading/trailing spaces;
    * no space before ``. , ، ؛ ; ! ? ؟`` (unless it starts ``...`` or a word,
      as in ``.NET``); a stop left alone after another (``Done. .``) goes;
    * lines holding only punctuation go; three or more newlines become two.
    """
    if "  " in text or "\t" in text:
        text = _SPACE_RUN_RE.sub(" ", text)
    text = _LINE_EDGE_RE.sub("", text)
    text = _STRAY_STOP_RE.sub(r"\1", text)
    text = _SPACE_BEFORE_PUNCT_RE.sub("", text)
    text = _EMPTY_PUNCT_LINE_RE.sub("", text)
    text = _BLANK_LINES_RE.sub("\n\n", text)
    return text.strip()


# --- language: persona.text.language, the one guesser (re-exported for the rewriter) ---

language_of = guess_language
