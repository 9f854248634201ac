"""Validated personas kept on disk, so that `persona check` does not parse the same YAML every run.

Reading a persona means parsing YAML with positions (pure Python) and merging
its ``extends`` chain; for a file of 10,000 terms that is seconds, for the
samples tens of milliseconds of every run. The result — the validated
persona — is stored as JSON, sealed with a MAC (keyed BLAKE2b, :mod:`persona.digest`)
under a per-installation secret (:func:`seal`), and rebuilt with ``construct_trusted``
when read (no validation: the models' validators are never even built on this path,
which is most of a cold start). An entry whose MAC does not match — damaged, edited by
hand, forged with a recomputed checksum, or moved under another entry's name —
is a miss. Nothing from the cache is ever executed.

The secret is 32 random bytes in ``<cache dir>/secret.key``, created on first use
(a 0600 temporary file, then a hard link: two first runs agree on one key). A key
file that is not a regular file of this user with no group or other permission
bits (a symlink, say, or 0644) is not trusted: every entry is then a miss and
nothing is written. :func:`seal` and :func:`unseal` are the API other caches use
(the rewrite cache does).

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

import json
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from persona.digest import compare_digest, digest, mac

if TYPE_CHECKING:
    from persona.loader import PersonaStore
    from persona.model import Persona

CACHE_FORMAT = 5  # 5: BLAKE2b digests; 4: strict types and YAML 1.1/1.2 forms refused (a file valid for 3 may not be)
#: The per-installation secret, in the cache directory.
KEY_FILE = "secret.key"
KEY_BYTES = 32
#: First line of a sealed entry: this tag, a space, the hex MAC, a newline; then the body.
SEAL_TAG = b"persona-mac-blake2b"
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
        found = _read(entry_file, store, persona_id)
    except OSError:
        return store.get(persona_id)
    if found is not None:
        return found
    persona = store.get(persona_id)
    _write(entry_file, store, persona_id, persona)
    return persona


def installation_key(root: Path | None = None) -> bytes | None:
    """The secret of the cache in ``root`` (default: :func:`persona.paths.cache_root`), created on
    first use; None when it cannot be created or is not to be trusted (then nothing is cached)."""
    if root is None:
        from persona.paths import cache_root

        root = cache_root()
    known = _KEYS.get(root)
    if known is not None:
        return known
    path = root / KEY_FILE
    try:
        key = _read_key(path)
        if key is None:
            root.mkdir(parents=True, exist_ok=True, mode=0o700)
            _create_key(path)
            key = _read_key(path)
    except (OSError, _UntrustedKey):
        return None
    if key is not None:
        _KEYS[root] = key
    return key


_KEYS: dict[Path, bytes] = {}


class _UntrustedKey(Exception):
    """The key file exists but anyone else could have read or written it."""


def _read_key(path: Path) -> bytes | None:
    """The key in ``path``; None when there is none; :class:`_UntrustedKey` when it is not ours alone."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return None
    except OSError as err:
        raise _UntrustedKey(str(path)) from err  # a symlink (ELOOP), unreadable, …
    try:
        info = os.fstat(fd)
        if (not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077
                or (hasattr(os, "getuid") and info.st_uid != os.getuid())):
            raise _UntrustedKey(str(path))
        key = os.read(fd, KEY_BYTES + 1)
    finally:
        os.close(fd)
    if len(key) != KEY_BYTES:
        raise _UntrustedKey(str(path))  # empty (being created without hard links) or foreign
    return key


def _create_key(path: Path) -> None:
    """Write a new key to ``path`` unless one is there: a complete 0600 file appears at once."""
    import tempfile

    fd, temp = tempfile.mkstemp(prefix=".secret.", suffix=".tmp", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(KEY_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, path)  # never replaces: the first run's key wins
        except FileExistsError:
            pass
        except OSError:  # no hard links on this file system: exclusive create instead
            try:
                out = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            except FileExistsError:
                return
            with os.fdopen(out, "wb") as handle:
                handle.write(Path(temp).read_bytes())
    finally:
        Path(temp).unlink(missing_ok=True)


def _mac(key: bytes, context: str, body: bytes) -> str:
    return mac(key, context.encode("utf-8") + b"\0" + body)


def seal(body: bytes, context: str, root: Path | None = None) -> bytes | None:
    """``body`` with its MAC in front, bound to ``context`` (an entry's name: a sealed entry
    copied under another name does not verify); None when there is no trusted key."""
    key = installation_key(root)
    if key is None:
        return None
    return SEAL_TAG + b" " + _mac(key, context, body).encode("ascii") + b"\n" + body


def unseal(data: bytes, context: str, root: Path | None = None) -> bytes | None:
    """The body of what :func:`seal` gave for ``context``; None for anything else."""
    head, newline, body = data.partition(b"\n")
    tag, _, found = head.partition(b" ")
    if not newline or tag != SEAL_TAG or len(found) != 64:
        return None
    key = installation_key(root)
    if key is None:
        return None
    return body if compare_digest(found, _mac(key, context, body).encode("ascii")) else None


def _fingerprint() -> str:
    from pydantic.version import VERSION as pydantic_version

    from persona import __version__

    return f"{CACHE_FORMAT}:{__version__}:{pydantic_version}:{Path(__file__).resolve().parent}"


def _digest(path: Path) -> str:
    return digest(path.read_bytes())


def _entry_file(path: Path) -> Path:
    from persona.paths import cache_root

    key = digest(f"{_fingerprint()}\0{path.resolve()}\0{_digest(path)}".encode())
    return cache_root() / "personas" / f"{key}.json"


def _chain(store: PersonaStore, persona_id: str) -> list[list[str]]:
    """[id, resolved path, digest] of the persona and each ancestor (``store.get`` has succeeded)."""
    chain: list[list[str]] = []
    current: Any = persona_id
    while isinstance(current, str) and current not in (link[0] for link in chain):
        path = store.path(current)
        chain.append([current, str(path.resolve()), _digest(path)])
        current = store.raw(current).data.get("extends")
    return chain


def _read(entry_file: Path, store: PersonaStore, persona_id: str | None = None) -> Persona | None:
    try:
        body = unseal(entry_file.read_bytes(), entry_file.name, entry_file.parent.parent)
        if body is None:
            return None  # damaged, edited or forged by hand: read the files instead
        entry = json.loads(body)
        if persona_id is not None and entry["chain"][0][0] != persona_id:
            return None
        for link_id, resolved, stored in entry["chain"]:
            path = store.files.get(link_id)
            if path is None or str(path.resolve()) != resolved or _digest(path) != stored:
                return None
        payload = entry["persona"]
        from persona.model import Persona, construct_trusted

        return construct_trusted(Persona, payload)
    except FileNotFoundError:
        return None
    except Exception:  # a corrupt, stale or foreign entry is a miss
        return None


def _write(entry_file: Path, store: PersonaStore, persona_id: str, persona: Persona) -> None:
    try:
        payload = persona.model_dump(mode="json")
        entry = {"chain": _chain(store, persona_id), "persona": payload}
        sealed = seal(json.dumps(entry, ensure_ascii=False).encode("utf-8"), entry_file.name,
                      entry_file.parent.parent)
        if sealed is None:
            return  # no trusted key: nothing is cached
        entry_file.parent.mkdir(parents=True, exist_ok=True)
        partial = entry_file.with_name(f"{entry_file.stem}.{os.getpid()}.tmp")
        partial.write_bytes(sealed)
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
