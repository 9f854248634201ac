"""`persona check --jobs N` and the checker's fast paths: the same results as the plain way.

* Checking on several processes gives the very same output, in the same order,
  as checking in one (whole CLI on ~6,000 posts, and the library with tiny
  chunks so that every chunk boundary is exercised); failures come after the
  results of the drafts before them, exactly as in one process.
* The shortcuts the checker takes per draft (one fold for both foldings, the
  words of the prose as the words of its sentences) equal what they replace.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from persona.check import parallel
from persona.check.batch import PersonaCache, check_all
from persona.check.context import CompiledPersona, Context, compile_persona
from persona.check.engine import check_draft
from persona.check.types import Draft, Result
from persona.errors import UserError
from persona.loader import PersonaStore
from persona.model import Persona
from persona.text import tokens
from persona.text.normalize import fold, fold_letters
from tests.conftest import SAMPLES, Run, corpus

PERSONAS = ["legal", "government", "culture", "education", "entertainment"]


def _cache() -> PersonaCache:
    return PersonaCache(PersonaStore.discover([SAMPLES]))


@cache
def _legal() -> CompiledPersona:
    return compile_persona(_cache().get("legal"))


def _drafts(n: int = 400) -> list[Draft]:
    """Varied drafts: every sample persona, channels, intents, Arabic and English."""
    texts = [
        "Hey folks! Customers can now book appointments online 🎉🎉 Call 920000000!!",
        "يسرنا أن نعلن أن بإمكان العملاء الآن حجز المواعيد إلكترونيًا https://www.moj.gov.sa/services",
        "I can't wait. Please print the form and visit our office. #Justice #Saudi #Riyadh",
        "وش رايكم؟ ابغى أقولكم إن التسجيل صار أسهل 👍 للاستفسار اتصل على ٩٢٠٠٠٠٠٠٠",
        "The ministry has updated the procedures for registering contracts online. " * 5,
        "Details: https://bit.ly/3xYzAbc and @FakeMoj\nSecond line.\r\nThird line!",
    ]
    channels = [None, "x", "instagram", "tiktok"]
    intents = [None, "service", "inquiry_reply", "advert"]
    return [Draft(text=texts[i % len(texts)] + f" {i}", source=f"posts.jsonl#{i}",
                  persona=PERSONAS[i % len(PERSONAS)], channel=channels[i % 4], intent=intents[(i // 4) % 4])
            for i in range(n)]


def _copy(drafts: list[Draft]) -> list[Draft]:
    return [Draft(d.text, d.source, d.persona, d.channel, d.intent) for d in drafts]


def _json(results: list[Result]) -> list[dict[str, object]]:
    return [r.to_json() | {"text": r.text} for r in results]


def _tiny(drafts: list[Draft], cache: PersonaCache, **kw: object) -> Iterator[Result]:
    """check_all on 2 processes with tiny thresholds and chunks (every boundary is crossed)."""
    def resolve(draft: Draft) -> Persona:
        draft.persona = kw.get("persona_id") or draft.persona  # type: ignore[assignment]
        if draft.persona is None:
            raise UserError.one("no persona", file=draft.source)
        return cache.get(draft.persona, draft.source)

    return parallel.check_parallel(drafts, resolve, jobs=2, check=check_draft, threshold=10, chunk_size=7)


# -- the whole command ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_jobs_output_equals_serial_output(persona_exe: Callable[..., Run], tmp_path: Path, fmt: str) -> None:
    posts = corpus(6_000, tmp_path)  # above the threshold: the pool is used
    args = ["check", str(posts), "--as", "legal", "--channel", "x", "--format", fmt, "--personas", str(SAMPLES)]
    serial = persona_exe(*args, "--jobs", "1", timeout=300)
    pooled = persona_exe(*args, "--jobs", "2", timeout=300)
    assert serial.code == pooled.code == 1
    assert pooled.stdout == serial.stdout
    if fmt == "json":
        results = json.loads(pooled.stdout)["results"]
        assert [r["source"] for r in results] == [f"{posts}#p{i:07d}" for i in range(6_000)]


def test_jobs_must_be_positive(persona_exe: Callable[..., Run], tmp_path: Path) -> None:
    run = persona_exe("check", str(corpus(3, tmp_path)), "--as", "legal", "--jobs", "0")
    assert run.code == 2 and "--jobs" in run.stderr


# -- the library --------------------------------------------------------------------------


def test_pool_gives_serial_results_in_order() -> None:
    cache = _cache()
    drafts = _drafts()
    serial = list(check_all(_copy(drafts), cache, jobs=1))
    pooled = list(_tiny(_copy(drafts), cache))
    assert _json(pooled) == _json(serial)
    assert [r.source for r in pooled] == [d.source for d in drafts]


def test_check_all_with_jobs_equals_serial(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "THRESHOLD", 50)
    monkeypatch.setattr(parallel, "CHUNK_SIZE", 13)
    cache = _cache()
    drafts = _drafts(300)
    serial = list(check_all(_copy(drafts), cache, persona_id="culture", channel="x", intent="service"))
    pooled = list(check_all(_copy(drafts), cache, persona_id="culture", channel="x", intent="service", jobs=2))
    assert _json(pooled) == _json(serial)


def test_small_inputs_start_no_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("no pool for small inputs")

    monkeypatch.setattr(parallel, "_pooled", refuse)
    cache = _cache()
    drafts = _drafts(parallel.THRESHOLD)
    assert len(list(check_all(drafts, cache, jobs=4))) == parallel.THRESHOLD


def test_unknown_persona_fails_after_the_results_before_it() -> None:
    cache = _cache()
    drafts = _drafts(100)
    drafts[57].persona = "nosuch"
    got: list[Result] = []
    with pytest.raises(UserError) as failure:
        for result in _tiny(drafts, cache):
            got.append(result)
    assert [r.source for r in got] == [d.source for d in drafts[:57]]
    assert "nosuch" in str(failure.value.problems[0])


def test_read_failure_fails_after_the_results_before_it() -> None:
    cache = _cache()
    drafts = _drafts(60)

    def reading() -> Iterator[Draft]:
        yield from drafts[:45]
        raise UserError.one("invalid JSON", file="posts.jsonl", line=46)

    got: list[Result] = []
    with pytest.raises(UserError, match="invalid JSON"):
        for result in _tiny(reading(), cache):  # type: ignore[arg-type]
            got.append(result)
    assert [r.source for r in got] == [d.source for d in drafts[:45]]


def test_failure_before_the_threshold_comes_after_the_results_before_it() -> None:
    cache = _cache()

    def reading() -> Iterator[Draft]:
        yield from _drafts(5)
        raise UserError.one("invalid JSON", file="posts.jsonl", line=6)

    got: list[Result] = []
    with pytest.raises(UserError):
        for result in parallel.check_parallel(reading(), lambda d: cache.get(d.persona or ""), jobs=2,
                                              check=check_draft, threshold=10):
            got.append(result)
    assert len(got) == 5


# -- fast paths ---------------------------------------------------------------------------

_PIECES = [*"ab c'’.!?؟…\n\r\t\u2028\x85\u00a0_1١\"”)»#@/:%İΣς",
           "\u064e", "\u0651", "\u0640", "\u200b", "\u200f", "ا", "أ", "إ", "آ", "ى", "ة", "ل", "و",
           "😀", "👍🏽", "❤", "e.g.", "Dr.", "  ", "don't", "https://x.sa/a"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@given(_TEXT)
def test_fold_letters_equals_folding_with_letters(text: str) -> None:
    assert fold_letters(fold(text, letters=False)) == fold(text, letters=True)


@given(_TEXT)
def test_words_of_the_sentences_are_the_words_of_the_prose(text: str) -> None:
    ctx = Context(Draft(text), _legal())
    assert ctx.word_texts == tokens.word_texts(ctx.prose) == [w.text for w in tokens.words(ctx.prose)]
    assert ctx.sentence_words == [tokens.count_words(s.text) for s in ctx.sentences]
