"""Markdown drafts: front matter, the parts that are not prose, and disable comments.

:func:`parse_draft` turns the text of a Markdown draft (a ``.md``/``.markdown``
file or standard input) into a :class:`~persona.check.types.Draft`:

* YAML front matter between a first line ``---`` and the next ``---`` (or
  ``...``) line sets ``persona``, ``channel`` and ``intent``; other keys are
  ignored; the values must be strings. The message (``body_start``) begins
  after the closing line.
* ``non_prose`` lists the ranges vocabulary and voice rules skip: the front
  matter, fenced code blocks (```` ``` ```` and ``~~~``), inline code spans,
  link targets (``[text](target)``: the text is prose, ``(target)`` is not;
  ``<https://…>`` autolinks; ``[id]: url`` definitions) and HTML comments.
  Indented code blocks are not recognised: a social-media post is never
  indented code.
* ``<!-- persona-disable RULE -->`` … ``<!-- persona-enable -->`` turns RULE
  (several: separated by spaces or commas; none: every rule) off between the
  two comments, or to the end of the draft without an enable.
  ``<!-- persona-enable RULE -->`` turns just that rule back on.

Every offset is into the whole text as given (front matter included); ``\\r\\n``
line endings are handled like ``\\n``. Plain-text drafts (``.txt``) and archive
posts are not Markdown: :mod:`persona.inputs` checks them as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from persona.check.types import Draft
from persona.errors import Problem, UserError, shorten
from persona.text.lazy import lazy_re

FRONT_MATTER_KEYS = ("persona", "channel", "intent")
FIELD = "front matter"

_OPEN = re.compile(r"---[ \t]*(?:\r\n|\n|\r)")
_CLOSE = lazy_re(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r|$)", re.MULTILINE)
_LINE = re.compile(r"[^\n]*\n?")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_DEFINITION = re.compile(r" {0,3}\[[^\]\n]+\]:[ \t]*\S")

# Inline constructs, leftmost first (CommonMark: code spans and raw HTML bind
# tighter than links). A code span never crosses a blank line.
_INLINE = re.compile(
    r"(?P<code>(?<!`)(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\r?\n).)+?(?<!`)(?P=ticks)(?!`))"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<autolink><[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>)"
    r"|\](?P<target>\((?:[^()\s]|\([^()\s]*\))*(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?[ \t]*\))",
    re.DOTALL,
)
_DIRECTIVE = lazy_re(r"<!--\s*persona-(?P<verb>disable|enable)(?P<rules>(?:\s+[^\s>][^>]*?)?)\s*-->")


def parse_draft(text: str, source: str) -> Draft:
    """A Markdown draft with its context, its non-prose ranges and its disabled ranges."""
    meta, body_start = parse_front_matter(text, source)
    non_prose: list[tuple[int, int]] = [(0, body_start)] if body_start else []
    comments: list[tuple[int, int]] = []
    for start, end, kind in _scan_body(text, body_start):
        non_prose.append((start, end))
        if kind == "comment":
            comments.append((start, end))
    return Draft(
        text=text,
        source=source,
        persona=meta.get("persona"),
        channel=meta.get("channel"),
        intent=meta.get("intent"),
        body_start=body_start,
        non_prose=non_prose,
        disabled=disabled_ranges(text, comments),
        markdown=True,
    )


# -- front matter ---------------------------------------------------------------


def parse_front_matter(text: str, source: str) -> tuple[dict[str, str], int]:
    """The ``persona``/``channel``/``intent`` of the front matter, and where the body starts.

    A text that does not start with a ``---`` line has no front matter: ``({}, 0)``.
    """
    opening = _OPEN.match(text)
    if opening is None:
        return {}, 0
    closing = _CLOSE().search(text, opening.end())
    if closing is None:
        raise UserError([Problem("no closing '---' line", source, 1, 1, FIELD)])
    yaml_text = text[opening.end():closing.start()]
    return _front_matter_values(yaml_text, source), closing.end()


def _front_matter_values(yaml_text: str, source: str) -> dict[str, str]:
    from persona.yamlsource import load_yaml_text

    try:
        data, marks = load_yaml_text(yaml_text, source)
    except UserError as err:  # re-locate: the YAML starts on line 2 of the draft
        raise UserError([_relocated(p, source) for p in err.problems]) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UserError([Problem("must be a mapping such as 'persona: legal'", source, 2, 1, FIELD)])
    values: dict[str, str] = {}
    for key in FRONT_MATTER_KEYS:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            mark = marks.locate((key,))
            line, column = (mark.line + 1, mark.column) if mark else (2, 1)
            raise UserError([Problem(f"{key} must be a non-empty string (got {shorten(value)})",
                                     source, line, column, FIELD)])
        values[key] = value.strip()
    return values


def _relocated(problem: Problem, source: str) -> Problem:
    line = problem.line + 1 if problem.line is not None else 2
    return Problem(problem.message, source, line, problem.column if problem.line is not None else 1, FIELD)


# -- the parts that are not prose ---------------------------------------------------


def _scan_body(text: str, start: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) of every non-prose range after ``start``, in order.

    kind is ``fence``, ``definition``, ``code``, ``comment``, ``autolink`` or ``target``.
    """
    segment_start = start
    for block_start, block_end, kind in _blocks(text, start):
        yield from _inline(text, segment_start, block_start)
        yield block_start, block_end, kind
        segment_start = block_end
    yield from _inline(text, segment_start, len(text))


def _blocks(text: str, start: int) -> Iterator[tuple[int, int, str]]:
    """Fenced code blocks (to their closing fence, or the end) and link definitions."""
    fence: str | None = None
    fence_start = 0
    for line in _LINE.finditer(text, start):
        if line.start() == line.end():
            break
        content = line.group().rstrip("\r\n")
        if fence is None:
            opening = _FENCE.match(content)
            if opening and not (opening.group(1)[0] == "`" and "`" in content[opening.end():]):
                fence, fence_start = opening.group(1), line.start()
            elif _DEFINITION.match(content):
                yield line.start(), line.start() + len(content), "definition"
        elif _closes(content, fence):
            yield fence_start, line.start() + len(content), "fence"
            fence = None
    if fence is not None:
        yield fence_start, len(text), "fence"


def _closes(line: str, fence: str) -> bool:
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3:
        return False
    run = len(stripped) - len(stripped.lstrip(fence[0]))
    return run >= len(fence) and not stripped[run:].strip()


def _inline(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    if start >= end:
        return
    for match in _INLINE.finditer(text, start, end):
        kind = match.lastgroup or "code"
        group = "target" if kind == "target" else 0
        yield match.start(group), match.end(group), kind


# -- persona-disable / persona-enable -----------------------------------------------


def disabled_ranges(text: str, comments: list[tuple[int, int]]) -> list[tuple[int, int, str | None]]:
    """The (start, end, rule or None) ranges turned off by disable/enable comments."""
    open_since: dict[str | None, int] = {}
    ranges: list[tuple[int, int, str | None]] = []
    for start, end in comments:
        directive = _DIRECTIVE().fullmatch(text, start, end)
        if directive is None:
            continue
        rules: list[str | None] = [r for r in re.split(r"[\s,]+", directive.group("rules")) if r] or [None]
        if directive.group("verb") == "disable":
            for rule in rules:
                open_since.setdefault(rule, start)
            continue
        closing = list(open_since) if rules == [None] else [r for r in rules if r in open_since]
        for rule in closing:
            ranges.append((open_since.pop(rule), end, rule))
    ranges.extend((since, len(text), rule) for rule, since in open_since.items())
    return sorted(ranges, key=lambda r: (r[0], r[1], r[2] or ""))
