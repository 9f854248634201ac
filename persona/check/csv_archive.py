"""Archives of posts as CSV (``.csv``): a header row naming a ``text`` column, then a post per row.

Read and rewritten for :mod:`persona.inputs`, under the same limits as ``.jsonl`` lines
(:mod:`persona.limits`): a line or a field over the draft limit is refused where it is,
and never read whole.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from persona.check.archive_post import post_from_record
from persona.check.types import Draft
from persona.errors import Problem, UserError


def read_csv(stream: BinaryIO, path: str) -> Iterator[tuple[list[str], dict[str, Any] | None, Draft | None]]:
    """(row, record, post) of every row, the header first (with no record and no post)."""
    import csv

    from persona.limits import bounded_lines, draft_limit, too_large

    limit = draft_limit()
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    csv.field_size_limit(limit or sys.maxsize)
    reader = csv.reader(bounded_lines(text.readline, "\r\n", path, limit))
    last_line = 0
    try:
        header = next(reader, None)
        if header is None:
            return
        columns = {name.strip().lower(): i for i, name in enumerate(header)}
        if "text" not in columns:
            raise UserError([Problem(f"missing column (columns: {', '.join(header) or 'none'})", path, 1,
                                     field="text")])
        yield header, None, None
        last_line = reader.line_num
        for row in reader:
            first_line, last_line = last_line + 1, reader.line_num
            if not row:
                yield row, None, None
                continue
            record = {name: row[i] for name, i in columns.items() if i < len(row)}
            yield row, record, post_from_record(record, path, first_line)
    except UnicodeDecodeError:
        raise UserError([Problem("not valid UTF-8 text", path, last_line + 1)]) from None
    except csv.Error as exc:
        if limit is not None and "field larger than field limit" in str(exc):
            raise too_large("a field of an archive", limit, file=path, line=reader.line_num) from None
        raise UserError([Problem(f"invalid CSV: {exc}", path, reader.line_num)]) from None


def rewrite_csv(stream: BinaryIO, path: str, sink: BinaryIO, new_text: Callable[[Draft], str]) -> None:
    import csv

    out = io.TextIOWrapper(sink, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(out)
    column: int | None = None
    for row, _record, draft in read_csv(stream, path):
        if column is None:  # the header
            column = [name.strip().lower() for name in row].index("text")
        elif draft is not None and column < len(row):
            row = [*row[:column], new_text(draft), *row[column + 1:]]
        writer.writerow(row)
    out.detach()
