"""A real, hostile "model endpoint" on 127.0.0.1, for tests: raw sockets, one behaviour per server.

Behaviours (what it does after reading a chat-completions request):

- ``trickle``: a 200 with headers, then the body one byte every ``interval`` seconds, forever;
- ``trickle-headers``: the status line and headers one byte every ``interval`` seconds;
- ``endless``: a 200 with a chunked body that never ends (64 kB chunks, as fast as it can);
- ``oversized``: a valid completion whose answer is ``size`` bytes long (``Content-Length`` set);
- ``oversized-chunked``: the same answer, chunked (no ``Content-Length``);
- ``echo-key``: a valid completion whose answer holds the request's API key as sent, in upper
  case and base64 (and inside a base URL), like a compromised or confused server would;
- ``hang``: accepts and reads, then says nothing.

    with HostileServer("trickle") as server:
        env = server.env()   # OPENAI_BASE_URL and a dummy key for a `persona` subprocess
"""

from __future__ import annotations

import base64
import json
import socket
import threading
import time

KEY = "sk-hostile-test-0123456789abcdef"


def completion_bytes(content: str) -> bytes:
    body = {
        "id": "chatcmpl-hostile",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": "test-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }
    return json.dumps(body).encode("utf-8")


def echoed(key: str) -> str:
    """An answer that leaks the key in every form a careless redactor misses."""
    b64 = base64.b64encode(key.encode()).decode()
    b64_inner = base64.b64encode(f"Authorization: Bearer {key}".encode()).decode()
    return (
        f"تم التحديث. المفتاح: {key} — KEY: {key.upper()} — b64 {b64} — header {b64_inner} — "
        f"url https://user:{key}@example.com/v1?api-key={key}"
    )


class HostileServer:
    def __init__(self, behaviour: str, *, interval: float = 0.5, size: int = 10_000_000) -> None:
        self.behaviour = behaviour
        self.interval = interval
        self.size = size
        self.requests = 0
        self.keys: list[str] = []
        self._stop = threading.Event()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._sock.settimeout(0.1)
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}/v1"

    def env(self, key: str = KEY) -> dict[str, str]:
        return {"OPENAI_BASE_URL": self.url, "OPENAI_API_KEY": key}

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _read_request(self, conn: socket.socket) -> str:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return ""
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        length = 0
        key = ""
        for line in head.decode("latin-1").split("\r\n")[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
            if name.strip().lower() == "authorization":
                key = value.strip().removeprefix("Bearer ").strip()
        while len(rest) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            rest += chunk
        return key

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(30)
        try:
            key = self._read_request(conn)
            self.requests += 1
            self.keys.append(key)
            getattr(self, "_" + self.behaviour.replace("-", "_"))(conn, key)
        except OSError:
            pass
        finally:
            conn.close()

    def _sleep(self) -> bool:
        return not self._stop.wait(self.interval)

    def _trickle(self, conn: socket.socket, key: str) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500000\r\n\r\n")
        while self._sleep():
            conn.sendall(b" ")

    def _trickle_headers(self, conn: socket.socket, key: str) -> None:
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: " + b"a" * 100000:
            if not self._sleep():
                return
            conn.sendall(bytes([byte]))

    def _endless(self, conn: socket.socket, key: str) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"%x\r\n%s\r\n" % (65536, b"[" * 65536)
        while not self._stop.is_set():
            conn.sendall(chunk)

    def _oversized(self, conn: socket.socket, key: str) -> None:
        body = completion_bytes("ا" * (self.size // 2))
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body))
        conn.sendall(body)

    def _oversized_chunked(self, conn: socket.socket, key: str) -> None:
        body = completion_bytes("ا" * (self.size // 2))
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        for start in range(0, len(body), 65536):
            part = body[start : start + 65536]
            conn.sendall(b"%x\r\n%s\r\n" % (len(part), part))
        conn.sendall(b"0\r\n\r\n")

    def _echo_key(self, conn: socket.socket, key: str) -> None:
        body = completion_bytes(echoed(key))
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body))
        conn.sendall(body)

    def _hang(self, conn: socket.socket, key: str) -> None:
        self._stop.wait(60)
