"""``persona check --format github``: findings as GitHub Actions workflow commands.

Each finding is one line, ``::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::message``
(``warning`` for warnings, ``notice`` for suggestions), which the runner turns into an
annotation on the file. GitHub shows at most 10 annotations of each level a step
(``ANNOTATIONS_PER_LEVEL``); past that, findings are counted, not written, and one plain
line at the end says how many were left out; the text summary line closes the output.

Values are escaped as the runner reads them: in the message ``%``, ``\\r`` and ``\\n``
become ``%25``, ``%0D``, ``%0A``; in properties ``:`` and ``,`` also become ``%3A`` and
``%2C``. Other control characters are dropped, so a draft cannot start a workflow
command of its own or send a terminal sequence to the log.
"""

from __future__ import annotations

import os
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import TextIO

from persona.check.archive_place import ArchivePlaces
from persona.check.batch import Tally
from persona.check.sarif import STDIN, relative_path, sarif_region, split_source
from persona.check.types import Finding, Result

#: GitHub: "10 warning annotations, 10 error annotations, and 10 notice annotations per step".
ANNOTATIONS_PER_LEVEL = 10
COMMAND = {"error": "error", "warning": "warning", "suggestion": "notice"}
_GITHUB_NAME = {"startLine": "line", "startColumn": "col", "endLine": "endLine", "endColumn": "endColumn"}


def write_github(results: Iterable[Result], stream: TextIO, *, tally: Tally, root: str | None = None) -> Tally:
    """Stream one workflow command per finding (up to the cap per level), then the line of what was
    left out (:func:`persona.check.report.write_results` adds the summary line)."""
    base = os.path.abspath(root if root is not None else os.curdir)
    written: Counter[str] = Counter()
    left_out: Counter[str] = Counter()
    places = ArchivePlaces()
    try:
        for result in results:
            tally.add(result)
            for finding in result.findings:
                if written[finding.severity] >= ANNOTATIONS_PER_LEVEL:
                    left_out[finding.severity] += 1
                    continue
                written[finding.severity] += 1
                stream.write(annotation(result, finding, base, places) + "\n")
    finally:
        places.close()
    if left_out:
        stream.write(left_out_line(left_out) + "\n")
    return tally


def annotation(result: Result, finding: Finding, base: str, places: ArchivePlaces | None = None) -> str:
    """One finding as a workflow command (``places``: where posts of archives are in them)."""
    path, post = split_source(result.source)
    properties: list[tuple[str, str]] = []
    if path != STDIN:
        properties.append(("file", relative_path(path, base)))
    region: dict[str, int] | None
    if post is None:
        region = sarif_region(result.text, finding)
    else:
        region = (places or ArchivePlaces()).region(path, result, finding)
    for key, name in _GITHUB_NAME.items():
        if region is not None and key in region and (finding.end > finding.start or key.startswith("start")):
            properties.append((name, str(region[key])))  # an empty match (something missing) is a point
    properties.append(("title", f"persona {finding.rule}"))
    message = finding.message
    if finding.suggestion is not None:
        message += f" Suggestion: {finding.suggestion}"
    if post is not None:
        message = f"post {post} ({finding.line}:{finding.column}): {message}"
    listed = ",".join(f"{name}={escape_property(value)}" for name, value in properties)
    return f"::{COMMAND[finding.severity]} {listed}::{escape_data(message)}"


def left_out_line(left_out: Counter[str]) -> str:
    """One plain line: how many findings of each severity got no annotation."""
    total = sum(left_out.values())
    parts = [f"{left_out[s]} {s}{'' if left_out[s] == 1 else 's'}" for s in COMMAND if left_out[s]]
    return (f"persona: {total} more finding{'' if total == 1 else 's'} not annotated ({', '.join(parts)}): "
            f"GitHub shows {ANNOTATIONS_PER_LEVEL} annotations of each level a step; "
            "run `persona check --format text` (or sarif) to see them all")


def _clean(value: str) -> str:
    value = value.replace("\t", " ")
    return "".join(ch for ch in value if ch in "\r\n" or unicodedata.category(ch) != "Cc")


def escape_data(value: str) -> str:
    """A workflow command's message as the runner unescapes it."""
    return _clean(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A workflow command's property value (``:`` and ``,`` end one, so they are escaped too)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")
