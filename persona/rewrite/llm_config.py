"""What the model backend is configured with (:class:`ModelConfig`) and the errors it raises.

Part of :mod:`persona.rewrite.llm` (which re-exports all of it), kept apart so each module
stays small. Error texts never contain the API key.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from persona.errors import Problem, UserError

KEY_VARIABLE = "OPENAI_API_KEY"
BASE_URL_VARIABLE = "OPENAI_BASE_URL"
DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_TEMPERATURE = 0.2
DEFAULT_MAX_TOKENS = 600  # a post is short; this bounds the time of one answer too
DEFAULT_MAX_BODY_BYTES = 1_000_000  # a post's rewrite is a few kB; 1 MB is generous
DEFAULT_MAX_FAILURES = 5  # model requests failing in a row before a batch stops (circuit breaker)
MODEL_VARIABLE = "PERSONA_MODEL"
MAX_ANSWER_VARIABLE = "PERSONA_MAX_ANSWER_BYTES"  # the answer size cap, in bytes


class BackendError(UserError):
    """This request failed for good (after retries); other requests may still work."""


class FatalBackendError(BackendError):
    """Nothing will work: no key, key rejected, endpoint unreachable, unknown model."""


def backend_error(message: str, *, fatal: bool = False) -> BackendError:
    cls = FatalBackendError if fatal else BackendError
    return cls([Problem(message)])


@dataclass(frozen=True)
class ModelConfig:
    """Which endpoint and model, and how patiently to talk to it."""

    model: str = DEFAULT_MODEL
    base_url: str | None = None  # None: $OPENAI_BASE_URL, else OpenAI's
    api_key: str | None = field(default=None, repr=False)
    timeout: float = 60.0  # seconds, per request: one wall-clock deadline for the whole request
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES  # a longer answer is refused, never read to the end
    max_failures: int = DEFAULT_MAX_FAILURES  # requests failing in a row before every next one is refused
    retries: int = 2  # extra attempts after a transient failure
    backoff: float = 0.5  # first wait; doubles each retry
    max_backoff: float = 8.0
    max_retry_after: float = 60.0  # a longer Retry-After is not waited for
    temperature: float = DEFAULT_TEMPERATURE
    seed: int | None = None
    max_tokens: int = DEFAULT_MAX_TOKENS
    structured: bool = True  # ask for JSON {"text": ...} where the server supports it

    @classmethod
    def from_env(
        cls,
        model: str | None = None,
        *,
        timeout: float = 60.0,
        retries: int = 2,
        env: Mapping[str, str] | None = None,
        **settings: Any,
    ) -> ModelConfig:
        """Settings from ``--model`` and the standard environment variables."""
        env = os.environ if env is None else env
        return cls(
            model=model or env.get(MODEL_VARIABLE) or DEFAULT_MODEL,
            base_url=env.get(BASE_URL_VARIABLE) or None,
            api_key=env.get(KEY_VARIABLE) or None,
            timeout=timeout,
            retries=retries,
            max_body_bytes=_positive_int(env.get(MAX_ANSWER_VARIABLE), DEFAULT_MAX_BODY_BYTES),
            **settings,
        )

    def require_key(self) -> str:
        """The API key, or one line telling the user which variable to set."""
        if not self.api_key:
            raise backend_error(
                f"no API key: set {KEY_VARIABLE} (a local server that needs no key accepts any value, "
                f"e.g. {KEY_VARIABLE}=local)",
                fatal=True,
            )
        return self.api_key


def _positive_int(value: str | None, default: int) -> int:
    """``value`` as a positive integer, or one line naming the variable."""
    if value is None or not value.strip():
        return default
    if not value.strip().isdigit() or int(value) <= 0:
        raise backend_error(f"{MAX_ANSWER_VARIABLE}: expected a positive number of bytes, got {value[:40]!r}")
    return int(value)
