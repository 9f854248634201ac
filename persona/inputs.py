"""Where drafts come from: files, directories, standard input and archives of posts.

The one reader of user drafts, for ``check``, ``check --fix`` and ``rewrite``: one set
of error messages, archives streamed.

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

import codecs
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from persona.check.archive_post import post_from_record as _post
from persona.check.types import Draft
from persona.errors import Problem, UserError

DRAFT_SUFFIXES = (".md", ".markdown", ".txt")
ARCHIVE_SUFFIXES = (".jsonl", ".csv")
STDIN = "-"
_SNIFF_BYTES = 8192
_STDIN_CHUNK = 1 << 16


def iter_drafts(paths: list[str], *, stdin_text: str | None = None) -> Iterator[Draft]:
    """Every draft named by ``paths``, lazily; bad paths fail before the first draft.

    ``-`` reads standard input (``stdin_text`` when given, else ``sys.stdin``).
    """
    sources = [resolve_path(path) for path in paths]
    files = [path for found in sources for path in found]
    if files and all(path != STDIN and Path(path).suffix.lower() == ".jsonl" for path in files):
        return ArchiveDrafts(files)
    return _generate(sources, stdin_text)


class ArchiveDrafts(Iterator[Draft]):
    """The posts of ``.jsonl`` archives (what :func:`iter_drafts` returns when it reads only those):
    the files are known, so that workers can read them themselves (:mod:`persona.check.rendered`)."""

    def __init__(self, files: list[str]) -> None:
        self.files = files
        self.lang: str | None = None  # set on every post (``with_lang``)
        self._drafts: Iterator[Draft] | None = None

    def __next__(self) -> Draft:
        if self._drafts is None:
            self._drafts = self._generate()
        return next(self._drafts)

    def _generate(self) -> Iterator[Draft]:
        for path in self.files:
            for draft in read_archive(path):
                if self.lang is not None:
                    draft.lang = self.lang
                yield draft


def is_archive(path: str) -> bool:
    """Is ``path`` an archive of posts (``.jsonl`` or ``.csv``)?"""
    return path != STDIN and Path(path).suffix.lower() in ARCHIVE_SUFFIXES


def resolve_path(path: str) -> list[str]:
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
    """The drafts below ``directory``, sorted; symbolic links are not followed (neither a linked
    folder nor a linked file: what they point to may be outside the tree, and is not a draft of it)."""
    found = []
    for root, dirs, files in os.walk(directory, followlinks=False):
        base = Path(root)
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in files:
            candidate = base / name
            if name.startswith(".") or Path(name).suffix.lower() not in DRAFT_SUFFIXES:
                continue
            if candidate.is_symlink() or not candidate.is_file():
                continue
            found.append(candidate.relative_to(directory))
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
    return read_stdin(stdin_text).draft


def read_stdin(stdin_text: str | None = None) -> Source:
    """Standard input (``stdin_text`` when given) as a Markdown draft named ``-``."""
    from persona.check.markdown import parse_draft
    from persona.encoding import decode

    bom = False
    if stdin_text is None:
        data = _read_stdin_bytes()
        stdin_text, bom = decode(data, "<stdin>"), data.startswith(codecs.BOM_UTF8)
    return Source(parse_draft(stdin_text, STDIN), bom)


def _read_stdin_bytes() -> bytes:
    """Standard input up to the draft limit, refused at its first NUL byte (``/dev/zero`` never ends)."""
    from persona.limits import draft_limit, too_large

    limit = draft_limit()
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = sys.stdin.buffer.read(_STDIN_CHUNK if limit is None else min(_STDIN_CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        _refuse_binary(chunk, "<stdin>")
        chunks.append(chunk)
        size += len(chunk)
        if limit is not None and size > limit:
            raise too_large("a draft", limit, file="<stdin>")


def read_draft_file(path: str) -> Draft:
    """One draft file: ``.txt`` as plain text, anything else as Markdown."""
    return read_source(path).draft


@dataclass(frozen=True, slots=True)
class Source:
    """A draft file as read: the draft, and whether the file starts with a UTF-8 BOM."""

    draft: Draft
    bom: bool = False

    def encode(self, text: str) -> bytes:
        """``text`` as this file stores it (UTF-8, the BOM kept)."""
        return (codecs.BOM_UTF8 if self.bom else b"") + text.encode("utf-8")


def read_source(path: str) -> Source:
    """:func:`read_draft_file`, remembering the BOM so that a fixed file can be written back as it was."""
    from persona.encoding import decode

    data = _read_bytes(path)
    text = decode(data, path)
    bom = data.startswith(codecs.BOM_UTF8)
    if Path(path).suffix.lower() == ".txt":
        return Source(Draft(text=text, source=path), bom)
    from persona.check.markdown import parse_draft

    return Source(parse_draft(text, path), bom)


def _read_bytes(path: str) -> bytes:
    from persona.encoding import read_bytes
    from persona.limits import draft_limit, too_large

    limit = draft_limit()
    data = read_bytes(path, limit=limit)
    if limit is not None and len(data) > limit:
        raise too_large("a draft", limit, file=path)
    _refuse_binary(data, path)
    return data


def _refuse_binary(data: bytes, path: str) -> None:
    if b"\0" in data:
        raise UserError([Problem("binary file (contains NUL bytes)", path)])


# -- archives -------------------------------------------------------------------------


def read_archive(path: str) -> Iterator[Draft]:
    """Every post of a ``.jsonl`` or ``.csv`` archive, one at a time."""
    with _open_archive(path) as stream:
        for item in _archive_items(stream, path):
            if item.draft is not None:
                yield item.draft


def rewrite_archive(path: str, sink: BinaryIO, new_text: Callable[[Draft], str]) -> None:
    """Copy the archive at ``path`` to ``sink`` post by post, each post's text replaced by
    ``new_text(post)``. Everything else is kept: other fields, blank lines and, for a post
    whose text is unchanged, the line exactly as it was (``.jsonl``; ``.csv`` rows are
    written again with the same columns)."""
    import json

    with _open_archive(path) as stream:
        if Path(path).suffix.lower() == ".csv":
            from persona.check.csv_archive import rewrite_csv

            rewrite_csv(stream, path, sink, new_text)
            return
        for item in _archive_items(stream, path):
            if item.draft is None or item.record is None or (text := new_text(item.draft)) == item.draft.text:
                sink.write(item.raw)
                continue
            ending = item.raw[len(item.raw.rstrip(b"\r\n")):]
            record = {**item.record, "text": text}
            sink.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + ending)


@dataclass(frozen=True, slots=True)
class _Item:
    raw: bytes  # the line as read (.jsonl); b"" for .csv
    record: dict[str, Any] | None  # None for a blank line
    draft: Draft | None


def _archive_items(stream: BinaryIO, path: str) -> Iterator[_Item]:
    if Path(path).suffix.lower() == ".csv":
        from persona.check.csv_archive import read_csv

        for _row, record, draft in read_csv(stream, path):
            yield _Item(b"", record, draft)
    else:
        yield from _read_jsonl(stream, path)


def _open_archive(path: str) -> BinaryIO:
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by the caller's `with`
    except OSError as exc:
        raise UserError([Problem(f"cannot read: {exc.strerror}", path)]) from None
    if b"\0" in stream.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]:
        stream.close()
        raise UserError([Problem("binary file (contains NUL bytes)", path)])
    return stream


def _decode_line(raw: bytes, path: str, line: int) -> str:
    try:
        return raw.decode("utf-8-sig" if line == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        raise UserError([Problem("not valid UTF-8 text", path, line, exc.start + 1)]) from None


def _lines(stream: BinaryIO, path: str) -> Iterator[bytes]:
    """The lines of an archive, each at most the draft limit (a longer one is refused, never read whole)."""
    from persona.limits import bounded_lines, draft_limit

    return bounded_lines(stream.readline, b"\r\n", path, draft_limit())


def _read_jsonl(stream: BinaryIO, path: str) -> Iterator[_Item]:
    import json

    for number, raw in enumerate(_lines(stream, path), start=1):
        if not raw.strip():
            yield _Item(raw, None, None)
            continue
        record = json_record(json.loads, _decode_line(raw, path, number), path, number)
        yield _Item(raw, record, _post(record, path, number))


def json_record(loads: Callable[[str], Any], line: str, path: str, number: int) -> dict[str, Any]:
    """Line ``number`` of a ``.jsonl`` archive as its object (``loads``: :func:`json.loads`)."""
    import json

    try:
        record = loads(line)
    except json.JSONDecodeError as exc:
        problem = Problem(f"invalid JSON: {exc.msg} (column {exc.colno})", path, number)
        raise UserError([problem]) from None
    except ValueError:  # an integer of more digits than Python converts
        problem = Problem(f"invalid JSON: a number of more than {_max_digits()} digits", path, number)
        raise UserError([problem]) from None
    except RecursionError:
        raise UserError([Problem("invalid JSON: nested too deeply", path, number)]) from None
    if not isinstance(record, dict):
        raise UserError([Problem("expected a JSON object with a 'text' field", path, number)])
    return record


def _max_digits() -> int:
    return getattr(sys, "get_int_max_str_digits", lambda: 4300)()


def with_lang(drafts: Iterable[Draft], lang: str) -> Iterator[Draft]:
    """The drafts with their findings' language set (``persona check --lang``)."""
    if isinstance(drafts, ArchiveDrafts) and drafts.lang is None and drafts._drafts is None:
        drafts.lang = lang
        return drafts
    return _with_lang(drafts, lang)


def _with_lang(drafts: Iterable[Draft], lang: str) -> Iterator[Draft]:
    for draft in drafts:
        draft.lang = lang
        yield draft
