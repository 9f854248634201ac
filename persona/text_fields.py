"""A persona's "text" fields (a string, or a map from language code to string) and its id pattern.

Standard library only: the checker reads persona texts on its fast start-up path, where the
pydantic model (:mod:`persona.model`, which re-exports these) is never imported.
"""

from __future__ import annotations

__all__ = ["PERSONA_ID_PATTERN", "text_in", "text_language", "text_variants"]

PERSONA_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


def text_in(value: str | dict[str, str] | None, lang: str, fallback: tuple[str, ...] = ("en", "ar")) -> str:
    """The text in ``lang``; else the first fallback language present; else any."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    for code in (lang, *fallback):
        if value.get(code):
            return value[code]
    return next((v for v in value.values() if v), "")


def text_variants(value: str | dict[str, str] | None) -> list[str]:
    """Every language's version of a text field (for matching and search)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [v for v in value.values() if v]


def text_language(value: str | dict[str, str] | None, lang: str) -> str | None:
    """The text in exactly ``lang`` (a plain string counts for any language), or None."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return value.get(lang) or None
