"""Hardening: every bad input gives one clear line and exit 2; nothing hides a banned word;
nothing is written that was not asked for. Runs the installed `persona` script."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

LEGAL_SNIPPET = "--as", "legal"


def tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_duplicate_ids_across_directories_warn_which_one_wins(persona_exe, tmp_path, samples):
    other = tmp_path / "team"
    other.mkdir()
    (other / "legal.yaml").write_text("id: legal\nname: Team legal\n", encoding="utf-8")
    run = persona_exe("list", "--personas", str(other), "--personas", str(samples))
    assert run.code == 0
    assert "persona 'legal' is defined in" in run.stderr and "using" in run.stderr
    assert "Team legal" in run.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("check", "missing.md", *LEGAL_SNIPPET), "missing.md: no such file"),
        (("check", "empty-dir", *LEGAL_SNIPPET), "empty-dir"),
        (("check", "binary.md", *LEGAL_SNIPPET), "binary.md"),
        (("check", "latin1.txt", *LEGAL_SNIPPET), "latin1.txt:1:"),
        (("check", "bad.jsonl", *LEGAL_SNIPPET), "bad.jsonl:2"),
        (("check", "post.md", "--as", "legl"), "did you mean 'legal'"),
        (("check", "post.md", "--as", "../personas/legal"), "is not a persona id"),
        (("check", "post.md", *LEGAL_SNIPPET, "--format", "pdf"), "--format"),
        (("check", "post.md", *LEGAL_SNIPPET, "--fail-on", "sometimes"), "--fail-on"),
        (("show", "legal", "--format", "xml"), "--format"),
        (("rewrite", "hello", "--as", "nobody"), "unknown persona 'nobody'"),
        (("rewrite", "hello", "--file", "post.md", "--as", "legal"), ""),
        (("bogus-command",), "No such command"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(persona_exe, tmp_path, args, expected):
    (tmp_path / "empty-dir").mkdir()
    (tmp_path / "binary.md").write_bytes(b"\x00\x01\x02PNG\x00")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 customers".encode("latin-1"))
    (tmp_path / "bad.jsonl").write_text('{"text": "ok"}\n{"text": broken\n', encoding="utf-8")
    (tmp_path / "post.md").write_text("A post.\n", encoding="utf-8")
    before = tree_digest(tmp_path)
    run = persona_exe(*args, cwd=tmp_path)
    assert run.code == 2, (run.stdout, run.stderr)
    assert expected in one_line(run.stderr)
    assert tree_digest(tmp_path) == before  # nothing written, nothing changed


def test_empty_input_is_a_clean_result(persona_exe, tmp_path):
    run = persona_exe("check", "-", "--as", "legal", "--format", "json", input="")
    assert run.code == 0, run.stderr
    [result] = json.loads(run.stdout)["results"]
    assert result["findings"] == [] and result["score"] == 100


def test_invisible_characters_do_not_hide_terms(persona_exe):
    text = "We guar\u200bantee it. نضـــمن ذلك. Our cus\u2060tomers and وال\u200fعملاء."
    run = persona_exe("check", "-", "--as", "legal", "--format", "json", input=text)
    findings = json.loads(run.stdout)["results"][0]["findings"]
    by_rule = {(f["rule"], f["match"]) for f in findings}
    assert ("vocabulary.avoid", "guar\u200bantee") in by_rule
    assert ("vocabulary.avoid", "نضـــمن") in by_rule
    assert ("vocabulary.prefer", "cus\u2060tomers") in by_rule
    assert ("vocabulary.prefer", "وال\u200fعملاء") in by_rule
    for f in findings:
        assert text[f["start"]:f["end"]] == f["match"]


def test_arabic_indic_digits_and_separators_in_phone_numbers(persona_exe):
    text = "للاستفسار اتصل على ٩٢٠-٠٠٠-٠٠٠ أو 920 000 000"
    run = persona_exe("check", "-", "--as", "legal", "--format", "json", input=text)
    retired = [f for f in json.loads(run.stdout)["results"][0]["findings"] if f["rule"] == "facts.retired"]
    assert [f["match"] for f in retired] == ["٩٢٠-٠٠٠-٠٠٠", "920 000 000"]
    assert [f["suggestion"] for f in retired] == ["١٩٥٠", "1950"]  # in the digits the writer typed


def test_mixed_scripts_in_one_draft(persona_exe):
    text = "Dear customers، نرحب بالعملاء في البوابة!! Visit https://bit.ly/x"
    run = persona_exe("check", "-", "--as", "legal", "--format", "json", input=text)
    rules = {f["rule"] for f in json.loads(run.stdout)["results"][0]["findings"]}
    assert {"vocabulary.prefer", "voice.exclamations", "facts.unverified"} <= rules


def test_five_megabyte_draft_completes(persona_exe, tmp_path):
    paragraph = ("The ministry serves its customers online. يرجى طباعة النموذج. Call 920000000.\n")
    path = tmp_path / "big.md"
    path.write_text(paragraph * (5_000_000 // len(paragraph.encode("utf-8"))), encoding="utf-8")
    # over the default draft limit (1 MiB, persona.limits): allowed with --max-bytes
    run = persona_exe("check", str(path), "--as", "legal", "--format", "json", "--max-bytes", "8M", timeout=300)
    assert run.code == 1
    findings = json.loads(run.stdout)["results"][0]["findings"]
    assert len(findings) > 100_000


def test_check_and_validate_write_nothing(persona_exe, tmp_path, samples):
    draft = tmp_path / "post.md"
    draft.write_text("---\nchannel: x\n---\nCustomers can print the form!\n", encoding="utf-8")
    before = tree_digest(tmp_path)
    assert persona_exe("check", str(draft), "--as", "legal", cwd=tmp_path).code == 1
    assert persona_exe("validate", "--personas", str(samples), cwd=tmp_path).code == 0
    assert persona_exe("rewrite", "--file", str(draft), "--as", "legal", cwd=tmp_path).code in (0, 1)
    assert tree_digest(tmp_path) == before
