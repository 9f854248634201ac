"""The personas a worker answers with, re-read when their files change on disk.

Before each request the persona folders are looked at (one ``stat`` per persona
file, as ``persona guide serve`` does); when anything changed — a file edited,
added or removed — the store is discovered again and the loaded personas are
dropped. Loading goes through :mod:`persona.persona_cache`, so an
unchanged file is not parsed again even then. Nothing here writes a persona.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from persona.guide.serve import Snapshot, snapshot
from persona.loader import PersonaStore, persona_dirs

if TYPE_CHECKING:
    from persona.model import Persona


class LivePersonas:
    """A :class:`PersonaStore` that follows the files; safe to share between threads."""

    def __init__(self, dirs: Sequence[Path] | None) -> None:
        self.dirs = persona_dirs(list(dirs) if dirs else None)
        self._lock = threading.Lock()
        self._seen: Snapshot | None = None
        self._store = PersonaStore(dirs=list(self.dirs))
        self._loaded: dict[str, Persona] = {}

    def _fresh(self) -> PersonaStore:
        """The store, discovered again if any persona file changed since the last look."""
        now = snapshot(self.dirs)
        with self._lock:
            if now != self._seen:
                self._store = PersonaStore.discover(self.dirs)
                self._loaded = {}
                self._seen = now
            return self._store

    def ids(self) -> list[str]:
        return self._fresh().ids()

    def get(self, persona_id: str) -> Persona:
        """The resolved persona; :class:`~persona.errors.UserError` when unknown or invalid."""
        from persona import persona_cache

        store = self._fresh()
        with self._lock:
            cached = self._loaded.get(persona_id) if store is self._store else None
        if cached is not None:
            return cached
        persona = persona_cache.load(store, persona_id)
        with self._lock:
            if store is self._store:
                self._loaded[persona_id] = persona
        return persona

    def all(self) -> list[Persona]:
        return [self.get(persona_id) for persona_id in self.ids()]
