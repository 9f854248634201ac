"""Validated personas kept on disk, so that `persona check` does not parse the same YAML every run.

Reading a persona means parsing YAML with positions (pure Python) and merging
its ``extends`` chain; for a file of 10,000 terms that is seconds, for the
samples tens of milliseconds of every run. The result — the validated
persona — is stored as JSON with a digest of its content, and rebuilt with
``construct_trusted`` when read (no validation: the models' validators are
never even built on this path, which is most of a cold start). An entry whose
digest does not match is a miss. Nothing from the cache is ever executed.

An entry is used only when every file of the ``extends`` chain has the very
same bytes as when it was written (content hashes, not times) and each id of
the chain still resolves to the same file. Anything else — no entry, an
unreadable or stale one, a different package or pydantic version — is a miss
and the persona is read from its files as usual (errors, with their file and
line, come from there). The cache never fails a run: entries that cannot be
written are skipped.

Location: ``$PERSONA_CACHE_DIR``, else ``$XDG_CACHE_HOME/persona``, else
``~/.cache/persona``, under ``personas/`` (at most :data:`MAX_ENTRIES` files).
``PERSONA_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from persona.loader import PersonaStore
    from persona.model import Persona

CACHE_FORMAT = 2
#: Entries kept; past this the oldest half is removed (temporary persona folders
#: of test suites would otherwise add entries forever).
MAX_ENTRIES = 500


def load(store: PersonaStore, persona_id: str) -> Persona:
    """``store.get(persona_id)``, from the cache when the persona's files have not changed."""
    if os.environ.get("PERSONA_NO_CACHE"):
        return store.get(persona_id)
    path = store.path(persona_id)  # unknown ids fail here, as store.get would
    try:
        entry_file = _entry_file(path)
        found = _read(entry_file, store)
    except OSError:
        return store.get(persona_id)
    if found is not None:
        return found
    persona = store.get(persona_id)
    _write(entry_file, store, persona_id, persona)
    return persona


def _fingerprint() -> str:
    from pydantic.version import VERSION as pydantic_version

    from persona import __version__

    return f"{CACHE_FORMAT}:{__version__}:{pydantic_version}:{Path(__file__).resolve().parent}"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _entry_file(path: Path) -> Path:
    from persona.paths import cache_root

    key = hashlib.sha256(f"{_fingerprint()}\0{path.resolve()}\0{_digest(path)}".encode()).hexdigest()
    return cache_root() / "personas" / f"{key}.json"


def _chain(store: PersonaStore, persona_id: str) -> list[list[str]]:
    """[id, resolved path, sha256] of the persona and each ancestor (``store.get`` has succeeded)."""
    chain: list[list[str]] = []
    current: Any = persona_id
    while isinstance(current, str) and current not in (link[0] for link in chain):
        path = store.path(current)
        chain.append([current, str(path.resolve()), _digest(path)])
        current = store.raw(current).data.get("extends")
    return chain


def _payload_digest(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _read(entry_file: Path, store: PersonaStore) -> Persona | None:
    try:
        entry = json.loads(entry_file.read_text(encoding="utf-8"))
        for persona_id, resolved, digest in entry["chain"]:
            path = store.files.get(persona_id)
            if path is None or str(path.resolve()) != resolved or _digest(path) != digest:
                return None
        payload = entry["persona"]
        if entry.get("digest") != _payload_digest(payload):
            return None  # damaged or edited by hand: read the files instead
        from persona.model import Persona, construct_trusted

        return construct_trusted(Persona, payload)
    except FileNotFoundError:
        return None
    except Exception:  # a corrupt, stale or foreign entry is a miss
        return None


def _write(entry_file: Path, store: PersonaStore, persona_id: str, persona: Persona) -> None:
    try:
        payload = persona.model_dump(mode="json")
        entry = {"chain": _chain(store, persona_id), "persona": payload, "digest": _payload_digest(payload)}
        entry_file.parent.mkdir(parents=True, exist_ok=True)
        partial = entry_file.with_name(f"{entry_file.stem}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, entry_file)  # atomic: readers see the old entry or the whole new one
        # (a pid-named partial file, not persona.paths.atomic_write_bytes: no fsync on this hot path)
        _prune(entry_file.parent)
    except (OSError, ValueError, TypeError):
        pass


def _prune(folder: Path) -> None:
    """Past :data:`MAX_ENTRIES` entries, remove the oldest half (by modification time)."""
    entries = list(folder.glob("*.json"))
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort(key=lambda entry: entry.stat().st_mtime_ns)
    for entry in entries[: len(entries) - MAX_ENTRIES // 2]:
        entry.unlink(missing_ok=True)
