"""An explainable formality estimate, 1 (casual) to 5 (very formal), Arabic and English.

The estimate starts from a neutral 3 and moves with evidence the writer can see:

* down: informal markers (slang, casual greetings, Gulf dialect words), English
  contractions, emoji, exclamation marks, a chatty share of pronouns — except
  what the persona's own policy allows (its emoji allowance, its exclamation
  marks and contractions when permitted);
* up: formal markers (the stiff side of the built-in "warm" register pairs,
  such as "we are pleased to announce" or «يسرنا أن نعلن»), long sentences.

Only evidence counts: a draft with no signal either way, or with a single
weak one (one exclamation mark, one emoji), has no estimate (``None``), and the
checker does not flag it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

NEUTRAL = 3.0
WEIGHTS = {
    "informal word": -1.0,
    "contraction": -0.5,
    "emoji": -0.5,
    "exclamation": -0.5,
    "chatty pronouns": -0.5,
    "formal phrase": 1.0,
    "long sentences": 0.5,
}
_CHATTY_PRONOUNS = frozenset({"you", "your", "you're", "i", "me", "my", "guys", "انت", "انتم", "إنت", "إنتم"})
LONG_SENTENCE_WORDS = 18
# Below this much weighted evidence there is no estimate: a lone "!" or emoji is
# already its own finding and says little about the register.
MIN_EVIDENCE = 1.0
# Counted signals weigh in full in a post of up to this many words; in a longer text
# each weighs by the share of the text it covers (one greeting in a 120-word formal
# reply weighs a quarter: it does not make the reply casual).
REFERENCE_WORDS = 30
#: Arabic labels of the uncounted signals; counted ones agree with their number
#: (:func:`persona.check.messages.count_ar`: «كلمتان عاميتان», «رمزان تعبيريان»).
_LABELS_AR = {"chatty pronouns": "ضمائر مخاطبة كثيرة", "long sentences": "جمل طويلة"}
_NOUNS_AR = {"emoji": "emoji signal"}
_COUNTED = ("informal word", "contraction", "emoji", "exclamation", "formal phrase")
#: Every signal, the counted ones first, in the order their weights add up and they are explained.
_SIGNALS = (*_COUNTED, "chatty pronouns", "long sentences")
_N_COUNTED = len(_COUNTED)
_WEIGHTS = tuple(WEIGHTS[name] for name in _SIGNALS)
_ABS_WEIGHTS = tuple(abs(w) for w in _WEIGHTS)


@dataclass
class Estimate:
    value: int | None
    signals: dict[str, int] = field(default_factory=dict)

    def explain(self, lang: str = "en") -> str:
        """"2 informal words, 1 emoji" (or «كلمتان عاميتان»-style Arabic) — the evidence behind the estimate."""
        parts = []
        for name, count in self.signals.items():
            if not count:
                continue
            if lang == "ar":
                from persona.check.messages import count_ar

                parts.append(_LABELS_AR[name] if name in _LABELS_AR else count_ar(count, _NOUNS_AR.get(name, name)))
                continue
            label = name if count == 1 or name.endswith("s") else name + "s"
            parts.append(f"{count} {label}")
        return ("، " if lang == "ar" else ", ").join(parts)


def estimate(
    *,
    informal: int,
    contractions: int,
    emoji: int,
    exclamations: int,
    formal: int,
    words: list[str],
    sentences: int,
) -> Estimate:
    """Combine the counted signals into a 1–5 estimate (None without evidence).

    ``words``: the words of the text; ``sentences``: how many sentences hold them.
    """
    chatty = int(_chatty(words))
    long = int(_long_sentences(len(words), sentences))
    if not (informal or contractions or emoji or exclamations or formal or chatty or long):
        return Estimate(None, {})  # no evidence at all (the common case of a plain formal post)
    counts = (informal, contractions, min(emoji, 3), min(exclamations, 3), formal, chatty, long)  # _SIGNALS' order
    share = min(1.0, REFERENCE_WORDS / len(words)) if words else 1.0
    weighted = [count * share for count in counts[:_N_COUNTED]] + [count * 1.0 for count in counts[_N_COUNTED:]]
    weight = sum([w * value for w, value in zip(_ABS_WEIGHTS, weighted, strict=True)])
    if weight < MIN_EVIDENCE:
        return Estimate(None, {})
    score = NEUTRAL + sum([w * value for w, value in zip(_WEIGHTS, weighted, strict=True)])
    signals = dict(zip(_SIGNALS, counts, strict=True))
    return Estimate(max(1, min(5, math.floor(score + 0.5))), signals)  # half rounds up, not to even


def _chatty(words: list[str]) -> bool:
    if len(words) < 6:
        return False
    pronouns = sum(map(_CHATTY_PRONOUNS.__contains__, map(str.lower, words)))
    return pronouns / len(words) > 0.12


def _long_sentences(words: int, sentences: int) -> bool:
    """Is the mean sentence long? (Never when there are fewer words than a long sentence has:
    the prose then need not be split into sentences.)"""
    return sentences > 0 and words >= LONG_SENTENCE_WORDS and words / sentences >= LONG_SENTENCE_WORDS
