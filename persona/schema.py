"""JSON Schema of the persona file, generated from the models."""

from __future__ import annotations

from typing import Any

from persona.model import Persona

SCHEMA_ID = "https://persona.dev/persona.schema.json"


def persona_json_schema() -> dict[str, Any]:
    """The schema editors use to complete and validate persona files.

    Generated in validation mode, so that fields with defaults are optional —
    exactly what a persona file (before ``extends`` is applied) may contain.
    A child persona may leave out ``name``: it can be inherited.
    """
    schema = Persona.model_json_schema(mode="validation")
    schema["required"] = ["id"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "persona file",
        "description": "A brand persona: voice, vocabulary, audiences, channels, claims, facts, intents.",
    }
