"""A built guide served the way a static host serves it, for the browser tests.

The standard library's server on 127.0.0.1, plus what hosts such as nginx
(``error_page 404 /ar/404.html``) or Netlify do with a missing address: the
404 page of the language folder it falls in, with status 404. Pages are watched
with :class:`tests.test_guide_browser.Watched` (console errors, requests off
127.0.0.1, dialogs).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .test_guide_browser import Watched, _local

LANGS = ("ar", "en")


class StaticHostHandler(SimpleHTTPRequestHandler):
    """Files as they are; a missing one under ``/<lang>/`` gets ``<lang>/404.html`` (status 404)."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        lang = self.path.lstrip("/").split("/", 1)[0]
        page = Path(self.directory) / lang / "404.html"
        if code != 404 or lang not in LANGS or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    """``site`` on an ephemeral port of 127.0.0.1; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHostHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def watch(page: Any) -> Watched:
    """Record console errors, requests off 127.0.0.1 and dialogs on ``page``."""
    watched = Watched(page)
    page.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watched.errors.append(str(e)))
    page.on("request", lambda r: None if _local(r.url) else watched.external.append(r.url))

    def on_dialog(dialog: Any) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return watched


def page_paths(site: Path, lang: str) -> dict[str, list[str]]:
    """Every page of one language's build, by kind (home, persona, glossary, A–Z, rules, voices, 404)."""
    root = site / lang
    kinds = {"home": ["index.html"], "glossary": ["glossary.html"], "az": ["az.html"], "rules": ["rules.html"],
             "voices": ["voices.html"], "404": ["404.html"],
             "persona": sorted(f"personas/{p.name}" for p in (root / "personas").glob("*.html"))}
    for kind, paths in kinds.items():
        missing = [path for path in paths if not (root / path).is_file()]
        assert paths and not missing, f"{lang}: no {kind} page {missing}"
    return kinds
