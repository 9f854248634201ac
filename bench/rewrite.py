#!/usr/bin/env python3
"""Rewrite: the rules backend per message and per `--as all`; the LLM backend's `--as all` under latency.

* Rules backend (offline): ``persona rewrite --as legal "…"`` and
  ``persona rewrite --as all "…"`` as whole processes, and the time per message
  inside one process (``Rewriter.rewrite`` on 200 corpus posts, every persona).
* LLM backend: ``persona rewrite --as all --backend openai "…"`` against a local
  chat-completions server (``tests/chat_server.py``, real HTTP) that answers
  every request after an injected latency; with the default ``--concurrency 8``
  all personas are asked at once, so the whole run should take about one
  latency, not one per persona.

Usage: python bench/rewrite.py [--repeat 3] [--latency 0,0.5,1,2]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.chat_server

from _common import best, corpus, persona_exe, report, seconds, shown, work_dir

MESSAGE = "Hey folks! Customers can now book appointments online 🎉🎉 Call 920000000!!"
CLEAN = "Beneficiaries can now book appointments online. For enquiries, call 1950."


def rules_backend(exe: str, where: Path, repeat: int) -> None:
    rows, commands = [], []
    for target in ("legal", "all"):
        cmd = [exe, "rewrite", "--as", target, MESSAGE, "--format", "json"]
        run = best(cmd, repeat, cwd=where, capture=True)
        results = len(json.loads(run.out)["results"])
        rows.append([f"--as {target}", results, seconds(run.wall), seconds(run.cpu)])
        commands.append(shown(cmd, where=where))
    per_message = _in_process(where)
    report("Rewrite, rules backend (whole process)", f"Best of {repeat}.",
           ["command", "personas", "wall s", "CPU s"], rows, commands)
    report("Rewrite, rules backend (per message, in one process)",
           "Rewriter.rewrite on the first 200 posts of the corpus for each persona (after one warm-up message); "
           "the rewrite is checked by the checker, as the command does.",
           ["persona", "ms per message"], per_message, ["python bench/rewrite.py  # _in_process()"])


def _in_process(where: Path) -> list[list[str]]:
    from persona.loader import PersonaStore
    from persona.rewrite.service import RewriteOptions, Rewriter

    texts = [json.loads(line)["text"] for line in corpus(1_000, "jsonl", where).read_text().splitlines()[:200]]
    store = PersonaStore.discover()
    rewriter = Rewriter(RewriteOptions(backend="rules", cache=False))
    rows = []
    for persona_id in store.ids():
        persona = store.get(persona_id)
        rewriter.rewrite(persona, texts[0])
        started = time.process_time()
        for text in texts:
            rewriter.rewrite(persona, text)
        rows.append([persona_id, f"{(time.process_time() - started) / len(texts) * 1000:.2f}"])
    return rows


def llm_backend(exe: str, where: Path, latencies: list[float]) -> None:
    from tests.chat_server import ChatServer, Recorded, Reply

    rows, commands = [], []
    for latency in latencies:
        def answer(request: Recorded, latency: float = latency) -> Reply:
            return Reply(content=CLEAN, delay=latency)

        with ChatServer(answer) as server:
            cmd = [exe, "rewrite", "--as", "all", "--backend", "openai", "--model", "bench", "--no-cache",
                   "--repair-on", "never", MESSAGE, "--format", "json"]
            run = best(cmd, 1, cwd=where, env=server.env(), capture=True)
            personas = len(json.loads(run.out)["results"]) if run.out else 0
            requests = len(server.chat_requests())
        rows.append([f"{latency:g}", personas, requests, seconds(run.wall), seconds(run.wall - latency)])
        commands.append("OPENAI_BASE_URL=http://127.0.0.1:PORT/v1 OPENAI_API_KEY=… " + shown(cmd, where=where))
    report("Rewrite, LLM backend, --as all", "A local chat-completions server (tests/chat_server.py) answers each "
           "request after the given latency; --concurrency is the default (8), --repair-on never (one request "
           "per persona), --no-cache.",
           ["latency s", "personas", "requests", "wall s", "wall − one latency s"], rows, commands)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--latency", default="0,0.5,1,2")
    args = parser.parse_args()
    exe, where = persona_exe(), work_dir()
    rules_backend(exe, where, args.repeat)
    llm_backend(exe, where, [float(x) for x in args.latency.split(",")])


if __name__ == "__main__":
    main()
