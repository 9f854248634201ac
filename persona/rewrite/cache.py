"""A content-addressed cache of model rewrites, on disk, sealed and bounded.

The key is the sha256 of everything that decides the answer: the resolved
persona, the message, the model, the text of the prompt templates, the options
(channel, intent, repair settings) and the endpoint's base URL — never the API
key. Re-running a rewrite (or building the site) does not pay twice; changing
any input misses. Only successful final answers are stored. Writes are atomic
(temporary file in the same directory, then ``os.replace``), so a crash or two
concurrent runs never leave a half-written entry; an unreadable entry is a
miss, and a cache that cannot be written is skipped with one warning.

Entries are sealed with a MAC under the installation's secret
(:func:`persona.persona_cache.seal`, bound to the entry's key): an entry written
or edited by anyone without the secret is a miss, so a forged "rewrite" is never
printed or written into a user's file.

Size: at most ``max_bytes`` of entries (default :data:`DEFAULT_MAX_BYTES`,
``$PERSONA_REWRITE_CACHE_MAX`` sets it: ``200M``, ``1G``, ``500k`` or bytes; ``0``
stores nothing). Past it, the least recently used entries are removed, down to
:data:`PRUNE_TO` of the cap; a hit touches its entry (its mtime is the LRU clock).

Location: ``$PERSONA_CACHE_DIR``, else ``$XDG_CACHE_HOME/persona``, else
``~/.cache/persona``; entries under ``rewrite/<2 hex>/<sha256>.json``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from persona.errors import UserError
from persona.paths import atomic_write_bytes, cache_root
from persona.persona_cache import seal, unseal

CACHE_FORMAT = 2
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: Eviction goes below the cap, to this share of it, so that it does not run on every write.
PRUNE_TO = 0.8
MAX_ENV = "PERSONA_REWRITE_CACHE_MAX"
_SIZE = re.compile(r"\s*(\d{1,15})\s*([kmg]?)i?b?\s*", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


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


def parse_size(text: str, name: str = MAX_ENV) -> int:
    """Bytes from ``50M``, ``1G``, ``500k`` or a plain number; a :class:`UserError` otherwise."""
    match = _SIZE.fullmatch(text)
    if not match:
        raise UserError.one(f"not a size: {text[:40]!r} (use bytes, or a number with k, M or G: 50M)",
                            field=name)
    return int(match[1]) * _UNITS[match[2].lower()]


def max_bytes_from_env(env: Mapping[str, str] | None = None) -> int:
    """The cap ``$PERSONA_REWRITE_CACHE_MAX`` asks for, else :data:`DEFAULT_MAX_BYTES`."""
    value = (os.environ if env is None else env).get(MAX_ENV, "")
    return parse_size(value) if value.strip() else DEFAULT_MAX_BYTES


class RewriteCache:
    """Get and put JSON entries by key. Disabled (``enabled=False``) it stores and finds nothing."""

    def __init__(self, root: Path | None = None, *, enabled: bool = True, max_bytes: int | None = None) -> None:
        self.max_bytes = max_bytes_from_env() if max_bytes is None else max_bytes
        self.enabled = enabled and self.max_bytes > 0
        self.base = root or (cache_root() if self.enabled else Path(os.devnull))  # --no-cache: none needed
        self.root = self.base / "rewrite"
        self.write_error: str | None = None
        self._lock = threading.Lock()
        self._total: int | None = None  # bytes of entries, counted on the first write

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored entry, or None (disabled, missing, unreadable, or not sealed by this installation)."""
        if not self.enabled:
            return None
        path = self.path(key)
        try:
            body = unseal(path.read_bytes(), key, self.base)
            entry = json.loads(body) if body is not None else None
        except (OSError, ValueError, RecursionError):
            entry = None
        if not isinstance(entry, dict):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # the LRU clock: a hit is recent use
        return entry

    def put(self, key: str, entry: Mapping[str, Any]) -> None:
        """Store ``entry`` atomically; failures are remembered (``write_error``), never raised."""
        if not self.enabled:
            return
        target = self.path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            sealed = seal(json.dumps(entry, ensure_ascii=False).encode("utf-8"), key, self.base)
            if sealed is None:
                raise PermissionError(13, f"its key {self.base / 'secret.key'} is missing or not private")
            if len(sealed) > self.max_bytes:
                return  # larger than the whole cache: not worth keeping
            atomic_write_bytes(target, sealed)
        except OSError as err:
            with self._lock:
                self.write_error = (
                    self.write_error or f"cannot write the cache in {self.root}: {err.strerror or err}"
                )
            return
        self._account(len(sealed))

    def _account(self, added: int) -> None:
        with self._lock:
            if self._total is None:
                self._total = sum(size for _, size, _ in self._entries())  # includes this entry
            else:
                self._total += added
            if self._total > self.max_bytes:
                self._total = self._evict(int(self.max_bytes * PRUNE_TO))

    def _entries(self) -> list[tuple[int, int, Path]]:
        """(mtime_ns, size, path) of every entry (what other processes wrote too)."""
        found = []
        for path in self.root.glob("??/*.json"):
            try:
                info = path.stat()
            except OSError:
                continue
            found.append((info.st_mtime_ns, info.st_size, path))
        return found

    def _evict(self, target: int) -> int:
        """Remove the least recently used entries until at most ``target`` bytes are left."""
        entries = sorted(self._entries(), key=lambda e: e[0])
        total = sum(size for _, size, _ in entries)
        for _, size, path in entries:
            if total <= target:
                break
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError:
                continue
            total -= size
            with contextlib.suppress(OSError):
                path.parent.rmdir()  # only when that was its bucket's last entry
        return total
