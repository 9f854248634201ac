"""`persona check --fix | --diff | --unsafe-fixes` end to end, with the installed `persona` script."""

from __future__ import annotations

import codecs
import csv
import json
import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, Run

Exe = Callable[..., Run]

FRONT = "---\npersona: legal\nchannel: x\ntitle: Old number 920000000 (kept here)\n---\n"
DRAFT = "Our customers can call 920000000 now!!\nDon't wait.\n"
FIXED = "Our beneficiaries can call 1950 now.\nDo not wait.\n"
ARABIC = "للاستفسار اتصل على ٩٢٠٠٠٠٠٠٠ أو زوروا بوابة ناجز!\n"
ARABIC_FIXED = "للاستفسار اتصل على ١٩٥٠ أو زوروا بوابة ناجز.\n"  # the writer's digits


def run(exe: Exe, *args: str, cwd: Path, input: str | None = None) -> Run:
    return exe("check", *args, "--personas", str(SAMPLES), cwd=cwd, input=input)


def safe_left(exe: Exe, path: Path, *extra: str) -> list[dict]:
    """The findings of a re-check that `--fix` would still fix."""
    done = exe("check", str(path), "--personas", str(SAMPLES), "--format", "json", *extra, cwd=path.parent)
    findings = [f for r in json.loads(done.stdout)["results"] for f in r["findings"]]
    return [f for f in findings if f.get("fix", {}).get("applicability") == "safe"]


def test_fix_in_place_keeps_front_matter_and_reports_what_remains(persona_exe: Exe, tmp_path: Path):
    draft = tmp_path / "post.md"
    draft.write_text(FRONT + DRAFT + "We guarantee a reply.\n", encoding="utf-8")
    done = run(persona_exe, "--fix", "post.md", cwd=tmp_path)
    assert done.code == 1  # vocabulary.avoid ("guarantee", an error) has no fix: it remains
    assert draft.read_text(encoding="utf-8") == FRONT + FIXED + "We guarantee a reply.\n"
    assert "vocabulary.avoid" in done.stdout and "facts.retired" not in done.stdout
    assert "post.md:8:4: error vocabulary.avoid" in done.stdout  # located in the fixed text
    assert "fixed 4 findings in 1 draft" in done.stderr
    assert safe_left(persona_exe, draft) == []


def test_fix_with_nothing_left_exits_0(persona_exe: Exe, tmp_path: Path):
    (tmp_path / "post.md").write_text(FRONT + DRAFT, encoding="utf-8")
    done = run(persona_exe, "--fix", "post.md", "--format", "json", cwd=tmp_path)
    assert done.code == 0, done.stderr
    assert json.loads(done.stdout)["results"][0]["findings"] == []


def test_crlf_line_endings_are_kept(persona_exe: Exe, tmp_path: Path):
    draft = tmp_path / "crlf.md"
    draft.write_bytes((FRONT + DRAFT).replace("\n", "\r\n").encode())
    assert run(persona_exe, "--fix", "crlf.md", cwd=tmp_path).code == 0
    assert draft.read_bytes() == (FRONT + FIXED).replace("\n", "\r\n").encode()


def test_bom_and_arabic_are_kept(persona_exe: Exe, tmp_path: Path):
    draft = tmp_path / "ar.txt"
    draft.write_bytes(codecs.BOM_UTF8 + ARABIC.encode("utf-8"))
    done = run(persona_exe, "--fix", "ar.txt", "--as", "legal", cwd=tmp_path)
    assert done.code == 0, done.stdout + done.stderr
    assert draft.read_bytes() == codecs.BOM_UTF8 + ARABIC_FIXED.encode("utf-8")


def test_read_only_file_exits_2_and_nothing_is_written(persona_exe: Exe, tmp_path: Path):
    writable, locked = tmp_path / "a.md", tmp_path / "b.md"
    for path in (writable, locked):
        path.write_text(FRONT + DRAFT, encoding="utf-8")
    locked.chmod(0o444)
    done = run(persona_exe, "--fix", "a.md", "b.md", cwd=tmp_path)
    assert done.code == 2
    assert done.stderr.strip() == "b.md: read-only file: not fixed (nothing was written)"
    assert writable.read_text(encoding="utf-8") == FRONT + DRAFT  # not even the writable one
    assert locked.read_text(encoding="utf-8") == FRONT + DRAFT
    assert stat.S_IMODE(locked.stat().st_mode) == 0o444


def test_symlink_target_is_fixed_and_the_link_stays_a_link(persona_exe: Exe, tmp_path: Path):
    real = tmp_path / "real" / "post.md"
    real.parent.mkdir()
    real.write_text(FRONT + DRAFT, encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert run(persona_exe, "--fix", "link.md", cwd=tmp_path).code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == FRONT + FIXED
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the permissions survive the atomic write


def test_a_symlink_out_of_a_directory_is_not_followed(persona_exe: Exe, tmp_path: Path):
    """A directory is walked without following links: the link's target is neither read nor written."""
    outside = tmp_path / "elsewhere.md"
    outside.write_text(FRONT + DRAFT, encoding="utf-8")
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "mine.md").write_text(FRONT + DRAFT, encoding="utf-8")
    (folder / "theirs.md").symlink_to(outside)
    done = run(persona_exe, "--fix", "drafts", cwd=tmp_path)
    assert done.code == 0 and "in 1 draft;" in done.stderr, done.stderr
    assert outside.read_text(encoding="utf-8") == FRONT + DRAFT
    assert (folder / "theirs.md").is_symlink()
    assert (folder / "mine.md").read_text(encoding="utf-8") == FRONT + FIXED


def test_a_directory_is_fixed_file_by_file(persona_exe: Exe, tmp_path: Path):
    folder = tmp_path / "drafts"
    (folder / "ar").mkdir(parents=True)
    (folder / "en.md").write_text(FRONT + DRAFT, encoding="utf-8")
    (folder / "ar" / "post.txt").write_text(ARABIC, encoding="utf-8")
    (folder / "clean.md").write_text(FRONT + FIXED, encoding="utf-8")
    before = (folder / "clean.md").stat().st_mtime_ns
    done = run(persona_exe, "--fix", "drafts", "--as", "legal", cwd=tmp_path)
    assert done.code == 0, done.stdout
    assert (folder / "en.md").read_text(encoding="utf-8") == FRONT + FIXED
    assert (folder / "ar" / "post.txt").read_text(encoding="utf-8") == ARABIC_FIXED
    assert (folder / "clean.md").stat().st_mtime_ns == before  # nothing to fix: not rewritten
    assert "in 2 drafts" in done.stderr


def test_stdin_fixed_text_on_stdout_report_on_stderr(persona_exe: Exe, tmp_path: Path):
    done = run(persona_exe, "--fix", "-", "--as", "legal", cwd=tmp_path, input=DRAFT + "We guarantee it.\n")
    assert done.stdout == FIXED + "We guarantee it.\n"
    assert done.code == 1 and "vocabulary.avoid" in done.stderr


def test_diff_writes_nothing_and_patch_applies_it(persona_exe: Exe, tmp_path: Path):
    draft = tmp_path / "post.md"
    draft.write_text(FRONT + DRAFT, encoding="utf-8")
    done = run(persona_exe, "--diff", "post.md", cwd=tmp_path)
    assert done.code == 0  # nothing at --fail-on would remain
    assert draft.read_text(encoding="utf-8") == FRONT + DRAFT
    assert done.stdout.startswith("--- a/post.md\n+++ b/post.md\n")
    assert "-Our customers can call 920000000 now!!\n-Don't wait.\n+Our beneficiaries can call 1950 now.\n" \
        in done.stdout
    assert "would fix 4 findings in 1 draft; nothing written" in done.stderr
    subprocess.run(["patch", "-p1", "--quiet"], input=done.stdout, text=True, cwd=tmp_path, check=True)
    assert draft.read_text(encoding="utf-8") == FRONT + FIXED


def test_unsafe_fixes_only_when_asked(persona_exe: Exe, tmp_path: Path):
    draft = tmp_path / "post.md"
    text = FRONT + "العملاء راضون عن ناجز.\n"  # the subject is nominative: «المستفيدون», not «المستفيدين»
    draft.write_text(text, encoding="utf-8")
    assert run(persona_exe, "--fix", "post.md", cwd=tmp_path).code == 0
    assert draft.read_text(encoding="utf-8") == text
    diff = run(persona_exe, "--diff", "--unsafe-fixes", "post.md", cwd=tmp_path)
    fixed = "المستفيدين راضون عن ناجز.\n"  # what the unsafe fix writes: a person must review it
    assert f"+{fixed}" in diff.stdout and draft.read_text(encoding="utf-8") == text
    assert run(persona_exe, "--fix", "--unsafe-fixes", "post.md", cwd=tmp_path).code == 0
    assert draft.read_text(encoding="utf-8") == FRONT + fixed


def test_jsonl_archive_is_fixed_into_output_never_in_place(persona_exe: Exe, tmp_path: Path):
    posts = tmp_path / "posts.jsonl"
    lines = [json.dumps({"id": "a1", "text": "Customers: call 920000000!", "channel": "x", "lang": "en"}),
             "",
             json.dumps({"id": "a2", "text": "للاستفسار اتصل على 1950", "channel": "x"}, ensure_ascii=False)]
    posts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    original = posts.read_bytes()
    refused = run(persona_exe, "--fix", "posts.jsonl", "--as", "legal", cwd=tmp_path)
    assert refused.code == 2 and "never in place: give --output FILE" in refused.stderr
    same = run(persona_exe, "--fix", "posts.jsonl", "--as", "legal", "--output", "posts.jsonl", cwd=tmp_path)
    assert same.code == 2 and posts.read_bytes() == original
    done = run(persona_exe, "--fix", "posts.jsonl", "--as", "legal", "-o", "fixed.jsonl", cwd=tmp_path)
    assert done.code == 0, done.stdout + done.stderr
    assert posts.read_bytes() == original
    out = (tmp_path / "fixed.jsonl").read_text(encoding="utf-8").split("\n")
    assert json.loads(out[0]) == {"id": "a1", "text": "Beneficiaries: call 1950.", "channel": "x", "lang": "en"}
    assert out[1:] == [*lines[1:], ""]  # the blank line and the untouched post, byte for byte


def test_csv_archive_is_fixed_into_output(persona_exe: Exe, tmp_path: Path):
    (tmp_path / "posts.csv").write_text('id,text,channel\n1,"Customers, call 920000000!",x\n2,Fine.,x\n',
                                        encoding="utf-8")
    done = run(persona_exe, "--fix", "posts.csv", "--as", "legal", "-o", "out.csv", cwd=tmp_path)
    assert done.code == 0, done.stdout + done.stderr
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["id", "text", "channel"], ["1", "Beneficiaries, call 1950.", "x"], ["2", "Fine.", "x"]]


def test_archive_diff_shows_each_post(persona_exe: Exe, tmp_path: Path):
    (tmp_path / "posts.jsonl").write_text(json.dumps({"id": 7, "text": "Call 920000000 now!"}) + "\n")
    done = run(persona_exe, "--diff", "posts.jsonl", "--as", "legal", cwd=tmp_path)
    assert done.stdout.startswith("--- a/posts.jsonl#7\n+++ b/posts.jsonl#7\n")
    assert "+Call 1950 now.\n" in done.stdout and not (tmp_path / "posts.fixed.jsonl").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--unsafe-fixes", "post.md"], "go with --fix"),
    (["--fix", "--diff", "post.md"], "give one of the two"),
    (["--fix", "post.md", "--output", "x.md"], "one fixed archive"),
    (["--fix", "-", "post.md"], "fixed on its own"),
    (["--fix", "post.md", "--source", "post.md"], "does not go with --fix or --diff"),
])
def test_flag_mistakes_are_one_line_and_change_nothing(persona_exe: Exe, tmp_path: Path, args, message):
    draft = tmp_path / "post.md"
    draft.write_text(FRONT + DRAFT, encoding="utf-8")
    done = run(persona_exe, *args, cwd=tmp_path, input="")
    assert done.code == 2 and message in done.stderr and len(done.stderr.splitlines()) == 1
    assert "Traceback" not in done.stderr and draft.read_text(encoding="utf-8") == FRONT + DRAFT


def test_json_findings_carry_their_fix(persona_exe: Exe, tmp_path: Path):
    done = run(persona_exe, "-", "--as", "legal", "--format", "json", cwd=tmp_path, input="Call 920000000.")
    finding = json.loads(done.stdout)["results"][0]["findings"][0]
    assert finding["fix"] == {"applicability": "safe", "edits": [{"start": 5, "end": 14, "text": "1950"}]}


def test_lang_sets_the_language_of_what_remains(persona_exe: Exe, tmp_path: Path):
    done = run(persona_exe, "--fix", "-", "--as", "legal", "--lang", "ar", "--format", "json", cwd=tmp_path,
               input="We guarantee a reply, call 920000000.")
    assert done.stdout == "We guarantee a reply, call 1950."
    (remaining,) = json.loads(done.stderr)["results"][0]["findings"]
    assert remaining["rule"] == "vocabulary.avoid" and "«guarantee»" in remaining["message"]  # in Arabic


def test_a_bad_post_leaves_no_output_behind(persona_exe: Exe, tmp_path: Path):
    (tmp_path / "posts.jsonl").write_text('{"text": "Call 920000000!"}\n{"text": 7}\n', encoding="utf-8")
    done = run(persona_exe, "--fix", "posts.jsonl", "--as", "legal", "-o", "out.jsonl", cwd=tmp_path)
    assert done.code == 2 and done.stderr.strip() == "posts.jsonl:2: text: must be a string"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["posts.jsonl"]  # no output, no temporary file
