"""The registry of rewrite backends and the offline one (the chat models' base: :mod:`persona.rewrite.chat`).

``--backend NAME`` looks a factory up here; a factory builds the backend from the run's
options. Three are registered: ``rules`` (offline, deterministic), ``openai`` (any
OpenAI-compatible endpoint, :mod:`persona.rewrite.llm`) and ``fake`` (a scripted chat model
that records what it was sent, :mod:`persona.rewrite.fake`, for tests and demos). Heavy
modules (``openai``, ``jinja2``) are imported only by the factory that needs them.

The chat backends import :class:`~persona.rewrite.chat.ChatBackend`, not this module, so no
import runs back from a backend to the registry that names it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from persona.check.types import Finding
from persona.errors import UserError
from persona.rewrite.chat import ChatBackend
from persona.rewrite.types import Attempt, Backend, Candidate, Request

if TYPE_CHECKING:
    from persona.rewrite.service import RewriteOptions

__all__ = ["ChatBackend", "OfflineBackend", "backend_names", "create_backend", "register_backend"]

Factory = Callable[["RewriteOptions"], Backend]
_FACTORIES: dict[str, Factory] = {}


def register_backend(name: str, factory: Factory) -> None:
    """Make ``--backend name`` build its backend with ``factory(options)``."""
    if name in _FACTORIES:
        raise ValueError(f"backend {name} registered twice")
    _FACTORIES[name] = factory


def backend_names() -> list[str]:
    return list(_FACTORIES)


def create_backend(options: RewriteOptions) -> Backend:
    """The backend ``options.backend`` names, or one line listing the known ones."""
    factory = _FACTORIES.get(options.backend)
    if factory is None:
        raise UserError.one(f"unknown backend {options.backend!r} (use one of: {', '.join(_FACTORIES)})")
    return factory(options)


# -- the offline rules backend -----------------------------------------------------------------


class OfflineBackend:
    """``--backend rules``: the deterministic rewriter of :mod:`persona.rewrite.rules` (one answer)."""

    name = "rules"
    concurrent = False

    def __init__(self, unsafe: bool = False) -> None:
        self.unsafe = unsafe  # apply the checker's unsafe fixes too (--unsafe-fixes)

    def prepare(self) -> None:
        return None

    def answer(self, request: Request) -> Candidate:
        from persona.rewrite.rules import rewrite_offline

        result = rewrite_offline(request.persona, request.message, channel=request.channel,
                                 intent=request.intent, unsafe=self.unsafe)
        return Candidate(result.text, tuple(result.changes), result.dropped, check=result.check)

    def repair(self, request: Request, last: Attempt, findings: Sequence[Finding]) -> Candidate | None:
        return None  # deterministic: asking again gives the same text

    def identity(self) -> dict[str, Any] | None:
        return None  # fast and deterministic: never cached


def _rules(options: RewriteOptions) -> Backend:
    return OfflineBackend(unsafe=options.unsafe_fixes)


def _openai(options: RewriteOptions) -> Backend:
    from persona.rewrite.llm import OpenAIBackend

    return OpenAIBackend.from_options(options)


def _fake(options: RewriteOptions) -> Backend:
    from persona.rewrite.fake import FakeBackend

    return FakeBackend.from_options(options)


register_backend("rules", _rules)
register_backend("openai", _openai)
register_backend("fake", _fake)
