"""Finding persona files, resolving ``extends`` and validating them.

Discovery order (spec "Where personas are found"): ``--personas DIR``
(repeatable), else ``PERSONA_PATH``, else ``./personas`` when it exists, else the
samples shipped inside the package. Within those directories an id found twice
resolves to the first (a warning names both files).
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from persona.discovery import PERSONA_SUFFIXES as PERSONA_SUFFIXES  # re-exported
from persona.discovery import bundled_dir as bundled_dir
from persona.discovery import persona_dirs as persona_dirs
from persona.discovery import persona_files
from persona.errors import Problem, UserError, shorten
from persona.model import CONCATENATED_LISTS, PERSONA_ID_PATTERN, Persona

if TYPE_CHECKING:  # reading YAML is only needed when the persona cache misses
    from persona.yamlsource import Mark, SourceMap

_ID = re.compile(PERSONA_ID_PATTERN)
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?")


def check_id(persona_id: str, known: Iterable[str] = ()) -> str:
    """Refuse anything that is not a plain persona id before touching the file system."""
    if not _ID.fullmatch(persona_id or ""):
        raise UserError.one(
            f"{shorten(persona_id)} is not a persona id (lower-case letters, digits and dashes);"
            " to use personas from another folder, pass --personas DIR"
        )
    return persona_id


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.5)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


@dataclass
class RawPersona:
    path: Path
    data: dict[str, Any]
    source: SourceMap


@dataclass
class PersonaStore:
    """The personas visible from a list of directories (and optional extra files)."""

    dirs: list[Path]
    files: dict[str, Path] = field(default_factory=dict)
    duplicates: list[tuple[str, Path, Path]] = field(default_factory=list)
    _raw: dict[str, RawPersona] = field(default_factory=dict, repr=False)
    _resolved: dict[str, Persona] = field(default_factory=dict, repr=False)

    @classmethod
    def discover(cls, cli_dirs: Sequence[Path] | None = None, extra_files: Sequence[Path] = ()) -> PersonaStore:
        store = cls(dirs=persona_dirs(cli_dirs))
        for path in extra_files:
            store._index(path)
        for path in extra_files:
            store._index_dir(path.parent)
        for directory in store.dirs:
            store._index_dir(directory)
        return store

    def _index_dir(self, directory: Path) -> None:
        for path in persona_files(directory):
            self._index(path)

    def _index(self, path: Path) -> None:
        stem = path.stem
        known = self.files.get(stem)
        if known is None:
            self.files[stem] = path
        elif known.resolve() != path.resolve():
            self.duplicates.append((stem, known, path))

    def ids(self) -> list[str]:
        """Every persona id found, in `persona list` order (alphabetical)."""
        return sorted(self.files)

    def path(self, persona_id: str) -> Path:
        check_id(persona_id)
        if persona_id not in self.files:
            raise UserError.one(f"unknown persona {persona_id!r}{did_you_mean(persona_id, self.files)}")
        return self.files[persona_id]

    def raw(self, persona_id: str) -> RawPersona:
        if persona_id not in self._raw:
            path = self.path(persona_id)
            from persona.yamlsource import load_yaml_file

            data, source = load_yaml_file(path, display=display_path(path))
            if source.yaml11:  # `yes`, `no`, `1_000`: YAML 1.1 and 1.2 (editors) read them differently
                from persona.validation import yaml_reading_problems

                raise UserError(yaml_reading_problems(source, Persona))
            self._raw[persona_id] = RawPersona(path, _require_mapping(data, path), source)
        return self._raw[persona_id]

    def get(self, persona_id: str) -> Persona:
        """The resolved, validated persona (cached)."""
        if persona_id not in self._resolved:
            data, source = self.resolved_data(persona_id)
            self._resolved[persona_id] = _validate(data, source, display_path(self.path(persona_id)))
        return self._resolved[persona_id]

    def all(self) -> list[Persona]:
        """Every persona, validated; all problems of all files are collected first."""
        problems: list[Problem] = []
        personas = []
        for persona_id in self.ids():
            try:
                personas.append(self.get(persona_id))
            except UserError as err:
                problems.extend(p for p in err.problems if p not in problems)
        if problems:
            raise UserError(problems)
        return personas

    def resolved_data(self, persona_id: str) -> tuple[dict[str, Any], SourceMap]:
        """The raw document with its ``extends`` chain merged in, and merged positions."""
        chain = self._chain(persona_id)
        data: dict[str, Any] = {}
        from persona.yamlsource import SourceMap

        source = SourceMap()
        for raw in chain:
            data, source = merge(data, source, raw.data, raw.source)
        return data, source

    def _chain(self, persona_id: str) -> list[RawPersona]:
        """Root ancestor first; detects missing parents and cycles."""
        chain: list[RawPersona] = []
        seen: list[str] = []
        current: str | None = persona_id
        while current is not None:
            raw = self.raw(current)
            _check_own_id(raw, current)
            seen.append(current)
            chain.append(raw)
            parent = raw.data.get("extends")
            if parent is None:
                break
            mark = raw.source.locate(("extends",))
            where = _where(mark, raw.path)
            if not isinstance(parent, str) or not _ID.fullmatch(parent):
                raise UserError([Problem(f"must be a persona id (got {shorten(parent)})", **where)])
            if parent in seen:
                cycle = " → ".join(display_path(self.files[s]) for s in [*seen, parent])
                raise UserError([Problem(f"extends cycle: {cycle}", **where)])
            if parent not in self.files:
                raise UserError(
                    [Problem(f"parent persona {parent!r} not found{did_you_mean(parent, self.files)}", **where)]
                )
            current = parent
        return list(reversed(chain))


def _where(mark: Mark | None, path: Path) -> dict[str, Any]:
    return {
        "file": mark.file if mark else display_path(path),
        "line": mark.line if mark else None,
        "column": mark.column if mark else None,
        "field": "extends",
    }


def _require_mapping(data: Any, path: Path) -> dict[str, Any]:
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        message = f"a persona file must be a mapping of fields (this one is {kind})"
        raise UserError([Problem(message, display_path(path), 1, 1)])
    return data


def _check_own_id(raw: RawPersona, expected: str) -> None:
    got = raw.data.get("id")
    if got == expected:
        return
    mark = raw.source.locate(("id",)) if "id" in raw.data else raw.source.locate(())
    message = "required field is missing" if got is None else (
        f"must equal the file name {expected!r} (got {shorten(got)})"
    )
    raise UserError([Problem(message, mark.file if mark else display_path(raw.path),
                             mark.line if mark else 1, mark.column if mark else 1, "id")])


def merge(
    parent: dict[str, Any], parent_source: SourceMap, child: dict[str, Any], child_source: SourceMap
) -> tuple[dict[str, Any], SourceMap]:
    """Apply a child over its parent: maps merge, scalars override, listed lists concatenate."""
    shifts: dict[tuple[str, ...], int] = {}
    merged = _merge_maps(parent, child, (), shifts)
    from persona.yamlsource import SourceMap

    source = SourceMap(dict(parent_source.values), dict(parent_source.keys))
    for table, target in ((child_source.values, source.values), (child_source.keys, source.keys)):
        for path, mark in table.items():
            target[_shift(path, shifts)] = mark
    return merged, source


def _merge_maps(parent: dict[str, Any], child: dict[str, Any], path: tuple[str, ...],
                shifts: dict[tuple[str, ...], int]) -> dict[str, Any]:
    out = copy.deepcopy(parent)
    for key, value in child.items():
        here = (*path, key)
        old = out.get(key)
        if here in CONCATENATED_LISTS and isinstance(old, list) and isinstance(value, list):
            shifts[here] = len(old)
            out[key] = old + copy.deepcopy(value)
        elif isinstance(old, dict) and isinstance(value, dict) and not (_is_text(old) or _is_text(value)):
            out[key] = _merge_maps(old, value, here, shifts)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _is_text(value: dict[str, Any]) -> bool:
    """A "text" map ({ar: …, en: …}): a child's text replaces the parent's as a whole."""
    return bool(value) and all(isinstance(v, str) and _LANGUAGE.fullmatch(k) for k, v in value.items())


def _shift(path: tuple[Any, ...], shifts: dict[tuple[str, ...], int]) -> tuple[Any, ...]:
    for length in range(len(path) - 1, 0, -1):
        head = path[:length]
        if head in shifts and isinstance(path[length], int):
            return (*head, path[length] + shifts[head], *path[length + 1:])
    return path


def _validate(data: dict[str, Any], source: SourceMap, file: str) -> Persona:
    try:
        return Persona.model_validate(data)
    except ValidationError as exc:
        from persona.validation import to_problems

        raise UserError(to_problems(exc.errors(), data, source, file, Persona)) from None


def display_path(path: Path) -> str:
    """Paths relative to the working directory when below it, as users typed them."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
