"""The installed ``persona`` on a few hundred generated hostile inputs: never a traceback.

A seeded generator (``PERSONA_FUZZ_SEED``, default 16: the same inputs every run) writes random
bytes, invalid UTF-8, NUL and control characters, bidi overrides, broken and deeply nested YAML,
huge numbers, odd front matter, odd archives and odd options. Many inputs go to one process
where the CLI allows it (a directory of drafts, an archive of posts, a folder of personas that
``validate`` reports all at once); inputs that stop a run go one to a process. Every run must
exit 0, 1 or 2 and print no ``Traceback``.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PERSONA_EXE, SAMPLES

SEED = int(os.environ.get("PERSONA_FUZZ_SEED", "16"))
PIECES = [
    "عملاؤنا الكرام", "نضمن لكم", "يرجى", "!!", "؟", "920000000", "٠٥٥١٢٣٤٥٦٧", "Dear customers", "ASAP",
    "\u202e", "\u200b", "\u200d", "\u2066", "\ufeff", "\x1b]0;title\x07", "\x1b[2J", "\r", "\t", "\x7f",
    "\ud7ff", "😀", "👨‍👩‍👧", "ﻻ", "Ｄｅａｒ", "ⅰ", "ـــ", "#", "**", "`", "```", "<!-- persona-disable -->",
    "<!-- persona-disable-next-line voice.exclamations -->", "[x](javascript:alert(1))", "<script>", "{{", "}}",
    "9" * 5000, "1e999", "-0", "\n", "\n\n", " ", "---", "...", "\\", "\"", "'", "%00", "\u0000".replace("\0", "␀"),
]


def text(rng: random.Random, size: int) -> str:
    out = []
    while sum(map(len, out)) < size:
        roll = rng.random()
        if roll < 0.6:
            out.append(rng.choice(PIECES))
        elif roll < 0.9:
            out.append("".join(chr(rng.choice([rng.randint(0x20, 0x7e), rng.randint(0x600, 0x6ff),
                                               rng.randint(0x1, 0x1f), rng.randint(0x80, 0x2fff),
                                               rng.randint(0xe000, 0x10ffff)])) for _ in range(rng.randint(1, 12))))
        else:
            out.append(" ")
    return "".join(out)


def run(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> tuple[int, str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("PERSONA_PATH", "OPENAI_API_KEY")}
    full_env.update(env or {})
    proc = subprocess.run([PERSONA_EXE, *args], input=stdin if stdin is not None else b"", capture_output=True,
                          env=full_env, timeout=300)
    return proc.returncode, proc.stderr.decode("utf-8", "replace")


def sane(result: tuple[int, str], what: str) -> None:
    code, stderr = result
    assert "Traceback" not in stderr, f"{what}:\n{stderr[-3000:]}"
    assert code in (0, 1, 2), f"{what}: exit {code}\n{stderr[-3000:]}"


def test_many_hostile_drafts_in_one_directory(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    tree = tmp_path / "drafts"
    for i in range(200):
        folder = tree / rng.choice(["", "a", "a/b", "ج", "sp ace"])
        folder.mkdir(parents=True, exist_ok=True)
        suffix = rng.choice([".md", ".txt", ".markdown"])
        body = text(rng, rng.choice([0, 10, 200, 3000])).lstrip("-")
        if suffix != ".txt" and rng.random() < 0.3:  # front matter of known fields, odd values
            field = rng.choice(["channel", "intent", "tags", "title"])
            body = f"---\n{field}: {json.dumps(text(rng, 20), ensure_ascii=False)}\n---\n{body}"
        (folder / f"draft-{i}{suffix}").write_text(body, encoding="utf-8", errors="surrogatepass")
    for extra in ([], ["--format", "json"], ["--format", "sarif"], ["--format", "github"], ["--diff"],
                  ["--lang", "en", "--channel", "x"], ["--source", text(rng, 50).replace("\0", "")]):
        sane(run("check", str(tree), "--as", rng.choice(["legal", "culture", "entertainment"]), *extra),
             f"check DIR {extra}")


def test_an_archive_of_hostile_posts(tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    lines = []
    for i in range(250):
        record: dict[str, object] = {"text": text(rng, rng.choice([1, 50, 500]))}
        if rng.random() < 0.5:
            record["id"] = rng.choice([i, str(i), text(rng, 8), -i, 10**30])
        if rng.random() < 0.3:
            record["channel"] = rng.choice(["x", "facebook", text(rng, 6)])
        if rng.random() < 0.2:
            record["extra"] = {"nested": [[[text(rng, 4)]]]}
        lines.append(json.dumps(record, ensure_ascii=rng.random() < 0.5))
    archive = tmp_path / "posts.jsonl"
    archive.write_text("\n".join(lines) + "\n", encoding="utf-8")
    csv = tmp_path / "posts.csv"
    csv.write_text("id,text,channel\n" + "".join(f'{i},"{text(rng, 80).replace(chr(34), "")}",x\n' for i in range(100)),
                   encoding="utf-8", errors="surrogatepass")
    for path in (archive, csv):
        for extra in ([], ["--format", "json"], ["--jobs", "1", "--fail-on", "never"]):
            sane(run("check", str(path), "--as", "legal", *extra), f"check {path.name} {extra}")
    sane(run("rewrite", "--file", str(archive), "--as", "legal", "--backend", "fake"), "rewrite archive")


def _persona_variants(rng: random.Random) -> list[str]:
    base = (SAMPLES / "legal.yaml").read_text(encoding="utf-8").replace("extends: government\n", "")
    lines = base.splitlines()
    variants = []
    for _ in range(60):
        mutated = list(lines)
        for _ in range(rng.randint(1, 4)):
            where = rng.randrange(len(mutated))
            roll = rng.random()
            if roll < 0.25:
                mutated[where] = mutated[where][: rng.randrange(len(mutated[where]) + 1)]
            elif roll < 0.5:
                mutated.insert(where, rng.choice(["  - " + "9" * 5000, "x: !!python/object:os.system {}",
                                                  "a: &a [*a]", "<<: {}", "\t- tab", "? [a]\n: b",
                                                  "deep: " + "[" * 300 + "]" * 300, "k: 1e999", "k: .nan",
                                                  "k: yes", "k: 0o17", "k: 1_000"]))
            elif roll < 0.75:
                mutated[where] = mutated[where].replace(":", rng.choice([": ", "::", " :", ": |", ": >-"]), 1)
            else:
                mutated[where] = text(rng, 30).replace("\0", "")
        variants.append("\n".join(mutated) + "\n")
    return variants


def test_a_folder_of_hostile_personas(tmp_path: Path) -> None:
    rng = random.Random(SEED + 2)
    folder = tmp_path / "personas"
    folder.mkdir()
    for i, body in enumerate(_persona_variants(rng)):
        (folder / f"p{i}.yaml").write_text(body.replace("id: legal", f"id: p{i}", 1), encoding="utf-8",
                                          errors="surrogatepass")
    (folder / "bytes.yaml").write_bytes(rng.randbytes(3000))
    (folder / "latin1.yaml").write_bytes("id: latin1\nname: caf\xe9\n".encode("latin-1"))
    draft = tmp_path / "post.md"
    draft.write_text("عملاؤنا الكرام!!\n", encoding="utf-8")
    for args in (["validate"], ["list"], ["guide", "build", "--out", str(tmp_path / "site")],
                 ["check", str(draft), "--as", "p3"], ["show", "p7"], ["show", "p8", "--format", "json"]):
        sane(run(*args, "--personas", str(folder)), f"{args}")


@pytest.mark.parametrize("case", range(16))
def test_inputs_that_stop_a_run(tmp_path: Path, case: int) -> None:
    rng = random.Random(SEED * 100 + case)
    draft = tmp_path / "post.md"
    draft.write_text("يسعدنا خدمتكم\n", encoding="utf-8")
    hostile = tmp_path / rng.choice(["x.md", "x.txt", "x.jsonl", "x.csv"])
    kind = case % 8
    if kind == 0:
        hostile.write_bytes(rng.randbytes(rng.choice([10, 5000])))
    elif kind == 1:
        hostile.write_bytes(b"\xff\xfe" + text(rng, 100).encode("utf-8", "surrogatepass"))
    elif kind == 2:
        hostile.write_text("---\n" + rng.choice(["a: [", "!!python/object:x {}", "x: " + "[" * 800,
                                                 "channel: " + "9" * 5000, "- a\n- b", "\t:"]) + "\n---\nhi\n",
                           encoding="utf-8")
    elif kind == 3:
        hostile.write_text(rng.choice(['{"text": ' + "1" * 6000 + "}", '{"text": [' * 5000, "[1,2]", "null",
                                       '{"text": 5}', '{"text": "a", "channel": 7}', "{" + "\n" * 3,
                                       'text\n"unclosed']) + "\n", encoding="utf-8")
    else:
        hostile.write_text(text(rng, 300), encoding="utf-8", errors="surrogatepass")
    options = rng.choice([
        [], ["--jobs", "0"], ["--jobs", "9" * 30], ["--format", "xml"], ["--max-bytes", rng.choice(["-3", "1x", "0", "10"])],
        ["--as", rng.choice(["../etc/passwd", "LEGAL", "", "a" * 300, "le\x1bgal"])], ["--channel", "\x1b]0;x\x07"],
        ["--fail-on", "nan"], ["--sarif-root", "/nonexistent"], ["--stdin-filename", "\x1b[2J"], ["--lang", "fr"],
        ["--fix", "--output", str(tmp_path / "out.jsonl")], ["--unsafe-fixes", "--diff"],
    ])
    persona_id = [] if "--as" in options else ["--as", "legal"]
    sane(run("check", str(hostile), *persona_id, *options), f"check {hostile.name} {options}")
    if case % 3 == 0:
        sane(run("check", "-", "--as", "legal", *options, stdin=hostile.read_bytes()), f"check - {options}")
    if case % 4 == 0:
        rewrite_options = rng.choice([["--timeout", rng.choice(["inf", "nan", "-1", "1e309"])],
                                      ["--temperature", "nan"], ["--seed", "9" * 5000], ["--concurrency", "0"],
                                      ["--backend", "openai"], ["--max-bytes", "1"]])
        sane(run("rewrite", "--file", str(hostile), "--as", "legal", *rewrite_options,
                 env={"OPENAI_BASE_URL": rng.choice(["http://[::1", "http://127.0.0.1:9/v1", "ftp://x"]),
                      "OPENAI_API_KEY": "k"}), f"rewrite {rewrite_options}")
