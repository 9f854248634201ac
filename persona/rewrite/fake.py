"""A scripted chat model that records what it was sent (like the mock model of simonw/llm).

It builds the same prompts as the real model backend (:class:`~persona.rewrite.chat.ChatBackend`),
so tests of the repair loop see exactly what a model would see, with no HTTP::

    fake = FakeBackend(["We guarantee it.", "Beneficiaries can apply on https://najiz.sa"])
    result = Rewriter(RewriteOptions(backend="fake"), backend=fake).rewrite(persona, message)
    fake.requests[1][-1]["content"]   # the repair round's request

Each answer is a string, or a function of the conversation returning one; when the script
runs out, ``default`` answers (by default: the message itself, unchanged, as a model that
changed nothing would). ``--backend fake`` on the command line is that echo: a dry run of the
whole loop, offline.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from persona.rewrite.chat import ChatBackend

if TYPE_CHECKING:
    from persona.rewrite.prompts import Message, Templates
    from persona.rewrite.service import RewriteOptions

Answer = str | Callable[[Sequence["Message"]], str]
_MESSAGE_BLOCK = re.compile(r"<message>\n(.*?)\n</message>", re.DOTALL)


def echo(messages: Sequence[Message]) -> str:
    """The last ``<message>`` block of the conversation (the text the model was asked to rewrite)."""
    for message in reversed(messages):
        found = _MESSAGE_BLOCK.findall(message.get("content", ""))
        if found:
            return str(found[-1])
    return str(messages[-1].get("content", ""))


class FakeBackend(ChatBackend):
    """``--backend fake``: answers from a script, records every conversation in ``requests``."""

    name = "fake"

    def __init__(
        self, script: Iterable[Answer] = (), default: Answer = echo, templates: Templates | None = None
    ) -> None:
        from persona.rewrite.prompts import Templates

        super().__init__(templates or Templates())
        self.script: deque[Answer] = deque(script)
        self.default = default
        self.requests: list[list[Message]] = []
        self.max_tokens: list[int | None] = []  # the answer length asked for, request by request
        self._lock = threading.Lock()

    @classmethod
    def from_options(cls, options: RewriteOptions) -> FakeBackend:
        from persona.rewrite.prompts import Templates

        return cls(templates=Templates(options.templates))

    def send(self, messages: Sequence[Message], max_tokens: int | None = None) -> str:
        with self._lock:
            self.requests.append([dict(m) for m in messages])
            self.max_tokens.append(max_tokens)
            answer = self.script.popleft() if self.script else self.default
        text = answer(messages) if callable(answer) else answer
        from persona.rewrite.prompts import parse_answer

        return parse_answer(text)
