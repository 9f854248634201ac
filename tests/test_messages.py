"""Findings speak the draft's language; --lang overrides; Arabic messages are Arabic sentences."""

from __future__ import annotations

import json
import re

import pytest

from persona.check.engine import check_text
from persona.check.formality import estimate
from persona.check.messages import DESCRIPTIONS_AR, TEMPLATES, count_ar, say
from persona.check.registry import all_rules, example_persona

_LATIN = re.compile("[A-Za-z]")


def test_every_template_has_both_languages_and_the_same_fields() -> None:
    for key, texts in TEMPLATES.items():
        assert set(texts) == {"ar", "en"}, key
        fields = lambda s: {f.replace("_ar", "") for f in re.findall(r"{(\w+)}", s)}  # noqa: E731
        assert fields(texts["ar"]) == fields(texts["en"]), key


def test_every_rule_has_an_arabic_description() -> None:
    for rule in all_rules():
        if rule.id.startswith("meaning."):
            continue  # the meaning gate's texts are its own
        assert rule.id in DESCRIPTIONS_AR, rule.id
        assert DESCRIPTIONS_AR[rule.id].endswith("."), rule.id


def test_arabic_draft_gets_arabic_messages() -> None:
    text = "أنا سعيد بخدمة العملاء! نضمن لكم الرد. وش رايكم؟ اتصلوا على 920000000"
    note = {"facts": {"retired": [{"old": "920000000", "new": "1950", "note": {"ar": "الرقم الموحد منذ ٢٠٢٤",
                                                                             "en": "Unified number since 2024"}}]}}
    result = check_text(example_persona(note), text)
    assert len(result.findings) >= 5
    for finding in result.findings:
        outside_quotes = re.sub("«[^»]*»|'[^']*'", "", finding.message)
        assert not _LATIN.search(outside_quotes.replace("X", "")), finding.message


def test_english_draft_keeps_english_messages() -> None:
    result = check_text(example_persona(), "We guarantee our customers a reply!")
    assert {f.message for f in result.findings} >= {"Write 'beneficiaries', not 'customers'."}


def test_lang_overrides_the_draft_language() -> None:
    from persona.check.engine import check_draft
    from persona.check.types import Draft

    draft = Draft(text="We guarantee our customers a reply.", lang="ar")
    messages = [f.message for f in check_draft(example_persona(), draft).findings]
    assert "اكتب «beneficiaries» بدلًا من «customers»." in messages


@pytest.mark.parametrize(("count", "text"), [(1, "كلمة واحدة"), (2, "كلمتان"), (5, "5 كلمات"), (26, "26 كلمة"),
                                                (200, "200 كلمة"), (105, "105 كلمات"), (111, "111 كلمة")])
def test_arabic_numbers_agree_with_their_nouns(count: int, text: str) -> None:
    assert count_ar(count, "word") == text


def test_say_falls_back_to_english() -> None:
    assert say("channel.unknown", "fr", channel="tiktok", known="x") == \
        "The persona does not publish on 'tiktok' (its channels: x)."


def test_cli_lang_flag(persona_exe, tmp_path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text("نضمن لكم الرد خلال يوم.", encoding="utf-8")
    runs = {}
    for lang in ("ar", "en"):
        proc = persona_exe("check", str(draft), "--as", "legal", "--format", "json", "--lang", lang)
        assert proc.code in (0, 1), proc.stderr
        runs[lang] = [f["message"] for r in json.loads(proc.stdout)["results"] for f in r["findings"]]
    assert any(m.startswith("تجنّب «نضمن»") for m in runs["ar"])
    assert any(m.startswith("Avoid 'نضمن'") for m in runs["en"])


def test_one_greeting_in_a_long_formal_reply_is_not_casual() -> None:
    words = ["word"] * 120
    assert estimate(informal=1, contractions=0, emoji=0, exclamations=0, formal=2, words=words,
                    sentences=6).value in (None, 4, 5)
    assert estimate(informal=1, contractions=0, emoji=0, exclamations=0, formal=0, words=words[:12],
                    sentences=1).value == 2


def test_long_formal_reply_with_a_greeting_gets_only_the_informal_finding() -> None:
    reply = ("هلا والله، " + "نفيدكم بأن الطلب قد استكمل جميع المتطلبات النظامية وفق اللائحة التنفيذية المعتمدة "
             "وسيصدر القرار النهائي خلال المدة المحددة نظامًا بعد استيفاء المستندات المطلوبة كافة. " * 5)
    rules = [f.rule for f in check_text(example_persona({"voice": {"max_sentence_words": 60}}), reply).findings]
    assert "voice.formality" not in rules


@pytest.mark.parametrize(
    ("signals", "text"),
    [
        ({"informal word": 2, "emoji": 2}, "كلمتان عاميتان، رمزان تعبيريان"),
        ({"informal word": 1, "emoji": 1}, "كلمة عامية، رمز تعبيري"),
        ({"informal word": 3, "exclamation": 2}, "3 كلمات عامية، علامتا تعجب"),
        ({"informal word": 11, "emoji": 12}, "11 كلمة عامية، 12 رمزًا تعبيريًا"),
    ],
)
def test_formality_signals_agree_with_their_numbers_in_arabic(signals: dict[str, int], text: str) -> None:
    from persona.check.formality import Estimate

    assert Estimate(2, signals).explain("ar") == text


def test_a_casual_arabic_draft_gets_the_dual() -> None:
    text = "هلا والله 😊😊 وش رايكم نسولف شوي؟"  # dialect and two emoji in a "very formal" voice
    formality = [f.message for f in check_text(example_persona(), text).findings if f.rule == "voice.formality"]
    assert formality and "رمزان تعبيريان" in formality[0] and "2 رموز" not in formality[0]


@pytest.mark.parametrize(("total", "text"), [(305, "305 أحرف"), (281, "281 حرفًا"), (300, "300 حرف")])
def test_channel_length_counts_characters_in_arabic(total: int, text: str) -> None:
    assert say("channel.length", "ar", total=total, counted="", channel="x", limit=280).startswith(f"طول النص {text}،")


@pytest.mark.parametrize(("key", "n", "text"), [("sentences", 2, "جملتان"), ("sentences", 4, "4 جمل"),
                                                ("words", 5, "5 كلمات"), ("words", 25, "25 كلمة")])
def test_the_guide_counts_agree_in_arabic(key: str, n: int, text: str) -> None:
    from persona.guide.i18n import label

    assert label(key, "ar", n=n) == text
    assert label(key, "en", n=n) == f"{n} {key}"


@pytest.mark.parametrize("intent, text, name", [
    ("service", "أصبح بإمكانكم تجديد الرخصة إلكترونيًا.", "«خدمة»"),
    ("inquiry_reply", "شكرًا لتواصلكم. الخدمة متاحة إلكترونيًا. تستغرق خمس دقائق. قدّموا اليوم.", "«رد على استفسار»"),
])
def test_an_arabic_message_names_the_intent_in_arabic(intent: str, text: str, name: str) -> None:
    """The kind of message is named as the guide names it, never by its English id inside Arabic text."""
    findings = [f for f in check_text(example_persona(), text, intent=intent).findings if f.rule.startswith("intent.")]
    assert findings, "the example must fire"
    for finding in findings:
        assert name in finding.message and intent not in finding.message, finding.message
    english = check_text(example_persona(), "You can now renew your licence online.", intent="service").findings
    assert any("A service message" in f.message for f in english)  # English keeps the id
