"""What stands between the network and the API: host check, bearer token, per-client rate limit.

One small ASGI middleware, so that a refused request costs no routing and no
JSON parsing. Limits are per worker (the server is stateless: several workers,
or several machines, each keep their own counts).

- **Host.** Bound to loopback, requests must name a loopback host (``Host:
  127.0.0.1:8000`` or ``localhost``): a web page elsewhere cannot reach the
  server through DNS rebinding.
- **Token.** Bound beyond loopback, every ``/api/`` request needs
  ``Authorization: Bearer $PERSONA_TOKEN`` (compared in constant time).
- **Rate.** A token bucket per client address: ``rate_limit`` API requests a
  minute, bursts of a sixth of that.
"""

from __future__ import annotations

import hmac
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from persona.serve.config import is_loopback
from persona.serve.errors import ApiError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

API_PREFIX = "/api/"
MAX_CLIENTS = 10_000  # buckets kept; the least recently seen are forgotten first


class RateLimiter:
    """Token buckets by client: ``per_minute`` requests a minute, bursts of ``burst``."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = max(5.0, per_minute / 6.0)
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def wait_for(self, client: str) -> float:
        """0 when the request may go ahead (and take a token), else seconds until it may."""
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                wait = 0.0
            else:
                self._buckets[client] = (tokens, now)
                wait = (1.0 - tokens) / self.rate
            while len(self._buckets) > MAX_CLIENTS:
                self._buckets.popitem(last=False)
        return wait


class Guard:
    """The ASGI middleware: refuses what must not reach the app, with the API's JSON errors."""

    def __init__(self, app: ASGIApp, *, loopback: bool, token: str | None, rate_limit: int) -> None:
        self.app = app
        self.loopback = loopback
        self.token = token.encode() if token else None
        self.limiter = RateLimiter(rate_limit) if rate_limit > 0 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {key.decode("latin-1").lower(): value for key, value in scope.get("headers", [])}
        refusal = self.refusal(scope, headers)
        if refusal is not None:
            await respond(send, refusal)
            return
        await self.app(scope, receive, send)

    def refusal(self, scope: Scope, headers: dict[str, bytes]) -> ApiError | None:
        if self.loopback and not is_loopback(host_name(headers.get("host", b"").decode("latin-1"))):
            return ApiError(421, "Host", "this server answers only to 127.0.0.1 and localhost")
        if not scope["path"].startswith(API_PREFIX):
            return None
        if self.token is not None and not self._authorized(headers.get("authorization", b"")):
            return ApiError(401, "Authorization", "send 'Authorization: Bearer <PERSONA_TOKEN>' "
                            "(this server is reachable beyond this machine)", {"WWW-Authenticate": "Bearer"})
        if self.limiter is not None:
            client = scope.get("client") or ("-", 0)
            wait = self.limiter.wait_for(str(client[0]))
            if wait > 0:
                seconds = max(1, round(wait + 0.5))
                return ApiError(429, None, f"too many requests from this client; try again in {seconds} s",
                                {"Retry-After": str(seconds)})
        return None

    def _authorized(self, header: bytes) -> bool:
        scheme, _, given = header.partition(b" ")
        assert self.token is not None
        return scheme.lower() == b"bearer" and hmac.compare_digest(given.strip(), self.token)


def host_name(host: str) -> str:
    """``[::1]:8000`` → ``::1``; ``localhost:8000`` → ``localhost``."""
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


async def respond(send: Send, error: ApiError) -> None:
    body = json.dumps(error.document(), ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in error.headers.items()]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
