"""The URL expressions' programs, stored once per installation (persona.text.stored_re).

A stored program must give the very pattern ``re.compile`` gives (same matches on real
drafts), a second start must compile nothing from source, and anything wrong with the
entry (forged, another pattern's, a program ``_sre`` refuses) or a cache turned off
must compile as usual and still find the same links.
"""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

import persona.snapshot  # noqa: F401  (gives stored_re its store, as every checking run does)
from persona.persona_cache import seal
from persona.text import _xdata, stored_re

DRAFTS = [
    "أعلنت وزارة العدل إطلاق خدمة التوثيق الإلكتروني، التفاصيل: https://www.moj.gov.sa/ar/eServices?id=12",
    "للاستفسار زوروا najiz.sa أو تواصلوا عبر x.com/MOJ_KSA، وشكراً لكم 🌟",
    "Read the full statement at moj.gov.sa/en/news (updated 3 Dec 2026) or t.co/AbC123xyz.",
    "قال تعالى: ﴿وَإِذَا حَكَمْتُم بَيْنَ النَّاسِ أَن تَحْكُمُوا بِالْعَدْلِ﴾ — بلا روابط في هذا المنشور",
]
URL = ("url", _xdata.URL_PATTERN, _xdata.URL_FLAGS)


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("PERSONA_CACHE_DIR", str(root))
    monkeypatch.delenv("PERSONA_NO_CACHE", raising=False)
    monkeypatch.setattr(stored_re, "compiled_from_source", [])
    return root


def _entries(root: Path) -> list[Path]:
    return sorted((root / "snapshots").glob("re-url-*.pickle"))


def _finds(pattern: re.Pattern[str]) -> list[list[tuple[int, int]]]:
    return [[m.span() for m in pattern.finditer(draft)] for draft in DRAFTS]


def test_the_stored_program_is_the_pattern_re_compiles(cache: Path) -> None:
    plain = re.compile(_xdata.URL_PATTERN, _xdata.URL_FLAGS)
    first = stored_re.compile_stored(*URL)
    assert stored_re.compiled_from_source == ["url"] and len(_entries(cache)) == 1
    second = stored_re.compile_stored(*URL)
    assert stored_re.compiled_from_source == ["url"]  # the second came from the entry
    assert first == plain and second == plain and second.groupindex == plain.groupindex
    assert _finds(second) == _finds(plain)
    assert any(_finds(plain)) and not _finds(plain)[-1]  # the drafts hold links, the Quran one none


@pytest.mark.parametrize("full_cli", [False, True], ids=["fast path", "full CLI"])
def test_a_second_start_compiles_nothing_from_source(cache: Path, tmp_path: Path, full_cli: bool) -> None:
    """The fast check path and the full Typer CLI (PERSONA_NO_FAST=1: what every other command runs)."""
    draft = tmp_path / "post.md"
    draft.write_text(DRAFTS[0] + "\n", encoding="utf-8")
    script = ("import sys; from persona.cli import main; code = main(sys.argv[1:]); "
              "from persona.text import stored_re; print('source:', *stored_re.compiled_from_source, file=sys.__stderr__)")
    env = {**os.environ, "PERSONA_CACHE_DIR": str(cache), "NO_COLOR": ""}
    env.pop("PERSONA_NO_FAST", None)
    if full_cli:
        env["PERSONA_NO_FAST"] = "1"
    outputs, sources = [], []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", script, "check", str(draft), "--as", "legal", "--format", "json"],
                              capture_output=True, env=env, timeout=300, cwd=tmp_path)
        outputs.append(done.stdout)
        sources.append(done.stderr.decode().splitlines()[-1].split()[1:])
    assert sources == [["url", "ascii-domain"], []]
    assert outputs[0] == outputs[1] and b'"findings"' in outputs[0]


def _plant(cache: Path, args: object) -> None:
    """Replace the stored entry by ``args``, sealed with this installation's key (a corrupt but honest entry)."""
    [entry] = _entries(cache)
    entry.write_bytes(seal(pickle.dumps(args), entry.name, entry.parent.parent) or b"")


@pytest.mark.parametrize("planted", [
    (_xdata.URL_PATTERN, int(_xdata.URL_FLAGS), [999_999], 0, {}, ()),  # a program _sre refuses
    ("x", 0, [], 0, {}, ()),  # another pattern's program
    "not a program",
], ids=["refused", "other-pattern", "garbage"])
def test_a_bad_entry_compiles_as_usual(cache: Path, planted: object) -> None:
    stored_re.compile_stored(*URL)
    _plant(cache, planted)
    again = stored_re.compile_stored(*URL)
    assert stored_re.compiled_from_source == ["url", "url"]
    assert again == re.compile(_xdata.URL_PATTERN, _xdata.URL_FLAGS)


def test_a_forged_entry_is_never_unpickled(cache: Path) -> None:
    stored_re.compile_stored(*URL)
    [entry] = _entries(cache)
    head, _, _ = entry.read_bytes().partition(b"\n")
    entry.write_bytes(head + b"\n" + pickle.dumps(("x", 0, [], 0, {}, ())))  # the old seal on a new body
    again = stored_re.compile_stored(*URL)
    assert stored_re.compiled_from_source == ["url", "url"] and _finds(again) == _finds(re.compile(*URL[1:]))


def test_no_cache_compiles_and_stores_nothing(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERSONA_NO_CACHE", "1")
    for _ in range(2):
        assert stored_re.compile_stored(*URL) == re.compile(_xdata.URL_PATTERN, _xdata.URL_FLAGS)
    assert stored_re.compiled_from_source == ["url", "url"] and _entries(cache) == []


def test_without_a_store_every_start_compiles(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The text layer alone (no snapshot module to hand it a store) compiles as re does."""
    monkeypatch.setattr(stored_re, "_store", None)
    assert stored_re.compile_stored(*URL) == re.compile(_xdata.URL_PATTERN, _xdata.URL_FLAGS)
    assert stored_re.compiled_from_source == ["url"] and not (cache / "snapshots").exists()
