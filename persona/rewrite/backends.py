"""The registry of rewrite backends, the offline one, and the base every chat model shares.

``--backend NAME`` looks a factory up here; a factory builds the backend from the run's
options. Three are registered: ``rules`` (offline, deterministic), ``openai`` (any
OpenAI-compatible endpoint, :mod:`persona.rewrite.llm`) and ``fake`` (a scripted chat model
that records what it was sent, :mod:`persona.rewrite.fake`, for tests and demos). Heavy
modules (``openai``, ``jinja2``) are imported only by the factory that needs them.

:class:`ChatBackend` is the model side of the protocol: it compiles the prompts
(:mod:`persona.rewrite.prompts`) and leaves only ``send`` (one conversation → one answer) to
the concrete backend, so the real endpoint and the fake one build exactly the same requests.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from persona.check.types import Finding
from persona.errors import UserError
from persona.rewrite.types import Attempt, Backend, Candidate, Request

if TYPE_CHECKING:
    from persona.rewrite.prompts import Message, Templates
    from persona.rewrite.service import RewriteOptions

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

    def prepare(self) -> None:
        return None

    def answer(self, request: Request) -> Candidate:
        from persona.rewrite.rules import rewrite_offline

        result = rewrite_offline(request.persona, request.message, channel=request.channel,
                                 intent=request.intent)
        return Candidate(result.text, tuple(result.changes), tuple(getattr(result, "dropped", ())))

    def repair(self, request: Request, last: Attempt, findings: Sequence[Finding]) -> Candidate | None:
        return None  # deterministic: asking again gives the same text

    def identity(self) -> dict[str, Any] | None:
        return None  # fast and deterministic: never cached


# -- chat models --------------------------------------------------------------------------------


class ChatBackend:
    """A chat model: prompts built from the persona and the checker's findings; ``send`` is the rest."""

    name = "chat"
    concurrent = True

    def __init__(self, templates: Templates) -> None:
        self.templates = templates

    def send(self, messages: Sequence[Message]) -> str:
        """The model's cleaned answer to one conversation."""
        raise NotImplementedError

    def prepare(self) -> None:
        self.templates.sources()

    def answer(self, request: Request) -> Candidate:
        from persona.rewrite.prompts import build_messages

        return Candidate(self.send(build_messages(self.templates, request)))

    def repair(self, request: Request, last: Attempt, findings: Sequence[Finding]) -> Candidate | None:
        from persona.rewrite.prompts import repair_messages

        return Candidate(self.send(repair_messages(self.templates, request, last.text, findings)))

    def identity(self) -> dict[str, Any] | None:
        return {"backend": self.name, "templates": self.templates.sources()}


def _rules(options: RewriteOptions) -> Backend:
    return OfflineBackend()


def _openai(options: RewriteOptions) -> Backend:
    from persona.rewrite.llm import OpenAIBackend

    return OpenAIBackend.from_options(options)


def _fake(options: RewriteOptions) -> Backend:
    from persona.rewrite.fake import FakeBackend

    return FakeBackend.from_options(options)


register_backend("rules", _rules)
register_backend("openai", _openai)
register_backend("fake", _fake)
