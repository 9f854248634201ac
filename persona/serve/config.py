"""The server's settings: from the command line in the supervisor, from the environment in each worker.

uvicorn starts each worker in a fresh process and builds the app from an import
string, so the settings travel as one JSON environment variable
(:data:`CONFIG_VARIABLE`). The token travels as ``PERSONA_TOKEN`` itself, which
the worker inherits; it is never written into the JSON.
"""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import asdict, dataclass, field

CONFIG_VARIABLE = "PERSONA_SERVE_CONFIG"
TOKEN_VARIABLE = "PERSONA_TOKEN"
LOOPBACK_NAMES = ("localhost",)


@dataclass(frozen=True)
class ServeConfig:
    """Everything a worker needs to answer requests."""

    host: str = "127.0.0.1"
    port: int = 8000
    personas: list[str] = field(default_factory=list)  # --personas DIR…, as given (empty: discovery)
    guide_root: str | None = None  # where the supervisor publishes guide builds
    body_limit: int = 64 * 1024  # bytes of a request body
    rate_limit: int = 600  # API requests per minute per client; 0: no limit
    model_concurrency: int = 4  # rewrites in flight at once, per worker
    model: str | None = None  # model name for the openai backend (default $PERSONA_MODEL)

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ServeConfig:
        raw = (os.environ if environ is None else environ).get(CONFIG_VARIABLE)
        return cls(**json.loads(raw)) if raw else cls()


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and ``localhost`` stay on this machine; everything else does not."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def server_token(environ: dict[str, str] | None = None) -> str | None:
    """``PERSONA_TOKEN``, or None when unset or empty."""
    return (os.environ if environ is None else environ).get(TOKEN_VARIABLE) or None
