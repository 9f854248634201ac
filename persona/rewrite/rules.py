"""The offline rules rewriter: ``persona rewrite --backend rules`` (the default).

It applies the checker's own fixes to a fixed point, then the steps only a rewriter has
(hashtag trimming, a casual voice's warm register, channel fitting, the signature): see
:mod:`persona.rewrite.steps`. Every step is re-checked and undone when it would make the text
worse, so the rewrite never scores below its draft, keeps every number, date, link, handle,
e-mail, quotation and hashtag of the persona's, and stays in the draft's language.
"""

from __future__ import annotations

from persona.model import Persona
from persona.rewrite.steps import rewrite_document
from persona.rewrite.steps.plan import Plan, plan_for
from persona.rewrite.types import Change, Request, Rewrite

__all__ = ["Plan", "RulesBackend", "plan_for", "rewrite_offline", "rewrite_text"]


def rewrite_text(persona: Persona, message: str, channel: str | None = None, intent: str | None = None,
                 *, unsafe: bool = False) -> tuple[str, list[Change]]:
    """The rewritten text and every change made."""
    doc = rewrite_document(persona, message, channel, intent, unsafe=unsafe)
    return doc.text, doc.changes


class RulesBackend:
    """The offline, deterministic backend (``--backend rules``)."""

    name = "rules"

    def rewrite(self, request: Request) -> tuple[str, list[Change]]:
        """The message in the persona's voice and the changes made."""
        return rewrite_text(request.persona, request.message, request.channel, request.intent)


def rewrite_offline(persona: Persona, message: str, channel: str | None = None,
                    intent: str | None = None, *, unsafe: bool = False) -> Rewrite:
    """Rewrite with the rules backend; ``Rewrite.check`` is the check of the final text."""
    doc = rewrite_document(persona, message, channel, intent, unsafe=unsafe)
    return Rewrite(persona=persona.id, backend=RulesBackend.name, channel=channel, text=doc.text,
                   changes=doc.changes, check=doc.result, attempts=[doc.text], dropped=tuple(doc.dropped))
