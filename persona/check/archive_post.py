"""One post of an archive (a ``.jsonl`` line's object or a ``.csv`` row) as the draft it is checked as."""

from __future__ import annotations

from typing import Any

from persona.check.types import Draft
from persona.errors import Problem, UserError

#: The fields of a post that set its context (besides ``text`` and ``id``).
CONTEXT_FIELDS = ("channel", "intent", "persona")


def post_from_record(record: dict[str, Any], path: str, line: int) -> Draft:
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
    return Draft(text=text, source=f"{path}#{post_id}", persona=context["persona"], channel=context["channel"],
                 intent=context["intent"], origin_line=line)
