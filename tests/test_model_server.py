"""The model path against a real model: SmolLM2-135M-Instruct on llama.cpp's OpenAI-compatible server.

This model is weak: it drops links, copies the few-shot examples, answers in the wrong
language. That is the point. Whatever it answers, persona must never report a clean
result for an answer that lost the message's facts or switched its language (no false
pass), and every call is bounded in time. The oracle here is written independently of
persona's own detail finders: the facts of each case are listed by hand.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from persona.loader import PersonaStore
from persona.rewrite.llm import BackendError, OpenAIBackend
from persona.rewrite.prompts import PROMPT_BUDGET, build_messages
from persona.rewrite.service import RewriteOptions, Rewriter
from persona.rewrite.types import Request
from tests.model_server import gguf_path

pytestmark = pytest.mark.model

REPO = Path(__file__).resolve().parent.parent
SECRET = "sk-model-test-SECRET-9f8e7d6c5b4a"
TIMEOUT = 240.0  # seconds for one answer: generous for 2 busy cores, still a bound


@dataclass(frozen=True)
class Case:
    persona: str
    message: str
    facts: tuple[str, ...]  # what any faithful rewrite must still contain
    lang: str
    channel: str | None = "x"


CASES = [
    Case("legal", "Customers can now book notary appointments on https://najiz.sa. For enquiries call 1950.",
         ("https://najiz.sa", "1950"), "en"),
    Case("legal", "يسرنا أن نعلن لعملائنا أن خدمة إصدار الوكالة متاحة الآن عبر https://najiz.sa وللاستفسار اتصلوا على 1950",
         ("https://najiz.sa", "1950"), "ar"),
    Case("entertainment", "موسم الرياض بدأ! احجزوا تذاكركم من https://riyadhseason.com قبل ١٥ نوفمبر 2025",
         ("https://riyadhseason.com", "15", "2025"), "ar"),
    Case("education", "Hey parents!! Registration for the new school year opens on 20 August 2025 at "
         "https://noor.moe.gov.sa, questions? call 1965", ("20", "2025", "https://noor.moe.gov.sa", "1965"), "en"),
    Case("culture", "قال تعالى ﴿وَقُل رَّبِّ زِدْنِي عِلْمًا﴾ ومعرض الرياض الدولي للكتاب يفتح أبوابه يوم 1 أكتوبر "
         "لمدة 10 أيام، التفاصيل على https://www.moc.gov.sa", ("وَقُل رَّبِّ زِدْنِي عِلْمًا", "1", "10",
                                                          "https://www.moc.gov.sa"), "ar"),
]

_ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def normalised(text: str) -> str:
    return text.translate(_ARABIC_INDIC).replace("٬", "").casefold()


def keeps(text: str, fact: str) -> bool:
    """The oracle: ``fact`` appears in ``text`` (digits in either script; a number as a whole number)."""
    fact, text = normalised(fact), normalised(text)
    if fact.isdigit():
        return re.search(rf"(?<!\d){fact}(?!\d)", text) is not None
    return fact.rstrip("/") in text


def language(text: str) -> str | None:
    """The oracle's language: the script most letters are in, links left out."""
    prose = re.sub(r"https?://\S+", " ", text)
    arabic = len(re.findall("[\u0600-\u06ff]", prose))
    latin = len(re.findall("[A-Za-z]", prose))
    if arabic + latin < 12:
        return None
    return "ar" if arabic > latin else "en"


@pytest.fixture(scope="module")
def store() -> PersonaStore:
    return PersonaStore.discover([REPO / "personas"])


@pytest.fixture
def model_env(model_server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    env = {**model_server.env(SECRET), "PERSONA_CACHE_DIR": str(tmp_path / "cache")}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


def options(**overrides: object) -> RewriteOptions:
    settings: dict[str, object] = {"backend": "openai", "cache": False, "timeout": TIMEOUT, "retries": 0,
                                   "max_repairs": 1, "seed": 42, "temperature": 0.2}
    settings.update(overrides)
    return RewriteOptions(**settings)  # type: ignore[arg-type]


def recording(opts: RewriteOptions) -> tuple[OpenAIBackend, list[list[dict[str, str]]]]:
    """The real OpenAI backend, keeping a copy of every conversation it sends."""
    backend = OpenAIBackend.from_options(opts)
    sent: list[list[dict[str, str]]] = []
    send = backend.send

    def keep(messages, max_tokens=None):  # type: ignore[no-untyped-def]
        sent.append([dict(m) for m in messages])
        return send(messages, max_tokens)

    backend.send = keep  # type: ignore[method-assign]
    return backend, sent


# -- prompt size, measured with the model's own tokenizer and chat template -------------------------


def test_every_sample_prompt_fits_the_budget(store, model_env, model_server):
    from llama_cpp import Llama
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    from persona.check.engine import check_text

    tokenizer = Llama(model_path=str(gguf_path()), vocab_only=True, verbose=False)
    formatter = Jinja2ChatFormatter(tokenizer.metadata["tokenizer.chat_template"],
                                    eos_token="<|im_end|>", bos_token="<|im_start|>")
    sizes: dict[tuple[str, str, str | None], int] = {}
    for persona_id in store.ids():
        persona = store.get(persona_id)
        for case in CASES:
            for channel, intent in (("x", "service"), (None, None)):
                findings = tuple(check_text(persona, case.message, channel=channel, intent=intent).findings)
                request = Request(case.message, persona, channel or persona.default_channel, intent, None, findings)
                prompt = formatter(messages=build_messages(_templates(), request)).prompt
                size = len(tokenizer.tokenize(prompt.encode("utf-8"), add_bos=False, special=True))
                key = (persona_id, case.lang, intent)
                sizes[key] = max(size, sizes.get(key, 0))
    largest = max(sizes, key=sizes.__getitem__)
    print(f"\nprompt tokens (SmolLM2 tokenizer, chat template): largest {sizes[largest]} for {largest}; "
          + ", ".join(f"{k[0]}/{k[1]}/{k[2] or '-'}={v}" for k, v in sorted(sizes.items(), key=str)))
    assert sizes[largest] <= PROMPT_BUDGET

    # the server counts the same prompt the same way (one real request, one token of answer)
    import openai

    persona_id, _lang, intent = largest
    case = max((c for c in CASES if c.lang == _lang), key=lambda c: len(c.message))
    persona = store.get(persona_id)
    findings = tuple(check_text(persona, case.message, channel="x", intent=intent).findings)
    messages = build_messages(_templates(), Request(case.message, persona, "x", intent, None, findings))
    client = openai.OpenAI(base_url=model_server.url, api_key="local", timeout=TIMEOUT, max_retries=0)
    usage = client.chat.completions.create(model="smollm2", messages=messages, max_tokens=1).usage
    assert usage is not None and usage.prompt_tokens <= PROMPT_BUDGET


def _templates():  # type: ignore[no-untyped-def]
    from persona.rewrite.prompts import Templates

    return Templates()


# -- the whole loop ---------------------------------------------------------------------------------


def test_the_loop_runs_in_json_mode_and_repairs(store, model_env):
    opts = options(repair_on="suggestion", max_repairs=1)
    backend, sent = recording(opts)
    case = CASES[0]
    result = Rewriter(opts, backend=backend).rewrite(store.get(case.persona), case.message, channel="x")
    # llama.cpp refuses OpenAI's json_schema form and takes its own json_object + schema form
    assert backend.client.response_format == "json_object"
    assert all(not a.lstrip().startswith('{"text"') for a in result.attempts)  # the JSON was read
    assert 1 <= len(result.attempts) == len(sent) <= 2
    if len(sent) == 2:  # the first answer had findings: the repair names them, with their spans
        repair = sent[1][-1]["content"]
        assert "smallest edit" in repair and ("at characters" in repair or "[meaning." in repair)
        assert sent[1][-2] == {"role": "assistant", "content": result.attempts[0]}
    assert result.accepted or result.text == case.message


def test_a_call_that_cannot_answer_in_time_is_one_clear_error(store, model_env):
    case = CASES[1]
    with pytest.raises(BackendError, match=r"no answer within 0\.05 s") as caught:
        Rewriter(options(timeout=0.05)).rewrite(store.get(case.persona), case.message, channel="x")
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.persona}-{c.lang}")
def test_no_false_pass(store, model_env, case: Case):
    result = Rewriter(options()).rewrite(store.get(case.persona), case.message, channel=case.channel)
    assert all(keeps(case.message, fact) for fact in case.facts)  # the oracle reads the case right
    errors = [f for f in result.findings if f.severity == "error"]
    if result.accepted:
        lost = [fact for fact in case.facts if not keeps(result.text, fact)]
        assert not lost, f"accepted an answer that lost {lost}: {result.text!r}"
        assert language(result.text) in (case.lang, None), f"accepted a switch of language: {result.text!r}"
    else:
        assert result.text == case.message and result.score == 0 and errors
    if result.score == 100:
        assert result.accepted and not result.findings


def test_the_cli_never_exits_clean_on_a_lost_answer_and_never_prints_the_key(model_env, persona_exe, tmp_path):
    case = CASES[3]
    done = persona_exe("rewrite", case.message, "--as", case.persona, "--backend", "openai", "--format", "json",
                       "--timeout", str(TIMEOUT), "--retries", "0", "--max-repairs", "1", "--seed", "7",
                       "--fail-on", "error", env=model_env, timeout=600)
    assert done.code in (0, 1), done.stderr
    assert SECRET not in done.stdout + done.stderr
    result = json.loads(done.stdout)["results"][0]
    if done.code == 0:  # reported clean: then it must have kept every fact and the language
        assert result.get("accepted", True)
        assert all(keeps(result["text"], fact) for fact in case.facts), result["text"]
        assert language(result["text"]) in (case.lang, None), result["text"]
    else:
        assert result["score"] < 100
    for entry in Path(model_env["PERSONA_CACHE_DIR"]).rglob("*"):
        if entry.is_file():
            assert SECRET not in entry.read_text(encoding="utf-8", errors="replace")
