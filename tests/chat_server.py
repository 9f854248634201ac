"""A real local HTTP server speaking the OpenAI chat-completions wire format, for tests.

It listens on 127.0.0.1 (a free port), records every request it receives and
answers from a script: a queue of :class:`Reply` objects (status, body or
content, headers, latency), then a default ``responder`` once the queue is
empty. Nothing of the project is mocked: the ``openai`` client talks real HTTP
to it, from the test process or from a ``persona`` subprocess.

    with ChatServer() as server:
        server.script(Reply(status=429, headers={"Retry-After": "1"}), Reply(content="hello"))
        env = server.env()        # OPENAI_BASE_URL + a dummy OPENAI_API_KEY
        ...
        server.requests[0].body["messages"]
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DEFAULT_KEY = "test-key-not-secret"


@dataclass
class Reply:
    """One scripted answer. ``content`` builds a normal completion; ``body`` is sent verbatim."""

    content: str | None = None
    status: int = 200
    body: str | bytes | dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (latency)

    def payload(self, model: str) -> bytes:
        if self.body is not None:
            if isinstance(self.body, bytes):
                return self.body
            if isinstance(self.body, str):
                return self.body.encode("utf-8")
            return json.dumps(self.body).encode("utf-8")
        if self.status >= 400:
            return json.dumps(
                {"error": {"message": f"scripted status {self.status}", "type": "test"}}
            ).encode()
        return json.dumps(completion(self.content or "", model)).encode("utf-8")


@dataclass
class Recorded:
    """A request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    at: float

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", [])) if isinstance(self.body, dict) else []

    def message_text(self) -> str:
        return "\n".join(str(m.get("content", "")) for m in self.messages)


def completion(content: str, model: str = "test-model") -> dict[str, Any]:
    """A minimal, valid chat-completions response body."""
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


Responder = Callable[[Recorded], Reply]


class ChatServer:
    """A threading HTTP server on 127.0.0.1 that records requests and replays scripted replies."""

    def __init__(self, responder: Responder | None = None) -> None:
        self.requests: list[Recorded] = []
        self.responder: Responder = responder or (lambda _request: Reply(content="OK"))
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        #: chat requests being answered right now, and the most there ever were at once
        self.in_flight = 0
        self.max_in_flight = 0
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    # -- lifecycle -------------------------------------------------------
    def __enter__(self) -> ChatServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """The base URL to give as OPENAI_BASE_URL."""
        return f"http://127.0.0.1:{self.port}/v1"

    def env(self, key: str = DEFAULT_KEY) -> dict[str, str]:
        """Environment for a subprocess that should talk to this server."""
        return {"OPENAI_BASE_URL": self.url, "OPENAI_API_KEY": key}

    # -- scripting -------------------------------------------------------
    def script(self, *replies: Reply) -> None:
        """Queue replies, answered in order before falling back to the responder."""
        with self._lock:
            self._queue.extend(replies)

    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def _next_reply(self, request: Recorded) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self._queue:
                return self._queue.popleft()
        return self.responder(request)

    def _enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # silence
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body: Any = json.loads(raw or b"null")
                except ValueError:
                    body = raw.decode("utf-8", "replace")
                request = Recorded("POST", self.path, dict(self.headers.items()), body, time.monotonic())
                server._enter()
                try:
                    reply = server._next_reply(request)
                    if reply.delay:
                        time.sleep(reply.delay)
                finally:
                    server._leave()
                model = body.get("model", "test-model") if isinstance(body, dict) else "test-model"
                payload = reply.payload(model)
                try:
                    self.send_response(reply.status)
                    headers = {"Content-Type": "application/json", **reply.headers}
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                    pass

            do_GET = do_POST

        return Handler


def closed_port() -> int:
    """A local port with nothing listening on it (for 'endpoint unreachable' tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
