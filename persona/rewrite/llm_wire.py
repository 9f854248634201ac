"""The wire details of chat-completions errors: ``Retry-After``, an error body's message, names.

Small pure helpers of :mod:`persona.rewrite.llm`, kept apart so that module stays about the
request loop.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Mapping
from typing import Any


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds from ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date), or None."""
    lowered = {k.lower(): v for k, v in headers.items()}
    if "retry-after-ms" in lowered:
        try:
            return max(0.0, float(lowered["retry-after-ms"]) / 1000)
        except ValueError:
            pass
    value = lowered.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def error_detail(err: Any) -> str:
    body = getattr(err, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return str(message).splitlines()[0][:200]
    text = str(getattr(err, "message", "") or err)
    return text.splitlines()[0][:200] if text else ""


def status_name(status: int) -> str:
    names = {408: "request timeout (408)", 409: "conflict (409)", 429: "rate limited (429)"}
    return names.get(status, f"server error ({status})")
