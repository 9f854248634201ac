#!/usr/bin/env python3
"""Check throughput: persona against proselint 0.16 on the same posts, and peak memory.

For each size N (default 1,000, 10,000 and 100,000 posts of the fixed-seed
corpus) it runs, in the same run on the same machine:

* ``persona check posts.jsonl --as legal --channel x --format json > /dev/null``
  — every rule, the whole process — with the default ``--jobs`` (all CPUs) and
  with ``--jobs 1`` (one process);
* ``proselint check posts.txt`` on the same posts as one text file, from a
  directory holding ``.proselintrc.json`` = ``{"max_errors": 1000000000}``:
  proselint stops after 1,000 results by default, which would make it look
  faster than it is (the script checks that it reports more than 1,000).

Usage: python bench/throughput.py [--sizes 1000,10000,100000] [--repeat 3] [--no-proselint]

To measure an older checkout, run the script with
``PYTHONPATH=/path/to/that/checkout`` (without ``--jobs``, its one-process
columns repeat the default run).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import best, corpus, one_process, persona_exe, rate, report, seconds, shown, work_dir

PROSELINTRC = {"max_errors": 1_000_000_000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--persona", default="legal")
    parser.add_argument("--no-proselint", action="store_true", help="measure persona only")
    args = parser.parse_args()
    where = work_dir()
    (where / ".proselintrc.json").write_text(json.dumps(PROSELINTRC))
    proselint = None if args.no_proselint else shutil.which("proselint")
    exe = persona_exe()
    rows, memory, commands = [], [], []
    for n in (int(s) for s in args.sizes.split(",")):
        posts, text = corpus(n, "jsonl", where), corpus(n, "text", where)
        check = [exe, "check", str(posts), "--as", args.persona, "--channel", "x", "--format", "json"]
        pooled = best(check, args.repeat, cwd=where)
        commands.append(shown(check, where=where) + " > /dev/null")
        if one_process(exe):
            single = best([*check, *one_process(exe)], args.repeat, cwd=where)
            commands.append(shown([*check, *one_process(exe)], where=where) + " > /dev/null")
        else:  # an older checkout without --jobs: one process is all there is
            single = pooled
        row = [f"{n:,}", seconds(pooled.wall), rate(n, pooled.wall), seconds(pooled.cpu),
               seconds(single.wall), rate(n, single.wall), seconds(single.cpu)]
        if proselint:
            lint_cmd = [proselint, "check", str(text)]
            lint = best(lint_cmd, args.repeat, cwd=where, capture=True)
            results = lint.out.count(b"\n")
            if n >= 10_000 and results <= 1_000:
                sys.exit(f"proselint reported only {results} results: is .proselintrc.json in {where}?")
            commands.append(f"(cd {where} && " + shown(lint_cmd, where=where) + " > /dev/null)")
            row += [seconds(lint.wall), rate(n, lint.wall), seconds(lint.cpu), f"{results:,}",
                    f"{lint.wall / pooled.wall:.1f}×", f"{lint.cpu / single.cpu:.1f}×"]
        rows.append(row)
        memory.append([f"{n:,}", f"{single.max_rss_kb / 1024:.0f}", f"{pooled.max_rss_kb / 1024:.0f}",
                       f"{lint.max_rss_kb / 1024:.0f}" if proselint else "-"])
    headers = ["posts", "persona wall s", "posts/s", "CPU s", "--jobs 1 wall s", "posts/s", "CPU s"]
    if proselint:
        headers += ["proselint wall s", "posts/s", "CPU s", "results", "throughput ratio", "CPU ratio (1 proc)"]
    report("Check throughput", f"Best of {args.repeat}. Throughput ratio: proselint wall time / persona wall "
           "time (default --jobs). CPU ratio: proselint CPU / persona --jobs 1 CPU (work per post, one process "
           "each).", headers, rows, commands)
    report("Peak memory", "Maximum resident set size (MiB) of the largest process of the run, as "
           "/usr/bin/time -v reports it (with --jobs, each worker is a separate process of about this size).",
           ["posts", "persona --jobs 1", "persona (default --jobs)", "proselint"], memory, [])


if __name__ == "__main__":
    main()
