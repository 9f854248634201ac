"""Shared fixtures: sample personas, a persona-writing helper, and CLI runners."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# CI runs the property tests on a fixed sequence of examples (reproducible, never flaky);
# local runs explore new random examples every time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "personas"
#: The project's own deterministic corpus generator (same N and seed, same bytes).
MAKE_POSTS = REPO / "tests" / "corpus" / "make_posts.py"
PERSONA_EXE = shutil.which("persona") or str(Path(sys.executable).parent / "persona")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    """A private copy of the sample personas."""
    target = tmp_path / "personas"
    shutil.copytree(SAMPLES, target)
    return target


@pytest.fixture
def write_persona(tmp_path: Path) -> Callable[..., Path]:
    """Write a persona file (dedented YAML) into tmp_path/personas and return its path."""
    folder = tmp_path / "personas"
    folder.mkdir(exist_ok=True)

    def write(name: str, text: str) -> Path:
        path = folder / f"{name}.yaml"
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run the CLI in-process through persona.cli.main (the console script's entry point)."""
    from persona.cli import main

    def run(*args: str) -> Run:
        code = main(list(args))
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


@pytest.fixture
def persona_exe() -> Callable[..., Run]:
    """Run the installed `persona` script in a subprocess."""

    def run(*args: str, cwd: Path | None = None, input: str | None = None,
            env: dict[str, str] | None = None, timeout: float = 120) -> Run:
        full_env = {k: v for k, v in os.environ.items() if k != "PERSONA_PATH"}
        full_env.update(env or {})
        proc = subprocess.run(
            [PERSONA_EXE, *args], cwd=cwd, input=input, capture_output=True, text=True,
            env=full_env, timeout=timeout,
        )
        return Run(proc.returncode, proc.stdout, proc.stderr)

    return run


def corpus(n: int, tmp_path: Path, seed: int = 82) -> Path:
    """n posts from tests/corpus/make_posts.py as JSONL."""
    out = tmp_path / f"posts-{n}.jsonl"
    subprocess.run(
        [sys.executable, str(MAKE_POSTS), str(n), "--jsonl", str(out), "--seed", str(seed)],
        check=True,
    )
    return out


def npm_file(relative: str, why: str) -> Path:
    """A file of an npm package package.json pins (``relative`` to ``node_modules``).

    From ``node_modules/`` of the checkout when it is there; else package.json's packages are
    installed once with npm into a cache folder outside the checkout (npm's registry is
    reachable where the tests run; nothing else is downloaded).
    """
    local = REPO / "node_modules" / relative
    if local.exists():
        return local
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "persona-tests" / "npm"
    target = cache / "node_modules" / relative
    pinned = (REPO / "package.json").read_bytes()
    if not target.exists() or not (cache / "package.json").is_file() or (cache / "package.json").read_bytes() != pinned:
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail(f"npm is missing: {why} (install Node.js and npm)")
        cache.mkdir(parents=True, exist_ok=True)
        (cache / "package.json").write_bytes(pinned)
        done = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent"], cwd=cache,
                              capture_output=True, text=True, timeout=600)
        if done.returncode != 0 or not target.exists():
            pytest.fail(f"npm install failed ({why}): {done.stderr.strip()[-500:]}")
    return target


@pytest.fixture(scope="session")
def axe_js() -> Path:
    """axe-core's script for the accessibility tests, from npm (package.json pins the version).

    ``AXE_CORE_JS`` names a copy; else :func:`npm_file` finds or installs it.
    """
    named = os.environ.get("AXE_CORE_JS")
    if named:
        return Path(named)
    return npm_file("axe-core/axe.min.js", "the accessibility tests need axe-core")


@pytest.fixture(scope="session")
def sarif_multitool() -> Path:
    """Microsoft's SARIF multitool (a self-contained binary in its npm package; no .NET needed)."""
    import platform

    system = {"Linux": "linux", "Darwin": "darwin", "Windows": "win32"}[platform.system()]
    suffix = ".exe" if system == "win32" else ""
    tool = npm_file(f"@microsoft/sarif-multitool-{system}/Sarif.Multitool{suffix}",
                    "the SARIF tests need @microsoft/sarif-multitool")
    if not os.access(tool, os.X_OK):  # npm may skip the package's own `chmod u+x` install script
        tool.chmod(tool.stat().st_mode | 0o111)
    return tool


@pytest.fixture(scope="session")
def model_server(tmp_path_factory: pytest.TempPathFactory):
    """SmolLM2-135M-Instruct served by llama.cpp's OpenAI-compatible server, once per session."""
    from tests.model_server import ModelServer

    with ModelServer(tmp_path_factory.mktemp("llama") / "server.log") as server:
        yield server


#: Debian's Chromium (``playwright install`` cannot download browsers here) and the flags that keep it
#: off the network; shared by every browser test.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session (the guide's and the desk's browser tests)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); "
                    "the browser tests must run, they are not skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
