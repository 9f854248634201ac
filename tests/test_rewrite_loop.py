"""The one check-and-repair loop, driven by the fake backend (scripted answers, recorded requests, no HTTP)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from persona.errors import UserError
from persona.loader import PersonaStore
from persona.rewrite.backends import backend_names, create_backend
from persona.rewrite.fake import FakeBackend
from persona.rewrite.service import RewriteOptions, Rewriter
from persona.rewrite.types import Rewrite
from tests.chat_server import ChatServer, Reply

REPO = Path(__file__).resolve().parent.parent
ARABIC = "يسرنا أن نعلن لعملائنا أن خدمة إصدار الوكالة متاحة الآن عبر https://najiz.sa وللاستفسار اتصلوا على 1950"
FAITHFUL_AR = "يسرنا أن نعلن للمستفيدين أن خدمة إصدار الوكالة متاحة الآن عبر https://najiz.sa، وللاستفسار يُرجى الاتصال على 1950."
ENGLISH = "Customers can now issue a power of attorney on https://najiz.sa. For enquiries call 1950."
FAITHFUL_EN = "Beneficiaries can now issue a power of attorney on https://najiz.sa. For enquiries, call 1950."


@pytest.fixture(scope="module")
def legal():
    return PersonaStore.discover([REPO / "personas"]).get("legal")


def run(persona, message: str, script, **options) -> tuple[Rewrite, FakeBackend]:
    fake = FakeBackend(script)
    settings = {"backend": "fake", "cache": False, **options}
    result = Rewriter(RewriteOptions(**settings), backend=fake).rewrite(persona, message, channel="x")
    return result, fake


def test_the_registry_knows_every_backend():
    assert {"rules", "openai", "fake"} <= set(backend_names())
    assert create_backend(RewriteOptions(backend="fake")).name == "fake"
    with pytest.raises(UserError, match=r"unknown backend 'gpt'.*rules"):
        Rewriter(RewriteOptions(backend="gpt"))


def test_a_clean_faithful_answer_is_taken_at_once(legal):
    result, fake = run(legal, ENGLISH, [FAITHFUL_EN])
    assert result.accepted and result.text == FAITHFUL_EN
    assert len(fake.requests) == 1 and result.attempts == [FAITHFUL_EN]
    assert fake.max_tokens == [2 * len(ENGLISH) + 64]  # the answer is bounded by the message's length
    assert not [f for f in result.findings if f.rule.startswith("meaning.")]
    assert {c.rule for c in result.changes} >= {"vocabulary.prefer"}


def test_a_json_answer_is_read_as_its_text(legal):
    result, _ = run(legal, ENGLISH, [json.dumps({"text": FAITHFUL_EN})])
    assert result.text == FAITHFUL_EN


def test_the_repair_round_names_each_finding_with_its_span_and_fix(legal):
    broken = "Dear customers, beneficiaries can now issue a power of attorney on https://najiz.sa. For enquiries, call 1950."
    result, fake = run(legal, ENGLISH, [broken, FAITHFUL_EN])
    assert result.attempts == [broken, FAITHFUL_EN] and result.text == FAITHFUL_EN
    repair = fake.requests[1]
    assert repair[-2] == {"role": "assistant", "content": broken}
    ask = repair[-1]["content"]
    start = broken.index("customers")
    assert f'[vocabulary.prefer, warning] at characters {start}-{start + 9}, "customers"' in ask
    assert 'Fix: replace "customers" with "beneficiaries"' in ask
    assert "smallest edit" in ask
    assert fake.requests[0] == repair[:-2]  # the same conversation, then the attempt and the repair


def test_warnings_are_repaired_by_default(legal):
    dialect = "وش رايكم؟ " + FAITHFUL_AR  # voice.informal is a warning
    result, fake = run(legal, ARABIC, [dialect, FAITHFUL_AR])
    assert len(fake.requests) == 2 and result.text == FAITHFUL_AR
    only_errors, fake = run(legal, ARABIC, [dialect, FAITHFUL_AR], repair_on="error")
    assert len(fake.requests) == 1 and only_errors.text == dialect


def test_an_answer_that_lost_the_message_is_never_best(legal):
    thanks = "شكرًا لكم."  # clean by every persona rule, but the link and the number are gone
    with_warning = "وش رايكم؟ " + FAITHFUL_AR
    result, _ = run(legal, ARABIC, [with_warning, thanks, thanks])
    assert result.accepted and result.text == with_warning
    assert result.score < 100


def test_no_acceptable_rewrite_keeps_the_original_and_never_scores_100(legal):
    thanks = "شكرًا لكم."
    result, fake = run(legal, ARABIC, [thanks, thanks, thanks])
    assert len(fake.requests) == 3  # the answer and two repairs
    assert not result.accepted and result.text == ARABIC and result.rejected == thanks
    assert result.score == 0
    assert any(f.rule == "meaning.lost" for f in result.findings)
    document = result.to_json()
    assert document["accepted"] is False and document["score"] == 0 and document["text"] == ARABIC
    # the repair asked the model to restore what it lost, naming it
    assert "https://najiz.sa" in fake.requests[1][-1]["content"] and "1950" in fake.requests[1][-1]["content"]


def test_a_switch_of_language_is_rejected_unless_asked(legal):
    result, _ = run(legal, ARABIC, [FAITHFUL_EN] * 3)
    assert not result.accepted and any(f.rule == "meaning.language" for f in result.findings)
    translated, fake = run(legal, ARABIC, [FAITHFUL_EN], lang="en")
    assert translated.accepted and translated.text == FAITHFUL_EN
    assert "Write in English" in fake.requests[0][0]["content"]


def test_the_message_prompt_is_real_arabic_and_carries_the_checker_findings(legal):
    _, fake = run(legal, ARABIC, [FAITHFUL_AR])
    conversation = fake.requests[0]
    sent = "\n".join(m["content"] for m in conversation)
    assert "\\u0" not in sent and "\"نضمن\"" in sent and "وزارة العدل" in sent
    assert '"لعملائنا" → "لمستفيدينا"' in conversation[-1]["content"]
    assert conversation[-1]["content"].endswith(f"<message>\n{ARABIC}\n</message>")


def test_the_rules_backend_runs_through_the_same_loop_once(legal):
    result = Rewriter(RewriteOptions(backend="rules")).rewrite(legal, ENGLISH, channel="x")
    assert result.backend == "rules" and result.attempts == [result.text] and result.accepted
    assert "Beneficiaries" in result.text and "https://najiz.sa" in result.text and "1950" in result.text


def test_a_rewrite_never_checked_scores_0():
    assert Rewrite(persona="legal", backend="rules", channel="x", text="x").score == 0


def test_the_fake_backend_echoes_when_its_script_runs_out(legal):
    result, fake = run(legal, FAITHFUL_EN, [], max_repairs=0)
    assert result.text == FAITHFUL_EN and len(fake.requests) == 1


def test_the_cli_fake_backend_is_an_offline_dry_run(persona_exe):
    done = persona_exe("rewrite", FAITHFUL_EN, "--as", "legal", "--backend", "fake", "--format", "json",
                       "--no-cache")
    assert done.code == 0, done.stderr
    assert json.loads(done.stdout)["results"][0]["text"] == FAITHFUL_EN


def test_cli_no_acceptable_rewrite_exits_1_and_says_so(persona_exe, tmp_path):
    with ChatServer(lambda _r: Reply(content="شكرًا لكم.")) as server:
        env = {**server.env(), "PERSONA_CACHE_DIR": str(tmp_path / "cache")}
        shown = persona_exe("rewrite", ARABIC, "--as", "legal", "--backend", "openai", "--model", "m", env=env)
        as_json = persona_exe("rewrite", ARABIC, "--as", "legal", "--backend", "openai", "--model", "m",
                              "--format", "json", "--temperature", "0", "--seed", "7", env=env)
        bodies = [r.body for r in server.chat_requests()]
    assert shown.code == 1 and "no acceptable rewrite" in shown.stdout
    assert "meaning.lost" in shown.stdout and ARABIC in shown.stdout and "score 100" not in shown.stdout
    result = json.loads(as_json.stdout)["results"][0]
    assert as_json.code == 1 and result["accepted"] is False and result["score"] == 0 and result["text"] == ARABIC
    assert bodies[-1]["temperature"] == 0 and bodies[-1]["seed"] == 7


def test_response_format_falls_back_to_what_the_server_takes():
    from persona.rewrite.llm import ChatClient, ModelConfig

    refused = {"error": {"message": "Input should be 'text' or 'json_object' (loc: body.response_format.type)"}}
    with ChatServer() as server:
        server.script(Reply(status=422, body=refused), Reply(status=400, body=refused), Reply(content="Hello."))
        client = ChatClient(ModelConfig(model="m", base_url=server.url, api_key="k", retries=0))
        assert client.complete([{"role": "user", "content": "hi"}]) == "Hello."
        sent = [r.body.get("response_format") for r in server.chat_requests()]
    assert [f["type"] if f else None for f in sent] == ["json_schema", "json_object", None]
    assert client.response_format == "text"
