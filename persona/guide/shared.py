"""What every persona has in common: the base they extend, and the claims, contact
points and vocabulary they all share (usually inherited from that base)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from persona.model import Avoid, Persona, Prefer, Value, text_variants

T = TypeVar("T")


@dataclass(slots=True)
class Shared:
    values: list[Value] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    prefer: list[Prefer] = field(default_factory=list)
    avoid: list[Avoid] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any((self.values, self.urls, self.phones, self.handles, self.prefer, self.avoid))


def _common(personas: Sequence[Persona], items: Callable[[Persona], list[T]],
            key: Callable[[T], Hashable]) -> list[T]:
    """The items of the first persona whose key every other persona also has."""
    first, *rest = personas
    keys = [{key(item) for item in items(p)} for p in rest]
    out, seen = [], set()
    for item in items(first):
        k = key(item)
        if k not in seen and all(k in ks for ks in keys):
            seen.add(k)
            out.append(item)
    return out


def _same(value: str) -> str:
    return value


def shared_by_all(personas: Sequence[Persona]) -> Shared:
    """What all personas (at least two) have in common."""
    if len(personas) < 2:
        return Shared()
    return Shared(
        values=_common(personas, lambda p: p.values, lambda v: frozenset(text_variants(v.claim))),
        urls=_common(personas, lambda p: p.facts.urls, lambda u: u.lower().rstrip("/")),
        phones=_common(personas, lambda p: p.facts.phones, _same),
        handles=_common(personas, lambda p: p.facts.handles, lambda h: h.lower()),
        prefer=_common(personas, lambda p: p.vocabulary.prefer, lambda e: (e.use, tuple(e.instead_of))),
        avoid=_common(personas, lambda p: p.vocabulary.avoid, lambda e: e.term),
    )
