"""Content digests and MACs with BLAKE2b, without loading OpenSSL.

The caches (:mod:`persona.snapshot`, :mod:`persona.persona_cache`) digest persona files
and seal their entries on every ``persona check``. ``hashlib`` loads OpenSSL (``_hashlib``)
as it is imported, ~3 ms of a 100 ms cold start, for one hash; BLAKE2b is built into
CPython (``_blake2``) and is as strong here as SHA-256 was: a content digest that a
changed file cannot keep (collision resistance), and, keyed, a MAC, as HMAC-SHA256 was.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without CPython's own BLAKE2
    from hashlib import blake2b

# hmac.compare_digest is this one, or OpenSSL's when hmac has loaded it (hmac imports it from here).
from _operator import _compare_digest as compare_digest

__all__ = ["DIGEST_BYTES", "compare_digest", "digest", "mac"]

#: Bytes of every digest and MAC (64 hex characters).
DIGEST_BYTES = 32


def digest(data: bytes) -> str:
    """The hex BLAKE2b-256 of ``data``."""
    return blake2b(data, digest_size=DIGEST_BYTES).hexdigest()


def mac(key: bytes, data: bytes) -> str:
    """The hex BLAKE2b-256 of ``data`` keyed with ``key`` (at most 64 bytes): a MAC."""
    return blake2b(data, digest_size=DIGEST_BYTES, key=key).hexdigest()
