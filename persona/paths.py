"""Where persona keeps things on disk, and how it writes files: one home for both.

* :func:`cache_root` — ``$PERSONA_CACHE_DIR``, else ``$XDG_CACHE_HOME/persona``,
  else ``~/.cache/persona`` (the persona cache and the rewrite cache live below it);
* :func:`atomic_write_bytes` / :func:`atomic_write_text` — a temporary file in the
  same directory, flushed to disk, then ``os.replace``: readers see the old file or
  the whole new one, never half of it;
* :func:`write_in_place` — replace a user's file atomically, keeping its permission
  bits, and through a symlink to its target (the link stays a link).

Standard library only: the checker imports this on its hot path.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from persona.errors import UserError

__all__ = ["atomic_write_bytes", "atomic_write_text", "atomic_writer", "cache_root", "write_in_place"]


def cache_root(env: Mapping[str, str] | None = None) -> Path:
    """The cache directory the environment asks for; one line (:class:`UserError`) when there is none:
    a ``~user`` that does not exist, or no ``HOME`` and a user id with no home in the password database."""
    env = os.environ if env is None else env
    for variable, below in (("PERSONA_CACHE_DIR", ""), ("XDG_CACHE_HOME", "persona")):
        if env.get(variable):
            path = Path(env[variable])
            expanded = Path(os.path.expanduser(path))
            if str(expanded).startswith("~"):
                raise UserError.one(f"no such user: {str(path).split(os.sep)[0]!r} (the cache folder); "
                                    "give a folder that exists", field=variable)
            return expanded / below if below else expanded
    home = env.get("HOME") or os.path.expanduser("~")
    if home.startswith("~"):
        who = f"user id {os.getuid()}" if hasattr(os, "getuid") else "this user"
        raise UserError.one(f"no folder for persona's cache: HOME is not set and {who} has no home folder; set "
                            "PERSONA_CACHE_DIR (or HOME) to a folder")
    return Path(home) / ".cache" / "persona"


@contextlib.contextmanager
def atomic_writer(path: Path, *, mode: int | None = None) -> Iterator[BinaryIO]:
    """A binary stream whose content replaces ``path`` when the ``with`` block ends without an
    error (a temporary file in the same directory, flushed, then ``os.replace``); on an error
    the temporary file is removed and ``path`` is untouched.

    ``mode`` sets the permission bits of the new file (default: those of mkstemp, 0o600).
    """
    import tempfile  # here: a check that writes nothing never imports it (cold start)

    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def atomic_write_bytes(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` atomically (:func:`atomic_writer`)."""
    with atomic_writer(path, mode=mode) as handle:
        handle.write(data)


def atomic_write_text(path: Path, text: str, *, mode: int | None = None) -> None:
    """:func:`atomic_write_bytes` of ``text`` in UTF-8, line endings exactly as given."""
    atomic_write_bytes(path, text.encode("utf-8"), mode=mode)


def write_in_place(path: Path, data: bytes) -> None:
    """Replace the content of an existing file atomically, keeping its permission bits.

    A symlink is followed: its target gets the new content and the link stays a link.
    Raises :class:`PermissionError` for a file its owner made read-only (``os.replace``
    alone would replace it anyway) and :class:`OSError` for anything else.
    """
    target = Path(os.path.realpath(path))
    mode = target.stat().st_mode & 0o7777
    if not mode & 0o222 or not os.access(target, os.W_OK):  # no write bit: read-only even for root
        raise PermissionError(13, "read-only file", str(path))
    atomic_write_bytes(target, data, mode=mode)
