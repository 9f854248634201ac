"""A content-addressed cache of model rewrites, on disk.

The key is the sha256 of everything that decides the answer: the resolved
persona, the message, the model, the text of the prompt templates, the options
(channel, intent, repair settings) and the endpoint's base URL — never the API
key. Re-running a rewrite (or building the site) does not pay twice; changing
any input misses. Only successful final answers are stored. Writes are atomic
(temporary file in the same directory, then ``os.replace``), so a crash or two
concurrent runs never leave a half-written entry; an unreadable entry is a
miss, and a cache that cannot be written is skipped with one warning.

Location: ``$PERSONA_CACHE_DIR``, else ``$XDG_CACHE_HOME/persona``, else
``~/.cache/persona``; entries under ``rewrite/<2 hex>/<sha256>.json``.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from persona.paths import atomic_write_text, cache_root

CACHE_FORMAT = 1


def cache_key(parts: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON of ``parts`` (sorted keys, no whitespace, UTF-8)."""
    canonical = json.dumps(
        {"format": CACHE_FORMAT, **parts},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class RewriteCache:
    """Get and put JSON entries by key. Disabled (``enabled=False``) it stores and finds nothing."""

    def __init__(self, root: Path | None = None, *, enabled: bool = True) -> None:
        self.root = (root or cache_root()) / "rewrite"
        self.enabled = enabled
        self.write_error: str | None = None
        self._lock = threading.Lock()

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored entry, or None (disabled, missing or unreadable)."""
        if not self.enabled:
            return None
        try:
            entry = json.loads(self.path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entry = None
        return entry if isinstance(entry, dict) else None

    def put(self, key: str, entry: Mapping[str, Any]) -> None:
        """Store ``entry`` atomically; failures are remembered (``write_error``), never raised."""
        if not self.enabled:
            return
        target = self.path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(target, json.dumps(entry, ensure_ascii=False))
        except OSError as err:
            with self._lock:
                self.write_error = (
                    self.write_error or f"cannot write the cache in {self.root}: {err.strerror}"
                )

