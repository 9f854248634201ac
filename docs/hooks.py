"""mkdocs hooks: build the generated parts of the documentation from the live code.

* ``<!-- generated: NAME -->`` in a page is replaced by the output of a generator
  in ``docs/gen`` (CLI, persona format, rules), so reference pages cannot drift
  from the code;
* ``<!-- run …: persona … -->`` is replaced by the real output of the command
  (see ``gen/run.py``); the commands of all pages run in parallel while mkdocs
  reads the files, and a wrong exit code fails ``mkdocs build --strict``;
* ``persona.schema.json`` is published at the root of the site for editors.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from gen import cli_ref, format_ref, rules_ref, run

log = logging.getLogger("mkdocs.hooks.persona")

GENERATED = re.compile(r"<!--\s*generated:\s*([a-z-]+)\s*-->")
GENERATORS: dict[str, Callable[[], str]] = {
    "cli": cli_ref.render,
    "persona-format": format_ref.render,
    "concatenated-lists": lambda: ", ".join(f"`{p}`" for p in format_ref.concatenated_lists()),
    "text-merge-exceptions": format_ref.render_text_exceptions,
    "rules": rules_ref.render,
    "rules-summary": rules_ref.render_summary,
    "example-persona": rules_ref.render_example_persona,
}
EXAMPLES = Path(__file__).parent / "examples"

_pool: ThreadPoolExecutor | None = None
_runs: dict[str, Future[list[run.Outcome]]] = {}


def on_files(files: Any, config: Any) -> Any:
    """Start every page's commands, and add the JSON Schema to the site."""
    global _pool
    from mkdocs.structure.files import File

    _pool = ThreadPoolExecutor(max_workers=8)
    _runs.clear()
    for file in files.documentation_pages():
        commands = run.parse(Path(file.abs_src_path).read_text(encoding="utf-8"))
        if commands:
            _runs[file.src_uri] = _pool.submit(run.run_page, commands, EXAMPLES)

    from persona.schema import persona_json_schema

    schema = json.dumps(persona_json_schema(), ensure_ascii=False, indent=2) + "\n"
    files.append(File.generated(config, "persona.schema.json", content=schema))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    def generate(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in GENERATORS:
            log.warning("%s: unknown generator %r", page.file.src_uri, name)
            return match.group(0)
        try:
            return GENERATORS[name]()
        except Exception as exc:  # a broken generator fails a strict build, with its reason
            log.warning("%s: generator %r failed: %s: %s", page.file.src_uri, name, type(exc).__name__, exc)
            return f'!!! failure "Generated content unavailable"\n    `{name}`: {type(exc).__name__}\n'

    markdown = GENERATED.sub(generate, markdown)
    future = _runs.get(page.file.src_uri)
    if future is not None:
        outcomes = future.result()
        for outcome in outcomes:
            if not outcome.ok:
                log.warning(
                    "%s: `%s` exited with %d (expected %d):\n%s",
                    page.file.src_uri,
                    outcome.command.text,
                    outcome.exit,
                    outcome.command.exit,
                    outcome.output[-2000:],
                )
        markdown = run.substitute(markdown, outcomes)
    return markdown


def on_post_build(config: Any) -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True)
        _pool = None
