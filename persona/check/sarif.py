"""SARIF 2.1.0 for code scanning (GitHub's included): rules with help, stable fingerprints, run summary.

The document is built in memory (:func:`render_sarif`). What GitHub needs of it,
and what this module gives:

* every rule has a readable ``name``, ``fullDescription``, ``help`` (text and
  Markdown, with a draft it flags and one it leaves alone) and a ``helpUri`` to
  its section of the rules reference;
* every result has ``partialFingerprints`` built from the rule, the persona, the
  normalised match and which occurrence of that (rule, match) in the file it is,
  so an alert keeps its identity when the file is edited elsewhere;
* files under the root (the working directory, or ``--sarif-root``) are relative
  URIs against ``%SRCROOT%``; files outside it are absolute ``file://`` URIs;
  standard input is ``stdin`` (or the name ``--stdin-filename`` gives it);
* a post of an archive (``FILE#ID``) is reported at its line in FILE (and, in a
  ``.jsonl`` file, at the columns of the match: :mod:`persona.check.archive_place`);
* ``invocations`` says what the run did: counts per level, drafts and files
  checked, the exit code, and notes for what GitHub will not show.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from persona import __version__
from persona.check.archive_place import ArchivePlaces
from persona.check.batch import Tally
from persona.check.types import Finding, Result

INFORMATION_URI = "https://pypi.org/project/persona-guide/"
#: Where the documentation is published (``site_url`` in mkdocs.yml says the same; a test checks).
DOCS_URL = "https://persona-guide.readthedocs.io/en/latest/"
RULES_PAGE = "reference/rules/"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "suggestion": "note"}
SRCROOT = "%SRCROOT%"
STDIN = "-"
STDIN_URI = "stdin"
FINGERPRINT = "personaFinding/v1"
#: GitHub code scanning: a run of more results is rejected; of the rest, only this many are shown.
GITHUB_MAX_RESULTS = 25_000
GITHUB_SHOWN_RESULTS = 5_000
SCOPES = {
    "prose": "prose only: code, inline code, link targets and front matter are skipped",
    "body": "the whole message body",
}


class RuleInfo(Protocol):
    """What SARIF needs of a rule (``persona.check.rule.Rule`` has it; ``examples`` and ``scope`` too)."""

    @property
    def id(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def description(self) -> str: ...


def render_sarif(results: Iterable[Result], rules: Sequence[RuleInfo], *, root: str | None = None,
                 tally: Tally | None = None) -> dict[str, Any]:
    """One SARIF 2.1.0 run: the rules, one result per finding, and the invocation's summary.

    Columns count code points (``columnKind: unicodeCodePoints``), as the JSON output
    does. ``root`` (default: the working directory) is what relative URIs are relative
    to. ``tally`` counts the results (its ``fail_on`` gives the exit code).
    """
    tally = tally if tally is not None else Tally()
    base = os.path.abspath(root if root is not None else os.curdir)
    index = {rule.id: i for i, rule in enumerate(rules)}
    seen: Counter[tuple[str, str, str, str]] = Counter()
    files: set[str] = set()
    sarif_results = []
    places = ArchivePlaces()
    try:
        for result in results:
            tally.add(result)
            path, _post = split_source(result.source)
            files.add(path)
            for finding in result.findings:
                key = (path, finding.rule, result.persona, normalised_match(finding.match))
                sarif_results.append(_sarif_result(result, finding, index, base, seen[key], places))
                seen[key] += 1
    finally:
        places.close()
    driver = {
        "name": "persona",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [sarif_rule(rule) for rule in rules],
    }
    run = {
        "tool": {"driver": driver},
        "invocations": [_invocation(tally, sarif_results, files)],
        "originalUriBaseIds": {SRCROOT: {"uri": _directory_uri(base)}},
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


# -- rules ---------------------------------------------------------------------------------


def rule_name(rule_id: str) -> str:
    """A readable name for a rule id: ``voice.sentence_length`` → ``VoiceSentenceLength``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[._\-]+", rule_id) if part)


def rule_anchor(rule_id: str) -> str:
    """The rule's anchor in the rules reference (``docs/gen/rules_ref.py`` writes the same)."""
    return rule_id.replace(".", "-").replace("_", "-")


def help_uri(rule_id: str) -> str:
    return f"{DOCS_URL}{RULES_PAGE}#{rule_anchor(rule_id)}"


def sarif_rule(rule: RuleInfo) -> dict[str, Any]:
    scope = SCOPES.get(getattr(rule, "scope", "prose"), "")
    examples = _chosen_examples(getattr(rule, "examples", ()))
    full = f"{rule.description} Default severity: {rule.severity}. Looks at {scope}."
    text_lines = [rule.description, "", f"Default severity: {rule.severity}. Looks at {scope}."]
    markdown = [_md(rule.description), "", f"**Default severity:** {rule.severity}. **Looks at:** {scope}."]
    for example in examples:
        label = "Flagged" if example.fires else "Not flagged"
        context = _example_context(example)
        text_lines += ["", f"{label} ({example.lang}{context}): {example.text}"]
        markdown += ["", f"**{label}** ({example.lang}{_md(context)}):", "", f"> {_md(example.text)}"]
    turn_off = f"<!-- persona-disable {rule.id} --> … <!-- persona-enable -->"
    text_lines += ["", f"Turn it off in a Markdown draft: {turn_off}", f"Reference: {help_uri(rule.id)}"]
    markdown += ["", f"Turn it off in a Markdown draft: `{turn_off}`", "",
                 f"[The rule in the reference]({help_uri(rule.id)})"]
    return {
        "id": rule.id,
        "name": rule_name(rule.id),
        "shortDescription": {"text": rule.description},
        "fullDescription": {"text": full},
        "help": {"text": "\n".join(text_lines), "markdown": "\n".join(markdown)},
        "helpUri": help_uri(rule.id),
        "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
        "properties": {"tags": ["style", "persona"], "precision": "high"},
    }


def _chosen_examples(examples: Iterable[Any]) -> list[Any]:
    """One example that fires and one that passes (Arabic first, where the rule has one)."""
    chosen = []
    for fires in (True, False):
        matching = sorted((e for e in examples if e.fires is fires), key=lambda e: e.lang != "ar")
        chosen += matching[:1]
    return chosen


def _example_context(example: Any) -> str:
    parts = []
    if getattr(example, "source", None):
        parts.append(f"rewriting: {example.source}")
    if example.channel:
        parts.append(f"channel {example.channel}")
    if example.intent:
        parts.append(f"intent {example.intent}")
    return "".join(f", {part}" for part in parts)


def _md(text: str) -> str:
    """Plain text safe in Markdown: markup characters escaped, HTML characters as entities."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]{}()#+!|~])", r"\\\1", text).replace("\n", " ")


# -- results -------------------------------------------------------------------------------


def normalised_match(match: str) -> str:
    """The match as a fingerprint sees it: NFKC, case folded, no diacritics or tatweel, spaces collapsed."""
    text = unicodedata.normalize("NFKD", match)
    text = "".join(ch for ch in text if not unicodedata.combining(ch) and ch != "\u0640")
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def fingerprint(rule: str, persona: str, match: str, occurrence: int) -> str:
    """Stable across edits elsewhere in the file: no line, column or offset goes into it."""
    key = "\0".join((rule, persona, normalised_match(match), str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def split_source(source: str) -> tuple[str, str | None]:
    """``posts.jsonl#42`` → (``posts.jsonl``, ``42``); any other source → (source, None)."""
    archive = re.match(r"(.*?\.(?:jsonl|csv))#(.*)", source, re.IGNORECASE | re.DOTALL)
    return (archive.group(1), archive.group(2)) if archive else (source, None)


def artifact_location(path: str, base: str) -> dict[str, Any]:
    """Relative to ``%SRCROOT%`` (``base``) when the file is below it, else an absolute ``file://`` URI."""
    if path == STDIN:
        return {"uri": STDIN_URI, "description": {"text": "standard input"}, "properties": {"stdin": True}}
    absolute = os.path.abspath(path)
    if absolute == base or os.path.commonpath([absolute, base]) == base:
        relative = os.path.relpath(absolute, base).replace(os.sep, "/")
        return {"uri": quote(relative, safe="/@!$&'()*+,;=-._~"), "uriBaseId": SRCROOT}
    return {"uri": Path(absolute).as_uri()}


def relative_path(path: str, base: str) -> str:
    """``path`` relative to ``base`` when below it (``/`` separated), else absolute."""
    absolute = os.path.abspath(path)
    if os.path.commonpath([absolute, base]) == base:
        return os.path.relpath(absolute, base).replace(os.sep, "/")
    return absolute


def _directory_uri(directory: str) -> str:
    uri = Path(directory).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _sarif_result(result: Result, finding: Finding, index: dict[str, int], base: str,
                  occurrence: int, places: ArchivePlaces) -> dict[str, Any]:
    path, post = split_source(result.source)
    text = finding.message
    if finding.suggestion is not None:
        text += f" Suggestion: {finding.suggestion}"
    artifact = artifact_location(path, base)
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": artifact}}
    out: dict[str, Any] = {"ruleId": finding.rule}
    if finding.rule in index:
        out["ruleIndex"] = index[finding.rule]
    out["level"] = SARIF_LEVEL[finding.severity]
    out["message"] = {"text": text}
    if post is None:
        location["physicalLocation"]["region"] = sarif_region(result.text, finding)
        if finding.fix is not None and finding.fix.applicability != "display":
            out["fixes"] = [_sarif_fix(artifact, result.text, finding)]
    else:  # offsets are into the post: the region is the post's line (and columns, in JSONL)
        region = places.region(path, result, finding)
        if region is not None:
            location["physicalLocation"]["region"] = region
        logical = {"name": post, "fullyQualifiedName": result.source, "kind": "element"}
        location["logicalLocations"] = [logical]
        location["properties"] = {"post": post, "line": finding.line, "column": finding.column,
                                  "start": finding.start, "end": finding.end}
    out["locations"] = [location]
    out["partialFingerprints"] = {FINGERPRINT: fingerprint(finding.rule, result.persona, finding.match, occurrence)}
    out["properties"] = {"source": result.source, "persona": result.persona, "channel": result.channel,
                         "intent": result.intent, "match": finding.match}
    return out


def sarif_region(text: str, finding: Finding) -> dict[str, int]:
    """Start and end line/column (1-based, end column just past the match) and char offsets."""
    end_line, end_column = _position_after(text, finding)
    return {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": end_line,
        "endColumn": end_column,
        "charOffset": finding.start,
        "charLength": finding.end - finding.start,
    }


def _position_after(text: str, finding: Finding) -> tuple[int, int]:
    """Line and column of ``finding.end``, counted on from the finding's own start."""
    start, end = finding.start, finding.end
    breaks = text.count("\n", start, end) + text.count("\r", start, end) - text.count("\r\n", start, end)
    if not breaks:
        return finding.line, finding.column + (end - start)
    line_start = max(text.rfind("\n", start, end), text.rfind("\r", start, end)) + 1
    return finding.line + breaks, end - line_start + 1


def _sarif_fix(artifact: dict[str, Any], text: str, finding: Finding) -> dict[str, Any]:
    """The finding's fix as a SARIF fix: one replacement per edit; ``properties.applicability``
    says whether ``--fix`` applies it (``safe``) or a human should (``unsafe``)."""
    assert finding.fix is not None
    replacements = []
    for edit in finding.fix.edits:
        located = replace(finding, start=edit.start, end=edit.end, line=_line_of(text, edit.start),
                          column=edit.start - _line_start(text, edit.start) + 1)
        replacements.append({"deletedRegion": sarif_region(text, located), "insertedContent": {"text": edit.text}})
    shown = " ".join(f"'{e.text}'" for e in finding.fix.edits) or "nothing"
    return {
        "description": {"text": f"Replace with {shown} ({finding.fix.applicability} fix)."},
        "artifactChanges": [{"artifactLocation": dict(artifact), "replacements": replacements}],
        "properties": {"applicability": finding.fix.applicability},
    }


def _line_start(text: str, offset: int) -> int:
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1


def _line_of(text: str, offset: int) -> int:
    """1-based line of ``offset``; ``\r\n``, ``\n`` and a lone ``\r`` each end a line."""
    before = text[:offset]
    return before.count("\n") + before.count("\r") - before.count("\r\n") + 1


# -- the invocation --------------------------------------------------------------------------


def _invocation(tally: Tally, results: list[dict[str, Any]], files: set[str]) -> dict[str, Any]:
    exit_code = 1 if tally.failed else 0
    notes = []
    if len(results) > GITHUB_MAX_RESULTS:
        notes.append(_note("warning", "too-many-results",
                           f"{len(results)} results: GitHub code scanning rejects a run of more than "
                           f"{GITHUB_MAX_RESULTS:,}; check fewer drafts per upload."))
    elif len(results) > GITHUB_SHOWN_RESULTS:
        notes.append(_note("note", "results-not-shown",
                           f"{len(results)} results: GitHub code scanning shows only the {GITHUB_SHOWN_RESULTS:,} "
                           "most severe of a run."))
    if STDIN in files:
        notes.append(_note("note", "stdin-unnamed", "Standard input has no file name, so code scanning cannot "
                           "place its findings: name it with --stdin-filename."))
    invocation: dict[str, Any] = {
        "executionSuccessful": True,
        "exitCode": exit_code,
        "exitCodeDescription": ("a finding at or above --fail-on" if exit_code
                                else "no finding at or above --fail-on"),
    }
    if notes:
        invocation["toolExecutionNotifications"] = notes
    invocation["properties"] = {
        "results": {"error": tally.errors, "warning": tally.warnings, "note": tally.suggestions},
        "drafts": tally.drafts,
        "files": len(files),
        "failOn": tally.fail_on,
    }
    return invocation


def _note(level: str, note_id: str, text: str) -> dict[str, Any]:
    return {"descriptor": {"id": note_id}, "level": level, "message": {"text": text}}
