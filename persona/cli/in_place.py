"""`persona rewrite --file F --in-place`: F replaced by its rewrite, nothing of it ever lost.

* Refused before any work (one line, exit 2, nothing written): a symbolic link (the link would
  be replaced by a regular file; name its target to rewrite that), anything but a regular file,
  a read-only file, a file in a read-only folder.
* F is read once (:func:`persona.safe_write.read_snapshot`); the message, its front matter and
  ``F.bak`` all come from those bytes.
* Just before the write, under a lock on F's folder, F is compared with what was read: when
  another run or an editor changed it meanwhile, the rewrite is refused (exit 2) and F is left
  as it is now; so of two runs on one file at once, one writes and the other refuses.
* ``F.bak`` then F are written atomically (temporary file, fsync, rename): a full disk or a kill
  leaves the previous ``F.bak`` and F whole.
* F is stored as it was: its BOM, its front matter byte for byte, the blank lines around the
  message, and its line endings (a CRLF file stays CRLF, the rewrite's lines included).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from persona.errors import UserError

if TYPE_CHECKING:
    from persona.cli.rewrite import Message
    from persona.safe_write import Snapshot

__all__ = ["body_as_stored", "read_target", "refuse_output_onto_input", "verify_read", "write_in_place"]

_BREAK = re.compile(r"\r\n|\n|\r")


def read_target(path: Path) -> Snapshot:
    """The file ``--in-place`` would replace, read once; refused (one line) when it cannot be."""
    from persona.safe_write import read_snapshot

    name = str(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise UserError.one("no such file", file=name) from None
    except OSError as err:
        raise UserError.one(f"cannot read: {err.strerror}", file=name) from None
    if stat.S_ISLNK(info.st_mode):
        target = os.path.realpath(path)
        raise UserError.one(f"a symbolic link (to {target}): --in-place would replace the link with a "
                            f"regular file; give {target} to rewrite the file it points to", file=name)
    if stat.S_ISDIR(info.st_mode):
        raise UserError.one("is a directory (give one file, or an archive)", file=name)
    if not stat.S_ISREG(info.st_mode):
        raise UserError.one("not a regular file: --in-place rewrites only regular files", file=name)
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise UserError.one("read-only file: not rewritten (nothing was written)", file=name)
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserError.one("its folder is read-only: not rewritten (nothing was written)", file=name)
    try:
        return read_snapshot(path)
    except OSError as err:
        raise UserError.one(f"cannot read: {err.strerror}", file=name) from None


def verify_read(snapshot: Snapshot, message: Message) -> None:
    """The message parsed is exactly the bytes read (else the file changed between the two reads)."""
    bom = codecs.BOM_UTF8 if snapshot.data.startswith(codecs.BOM_UTF8) else b""
    if bom + (message.head + message.text).encode("utf-8") != snapshot.data:
        raise UserError.one("changed while it was being read: not rewritten (run again)", file=str(snapshot.path))


def refuse_output_onto_input(source: Path | None, output: Path, batch: bool) -> None:
    """``--output`` is never the file being rewritten: writing there would lose it."""
    if source is None or str(source) == "-" or not output.exists():
        return
    try:
        same = os.path.samefile(source, output)
    except OSError:
        return
    if same:
        what = ("the archive being rewritten" if batch else
                "the file being rewritten (--in-place rewrites it and keeps F.bak)")
        raise UserError.one(f"is {what}: give another --output file", file=str(output), field="--output")


def _ending(text: str) -> str | None:
    """The line ending ``text`` uses throughout (None: it mixes them, or has none)."""
    kinds = set(_BREAK.findall(text))
    return kinds.pop() if len(kinds) == 1 else None


def body_as_stored(original: str, new_text: str, head: str = "") -> str:
    """The rewritten message as the file stores its message: the original's blank lines before and
    after it, and its line ending on every line when it uses one throughout (a mixed file: as given)."""
    lead = re.match(r"(?:[ \t]*(?:\r\n|\n|\r))*", original)
    before = lead.group(0) if lead else ""
    after = original[len(original.rstrip("\r\n")):]
    core = new_text.strip("\r\n")
    ending = _ending(original) or (_ending(head) if not _BREAK.search(original) else None)
    if ending is not None:
        core = _BREAK.sub(ending, core)
    return before + core + after


def write_in_place(snapshot: Snapshot, message: Message, new_text: str) -> None:
    """Replace the file (BOM, front matter and line endings kept) after saving what was read as F.bak."""
    from persona.safe_write import FileChanged, LockBusy, replace_checked

    path = snapshot.path
    bom = codecs.BOM_UTF8 if snapshot.data.startswith(codecs.BOM_UTF8) else b""
    body = body_as_stored(message.text, new_text, message.head)
    data = bom + (message.head + body).encode("utf-8")
    backup = path.with_name(path.name + ".bak")
    try:
        replace_checked(snapshot, data, backup=backup)
    except FileChanged:
        raise UserError.one("changed since it was read (another program or run wrote it): not rewritten, "
                            "left as it is now; run again to rewrite the new text", file=str(path)) from None
    except LockBusy:
        raise UserError.one("another persona process is writing in its folder: not rewritten (run again)",
                            file=str(path)) from None
    except PermissionError:
        raise UserError.one("read-only file: not rewritten (nothing was written)", file=str(path)) from None
    except OSError as err:
        raise UserError.one(f"cannot rewrite in place: {err.strerror} (nothing lost: the file is as it "
                            "was)", file=str(path)) from None
    print(f"persona: rewrote {path} (backup: {backup.name})", file=sys.stderr)
