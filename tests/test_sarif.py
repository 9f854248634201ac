"""SARIF for GitHub code scanning: Microsoft's multitool (GitHub's rules) and the OASIS schema agree
that persona's SARIF is valid; rules carry help; fingerprints survive edits; archives and stdin
are placed; the run says what it did."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from persona.check import sarif
from persona.check.batch import PersonaCache, Tally
from persona.check.registry import all_rules
from persona.check.types import Finding, Result
from tests.conftest import SAMPLES, Run

OASIS_SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

AR_DRAFT = """---
persona: government
channel: x
---
يسعدنا أن نعلن عن إطلاق الخدمة الجديدة!!! زوروا https://example.com للتفاصيل 😀😀
والله الخدمة حلوة مره وبتخلص معاملتك بسرعة.
"""
EN_DRAFT = "We are thrilled!!! Customers can apply now at https://example.com\nWe guarantee it!!!\n"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A checkout as a CI job sees it: drafts, a JSONL and a CSV archive of posts."""
    _write(tmp_path / "drafts" / "launch-ar.md", AR_DRAFT)
    _write(tmp_path / "drafts" / "news" / "launch-en.md", EN_DRAFT)
    _write(tmp_path / "posts.jsonl", '{"id": "p1", "text": "إطلاق الخدمة الجديدة!!! 😀😀"}\n\n'
           '{"text": "Our customers come first!!!", "persona": "government"}\n')
    _write(tmp_path / "posts.csv", 'id,text\nc1,"سطر أول\nثم خبر رائع!!!"\nc2,Great news!!! 😀😀\n')
    return tmp_path


def _sarif(persona_exe: Callable[..., Run], cwd: Path, *args: str, input: str | None = None) -> tuple[Run, dict]:
    run = persona_exe("check", *args, "--as", "government", "--personas", str(SAMPLES), "--format", "sarif",
                      cwd=cwd, input=input)
    assert run.code in (0, 1), run.stderr
    return run, json.loads(run.stdout)


def _validate_with_multitool(tool: Path, log: Path) -> list[str]:
    """The multitool's errors and warnings on ``log`` (SARIF's own rules and GitHub's)."""
    out = log.with_suffix(".validation.sarif")
    done = subprocess.run([str(tool), "validate", "--rule-kind", "Gh;Sarif", str(log), "--output", str(out),
                           "--log", "ForceOverwrite"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and out.is_file(), done.stdout + done.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    problems = []
    for run in report["runs"]:
        for notification in run["invocations"][0].get("toolExecutionNotifications", []):
            if notification.get("level") == "error":
                problems.append(f"tool error: {notification['message']}")
        for result in run.get("results", []):
            level = result.get("level", "warning")
            if level in ("error", "warning"):
                where = result["locations"][0]["physicalLocation"].get("region", {}).get("startLine")
                problems.append(f"{level} {result['ruleId']} (line {where}): {result['message']}")
    return problems


@pytest.mark.parametrize("inputs", [["drafts/launch-ar.md"], ["drafts"], ["posts.jsonl", "posts.csv"], ["-"],
                                    ["-", "--stdin-filename", "drafts/pasted.md"]],
                         ids=["file", "directory", "archives", "stdin", "stdin-named"])
def test_multitool_and_oasis_schema_find_no_error(persona_exe: Callable[..., Run], workspace: Path,
                                                   sarif_multitool: Path, inputs: list[str]) -> None:
    run, doc = _sarif(persona_exe, workspace, *inputs, input=EN_DRAFT if "-" in inputs else None)
    assert doc["runs"][0]["results"], "the drafts have findings: the log is not trivially valid"
    jsonschema.Draft4Validator(OASIS_SCHEMA, format_checker=jsonschema.FormatChecker()).validate(doc)
    bundled = sarif_multitool.parent / "sarif-2.1.0.json"  # the multitool's own copy of the schema
    jsonschema.Draft202012Validator(json.loads(bundled.read_text(encoding="utf-8"))).validate(doc)
    log = workspace / "persona.sarif"
    log.write_text(run.stdout, encoding="utf-8")
    assert _validate_with_multitool(sarif_multitool, log) == []


def test_multitool_does_find_errors_in_a_log_github_cannot_use(workspace: Path, sarif_multitool: Path) -> None:
    """The validation above can fail: the log persona wrote before this issue does."""
    doc = sarif.render_sarif([_result("Our customers!!", "customers")], all_rules(), root=str(workspace))
    for rule in doc["runs"][0]["tool"]["driver"]["rules"]:
        for key in ("fullDescription", "help", "helpUri"):
            del rule[key]
        rule["name"] = rule["id"]
    log = workspace / "old.sarif"
    log.write_text(json.dumps(doc), encoding="utf-8")
    problems = _validate_with_multitool(sarif_multitool, log)
    assert any("GH2012" in p for p in problems) and any("SARIF1001" in p for p in problems), problems


def _result(text: str, match: str, source: str = "drafts/a.md", rule: str = "vocabulary.prefer",
            origin_line: int | None = None) -> Result:
    findings = []
    start = text.find(match)
    while start != -1:
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        findings.append(Finding(rule, "warning", start, start + len(match), match, "m", None, line, column))
        start = text.find(match, start + 1)
    return Result(source, "government", None, None, findings, text, origin_line)


# -- rules ---------------------------------------------------------------------------------------------


def test_every_rule_has_a_name_descriptions_help_with_examples_and_a_help_uri() -> None:
    rules = all_rules()
    described = sarif.render_sarif([], rules)["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in described] == [r.id for r in rules]
    for rule, entry in zip(rules, described, strict=True):
        assert re.fullmatch(r"(?:[A-Z][a-z]+)+", entry["name"]) and entry["name"] != rule.id, entry["name"]
        assert entry["shortDescription"]["text"] == rule.description
        assert entry["fullDescription"]["text"].startswith(rule.description)
        assert entry["fullDescription"]["text"] != entry["shortDescription"]["text"]
        for kind, fires in (("Flagged", True), ("Not flagged", False)):
            texts = {e.text for e in rule.examples if e.fires is fires}
            shown = re.findall(rf"^{kind} \((?:ar|en)[^)]*\): (.*)$", entry["help"]["text"], re.MULTILINE)
            assert len(shown) == 1 and shown[0] in texts, (rule.id, kind, shown)
            assert entry["help"]["markdown"].count(f"**{kind}** (") == 1, (rule.id, kind)
        assert entry["helpUri"] == f"{sarif.DOCS_URL}reference/rules/#{rule.id.replace('.', '-').replace('_', '-')}"
    assert len({r["name"] for r in described}) == len(described)


# -- fingerprints -------------------------------------------------------------------------------------


def _fingerprints(doc: dict) -> dict[tuple[str, str, str], list[str]]:
    out: dict[tuple[str, str, str], list[str]] = {}
    for r in doc["runs"][0]["results"]:
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        out.setdefault((uri, r["ruleId"], r["properties"]["match"]), []).append(
            r["partialFingerprints"][sarif.FINGERPRINT])
    return out


def _start_lines(doc: dict) -> list[int]:
    return [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in doc["runs"][0]["results"]]


def test_fingerprints_survive_lines_inserted_above(persona_exe: Callable[..., Run], workspace: Path) -> None:
    draft = workspace / "drafts" / "news" / "launch-en.md"
    _, before = _sarif(persona_exe, workspace, str(draft))
    _write(draft, "---\npersona: government\n---\n\n# Launch\n\n<!-- reviewed -->\n\n" + EN_DRAFT)
    _, after = _sarif(persona_exe, workspace, str(draft))
    assert _start_lines(after) != _start_lines(before)  # every finding moved…
    assert _fingerprints(after) == _fingerprints(before)  # …and none changed its identity
    twice = _fingerprints(before)[("drafts/news/launch-en.md", "voice.exclamations", "!!!")]
    assert len(twice) == 2 and len(set(twice)) == 2  # the same match twice in a file: two alerts


def test_fingerprints_tell_rule_persona_match_and_occurrence_apart() -> None:
    base = sarif.fingerprint("vocabulary.prefer", "government", "عملائنا", 0)
    assert sarif.fingerprint("vocabulary.prefer", "government", "عُمَلائنا", 0) == base  # diacritics
    assert sarif.fingerprint("vocabulary.prefer", "government", "عمـلائنا", 0) == base  # tatweel
    assert sarif.fingerprint("vocabulary.prefer", "government", "Customers", 0) == \
        sarif.fingerprint("vocabulary.prefer", "government", "customers", 0)
    others = {sarif.fingerprint("vocabulary.avoid", "government", "عملائنا", 0),
              sarif.fingerprint("vocabulary.prefer", "legal", "عملائنا", 0),
              sarif.fingerprint("vocabulary.prefer", "government", "عملاؤنا", 0),
              sarif.fingerprint("vocabulary.prefer", "government", "عملائنا", 1)}
    assert base not in others and len(others) == 4


# -- where results are -------------------------------------------------------------------------------


def test_archive_posts_are_placed_at_their_line(persona_exe: Callable[..., Run], workspace: Path) -> None:
    _, doc = _sarif(persona_exe, workspace, "posts.jsonl", "posts.csv")
    placed = {(r["properties"]["source"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
              for r in doc["runs"][0]["results"]}
    # JSONL: p1 on line 1, the post without id on line 3 (after a blank line); CSV: c1's row starts
    # on line 2 and spans two lines, so c2 is on line 4.
    assert placed == {("posts.jsonl#p1", 1), ("posts.jsonl#3", 3), ("posts.csv#c1", 2), ("posts.csv#c2", 4)}
    for r in doc["runs"][0]["results"]:
        assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] in ("posts.jsonl", "posts.csv")
        assert r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == r["properties"]["source"]


@pytest.mark.parametrize("ascii_only", [False, True], ids=["utf8", "escaped"])
def test_jsonl_posts_are_placed_at_the_columns_of_the_match(persona_exe: Callable[..., Run], tmp_path: Path,
                                                            ascii_only: bool) -> None:
    posts = [{"id": "a", "text": "يسعدنا إطلاق الخدمة!!! 😀😀"},
             {"channel": "x", "text": 'قال «المتحدث»: "خبر رائع"!!!\nوالسطر الثاني!!! 😀😀', "id": "b"},
             {"text": "ignored", "id": "c", "text": "Tab\there!!! and a \\ backslash!!!"}]  # noqa: F601
    lines = [json.dumps(post, ensure_ascii=ascii_only) for post in posts]
    lines[2] = lines[2].replace('"text": "Tab', '"text": "ignored", "text": "Tab', 1)  # JSON keeps the last
    archive = _write(tmp_path / "posts.jsonl", "\n".join(lines) + "\n")
    _, doc = _sarif(persona_exe, tmp_path, str(archive.name))
    results = doc["runs"][0]["results"]
    assert {r["properties"]["source"] for r in results} == {"posts.jsonl#a", "posts.jsonl#b", "posts.jsonl#c"}
    spans = 0
    for r in results:
        region = r["locations"][0]["physicalLocation"]["region"]
        raw = lines[region["startLine"] - 1]
        assert region["endLine"] == region["startLine"]
        literal = raw[region["startColumn"] - 1:region["endColumn"] - 1]
        assert json.loads(f'"{literal}"') == r["properties"]["match"], (r["ruleId"], literal)
        spans += bool(r["properties"]["match"])
    assert spans >= 6


def test_text_columns_refuses_what_is_not_a_post() -> None:
    from persona.check.archive_place import text_columns

    for raw in ("[1, 2]", '{"text": 5}', '{"id": "x"}', "{broken", '"text"', ""):
        assert text_columns(raw) is None, raw
    assert text_columns('{"text": "a\\u0628\\ud83d\\ude00b"}') == [11, 12, 18, 30, 31]


def test_archive_lines_come_through_the_worker_processes(workspace: Path) -> None:
    from persona.check import parallel
    from persona.check.engine import check_draft
    from persona.cli.personas import open_store
    from persona.inputs import read_archive

    posts = workspace / "many.jsonl"
    _write(posts, "".join(f'{{"id": "n{i}", "text": "خبر رائع رقم {i}!!!"}}\n' for i in range(30)))
    cache = PersonaCache(open_store([SAMPLES]))

    def resolve(draft):  # type: ignore[no-untyped-def]
        draft.persona = "government"
        return cache.get("government")

    pooled = list(parallel.check_parallel(read_archive(str(posts)), resolve, jobs=2, check=check_draft,
                                          threshold=10, chunk_size=7))
    assert [r.origin_line for r in pooled] == list(range(1, 31))


def test_uris_are_relative_to_the_root_and_absolute_outside_it(persona_exe: Callable[..., Run], workspace: Path,
                                                             tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = _write(tmp_path_factory.mktemp("elsewhere") / "other draft.md", EN_DRAFT)
    _, doc = _sarif(persona_exe, workspace, "drafts/news/launch-en.md", str(outside))
    run = doc["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": workspace.resolve().as_uri() + "/"}}
    locations = {json.dumps(r["locations"][0]["physicalLocation"]["artifactLocation"], sort_keys=True)
                 for r in run["results"]}
    assert locations == {json.dumps({"uri": "drafts/news/launch-en.md", "uriBaseId": "%SRCROOT%"}, sort_keys=True),
                         json.dumps({"uri": outside.resolve().as_uri()}, sort_keys=True)}
    _, rooted = _sarif(persona_exe, workspace, "drafts/news/launch-en.md", "--sarif-root", "drafts")
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in rooted["runs"][0]["results"]}
    assert uris == {"news/launch-en.md"}
    assert rooted["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (workspace / "drafts").resolve().as_uri() + "/"
    typo = persona_exe("check", "drafts", "--as", "government", "--personas", str(SAMPLES), "--format", "sarif",
                       "--sarif-root", "draft", cwd=workspace)
    assert typo.code == 2 and typo.stdout == "" and "'--sarif-root': dir 'draft' does not exist" in typo.stderr


def test_stdin_is_named_stdin_or_as_asked(persona_exe: Callable[..., Run], workspace: Path) -> None:
    _, doc = _sarif(persona_exe, workspace, "-", input=EN_DRAFT)
    run = doc["runs"][0]
    artifact = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact["uri"] == "stdin" and "uriBaseId" not in artifact and artifact["properties"] == {"stdin": True}
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["stdin-unnamed"]
    _, named = _sarif(persona_exe, workspace, "-", "--stdin-filename", "drafts/pasted.md", input=EN_DRAFT)
    artifact = named["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "drafts/pasted.md", "uriBaseId": "%SRCROOT%"}
    assert "toolExecutionNotifications" not in named["runs"][0]["invocations"][0]
    text = persona_exe("check", "-", "--stdin-filename", "drafts/pasted.md", "--as", "government", "--personas",
                       str(SAMPLES), cwd=workspace, input=EN_DRAFT)
    assert "\ndrafts/pasted.md:1:16: warning voice.exclamations" in text.stdout and "-:" not in text.stdout


def test_fix_reports_what_remains_relative_to_the_root_and_names_stdin(persona_exe: Callable[..., Run],
                                                                      workspace: Path) -> None:
    _, doc = _sarif(persona_exe, workspace, "drafts/news/launch-en.md", "--fix", "--sarif-root", "drafts")
    remaining = doc["runs"][0]["results"]
    assert remaining and all(r["ruleId"] != "voice.exclamations" for r in remaining)  # fixed in place
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in remaining} == {
        "news/launch-en.md"}
    run = persona_exe("check", "-", "--fix", "--stdin-filename", "pasted.md", "--as", "government", "--personas",
                      str(SAMPLES), "--format", "github", cwd=workspace, input=EN_DRAFT)
    assert run.code == 0 and "::warning file=pasted.md,line=1," in run.stderr + run.stdout


# -- the run's summary --------------------------------------------------------------------------------


def test_invocation_summarises_the_run(persona_exe: Callable[..., Run], workspace: Path) -> None:
    run, doc = _sarif(persona_exe, workspace, "drafts", "posts.jsonl")
    (invocation,) = doc["runs"][0]["invocations"]
    levels = [r["level"] for r in doc["runs"][0]["results"]]
    assert invocation["executionSuccessful"] is True
    assert invocation["exitCode"] == run.code == 1  # the Arabic draft has an error (two emoji)
    assert invocation["properties"] == {
        "results": {level: levels.count(level) for level in ("error", "warning", "note")},
        "drafts": 4, "files": 3, "failOn": "error"}
    run, doc = persona_exe("check", "drafts", "--as", "government", "--personas", str(SAMPLES), "--format", "sarif",
                           "--fail-on", "never", cwd=workspace), None
    assert run.code == 0 and json.loads(run.stdout)["runs"][0]["invocations"][0]["exitCode"] == 0


@pytest.mark.parametrize(("count", "note"), [(5_000, None), (5_001, "results-not-shown"),
                                             (25_001, "too-many-results")])
def test_a_run_github_will_not_show_whole_says_so(count: int, note: str | None) -> None:
    text = "!" * count
    doc = sarif.render_sarif([_result(text, "!", rule="voice.exclamations")], [], tally=Tally())
    (invocation,) = doc["runs"][0]["invocations"]
    assert len(doc["runs"][0]["results"]) == count
    ids = [n["descriptor"]["id"] for n in invocation.get("toolExecutionNotifications", [])]
    assert ids == ([note] if note else [])
