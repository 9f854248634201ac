#!/usr/bin/env python3
"""How the cost of `persona check` grows: with posts, with the persona's vocabulary, with draft size.

* Posts: 1,000 … 100,000 posts of the fixed-seed corpus, one process
  (``--jobs 1``): time per post should stay flat (linear growth).
* Vocabulary: the same 10,000 posts against personas of 20, 100, 1,000 and
  10,000 terms (``vocabulary.prefer`` and ``vocabulary.avoid``; generated with
  a fixed seed, a few of them real words of the corpus): goal at most 2× the
  time of 20 terms, because all terms are matched in one pass.
* Draft size: one plain-text draft of 0.5 … 5 MB (the corpus posts joined by
  blank lines): linear, seconds.

Usage: python bench/growth.py [--what posts,vocabulary,size] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import best, corpus, one_process, persona_exe, report, seconds, shown, work_dir

POST_SIZES = (1_000, 5_000, 10_000, 50_000, 100_000)
VOCABULARY_SIZES = (20, 100, 1_000, 10_000)
DRAFT_MB = (0.5, 1, 2, 5)
REAL_TERMS = ["customers", "clients", "guarantee", "super easy", "العملاء", "نضمن", "الزبائن", "print the form"]
LATIN = "abcdefghijklmnopqrstuvwxyz"
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def posts(exe: str, where: Path, repeat: int) -> None:
    rows, commands = [], []
    for n in POST_SIZES:
        cmd = [exe, "check", str(corpus(n, "jsonl", where)), "--as", "legal", "--channel", "x", "--format",
               "json", *one_process(exe)]
        run = best(cmd, repeat, cwd=where)
        commands.append(shown(cmd, where=where) + " > /dev/null")
        rows.append([f"{n:,}", seconds(run.wall), seconds(run.cpu), f"{run.cpu / n * 1e6:.0f}"])
    report("Growth with the number of posts", f"One process (--jobs 1), best of {repeat}; CPU per post includes "
           "start-up (about 0.3 s), which is why it falls at first.",
           ["posts", "wall s", "CPU s", "CPU µs/post"], rows, commands)


def _word(rng: random.Random, letters: str) -> str:
    return "".join(rng.choice(letters) for _ in range(rng.randint(4, 9)))


def vocabulary_persona(folder: Path, size: int) -> str:
    """Write persona ``vocab-SIZE`` (legal's voice, ``size`` terms) into ``folder``; return its id."""
    rng = random.Random(size)
    terms = list(REAL_TERMS)
    while len(terms) < size:
        letters = ARABIC if len(terms) % 2 else LATIN
        words = [_word(rng, letters) for _ in range(rng.choice((1, 1, 1, 2, 3)))]
        terms.append(" ".join(words))
    terms = terms[:size]
    half = size // 2
    lines = [f"id: vocab-{size}", f"name: Vocabulary {size}", "languages: [ar, en]",
             "voice: {formality: 5, emoji: none, exclamations: false, contractions: false, max_sentence_words: 25}",
             "channels:", "  x: {max_length: 280, max_hashtags: 2, max_links: 1}", "vocabulary:", "  prefer:"]
    lines += [f'    - {{use: "preferred {i}", instead_of: ["{term}"]}}' for i, term in enumerate(terms[:half])]
    lines.append("  avoid:")
    lines += [f'    - {{term: "{term}", reason: "benchmark"}}' for term in terms[half:]]
    (folder / f"vocab-{size}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f"vocab-{size}"


def vocabulary(exe: str, where: Path, repeat: int) -> None:
    folder = where / "personas-vocabulary"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    posts_file = corpus(10_000, "jsonl", where)
    rows, commands, first = [], [], None
    for size in VOCABULARY_SIZES:
        persona_id = vocabulary_persona(folder, size)
        cmd = [exe, "check", str(posts_file), "--as", persona_id, "--channel", "x", "--format", "json",
               "--personas", str(folder), *one_process(exe)]
        run = best(cmd, repeat, cwd=where)
        fresh = best(cmd, repeat, cwd=where, env={"PERSONA_NO_CACHE": "1"})  # the persona file is read
        first = first or (run, fresh)
        commands.append(shown(cmd, where=where) + " > /dev/null")
        rows.append([f"{size:,}", seconds(run.wall), seconds(run.cpu), f"{run.cpu / first[0].cpu:.2f}×",
                     seconds(fresh.wall), f"{fresh.cpu / first[1].cpu:.2f}×"])
    report("Growth with the vocabulary", f"10,000 posts, one process (--jobs 1), best of {repeat}; personas "
           "written by bench/growth.py (vocabulary_persona). Goal: at most 2× the time of 20 terms. The last "
           "two columns read the persona file instead of the persona cache (PERSONA_NO_CACHE=1): the first run "
           "after the file changes.",
           ["terms", "wall s", "CPU s", "CPU vs 20 terms", "uncached wall s", "uncached CPU vs 20"], rows,
           commands)


def draft_size(exe: str, where: Path, repeat: int) -> None:
    os.environ["PERSONA_MAX_BYTES"] = "0"  # drafts over the default limit (1 MiB) are the point here
    source = corpus(100_000, "text", where).read_text(encoding="utf-8")
    rows, commands = [], []
    for megabytes in DRAFT_MB:
        limit = int(megabytes * 1024 * 1024)
        text = source.encode("utf-8")[:limit].decode("utf-8", "ignore")
        draft = where / f"draft-{megabytes}MB.txt"
        draft.write_text(text, encoding="utf-8")
        cmd = [exe, "check", str(draft), "--as", "legal", "--channel", "x", "--format", "json"]
        run = best(cmd, repeat, cwd=where)
        commands.append(shown(cmd, where=where) + " > /dev/null")
        rows.append([f"{megabytes:g}", seconds(run.wall), seconds(run.cpu),
                     f"{run.cpu / megabytes:.2f}", f"{run.max_rss_kb / 1024:.0f}"])
    report("Growth with the size of one draft", f"One draft (a .txt file of the corpus posts), best of {repeat}.",
           ["MB", "wall s", "CPU s", "CPU s per MB", "peak MiB"], rows, commands)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--what", default="posts,vocabulary,size")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    exe, where = persona_exe(), work_dir()
    for what in args.what.split(","):
        {"posts": posts, "vocabulary": vocabulary, "size": draft_size}[what](exe, where, args.repeat)


if __name__ == "__main__":
    main()
