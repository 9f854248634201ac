"""The HTTP client under the model backend: one wall-clock deadline and a size cap per request.

httpx's timeouts bound each network operation, not the request: a server that sends one byte
every half second never trips a 3 s read timeout, and an endless body is read until memory runs
out. Every request made through :func:`guarded_client` runs inside a :class:`Budget`:

- a **deadline** (``time.monotonic``) set when the request starts. A watchdog shuts the socket
  down when it passes, whatever the request is doing (connecting, waiting for headers, reading a
  trickled body), and the body reader checks it between chunks;
- a **size cap** on the response body: a ``Content-Length`` over the cap is refused before
  reading, and a body that grows past it (chunked, endless) is cut there.

Both surface as :class:`RequestBudgetExceeded` (``what`` says which) from the client call, so the
caller reports one clear line. The budget is per thread (the sync client runs each request on the
caller's thread), so concurrent rewrites each have their own. Connections are not kept alive: a
fresh socket per request is what the watchdog can shut without touching another request.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx2  # this module is imported only on the model path, as openai (which imports httpx2) is

_local = threading.local()


class RequestBudgetExceeded(Exception):
    """The request ran past its deadline (``what == "deadline"``) or its size cap (``"size"``)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


@dataclass
class Budget:
    """What one request may spend: seconds until ``deadline`` and ``max_bytes`` of body."""

    seconds: float
    max_bytes: int
    deadline: float = 0.0
    exceeded: str | None = None  # "deadline" or "size", once it was
    _sockets: list[socket.socket] = field(default_factory=list)
    _timer: threading.Timer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        self.deadline = time.monotonic() + self.seconds
        self._timer = threading.Timer(self.seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def expired(self) -> bool:
        return time.monotonic() >= self.deadline

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock`` down when the deadline passes (at once if it already has)."""
        with self._lock:
            self._sockets.append(sock)
            late = self.exceeded == "deadline"
        if late:
            _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.exceeded = self.exceeded or "deadline"
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)

    def over(self, what: str) -> RequestBudgetExceeded:
        with self._lock:
            self.exceeded = self.exceeded or what
        return RequestBudgetExceeded(self.exceeded)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)  # wakes a recv() blocked on another thread


@contextmanager
def budget(seconds: float, max_bytes: int) -> Iterator[Budget]:
    """Run the requests of this ``with`` block (on this thread) under one deadline and size cap."""
    current = Budget(seconds, max_bytes)
    current.start()
    _local.budget = current
    try:
        yield current
    finally:
        _local.budget = None
        current.stop()


def current_budget() -> Budget | None:
    return getattr(_local, "budget", None)


class _CappedStream(httpx2.SyncByteStream):
    """The response body, chunk by chunk, cut at the deadline or past the size cap."""

    def __init__(self, inner: Any, limits: Budget) -> None:
        self.inner = inner
        self.limits = limits

    def __iter__(self) -> Iterator[bytes]:
        seen = 0
        for chunk in self.inner:
            seen += len(chunk)
            if seen > self.limits.max_bytes:
                raise self.limits.over("size")
            if self.limits.expired() or self.limits.exceeded == "deadline":
                raise self.limits.over("deadline")
            yield chunk

    def close(self) -> None:
        self.inner.close()


def _on_request(request: httpx2.Request) -> None:
    limits = current_budget()
    if limits is None:
        return
    if limits.expired():
        raise limits.over("deadline")

    def trace(event: str, info: dict[str, Any]) -> None:
        if event.endswith("connect_tcp.complete"):
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if isinstance(sock, socket.socket):
                limits.watch(sock)

    request.extensions["trace"] = trace


def _on_response(response: httpx2.Response) -> None:
    limits = current_budget()
    if limits is None:
        return
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > limits.max_bytes:
        raise limits.over("size")
    response.stream = _CappedStream(response.stream, limits)


def check_url(url: str) -> str | None:
    """Why ``url`` cannot be a base URL (one line), or None."""
    try:
        parsed = httpx2.URL(url)
    except Exception as err:  # httpx2.InvalidURL, ValueError, TypeError: any of them is one line
        return f"not a URL ({str(err).splitlines()[0] if str(err) else type(err).__name__})"
    if parsed.scheme not in ("http", "https") or not parsed.host:
        return "not an http:// or https:// URL with a host"
    return None


def guarded_client(timeout: float) -> httpx2.Client:
    """An httpx client for ``openai.OpenAI(http_client=...)``: openai's defaults (proxies from the
    environment, redirects) with the budget hooks and no keep-alive."""
    import openai

    return openai.DefaultHttpxClient(
        timeout=httpx2.Timeout(timeout),
        limits=httpx2.Limits(max_connections=100, max_keepalive_connections=0),
        event_hooks={"request": [_on_request], "response": [_on_response]},
    )
