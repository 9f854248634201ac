"""`persona guide build` into its own earlier site never deletes or writes through a symlink.

Issue 16, item 3: a ``site/ar`` that was a symbolic link to a user's folder got
that folder emptied, and a linked ``site/index.html`` overwrote its target.
Now a link anywhere inside the output makes the build refuse with one line and
exit 2, and nothing changes: not the site, not the link, not what it points to.
Run with the installed ``persona`` script in a subprocess.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import SAMPLES, Run


@pytest.fixture(scope="module")
def earlier_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built once by the real script; each test works on its own copy."""
    import subprocess

    from .conftest import PERSONA_EXE

    out = tmp_path_factory.mktemp("earlier") / "site"
    env = {k: v for k, v in os.environ.items() if k != "PERSONA_PATH"}
    done = subprocess.run([PERSONA_EXE, "guide", "build", "--out", str(out), "--personas", str(SAMPLES)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return out


def state(root: Path) -> dict[str, str]:
    """Every entry under ``root`` without following links: a link's target, a file's hash, or 'dir'."""
    seen: dict[str, str] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = Path(folder, name)
            key = str(path.relative_to(root))
            if path.is_symlink():
                seen[key] = f"link -> {os.readlink(path)}"
            elif path.is_dir():
                seen[key] = "dir"
            else:
                seen[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return seen


def user_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "my-notes"
    (folder / "drafts").mkdir(parents=True)
    (folder / "thesis.md").write_text("years of work\n", encoding="utf-8")
    (folder / "drafts" / "ملاحظة.md").write_text("مسودة مهمة\n", encoding="utf-8")
    return folder


def assert_refused(run: Run, link: Path) -> None:
    assert run.code == 2, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert str(link) in lines[0] and "symbolic link" in lines[0]
    assert "Traceback" not in run.stderr and run.stdout == ""


def rebuild(persona_exe: Callable[..., Run], site: Path) -> Run:
    return persona_exe("guide", "build", "--out", str(site), "--personas", str(SAMPLES), timeout=300)


@pytest.fixture
def site(earlier_site: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(earlier_site, copy, symlinks=True)
    return copy


def test_a_language_folder_linked_to_a_users_folder_is_not_emptied(
        persona_exe: Callable[..., Run], site: Path, tmp_path: Path) -> None:
    mine = user_folder(tmp_path)
    shutil.rmtree(site / "ar")
    (site / "ar").symlink_to(mine, target_is_directory=True)
    before_site, before_mine = state(site), state(mine)
    assert_refused(rebuild(persona_exe, site), site / "ar")
    assert state(mine) == before_mine and (mine / "thesis.md").read_text(encoding="utf-8") == "years of work\n"
    assert state(site) == before_site


def test_a_linked_index_does_not_overwrite_its_target(
        persona_exe: Callable[..., Run], site: Path, tmp_path: Path) -> None:
    target = tmp_path / "precious.html"
    target.write_text("<p>my own page</p>\n", encoding="utf-8")
    (site / "index.html").unlink()
    (site / "index.html").symlink_to(target)
    before = state(site)
    assert_refused(rebuild(persona_exe, site), site / "index.html")
    assert target.read_text(encoding="utf-8") == "<p>my own page</p>\n"
    assert state(site) == before


@pytest.mark.parametrize("inside", ["en/assets/guide.css", "ar/personas", ".persona-guide", "en/gone.html"])
def test_a_link_anywhere_inside_is_refused(
        persona_exe: Callable[..., Run], site: Path, tmp_path: Path, inside: str) -> None:
    mine = user_folder(tmp_path)
    link = site / inside
    if link.is_dir():
        shutil.rmtree(link)
        link.symlink_to(mine, target_is_directory=True)
    elif link.exists():
        link.unlink()
        link.symlink_to(mine / "thesis.md")
    else:
        link.symlink_to(tmp_path / "nowhere")  # a dangling link is refused too
    before_site, before_mine = state(site), state(mine)
    assert_refused(rebuild(persona_exe, site), link)
    assert state(site) == before_site and state(mine) == before_mine


def test_a_site_without_links_is_rebuilt(persona_exe: Callable[..., Run], site: Path) -> None:
    (site / "en" / "stale.html").write_text("old", encoding="utf-8")
    run = rebuild(persona_exe, site)
    assert run.code == 0, run.stderr
    assert not (site / "en" / "stale.html").exists() and (site / "ar" / "index.html").is_file()


def test_out_given_as_a_link_is_what_the_user_asked_for(
        persona_exe: Callable[..., Run], earlier_site: Path, tmp_path: Path) -> None:
    real = tmp_path / "real-site"
    shutil.copytree(earlier_site, real, symlinks=True)
    named = tmp_path / "site-link"
    named.symlink_to(real, target_is_directory=True)
    run = persona_exe("guide", "build", "--out", str(named), "--personas", str(SAMPLES), timeout=300)
    assert run.code == 0, run.stderr
    assert named.is_symlink() and (real / "ar" / "index.html").is_file()
