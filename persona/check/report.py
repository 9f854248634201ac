"""Rendering check results: text for people, JSON (the contract) for machines; the dispatcher.

Text and JSON stream (:func:`write_text`, :func:`write_json` write one result at
a time, so 100,000 posts never sit in memory together), as does GitHub's format
(:mod:`persona.check.github`); SARIF is built in memory (:mod:`persona.check.sarif`).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from persona.check.batch import Tally
from persona.check.types import Finding, Result

CONTEXT_CHARS = 100  # longest stretch of a line shown under a finding

_COLORS = {"error": "\033[1;31m", "warning": "\033[1;33m", "suggestion": "\033[1;36m",
           "dim": "\033[2m", "fix": "\033[32m", "bold": "\033[1m"}
_RESET = "\033[0m"


def write_results(results: Iterable[Result], format: str, stream: TextIO, *, tally: Tally,
                  color: bool = False, root: str | None = None) -> None:
    """``results`` on ``stream`` in ``format`` (``text``, ``json``, ``sarif`` or ``github``), counted
    into ``tally``. ``root``: what SARIF URIs and GitHub's file names are relative to (default: the
    working directory)."""
    render_to = getattr(results, "render_to", None)  # archives on several processes (check.rendered)
    if format in ("json", "text") and render_to is not None and render_to(format, stream, _units(format, color),
                                                                          tally=tally):
        if format == "text":
            stream.write(summary_line(tally, color=color) + "\n")
        return
    if format == "text":
        write_text(results, stream, color=color, tally=tally)
    elif format == "json":
        write_json(results, stream, tally=tally)
    elif format == "sarif":
        from persona.check.registry import all_rules
        from persona.check.sarif import render_sarif

        document = render_sarif(results, all_rules(), root=root, tally=tally)
        stream.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    elif format == "github":
        from persona.check.github import write_github

        write_github(results, stream, tally=tally, root=root)
        stream.write(summary_line(tally) + "\n")
    else:
        raise ValueError(f"unknown format {format!r}")


def _units(format: str, color: bool) -> Callable[[Result], Iterable[str]]:
    """The writes :func:`write_json` (``json``: without the separators) or :func:`write_text` makes of
    one result."""
    if format == "json":
        return lambda result: (result_json(result),)
    return lambda result: [format_finding(result, finding, color=color) for finding in result.findings]


# -- text ---------------------------------------------------------------------------


def render_text(results: Iterable[Result], *, color: bool = False) -> str:
    """Every finding with its line and underline, then one summary line."""
    import io

    out = io.StringIO()
    write_text(results, out, color=color)
    return out.getvalue()


def write_text(results: Iterable[Result], stream: TextIO, *, color: bool = False,
               tally: Tally | None = None) -> Tally:
    """Write each result's findings as it comes, then the summary; returns the counts."""
    tally = tally if tally is not None else Tally()
    for result in results:
        tally.add(result)
        for finding in result.findings:
            stream.write(format_finding(result, finding, color=color))
    stream.write(summary_line(tally, color=color) + "\n")
    return tally


def format_finding(result: Result, finding: Finding, *, color: bool = False) -> str:
    """``source:line:col: severity rule: message``, the line, its underline, the suggestion."""
    paint = _painter(color)
    head = (f"{paint('bold', f'{result.source}:{finding.line}:{finding.column}:')} "
            f"{paint(finding.severity, finding.severity)} {paint('dim', finding.rule)}: {finding.message}")
    lines = [head]
    shown, underline = excerpt(result.text, finding)
    if shown.strip() or finding.start == finding.end:
        lines.append(f"    {shown}")
        lines.append(f"    {paint(finding.severity, underline)}")
    if finding.suggestion is not None:
        lines.append(f"    {paint('fix', '→ ' + finding.suggestion)}")
    return "\n".join(lines) + "\n"


def summary_line(tally: Tally, *, color: bool = False) -> str:
    """``N errors, N warnings, N suggestions in N drafts; score S`` (the mean for many drafts)."""
    paint = _painter(color)
    parts = [_plural(tally.errors, "error"), _plural(tally.warnings, "warning"),
             _plural(tally.suggestions, "suggestion")]
    line = f"{', '.join(parts)} in {_plural(tally.drafts, 'draft')}"
    if tally.drafts == 1:
        line += f"; score {tally.score_total}"
    elif tally.drafts > 1:
        line += f"; mean score {tally.mean_score:.1f}"
    return paint("bold", line)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _painter(color: bool) -> Callable[[str, str], str]:
    def paint(style: str, text: str) -> str:
        return f"{_COLORS[style]}{text}{_RESET}" if color and text else text

    return paint


def excerpt(text: str, finding: Finding) -> tuple[str, str]:
    """The line of ``finding`` (a window of it when long) and a ``^~~~`` underline below the match.

    Widths follow ``unicodedata.east_asian_width`` (wide and fullwidth characters,
    most emoji, take two cells; combining marks none). Arabic is underlined by
    code point count: terminals lay right-to-left text out with their own bidi
    rules, so the underline of an Arabic match is only approximately below it.
    """
    line_start = max(text.rfind("\n", 0, finding.start), text.rfind("\r", 0, finding.start)) + 1
    line_end = len(text)
    for stop in ("\n", "\r"):
        found = text.find(stop, finding.start)
        if found != -1:
            line_end = min(line_end, found)
    match_end = min(max(finding.end, finding.start), line_end)
    window_start = max(line_start, finding.start - CONTEXT_CHARS // 2)
    window_end = min(line_end, max(match_end, window_start + CONTEXT_CHARS))
    before = text[window_start:finding.start]
    inside = text[finding.start:match_end]
    after = text[match_end:window_end]
    prefix = "…" if window_start > line_start else ""
    suffix = "…" if window_end < line_end else ""
    shown = prefix + _printable(before + inside + after) + suffix
    width = max(display_width(inside), 1)
    underline = " " * (display_width(prefix + before)) + "^" + "~" * (width - 1)
    return shown, underline


def _printable(text: str) -> str:
    return "".join(" " if ch == "\t" or (unicodedata.category(ch) == "Cc") else ch for ch in text)


def display_width(text: str) -> int:
    """Terminal cells ``text`` takes, roughly (East Asian width; combining marks are zero)."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


# -- JSON (the contract) ----------------------------------------------------------------


def render_json(results: Iterable[Result]) -> dict[str, Any]:
    """``{"version": 1, "results": [...]}`` exactly as the contract shows it."""
    return {"version": 1, "results": [result.to_json() for result in results]}


def write_json(results: Iterable[Result], stream: TextIO, *, tally: Tally | None = None) -> Tally:
    """Write the JSON document one result at a time.

    The document is the one :func:`render_json` describes, laid out like
    ``json.dumps(..., indent=2)`` except that each finding takes one line: the
    indenting encoder is pure Python, the one-line one is C, and 100,000 posts
    have hundreds of thousands of findings.
    """
    tally = tally if tally is not None else Tally()
    pending = iter(results)
    result = next(pending, None)  # a failure on the first draft leaves stdout empty
    stream.write('{\n  "version": 1,\n  "results": [')
    if result is None:
        stream.write("]\n}\n")
        return tally
    separator = "\n    "
    while result is not None:
        tally.add(result)
        stream.write(separator + _result_json(result))
        separator = ",\n    "
        result = next(pending, None)
    stream.write("\n  ]\n}\n")
    return tally


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
#: The string escaper of that encoder (C): ``"…"`` with ``"``, ``\\`` and C0 controls escaped.
_STR: Callable[[str], str] = getattr(json.encoder, "c_encode_basestring", None) or json.encoder.py_encode_basestring


def result_json(result: Result) -> str:
    """One result, indented to sit in ``results``; one line per finding.

    Written field by field: the same text as ``_ENCODE`` gives for :meth:`Result.to_json` and
    :meth:`Finding.to_json` (tests/test_check_report.py compares them), at a third of the cost.
    """
    string = _STR
    channel, intent = result.channel, result.intent
    head = (f'{{\n      "source": {string(result.source)},\n      "persona": {string(result.persona)},\n'
            f'      "channel": {"null" if channel is None else string(channel)},\n'
            f'      "intent": {"null" if intent is None else string(intent)},\n      "score": {result.score},\n')
    if not result.findings:
        return head + '      "findings": []\n    }'
    listed = ",\n        ".join(map(_finding_json, result.findings))
    return f'{head}      "findings": [\n        {listed}\n      ]\n    }}'


def _finding_json(finding: Finding) -> str:
    string = _STR
    suggestion, fix = finding.suggestion, finding.fix
    line = (f'{{"rule": {string(finding.rule)}, "severity": {string(finding.severity)}, "line": {finding.line}, '
            f'"column": {finding.column}, "start": {finding.start}, "end": {finding.end}, '
            f'"match": {string(finding.match)}, "message": {string(finding.message)}, '
            f'"suggestion": {"null" if suggestion is None else string(suggestion)}')
    if fix is None:
        return line + "}"
    edits = ", ".join(f'{{"start": {edit.start}, "end": {edit.end}, "text": {string(edit.text)}}}'
                      for edit in fix.edits)
    return f'{line}, "fix": {{"applicability": {string(fix.applicability)}, "edits": [{edits}]}}}}'


_result_json = result_json
