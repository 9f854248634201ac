"""A suggestion is what the rewriter would write: the writer's case and Arabic proclitics kept."""

from __future__ import annotations

import pytest

from persona.check.engine import check_text
from persona.check.registry import example_persona
from persona.rewrite.rules import rewrite_text

PERSONA = example_persona()


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("Customers can book online.", "Beneficiaries"),
        ("CUSTOMERS can book online.", "BENEFICIARIES"),
        ("Our customers can book online.", "beneficiaries"),
        ("متاحة للعملاء على مدار الساعة", "للمستفيدين"),
        ("نرحب بالعملاء في البوابة", "بالمستفيدين"),
        ("يسعدنا استقبال العملاء في فروعنا", "المستفيدين"),   # a verbal noun in construct: genitive
        ("خدمة العملاء متاحة", "المستفيدين"),
        ("بإمكان العملاء الحجز", "المستفيدين"),
    ],
)
def test_prefer_suggestion_is_inflected_like_the_match(text, suggestion):
    [finding, *_] = [f for f in check_text(PERSONA, text).findings if f.rule == "vocabulary.prefer"]
    assert finding.suggestion == suggestion
    assert finding.fix is not None and finding.fix.applicability == "safe"
    assert suggestion in rewrite_text(PERSONA, text)[0]  # the rewriter writes exactly that


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("والعملاء مرحب بهم", "والمستفيدين"),      # a subject: «والمستفيدين مرحب بهم» does not parse
        ("العملاء مرحب بهم", "المستفيدين"),
        ("يستطيع العملاء الحجز إلكترونيًا", "المستفيدين"),  # the subject of «يستطيع»
    ],
)
def test_a_nominative_subject_never_gets_the_ين_form(text, suggestion):
    [finding] = [f for f in check_text(PERSONA, text).findings if f.rule == "vocabulary.prefer"]
    assert finding.suggestion == suggestion  # still shown to the writer
    assert finding.fix is not None and finding.fix.applicability == "unsafe"
    assert "العملاء" in rewrite_text(PERSONA, text)[0]  # the rewriter leaves it
    assert suggestion in rewrite_text(PERSONA, text, unsafe=True)[0]  # unless told to apply unsafe fixes


@pytest.mark.parametrize(
    ("text", "found", "suggestion"),
    [
        ("نتابع طلباتكم بنفسي حتى تكتمل.", "بنفسي", "بأنفسنا"),
        ("أنا سعيد بإطلاق الخدمة.", "أنا", "نحن"),
        ("الفريق معي في كل خطوة.", "معي", "معنا"),
        ("My team will call you.", "My", "Our"),
        ("I will call you myself.", "myself", "ourselves"),
    ],
)
def test_the_person_suggestion_is_the_plural_of_the_same_word(text: str, found: str, suggestion: str) -> None:
    hits = [f for f in check_text(example_persona(), text).findings if f.rule == "voice.person" and f.match == found]
    assert [f.suggestion for f in hits] == [suggestion]
