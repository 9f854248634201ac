#!/usr/bin/env python3
"""The style-guide site: `persona guide build` for 5, 50 and 100 personas.

The personas are copies of the five samples with new ids (``legal-7``,
``culture-12``, …; an ``extends`` keeps pointing at a copy of the same round),
written to a scratch directory, then built with
``persona guide build --out site --personas DIR`` as a whole process.

Usage: python bench/site.py [--counts 5,50,100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SAMPLES, best, persona_exe, report, seconds, shown, work_dir


def copies(count: int, folder: Path) -> Path:
    """``count`` personas: rounds of the five samples, ids suffixed with the round number."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    samples = sorted(SAMPLES.glob("*.yaml"))
    made = 0
    round_ = 0
    while made < count:
        round_ += 1
        for path in samples:
            if made == count:
                break
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"(?m)^id: (\S+)", rf"id: \1-{round_}", text)
            text = re.sub(r"(?m)^extends: (\S+)", rf"extends: \1-{round_}", text)
            (folder / f"{path.stem}-{round_}.yaml").write_text(text, encoding="utf-8")
            made += 1
    # an `extends` whose parent did not make it into a partial last round: drop the copy
    for path in folder.glob("*.yaml"):
        parent = re.search(r"(?m)^extends: (\S+)", path.read_text(encoding="utf-8"))
        if parent and not (folder / f"{parent.group(1)}.yaml").exists():
            path.unlink()
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counts", default="5,50,100")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    exe, where = persona_exe(), work_dir()
    rows, commands = [], []
    for count in (int(c) for c in args.counts.split(",")):
        folder = copies(count, where / f"personas-{count}")
        found = len(list(folder.glob("*.yaml")))
        out = where / f"site-{count}"
        cmd = [exe, "guide", "build", "--out", str(out), "--personas", str(folder)]
        run = best(cmd, args.repeat, cwd=where)
        if run.code != 0:
            sys.exit(f"guide build failed ({run.code}): {shown(cmd, where=where)}")
        pages = sum(1 for _ in out.rglob("*.html"))
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1024 / 1024
        rows.append([found, pages, f"{size:.1f}", seconds(run.wall), seconds(run.cpu),
                     f"{run.wall / found * 1000:.0f}", f"{run.max_rss_kb / 1024:.0f}"])
        commands.append(shown(cmd, where=where))
    report("Style-guide site", f"Whole process, best of {args.repeat}.",
           ["personas", "HTML pages", "site MiB", "wall s", "CPU s", "ms per persona", "peak MiB"], rows, commands)


if __name__ == "__main__":
    main()
