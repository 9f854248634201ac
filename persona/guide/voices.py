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

# A launch post with what every voice fixes its own way: a doubled exclamation mark and two
# emoji (kept by the casual voices, dropped or cut down by the formal ones), English
# contractions, the government base's retired portal link and 92 number, and, in English, memo
# words (utilize, prior to). Chosen by running the offline rewriter on candidates: on the
# sample personas every voice scores 100 after (56–77 before), with nothing left to flag. A
# message full of what only a writer can fix (claims it contradicts, words with no safe
# replacement) would show the rewriter at its weakest instead.
SAMPLE_MESSAGES: dict[str, str] = {
    "ar": "أطلقنا خدمة تجديد الرخص إلكترونيًا!! 🎉🎉 قدّموا طلباتكم عبر https://www.saudi.gov.sa "
    "وللاستفسار اتصلوا على 920001900",
    "en": "We've launched online licence renewal!! 🎉🎉 Don't wait: utilize https://www.saudi.gov.sa "
    "prior to the expiry date, or call 920001900 for help.",
}


@dataclass(slots=True)
class VoiceSample:
    persona: Persona
    text: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (rule, from, to)
    score: int | None = None
    score_before: int | None = None  # the checker's score of the message as sent
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
        score_before=_score(persona, message, channel),
        findings=[(f.rule, f.message) for f in result.findings],
    )


def _score(persona: Persona, message: str, channel: str | None) -> int | None:
    """The checker's score of the unchanged message, or None without a checker."""
    try:
        from persona.check.engine import check_text
    except ImportError:
        return None
    return check_text(persona, message, channel=channel, intent=SAMPLE_INTENT).score
