"""Results out: text for people, the contract's JSON (streamed), SARIF 2.1.0 against the official schema."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from persona import __version__
from persona.check import report, sarif
from persona.check.batch import Tally
from persona.check.types import Edit, Finding, Fix, Result

SCHEMA_FILE = Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json"
SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@dataclass
class FakeRule:
    id: str
    severity: str
    description: str


RULES = [
    FakeRule("channel.length", "error", "longer than the channel allows"),
    FakeRule("vocabulary.avoid", "error", "a term the persona never uses"),
    FakeRule("vocabulary.prefer", "warning", "a term with a preferred replacement"),
    FakeRule("voice.formality", "warning", "register too far from the target"),
    FakeRule("voice.person", "suggestion", "first person singular"),
]


def finding(text: str, match: str, rule: str = "vocabulary.prefer", severity: str = "warning",
            suggestion: str | None = None, occurrence: int = 0, message: str | None = None,
            fix: str | None = None) -> Finding:
    """A finding located the way the engine locates it (line/column from the offset); ``fix``: the
    applicability of a fix replacing the match by the suggestion."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(match, start + 1)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    edits = Fix(fix, (Edit(start, start + len(match), suggestion or ""),)) if fix else None  # type: ignore[arg-type]
    return Finding(rule, severity, start, start + len(match), match,  # type: ignore[arg-type]
                   message or f"Do not write '{match}'.", suggestion, line, column, edits)


def result(text: str, findings: list[Finding], source: str = "drafts/a.md") -> Result:
    return Result(source, "legal", "x", "service", findings, text)


LAUNCH = "---\npersona: legal\n---\nOur customers and clients are\r\nwelcome. I guarantee it.\n"


def launch_result() -> Result:
    return result(LAUNCH, [
        finding(LAUNCH, "customers", suggestion="beneficiaries", fix="safe"),
        finding(LAUNCH, "clients", suggestion="beneficiaries", fix="unsafe"),
        finding(LAUNCH, "I", rule="voice.person", severity="suggestion", suggestion="we", fix="display"),
        finding(LAUNCH, "guarantee", rule="vocabulary.avoid", severity="error"),
    ])


# -- text ----------------------------------------------------------------------------------------


def test_text_has_location_line_underline_suggestion_and_summary() -> None:
    out = report.render_text([launch_result()], color=False)
    lines = out.splitlines()
    assert lines[0] == "drafts/a.md:4:5: warning vocabulary.prefer: Do not write 'customers'."
    assert lines[1] == "    Our customers and clients are"
    assert lines[2] == "        ^~~~~~~~~"
    assert lines[3] == "    → beneficiaries"
    assert "drafts/a.md:5:12: error vocabulary.avoid: Do not write 'guarantee'." in lines
    assert lines[-1] == "1 error, 2 warnings, 1 suggestion in 1 draft; score 83"
    assert "\033[" not in out and "\r" not in out


def test_text_colours_only_when_asked() -> None:
    coloured = report.render_text([launch_result()], color=True)
    assert "\033[1;31m" in coloured and "\033[0m" in coloured
    plain = report.render_text([launch_result()], color=False)
    assert "\033[" not in plain


def test_text_summary_for_many_and_for_none() -> None:
    clean = result("Hello.", [])
    out = report.render_text([launch_result(), clean], color=False)
    assert out.splitlines()[-1] == "1 error, 2 warnings, 1 suggestion in 2 drafts; mean score 91.5"
    assert report.render_text([], color=False) == "0 errors, 0 warnings, 0 suggestions in 0 drafts\n"
    one = report.render_text([clean], color=False)
    assert one == "0 errors, 0 warnings, 0 suggestions in 1 draft; score 100\n"


def test_underline_accounts_for_wide_characters_and_emoji() -> None:
    text = "日本語 🎉 customers"
    shown, underline = report.excerpt(text, finding(text, "customers"))
    assert shown == text
    assert underline == " " * (6 + 1 + 2 + 1) + "^~~~~~~~~"


def test_underline_arabic_by_code_points_and_empty_match() -> None:
    text = "بإمكان العملاء الآن"
    _, underline = report.excerpt(text, finding(text, "العملاء"))
    assert underline == " " * 7 + "^~~~~~~"
    empty = Finding("voice.formality", "warning", 3, 3, "", "too casual", None, 1, 4)
    _, underline = report.excerpt("abcdef", empty)
    assert underline == "   ^"


def test_long_lines_are_shown_as_a_window() -> None:
    text = "word " * 100 + "customers " + "word " * 100
    shown, underline = report.excerpt(text, finding(text, "customers"))
    assert shown.startswith("…") and shown.endswith("…") and len(shown) <= report.CONTEXT_CHARS + 2
    assert shown[underline.index("^"):].startswith("customers")


def test_multiline_match_is_underlined_to_the_end_of_its_first_line() -> None:
    text = "short line\nthe rest goes\nover two lines"
    f = Finding("channel.length", "error", 15, len(text), text[15:], "too long", None, 2, 5)
    shown, underline = report.excerpt(text, f)
    assert shown == "the rest goes"
    assert underline == "    ^" + "~" * 8


# -- JSON ----------------------------------------------------------------------------------------------


def test_json_document_shape_is_the_contract() -> None:
    doc = report.render_json([launch_result()])
    assert list(doc) == ["version", "results"] and doc["version"] == 1
    (res,) = doc["results"]
    assert list(res) == ["source", "persona", "channel", "intent", "score", "findings"]
    assert res["score"] == 83
    contract = ["rule", "severity", "line", "column", "start", "end", "match", "message", "suggestion"]
    for f in res["findings"]:
        assert list(f) == ([*contract, "fix"] if "fix" in f else contract)  # `fix`: optional, last
        assert LAUNCH[f["start"]:f["end"]] == f["match"]
    assert [f.get("fix", {}).get("applicability") for f in res["findings"]] == ["safe", "unsafe", "display", None]


@pytest.mark.parametrize("count", [0, 1, 3])
def test_streamed_json_is_the_document(count: int) -> None:
    results = [launch_result() for _ in range(count)] + [result("clean", [])] * (count > 1)
    stream = io.StringIO()
    tally = report.write_json(iter(results), stream)
    out = stream.getvalue()
    assert json.loads(out) == report.render_json(results)
    assert out.startswith('{\n  "version": 1,\n  "results": [') and out.endswith("\n}\n")
    assert "\\u0" not in out  # not ASCII-escaped
    lines = out.splitlines()
    assert all(line.startswith("        {\"rule\": ") for line in lines if '"rule"' in line)
    assert tally.drafts == len(results) and tally.errors == count


def test_streamed_json_keeps_arabic_readable() -> None:
    text = "بإمكان العملاء"
    stream = io.StringIO()
    report.write_json([result(text, [finding(text, "العملاء", suggestion="المستفيدين")])], stream)
    assert '"match": "العملاء"' in stream.getvalue()
    assert json.loads(stream.getvalue())["results"][0]["findings"][0]["suggestion"] == "المستفيدين"


def test_streamed_json_does_not_hold_results() -> None:
    produced = []

    def results():  # a generator: write_json must consume it one at a time
        for i in range(3):
            produced.append(i)
            yield result("x", [], source=f"p.jsonl#{i}")

    stream = io.StringIO()
    report.write_json(results(), stream)
    assert produced == [0, 1, 2]
    sources = [r["source"] for r in json.loads(stream.getvalue())["results"]]
    assert sources == ["p.jsonl#0", "p.jsonl#1", "p.jsonl#2"]


# -- SARIF ---------------------------------------------------------------------------------------------


def test_sarif_validates_against_the_official_schema() -> None:
    assert SCHEMA["id"].endswith("/sarif-schema-2.1.0.json")
    archive = "Post one with customers."
    doc = sarif.render_sarif(
        [launch_result(), result(archive, [finding(archive, "customers", suggestion="beneficiaries")],
                                 source="posts.jsonl#p1"), result("", [])],
        RULES,
    )
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(doc)
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1


def test_sarif_run_tool_rules_and_levels() -> None:
    run = sarif.render_sarif([launch_result()], RULES)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "persona" and driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == [r.id for r in RULES]
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in driver["rules"]}
    assert levels == {"channel.length": "error", "vocabulary.avoid": "error", "vocabulary.prefer": "warning",
                      "voice.formality": "warning", "voice.person": "note"}
    assert run["columnKind"] == "unicodeCodePoints"
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        ("vocabulary.prefer", "warning"), ("vocabulary.prefer", "warning"),
        ("voice.person", "note"), ("vocabulary.avoid", "error")]
    for r in run["results"]:
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]


def test_sarif_region_offsets_and_fix() -> None:
    first = sarif.render_sarif([launch_result()], RULES)["runs"][0]["results"][0]
    assert first["message"]["text"] == "Do not write 'customers'. Suggestion: beneficiaries"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "drafts/a.md"
    region = location["region"]
    assert region == {"startLine": 4, "startColumn": 5, "endLine": 4, "endColumn": 14,
                      "charOffset": LAUNCH.index("customers"), "charLength": 9}
    replacement = first["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["deletedRegion"] == region
    assert replacement["insertedContent"] == {"text": "beneficiaries"}
    assert first["fixes"][0]["properties"] == {"applicability": "safe"}


def test_sarif_fixes_come_from_the_finding_fix_not_the_suggestion() -> None:
    results = sarif.render_sarif([launch_result()], RULES)["runs"][0]["results"]
    by_match = {r["properties"]["match"]: r for r in results}
    assert by_match["clients"]["fixes"][0]["properties"] == {"applicability": "unsafe"}
    assert "fixes" not in by_match["I"]  # display only: "we am" is shown, never offered as an edit
    assert "fixes" not in by_match["guarantee"]


def test_sarif_fix_with_edits_elsewhere_than_the_match() -> None:
    text = "one\r\ntwo?!\r\n"
    bang = text.index("!")
    f = Finding("voice.exclamations", "warning", bang, bang + 1, "!", "m", None, 2, 5,
                Fix("safe", (Edit(bang, bang + 1, ""), Edit(0, 3, "One"))))
    (res,) = sarif.render_sarif([result(text, [f])], RULES)["runs"][0]["results"]
    first, second = res["fixes"][0]["artifactChanges"][0]["replacements"]
    assert first["deletedRegion"] == {"startLine": 2, "startColumn": 5, "endLine": 2, "endColumn": 6,
                                      "charOffset": bang, "charLength": 1}
    assert first["insertedContent"] == {"text": ""}
    assert second["deletedRegion"]["startLine"] == 1 and second["insertedContent"] == {"text": "One"}


def test_sarif_region_across_lines() -> None:
    text = "one\r\ntwo three\r\nfour"
    f = Finding("channel.length", "error", 9, len(text), text[9:], "too long", None, 2, 5)
    region = sarif.sarif_region(text, f)
    corners = (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"])
    assert corners == (2, 5, 3, 5)


def test_sarif_archive_post_points_at_the_file_and_names_the_post() -> None:
    text = "Post with customers."
    doc = sarif.render_sarif([result(text, [finding(text, "customers", suggestion="beneficiaries")],
                                      source="data/posts 1.jsonl#p7")], RULES)
    (res,) = doc["runs"][0]["results"]
    location = res["locations"][0]
    assert location["physicalLocation"] == {"artifactLocation": {"uri": "data/posts%201.jsonl",
                                                                 "uriBaseId": "%SRCROOT%"}}
    assert location["logicalLocations"][0]["name"] == "p7"
    assert location["properties"]["start"] == text.index("customers")
    assert "fixes" not in res and res["properties"]["source"] == "data/posts 1.jsonl#p7"


def test_split_source() -> None:
    assert sarif.split_source("a/posts.jsonl#12") == ("a/posts.jsonl", "12")
    assert sarif.split_source("a/posts.CSV#x#y") == ("a/posts.CSV", "x#y")
    assert sarif.split_source("notes#1.md") == ("notes#1.md", None)
    assert sarif.split_source("-") == ("-", None)


def test_tally_fail_on() -> None:
    warn_only = result("customers", [finding("customers", "customers")])
    for threshold, failed in (("error", False), ("warning", True), ("suggestion", True), ("never", False)):
        tally = Tally(fail_on=threshold)
        tally.add(warn_only)
        assert tally.failed is failed, threshold
