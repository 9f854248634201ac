"""Where drafts come from: files, directories, standard input and archives of posts.

:func:`iter_drafts` checks every path first (so that a typo fails before any
output is written) and then yields one :class:`~persona.check.types.Draft` at a
time: archives of 100,000 posts are read lazily, a line or a row at a time.

* ``.md``, ``.markdown``, standard input (``-``) and files of any other
  extension are Markdown: front matter, code and disable comments are honoured
  (:mod:`persona.check.markdown`).
* ``.txt`` files are plain text, checked exactly as they are.
* Directories: every ``.md``, ``.markdown`` and ``.txt`` below them, sorted;
  hidden files and folders (``.git``…) are skipped.
* ``.jsonl``: one JSON object a line with ``text`` and optional ``id``,
  ``channel``, ``intent``, ``persona``; blank lines are skipped. ``.csv``: a
  ``text`` column and the same optional columns. Each post is a plain-text
  draft named ``FILE#ID``, or ``FILE#LINE`` (the line where the post starts)
  when it has no id.

Every unreadable input is a one-line :class:`~persona.errors.UserError`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from persona.check.types import Draft
from persona.errors import Problem, UserError

DRAFT_SUFFIXES = (".md", ".markdown", ".txt")
ARCHIVE_SUFFIXES = (".jsonl", ".csv")
CONTEXT_FIELDS = ("channel", "intent", "persona")
STDIN = "-"
_SNIFF_BYTES = 8192


def iter_drafts(paths: list[str], *, stdin_text: str | None = None) -> Iterator[Draft]:
    """Every draft named by ``paths``, lazily; bad paths fail before the first draft.

    ``-`` reads standard input (``stdin_text`` when given, else ``sys.stdin``).
    """
    sources = [_resolve(path) for path in paths]
    return _generate(sources, stdin_text)


def is_archive(path: str) -> bool:
    """Is ``path`` an archive of posts (``.jsonl`` or ``.csv``)?"""
    return path != STDIN and Path(path).suffix.lower() in ARCHIVE_SUFFIXES


def _resolve(path: str) -> list[str]:
    """The files one command-line path stands for (``-`` stands for itself)."""
    if path == STDIN:
        return [STDIN]
    target = Path(path)
    if target.is_dir():
        files = _drafts_below(target)
        if not files:
            raise UserError([Problem("no drafts here (.md, .markdown or .txt files)", path)])
        return files
    if not target.exists():
        raise UserError([Problem("no such file", path)])
    if not target.is_file():
        raise UserError([Problem("not a regular file", path)])
    return [path]


def _drafts_below(directory: Path) -> list[str]:
    found = []
    for candidate in directory.rglob("*"):
        relative = candidate.relative_to(directory)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if candidate.suffix.lower() in DRAFT_SUFFIXES and candidate.is_file():
            found.append(relative)
    return [str(directory / relative) for relative in sorted(found, key=lambda p: p.parts)]


def _generate(sources: list[list[str]], stdin_text: str | None) -> Iterator[Draft]:
    for files in sources:
        for path in files:
            if path == STDIN:
                yield _stdin_draft(stdin_text)
            elif is_archive(path):
                yield from read_archive(path)
            else:
                yield read_draft_file(path)


def _stdin_draft(stdin_text: str | None) -> Draft:
    from persona.check.markdown import parse_draft
    from persona.encoding import decode

    if stdin_text is None:
        data = sys.stdin.buffer.read()
        _refuse_binary(data, "<stdin>")
        stdin_text = decode(data, "<stdin>")
    return parse_draft(stdin_text, STDIN)


def read_draft_file(path: str) -> Draft:
    """One draft file: ``.txt`` as plain text, anything else as Markdown."""
    from persona.encoding import decode

    text = decode(_read_bytes(path), path)
    if Path(path).suffix.lower() == ".txt":
        return Draft(text=text, source=path)
    from persona.check.markdown import parse_draft

    return parse_draft(text, path)


def _read_bytes(path: str) -> bytes:
    from persona.encoding import read_bytes

    data = read_bytes(path)
    _refuse_binary(data, path)
    return data


def _refuse_binary(data: bytes, path: str) -> None:
    if b"\0" in data:
        raise UserError([Problem("binary file (contains NUL bytes)", path)])


# -- archives -------------------------------------------------------------------------


def read_archive(path: str) -> Iterator[Draft]:
    """Every post of a ``.jsonl`` or ``.csv`` archive, one at a time."""
    reader = _read_csv if Path(path).suffix.lower() == ".csv" else _read_jsonl
    with _open_archive(path) as stream:
        yield from reader(stream, path)


def _open_archive(path: str) -> BinaryIO:
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by the caller's `with`
    except OSError as exc:
        raise UserError([Problem(f"cannot read: {exc.strerror}", path)]) from None
    if b"\0" in stream.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]:  # type: ignore[attr-defined]
        stream.close()
        raise UserError([Problem("binary file (contains NUL bytes)", path)])
    return stream


def _decode_line(raw: bytes, path: str, line: int) -> str:
    try:
        return raw.decode("utf-8-sig" if line == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        raise UserError([Problem("not valid UTF-8 text", path, line, exc.start + 1)]) from None


def _read_jsonl(stream: BinaryIO, path: str) -> Iterator[Draft]:
    import json

    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        line = _decode_line(raw, path, number)
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problem = Problem(f"invalid JSON: {exc.msg} (column {exc.colno})", path, number)
            raise UserError([problem]) from None
        if not isinstance(record, dict):
            raise UserError([Problem("expected a JSON object with a 'text' field", path, number)])
        yield _post(record, path, number)


def _read_csv(stream: BinaryIO, path: str) -> Iterator[Draft]:
    import csv
    import io

    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    last_line = 0
    try:
        header = next(reader, None)
        if header is None:
            return
        columns = {name.strip().lower(): i for i, name in enumerate(header)}
        if "text" not in columns:
            raise UserError([Problem(f"missing column (columns: {', '.join(header) or 'none'})", path, 1,
                                     field="text")])
        last_line = reader.line_num
        for row in reader:
            first_line, last_line = last_line + 1, reader.line_num
            if not row:
                continue
            record = {name: row[i] for name, i in columns.items() if i < len(row)}
            yield _post(record, path, first_line)
    except UnicodeDecodeError:
        raise UserError([Problem("not valid UTF-8 text", path, last_line + 1)]) from None
    except csv.Error as exc:
        raise UserError([Problem(f"invalid CSV: {exc}", path, reader.line_num)]) from None


def _post(record: dict[str, Any], path: str, line: int) -> Draft:
    """A post of an archive as a plain-text draft named ``FILE#ID`` (``FILE#LINE`` without id)."""
    text = record.get("text")
    if not isinstance(text, str):
        message = "missing" if text is None else "must be a string"
        raise UserError([Problem(message, path, line, field="text")])
    context: dict[str, str | None] = {}
    for field in CONTEXT_FIELDS:
        value = record.get(field)
        if value is not None and not isinstance(value, str):
            raise UserError([Problem("must be a string", path, line, field=field)])
        context[field] = (value.strip() or None) if value is not None else None
    post_id = record.get("id")
    if isinstance(post_id, str):
        post_id = post_id.strip()
    if not isinstance(post_id, (str, int)) or isinstance(post_id, bool) or post_id == "":
        post_id = line
    return Draft(text=text, source=f"{path}#{post_id}", **context)
