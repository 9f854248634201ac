"""Where personas are found: the directories to search and the persona files in them.

Discovery order (spec "Where personas are found"): ``--personas DIR``
(repeatable), else ``PERSONA_PATH``, else ``./personas`` when it exists, else the
samples shipped inside the package. Within those directories an id found twice
resolves to the first.

Standard library only: :mod:`persona.loader` builds its store on these, and the
fast check path (:mod:`persona.snapshot`) finds a persona's files with them without
importing pydantic or YAML.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path

from persona.errors import UserError

__all__ = ["PERSONA_SUFFIXES", "bundled_dir", "index_dirs", "persona_dirs"]

PERSONA_SUFFIXES = (".yaml", ".yml")


@cache
def bundled_dir() -> Path:
    """The sample personas shipped with the package (or the repo's, in a checkout)."""
    inside = Path(__file__).parent / "personas"
    if inside.is_dir():
        return inside
    return Path(__file__).parent.parent / "personas"


def persona_dirs(
    cli_dirs: Sequence[Path] | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> list[Path]:
    """The directories to search, in priority order, per the contract."""
    env = os.environ if env is None else env
    if cli_dirs:
        return _existing(cli_dirs, "--personas")
    if env.get("PERSONA_PATH"):
        entries = [Path(p) for p in env["PERSONA_PATH"].split(os.pathsep) if p]
        return _existing(entries, "PERSONA_PATH")
    local = (cwd or Path.cwd()) / "personas"
    if local.is_dir():
        return [local]
    return [bundled_dir()]


def _existing(dirs: Iterable[Path], origin: str) -> list[Path]:
    found = []
    for directory in dirs:
        if not directory.is_dir():
            raise UserError.one(f"{origin}: no such directory", file=str(directory))
        found.append(directory)
    return found


def persona_files(directory: Path) -> list[Path]:
    """The persona files of one directory, in the order they are indexed (by name)."""
    return sorted(p for p in directory.iterdir() if p.suffix in PERSONA_SUFFIXES and p.is_file())


def index_dirs(dirs: Iterable[Path]) -> tuple[dict[str, Path], list[tuple[str, Path, Path]]]:
    """``({id: file}, [(id, winner, loser)])``: the first file of an id wins, as in ``PersonaStore``."""
    files: dict[str, Path] = {}
    duplicates: list[tuple[str, Path, Path]] = []
    for directory in dirs:
        for path in persona_files(directory):
            known = files.get(path.stem)
            if known is None:
                files[path.stem] = path
            elif known.resolve() != path.resolve():
                duplicates.append((path.stem, known, path))
    return files, duplicates
