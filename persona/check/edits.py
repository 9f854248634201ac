"""The text of the fixes rules offer, written once for ``check --fix`` and the rules rewriter alike.

Rules build their :class:`~persona.check.types.Fix` here when it is more than "replace the match
by the suggestion": an exclamation mark that goes beside other punctuation, the emoji over the
allowance removed with the space before them, an opening greeting shouted before a lower-case
sentence. Every function is pure: the draft's text and spans in, edits out.
"""

from __future__ import annotations

from collections.abc import Sequence

from persona.check.types import Edit, Fix
from persona.text.matcher import is_word_char
from persona.text.tokens import Span

__all__ = ["emoji_fix", "exclamation_fix", "greeting_end", "previous_char", "same_digits", "starts_sentence"]

_TO_INDIC = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")
_STOP_PUNCT = frozenset(".?\u061f\u2026,\u060c;\u061b:")
# What may trail an emoji without being one: variation selectors, skin tones, joiners, keycaps.
_EMOJI_TAIL = frozenset("\ufe0e\ufe0f\u200d\u20e3") | {chr(c) for c in range(0x1F3FB, 0x1F400)}


def same_digits(typed: str, new: str) -> str:
    """``new`` in Arabic-Indic digits when the writer typed ``typed`` that way (``٩٢٠٠٠٠٠٠٠`` → ``١٩٥٠``)."""
    indic = any("\u0660" <= ch <= "\u0669" for ch in typed)
    if indic and not any(ch.isascii() and ch.isdigit() for ch in typed):
        return new.translate(_TO_INDIC)
    return new


def previous_char(text: str, pos: int) -> str:
    """The last non-space character before ``pos`` on its line ("" at a line start)."""
    while pos > 0 and text[pos - 1] in " \t":
        pos -= 1
    return text[pos - 1] if pos > 0 and text[pos - 1] != "\n" else ""


def starts_sentence(text: str, start: int) -> bool:
    """Is ``start`` the first word of a sentence (text or line start, or after . ! ? ؟)?"""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i == 0 or text[i - 1] in ".!?\u061f\n"


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


# -- exclamations ---------------------------------------------------------------------------------


def exclamation_fix(text: str, span: Span, allowed: bool) -> Fix | None:
    """``!!`` → ``!`` where the voice exclaims; elsewhere ``!`` → ``.``.

    Beside other punctuation (``?!``, ``!.``) or at a line start the mark just goes; ``⁉``
    becomes ``?``; a lower-case Latin word after the new full stop is capitalised.
    """
    new = _exclamation_replacement(text, span, allowed)
    if new == span.text:
        return None
    edits = [Edit(span.start, span.end, new)]
    if new.startswith("."):
        edits += _capitalize_next(text, span.end)
    return Fix("safe", tuple(edits))


def _exclamation_replacement(text: str, span: Span, allowed: bool) -> str:
    if allowed:
        return "!" if len(span.text) > 1 or "\u203c" in span.text else span.text
    if "\u2049" in span.text:  # ⁉ asks a question
        return "?"
    before = previous_char(text, span.start)
    after = text[span.end] if span.end < len(text) else ""
    if not before or before in _STOP_PUNCT or after in _STOP_PUNCT:
        return ""
    return ". " if after and is_word_char(after) else "."


def _capitalize_next(text: str, pos: int) -> list[Edit]:
    """Capitalise the lower-case Latin word that now starts a sentence at ``pos``."""
    i = _skip_spaces(text, pos)
    if i < len(text) and text[i].isascii() and text[i].islower():
        j = i
        while j < len(text) and not text[j].isspace():
            j += 1
        word = text[i:j]
        if "/" not in word and "." not in word[:-1] and "@" not in word:
            return [Edit(i, i + 1, text[i].upper())]
    return []


# -- emoji ----------------------------------------------------------------------------------------


def emoji_fix(text: str, removed: Sequence[Span], opens_sentence: object) -> Fix | None:
    """Remove ``removed`` (the emoji over the allowance) and the space before each.

    The trailing variation selector, skin tone or joiner of an emoji goes with it (never a
    stray U+FE0F). An emoji run that stood for a full stop ("wait 🎉 Call us", «… 🎉 للاستفسار»)
    leaves a ``.``: ``opens_sentence(text, pos)`` tells whether what follows at ``pos`` opens one.
    """
    if not removed:
        return None
    starts = {e.start for e in removed}
    edits: list[Edit] = []
    run_start: int | None = None
    previous_end = 0
    for emoji in removed:
        run_start = emoji.start if run_start is None else run_start
        end = emoji.end
        while end < len(text) and text[end] in _EMOJI_TAIL:
            end += 1
        following = _skip_spaces(text, end)
        new = ""
        if following not in starts:  # the last of a run of emoji
            if _ends_a_sentence(text, run_start, following, opens_sentence):
                new = "."
            run_start = None
        start = before = emoji.start
        while before > previous_end and text[before - 1] in " \t":
            before -= 1
        if before > 0 and text[before - 1] != "\n":
            start = before  # the space before the emoji goes with it
        elif not new:
            end = following  # at a line start: the space after it goes instead
        edits.append(Edit(start, end, new))
        previous_end = end
    return Fix("safe", tuple(edits))


def _ends_a_sentence(text: str, start: int, following: int, opens_sentence: object) -> bool:
    before = previous_char(text, start)
    after = text[following] if following < len(text) else ""
    if not before or not is_word_char(before):
        return False
    return (after.isascii() and after.isupper()) or bool(callable(opens_sentence) and opens_sentence(text, following))


# -- greetings ------------------------------------------------------------------------------------


def greeting_end(text: str, start: int, end: int, exclaims: bool) -> tuple[int, str]:
    """An opening greeting shouted with ``!`` before a lower-case sentence ("Hey folks! you…") takes
    a comma ("Dear all, you…"): the end of the span to replace and what to add after the greeting."""
    if exclaims or not starts_sentence(text, start):
        return end, ""
    bangs = end
    while bangs < len(text) and text[bangs] == "!":
        bangs += 1
    rest = text[bangs:].lstrip(" \t")
    if bangs > end and rest[:1].islower():
        return bangs, ","
    return end, ""
