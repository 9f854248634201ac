"""The meaning gate's entry point: a rewrite checked against its original with the meaning rules.

The rules themselves live in :mod:`persona.check.meaning` (registered like every rule, so
``persona rules`` lists them); this module runs them through the engine. Kept apart so that
no rule module imports the engine, which imports the registry, which imports the rules.
"""

from __future__ import annotations

from collections.abc import Iterable

from persona.check.engine import check_draft
from persona.check.meaning import meaning_rules
from persona.check.types import Draft, Finding
from persona.model import Persona

__all__ = ["meaning_findings"]


def meaning_findings(
    persona: Persona,
    source: str,
    rewrite: str,
    *,
    lang: str | None = None,
    dropped: Iterable[str] = (),
    channel: str | None = None,
    intent: str | None = None,
) -> list[Finding]:
    """The meaning gate's findings for ``rewrite`` of ``source`` (offsets into ``rewrite``).

    ``lang``: the language asked for (a translation); None: the source's. ``dropped``: clauses
    the rewriter removed whole to fit the channel (their details are not required).
    """
    draft = Draft(text=rewrite, source="rewrite", channel=channel, intent=intent, original=source, lang=lang,
                  dropped=tuple(dropped))
    return check_draft(persona, draft, meaning_rules()).findings
