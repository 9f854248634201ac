"""The OpenAPI 3.1 description of API version 1, served at ``/api/v1/openapi.json``."""

from __future__ import annotations

from typing import Any

from persona import __version__

_NAME = {"type": "string", "maxLength": 64}
_TEXT = {"oneOf": [{"type": "string"}, {"type": "object", "additionalProperties": {"type": "string"}}]}

_FIX = {
    "type": "object",
    "properties": {
        "applicability": {"enum": ["safe", "unsafe", "display"]},
        "edits": {"type": "array", "items": {"type": "object", "properties": {
            "start": {"type": "integer"}, "end": {"type": "integer"}, "text": {"type": "string"}}}},
    },
}
_FINDING = {
    "type": "object",
    "required": ["rule", "severity", "line", "column", "start", "end", "match", "message", "suggestion"],
    "properties": {
        "rule": {"type": "string"},
        "severity": {"enum": ["error", "warning", "suggestion"]},
        "line": {"type": "integer", "minimum": 1},
        "column": {"type": "integer", "minimum": 1},
        "start": {"type": "integer", "minimum": 0, "description": "0-based code point offset into text"},
        "end": {"type": "integer", "minimum": 0},
        "match": {"type": "string", "description": "text[start:end]"},
        "message": {"type": "string"},
        "suggestion": {"type": ["string", "null"]},
        "fix": {"$ref": "#/components/schemas/Fix"},
    },
}
_CHECK_RESULT = {
    "type": "object",
    "properties": {
        "source": {"type": "string"}, "persona": {"type": "string"},
        "channel": {"type": ["string", "null"]}, "intent": {"type": ["string", "null"]},
        "score": {"type": "integer", "minimum": 0, "maximum": 100},
        "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
    },
}
_REWRITE_RESULT = {
    "type": "object",
    "properties": {
        "persona": {"type": "string"}, "backend": {"enum": ["rules", "openai"]},
        "channel": {"type": ["string", "null"]}, "text": {"type": "string"},
        "changes": {"type": "array", "items": {"type": "object", "properties": {
            "rule": {"type": "string"}, "from": {"type": "string"}, "to": {"type": "string"}}}},
        "score": {"type": "integer"},
        "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
    },
}
_ERROR = {
    "type": "object",
    "properties": {"version": {"const": 1}, "error": {"type": "object", "properties": {
        "status": {"type": "integer"}, "field": {"type": ["string", "null"]}, "message": {"type": "string"}}}},
}


def _doc(results: str) -> dict[str, Any]:
    return {"type": "object", "properties": {
        "version": {"const": 1},
        "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{results}"}}}}


def _body(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    schema = {"type": "object", "additionalProperties": False, "required": required, "properties": properties}
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _ok(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERRORS = {str(code): {"$ref": f"#/components/responses/E{code}"} for code in (400, 401, 413, 415, 422, 429)}


def openapi_document() -> dict[str, Any]:
    """The schema; every error response is the same ``{"version", "error"}`` document."""
    context = {"channel": _NAME, "intent": _NAME}
    return {
        "openapi": "3.1.0",
        "info": {"title": "persona", "version": __version__,
                 "description": "Check drafts against a brand persona, rewrite them into each voice. "
                                "Documents are those of `persona check/rewrite/show/rules --format json`."},
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "PERSONA_TOKEN; required only beyond loopback"}},
            "schemas": {"Fix": _FIX, "Finding": _FINDING, "CheckResult": _CHECK_RESULT,
                        "RewriteResult": _REWRITE_RESULT, "Error": _ERROR},
            "responses": {f"E{code}": {"description": text, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Error"}}}} for code, text in (
                (400, "not JSON"), (401, "no or wrong bearer token"), (404, "unknown persona"),
                (413, "body over the limit"), (415, "not application/json"), (422, "a field is wrong"),
                (429, "rate limit"), (502, "model endpoint failed"), (503, "unavailable"))},
        },
        "security": [{}, {"bearer": []}],
        "paths": {
            "/check": {"post": {
                "summary": "Check a draft (persona check --format json)",
                "requestBody": _body(["text", "persona"], {"text": {"type": "string"}, "persona": _NAME, **context}),
                "responses": {"200": _ok("the check document", _doc("CheckResult")), **_ERRORS,
                              "404": {"$ref": "#/components/responses/E404"}}}},
            "/rewrite": {"post": {
                "summary": "Rewrite a message into one persona's voice or every persona's ('all')",
                "requestBody": _body(["text", "persona"], {
                    "text": {"type": "string", "minLength": 1}, "persona": _NAME,
                    "backend": {"enum": ["rules", "openai"], "default": "rules"}, **context}),
                "responses": {"200": _ok("the rewrite document", _doc("RewriteResult")), **_ERRORS,
                              "404": {"$ref": "#/components/responses/E404"},
                              "502": {"$ref": "#/components/responses/E502"},
                              "503": {"$ref": "#/components/responses/E503"}}}},
            "/count": {"post": {
                "summary": "The post's length as X counts it, and as its channel does",
                "requestBody": _body(["text"], {"text": {"type": "string"}, "persona": _NAME, "channel": _NAME}),
                "responses": {"200": _ok("lengths", {"type": "object"}), **_ERRORS}}},
            "/personas": {"get": {"summary": "Every persona (persona list)",
                                  "responses": {"200": _ok("personas", {"type": "object", "properties": {
                                      "personas": {"type": "array", "items": {"type": "object", "properties": {
                                          "id": {"type": "string"}, "name": _TEXT}}}}})}}},
            "/personas/{id}": {"get": {
                "summary": "One persona after extends (persona show --format json)",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": _NAME}],
                "responses": {"200": _ok("the persona", {"type": "object"}),
                              "404": {"$ref": "#/components/responses/E404"}}}},
            "/rules": {"get": {"summary": "Every check (persona rules --format json)",
                               "responses": {"200": _ok("rules", {"type": "object"})}}},
        },
    }
