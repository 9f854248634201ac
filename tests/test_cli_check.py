"""`persona check` and `persona rules` end to end, with the real engine and real personas."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import Run, corpus

FIXTURES = Path(__file__).parent / "fixtures"
DRAFTS = FIXTURES / "drafts"
SARIF_SCHEMA = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

# The contract's table of checks (spec/cli.md, "Checks (rule ids)").
CONTRACT_RULES = {
    "vocabulary.avoid": "error",
    "vocabulary.prefer": "warning",
    "voice.emoji": "error",
    "voice.exclamations": "warning",
    "voice.contractions": "warning",
    "voice.sentence_length": "warning",
    "voice.informal": "warning",
    "voice.person": "suggestion",
    "voice.formality": "warning",
    "channel.length": "error",
    "channel.hashtags": "warning",
    "channel.links": "warning",
    "channel.unknown": "warning",
    "values.contradiction": "error",
    "facts.retired": "error",
    "facts.unverified": "warning",
    "intent.missing": "warning",
    "intent.length": "warning",
}
CONTRACT_RULE_IDS = sorted(CONTRACT_RULES)

ACME = """
id: acme
name: {en: ACME Ministry, ar: وزارة أكمي}
languages: [en, ar]
voice:
  formality: 3
  tolerance: 2
  emoji: sparing
  exclamations: true
  contractions: true
  person: none
channels:
  x: {max_length: 280}
  web: {}
vocabulary:
  prefer:
    - use: beneficiaries
      instead_of: [customers]
  avoid:
    - term: guarantee
      reason: A promise we cannot make
intents:
  service: {requires: [link]}
  news: {}
facts:
  urls: ["https://www.acme.gov.sa"]
"""


@pytest.fixture
def acme(write_persona: Callable[..., Path]) -> Path:
    """A personas folder holding `acme`, which never writes 'guarantee' and prefers 'beneficiaries'."""
    return write_persona("acme", ACME).parent


def check_json(cli: Callable[..., Run], *args: str) -> tuple[Run, dict]:
    run = cli("check", "--format", "json", *args)
    assert run.code in (0, 1), run.stderr
    return run, json.loads(run.stdout)


def rules_found(document: dict, index: int = 0) -> list[str]:
    return [f["rule"] for f in document["results"][index]["findings"]]


def avoided(document: dict, index: int = 0) -> list[str]:
    return [f["match"] for f in document["results"][index]["findings"] if f["rule"] == "vocabulary.avoid"]


def write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return str(path)


def assert_one_line_error(run: Run, expected: str) -> None:
    assert run.code == 2
    assert run.stderr.splitlines() == [expected]
    assert "Traceback" not in run.stderr


def assert_offsets_hold(document: dict, texts: dict[str, str]) -> None:
    for result in document["results"]:
        text = texts[result["source"]]
        for f in result["findings"]:
            assert text[f["start"]:f["end"]] == f["match"], (result["source"], f)
            line_start = 0
            for _ in range(f["line"] - 1):
                line_start = text.index("\n", line_start) + 1
            assert f["start"] - line_start + 1 == f["column"], f


# -- prose and not prose --------------------------------------------------------------------


def test_banned_term_in_prose_is_reported_but_not_in_code_or_link_targets(
        cli: Callable[..., Run], acme: Path, tmp_path: Path) -> None:
    text = ("---\npersona: acme\nchannel: x\n---\n"
            "We guarantee nothing. Inline `guarantee` code, [a link](https://www.acme.gov.sa/guarantee).\n"
            "```\nguarantee()\n```\n<https://www.acme.gov.sa/guarantee> <!-- guarantee -->\n")
    draft = write(tmp_path / "post.md", text)
    run, doc = check_json(cli, draft, "--personas", str(acme))
    assert avoided(doc) == ["guarantee"]
    (f,) = [f for f in doc["results"][0]["findings"] if f["rule"] == "vocabulary.avoid"]
    assert (f["line"], f["column"], f["start"]) == (5, 4, text.index("guarantee"))
    assert run.code == 1


def test_link_text_is_prose(cli: Callable[..., Run], acme: Path, tmp_path: Path) -> None:
    draft = write(tmp_path / "post.md", "See [our guarantee](https://www.acme.gov.sa/x).\n")
    _, doc = check_json(cli, draft, "--as", "acme", "--personas", str(acme))
    assert avoided(doc) == ["guarantee"]


def test_disable_and_enable_comments(cli: Callable[..., Run], acme: Path, tmp_path: Path) -> None:
    text = ("One guarantee.\n<!-- persona-disable vocabulary.avoid -->\nTwo guarantee, customers.\n"
            "<!-- persona-enable -->\nThree guarantee.\n"
            "<!-- persona-disable -->\nFour guarantee, customers.\n")
    draft = write(tmp_path / "post.md", text)
    _, doc = check_json(cli, draft, "--as", "acme", "--personas", str(acme))
    findings = doc["results"][0]["findings"]
    lines = sorted((f["line"], f["rule"]) for f in findings if f["rule"].startswith("vocabulary"))
    assert lines == [(1, "vocabulary.avoid"), (3, "vocabulary.prefer"), (5, "vocabulary.avoid")]


def test_crlf_draft_offsets_and_columns(cli: Callable[..., Run], acme: Path, tmp_path: Path) -> None:
    text = "---\r\npersona: acme\r\n---\r\nFirst line.\r\nOur customers, a guarantee.\r\n"
    draft = write(tmp_path / "crlf.md", text)
    _, doc = check_json(cli, draft, "--personas", str(acme))
    found = {f["rule"]: f for f in doc["results"][0]["findings"]}
    assert (found["vocabulary.prefer"]["line"], found["vocabulary.prefer"]["column"]) == (5, 5)
    assert (found["vocabulary.avoid"]["line"], found["vocabulary.avoid"]["column"]) == (5, 18)
    assert_offsets_hold(doc, {draft: text})


def test_plain_text_draft_has_no_front_matter(cli: Callable[..., Run], acme: Path, tmp_path: Path) -> None:
    draft = write(tmp_path / "post.txt", "---\npersona: nobody\n---\nA guarantee.\n")
    _, doc = check_json(cli, draft, "--as", "acme", "--personas", str(acme))
    assert doc["results"][0]["persona"] == "acme" and avoided(doc) == ["guarantee"]


# -- context: persona, channel, intent --------------------------------------------------------------


def test_persona_from_front_matter_and_flags_win(cli: Callable[..., Run], acme: Path, tmp_path: Path) -> None:
    draft = write(tmp_path / "post.md", "---\npersona: acme\nchannel: x\nintent: news\n---\nHello.\n")
    _, doc = check_json(cli, draft, "--personas", str(acme))
    assert {k: doc["results"][0][k] for k in ("persona", "channel", "intent")} == \
        {"persona": "acme", "channel": "x", "intent": "news"}
    _, doc = check_json(cli, draft, "--personas", str(acme), "--channel", "web", "--intent", "service")
    result = doc["results"][0]
    assert (result["channel"], result["intent"]) == ("web", "service")
    assert "intent.missing" in rules_found(doc)


def test_missing_persona_names_the_draft(cli: Callable[..., Run], acme: Path, tmp_path: Path) -> None:
    draft = write(tmp_path / "post.md", "Hello.\n")
    run = cli("check", draft, "--personas", str(acme), "--format", "json")
    assert_one_line_error(run, f"{draft}: no persona: pass --as ID, or set 'persona:' in the front matter "
                               "(archives: a 'persona' field)")
    assert run.stdout == ""


def test_unknown_persona_is_exit_2(cli: Callable[..., Run], acme: Path, tmp_path: Path) -> None:
    draft = write(tmp_path / "post.md", "Hello.\n")
    run = cli("check", draft, "--as", "acne", "--personas", str(acme))
    assert_one_line_error(run, "unknown persona 'acne' (did you mean 'acme'?)")
    in_front = write(tmp_path / "other.md", "---\npersona: nobody\n---\nHello.\n")
    run = cli("check", in_front, "--personas", str(acme))
    assert_one_line_error(run, f"{in_front}: unknown persona 'nobody'")


def test_unknown_channel_flag_is_a_finding_not_an_error(cli: Callable[..., Run], acme: Path,
                                                        tmp_path: Path) -> None:
    draft = write(tmp_path / "post.md", "Hello.\n")
    run, doc = check_json(cli, draft, "--as", "acme", "--channel", "tiktok", "--personas", str(acme),
                          "--fail-on", "never")
    assert run.code == 0 and "channel.unknown" in rules_found(doc)


# -- inputs -------------------------------------------------------------------------------------------


def test_stdin_through_the_installed_script(persona_exe: Callable[..., Run], acme: Path) -> None:
    text = "---\npersona: acme\n---\nA guarantee for our customers.\n"
    for args in (("check", "-"), ("check",)):  # no paths: stdin when it is not a terminal
        run = persona_exe(*args, "--format", "json", "--personas", str(acme), input=text)
        assert run.code == 1, run.stderr
        doc = json.loads(run.stdout)
        assert doc["results"][0]["source"] == "-" and avoided(doc) == ["guarantee"]
        assert_offsets_hold(doc, {"-": text})


def test_empty_stdin_is_a_clean_draft(persona_exe: Callable[..., Run], acme: Path) -> None:
    run = persona_exe("check", "--as", "acme", "--personas", str(acme), input="")
    assert run.code == 0, run.stderr
    assert run.stdout == "0 errors, 0 warnings, 0 suggestions in 1 draft; score 100\n"


def test_no_paths_on_a_terminal_is_a_usage_error(cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch,
                                                 acme: Path) -> None:
    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal())
    run = cli("check", "--as", "acme", "--personas", str(acme))
    assert run.code == 2 and "no drafts given" in run.stderr and "persona check --help" in run.stderr
    assert len(run.stderr.splitlines()) == 1


def test_directory_recursion(cli: Callable[..., Run], samples: Path, tmp_path: Path) -> None:
    root = tmp_path / "drafts"
    shutil.copytree(DRAFTS, root)
    _, doc = check_json(cli, str(root), "--as", "legal", "--personas", str(samples))
    assert [r["source"] for r in doc["results"]] == [
        str(root / "launch.md"), str(root / "nested" / "reply.markdown"), str(root / "plain.txt")]


def test_jsonl_and_csv_archives(cli: Callable[..., Run], samples: Path, monkeypatch: pytest.MonkeyPatch,
                                tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(DRAFTS / "posts.jsonl", "posts.jsonl")
    shutil.copy(DRAFTS / "posts.csv", "posts.csv")
    _, doc = check_json(cli, "posts.jsonl", "posts.csv", "--as", "legal", "--personas", str(samples))
    assert [r["source"] for r in doc["results"]] == [
        "posts.jsonl#p1", "posts.jsonl#3", "posts.jsonl#7", "posts.csv#a1", "posts.csv#3"]
    assert doc["results"][0]["channel"] == "x" and doc["results"][2]["intent"] == "service"
    texts = {}
    for number, line in enumerate(Path("posts.jsonl").read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            record = json.loads(line)
            texts[f"posts.jsonl#{record.get('id', number)}"] = record["text"]
    texts["posts.csv#a1"] = "Our customers, and clients, can book online."
    texts["posts.csv#3"] = "A post\r\nover two lines"
    assert_offsets_hold(doc, texts)
    assert "vocabulary.prefer" in rules_found(doc, 3)


def test_archive_persona_field_without_as(cli: Callable[..., Run], samples: Path, tmp_path: Path) -> None:
    archive = write(tmp_path / "p.jsonl", '{"persona": "legal", "text": "hello"}\n{"text": "no persona"}\n')
    run = cli("check", archive, "--personas", str(samples), "--format", "json")
    assert_one_line_error(run, f"{archive}#2: no persona: pass --as ID, or set 'persona:' in the front "
                               "matter (archives: a 'persona' field)")


def test_malformed_archive_line(cli: Callable[..., Run], samples: Path, monkeypatch: pytest.MonkeyPatch,
                                tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "bad.jsonl", '{"text": "fine"}\n{"text": oops}\n')
    run = cli("check", "bad.jsonl", "--as", "legal", "--personas", str(samples), "--format", "json")
    assert_one_line_error(run, "bad.jsonl:2: invalid JSON: Expecting value (column 10)")
    write(tmp_path / "bad.csv", "id,body\n1,x\n")
    run = cli("check", "bad.csv", "--as", "legal", "--personas", str(samples))
    assert_one_line_error(run, "bad.csv:1: text: missing column (columns: id, body)")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.md", None, "missing.md: no such file"),
        ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00", "image.md: binary file (contains NUL bytes)"),
        ("latin.md", "Caf\xe9".encode("latin-1"), "latin.md:1:4: not valid UTF-8 text"),
        ("broken.md", b"---\npersona: [\n---\nx", "broken.md:3:1: front matter: YAML syntax error: "
                                                   "expected the node content, but found '<stream end>'"),
    ],
)
def test_unreadable_inputs(cli: Callable[..., Run], samples: Path, monkeypatch: pytest.MonkeyPatch,
                           tmp_path: Path, name: str, content: bytes | None, expected: str) -> None:
    monkeypatch.chdir(tmp_path)
    if content is not None:
        Path(name).write_bytes(content)
    run = cli("check", name, "--as", "legal", "--personas", str(samples), "--format", "sarif")
    assert_one_line_error(run, expected)
    assert run.stdout == ""


def test_empty_file_is_clean(cli: Callable[..., Run], samples: Path, tmp_path: Path) -> None:
    draft = write(tmp_path / "empty.md", "")
    run, doc = check_json(cli, draft, "--as", "legal", "--personas", str(samples))
    assert run.code == 0 and doc["results"][0]["findings"] == [] and doc["results"][0]["score"] == 100


# -- outputs ---------------------------------------------------------------------------------------------


def test_json_matches_the_contract_on_a_corpus(cli: Callable[..., Run], samples: Path,
                                               tmp_path: Path) -> None:
    posts = corpus(60, tmp_path)
    run, doc = check_json(cli, str(posts), "--as", "legal", "--channel", "x", "--personas", str(samples))
    assert list(doc) == ["version", "results"] and doc["version"] == 1 and len(doc["results"]) == 60
    texts = {}
    for line in posts.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        texts[f"{posts}#{record['id']}"] = record["text"]
    for result in doc["results"]:
        assert list(result) == ["source", "persona", "channel", "intent", "score", "findings"]
        severities = [f["severity"] for f in result["findings"]]
        counts = {s: severities.count(s) for s in ("error", "warning", "suggestion")}
        expected = max(0, 100 - 10 * counts["error"] - 3 * counts["warning"] - counts["suggestion"])
        assert result["score"] == expected
        for f in result["findings"]:
            contract = ["rule", "severity", "line", "column", "start", "end", "match", "message", "suggestion"]
            assert list(f) in (contract, [*contract, "fix"])  # `fix` is optional (2026-12 addition)
            if "fix" in f:
                assert f["fix"]["applicability"] in ("safe", "unsafe", "display") and f["fix"]["edits"]
            assert f["rule"] in CONTRACT_RULES
    assert_offsets_hold(doc, texts)
    assert run.code == 1 and run.stderr == ""


def test_sarif_validates_against_the_schema(cli: Callable[..., Run], samples: Path, tmp_path: Path) -> None:
    posts = corpus(30, tmp_path)
    draft = write(tmp_path / "launch.md", (DRAFTS / "launch.md").read_text(encoding="utf-8")
                  + "Our customers, we guarantee it!!\n")
    run = cli("check", draft, str(posts), "--as", "legal", "--personas", str(samples), "--format", "sarif",
              "--sarif-root", str(tmp_path))
    assert run.code == 1, run.stderr
    doc = json.loads(run.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=jsonschema.FormatChecker()).validate(doc)
    (sarif_run,) = doc["runs"]
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    rule_ids = [r["id"] for r in sarif_run["tool"]["driver"]["rules"]]
    assert set(CONTRACT_RULE_IDS) <= set(rule_ids)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif_run["results"]}
    assert uris <= {"launch.md", posts.name} and "launch.md" in uris
    in_draft = [r for r in sarif_run["results"]
                if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "launch.md"]
    text = Path(draft).read_text(encoding="utf-8")
    for r in in_draft:
        region = r["locations"][0]["physicalLocation"]["region"]
        start = region["charOffset"]
        assert text[start:start + region["charLength"]] == r["properties"]["match"]


def test_text_output(cli: Callable[..., Run], acme: Path, tmp_path: Path) -> None:
    draft = write(tmp_path / "post.md", "Hello.\nOur customers get a guarantee.\n")
    run = cli("check", draft, "--as", "acme", "--personas", str(acme))
    assert run.code == 1
    lines = run.stdout.splitlines()
    assert f"{draft}:2:5: warning vocabulary.prefer: " in run.stdout
    start = lines.index(next(line for line in lines if line.startswith(f"{draft}:2:5:")))
    assert lines[start + 1] == "    Our customers get a guarantee."
    assert lines[start + 2] == "        ^~~~~~~~~"
    assert lines[start + 3] == "    → beneficiaries"
    _, doc = check_json(cli, draft, "--as", "acme", "--personas", str(acme))
    assert re.fullmatch(r"1 error, \d+ warnings?, \d+ suggestions? in 1 draft; score \d+", lines[-1])
    assert lines[-1].endswith(f"; score {doc['results'][0]['score']}")
    assert "\033[" not in run.stdout and run.stderr == ""


@pytest.mark.parametrize(
    ("fail_on", "text", "code"),
    [
        ("error", "Our customers are welcome.", 0),
        ("warning", "Our customers are welcome.", 1),
        ("suggestion", "Our customers are welcome.", 1),
        ("error", "A guarantee.", 1),
        ("never", "A guarantee.", 0),
        ("suggestion", "Welcome.", 0),
    ],
)
def test_exit_codes_with_fail_on(cli: Callable[..., Run], acme: Path, tmp_path: Path, fail_on: str,
                                 text: str, code: int) -> None:
    draft = write(tmp_path / "post.md", text + "\n")
    run = cli("check", draft, "--as", "acme", "--personas", str(acme), "--fail-on", fail_on,
              "--format", "json")
    assert run.code == code, run.stdout
    assert run.stderr == ""


def test_a_path_as_persona_id_is_exit_2(cli: Callable[..., Run], acme: Path, tmp_path: Path) -> None:
    draft = write(tmp_path / "post.md", "Hello.\n")
    run = cli("check", draft, "--as", "../etc/passwd", "--personas", str(acme))
    assert run.code == 2 and "is not a persona id" in run.stderr and "Traceback" not in run.stderr


def test_bad_option_value_is_exit_2(persona_exe: Callable[..., Run], acme: Path) -> None:
    run = persona_exe("check", "x.md", "--as", "acme", "--personas", str(acme), "--fail-on", "sometimes")
    assert run.code == 2 and "Traceback" not in run.stderr and "--fail-on" in run.stderr


def test_a_bad_choice_reads_as_one_plain_line(persona_exe: Callable[..., Run], acme: Path) -> None:
    run = persona_exe("check", "x.md", "--as", "acme", "--personas", str(acme), "--format", "xml")
    assert run.code == 2 and run.stdout == ""
    assert run.stderr.strip() == ("persona: Invalid value for '--format': 'xml' is not one of 'text', 'json', "
                                  "'sarif', 'github'. (see 'persona check --help')")


# -- persona rules --------------------------------------------------------------------------------------


def test_rules_lists_every_contract_rule(cli: Callable[..., Run]) -> None:
    run = cli("rules")
    assert run.code == 0
    lines = run.stdout.splitlines()
    assert lines[0].split() == ["RULE", "SEVERITY", "DESCRIPTION"]
    table = {line.split()[0]: line.split()[1] for line in lines[1:]}
    for rule_id, severity in CONTRACT_RULES.items():
        assert table.get(rule_id) == severity, rule_id
    assert list(table) == sorted(table)


def test_rules_as_json(cli: Callable[..., Run]) -> None:
    run = cli("rules", "--format", "json")
    doc = json.loads(run.stdout)
    ids = [r["id"] for r in doc["rules"]]
    assert set(CONTRACT_RULE_IDS) <= set(ids)
    for rule in doc["rules"]:
        assert rule["description"] and rule["severity"] in ("error", "warning", "suggestion")
        assert any(ex["fires"] for ex in rule["examples"]) and any(not ex["fires"] for ex in rule["examples"])
