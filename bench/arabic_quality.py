#!/usr/bin/env python3
"""Precision and recall per rule on the realistic evaluation set (tests/arabic_set).

Every draft of the set lists every finding of the evaluated rules it should get (``expect``,
"rule: match as typed"). A reported finding that is listed is a true positive, one that is not
is a false positive; a listed finding that is not reported is a false negative. Figures are
given for Arabic drafts (any Arabic letter in the text), English drafts, and all.

Usage: python bench/arabic_quality.py [--set tests/arabic_set] [--misses]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

from persona.check.engine import check_text  # noqa: E402
from persona.model import Persona  # noqa: E402

EVALUATED = ("vocabulary.prefer", "vocabulary.avoid", "values.contradiction", "facts.retired",
             "facts.unverified", "facts.date", "voice.informal", "voice.person")


def parse(item: str) -> tuple[str, str]:
    rule, _, match = item.partition(": ")
    return rule.strip(), match


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", default=str(REPO / "tests" / "arabic_set"))
    parser.add_argument("--misses", action="store_true", help="print every false positive and negative")
    args = parser.parse_args()
    folder = Path(args.set)
    persona = Persona.model_validate(yaml.safe_load((folder / "persona.yaml").read_text(encoding="utf-8")))
    drafts = [d for path in sorted(folder.glob("*.yaml")) if path.name != "persona.yaml"
              for d in yaml.safe_load(path.read_text(encoding="utf-8"))]
    counts = {group: {rule: Counter() for rule in EVALUATED} for group in ("ar", "en", "all")}
    for draft in drafts:
        group = "ar" if any("\u0600" <= c <= "\u06ff" for c in draft["text"]) else "en"
        got = Counter((f.rule, f.match) for f in check_text(persona, draft["text"]).findings if f.rule in EVALUATED)
        expected = Counter(parse(item) for item in draft.get("expect") or [])
        for rule, match in got | expected:
            tp = min(got[(rule, match)], expected[(rule, match)])
            fp, fn = got[(rule, match)] - tp, expected[(rule, match)] - tp
            for g in (group, "all"):
                counts[g][rule].update(tp=tp, fp=fp, fn=fn)
            if args.misses and (fp or fn):
                print(f"{draft['id']}: {'false positive' if fp else 'missed'} {rule}: {match}")
    print(f"{len(drafts)} drafts ({sum(1 for d in drafts if any(chr(0x600) <= c <= chr(0x6ff) for c in d['text']))}"
          f" with Arabic). Command: python bench/arabic_quality.py\n")
    for group, title in (("ar", "Arabic drafts"), ("en", "English drafts"), ("all", "All drafts")):
        print(f"## {title}\n")
        print("| rule | expected | found | precision | recall |")
        print("| --- | --- | --- | --- | --- |")
        total = Counter()
        for rule in EVALUATED:
            c = counts[group][rule]
            total.update(c)
            if c["tp"] + c["fp"] + c["fn"]:
                print(_row(rule, c))
        print(_row("**all rules**", total) + "\n")


def _row(name: str, c: Counter) -> str:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    precision = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
    recall = f"{tp / (tp + fn):.2f}" if tp + fn else "-"
    return f"| {name} | {tp + fn} | {tp + fp} | {precision} | {recall} |"


if __name__ == "__main__":
    main()
