"""What may reach a terminal: text without control characters, and without secrets.

Persona strings, draft ids, file names, ``--channel`` values, model answers and endpoint errors
all come from outside; printed raw, an ``ESC ] 0 ;`` sequence retitles the terminal window,
``ESC ] 8 ;;`` plants a hyperlink and ``ESC [ 2 J`` clears the screen. :func:`strip_controls`
removes every escape sequence (CSI, OSC, and the other ``ESC`` forms, whole) and every C0
control character except newline and tab; C1 controls (a one-character CSI is ``U+009B``) and
the bidi embeddings and overrides U+202A–U+202E (which make ``exe.txt`` read ``txt.exe``) are
written as ``\\u009b``-style escapes. Normal Unicode is kept as it is, including the bidi marks
and isolates Arabic text uses (and ZWNJ/ZWJ): those are text, not terminal commands; the
checker names misuse of them (rule ``text.hidden``).

:class:`SafeStream` applies it, and a :class:`persona.redaction.Redactor`, at the sink: the CLI wraps
``sys.stdout`` and ``sys.stderr`` in one each, so every line any command prints is clean,
whether or not the output is a terminal. JSON stays valid and loses nothing: ``json.dumps``
already writes C0 and ``ESC`` as ``\\u`` escapes, and the C1 and override characters it leaves raw
become the same escapes here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TextIO

from persona.redaction import Redactor
from persona.text.lazy import lazy_re

_ESCAPES = lazy_re(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI … final byte (clear screen, colours, cursor)
    r"|\x1b[\]PX^_][^\n]*?(?:\x07|\x1b\\|\x9c|(?=\n)|$)"  # OSC / DCS / SOS / PM / APC … terminator
    r"|\x1b[ -/]*[0-~]?",  # any other escape (two or three bytes)
)
_C0 = lazy_re(r"[\x00-\x08\x0b-\x1f]")
#: Shown as a JSON-style escape instead: DEL, C1 controls (U+0080–U+009F: CSI, OSC, ST… as one
#: character) and the bidi embeddings and overrides (U+202A–U+202E), which reorder what follows.
_ESCAPED = lazy_re("[\x7f-\x9f\u202a-\u202e]")
_NEEDS_WORK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


def strip_controls(text: str) -> str:
    """``text`` as it may reach a terminal: ``ESC`` sequences and the other C0 controls removed
    (newline and tab kept), C1 controls and bidi overrides written as ``\\u009b``-style escapes.

    The escapes keep JSON valid *and* faithful: ``json.dumps(..., ensure_ascii=False)`` leaves C1
    and U+202A–U+202E raw inside strings (C0 and ``ESC`` it escapes itself), and ``\\u009b`` in a
    JSON string is that very character again for whoever parses it. In text output they are
    visible and inert.
    """
    if not _NEEDS_WORK.search(text):
        return text
    return _ESCAPED().sub(_escape, _C0().sub("", _ESCAPES().sub("", text)))


class SafeStream:
    """A text stream that writes ``text`` to the stream it wraps without controls and without the
    run's secrets (only those: a draft that says "the bearer of …" is printed as it is).

    ``raw`` is the wrapped stream, for the few writes that are deliberate terminal control (the
    progress line's carriage return)."""

    def __init__(self, raw: TextIO, secrets: Iterable[str] = ()) -> None:
        self.raw = raw
        redactor = Redactor(secrets, key_like=False)
        self._redact = redactor if redactor.forms else None  # the forms are worked out once, not per write

    def write(self, text: str) -> int:
        self.raw.write(self.clean(text))
        return len(text)

    def clean(self, text: str) -> str:
        """``text`` as :meth:`write` writes it (processes that render output for this stream use it)."""
        return strip_controls(self._redact(text) if self._redact else text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding, buffer, …
        return getattr(self.raw, name)


def raw_stream(stream: Any) -> Any:
    """The stream under a :class:`SafeStream` (or the stream itself)."""
    return stream.raw if isinstance(stream, SafeStream) else stream
