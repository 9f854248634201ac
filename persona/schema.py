"""JSON Schema of the persona file, generated from the models.

The schema and the validator (the models, :mod:`persona.loader`) refuse the same
files, except what a schema cannot see (tests/test_schema_agreement.py lists them):
the id must equal the file name, the parent of ``extends`` must exist (and what it
gives a child), and the YAML forms that YAML 1.1 and YAML 1.2 readers read
differently (``yes``, ``no``, ``1_000``, ``0o17``, ``1e3``: the schema sees one reading).
"""

from __future__ import annotations

from typing import Any

from persona.model import Persona

SCHEMA_ID = "https://persona.dev/persona.schema.json"


def persona_json_schema() -> dict[str, Any]:
    """The schema editors use to complete and validate persona files.

    Generated in validation mode, so that fields with defaults are optional —
    exactly what a persona file (before ``extends`` is applied) may contain.
    ``name`` is required unless the file ``extends`` a parent (it can be
    inherited). A text map's keys must be language codes (``{ar: …, en: …}``,
    not ``{Arabic: …}``), as the validator requires.
    """
    schema = Persona.model_json_schema(mode="validation")
    _close_text_maps(schema)
    schema["required"] = ["id"]
    schema["anyOf"] = [
        {"required": ["name"]},
        {"required": ["extends"], "properties": {"extends": {"type": "string"}}},
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "persona file",
        "description": "A brand persona: voice, vocabulary, audiences, channels, claims, facts, intents.",
    }


def _close_text_maps(node: Any) -> None:
    """A map whose keys have a pattern (a text's languages) allows no other key."""
    if isinstance(node, dict):
        if "patternProperties" in node and "additionalProperties" not in node and "properties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _close_text_maps(value)
    elif isinstance(node, list):
        for item in node:
            _close_text_maps(item)
