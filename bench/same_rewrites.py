#!/usr/bin/env python3
"""Does a new version of the rules rewriter write the same as an older one? Post by post, classified.

Runs ``persona rewrite --file posts.jsonl --as all --format json`` (one JSONL line per post x
persona) with an older checkout (``PYTHONPATH=OLD``) and with the installed version, on the
project's corpus (tests/corpus/make_posts.py, fixed seed), with and without ``--channel x``, and
compares the rewritten texts. Every difference is put in classes by what changed between the two
versions' ``changes`` lists (a rule whose changes appear or disappear: ``+voice.informal``,
``-channel.length``...) and by whether the new text scores better, the same or worse. With
``--show N`` the first N differences of each class are printed, old text against new.

Usage: python bench/same_rewrites.py OLD_CHECKOUT [--posts 300] [--show 3]
Exit status 0 when every text is identical.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SAMPLES, corpus, persona_exe, work_dir


def rewrites(exe: str, posts: Path, where: Path, channel: str | None, pythonpath: str | None) -> dict[tuple, dict]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    cmd = [exe, "rewrite", "--file", str(posts), "--as", "all", "--format", "json", "--personas", str(SAMPLES)]
    if channel:
        cmd += ["--channel", channel]
    done = subprocess.run(cmd, cwd=where, env=env, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)}: exit {done.returncode}: {done.stderr.strip()}")
    out = {}
    for line in done.stdout.splitlines():
        record = json.loads(line)
        out[(record["id"], record["persona"])] = record
    return out


def difference_class(old: dict, new: dict) -> str:
    """``+rule``/``-rule`` for the rules whose changes differ, and better/same/worse by score."""
    def by_rule(record: dict) -> Counter:
        return Counter((c["rule"], c["from"], c["to"]) for c in record["changes"])

    before, after = by_rule(old), by_rule(new)
    gained = sorted({rule for rule, _, _ in after - before})
    lost = sorted({rule for rule, _, _ in before - after})
    rules = " ".join([*(f"+{r}" for r in gained), *(f"-{r}" for r in lost)]) or "same changes"
    score = "better" if new["score"] > old["score"] else "worse" if new["score"] < old["score"] else "same score"
    return f"{rules} ({score})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old", type=Path, help="a directory holding the older persona/ package")
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--show", type=int, default=3)
    args = parser.parse_args()
    if not (args.old / "persona" / "__init__.py").exists():
        sys.exit(f"{args.old}: no persona/ package there")
    where, exe = work_dir(), persona_exe()
    posts = corpus(args.posts, "jsonl", where)
    texts = {json.loads(line)["id"]: json.loads(line)["text"] for line in posts.read_text().splitlines()}
    total = different = 0
    for channel in (None, "x"):
        old = rewrites(exe, posts, where, channel, str(args.old.resolve()))
        new = rewrites(exe, posts, where, channel, None)
        classes: dict[str, list[tuple]] = defaultdict(list)
        for key, record in old.items():
            total += 1
            if new[key]["text"] != record["text"]:
                classes[difference_class(record, new[key])].append(key)
        changed = sum(map(len, classes.values()))
        different += changed
        print(f"== --channel {channel or '(none)'}: {changed} of {len(old)} texts differ")
        for name, keys in sorted(classes.items(), key=lambda item: -len(item[1])):
            print(f"  {len(keys):5d}  {name}")
            for key in keys[: args.show]:
                print(f"         {key[1]} #{key[0]}: {texts[key[0]]!r}")
                print(f"           old {old[key]['score']:3d}: {old[key]['text']!r}")
                print(f"           new {new[key]['score']:3d}: {new[key]['text']!r}")
    print(f"{different} of {total} rewrites differ")
    sys.exit(1 if different else 0)


if __name__ == "__main__":
    main()
