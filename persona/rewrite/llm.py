"""The OpenAI-compatible model backend: one chat-completions call, with explicit retries.

Any endpoint that speaks the chat-completions wire format works — OpenAI,
Azure's OpenAI-compatible ``/openai/v1`` endpoint, vLLM, Ollama, llama.cpp's server, LM Studio —
through the standard ``OPENAI_BASE_URL`` and ``OPENAI_API_KEY`` variables and
``--model``. The ``openai`` package is imported only here, and only when the
backend is used (it costs ~0.4 s at start-up).

Retries are ours, not the client's (``max_retries=0``), so that what happens is
explicit and tested: 429, 408, 409 and 5xx answers, connection errors and
timeouts are retried up to ``retries`` times with exponential backoff, honouring
``Retry-After`` / ``retry-after-ms``. A malformed answer (a body that is not
JSON, no choices, empty content) is retried once.

Structured output: requests ask for a JSON answer ``{"text": ...}`` (``response_format``) in
the first form the server accepts — OpenAI's ``json_schema``, then the ``json_object`` +
``schema`` form of llama.cpp and vLLM — and fall back to plain text when the server refuses
both; the form that worked is remembered for the rest of the run. ``temperature`` (low by
default), ``seed`` and ``max_tokens`` are sent with every request. What cannot work at all (no
key, key rejected, endpoint unreachable, unknown model) raises
:class:`FatalBackendError`; a request that failed for good raises
:class:`BackendError`. Both are :class:`~persona.errors.UserError` (one line,
exit 2), and their text never contains the API key.
"""

from __future__ import annotations

import email.utils
import os
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from persona.errors import Problem, UserError
from persona.rewrite.chat import ChatBackend
from persona.rewrite.prompts import parse_answer

if TYPE_CHECKING:
    import openai

    from persona.rewrite.prompts import Templates
    from persona.rewrite.service import RewriteOptions

KEY_VARIABLE = "OPENAI_API_KEY"
BASE_URL_VARIABLE = "OPENAI_BASE_URL"
DEFAULT_MODEL = "gpt-4o-mini"
MODEL_VARIABLE = "PERSONA_MODEL"
RETRYABLE_STATUS = frozenset({408, 409, 429})
DEFAULT_TEMPERATURE = 0.2
DEFAULT_MAX_TOKENS = 600  # a post is short; this bounds the time of one answer too
ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"text": {"type": "string"}},
    "required": ["text"],
    "additionalProperties": False,
}
#: response_format forms, most standard first; None: plain text.
RESPONSE_FORMATS: tuple[dict[str, Any] | None, ...] = (
    {"type": "json_schema", "json_schema": {"name": "rewrite", "schema": ANSWER_SCHEMA, "strict": True}},
    {"type": "json_object", "schema": ANSWER_SCHEMA},
    None,
)
_KEY_LIKE = re.compile(r"\b(?:sk|pk|rk)-[A-Za-z0-9_\-]{6,}|\bBearer\s+\S+", re.IGNORECASE)


class BackendError(UserError):
    """This request failed for good (after retries); other requests may still work."""


class FatalBackendError(BackendError):
    """Nothing will work: no key, key rejected, endpoint unreachable, unknown model."""


def backend_error(message: str, *, fatal: bool = False) -> BackendError:
    cls = FatalBackendError if fatal else BackendError
    return cls([Problem(message)])


def redact(text: str, secrets: Sequence[str | None] = ()) -> str:
    """``text`` with every given secret and anything that looks like a key replaced by ``[redacted]``."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "[redacted]")
    return _KEY_LIKE.sub("[redacted]", text)


@dataclass(frozen=True)
class ModelConfig:
    """Which endpoint and model, and how patiently to talk to it."""

    model: str = DEFAULT_MODEL
    base_url: str | None = None  # None: $OPENAI_BASE_URL, else OpenAI's
    api_key: str | None = field(default=None, repr=False)
    timeout: float = 60.0  # seconds, per request
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


class ChatClient:
    """A chat-completions client with explicit retries and safe, one-line errors."""

    def __init__(self, config: ModelConfig, sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self._sleep = sleep
        self._client: openai.OpenAI | None = None
        # which response_format form this server accepts (index into RESPONSE_FORMATS)
        self._format = 0 if config.structured else len(RESPONSE_FORMATS) - 1

    @property
    def client(self) -> openai.OpenAI:
        if self._client is None:
            import openai

            self._client = openai.OpenAI(
                api_key=self.config.require_key(),
                base_url=self.config.base_url,
                timeout=self.config.timeout,
                max_retries=0,
            )
        return self._client

    @property
    def base_url(self) -> str:
        """The endpoint requests go to (for messages and the cache key)."""
        return str(self.config.base_url or "https://api.openai.com/v1").rstrip("/")

    def redact(self, text: str) -> str:
        return redact(text, [self.config.api_key])

    def complete(self, messages: Sequence[Mapping[str, str]], max_tokens: int | None = None) -> str:
        """The assistant's cleaned answer to ``messages``; retries transient failures, then raises."""
        import openai

        client = self.client
        transient_left, malformed_left, attempt = self.config.retries, 1, 0
        while True:
            attempt += 1
            try:
                response = client.chat.completions.create(**self._request(messages, max_tokens))
                return _answer_text(response)
            except _MalformedAnswer as err:
                if malformed_left:
                    malformed_left -= 1
                    continue
                raise backend_error(f"the model gave {err} twice ({self._where()})") from None
            except (ValueError, openai.APIResponseValidationError):
                if malformed_left:
                    malformed_left -= 1
                    continue
                raise backend_error(
                    f"the endpoint answered with malformed JSON twice ({self._where()})"
                ) from None
            except openai.APIStatusError as err:
                if self._format_refused(err):
                    self._format += 1  # this server does not take that form: the next one, at once
                    attempt -= 1
                    continue
                wait = self._status_wait(err, attempt, transient_left)
            except openai.APITimeoutError:
                if not transient_left:
                    raise backend_error(
                        f"no answer within {self.config.timeout:g} s after {attempt} attempt(s) "
                        f"({self._where()}); raise --timeout or --retries"
                    ) from None
                wait = self._backoff(attempt)
            except openai.APIConnectionError as err:
                if not transient_left:
                    raise backend_error(
                        f"cannot reach the model endpoint {self.base_url}: {self._reason(err)} "
                        f"(set {BASE_URL_VARIABLE} to a running OpenAI-compatible server)",
                        fatal=True,
                    ) from None
                wait = self._backoff(attempt)
            except openai.OpenAIError as err:
                first_line = (str(err).splitlines() or [type(err).__name__])[0]
                raise backend_error(
                    f"model request failed ({self._where()}): {self.redact(first_line)}"
                ) from None
            transient_left -= 1
            self._sleep(wait)

    def _request(self, messages: Sequence[Mapping[str, str]], max_tokens: int | None) -> dict[str, Any]:
        config = self.config
        request: dict[str, Any] = {
            "model": config.model,
            "messages": list(messages),
            "temperature": config.temperature,
            "max_tokens": min(max_tokens or config.max_tokens, config.max_tokens),
        }
        if config.seed is not None:
            request["seed"] = config.seed
        response_format = RESPONSE_FORMATS[self._format]
        if response_format is not None:
            request["response_format"] = response_format
        return request

    def _format_refused(self, err: openai.APIStatusError) -> bool:
        """Did the server refuse the response_format we sent (not the request as a whole)?"""
        if RESPONSE_FORMATS[self._format] is None or err.status_code not in (400, 422, 500):
            return False
        return "response_format" in str(_error_detail(err)) + str(getattr(err, "body", "")) or (
            err.status_code in (400, 422) and "json" in str(getattr(err, "body", "")).lower()
        )

    @property
    def response_format(self) -> str:
        """The structured-output form in use: ``json_schema``, ``json_object`` or ``text``."""
        form = RESPONSE_FORMATS[self._format]
        return str(form["type"]) if form else "text"

    def _status_wait(self, err: openai.APIStatusError, attempt: int, transient_left: int) -> float:
        """How long to wait before retrying this status, or raise when it is not worth retrying."""
        status = err.status_code
        detail = self.redact(_error_detail(err))
        if status == 401:
            raise backend_error(
                f"the endpoint rejected the API key (401 Unauthorized at {self.base_url}); "
                f"check {KEY_VARIABLE}",
                fatal=True,
            )
        if status == 403:
            raise backend_error(f"access denied (403 at {self.base_url}): {detail}", fatal=True)
        if status == 404:
            raise backend_error(
                f"not found (404 at {self.base_url}): is the model {self.config.model!r} served there? "
                f"{detail}",
                fatal=True,
            )
        if status == 429 and getattr(err, "code", None) == "insufficient_quota":
            raise backend_error(
                f"the account has no quota left (429 at {self.base_url}): {detail}", fatal=True
            )
        if status not in RETRYABLE_STATUS and status < 500:
            raise backend_error(f"the endpoint refused the request ({status} at {self.base_url}): {detail}")
        retry_after = parse_retry_after(err.response.headers)
        if not transient_left:
            raise backend_error(
                f"{_status_name(status)} after {attempt} attempt(s) ({self._where()}): {detail}"
            )
        if retry_after is not None and retry_after > self.config.max_retry_after:
            raise backend_error(
                f"{_status_name(status)} ({self._where()}); the endpoint asks to wait {retry_after:g} s, "
                f"more than {self.config.max_retry_after:g} s"
            )
        return retry_after if retry_after is not None else self._backoff(attempt)

    def _backoff(self, attempt: int) -> float:
        return min(self.config.max_backoff, self.config.backoff * 2 ** (attempt - 1))

    def _where(self) -> str:
        return f"model {self.config.model!r} at {self.base_url}"

    def _reason(self, err: BaseException) -> str:
        cause = err.__cause__ or err.__context__
        text = str(cause or err) or type(cause or err).__name__
        return self.redact(text.splitlines()[0] if text else "connection failed")


class _MalformedAnswer(Exception):
    """The response parsed, but holds no usable answer."""


def _answer_text(response: Any) -> str:
    choices = getattr(response, "choices", None)
    if not choices:
        raise _MalformedAnswer("an answer with no choices")
    message = getattr(choices[0], "message", None)
    content = getattr(message, "content", None)
    text = parse_answer(content) if isinstance(content, str) else ""
    if not text:
        raise _MalformedAnswer("an empty answer")
    return text


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


def _error_detail(err: Any) -> str:
    body = getattr(err, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return str(message).splitlines()[0][:200]
    text = str(getattr(err, "message", "") or err)
    return text.splitlines()[0][:200] if text else ""


def _status_name(status: int) -> str:
    names = {408: "request timeout (408)", 409: "conflict (409)", 429: "rate limited (429)"}
    return names.get(status, f"server error ({status})")


class OpenAIBackend(ChatBackend):
    """``--backend openai``: any OpenAI-compatible endpoint (one conversation, one answer)."""

    name = "openai"

    def __init__(self, client: ChatClient, templates: Templates) -> None:
        super().__init__(templates)
        self.client = client

    @classmethod
    def from_options(cls, options: RewriteOptions) -> OpenAIBackend:
        from persona.rewrite.prompts import Templates

        config = ModelConfig.from_env(
            options.model, timeout=options.timeout, retries=options.retries, temperature=options.temperature,
            seed=options.seed, structured=options.structured,
        )
        return cls(ChatClient(config), Templates(options.templates))

    def prepare(self) -> None:
        self.client.config.require_key()
        super().prepare()

    def send(self, messages: Sequence[Mapping[str, str]], max_tokens: int | None = None) -> str:
        return self.client.complete(messages, max_tokens)

    def identity(self) -> dict[str, Any] | None:
        config = self.client.config
        return {
            **(super().identity() or {}),
            "model": config.model,
            "base_url": self.client.base_url,  # never the key
            "temperature": config.temperature,
            "seed": config.seed,
        }
