"""`persona check --format github`: GitHub Actions workflow commands, escaped as the runner reads
them, capped at GitHub's annotations per step, with one line saying what was left out."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from persona.check import github
from tests.conftest import SAMPLES, Run

COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def unescape(value: str) -> str:
    """What the Actions runner makes of an escaped value (its `%XX` sequences, in one pass)."""
    codes = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}
    return re.sub(r"%25|%0D|%0A|%3A|%2C", lambda m: codes[m.group(0)], value)


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command as the runner splits it: level, properties, message."""
    match = COMMAND.match(line)
    assert match, line
    properties = dict(item.split("=", 1) for item in match.group(2).split(","))
    return match.group(1), {k: unescape(v) for k, v in properties.items()}, unescape(match.group(3))


def _github(persona_exe: Callable[..., Run], cwd: Path, *args: str, input: str | None = None) -> Run:
    return persona_exe("check", *args, "--as", "government", "--personas", str(SAMPLES), "--format", "github",
                       cwd=cwd, input=input)


def test_escaping_is_the_runners() -> None:
    assert github.escape_data("50% off\r\nnext::line") == "50%25 off%0D%0Anext::line"
    assert github.escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert github.escape_data("bell\x07 esc\x1b[31m red\x9b tab\there") == "bell esc[31m red tab here"
    for value in ("٥٠٪ خصم: اليوم، غدًا", "100%", "x\r\ny", "::error::x", "a,b:c"):
        assert unescape(github.escape_property(value)) == value
        assert unescape(github.escape_data(value)) == value


def test_findings_are_annotations_on_their_file_line_and_column(persona_exe: Callable[..., Run],
                                                              tmp_path: Path) -> None:
    draft = tmp_path / "drafts" / "إطلاق, الخدمة: نسخة 2.md"  # a comma and a colon in a property
    draft.parent.mkdir()
    draft.write_text("---\npersona: government\n---\nيسعدنا إطلاق الخدمة الجديدة!!! 😀😀\n", encoding="utf-8")
    run = _github(persona_exe, tmp_path, str(draft))
    assert run.code == 1 and run.stderr == ""  # the two emoji are an error
    lines = run.stdout.splitlines()
    assert lines[-1] == "1 error, 2 warnings, 0 suggestions in 1 draft; score 84"
    commands = [parse(line) for line in lines[:-1]]
    levels = [level for level, _, _ in commands]
    assert sorted(levels) == ["error", "warning", "warning"]
    for _level, properties, message in commands:
        assert properties["file"] == "drafts/إطلاق, الخدمة: نسخة 2.md"
        assert properties["title"].startswith("persona ")
        assert message
    (bang,) = [c for c in commands if c[1]["title"] == "persona voice.exclamations"]
    assert bang[0] == "warning"
    assert {k: bang[1][k] for k in ("line", "col", "endLine", "endColumn")} == {
        "line": "4", "col": "28", "endLine": "4", "endColumn": "31"}
    assert "Suggestion: ." in bang[2]


def test_caps_per_level_and_one_line_of_what_was_left_out(persona_exe: Callable[..., Run], tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    # each post: an error (three emoji), two warnings («!!!», formality) and a suggestion (a term to prefer)
    posts.write_text("".join(f'{{"id": "p{i}", "text": "نخدم معاملتك رقم {i}!!! 😀😀😀"}}\n' for i in range(14)),
                     encoding="utf-8")
    run = _github(persona_exe, tmp_path, "posts.jsonl")
    assert run.code == 1
    lines = run.stdout.splitlines()
    commands = [parse(line) for line in lines if line.startswith("::")]
    counted = {level: sum(1 for c in commands if c[0] == level) for level in ("error", "warning", "notice")}
    assert counted == {"error": 10, "warning": 10, "notice": 10}
    plain = [line for line in lines if not line.startswith("::")]
    assert len(plain) == 2
    left_out, summary = plain
    assert summary == "14 errors, 28 warnings, 14 suggestions in 14 drafts; mean score 83.0"  # formality too
    assert left_out == ("persona: 26 more findings not annotated (4 errors, 18 warnings, 4 suggestions): GitHub "
                        "shows 10 annotations of each level a step; run `persona check --format text` (or sarif) "
                        "to see them all")
    first = commands[0][1]
    assert first["file"] == "posts.jsonl" and first["line"] == "1"
    raw = posts.read_text(encoding="utf-8").splitlines()[0]
    for level, properties, _ in commands:
        if properties["line"] == "1" and "endColumn" in properties:  # a JSONL post: the match's own columns
            match = raw[int(properties["col"]) - 1:int(properties["endColumn"]) - 1]
            assert match == {"error": "😀", "warning": "!!!", "notice": "معاملتك"}[level], (level, match)  # the first emoji
    assert commands[0][2].startswith("post p0 (1:")
    assert {c[1]["line"] for c in commands if c[0] == "error"} == {str(n) for n in range(1, 11)}


def test_exit_codes_follow_fail_on(persona_exe: Callable[..., Run], tmp_path: Path) -> None:
    text = "We are thrilled!!!\n"  # warnings only
    assert _github(persona_exe, tmp_path, "-", input=text).code == 0
    assert _github(persona_exe, tmp_path, "-", "--fail-on", "warning", input=text).code == 1
    clean = _github(persona_exe, tmp_path, "-", input="The service opens on Sunday.\n")
    assert clean.code == 0 and clean.stdout == "0 errors, 0 warnings, 0 suggestions in 1 draft; score 100\n"
    missing = _github(persona_exe, tmp_path, "nowhere.md")
    assert missing.code == 2 and missing.stdout == "" and missing.stderr.strip() == "nowhere.md: no such file"


def test_stdin_has_no_file_unless_named(persona_exe: Callable[..., Run], tmp_path: Path) -> None:
    text = "We are thrilled!!!\n"
    (_, unnamed, _), *_ = (parse(line) for line in _github(persona_exe, tmp_path, "-", input=text).stdout.splitlines()
                           if line.startswith("::"))
    assert "file" not in unnamed and unnamed["line"] == "1"
    run = _github(persona_exe, tmp_path, "-", "--stdin-filename", "drafts/pasted.md", input=text)
    (_, named, _), *_ = (parse(line) for line in run.stdout.splitlines() if line.startswith("::"))
    assert named["file"] == "drafts/pasted.md"


@pytest.mark.parametrize("outside", [True, False])
def test_files_are_relative_to_the_root(persona_exe: Callable[..., Run], tmp_path: Path, outside: bool) -> None:
    draft = tmp_path / "repo" / "drafts" / "a.md"
    draft.parent.mkdir(parents=True)
    draft.write_text("We are thrilled!!!\n", encoding="utf-8")
    root = tmp_path / "elsewhere" if outside else tmp_path / "repo"
    root.mkdir(exist_ok=True)
    run = _github(persona_exe, tmp_path, str(draft), "--sarif-root", str(root))
    (_, properties, _), *_ = (parse(line) for line in run.stdout.splitlines() if line.startswith("::"))
    assert properties["file"] == (str(draft) if outside else "drafts/a.md")


def test_an_empty_match_is_a_point_and_a_post_keeps_its_place_inside() -> None:
    from persona.check.types import Finding, Result

    text = "Apply online today.\n"
    missing = Finding("intent.missing", "warning", 19, 19, "", "A service message must contain a link.", None, 1, 20)
    level, properties, message = parse(github.annotation(Result("drafts/a.md", "legal", None, "service", [missing],
                                                                text), missing, "/"))
    assert level == "warning" and properties == {"file": github.relative_path("drafts/a.md", "/"), "line": "1",
                                                 "col": "20", "title": "persona intent.missing"}
    assert "endLine" not in properties and message == "A service message must contain a link."
    post = Result("posts.csv#c7", "legal", None, None, [missing], text, origin_line=12)
    _, properties, message = parse(github.annotation(post, missing, "/"))
    assert properties["line"] == "12" and "col" not in properties
    assert message == "post c7 (1:20): A service message must contain a link."
