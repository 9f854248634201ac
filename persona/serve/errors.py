"""API errors: a status, the field at fault and one line saying what is wrong.

Every error the API sends is ``{"version": 1, "error": {"status", "field", "message"}}``.
Messages are built from what the client sent and from :class:`~persona.errors.UserError`
problems; they never carry a traceback or a secret (model errors are already redacted by
:mod:`persona.rewrite.llm`, and everything is passed through :func:`redact` once more).
"""

from __future__ import annotations

from typing import Any

from persona.errors import UserError


class ApiError(Exception):
    """A request the API refuses (4xx) or cannot serve right now (5xx, never with a traceback)."""

    def __init__(self, status: int, field: str | None, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.field = field
        self.message = message
        self.headers = headers or {}

    def document(self) -> dict[str, Any]:
        return {"version": 1, "error": {"status": self.status, "field": self.field, "message": self.message}}


def redact(text: str) -> str:
    """``text`` without the server's API key or the base URL's secrets (in any form: upper case,
    base64), or anything shaped like a key or a bearer token (:mod:`persona.redaction`)."""
    import os

    from persona.redaction import environment_secrets
    from persona.redaction import redact as redact_secrets

    return redact_secrets(text, [*environment_secrets(), os.environ.get("PERSONA_TOKEN")])


def from_user_error(err: UserError, status: int, field: str | None) -> ApiError:
    """A :class:`UserError` as an API error about the request's ``field``."""
    message = "; ".join(str(p) for p in err.problems) or "invalid request"
    return ApiError(status, field, redact(message))
