"""Reading user files as text: UTF-8 or one located error line (no heavy imports here)."""

from __future__ import annotations

from persona.errors import Problem, UserError

__all__ = ["decode"]


def decode(data: bytes, file: str) -> str:
    """Decode UTF-8 (with or without BOM); point at the first bad byte otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise UserError([Problem("not valid UTF-8 text", file, line, column)]) from None
