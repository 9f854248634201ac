""""One message, every voice": a sample message rewritten into each persona.

Uses the offline rewriter (:func:`persona.rewrite.rules.rewrite_offline`). When it
is not available, :func:`rewrite_everywhere` returns ``None`` and the guide leaves
the page out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from persona.model import Persona

SAMPLE_INTENT = "service"
SAMPLE_CHANNEL = "x"

# Written to trip many rules at once: a sales word, a memo opener, "!!", an emoji,
# a request to print and visit, and a retired phone number.
SAMPLE_MESSAGES: dict[str, str] = {
    "ar": "عملاءنا الأعزاء!! نحيطكم علمًا بإطلاق خدمة تجديد الرخص أونلاين 🎉 "
    "يرجى طباعة النموذج وزيارة مكتبنا، أو الاتصال على 920001900.",
    "en": "Dear customers!! Please be advised that we've launched online licence renewal 🎉 "
    "Kindly print the form and visit our office, or call 920001900.",
}


@dataclass(slots=True)
class VoiceSample:
    persona: Persona
    text: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (rule, from, to)
    score: int | None = None
    findings: list[tuple[str, str]] = field(default_factory=list)  # (rule, message)
    error: str | None = None


def _rewriter() -> Callable[..., Any] | None:
    try:
        from persona.rewrite.rules import rewrite_offline
    except ImportError:
        return None
    return rewrite_offline


def rewrite_everywhere(personas: Sequence[Persona], message: str,
                       warn: Callable[[str], None] | None = None) -> list[VoiceSample] | None:
    """``message`` in each persona's voice, or None when the offline rewriter is missing."""
    rewrite = _rewriter()
    if rewrite is None:
        return None
    return [_one(rewrite, persona, message, warn) for persona in personas]


def _one(rewrite: Callable[..., Any], persona: Persona, message: str,
         warn: Callable[[str], None] | None) -> VoiceSample:
    channel = SAMPLE_CHANNEL if persona.channel(SAMPLE_CHANNEL) else next(iter(persona.channels), None)
    try:
        result = rewrite(persona, message, channel=channel, intent=SAMPLE_INTENT)
    except Exception as exc:  # one persona's failure must not take the guide down
        if warn:
            warn(f"guide: the offline rewriter failed for persona {persona.id!r}: {exc}")
        return VoiceSample(persona, error=str(exc))
    return VoiceSample(
        persona,
        text=result.text,
        changes=[(c.rule, c.from_, c.to) for c in result.changes],
        score=result.score,
        findings=[(f.rule, f.message) for f in result.findings],
    )
