"""Replacing a user's file without losing anything: checked against what was read, locked, atomic.

The shape every command that writes a user's own file follows (``rewrite --in-place``,
``check --fix``):

1. :func:`read_snapshot` — the file's bytes and its size and mtime, read once; whatever is
   parsed, rewritten and backed up comes from these very bytes;
2. the work (seconds, or minutes against a model);
3. :func:`replace_checked` — under an exclusive lock on the file's folder (``flock``, held only
   for the few milliseconds of the write, so two persona processes never interleave), the file
   is compared with the snapshot (size, then a SHA-256 of its content): if anything changed it
   raises :class:`FileChanged` and writes nothing; otherwise the backup (when asked) is written
   from the snapshot's bytes, then the file, each atomically (a temporary file in the same
   folder, ``fsync``, ``os.replace``): a full disk or a kill leaves the old file or the whole
   new one, never half of either, and never a truncated backup in place of a good one.

Standard library only; ``fcntl`` where the platform has it (elsewhere the lock is skipped and
the content check still holds).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from persona.paths import atomic_writer

__all__ = ["FileChanged", "LockBusy", "Snapshot", "expected", "folder_lock", "read_snapshot", "replace_checked",
           "try_lock", "unchanged"]

#: How long a writer waits for another persona process's write to the same folder to end.
LOCK_WAIT = 10.0


class FileChanged(OSError):
    """The file is not what was read any more (another program or run wrote it meanwhile)."""


class LockBusy(OSError):
    """Another process holds the lock (and did not let go within :data:`LOCK_WAIT`)."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A file as it was read: its bytes, and the size, mtime and mode they were read with."""

    path: Path
    data: bytes
    size: int
    mtime_ns: int
    atime_ns: int
    mode: int  # permission bits

    @property
    def digest(self) -> bytes:
        return hashlib.sha256(self.data).digest()


def read_snapshot(path: Path) -> Snapshot:
    """Read ``path`` once (bytes and ``fstat`` from the same open file). Raises :class:`OSError`."""
    with open(path, "rb") as handle:
        info = os.fstat(handle.fileno())
        data = handle.read()
    return Snapshot(path, data, info.st_size, info.st_mtime_ns, info.st_atime_ns, stat.S_IMODE(info.st_mode))


def expected(path: Path, data: bytes) -> Snapshot:
    """A snapshot of ``path`` as another reader read it: ``data`` are the bytes it parsed (the mode is
    the file's now). :func:`replace_checked` then writes only if the file still holds ``data``."""
    info = os.stat(path)
    return Snapshot(path, data, len(data), info.st_mtime_ns, info.st_atime_ns, stat.S_IMODE(info.st_mode))


def unchanged(snapshot: Snapshot) -> bool:
    """Does the file still hold exactly the snapshot's bytes? (size first, then the content hash)"""
    try:
        with open(snapshot.path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size != snapshot.size:
                return False
            now = handle.read()
    except FileNotFoundError:
        return False
    return len(now) == snapshot.size and hashlib.sha256(now).digest() == snapshot.digest


def try_lock(fd: int, *, wait: float = LOCK_WAIT) -> None:
    """An exclusive ``flock`` on ``fd``, waiting up to ``wait`` seconds; :class:`LockBusy` after."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: only the content check protects
        return
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise LockBusy(errno.EWOULDBLOCK, "another persona process is writing here") from None
            time.sleep(0.02)


@contextlib.contextmanager
def folder_lock(folder: Path, *, wait: float = LOCK_WAIT) -> Iterator[None]:
    """An exclusive lock on ``folder`` (``flock`` on the directory itself: no lock file left behind)."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try_lock(fd, wait=wait)
        yield
    finally:
        os.close(fd)  # closing lets go of the lock


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform or file system syncs a directory
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def replace_checked(snapshot: Snapshot, data: bytes, *, backup: Path | None = None) -> None:
    """Replace the snapshot's file with ``data`` if it still holds what was read.

    ``backup`` (e.g. ``F.bak``) gets the snapshot's bytes, mode and times first, atomically.
    The file keeps its permission bits. Raises :class:`FileChanged` (nothing written),
    :class:`LockBusy`, :class:`PermissionError` for a read-only file, :class:`OSError` else.
    """
    path = snapshot.path
    folder = path.parent
    if not snapshot.mode & 0o222:  # no write bit: read-only even for root
        raise PermissionError(errno.EACCES, "read-only file", str(path))
    with folder_lock(folder):
        if not unchanged(snapshot):
            raise FileChanged(errno.EAGAIN, "changed since it was read", str(path))
        if backup is not None:
            with atomic_writer(backup, mode=snapshot.mode) as sink:
                sink.write(snapshot.data)
            with contextlib.suppress(OSError):
                os.utime(backup, ns=(snapshot.atime_ns, snapshot.mtime_ns))
        with atomic_writer(path, mode=snapshot.mode) as sink:
            sink.write(data)
        _fsync_folder(folder)
