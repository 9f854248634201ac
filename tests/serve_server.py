"""`persona serve` as the installed script, on a free port: start it, wait until it answers, stop it.

    with ServeProcess(["--personas", str(samples)], env=...) as server:
        httpx.get(server.url + "/api/v1/rules")
        server.output()   # everything it printed (stdout and stderr)
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import httpx

from tests.conftest import PERSONA_EXE

START_SECONDS = 60.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServeProcess:
    """A `persona serve` subprocess; its output goes to a file so that it can never block."""

    def __init__(self, args: list[str], log: Path, env: dict[str, str] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.args = args
        self.log = log
        self.headers = headers or {}
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("PERSONA_PATH", "PERSONA_TOKEN", "OPENAI_API_KEY", "OPENAI_BASE_URL")}
        self.env.update(env or {})
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServeProcess:
        handle = self.log.open("wb")
        self.proc = subprocess.Popen([PERSONA_EXE, "serve", "--port", str(self.port), *self.args],
                                     stdout=handle, stderr=subprocess.STDOUT, env=self.env)
        handle.close()
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"persona serve exited with {self.proc.returncode}:\n{self.output()}")
            try:
                if httpx.get(self.url + "/api/v1/rules", headers=self.headers, timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"persona serve did not answer within {START_SECONDS} s:\n{self.output()}")

    def wait_for_guide(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if httpx.get(self.url + "/guide/", timeout=5).status_code == 200:
                return
            time.sleep(0.2)
        raise RuntimeError(f"the guide was not built within {START_SECONDS} s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
