"""Reading and validating API request bodies: each mistake is one :class:`ApiError` naming its field."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from persona.serve.errors import ApiError

if TYPE_CHECKING:
    from starlette.requests import Request

ALL = "all"
BACKENDS = ("rules", "openai")
LANGUAGES = ("ar", "en")
MAX_NAME_CHARS = 64


async def read_json(request: Request, limit: int) -> dict[str, Any]:
    """The body as a JSON object, at most ``limit`` bytes (declared or actually sent)."""
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise ApiError(415, "Content-Type", "send the body as JSON, with 'Content-Type: application/json'")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    raw = b"".join(chunks)
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise ApiError(400, "body", f"not UTF-8 (byte {err.start})") from None
    except ValueError as err:
        raise ApiError(400, "body", f"not valid JSON: {err}") from None
    if not isinstance(data, dict):
        raise ApiError(422, "body", f"expected a JSON object, got {_kind(data)}")
    return data


def _too_large(limit: int) -> ApiError:
    return ApiError(413, "body", f"larger than {limit // 1024} KB; check or rewrite a shorter draft")


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string",
            list: "an array", dict: "an object"}.get(type(value), type(value).__name__)


def only_fields(data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    for key in data:
        if key not in allowed:
            raise ApiError(422, str(key)[:MAX_NAME_CHARS], f"unknown field (expected: {', '.join(allowed)})")


def text_field(data: Mapping[str, Any], name: str = "text", *, required: bool = True) -> str:
    value = data.get(name)
    if value is None:
        if required:
            raise ApiError(422, name, "required")
        return ""
    if not isinstance(value, str):
        raise ApiError(422, name, f"must be a string, got {_kind(value)}")
    return value


def name_field(data: Mapping[str, Any], name: str, *, required: bool = False) -> str | None:
    """A short name (persona, channel, intent): a non-empty string of at most 64 characters, or absent."""
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise ApiError(422, name, "required")
        return None
    if not isinstance(value, str):
        raise ApiError(422, name, f"must be a string, got {_kind(value)}")
    value = value.strip()
    if not value or len(value) > MAX_NAME_CHARS or any(ch.isspace() or not ch.isprintable() for ch in value):
        raise ApiError(422, name, f"not a valid {name} name")
    return value


def choice_field(data: Mapping[str, Any], name: str, choices: tuple[str, ...], default: str | None) -> str | None:
    value = name_field(data, name)
    if value is None:
        return default
    if value not in choices:
        raise ApiError(422, name, f"must be one of: {', '.join(choices)}")
    return value
