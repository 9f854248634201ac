""":class:`ChatBackend`, the model side of the backend protocol, shared by every chat model.

It compiles the prompts (:mod:`persona.rewrite.prompts`) and leaves only ``send`` (one
conversation → one answer) to the concrete backend (:mod:`persona.rewrite.llm`,
:mod:`persona.rewrite.fake`), so the real endpoint and the fake one build exactly the same
requests.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from persona.check.types import Finding
from persona.rewrite.types import Attempt, Candidate, Request

if TYPE_CHECKING:
    from persona.rewrite.prompts import Message, Templates

__all__ = ["ChatBackend", "answer_tokens"]


class ChatBackend:
    """A chat model: prompts built from the persona and the checker's findings; ``send`` is the rest."""

    name = "chat"
    concurrent = True

    def __init__(self, templates: Templates) -> None:
        self.templates = templates

    def send(self, messages: Sequence[Message], max_tokens: int | None = None) -> str:
        """The model's cleaned answer to one conversation, at most ``max_tokens`` long."""
        raise NotImplementedError

    def prepare(self) -> None:
        self.templates.sources()

    def answer(self, request: Request) -> Candidate:
        from persona.rewrite.prompts import build_messages

        return Candidate(self.send(build_messages(self.templates, request), answer_tokens(request.message)))

    def repair(self, request: Request, last: Attempt, findings: Sequence[Finding]) -> Candidate | None:
        from persona.rewrite.prompts import repair_messages

        messages = repair_messages(self.templates, request, last.text, findings)
        return Candidate(self.send(messages, answer_tokens(request.message)))

    def identity(self) -> dict[str, Any] | None:
        return {"backend": self.name, "templates": self.templates.sources()}


def answer_tokens(message: str) -> int:
    """How long an answer may be, in tokens: a rewrite is about as long as its message.

    Two tokens a character (Arabic costs up to one token a character in small models'
    vocabularies, JSON adds a few), 128 at least, 600 at most: this bounds the time of one
    answer too, when a weak model rambles.
    """
    return max(128, min(600, 2 * len(message) + 64))
