"""Compiled persona snapshots: a validated persona as plain objects, read without pydantic or YAML.

``persona check DRAFT --as ID`` from an editor or a pre-commit hook pays its start-up on
every run. Reading a persona through :mod:`persona.persona_cache` still builds pydantic
models; a snapshot is the same validated persona (``Persona.model_dump(mode="json")``)
rebuilt as small frozen objects with the model's attribute names (:class:`PersonaSnapshot`
and the classes below), which is all the checker reads. It is written once, by the normal
loader (:func:`build`), and read by the fast check path (:func:`load`).

An entry is used only when every file of the ``extends`` chain has the very same bytes as
when it was validated (content digests) and each id of the chain still resolves to the same
file; its key also covers this package's version, location and model source, and pydantic's
version. Entries are sealed with the persona cache's MAC under the installation's secret
(:func:`persona.persona_cache.seal`): one whose seal does not verify (edited by hand,
damaged, forged with a recomputed checksum, copied under another name) is a miss, and the
persona is then read from its files by the normal loader. Nothing from the cache is ever
executed.

Location: ``<cache root>/snapshots/`` (:func:`persona.paths.cache_root`), at most
:data:`MAX_ENTRIES` files. ``PERSONA_NO_CACHE=1`` turns snapshots off with the cache.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from persona.digest import digest
from persona.discovery import index_dirs
from persona.text import stored_re
from persona.text.channels import channel_aliases
from persona.text.links import KNOWN_OFFSETS, find_link_offsets

SNAPSHOT_FORMAT = 4  # 4: BLAKE2b digests (persona.digest)
#: Entries kept; past this the oldest half is removed.
MAX_ENTRIES = 200

# -- the persona as plain objects ------------------------------------------------------------------


class Node:
    """A frozen record with the attributes of one persona model (equal when their fields are)."""

    def __init__(self, fields: Mapping[str, Any]) -> None:
        self.__dict__.update(fields)

    def __getattr__(self, name: str) -> Any:  # only for a field it does not have
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    def __hash__(self) -> int:  # as a frozen pydantic model: unhashable when a field is a list
        return hash((type(self).__name__, *self.__dict__.values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({fields})"


class Voice(Node):
    pass


class Audience(Node):
    pass


class Channel(Node):
    pass


class Prefer(Node):
    pass


class Avoid(Node):
    pass


class Vocabulary(Node):
    pass


class Value(Node):
    pass


class Retired(Node):
    pass


class Facts(Node):
    pass


class Intent(Node):
    pass


class Occasion(Node):
    pass


class Example(Node):
    pass


class PersonaSnapshot(Node):
    """A resolved persona, as :class:`persona.model.Persona` has it (the same properties)."""

    @property
    def primary_language(self) -> str:
        return str(self.languages[0])

    @property
    def default_channel(self) -> str | None:
        """The channel a message goes to when none is named: the persona's first."""
        return next(iter(self.channels), None)

    def channel(self, name: str) -> Any:
        """The channel's rules; ``twitter`` and ``x`` are one channel."""
        for candidate in channel_aliases(name):
            if candidate in self.channels:
                return self.channels[candidate]
        return None


#: The fields holding models, per model: (shape, class), shape "one", "list" or "map".
#: Every other field is plain JSON data (strings, numbers, text maps, lists of strings).
#: tests/test_fast_check.py checks this against the pydantic models.
NESTED: dict[type[Node], dict[str, tuple[str, type[Node]]]] = {
    PersonaSnapshot: {"voice": ("one", Voice), "audiences": ("list", Audience), "channels": ("map", Channel),
                      "vocabulary": ("one", Vocabulary), "values": ("list", Value), "facts": ("one", Facts),
                      "intents": ("map", Intent), "occasions": ("map", Occasion),
                      "examples": ("list", Example)},
    Vocabulary: {"prefer": ("list", Prefer), "avoid": ("list", Avoid)},
    Facts: {"retired": ("list", Retired)},
}


def from_payload(kind: type[Node], data: Mapping[str, Any]) -> Node:
    """The objects of what ``model_dump(mode="json")`` gave for a validated model of ``kind``."""
    nested = NESTED.get(kind, {})
    fields = dict(data)
    for name, (shape, item) in nested.items():
        value = fields.get(name)
        if value is None:
            continue
        if shape == "one":
            fields[name] = from_payload(item, value)
        elif shape == "list":
            fields[name] = [from_payload(item, v) for v in value]
        else:
            fields[name] = {k: from_payload(item, v) for k, v in value.items()}
    return kind(fields)


# -- finding, reading and writing entries ----------------------------------------------------------


def _file_digest(path: Path) -> str:
    return digest(path.read_bytes())


@cache
def _fingerprint() -> str:
    """What an entry depends on besides the persona's files: this code and pydantic's version."""
    from persona import __version__

    here = Path(__file__).resolve().parent
    code = digest(b"".join(_file_digest(here / name).encode() for name in STORED_FROM))
    return f"{SNAPSHOT_FORMAT}:{__version__}:{here}:{code}:{_pydantic_version()}"


#: The modules whose results an entry holds: the model (the payload) and the link finder (its links).
STORED_FROM = ("model.py", "text/links.py", "text/_xdata.py")


def _pydantic_version() -> str:
    """The installed pydantic's ``version.py``, digested, found without importing pydantic."""
    from importlib.util import find_spec

    try:
        spec = find_spec("pydantic")
        origin = spec.origin if spec is not None else None
        return _file_digest(Path(origin).parent / "version.py") if origin else "-"
    except (ImportError, OSError, ValueError):
        return "-"


def _folder() -> Path:
    from persona.paths import cache_root

    return cache_root() / "snapshots"


def _entry_file(path: Path) -> Path:
    key = digest(f"{_fingerprint()}\0{path.resolve()}\0{_file_digest(path)}".encode())
    return _folder() / f"{key}.json"


def disabled() -> bool:
    return bool(os.environ.get("PERSONA_NO_CACHE"))


def load(files: Mapping[str, Path], persona_id: str) -> PersonaSnapshot | None:
    """The snapshot of ``persona_id`` (``files``: id → file, as discovery found them), or None: a miss.

    A miss is any doubt: no entry, a stale or unreadable one, a seal that does not verify.
    """
    path = files.get(persona_id)
    if path is None or disabled():
        return None
    try:
        from persona.persona_cache import unseal

        entry_file = _entry_file(path)
        body = unseal(entry_file.read_bytes(), entry_file.name, entry_file.parent.parent)
        if body is None:
            return None  # damaged, edited or forged: the loader reads the files
        entry = json.loads(body)
        for link_id, resolved, stored in entry["chain"]:
            found = files.get(link_id)
            if found is None or str(found.resolve()) != resolved or _file_digest(found) != stored:
                return None
        payload = entry["persona"]
        if entry.get("format") != SNAPSHOT_FORMAT or payload.get("id") != persona_id:
            return None
        snapshot = from_payload(PersonaSnapshot, payload)
        links = {str(text): tuple((int(a), int(b)) for a, b in found) for text, found in entry["links"].items()}
    except Exception:  # missing, corrupt, foreign: read the files instead
        return None
    KNOWN_OFFSETS.update(links)  # as find_link_offsets found them when the entry was made
    return snapshot  # type: ignore[return-value]


def _links(persona: Any) -> dict[str, list[tuple[int, int]]]:
    """The links in the persona's retired facts, which the checker looks for in each
    (:func:`persona.text.links.find_link_offsets`): ``{fact: [(start, end)…]}``."""
    return {entry.old: find_link_offsets(entry.old) for entry in persona.facts.retired}


def build(dirs: Sequence[Path] | None, persona_id: str) -> PersonaSnapshot | None:
    """Validate ``persona_id`` with the normal loader, store its snapshot, and return it.

    None when the persona cannot be read as it is (an unknown id, a bad file…): the full CLI
    then reports it, as always. Imports pydantic and, unless the persona cache has it, YAML.
    """
    from persona import persona_cache
    from persona.errors import UserError
    from persona.loader import PersonaStore

    try:
        store = PersonaStore.discover(dirs)
        persona = persona_cache.load(store, persona_id)
        payload = persona.model_dump(mode="json")
        chain = _chain(store, persona_id)
    except UserError:
        return None
    links = _links(persona)
    if not disabled():
        _write(_entry_file(store.path(persona_id)), chain, payload, links)
    return from_payload(PersonaSnapshot, payload)  # type: ignore[return-value]


def _chain(store: Any, persona_id: str) -> list[list[str]]:
    """[id, resolved path, digest] of the persona and each ancestor (``store.get`` has succeeded)."""
    chain: list[list[str]] = []
    current: Any = persona_id
    while isinstance(current, str) and current not in (link[0] for link in chain):
        path = store.path(current)
        chain.append([current, str(path.resolve()), _file_digest(path)])
        current = store.raw(current).data.get("extends")
    return chain


def _write(entry_file: Path, chain: list[list[str]], payload: dict[str, Any],
           links: dict[str, list[tuple[int, int]]]) -> None:
    """Store an entry atomically; an entry that cannot be written is skipped (never fails a run)."""
    try:
        entry = {"format": SNAPSHOT_FORMAT, "chain": chain, "persona": payload, "links": links}
        _store(entry_file, json.dumps(entry, ensure_ascii=False).encode("utf-8"))
    except (ValueError, TypeError):
        pass


def _store(entry_file: Path, body: bytes) -> None:
    """Seal ``body`` and write it to ``entry_file`` atomically; skipped when it cannot be (never fails a run)."""
    import tempfile

    from persona.persona_cache import seal

    try:
        sealed = seal(body, entry_file.name, entry_file.parent.parent)
        if sealed is None:
            return  # no trusted key: nothing is stored
        entry_file.parent.mkdir(parents=True, exist_ok=True)
        fd, partial = tempfile.mkstemp(prefix=f".{entry_file.stem}.", suffix=".tmp", dir=entry_file.parent)
        try:
            with os.fdopen(fd, "wb") as handle:  # a new file (O_EXCL): never through a planted link
                handle.write(sealed)
            os.replace(partial, entry_file)  # readers see the old entry or the whole new one
        except BaseException:
            os.unlink(partial)
            raise
        _prune(entry_file.parent)
    except OSError:
        pass


def _prune(folder: Path) -> None:
    for pattern in ("*.json", "*.pickle"):
        entries = list(folder.glob(pattern))
        if len(entries) <= MAX_ENTRIES:
            continue
        entries.sort(key=lambda entry: entry.stat().st_mtime_ns)
        for entry in entries[: len(entries) - MAX_ENTRIES // 2]:
            entry.unlink(missing_ok=True)


# -- data compiled from this package alone (the checker's built-in matcher) -------------------------


def load_compiled(name: str, sources: Sequence[str], version: str = "") -> Any:
    """What :func:`store_compiled` stored as ``name`` from these ``sources`` (files under ``persona/``,
    digested) and ``version`` (anything else it depends on), or None: a miss (none, stale, unsealed).

    Entries are pickles: they are unpickled only once their HMAC seal verifies (a file nobody but
    this installation could have written), and they hold only this package's own objects.
    """
    if disabled():
        return None
    try:
        from persona.persona_cache import unseal

        entry_file = _compiled_file(name, sources, version)
        body = unseal(entry_file.read_bytes(), entry_file.name, entry_file.parent.parent)
        if body is None:
            return None
        import pickle

        return pickle.loads(body)
    except Exception:  # missing, corrupt, foreign: make it again
        return None


def store_compiled(name: str, sources: Sequence[str], version: str, value: object) -> None:
    """Store ``value`` for :func:`load_compiled` (skipped when it cannot be: never fails a run)."""
    if disabled():
        return
    try:
        import pickle

        _store(_compiled_file(name, sources, version), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # an object that does not pickle: nothing is stored
        pass


def _compiled_file(name: str, sources: Sequence[str], version: str) -> Path:
    import sys

    here = Path(__file__).resolve().parent
    digests = "\0".join(_file_digest(here / source) for source in sources)
    key = digest(f"{_fingerprint()}\0{sys.version}\0{version}\0{name}\0{digests}".encode())
    return _folder() / f"{name}-{key}.pickle"


def persona_files(dirs: Sequence[Path]) -> tuple[dict[str, Path], bool]:
    """``({id: file}, whether some id is defined twice)`` in ``dirs`` (:func:`persona.discovery.index_dirs`)."""
    files, duplicates = index_dirs(dirs)
    return files, bool(duplicates)


class _ProgramStore:
    """:mod:`persona.text.stored_re`'s store: regular expressions' programs, kept like compiled data."""

    def load(self, name: str, version: str) -> Any:
        return load_compiled(name, (), version)

    def save(self, name: str, version: str, value: object) -> None:
        store_compiled(name, (), version, value)


stored_re.use_store(_ProgramStore())  # every run that reads snapshots also keeps the URL expressions
