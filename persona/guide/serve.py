"""`persona guide serve`: the built guide on 127.0.0.1, rebuilt when persona files change.

Each build goes to a fresh folder; the server switches to it only when the build
succeeded, so a broken persona file never takes the site down (its error is
printed instead). Persona folders are polled for changes (a stat of a few files
twice a second: simple, and robust on every file system). Pages served by this
server carry a tiny script that reloads them when a new build is ready.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from persona.errors import UserError

RELOAD_PATH = "/__persona_build"
RELOAD_SCRIPT = (
    "<script>(()=>{let seen=null;setInterval(async()=>{try{"
    f"const r=await fetch('{RELOAD_PATH}',{{cache:'no-store'}});const v=await r.text();"
    "if(seen!==null&&v!==seen)location.reload();seen=v}catch(e){}},1000)})();</script>"
)
POLL_SECONDS = 0.5
SUFFIXES = (".yaml", ".yml")

Snapshot = dict[str, tuple[int, int]]


def snapshot(dirs: Sequence[Path]) -> Snapshot:
    """Modification time and size of every persona file in ``dirs``."""
    state: Snapshot = {}
    for directory in dirs:
        try:
            entries = list(directory.iterdir())
        except OSError:
            continue
        for path in entries:
            if path.suffix in SUFFIXES:
                try:
                    stat = path.stat()
                except OSError:
                    continue
                state[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return state


class GuideServer(ThreadingHTTPServer):
    """Serves whichever build is current; ``generation`` counts successful builds."""

    daemon_threads = True

    def __init__(self, port: int) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.site_dir: Path | None = None
        self.generation = 0

    def publish(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.generation += 1


def _encodable(path: str) -> bool:
    try:
        os.fsencode(path)
    except UnicodeError:
        return False
    return True


class _Handler(SimpleHTTPRequestHandler):
    server: GuideServer

    def __init__(self, request: object, client_address: object, server: GuideServer) -> None:
        super().__init__(request, client_address, server, directory=str(server.site_dir))  # type: ignore[arg-type]

    def do_GET(self) -> None:
        if self.path == RELOAD_PATH:
            self._send(str(self.server.generation).encode(), "text/plain; charset=utf-8")
            return
        requested = self.path.split("?", 1)[0].split("#", 1)[0]
        if "\0" in unquote(requested) or not _encodable(self.translate_path(self.path)):
            self.send_error(404, "No such page")  # a NUL byte or a lone surrogate names no file
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir() and requested.endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            html = path.read_text(encoding="utf-8")
            html = html.replace("</body>", RELOAD_SCRIPT + "</body>", 1)
            self._send(html.encode("utf-8"), "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(build: Callable[[Path], None], watch: Sequence[Path], port: int,
          say: Callable[[str], None] = partial(print, file=sys.stderr)) -> None:
    """Build, serve on 127.0.0.1:``port``, rebuild on changes; returns on Ctrl-C."""
    with tempfile.TemporaryDirectory(prefix="persona-guide-serve-") as tmp:
        builds = _Builds(Path(tmp), build, say)
        first = builds.next()
        if first is None:
            raise UserError.one("the guide could not be built; fix the problems above and try again")
        try:
            server = GuideServer(port)
        except OSError as exc:
            reason = exc.strerror or exc
            raise UserError.one(f"cannot listen on 127.0.0.1:{port}: {reason}; pass another --port") from None
        server.publish(first)
        thread = threading.Thread(target=server.serve_forever, name="persona-guide-serve", daemon=True)
        thread.start()
        say(f"Serving the style guide at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)")
        try:
            _watch(watch, server, builds)
        except KeyboardInterrupt:
            say("Stopped.")
        finally:
            server.shutdown()
            server.server_close()


class _Builds:
    """Numbered build folders; keeps the current and the previous one (pages may still be loading)."""

    def __init__(self, root: Path, build: Callable[[Path], None], say: Callable[[str], None]) -> None:
        self.root, self.build, self.say, self.count = root, build, say, 0
        self.kept: list[Path] = []

    def next(self) -> Path | None:
        self.count += 1
        target = self.root / f"build-{self.count}"
        try:
            self.build(target)
        except UserError as err:
            for problem in err.problems:
                self.say(str(problem))
            shutil.rmtree(target, ignore_errors=True)
            return None
        self.kept.append(target)
        while len(self.kept) > 2:
            shutil.rmtree(self.kept.pop(0), ignore_errors=True)
        return target


def _watch(dirs: Sequence[Path], server: GuideServer, builds: _Builds) -> None:
    seen = snapshot(dirs)
    while True:
        time.sleep(POLL_SECONDS)
        now = snapshot(dirs)
        if now == seen:
            continue
        time.sleep(POLL_SECONDS)  # let an editor finish writing
        seen = snapshot(dirs)
        started = time.perf_counter()
        site = builds.next()
        if site is not None:
            server.publish(site)
            builds.say(f"Rebuilt in {time.perf_counter() - started:.1f} s")
