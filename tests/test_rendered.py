"""Archives checked and rendered by the workers (persona/check/rendered.py): the same bytes as one process.

The whole command runs on real archives above the pool threshold, with ``--jobs 1`` (the plain
serial loop) and ``--jobs 2`` (workers read, check and render their chunks): stdout, stderr and
the exit code are the same, also when a line is broken, a post names an unknown persona, lines
are blank, the first starts with a BOM, ids are big integers or floats, a number is NaN, and
posts hold control characters and bidi overrides (which the output stream escapes). The JSON
writer, written field by field, gives the text the JSON encoder gives.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from persona.check import report
from persona.check.batch import PersonaCache, check_all
from persona.check.types import Edit, Finding, Fix, Result
from persona.inputs import iter_drafts
from persona.loader import PersonaStore
from tests.conftest import SAMPLES, Run, corpus

PERSONAS = ["legal", "government", "culture", "education", "entertainment"]
N = 5_600  # above parallel.THRESHOLD (5,000): the pool is used


def _varied(tmp_path: Path, *, name: str = "varied.jsonl", persona: bool = False) -> tuple[Path, list[str]]:
    """A corpus archive with odd lines mixed in: blank lines, a BOM, odd ids, NaN, controls."""
    rng = random.Random(19)
    lines = corpus(N, tmp_path).read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    odd = ["\x1b]0;title\x07 تحديث", "نص \u202e مقلوب", "Hey folks!!! \x9b2J click", "\u200fيسرنا\u200b الإعلان"]
    out = []
    for i, record in enumerate(records):
        if i % 97 == 0:
            record["text"] = rng.choice(odd) + " " + record["text"]
        if i % 501 == 0:
            record["id"] = 123456789012345678901234567890 + i
        elif i % 503 == 0:
            record["id"] = 7.0
        if persona:
            record["persona"] = PERSONAS[i % len(PERSONAS)]
        text = json.dumps(record, ensure_ascii=i % 2 == 0)
        if i % 401 == 0:
            text = text[:-1] + ', "score": NaN}'
        out.append(text)
        if i % 250 == 0:
            out.append("")
            out.append("  \t")
    out[0] = "\ufeff" + out[0]
    return tmp_path / name, out


def _write(path: Path, lines: list[str], end: str = "\n") -> Path:
    path.write_text(end.join(lines) + end, encoding="utf-8")
    return path


def _same(persona_exe: Callable[..., Run], *args: str) -> Run:
    serial = persona_exe(*args, "--jobs", "1", timeout=600)
    pooled = persona_exe(*args, "--jobs", "2", timeout=600)
    assert (pooled.code, pooled.stderr) == (serial.code, serial.stderr)
    assert pooled.stdout == serial.stdout
    return pooled


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_workers_write_what_one_process_writes(persona_exe: Callable[..., Run], tmp_path: Path, fmt: str) -> None:
    path, lines = _varied(tmp_path)
    archive = _write(path, lines)
    run = _same(persona_exe, "check", str(archive), "--as", "legal", "--format", fmt, "--personas", str(SAMPLES))
    assert run.code == 1 and "\x1b" not in run.stdout and "\u202e" not in run.stdout
    if fmt == "json":
        results = json.loads(run.stdout)["results"]
        assert len(results) == N
        assert results[501]["source"] == f"{archive}#{123456789012345678901234567890 + 501}"
    else:
        assert f"in {N} drafts; mean score" in run.stdout.splitlines()[-1]
        assert "\\u202e" in run.stdout  # escaped by the output stream, in the shown line


def test_posts_with_their_own_personas_and_two_archives(persona_exe: Callable[..., Run], tmp_path: Path) -> None:
    path, lines = _varied(tmp_path, persona=True)
    first = _write(path, lines, end="\r\n")
    second = _write(tmp_path / "more.jsonl", lines[:300])
    run = _same(persona_exe, "check", str(first), str(second), "--channel", "x", "--format", "json",
                "--personas", str(SAMPLES))
    results = json.loads(run.stdout)["results"]
    assert {r["persona"] for r in results} == set(PERSONAS)
    assert results[-1]["source"].startswith(f"{second}#")


@pytest.mark.parametrize("broken", ["bad-json", "unknown-persona", "bad-utf8", "not-an-object"])
def test_a_failure_comes_after_the_results_before_it(persona_exe: Callable[..., Run], tmp_path: Path,
                                                     broken: str) -> None:
    path, lines = _varied(tmp_path, persona=True)
    at = 5_301
    if broken == "bad-json":
        lines[at] = '{"text": "broken'
    elif broken == "unknown-persona":
        lines[at] = json.dumps({"text": "hello", "persona": "nosuch"})
    elif broken == "not-an-object":
        lines[at] = "[1, 2]"
    archive = _write(path, lines)
    if broken == "bad-utf8":
        data = archive.read_bytes().split(b"\n")
        data[at] = b'{"text": "\xff\xfe"}'
        archive.write_bytes(b"\n".join(data))
    run = _same(persona_exe, "check", str(archive), "--format", "json", "--personas", str(SAMPLES))
    assert run.code == 2 and run.stderr.strip() and "Traceback" not in run.stderr
    assert run.stdout.count('"source"') > 5_000


@pytest.mark.parametrize("broken", ["long-line", "long-last-line", "huge-number"])
def test_the_limits_hold_on_the_workers(persona_exe: Callable[..., Run], tmp_path: Path, broken: str) -> None:
    """A line over --max-bytes (in the middle, or a last one with no newline, longer than a chunk)
    and a 5,000-digit number are refused at their line, after the results before it, as one process does."""
    path, lines = _varied(tmp_path, persona=True)
    at = 5_301
    if broken == "huge-number":
        lines[at] = '{"text": "hello", "id": ' + "9" * 5_000 + "}"
    else:
        lines[at] = json.dumps({"text": "طويل " * 60_000})  # about 660 KB: over 200K and over a chunk
    if broken == "long-last-line":
        lines = lines[: at + 1]
    archive = path
    archive.write_text("\n".join(lines) + ("" if broken == "long-last-line" else "\n"), encoding="utf-8")
    run = _same(persona_exe, "check", str(archive), "--format", "json", "--max-bytes", "200K",
                "--personas", str(SAMPLES))
    assert run.code == 2 and "Traceback" not in run.stderr
    [line] = run.stderr.strip().splitlines()
    assert line.startswith(f"{archive}:{at + 1}: ")  # line numbers count from 1
    assert ("too large" in line) == (broken != "huge-number")
    assert run.stdout.count('"source"') > 5_000


def test_result_json_is_what_the_json_encoder_writes(tmp_path: Path) -> None:
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode

    def reference(result: Result) -> str:
        data = result.to_json()
        findings = data.pop("findings")
        fields = [f"{encode(key)}: {encode(value)}" for key, value in data.items()]
        listed = ",\n        ".join(encode(finding) for finding in findings)  # type: ignore[attr-defined]
        fields.append('"findings": ' + (f"[\n        {listed}\n      ]" if listed else "[]"))
        return "{\n      " + ",\n      ".join(fields) + "\n    }"

    cache = PersonaCache(PersonaStore.discover([SAMPLES]))
    drafts = iter_drafts([str(corpus(400, tmp_path))])
    results = list(check_all(drafts, cache, persona_id="entertainment", jobs=1))
    odd = '"\\\x00\x1f\x7f\x9b\u2028\u202e\ud800"\n\t'
    fix = Fix("unsafe", (Edit(0, 1, odd), Edit(2, 2, "")))
    results.append(Result(odd, "legal", odd, None, [Finding("voice.x", "error", 0, 1, odd, odd, odd, 3, 4, fix),
                                                     Finding("a", "suggestion", 5, 5, "", "m")], odd))
    results.append(Result("p#1", "legal", None, "service", []))
    assert any(f.fix is not None for r in results for f in r.findings)
    for result in results:
        assert report.result_json(result) == reference(result)
