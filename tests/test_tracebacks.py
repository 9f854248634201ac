"""Issue 16 item 10: inputs that gave a Python traceback and exit 1 are one line and exit 2.

Every test runs the installed ``persona`` script on real files: YAML nested 500 deep,
5,000-digit integers (YAML and JSONL), standard input from ``/dev/zero``, a cache folder
that cannot be found (``~nosuchuser``; no HOME under a user id with no passwd entry, in a
user namespace made with ``unshare``), an ``OPENAI_BASE_URL`` that does not parse,
``--timeout inf``/``nan``/negative, ``guide build`` on a full disk (a 200 KiB tmpfs) and on
a read-only one, and ``/%00`` sent to ``guide serve`` and ``persona serve``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import PERSONA_EXE, SAMPLES, Run
from tests.serve_server import ServeProcess, free_port

PERSONA_HEAD = "id: {id}\nname: Deep\nlanguages: [ar, en]\n"


def one_line(run: Run) -> str:
    """The run failed as a user mistake: exit 2, exactly one line on stderr, no traceback."""
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.code == 2, (run.code, run.stderr[-2000:])
    assert len(lines) == 1, run.stderr[-2000:]
    return lines[0]


def persona_run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
                stdin: object = None, unset: tuple[str, ...] = (), prefix: tuple[str, ...] = (),
                timeout: float = 120) -> Run:
    full_env = {k: v for k, v in os.environ.items() if k not in ("PERSONA_PATH", *unset)}
    full_env.update(env or {})
    proc = subprocess.run([*prefix, PERSONA_EXE, *args], cwd=cwd, stdin=stdin or subprocess.DEVNULL,
                          capture_output=True, env=full_env, timeout=timeout)
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "post.md"
    path.write_text("يسعدنا خدمتكم عبر قنواتنا الرسمية.\n", encoding="utf-8")
    return path


# -- YAML and JSON ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "list", "check"])
def test_yaml_nested_500_deep(tmp_path: Path, draft: Path, command: str) -> None:
    folder = tmp_path / "personas"
    folder.mkdir()
    depth = 500
    (folder / "deep.yaml").write_text(PERSONA_HEAD.format(id="deep") + "summary: " + "[" * depth + "]" * depth + "\n",
                                      encoding="utf-8")
    args = [command, "--personas", str(folder)] + ([str(draft), "--as", "deep"] if command == "check" else [])
    line = one_line(persona_run(*args))
    assert line.startswith(f"{folder / 'deep.yaml'}:4:") and "nested too deeply" in line


def test_yaml_nested_as_block_mappings(tmp_path: Path) -> None:
    folder = tmp_path / "personas"
    folder.mkdir()
    body = "".join(f"{'  ' * i}k{i}:\n" for i in range(400)) + "  " * 400 + "end\n"
    (folder / "deep.yaml").write_text(PERSONA_HEAD.format(id="deep") + body, encoding="utf-8")
    assert "nested too deeply" in one_line(persona_run("validate", "--personas", str(folder)))


@pytest.mark.parametrize("place", ["value", "key"])
def test_yaml_5000_digit_integer(tmp_path: Path, place: str) -> None:
    folder = tmp_path / "personas"
    folder.mkdir()
    number = "9" * 5000
    extra = f"formality: {number}\n" if place == "value" else f"? {number}\n: 1\n"  # an explicit key: a plain one is at most 1,024 characters
    (folder / "huge.yaml").write_text(PERSONA_HEAD.format(id="huge") + extra, encoding="utf-8")
    line = one_line(persona_run("validate", "--personas", str(folder)))
    assert line.startswith(f"{folder / 'huge.yaml'}:4:")
    assert "digits" in line and "set_int_max_str_digits" not in line


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("record", [
    '{"id": ' + "9" * 5000 + ', "text": "hello"}',
    '{"text": "hello", "n": [' + "1" * 5000 + "]}",
    '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}",
])
def test_jsonl_huge_integer_or_nesting(tmp_path: Path, record: str, fast: bool) -> None:
    archive = tmp_path / "posts.jsonl"
    archive.write_text('{"text": "first post", "id": "a"}\n' + record + "\n", encoding="utf-8")
    env = {} if fast else {"PERSONA_NO_FAST": "1"}
    run = persona_run("check", str(archive), "--as", "legal", "--personas", str(SAMPLES), env=env)
    assert one_line(run).startswith(f"{archive}:2: invalid JSON")


# -- standard input that never ends ---------------------------------------------------------------


@pytest.mark.parametrize("limit", [None, "0"])
@pytest.mark.parametrize("command", [
    ["check", "-", "--as", "legal"],
    ["rewrite", "-", "--as", "legal"],
    ["rewrite", "--file", "-", "--as", "legal"],
])
def test_standard_input_from_dev_zero(command: list[str], limit: str | None) -> None:
    env = {"PERSONA_MAX_BYTES": limit} if limit is not None else {}
    with open("/dev/zero", "rb") as zero:
        run = persona_run(*command, "--personas", str(SAMPLES), stdin=zero, env=env, timeout=60)
    assert one_line(run) == "<stdin>: binary file (contains NUL bytes)"


def test_standard_input_that_never_ends_without_nul(tmp_path: Path) -> None:
    yes = subprocess.Popen(["yes", "هذا نص طويل"], stdout=subprocess.PIPE)
    try:
        run = persona_run("check", "-", "--as", "legal", "--personas", str(SAMPLES), stdin=yes.stdout, timeout=60)
    finally:
        yes.kill()
        yes.wait()
    assert "too large: more than 1 MiB" in one_line(run)


# -- the cache folder -----------------------------------------------------------------------------


@pytest.mark.parametrize("variable", ["PERSONA_CACHE_DIR", "XDG_CACHE_HOME"])
@pytest.mark.parametrize("args", [
    ["check", "{draft}", "--as", "legal"],
    ["rewrite", "--file", "{draft}", "--as", "legal"],
])
@pytest.mark.parametrize("fast", [True, False])
def test_cache_dir_of_a_user_that_does_not_exist(draft: Path, variable: str, args: list[str], fast: bool) -> None:
    env = {variable: "~nosuchuser-persona-test/cache", **({} if fast else {"PERSONA_NO_FAST": "1"})}
    run = persona_run(*[a.format(draft=draft) for a in args], "--personas", str(SAMPLES), env=env,
                      unset=("PERSONA_CACHE_DIR", "XDG_CACHE_HOME", "PERSONA_NO_CACHE"))
    assert one_line(run) == (f"{variable}: no such user: '~nosuchuser-persona-test' (the cache folder); "
                             "give a folder that exists")


def _uid_without_passwd_entry() -> int:
    for uid in range(4242, 5000):
        try:
            pwd.getpwuid(uid)
        except KeyError:
            return uid
    raise AssertionError("every uid from 4242 to 5000 has a passwd entry")


@pytest.mark.parametrize("args", [
    ["check", "{draft}", "--as", "legal"],
    ["rewrite", "--file", "{draft}", "--as", "legal"],
])
def test_no_home_and_a_uid_missing_from_passwd(draft: Path, args: list[str]) -> None:
    unshare = shutil.which("unshare")
    assert unshare, "util-linux unshare is needed to run as a uid with no passwd entry"
    uid = _uid_without_passwd_entry()
    prefix = (unshare, "--user", f"--map-user={uid}", f"--map-group={uid}")
    probe = subprocess.run([*prefix, "id", "-u"], capture_output=True, text=True)
    assert probe.stdout.strip() == str(uid), probe.stderr
    run = persona_run(*[a.format(draft=draft) for a in args], "--personas", str(SAMPLES), prefix=prefix,
                      unset=("HOME", "PERSONA_CACHE_DIR", "XDG_CACHE_HOME", "PERSONA_NO_CACHE"))
    assert one_line(run) == (f"no folder for persona's cache: HOME is not set and user id {uid} has no home "
                             "folder; set PERSONA_CACHE_DIR (or HOME) to a folder")
    # with the cache turned off, nothing needs a home
    ok = persona_run("check", str(draft), "--as", "legal", "--personas", str(SAMPLES), prefix=prefix,
                     env={"PERSONA_NO_CACHE": "1"}, unset=("HOME", "PERSONA_CACHE_DIR", "XDG_CACHE_HOME"))
    assert ok.code == 0, ok.stderr


# -- the model endpoint's settings ----------------------------------------------------------------


@pytest.mark.parametrize("url", ["http://[::1", ":::", "ftp://example.com/v1", "http://", "http://[x/v1"])
def test_openai_base_url_that_does_not_parse(url: str) -> None:
    run = persona_run("rewrite", "مرحبا بكم", "--as", "legal", "--backend", "openai", "--retries", "0",
                      "--timeout", "2", "--personas", str(SAMPLES), env={"OPENAI_BASE_URL": url, "OPENAI_API_KEY": "k"})
    assert one_line(run)


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "-1", "0", "1e400"])
def test_timeout_that_is_not_a_duration(value: str) -> None:
    run = persona_run("rewrite", "مرحبا بكم", "--as", "legal", "--backend", "openai", "--timeout", value,
                      "--personas", str(SAMPLES), env={"OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
                                                       "OPENAI_API_KEY": "k"})
    assert one_line(run).startswith("persona: Invalid value for '--timeout'")


# -- guide build on a full or read-only disk ---------------------------------------------------------


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[..., Path]]:
    """Mount small tmpfs file systems (as root); unmounted at the end."""
    mounted: list[Path] = []

    def mount(name: str, options: str) -> Path:
        where = tmp_path / name
        where.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
                              capture_output=True, text=True)
        assert done.returncode == 0, f"mount -t tmpfs refused (these tests need root): {done.stderr}"
        mounted.append(where)
        return where

    yield mount
    for where in reversed(mounted):
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_guide_build_on_a_full_disk_then_again(tmpfs: Callable[..., Path]) -> None:
    disk = tmpfs("disk", "size=200k")
    out = disk / "site"
    run = persona_run("guide", "build", "--out", str(out), "--personas", str(SAMPLES))
    assert one_line(run) == f"{out}: cannot write the guide: No space left on device"
    assert not out.exists()  # nothing half-built is left behind
    subprocess.run(["mount", "-o", "remount,size=100m", str(disk)], check=True)
    again = persona_run("guide", "build", "--out", str(out), "--personas", str(SAMPLES))
    assert again.code == 0, again.stderr
    assert (out / "ar" / "index.html").is_file() and (out / "en" / "index.html").is_file()
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # the disk fills up: a rebuild fails and the earlier site is left whole
    free = os.statvfs(disk)
    with (disk / "filler").open("wb") as filler:  # leave 300 kB free
        filler.truncate(0)
        for _ in range((free.f_bavail * free.f_frsize - 300_000) // 1_000_000):
            filler.write(b"\0" * 1_000_000)
    failed = persona_run("guide", "build", "--out", str(out), "--personas", str(SAMPLES))
    assert one_line(failed) == f"{out}: cannot write the guide: No space left on device"
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in out.iterdir()) == [".persona-guide", "ar", "en", "index.html"]


def test_guide_build_on_a_read_only_disk(tmpfs: Callable[..., Path]) -> None:
    disk = tmpfs("ro", "size=1m,ro")
    run = persona_run("guide", "build", "--out", str(disk / "site"), "--personas", str(SAMPLES))
    assert one_line(run) == f"{disk / 'site'}: cannot write the guide: Read-only file system"


# -- NUL bytes in request paths ----------------------------------------------------------------------

BAD_PATHS = ["/%00", "/ar/%00", "/ar/index.html%00", "/%00/x", "/..%00/", "/%ed%a0%80", "/ar/%ed%a0%80.html"]


def _wait(url: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never answered")


def test_guide_serve_answers_nul_paths_with_404(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as handle:
        proc = subprocess.Popen([PERSONA_EXE, "guide", "serve", "--port", str(port), "--personas", str(SAMPLES)],
                                stdout=handle, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base + "/ar/index.html")
        for path in BAD_PATHS:
            assert httpx.get(base + path, timeout=10).status_code == 404, path
        assert httpx.get(base + "/en/index.html", timeout=10).status_code == 200  # still serving
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")


def test_persona_serve_answers_nul_paths_with_404(tmp_path: Path) -> None:
    with ServeProcess(["--personas", str(SAMPLES)], tmp_path / "serve.log") as server:
        _wait(server.url + "/guide/ar/index.html")
        for path in ["/%00", *(f"/guide{p}" for p in BAD_PATHS)]:
            response = httpx.get(server.url + path, timeout=10)
            assert response.status_code in (400, 404), (path, response.status_code)
        output = server.output()
    assert "Traceback" not in output and "failed" not in output
