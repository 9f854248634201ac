"""Drafts in: Markdown front matter, non-prose ranges, disable comments, and every input kind."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from persona.check.markdown import parse_draft
from persona.errors import UserError
from persona.inputs import iter_drafts, read_archive

FIXTURES = Path(__file__).parent / "fixtures" / "drafts"


def one_error(excinfo: pytest.ExceptionInfo[UserError]) -> str:
    problems = excinfo.value.problems
    assert len(problems) == 1
    return str(problems[0])


def ranges_text(text: str, ranges: list[tuple[int, int]]) -> list[str]:
    return [text[start:end] for start, end in ranges]


# -- front matter -----------------------------------------------------------------------


def test_front_matter_sets_context_and_body_start() -> None:
    text = "---\npersona: legal\nchannel: x\nintent: service\nother: ignored\n---\nHello.\n"
    draft = parse_draft(text, "d.md")
    assert (draft.persona, draft.channel, draft.intent) == ("legal", "x", "service")
    assert text[draft.body_start:] == "Hello.\n"
    assert draft.non_prose[0] == (0, draft.body_start)
    assert draft.source == "d.md" and draft.text == text


def test_front_matter_with_crlf_line_endings() -> None:
    text = "---\r\npersona: legal\r\nchannel: x\r\n---\r\nOur `code` here\r\nsecond line\r\n"
    draft = parse_draft(text, "d.md")
    assert draft.persona == "legal" and draft.channel == "x"
    assert text[draft.body_start:].startswith("Our ")
    assert ranges_text(text, draft.non_prose[1:]) == ["`code`"]


def test_no_front_matter_when_the_first_line_is_not_dashes() -> None:
    text = "Hello\n---\npersona: legal\n---\n"
    draft = parse_draft(text, "d.md")
    assert draft.persona is None and draft.body_start == 0 and draft.non_prose == []


def test_empty_front_matter_and_empty_text() -> None:
    draft = parse_draft("---\n---\nHi", "d.md")
    assert draft.persona is None and draft.body_start == 8
    empty = parse_draft("", "-")
    assert empty.text == "" and empty.body_start == 0 and empty.non_prose == [] and empty.disabled == []


def test_broken_front_matter_points_into_the_draft() -> None:
    with pytest.raises(UserError) as excinfo:
        parse_draft("---\npersona: legal\nchannel: [x\n---\nHi\n", "drafts/a.md")
    message = one_error(excinfo)
    assert message.startswith("drafts/a.md:4:1: front matter: YAML syntax error")


def test_front_matter_values_must_be_strings() -> None:
    with pytest.raises(UserError) as excinfo:
        parse_draft("---\npersona: legal\nchannel: 12\n---\nHi\n", "a.md")
    assert one_error(excinfo) == "a.md:3:10: front matter: channel must be a non-empty string (got 12)"


def test_front_matter_must_be_a_mapping_and_closed() -> None:
    with pytest.raises(UserError) as excinfo:
        parse_draft("---\n- legal\n---\nHi\n", "a.md")
    assert one_error(excinfo).startswith("a.md:2:1: front matter: must be a mapping")
    with pytest.raises(UserError) as excinfo:
        parse_draft("---\npersona: legal\nHi\n", "a.md")
    assert one_error(excinfo) == "a.md:1:1: front matter: no closing '---' line"


def test_front_matter_refuses_python_tags() -> None:
    with pytest.raises(UserError) as excinfo:
        parse_draft("---\npersona: !!python/object/apply:os.system [ls]\n---\n", "a.md")
    assert "front matter: tag !!python/object/apply:os.system is not allowed" in one_error(excinfo)


# -- what is not prose ------------------------------------------------------------------------


def test_fenced_code_blocks_are_not_prose() -> None:
    text = "Before\n```python\nguarantee()\n```\nmiddle\n~~~~\nguarantee\n~~~~\nafter\n"
    draft = parse_draft(text, "a.md")
    assert ranges_text(text, draft.non_prose) == ["```python\nguarantee()\n```", "~~~~\nguarantee\n~~~~"]


def test_unclosed_fence_runs_to_the_end() -> None:
    text = "Before\n```\nguarantee\n"
    draft = parse_draft(text, "a.md")
    assert ranges_text(text, draft.non_prose) == ["```\nguarantee\n"]


def test_a_shorter_or_different_fence_does_not_close() -> None:
    text = "````\n```\n~~~\nstill code\n````\nprose"
    draft = parse_draft(text, "a.md")
    assert ranges_text(text, draft.non_prose) == ["````\n```\n~~~\nstill code\n````"]


def test_inline_code_link_targets_autolinks_and_comments() -> None:
    text = ("Use `guarantee` and ``a ` b``; see [our guarantee](https://x.sa/guarantee \"title\"), "
            "![img](pic.png), <https://x.sa/a> and <!-- note --> end.")
    draft = parse_draft(text, "a.md")
    assert ranges_text(text, draft.non_prose) == [
        "`guarantee`", "``a ` b``", '(https://x.sa/guarantee "title")', "(pic.png)",
        "<https://x.sa/a>", "<!-- note -->",
    ]
    assert "[our guarantee]" in text  # the link text stays prose: not in any range
    assert all(not (s <= text.index("our guarantee") < e) for s, e in draft.non_prose)


def test_unmatched_backticks_are_prose() -> None:
    text = "A lone ` backtick and a guarantee.\n\nNew paragraph ` here."
    assert parse_draft(text, "a.md").non_prose == []


def test_code_span_does_not_cross_a_blank_line() -> None:
    text = "one `two\n\nthree` four"
    assert parse_draft(text, "a.md").non_prose == []


def test_link_definition_lines_are_not_prose() -> None:
    text = "See [the portal][p].\n\n[p]: https://www.moj.gov.sa/guarantee\n"
    draft = parse_draft(text, "a.md")
    assert ranges_text(text, draft.non_prose) == ["[p]: https://www.moj.gov.sa/guarantee"]


def test_code_inside_a_fence_is_not_scanned_for_comments() -> None:
    text = "```\n<!-- persona-disable -->\n```\ntext"
    draft = parse_draft(text, "a.md")
    assert draft.disabled == []


# -- persona-disable / persona-enable ---------------------------------------------------------


def test_disable_one_rule_until_enable() -> None:
    text = "a\n<!-- persona-disable vocabulary.avoid -->\nguarantee\n<!-- persona-enable -->\nguarantee\n"
    draft = parse_draft(text, "a.md")
    assert len(draft.disabled) == 1
    start, end, rule = draft.disabled[0]
    assert rule == "vocabulary.avoid"
    assert text[start:end].startswith("<!-- persona-disable")
    assert text[start:end].endswith("<!-- persona-enable -->")
    second = text.rindex("guarantee")
    assert not start <= second < end and start <= text.index("guarantee") < end


def test_disable_several_rules_with_commas_and_spaces() -> None:
    text = "<!-- persona-disable voice.emoji, vocabulary.avoid  channel.length -->x<!-- persona-enable -->"
    rules = sorted(rule or "" for _, _, rule in parse_draft(text, "a.md").disabled)
    assert rules == ["channel.length", "vocabulary.avoid", "voice.emoji"]


def test_disable_all_rules_to_the_end_without_enable() -> None:
    text = "ok\n<!-- persona-disable -->\nanything\n"
    draft = parse_draft(text, "a.md")
    assert draft.disabled == [(text.index("<!--"), len(text), None)]


def test_enable_one_rule_keeps_the_others_off() -> None:
    text = ("<!-- persona-disable voice.emoji vocabulary.avoid -->a"
            "<!-- persona-enable voice.emoji -->b")
    draft = parse_draft(text, "a.md")
    by_rule = {rule: (start, end) for start, end, rule in draft.disabled}
    assert by_rule["voice.emoji"][1] == text.rindex("b")
    assert by_rule["vocabulary.avoid"][1] == len(text)


def test_ordinary_comments_disable_nothing() -> None:
    assert parse_draft("<!-- persona-disabled x --> <!-- hello -->", "a.md").disabled == []


def test_offsets_are_into_the_whole_text_with_front_matter() -> None:
    text = "---\r\npersona: legal\r\n---\r\n<!-- persona-disable -->`x`"
    draft = parse_draft(text, "a.md")
    assert draft.disabled[0][0] == text.index("<!--")
    assert ranges_text(text, draft.non_prose)[-1] == "`x`"


# -- files, directories, stdin ------------------------------------------------------------------


def test_markdown_file_and_plain_text_file() -> None:
    launch, plain = list(iter_drafts([str(FIXTURES / "launch.md"), str(FIXTURES / "plain.txt")]))
    assert launch.persona == "legal" and launch.intent == "service" and launch.body_start > 0
    assert plain.persona is None and plain.body_start == 0 and plain.non_prose == []
    assert plain.text.startswith("---\nthis is not front matter")


def test_directories_recursively_sorted_with_display_paths(tmp_path: Path) -> None:
    root = tmp_path / "drafts"
    shutil.copytree(FIXTURES, root)
    (root / ".hidden").mkdir()
    (root / ".hidden" / "skip.md").write_text("x", encoding="utf-8")
    (root / "notes.rst").write_text("x", encoding="utf-8")
    (root / "UPPER.MD").write_text("x", encoding="utf-8")
    sources = [d.source for d in iter_drafts([str(root)])]
    assert sources == [str(root / name) for name in
                       ("UPPER.MD", "launch.md", "nested/reply.markdown", "plain.txt")]


def test_directory_without_drafts_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    (tmp_path / "empty" / "sub" / "data.json").write_text("{}", encoding="utf-8")
    with pytest.raises(UserError) as excinfo:
        iter_drafts([str(tmp_path / "empty")])
    assert one_error(excinfo) == f"{tmp_path / 'empty'}: no drafts here (.md, .markdown or .txt files)"


def test_missing_file_fails_before_any_draft(tmp_path: Path) -> None:
    with pytest.raises(UserError) as excinfo:
        iter_drafts([str(FIXTURES / "launch.md"), str(tmp_path / "nope.md")])
    assert one_error(excinfo) == f"{tmp_path / 'nope.md'}: no such file"


def test_binary_and_non_utf8_files(tmp_path: Path) -> None:
    binary = tmp_path / "image.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(UserError) as excinfo:
        list(iter_drafts([str(binary)]))
    assert one_error(excinfo) == f"{binary}: binary file (contains NUL bytes)"
    latin = tmp_path / "latin.txt"
    latin.write_bytes("ok\ncaf\xe9 au lait".encode("latin-1"))
    with pytest.raises(UserError) as excinfo:
        list(iter_drafts([str(latin)]))
    assert one_error(excinfo) == f"{latin}:2:4: not valid UTF-8 text"


def test_empty_file_and_bom(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    bom = tmp_path / "bom.md"
    bom.write_bytes("\ufeff---\npersona: legal\n---\nHi".encode())
    first, second = iter_drafts([str(empty), str(bom)])
    assert first.text == "" and first.persona is None
    assert second.text == "---\npersona: legal\n---\nHi" and second.persona == "legal"


def test_stdin_text_is_markdown() -> None:
    (draft,) = iter_drafts(["-"], stdin_text="---\npersona: legal\n---\n`x`")
    assert draft.source == "-" and draft.persona == "legal" and len(draft.non_prose) == 2


# -- archives --------------------------------------------------------------------------------------


def test_jsonl_archive_ids_line_numbers_and_fields() -> None:
    path = str(FIXTURES / "posts.jsonl")
    drafts = list(iter_drafts([path]))
    assert [d.source for d in drafts] == [f"{path}#p1", f"{path}#3", f"{path}#7"]
    assert drafts[0].channel == "x" and drafts[0].persona is None
    assert drafts[1].persona == "legal" and drafts[1].text.startswith("We guarantee")
    assert drafts[2].intent == "service" and drafts[2].text.startswith("بإمكان")
    assert all(d.body_start == 0 and d.non_prose == [] for d in drafts)


def test_csv_archive_ids_and_row_start_lines() -> None:
    path = str(FIXTURES / "posts.csv")
    drafts = list(iter_drafts([path]))
    assert [d.source for d in drafts] == [f"{path}#a1", f"{path}#3"]
    assert drafts[0].text == "Our customers, and clients, can book online." and drafts[0].channel == "x"
    assert drafts[1].text == "A post\r\nover two lines" and drafts[1].channel is None


def test_archives_are_read_lazily(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(2000):
            out.write(json.dumps({"id": i, "text": f"post {i}"}) + "\n")
        out.write("{not json\n")
    stream = read_archive(str(path))
    first = next(stream)  # the broken last line has not been read yet
    assert first.source.endswith("#0") and first.text == "post 0"
    with pytest.raises(UserError):
        list(stream)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"text": "ok"}\n{"text": "x",}\n',
         "posts.jsonl:2: invalid JSON: Expecting property name enclosed in double quotes (column 14)"),
        ('{"text": "ok"}\n\n{"id": 3}\n', "posts.jsonl:3: text: missing"),
        ('{"text": 5}\n', "posts.jsonl:1: text: must be a string"),
        ('["text"]\n', "posts.jsonl:1: expected a JSON object with a 'text' field"),
        ('{"text": "a", "channel": 3}\n', "posts.jsonl:1: channel: must be a string"),
    ],
)
def test_malformed_jsonl_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str,
                               expected: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("posts.jsonl").write_text(content, encoding="utf-8")
    with pytest.raises(UserError) as excinfo:
        list(iter_drafts(["posts.jsonl"]))
    assert one_error(excinfo) == expected


def test_jsonl_non_utf8_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("posts.jsonl").write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    with pytest.raises(UserError) as excinfo:
        list(iter_drafts(["posts.jsonl"]))
    assert one_error(excinfo) == "posts.jsonl:2:14: not valid UTF-8 text"


def test_csv_without_text_column(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("posts.csv").write_text("id,body\n1,hello\n", encoding="utf-8")
    with pytest.raises(UserError) as excinfo:
        list(iter_drafts(["posts.csv"]))
    assert one_error(excinfo) == "posts.csv:1: text: missing column (columns: id, body)"


def test_csv_short_row_and_empty_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("posts.csv").write_text("id,text\nx1,hello\nx2\n", encoding="utf-8")
    with pytest.raises(UserError) as excinfo:
        list(iter_drafts(["posts.csv"]))
    assert one_error(excinfo) == "posts.csv:3: text: missing"
    Path("empty.jsonl").write_text("\n\n", encoding="utf-8")
    Path("empty.csv").write_text("", encoding="utf-8")
    assert list(iter_drafts(["empty.jsonl", "empty.csv"])) == []


def test_binary_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("posts.jsonl").write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(UserError) as excinfo:
        list(iter_drafts(["posts.jsonl"]))
    assert one_error(excinfo) == "posts.jsonl: binary file (contains NUL bytes)"
