"""Where a finding in a post of a ``.jsonl`` archive is in the archive itself: line and columns.

A post's findings have offsets into the post's text. In a JSONL archive the text is
a JSON string on one line, so each of its characters has a column in that line —
one character of text may take several of the line (``\\n``, ``\\"``, ``\\u0628``,
a surrogate pair). :class:`ArchivePlaces` reads the archive's lines again, forward
only (results come in file order), and maps offsets to columns (code points,
1-based, as the rest of the SARIF log counts them). CSV rows are placed by line only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO

from persona.check.types import Finding, Result

_WHITESPACE = " \t\r\n"


class ArchivePlaces:
    """Regions in archives, for the results of one run (one open archive at a time)."""

    def __init__(self) -> None:
        self._path: str | None = None
        self._stream: IO[bytes] | None = None
        self._line = 0  # lines of the open archive read so far
        self._columns: tuple[int, list[int] | None] | None = None  # (line, columns of its text)

    def region(self, path: str, result: Result, finding: Finding) -> dict[str, int] | None:
        """The finding's region in the archive at ``path`` (None when the post's line is unknown)."""
        line = result.origin_line
        if line is None:
            return None
        columns = self._text_columns(path, line) if path.lower().endswith(".jsonl") else None
        if columns is None or finding.end >= len(columns):
            return {"startLine": line}
        return {"startLine": line, "startColumn": columns[finding.start], "endLine": line,
                "endColumn": columns[finding.end]}

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
        self._stream, self._path, self._line, self._columns = None, None, 0, None

    def _text_columns(self, path: str, line: int) -> list[int] | None:
        if self._columns is not None and self._path == path and self._columns[0] == line:
            return self._columns[1]
        raw = self._read_line(path, line)
        columns = text_columns(raw) if raw is not None else None
        self._columns = (line, columns)
        return columns

    def _read_line(self, path: str, line: int) -> str | None:
        if self._path != path or self._stream is None or line <= self._line:
            self.close()
            try:
                self._stream = Path(path).open("rb")  # noqa: SIM115 - kept open across calls; close()
            except OSError:
                return None
            self._path = path
        assert self._stream is not None
        data = b""
        while self._line < line:
            data = self._stream.readline()
            if not data:
                return None
            self._line += 1
        try:
            return data.decode("utf-8-sig" if line == 1 else "utf-8")
        except UnicodeDecodeError:
            return None


def text_columns(raw: str) -> list[int] | None:
    """The column in ``raw`` (a JSONL line) of each character of its record's ``text``, then the
    column just past the last; None when the line is not an object with a string ``text``."""
    decoder = json.JSONDecoder()
    try:
        at = _skip(raw, 0)
        if raw[at] != "{":
            return None
        at = _skip(raw, at + 1)
        found: int | None = None
        while raw[at] != "}":
            key, at = decoder.raw_decode(raw, at)
            if not isinstance(key, str):
                return None
            at = _skip(raw, at)
            if raw[at] != ":":
                return None
            at = _skip(raw, at + 1)
            if key == "text" and raw[at] == '"':
                found = at  # the last "text" wins, as json.loads keeps the last duplicate
            _value, at = decoder.raw_decode(raw, at)
            at = _skip(raw, at)
            if raw[at] == ",":
                at = _skip(raw, at + 1)
    except (ValueError, IndexError):
        return None
    return _literal_columns(raw, found) if found is not None else None


def _skip(raw: str, at: int) -> int:
    while at < len(raw) and raw[at] in _WHITESPACE:
        at += 1
    return at


def _literal_columns(raw: str, quote: int) -> list[int]:
    """Columns of the characters a JSON string literal (opening quote at ``quote``) stands for."""
    columns = []
    at = quote + 1
    while raw[at] != '"':
        columns.append(at + 1)
        if raw[at] != "\\":
            at += 1
        elif raw[at + 1] != "u":
            at += 2
        else:
            unit = int(raw[at + 2:at + 6], 16)
            at += 6
            if 0xD800 <= unit < 0xDC00 and raw[at:at + 2] == "\\u" and 0xDC00 <= int(raw[at + 2:at + 6], 16) < 0xE000:
                at += 6  # a surrogate pair is one character of the text
    columns.append(at + 1)
    return columns
