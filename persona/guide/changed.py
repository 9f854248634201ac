"""When each persona last changed: its last commit, or else its file's modification time.

A persona is what its file says merged over the files it extends, so it changed when the latest of
those files changed. For files in a git work tree the date is the committer date of the last
commit that touched the file (``git log -1 --format=%cI -- FILE``, for all the files of a folder
in ONE ``git log`` call, read newest first). A file git does not know (no git, not a work tree,
untracked) falls back to its modification time, in UTC; when ``SOURCE_DATE_EPOCH`` is set that time
is clamped to it, as reproducible builds expect. Uncommitted edits to a tracked file are not
seen: the date is that of the last commit. Nothing here reads the clock.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from persona.guide.az_labels import MONTHS
from persona.model import Persona

_DATE_MARK = "\x01"
_GIT_TIMEOUT = 20.0


def persona_files(personas: Sequence[Persona], sources: Mapping[str, Path]) -> dict[str, list[Path]]:
    """Each persona's file and the files it extends (ancestors the store knows)."""
    by_id = {p.id: p for p in personas}
    out: dict[str, list[Path]] = {}
    for persona in personas:
        files: list[Path] = []
        current: str | None = persona.id
        while current is not None and current in sources and sources[current] not in files:
            files.append(sources[current])
            parent = by_id.get(current)
            current = parent.extends if parent is not None else None
        out[persona.id] = files
    return out


def last_changed(personas: Sequence[Persona], sources: Mapping[str, Path]) -> dict[str, datetime]:
    """persona id → when it last changed (personas without a known file are left out)."""
    files = persona_files(personas, sources)
    dates = file_dates({path for paths in files.values() for path in paths})
    out = {}
    for persona_id, paths in files.items():
        known = [dates[path] for path in paths if path in dates]
        if known:
            out[persona_id] = max(known)
    return out


def file_dates(paths: Iterable[Path]) -> dict[Path, datetime]:
    """path → last commit date (git) or modification time; paths that do not exist are left out."""
    by_folder: dict[Path, list[Path]] = {}
    for path in paths:
        by_folder.setdefault(path.parent, []).append(path)
    out: dict[Path, datetime] = {}
    for folder, members in sorted(by_folder.items()):
        committed = _git_dates(folder, sorted(p.name for p in members))
        for path in members:
            when = committed.get(path.name) or _mtime(path)
            if when is not None:
                out[path] = when
    return out


def _git_dates(folder: Path, names: list[str]) -> dict[str, datetime]:
    """name → committer date of the last commit touching ``folder/name``, in one ``git log`` call."""
    command = ["git", "--literal-pathspecs", "-c", "log.showSignature=false", "-C", str(folder), "log",
               f"--format={_DATE_MARK}%cI", "--name-only", "-z", "--relative", "--", *names]
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(command, capture_output=True, timeout=_GIT_TIMEOUT, env=env, check=False)
    except (OSError, subprocess.SubprocessError):
        return {}  # no git, or it hung: modification times
    if done.returncode != 0:
        return {}  # not a work tree (or one git refuses to read): modification times
    return parse_log(done.stdout.decode("utf-8", "surrogateescape"), set(names))


def parse_log(output: str, wanted: set[str]) -> dict[str, datetime]:
    """The newest date of each wanted name in ``git log --format=<mark>%cI --name-only -z`` output."""
    out: dict[str, datetime] = {}
    current: datetime | None = None
    for token in output.split("\0"):
        token = token.lstrip("\n")
        if token.startswith(_DATE_MARK):
            try:
                current = datetime.fromisoformat(token[1:].strip())
            except ValueError:
                current = None
        elif token in wanted and token not in out and current is not None:
            out[token] = current
    return out


def _mtime(path: Path) -> datetime | None:
    try:
        seconds = path.stat().st_mtime
    except OSError:
        return None
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        seconds = min(seconds, int(epoch))
    return datetime.fromtimestamp(int(seconds), UTC)


def format_date(when: datetime, lang: str) -> str:
    """``2 December 2026`` / ``2 ديسمبر 2026`` (the Gregorian date, as the rest of the site writes numbers)."""
    months = MONTHS.get(lang, MONTHS["en"])
    return f"{when.day} {months[when.month - 1]} {when.year}"
