"""Issue 16 items 11 and 13: size limits on what is read, and directories walked without
following symbolic links out of the tree.

Limits (persona.limits): a persona file 2 MiB (``PERSONA_MAX_PERSONA_BYTES``), a draft or one
line of an archive 1 MiB (``--max-bytes``, ``PERSONA_MAX_BYTES``); 0 is no limit. Every refusal is
one line saying the limit and how to raise it, exit 2, from the fast check path and the full
command line alike. Real files, the installed ``persona`` script.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PERSONA_EXE, SAMPLES, Run

MIB = 1024 * 1024
HOW_DRAFT = "raise it with --max-bytes SIZE or PERSONA_MAX_BYTES=SIZE (such as 8M; 0: no limit)"


def run(*args: str, env: dict[str, str] | None = None, input: bytes | None = None, cwd: Path | None = None) -> Run:
    full_env = {k: v for k, v in os.environ.items()
                if k not in ("PERSONA_PATH", "PERSONA_MAX_BYTES", "PERSONA_MAX_PERSONA_BYTES")}
    full_env.update(env or {})
    proc = subprocess.run([PERSONA_EXE, *args], input=input, capture_output=True, env=full_env, cwd=cwd,
                          timeout=300, stdin=None if input is not None else subprocess.DEVNULL)
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


def error_line(result: Run) -> str:
    assert result.code == 2, (result.code, result.stderr[-1000:])
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def both_paths(*args: str, env: dict[str, str] | None = None, input: bytes | None = None) -> Run:
    """Run ``check`` by the fast path and by the full command line; both print the same bytes."""
    fast = run(*args, env=env, input=input)
    full = run(*args, env={**(env or {}), "PERSONA_NO_FAST": "1"}, input=input)
    assert (fast.code, fast.stdout, fast.stderr) == (full.code, full.stdout, full.stderr)
    return fast


# -- drafts -----------------------------------------------------------------------------------------


def test_a_draft_over_the_default_limit_is_refused(tmp_path: Path) -> None:
    draft = tmp_path / "book.md"
    draft.write_bytes(("نص " * (MIB // 4)).encode("utf-8")[: MIB + 1])
    assert draft.stat().st_size == MIB + 1
    result = both_paths("check", str(draft), "--as", "legal", "--personas", str(SAMPLES))
    assert error_line(result) == (f"{draft}: too large: more than 1 MiB (1,048,576 bytes), the limit for a draft; "
                                  f"{HOW_DRAFT}")
    rewrite = run("rewrite", "--file", str(draft), "--as", "legal", "--personas", str(SAMPLES))
    assert error_line(rewrite).startswith(f"{draft}: too large: more than 1 MiB")


@pytest.mark.parametrize("how", ["option", "env"])
def test_the_draft_limit_is_settable(tmp_path: Path, how: str) -> None:
    exact, over = tmp_path / "exact.txt", tmp_path / "over.txt"
    exact.write_bytes(b"Dear customers " * 68 + b"1234")  # 1,024 bytes
    over.write_bytes(exact.read_bytes() + b"!")
    assert exact.stat().st_size == 1024
    option = ["--max-bytes", "1k"] if how == "option" else []
    env = {"PERSONA_MAX_BYTES": "1k"} if how == "env" else {}
    ok = both_paths("check", str(exact), "--as", "legal", "--personas", str(SAMPLES), *option, env=env)
    assert ok.code in (0, 1) and not ok.stderr
    refused = both_paths("check", str(over), "--as", "legal", "--personas", str(SAMPLES), *option, env=env)
    assert error_line(refused) == (f"{over}: too large: more than 1 KiB (1,024 bytes), the limit for a draft; "
                                   f"{HOW_DRAFT}")
    rewrite = run("rewrite", "--file", str(over), "--as", "legal", "--personas", str(SAMPLES), *option, env=env)
    assert error_line(rewrite).startswith(f"{over}: too large: more than 1 KiB")
    rewritten = run("rewrite", "--file", str(exact), "--as", "legal", "--personas", str(SAMPLES), *option, env=env)
    assert rewritten.code in (0, 1), rewritten.stderr


def test_the_option_wins_over_the_environment_and_zero_is_no_limit(tmp_path: Path) -> None:
    draft = tmp_path / "post.txt"
    draft.write_bytes("عملاءنا الكرام، يسعدنا خدمتكم. ".encode() * 200)  # about 11 kB
    env = {"PERSONA_MAX_BYTES": "1k"}
    assert "too large" in error_line(both_paths("check", str(draft), "--as", "legal", env=env))
    for value in ("0", "64k", "1M"):
        ok = both_paths("check", str(draft), "--as", "legal", "--max-bytes", value, env=env)
        assert ok.code in (0, 1) and not ok.stderr, ok.stderr


def test_standard_input_over_the_limit(tmp_path: Path) -> None:
    data = "مرحبا بكم في خدماتنا ".encode() * 100  # 3,900 bytes
    result = both_paths("check", "-", "--as", "legal", "--max-bytes", "2k", input=data)
    assert error_line(result) == f"<stdin>: too large: more than 2 KiB (2,048 bytes), the limit for a draft; {HOW_DRAFT}"
    rewrite = run("rewrite", "-", "--as", "legal", "--max-bytes", "2k", input=data)
    assert error_line(rewrite).startswith("<stdin>: too large: more than 2 KiB")


@pytest.mark.parametrize("value", ["2x", "-1", "1.5M", "", "k", "9" * 40])
def test_a_bad_size_is_one_line(tmp_path: Path, value: str) -> None:
    draft = tmp_path / "post.md"
    draft.write_text("Hello\n", encoding="utf-8")
    result = run("check", str(draft), "--as", "legal", f"--max-bytes={value}")
    assert error_line(result).startswith("--max-bytes: not a size:")
    env_result = both_paths("check", str(draft), "--as", "legal", env={"PERSONA_MAX_BYTES": value or "x"})
    assert error_line(env_result).startswith("PERSONA_MAX_BYTES: not a size:")


# -- archives: the limit is per line, the archive as a whole has none ----------------------------------


def test_a_jsonl_line_over_the_limit_is_refused_where_it_is(tmp_path: Path) -> None:
    archive = tmp_path / "posts.jsonl"
    lines = ['{"id": "a", "text": "عملاؤنا الكرام!!"}', '{"id": "b", "text": "' + "x" * 3000 + '"}']
    archive.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = both_paths("check", str(archive), "--as", "legal", "--max-bytes", "2k")
    assert result.code == 2
    assert f"{archive}#a" in result.stdout  # the posts before it are reported first
    assert result.stderr.splitlines() == [
        f"{archive}:2: too large: more than 2 KiB (2,048 bytes), the limit for a line of an archive; {HOW_DRAFT}"]
    # many small posts: far more than the limit in all, read a line at a time
    many = tmp_path / "many.jsonl"
    many.write_text("".join(f'{{"id": "{i}", "text": "مرحبا {i}"}}\n' for i in range(200)), encoding="utf-8")
    assert many.stat().st_size > 4096
    ok = both_paths("check", str(many), "--as", "legal", "--max-bytes", "2k", "--format", "json")
    assert ok.code in (0, 1) and not ok.stderr


def test_a_csv_line_or_field_over_the_limit(tmp_path: Path) -> None:
    line = tmp_path / "line.csv"
    line.write_text("id,text\na,hello\nb," + "y" * 3000 + "\n", encoding="utf-8")
    assert error_line(both_paths("check", str(line), "--as", "legal", "--max-bytes", "2k")).startswith(
        f"{line}:3: too large: more than 2 KiB (2,048 bytes), the limit for a line of an archive")
    field = tmp_path / "field.csv"
    field.write_text('id,text\na,"' + "z\n" * 1500 + '"\n', encoding="utf-8")  # short lines, one long field
    assert "the limit for a field of an archive" in error_line(
        both_paths("check", str(field), "--as", "legal", "--max-bytes", "2k"))


def test_a_jsonl_line_without_end_is_not_read_whole(tmp_path: Path) -> None:
    archive = tmp_path / "endless.jsonl"
    with archive.open("wb") as handle:  # 40 MB on one line: refused after reading the limit
        handle.write(b'{"text": "')
        for _ in range(40):
            handle.write(b"a" * 1_000_000)
    result = run("check", str(archive), "--as", "legal")
    assert error_line(result).startswith(f"{archive}:1: too large: more than 1 MiB")


# -- persona files ---------------------------------------------------------------------------------


def test_a_persona_file_over_the_default_limit_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "personas"
    folder.mkdir()
    big = folder / "big.yaml"
    legal = (SAMPLES / "legal.yaml").read_text(encoding="utf-8").replace("id: legal", "id: big", 1)
    padding = "# " + "x" * 98 + "\n"
    big.write_text(legal + padding * (2 * MIB // 100 + 1), encoding="utf-8")
    assert big.stat().st_size > 2 * MIB
    expected = (f"{big}: too large: more than 2 MiB (2,097,152 bytes), the limit for a persona file; "
                "raise it with PERSONA_MAX_PERSONA_BYTES=SIZE (such as 8M; 0: no limit)")
    assert error_line(run("validate", "--personas", str(folder))) == expected
    draft = tmp_path / "post.md"
    draft.write_text("Hello\n", encoding="utf-8")
    assert error_line(both_paths("check", str(draft), "--as", "big", "--personas", str(folder),
                                 env={"PERSONA_NO_CACHE": "1"})) == expected


def test_the_persona_limit_is_settable(tmp_path: Path) -> None:
    folder = tmp_path / "personas"
    folder.mkdir()
    for name in ("legal.yaml", "government.yaml"):  # legal extends government
        (folder / name).write_bytes((SAMPLES / name).read_bytes())
    size = max(path.stat().st_size for path in folder.iterdir())
    small = {"PERSONA_MAX_PERSONA_BYTES": str(size - 1), "PERSONA_NO_CACHE": "1"}
    assert f"more than {size - 1:,} bytes, the limit for a persona file" in error_line(
        run("validate", "--personas", str(folder), env=small))
    for value in (str(size), "0", "1M"):
        ok = run("validate", "--personas", str(folder), env={"PERSONA_MAX_PERSONA_BYTES": value})
        assert ok.code == 0, ok.stderr
    assert error_line(run("list", "--personas", str(folder), env={"PERSONA_MAX_PERSONA_BYTES": "lots"})) \
        .startswith("PERSONA_MAX_PERSONA_BYTES: not a size: 'lots'")


# -- item 11: directories are walked without following symbolic links -----------------------------------


def test_a_directory_walk_does_not_follow_links_out_of_the_tree(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "private").mkdir(parents=True)
    secret = "اتصل على 0551234567 الآن\n"
    (outside / "notes.md").write_text(secret, encoding="utf-8")
    (outside / "private" / "diary.md").write_text(secret, encoding="utf-8")
    tree = tmp_path / "drafts"
    (tree / "sub").mkdir(parents=True)
    (tree / "post.md").write_text("يسعدنا خدمتكم.\n", encoding="utf-8")
    (tree / "sub" / "reply.md").write_text("شكرا لتواصلكم.\n", encoding="utf-8")
    (tree / "linked.md").symlink_to(outside / "notes.md")
    (tree / "linked-dir").symlink_to(outside / "private", target_is_directory=True)
    (tree / "sub" / "inside-link.md").symlink_to(tree / "post.md")  # a link, even inside: not walked
    result = both_paths("check", str(tree), "--as", "legal", "--format", "json")
    assert result.code in (0, 1), result.stderr
    assert "0551234567" not in result.stdout
    assert "linked" not in result.stdout and "inside-link" not in result.stdout
    assert f"{tree / 'post.md'}" in result.stdout and f"{tree / 'sub' / 'reply.md'}" in result.stdout
    # a link named on the command line is the user's choice
    named = both_paths("check", str(tree / "linked.md"), "--as", "legal")
    assert "0551234567" in named.stdout


def test_a_tree_of_only_links_has_no_drafts(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("اتصل على 0551234567\n", encoding="utf-8")
    tree = tmp_path / "drafts"
    tree.mkdir()
    (tree / "a.md").symlink_to(outside)
    assert error_line(both_paths("check", str(tree), "--as", "legal")) == \
        f"{tree}: no drafts here (.md, .markdown or .txt files)"
