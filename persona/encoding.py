"""Reading user files as text: UTF-8 or one located error line (no heavy imports here)."""

from __future__ import annotations

from pathlib import Path

from persona.errors import Problem, UserError

__all__ = ["decode", "read_bytes"]


def read_bytes(path: Path | str, name: str | None = None, *, directory: str = "is a directory",
               limit: int | None = None) -> bytes:
    """The file's bytes (at most ``limit + 1`` of them: the caller refuses more than ``limit``);
    a missing, unreadable or directory path is one located :class:`UserError`."""
    name = name or str(path)
    try:
        with open(path, "rb") as handle:
            return handle.read() if limit is None else handle.read(limit + 1)
    except FileNotFoundError:
        raise UserError([Problem("no such file", name)]) from None
    except IsADirectoryError:
        raise UserError([Problem(directory, name)]) from None
    except OSError as exc:
        raise UserError([Problem(f"cannot read: {exc.strerror}", name)]) from None


def decode(data: bytes, file: str) -> str:
    """Decode UTF-8 (with or without BOM); point at the first bad byte otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise UserError([Problem("not valid UTF-8 text", file, line, column)]) from None
