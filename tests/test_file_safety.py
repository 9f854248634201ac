"""Issue 16, items 1, 2, 4, 5 and 6: nothing of a user's file is lost by `persona rewrite`.

The installed ``persona`` script runs in subprocesses on real files; the model backend talks
to ``tests/chat_server.py`` on 127.0.0.1. Two runs on one file are started together and held
by the server until both have read the file; a full disk and a kill are made real with
``RLIMIT_FSIZE`` (the kernel refuses, or kills with SIGXFSZ, the write that crosses the limit).
"""

from __future__ import annotations

import codecs
import json
import os
import resource
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.chat_server import ChatServer, Recorded, Reply
from tests.conftest import PERSONA_EXE, Run

# Realistic Arabic drafts: Modern Standard Arabic and Saudi dialect, and their rewrites.
MSA = "نرحب بكم في موقع الوزارة الجديد، ويسعدنا تلقي ملاحظاتكم عبر البريد"
SAUDI = "يا جماعة الخير، الخدمة صارت متاحة في التطبيق وتقدرون تسجلون طلباتكم بسهولة"
ANSWER_1 = "يسر الوزارة الترحيب بكم في موقعها الجديد، ونسعد بتلقي ملاحظاتكم عبر البريد."
ANSWER_2 = "ترحب الوزارة بكم في موقعها الجديد، ويسعدها تلقي ملاحظاتكم عبر البريد."
SAUDI_ANSWER = "الخدمة متاحة الآن في التطبيق، ويمكنكم تسجيل طلباتكم بسهولة."
ENGLISH = "Dear customers, we guarantee your case will be registered within one hour!!"
MODEL_ARGS = ("--backend", "openai", "--model", "local-model", "--repair-on", "never", "--no-cache",
              "--fail-on", "never")


def env_for(tmp_path: Path, server: ChatServer | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PERSONA_PATH"}
    env.update({"PERSONA_CACHE_DIR": str(tmp_path / "cache"), "PYTHONDONTWRITEBYTECODE": "1"})
    if server is not None:
        env.update(server.env())
    return env


def start(args: list[str], env: dict[str, str], **popen: object) -> subprocess.Popen[str]:
    return subprocess.Popen([PERSONA_EXE, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, **popen)  # type: ignore[call-overload]


def run(args: list[str], env: dict[str, str], **popen: object) -> Run:
    return finish(start(args, env, **popen))


def finish(proc: subprocess.Popen[str], timeout: float = 180) -> Run:
    """The run's outcome; a run still going after ``timeout`` is killed (a regression must not
    leave a persona behind, appending to a file without end)."""
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise
    return Run(proc.returncode, out, err)


def one_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def in_place(path: Path, samples: Path, persona: str = "government", *extra: str) -> list[str]:
    return ["rewrite", "--file", str(path), "--as", persona, "--in-place", "--personas", str(samples), *extra]


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in {"personas", "cache"})


# -- item 1: two rewrites at once, a file edited meanwhile ----------------------------------------------


def test_two_in_place_rewrites_at_once_one_writes_and_the_other_refuses(samples, tmp_path):
    draft = tmp_path / "post.md"
    original = f"---\nchannel: x\n---\n{MSA}\n".encode()
    draft.write_bytes(original)
    arrived = threading.Barrier(2, timeout=90)  # each answer waits until both runs have read the file
    answers = iter([ANSWER_1, ANSWER_2])
    lock = threading.Lock()

    def responder(_request: Recorded) -> Reply:
        with lock:
            answer = next(answers)
        arrived.wait()
        return Reply(content=answer)

    with ChatServer(responder) as server:
        env = env_for(tmp_path, server)
        procs = [start(in_place(draft, samples, "government", *MODEL_ARGS), env) for _ in range(2)]
        done = [(p.wait(timeout=180), p.stderr.read() if p.stderr else "") for p in procs]
    codes = sorted(code for code, _ in done)
    assert codes == [0, 2], done
    loser = next(err for code, err in done if code == 2)
    assert "post.md: changed since it was read" in one_line(loser)
    assert "not rewritten, left as it is now" in loser
    text = draft.read_bytes().decode()
    assert text in {f"---\nchannel: x\n---\n{ANSWER_1}\n", f"---\nchannel: x\n---\n{ANSWER_2}\n"}
    assert (tmp_path / "post.md.bak").read_bytes() == original  # the original survives, as it was read
    assert names(tmp_path) == ["post.md", "post.md.bak"]


def test_a_file_edited_during_the_rewrite_is_left_as_edited(samples, tmp_path):
    draft = tmp_path / "post.md"
    draft.write_text(f"{SAUDI}\n", encoding="utf-8")
    (tmp_path / "post.md.bak").write_text("an earlier backup\n", encoding="utf-8")
    edited = f"{SAUDI}\nسطر أضافه المحرر أثناء إعادة الصياغة\n"

    def responder(_request: Recorded) -> Reply:
        draft.write_text(edited, encoding="utf-8")  # someone saves the file while the model thinks
        return Reply(content=SAUDI_ANSWER)

    with ChatServer(responder) as server:
        done = run(in_place(draft, samples, "government", *MODEL_ARGS), env_for(tmp_path, server))
    assert done.code == 2, done.stderr
    assert "post.md: changed since it was read" in one_line(done.stderr)
    assert draft.read_text(encoding="utf-8") == edited
    assert (tmp_path / "post.md.bak").read_text(encoding="utf-8") == "an earlier backup\n"
    assert names(tmp_path) == ["post.md", "post.md.bak"]


# -- item 2: --output appends only to a rewrite output -----------------------------------------------------


def write_posts(path: Path, posts: list[dict[str, object]], *, final_newline: bool = True) -> Path:
    body = "\n".join(json.dumps(p, ensure_ascii=False) for p in posts)
    path.write_text(body + ("\n" if final_newline else ""), encoding="utf-8")
    return path


POSTS = [{"id": "a", "text": ENGLISH}, {"id": "b", "text": "Hello customers, book now!!"}]


@pytest.mark.parametrize("target", ["the input", "README.md", "README.md with a newline", "other.jsonl"])
def test_output_that_is_not_a_rewrite_output_is_refused_untouched(samples, tmp_path, target):
    posts = write_posts(tmp_path / "posts.jsonl", POSTS, final_newline=False)
    output = {
        "the input": posts,
        "README.md": tmp_path / "README.md",
        "README.md with a newline": tmp_path / "README.md",
        "other.jsonl": tmp_path / "other.jsonl",
    }[target]
    if target.startswith("README"):
        output.write_text("# Drafts\n\nWhat this folder holds" + ("\n" if "newline" in target else ""),
                          encoding="utf-8")
    elif target == "other.jsonl":
        write_posts(output, [{"id": 1, "persona": "legal", "text": "a post, not a rewrite"}])
    before = output.read_bytes()
    done = run(["rewrite", "--file", str(posts), "--as", "legal", "--output", str(output), "--fail-on", "never",
                "--personas", str(samples)], env_for(tmp_path))
    assert done.code == 2, done.stderr
    line = one_line(done.stderr)
    assert line.startswith(str(output))
    assert ("is the archive being rewritten" in line) if target == "the input" else (
        "not the output of an earlier persona rewrite" in line)
    assert output.read_bytes() == before
    assert done.stdout == ""


def test_a_rewrite_output_without_its_last_newline_is_resumed_and_nothing_is_cut(samples, tmp_path):
    posts = write_posts(tmp_path / "posts.jsonl", POSTS)
    out = tmp_path / "out.jsonl"
    args = ["rewrite", "--file", str(posts), "--as", "legal", "--output", str(out), "--fail-on", "never",
            "--personas", str(samples)]
    first = run(args, env_for(tmp_path))
    assert first.code == 0, first.stderr
    full = out.read_bytes()
    out.write_bytes(full.rstrip(b"\n"))  # an editor dropped the final newline
    again = run(args, env_for(tmp_path))
    assert again.code == 0, again.stderr
    assert "resumed: 2 rewrite(s) already" in again.stderr
    assert out.read_bytes() == full


def test_a_second_run_appending_to_the_same_output_at_once_is_refused(samples, tmp_path):
    posts = write_posts(tmp_path / "posts.jsonl", [{"id": "a", "text": MSA}])
    out = tmp_path / "out.jsonl"
    asked, release = threading.Event(), threading.Event()

    def responder(_request: Recorded) -> Reply:
        asked.set()
        release.wait(timeout=90)  # the first run holds its output while the model thinks
        return Reply(content=ANSWER_1)

    args = ["rewrite", "--file", str(posts), "--as", "government", *MODEL_ARGS, "--output", str(out),
            "--personas", str(samples)]
    with ChatServer(responder) as server:
        env = env_for(tmp_path, server)
        first = start(args, env)
        try:
            assert asked.wait(timeout=120)
            second = run(args, env)
        finally:
            release.set()
        err_first = finish(first).stderr
    assert second.code == 2
    assert one_line(second.stderr) == (f"{out}: another persona rewrite is writing to this file: not appended "
                                       "(wait for it, or give another --output)")
    assert first.returncode == 0, err_first
    assert [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()] == [ANSWER_1]


# -- item 4: BOM and front matter through the model backend --------------------------------------------


@pytest.mark.parametrize("backend", ["openai", "rules"])
def test_bom_and_front_matter_are_kept_byte_for_byte(samples, tmp_path, backend):
    draft = tmp_path / "post.md"
    head = "---\npersona: government\nchannel: x\ntitle: \"إطلاق الموقع\"\n---\n"
    original = codecs.BOM_UTF8 + f"{head}{MSA}\n".encode()
    draft.write_bytes(original)
    with ChatServer(lambda _r: Reply(content=ANSWER_1)) as server:
        extra = MODEL_ARGS if backend == "openai" else ("--fail-on", "never")
        done = run(in_place(draft, samples, "government", *extra), env_for(tmp_path, server))
    assert done.code == 0, done.stderr
    data = draft.read_bytes()
    assert data.startswith(codecs.BOM_UTF8 + head.encode())
    if backend == "openai":
        assert data == codecs.BOM_UTF8 + f"{head}{ANSWER_1}\n".encode()
    assert (tmp_path / "post.md.bak").read_bytes() == original
    check = run(["check", str(draft), "--format", "json", "--fail-on", "never", "--personas", str(samples)],
                env_for(tmp_path))
    (result,) = json.loads(check.stdout)["results"]
    assert result["persona"] == "government" and result["channel"] == "x"  # the front matter still works


# -- item 5: symlinks, read-only files, line endings, a full disk or a kill during the backup ---------------


def test_a_symlink_is_refused_and_its_target_can_be_named(samples, tmp_path):
    real = tmp_path / "real.md"
    real.write_text(f"{ENGLISH}\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    refused = run(in_place(link, samples, "legal", "--fail-on", "never"), env_for(tmp_path))
    assert refused.code == 2
    line = one_line(refused.stderr)
    assert line.startswith(f"{link}: a symbolic link (to {real})") and f"give {real}" in line
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == f"{ENGLISH}\n"
    assert names(tmp_path) == ["link.md", "real.md"]

    named = run(in_place(real, samples, "legal", "--fail-on", "never"), env_for(tmp_path))
    assert named.code == 0, named.stderr
    assert link.is_symlink() and "beneficiaries" in link.read_text(encoding="utf-8").lower()


def test_a_read_only_file_is_not_rewritten(samples, tmp_path):
    draft = tmp_path / "post.md"
    draft.write_text(f"{ENGLISH}\n", encoding="utf-8")
    draft.chmod(0o444)
    done = run(in_place(draft, samples, "legal", "--fail-on", "never"), env_for(tmp_path))
    assert done.code == 2
    assert one_line(done.stderr) == f"{draft}: read-only file: not rewritten (nothing was written)"
    assert draft.read_text(encoding="utf-8") == f"{ENGLISH}\n"
    assert names(tmp_path) == ["post.md"]


@pytest.mark.parametrize("backend", ["openai", "rules"])
def test_crlf_line_endings_are_kept(samples, tmp_path, backend):
    draft = tmp_path / "post.md"
    head = "---\r\nchannel: x\r\n---\r\n\r\n"
    if backend == "openai":
        body, persona, answer = f"{SAUDI}\r\n{MSA}\r\n", "government", f"{SAUDI_ANSWER}\n{ANSWER_1}\n"
    else:
        body, persona, answer = f"{ENGLISH}\r\nSecond line for our customers.\r\n", "legal", ""
    original = (head + body).encode()
    draft.write_bytes(original)
    with ChatServer(lambda _r: Reply(content=answer)) as server:
        extra = MODEL_ARGS if backend == "openai" else ("--fail-on", "never")
        done = run(in_place(draft, samples, persona, *extra), env_for(tmp_path, server))
    assert done.code == 0, done.stderr
    data = draft.read_bytes()
    assert data.startswith(head.encode()) and data.endswith(b"\r\n")  # the blank line after it too
    assert data.count(b"\n") == data.count(b"\r\n") >= 6, data  # every line: CRLF
    if backend == "openai":
        assert data == (head + f"{SAUDI_ANSWER}\r\n{ANSWER_1}\r\n").encode()
    else:
        assert b"beneficiaries" in data.lower()
    assert (tmp_path / "post.md.bak").read_bytes() == original


def limited(limit: int) -> Callable[[], None]:
    """A child whose files may not grow past ``limit`` bytes: the write that crosses it fails with
    EFBIG, as on a full disk (Python ignores SIGXFSZ)."""

    def setup() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return setup


#: The installed script, run in a process where SIGXFSZ keeps its default action: the kernel kills
#: it (as ``kill -9`` would, with no clean-up) at the very write that crosses the limit.
KILLED_AT_THE_LIMIT = ("import runpy, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_DFL); "
                       "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')")


@pytest.mark.parametrize("killed", [False, True], ids=["full-disk", "killed"])
def test_a_failed_backup_never_replaces_the_previous_good_one(samples, tmp_path, killed):
    draft = tmp_path / "post.md"
    original = "".join(f"Paragraph {n}: dear customers, your case is registered.\n\n" for n in range(150))
    draft.write_text(original, encoding="utf-8")
    assert draft.stat().st_size > 8192
    backup = tmp_path / "post.md.bak"
    backup.write_text("the previous good backup\n", encoding="utf-8")
    env = {**env_for(tmp_path), "PERSONA_NO_CACHE": "1"}
    args = in_place(draft, samples, "legal", "--fail-on", "never")
    if killed:
        proc = subprocess.Popen([sys.executable, "-c", KILLED_AT_THE_LIMIT, PERSONA_EXE, *args], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=limited(4096))
        done = finish(proc)
    else:
        done = run(args, env, preexec_fn=limited(4096))
    assert backup.read_text(encoding="utf-8") == "the previous good backup\n"
    assert draft.read_text(encoding="utf-8") == original
    leftovers = [n for n in names(tmp_path) if n not in {"post.md", "post.md.bak"}]
    if killed:
        assert done.code == -signal.SIGXFSZ, done.stderr
        # it was killed writing the new backup, into a temporary file that never took the old one's place
        assert leftovers and all(n.startswith(".post.md.bak.") and n.endswith(".tmp") for n in leftovers)
    else:
        assert done.code == 2
        assert one_line(done.stderr) == (f"{draft}: cannot rewrite in place: File too large "
                                         "(nothing lost: the file is as it was)")
        assert leftovers == []


# -- item 6: duplicate ids -----------------------------------------------------------------------------------


def test_duplicate_ids_lose_no_post_on_resume(samples, tmp_path):
    posts = write_posts(tmp_path / "posts.jsonl", [
        {"id": "a", "text": MSA},
        {"id": "a", "text": f"{SAUDI} FAIL"},
        {"id": "b", "text": SAUDI},
    ])
    out = tmp_path / "out.jsonl"
    failing = {"on": True}

    def responder(request: Recorded) -> Reply:
        content = request.messages[-1]["content"]
        if "FAIL" in content and failing["on"]:
            return Reply(status=500)
        return Reply(content=ANSWER_1 if MSA in content else SAUDI_ANSWER + (" FAIL" if "FAIL" in content else ""))

    args = ["rewrite", "--file", str(posts), "--as", "government", *MODEL_ARGS, "--retries", "0",
            "--concurrency", "1", "--output", str(out), "--personas", str(samples)]
    with ChatServer(responder) as server:
        env = env_for(tmp_path, server)
        first = run(args, env)
        assert first.code == 2 and "post a persona government: server error (500)" in first.stderr
        assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["a", "b"]
        failing["on"] = False
        again = run(args, env)
        third = run(args, env)  # everything is there now: nothing is redone
    assert again.code == 0, again.stderr
    assert "resumed: 2 rewrite(s) already" in again.stderr
    assert "1 id(s) shared by several posts (first: 'a')" in again.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r.get("occurrence", 1)) for r in records] == [("a", 1), ("b", 1), ("a", 2)]
    assert records[2]["text"] == f"{SAUDI_ANSWER} FAIL"  # the second post with id a, not lost
    assert third.code == 0 and "resumed: 3 rewrite(s) already" in third.stderr
