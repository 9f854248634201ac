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

import hashlib
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from persona.errors import Problem
from persona.redaction import display_url, redact, url_secrets
from persona.rewrite.chat import ChatBackend
from persona.rewrite.guarded_http import RequestBudgetExceeded, budget
from persona.rewrite.llm_config import (
    BASE_URL_VARIABLE,
    DEFAULT_MAX_FAILURES,
    DEFAULT_MAX_TOKENS,
    DEFAULT_MODEL,
    DEFAULT_TEMPERATURE,
    KEY_VARIABLE,
    MODEL_VARIABLE,
    BackendError,
    FatalBackendError,
    ModelConfig,
    backend_error,
)
from persona.rewrite.llm_wire import error_detail, parse_retry_after, status_name
from persona.rewrite.prompts import parse_answer

if TYPE_CHECKING:
    import openai

    from persona.rewrite.prompts import Templates
    from persona.rewrite.service import RewriteOptions

RETRYABLE_STATUS = frozenset({408, 409, 429})
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
__all__ = ["BASE_URL_VARIABLE", "DEFAULT_MAX_FAILURES", "DEFAULT_MAX_TOKENS", "DEFAULT_MODEL",
           "DEFAULT_TEMPERATURE", "KEY_VARIABLE", "MODEL_VARIABLE", "BackendError", "ChatClient",
           "FatalBackendError", "ModelConfig", "OpenAIBackend", "backend_error", "parse_retry_after", "redact"]


class ChatClient:
    """A chat-completions client with explicit retries and safe, one-line errors."""

    def __init__(self, config: ModelConfig, sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self._sleep = sleep
        self._client: openai.OpenAI | None = None
        # which response_format form this server accepts (index into RESPONSE_FORMATS)
        self._format = 0 if config.structured else len(RESPONSE_FORMATS) - 1
        self._failures = 0  # requests that failed for good in a row (the circuit breaker)
        self._failures_lock = threading.Lock()

    @property
    def client(self) -> openai.OpenAI:
        if self._client is None:
            import openai

            from persona.rewrite.guarded_http import check_url, guarded_client

            problem = check_url(self._raw_base_url)
            if problem:
                raise backend_error(f"{BASE_URL_VARIABLE}: {self.redact(problem)}", fatal=True)
            self._client = openai.OpenAI(
                api_key=self.config.require_key(),
                base_url=self._raw_base_url,
                timeout=self.config.timeout,
                max_retries=0,
                http_client=guarded_client(self.config.timeout),
            )
        return self._client

    @property
    def base_url(self) -> str:
        """The endpoint requests go to, fit to show: its secrets (password, ``?api-key=``) redacted."""
        return display_url(self._raw_base_url)

    @property
    def _raw_base_url(self) -> str:
        return str(self.config.base_url or "https://api.openai.com/v1").rstrip("/")

    def redact(self, text: str) -> str:
        """``text`` without the key or the base URL's secrets, in any form (:mod:`persona.redaction`)."""
        return redact(text, [self.config.api_key, *url_secrets(self.config.base_url)])

    def complete(self, messages: Sequence[Mapping[str, str]], max_tokens: int | None = None) -> str:
        """The assistant's cleaned, redacted answer to ``messages``; retries transient failures, then
        raises. After ``max_failures`` requests in a row failed for good, every request is refused
        (:class:`FatalBackendError`): a hung or broken endpoint stops a batch instead of holding it."""
        with self._failures_lock:
            if self._failures >= self.config.max_failures:
                raise self._circuit_open()
        try:
            answer = self.redact(self._complete(messages, max_tokens))
        except FatalBackendError:
            raise
        except BackendError:
            with self._failures_lock:
                self._failures += 1
            raise
        with self._failures_lock:
            self._failures = 0
        return answer

    def _circuit_open(self) -> FatalBackendError:
        return FatalBackendError([Problem(
            f"stopped: {self._failures} model requests in a row failed ({self._where()}); "
            f"the endpoint looks down or hung")])

    def _complete(self, messages: Sequence[Mapping[str, str]], max_tokens: int | None) -> str:
        import openai

        client = self.client
        transient_left, malformed_left, attempt = self.config.retries, 1, 0
        while True:
            attempt += 1
            try:
                with budget(self.config.timeout, self.config.max_body_bytes) as limits:
                    try:
                        response = client.chat.completions.create(**self._request(messages, max_tokens))
                    except (openai.APIConnectionError, openai.APIStatusError) as err:
                        if limits.exceeded:  # the watchdog cut the socket: that is the deadline
                            raise RequestBudgetExceeded(limits.exceeded) from err
                        raise
                return _answer_text(response)
            except (RequestBudgetExceeded, openai.APITimeoutError) as err:
                if isinstance(err, RequestBudgetExceeded) and err.what == "size":
                    raise backend_error(
                        f"the answer is larger than {self.config.max_body_bytes:,} bytes ({self._where()}); "
                        f"refused without reading it all"
                    ) from None
                if not transient_left:
                    raise backend_error(
                        f"no answer within {self.config.timeout:g} s after {attempt} attempt(s) "
                        f"({self._where()}); raise --timeout or --retries"
                    ) from None
                wait = self._backoff(attempt)
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
        return "response_format" in str(error_detail(err)) + str(getattr(err, "body", "")) or (
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
        detail = self.redact(error_detail(err))
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
                f"{status_name(status)} after {attempt} attempt(s) ({self._where()}): {detail}"
            )
        if retry_after is not None and retry_after > self.config.max_retry_after:
            raise backend_error(
                f"{status_name(status)} ({self._where()}); the endpoint asks to wait {retry_after:g} s, "
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
            seed=options.seed, structured=options.structured, max_failures=options.max_failures,
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
            "base_url": self.client.base_url,  # never the key, nor the URL's secrets
            "endpoint": hashlib.sha256(self.client.config.base_url.encode()).hexdigest()[:16]
            if self.client.config.base_url else None,
            "temperature": config.temperature,
            "seed": config.seed,
        }
