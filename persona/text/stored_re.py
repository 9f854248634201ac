"""Large regular expressions compiled once per installation, not once per process.

CPython's ``re`` parses and compiles a pattern in pure Python: the twitter-text URL
expression and its domain expression (:mod:`persona.text.links`) take about 30 ms
together, paid by every ``persona check`` of a draft with a link and by each worker
of an archive run. The result of that work is a list of integers, the program ``_sre``
runs. :func:`compile_stored` keeps that program in persona's cache of compiled objects
(:func:`persona.snapshot.store_compiled`, handed in by :func:`use_store`: sealed, keyed
by the Python build and the pattern), and later starts hand it to ``_sre.compile``
directly, which only checks it.

The program is stored only when it rebuilds a pattern equal to what :func:`re.compile`
gives (``Pattern.__eq__`` compares pattern, flags and program), so a Python whose
``re`` internals differ from 3.11–3.13's never stores anything and simply compiles.
Anything unexpected on loading (a miss, a foreign entry, a program ``_sre`` refuses)
compiles the pattern as usual: the answer is the same pattern either way.
"""

from __future__ import annotations

import re
from typing import Any, Protocol, TypeGuard


class ProgramStore(Protocol):
    """Where programs are kept: :mod:`persona.snapshot` gives one (the text layer knows no cache)."""

    def load(self, name: str, version: str) -> Any: ...

    def save(self, name: str, version: str, value: object) -> None: ...


_store: ProgramStore | None = None

#: Patterns compiled from source by this process (the tests read it: a second start compiles none).
compiled_from_source: list[str] = []


def use_store(store: ProgramStore | None) -> None:
    """Keep programs in ``store`` from now on (None: compile every time)."""
    global _store
    _store = store


def compile_stored(name: str, pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, its program read from the store when an earlier run kept it."""
    import _sre  # type: ignore[import-not-found]

    from persona.digest import digest

    store = _store
    version = f"{_sre.MAGIC}:{flags}:{digest(pattern.encode('utf-8', 'surrogatepass'))}"
    args = store.load(f"re-{name}", version) if store is not None else None
    if _fits(args, pattern):
        try:
            found: re.Pattern[str] = _sre.compile(*args)
            return found
        except Exception:  # a program this _sre refuses: compile it as usual
            pass
    compiled = re.compile(pattern, flags)
    compiled_from_source.append(name)
    if store is not None:
        program = _program(pattern, flags)
        if program is not None and _rebuilds(program, compiled):
            store.save(f"re-{name}", version, program)
    return compiled


def _fits(args: Any, pattern: str) -> TypeGuard[tuple[Any, ...]]:
    return isinstance(args, tuple) and len(args) == 6 and args[0] == pattern


def _program(pattern: str, flags: int) -> tuple[Any, ...] | None:
    """The arguments ``re`` passes to ``_sre.compile`` for this pattern (None where its internals differ)."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for group_name, index in groupindex.items():
            indexgroup[index] = group_name
        # opcodes are re's named int constants: store them as the plain integers _sre reads
        return (pattern, int(flags | parsed.state.flags), [int(op) for op in code], parsed.state.groups - 1,
                groupindex, tuple(indexgroup))
    except Exception:
        return None


def _rebuilds(args: tuple[Any, ...], compiled: re.Pattern[str]) -> bool:
    import _sre

    try:
        return bool(_sre.compile(*args) == compiled)
    except Exception:
        return False
