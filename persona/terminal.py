"""What may reach a terminal: text without control characters, and without secrets.

Persona strings, draft ids, file names, ``--channel`` values, model answers and endpoint errors
all come from outside; printed raw, an ``ESC ] 0 ;`` sequence retitles the terminal window,
``ESC ] 8 ;;`` plants a hyperlink and ``ESC [ 2 J`` clears the screen. :func:`strip_controls`
removes every escape sequence (CSI, OSC, and the other ``ESC`` forms, whole) and every C0 and C1
control character except newline and tab. Normal Unicode is kept as it is, including the bidi
marks and isolates Arabic text uses (and ZWNJ/ZWJ): those are text, not terminal commands; the
checker names misuse of them (rule ``text.hidden``).

:class:`SafeStream` applies it, and a :class:`persona.redaction.Redactor`, at the sink: the CLI wraps
``sys.stdout`` and ``sys.stderr`` in one each, so every line any command prints is clean,
whether or not the output is a terminal. JSON stays valid: ``json.dumps`` already writes C0 and
``ESC`` as ``\\u`` escapes; a raw C1 character inside a string is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TextIO

from persona.redaction import Redactor

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI … final byte (clear screen, colours, cursor)
    r"|\x1b[\]PX^_].*?(?:\x07|\x1b\\|\x9c|$)"  # OSC / DCS / SOS / PM / APC … terminator (titles, links)
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # CSI as a C1 character
    r"|[\x9d\x90\x98\x9e\x9f][^\x07\x9c\x1b]*(?:\x07|\x9c|\x1b\\|$)"  # OSC & co. as C1 characters
    r"|\x1b[ -/]*[0-~]?",  # any other escape (two or three bytes)
    re.DOTALL,
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """``text`` without escape sequences and C0/C1 controls (newline and tab are kept)."""
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


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
        clean = strip_controls(self._redact(text) if self._redact else text)
        self.raw.write(clean)
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding, buffer, …
        return getattr(self.raw, name)


def raw_stream(stream: Any) -> Any:
    """The stream under a :class:`SafeStream` (or the stream itself)."""
    return stream.raw if isinstance(stream, SafeStream) else stream
