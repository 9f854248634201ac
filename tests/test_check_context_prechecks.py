"""The checker's cheap pre-checks rest on facts about the draft's tokens: these tests hold them.

* the words of the sentences, one after the other, are the words of the prose, so the
  sentence lengths add up to the number of words (``voice.sentence_length`` and
  ``voice.formality`` skip splitting the prose when it has too few words to matter);
* a name cue can only be found where a whole word is one (the cue pattern runs only then);
* the word before a persona term, read backwards, is what the pattern it replaced captures.
"""

from __future__ import annotations

import re
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from persona.check.context import CompiledPersona, Context, compile_persona
from persona.check.engine import check_text
from persona.check.registry import example_persona
from persona.check.types import Draft
from persona.text import tokens

_PIECES = [*"ab c'’.!?؟…\n\r\t\u2028\x85\u00a0_1١\"”)»#@/:%İΣς",
           "\u064e", "\u0651", "\u0640", "\u200b", "\u200f", "ا", "أ", "إ", "آ", "ى", "ة", "ل", "و",
           "😀", "👍🏽", "❤", "e.g.", "Dr.", "  ", "don't", "https://x.sa/a", "We are pleased to announce",
           "المهندس", "شركة زين", "Mr. Smith", "الرئيس الصيني", "you", "!!", "﴿", "﴾", "«", "»", "a@b.sa"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


@cache
def _compiled() -> CompiledPersona:
    return compile_persona(example_persona())


@given(_TEXT)
@settings(max_examples=300, deadline=None)  # the first call compiles the patterns
def test_the_sentences_words_are_the_prose_words(text: str) -> None:
    ctx = Context(Draft(text), _compiled())
    assert [w for sentence in ctx.sentence_word_texts for w in sentence] == ctx.word_texts
    assert sum(ctx.sentence_words) == len(ctx.word_texts)
    assert ctx.word_texts == tokens.word_texts(ctx.prose)


def test_long_and_short_sentences_are_still_flagged() -> None:
    persona = example_persona({"voice": {"max_sentence_words": 5}})
    long_en = "The ministry has updated every procedure for contracts. Done."
    assert [f.rule for f in check_text(persona, long_en).findings if f.rule == "voice.sentence_length"] == [
        "voice.sentence_length"]
    assert not [f for f in check_text(persona, "Contracts are online. Done.").findings
                if f.rule == "voice.sentence_length"]
    long_ar = "حدثت الوزارة إجراءات توثيق العقود إلكترونيا عبر منصة ناجز اليوم."
    assert any(f.rule == "voice.sentence_length" for f in check_text(persona, long_ar).findings)


@given(_TEXT)
@settings(max_examples=300, deadline=None)
def test_a_name_cue_is_never_missed_by_the_word_check(text: str) -> None:
    from persona.check.swaps import _cue_re, _may_hold_a_cue
    from persona.text.normalize import fold

    folded = fold(text).text
    if _cue_re().search(folded) is not None:
        assert _may_hold_a_cue(folded)


_WORD_BEFORE = re.compile(r"([\w\u064b-\u065f]+)[\s.]*$")


@given(_TEXT, st.integers(min_value=0, max_value=400))
@settings(max_examples=500, deadline=None)
def test_the_word_before_a_term_is_the_patterns(text: str, start: int) -> None:
    from persona.check.context import _word_before

    start = min(start, len(text))
    found = _WORD_BEFORE.search(text, max(0, start - 30), start)
    assert _word_before(text, start) == (found.group(1) if found else "")
