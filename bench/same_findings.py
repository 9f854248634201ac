#!/usr/bin/env python3
"""Do two versions of persona check drafts identically? Byte-for-byte comparison of `persona check`.

Every optimisation of the checker must keep its output: this runs the same
`persona check` commands with an older checkout (``PYTHONPATH=OLD``) and with
the installed version, and compares stdout, stderr and the exit code of each.

Inputs (written to the scratch directory, fixed seeds):

* the 1,000- and 10,000-post corpus, against every sample persona, with and
  without ``--channel``/``--intent``, as JSON, text and SARIF;
* ``mixed.jsonl``: 6,000 posts — every rule example, then corpus posts with
  inserted diacritics, tatweel, zero-width and bidi characters, odd whitespace
  and line endings, emoji sequences, links, phones, handles, hashtags, built-in
  words, repeated or upper-cased; some with a channel or intent of their own;
* the same with a ``persona`` field per post (8,500 posts, above the
  ``--jobs`` threshold), and variants where post 7,001 names an unknown persona,
  line 6,501 is broken JSON, or post 3,001 has no persona (the error must come
  after the results before it);
* one 780 KB draft made of the mixed posts.

Usage: python bench/same_findings.py OLD_CHECKOUT   (a directory holding an older ``persona/`` package)
Exit status 0 when every output is identical.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SAMPLES, corpus, persona_exe, work_dir

PERSONAS = ["legal", "government", "culture", "education", "entertainment"]
NOISE = ["\u064e", "\u0650", "\u0651", "\u0640", "\u200b", "\u200d", "\u200f", "  ", "\t", "\n", "\r\n", "\r",
         " \u00a0 ", "İ", "Σ", "ς", "’", "!", "!!", "‼", "⁉", "😀", "👍🏽", "👨‍👩‍👧", "🇸🇦", "1️⃣", "©", "™", "❤", "❤️",
         "https://www.moj.gov.sa/x?y=1#z", "http://bit.ly/abc)", "moj.gov.sa/services", "www.example.com",
         "@MojKsa", "@fake_handle", "#tag", "#موسم_الرياض", "#1", "920 000 000", "+966 11 123 4567", "٩٢٠٠٠٠٠٠٠",
         "1950", "2024-05-01", "10:30", "1,500", "3.5", "SAR 5000", "50%", "Dr. Smith", "e.g. this", "U.S. law",
         "No. 5", "اطبع النموذج", "والعملاء", "بالعملاء", "للعملاء", "العميلين", "وللمستفيدين",
         "Ministry of Justice Portal", "CUSTOMERS", "Customers'", "clientele", "guar\u200bantee"]


def _builtin_words() -> list[str]:
    from persona import lexicons

    words: list[str] = []
    for lang in ("en", "ar"):
        words += [item.term for item in lexicons.informal_terms(lang)] + list(lexicons.first_person(lang))
        words += [pair.source for pair in lexicons.register_pairs(lang, "warm")]
    return words + list(lexicons.contractions())


def make_inputs(where: Path) -> None:
    """mixed.jsonl, mixed-personas.jsonl and its broken variants, big-draft.txt."""
    from persona.check.registry import all_rules

    if (where / "big-draft.txt").exists():
        return
    rng = random.Random(7)
    base = [json.loads(line)["text"] for line in corpus(10_000, "jsonl", where).read_text().splitlines()][:3000]
    examples = [example.text for rule in all_rules() for example in rule.examples]
    words = _builtin_words()
    posts = []
    for i in range(6000):
        text = examples[i] if i < len(examples) else rng.choice(base)
        if i >= len(examples):
            for _ in range(rng.randint(0, 6)):
                at = rng.randint(0, len(text))
                text = text[:at] + rng.choice([*NOISE, *words, f" {rng.choice(words)} "]) + text[at:]
            if rng.random() < 0.05:
                text = " ".join([text] * rng.randint(2, 6))
            if rng.random() < 0.05:
                text = text.upper()
        record: dict[str, str] = {"id": f"m{i}", "text": text}
        if rng.random() < 0.2:
            record["channel"] = rng.choice(["x", "twitter", "instagram", "facebook", "tiktok"])
        if rng.random() < 0.2:
            record["intent"] = rng.choice(["service", "inquiry_reply", "advert", "strategy", "correction"])
        posts.append(record)
    _jsonl(where / "mixed.jsonl", posts)
    with_persona = [{**post, "persona": rng.choice(PERSONAS)} for post in posts + posts[:2500]]
    _jsonl(where / "mixed-personas.jsonl", with_persona)
    _jsonl(where / "unknown-persona.jsonl", [{**p, "persona": "nosuch"} if i == 7000 else p
                                             for i, p in enumerate(with_persona)])
    _jsonl(where / "no-persona.jsonl", [{k: v for k, v in p.items() if k != "persona"} if i == 3000 else p
                                        for i, p in enumerate(with_persona)])
    lines = [json.dumps(p, ensure_ascii=False) for p in with_persona]
    lines[6500] = '{"text": "broken'
    (where / "broken-line.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (where / "big-draft.txt").write_text("\n\n".join(p["text"] for p in posts), encoding="utf-8")


def _jsonl(path: Path, records: list[dict[str, str]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def commands(where: Path) -> list[list[str]]:
    ten, one = str(corpus(10_000, "jsonl", where)), str(corpus(1_000, "jsonl", where))
    runs = [["check", ten, "--as", p, "--channel", "x", "--format", "json"] for p in PERSONAS]
    runs += [["check", ten, "--as", p, "--format", "json"] for p in PERSONAS]
    runs += [
        ["check", ten, "--as", "entertainment", "--channel", "instagram", "--intent", "inquiry_reply", "--format",
         "json"],
        ["check", ten, "--as", "legal", "--channel", "facebook", "--intent", "service", "--format", "json"],
        ["check", one, "--as", "legal", "--channel", "x"],
        ["check", one, "--as", "legal", "--channel", "x", "--format", "sarif"],
        ["check", "big-draft.txt", "--as", "legal", "--format", "json"],
        ["check", "mixed.jsonl", "--as", "legal", "--format", "json"],
        ["check", "mixed.jsonl", "--as", "entertainment", "--channel", "x", "--format", "json"],
        ["check", "mixed-personas.jsonl", "--format", "json"],
        ["check", "mixed-personas.jsonl", "--channel", "x"],
        ["check", "mixed-personas.jsonl", "--format", "sarif"],
        ["check", "unknown-persona.jsonl", "--format", "json"],
        ["check", "broken-line.jsonl", "--format", "json"],
        ["check", "no-persona.jsonl", "--format", "json"],
    ]
    return [[*run, "--personas", str(SAMPLES)] for run in runs]


def run(exe: str, args: list[str], where: Path, pythonpath: str | None) -> bytes:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # big-draft.txt (1.2 MB) is over the default 1 MiB draft limit: lift it, so that the draft is
    # checked (versions before the limit ignore the variable)
    env["PERSONA_MAX_BYTES"] = "8M"
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    done = subprocess.run([exe, *args], cwd=where, env=env, capture_output=True)
    return done.stdout + b"\n--stderr--\n" + done.stderr + f"\n--exit {done.returncode}--\n".encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old", type=Path, help="a directory holding the older persona/ package")
    args = parser.parse_args()
    if not (args.old / "persona" / "__init__.py").exists():
        sys.exit(f"{args.old}: no persona/ package there")
    where, exe = work_dir(), persona_exe()
    make_inputs(where)
    different = 0
    for number, cmd in enumerate(commands(where), start=1):
        old, new = run(exe, cmd, where, str(args.old.resolve())), run(exe, cmd, where, None)
        same = old == new
        different += not same
        shown = " ".join(cmd[:-2])
        print(f"{'same' if same else 'DIFFERENT'} {number:2d}: persona {shown} ({len(new):,} bytes)", flush=True)
    sys.exit(1 if different else 0)


if __name__ == "__main__":
    main()
