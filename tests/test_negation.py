"""Negation and past framing: a phrase under a negator does not contradict a claim; history is not a retired fact."""

from __future__ import annotations

import pytest

from persona.check.engine import check_text
from persona.check.negation import negated_promise
from persona.check.registry import example_persona

DIGITAL = {"values": [{"claim": {"ar": "خدماتنا رقمية بالكامل", "en": "Our services are fully digital"},
                       "contradicted_by": ["زيارة الفرع", "طباعة الإيصال", "visit our office", "print the form",
                                           "مراجعة الفرع"]}],
           "facts": {"retired": [{"old": "هيئة السياحة", "new": "وزارة السياحة"},
                                 {"old": "Saudi Commission for Tourism", "new": "Ministry of Tourism"}]}}


def rules(text: str) -> list[str]:
    return [f.rule for f in check_text(example_persona(DIGITAL), text).findings
            if f.rule in ("values.contradiction", "facts.retired")]


@pytest.mark.parametrize(
    "text",
    [
        "لن تحتاج بعد اليوم إلى زيارة الفرع.",
        "أنجز معاملتك بلا حاجة إلى طباعة الإيصال.",
        "يمكنكم إتمام الطلب دون الحاجة إلى زيارة الفرع.",
        "لم يعد من الضروري مراجعة الفرع.",
        "There is no need to visit our office.",
        "You will never have to print the form again.",
        "Renew online without having to visit our office.",
    ],
)
def test_negated_contradiction_is_not_an_error(text: str) -> None:
    assert rules(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "يرجى زيارة الفرع لإتمام الطلب.",
        "لا تنسَ طباعة الإيصال قبل الحضور.",  # a double negative is an instruction
        "Don't forget to print the form.",
        "Please visit our office, not the website.",  # the negator is in another clause
        "لا يوجد موعد متاح، لذا يرجى زيارة الفرع.",
    ],
)
def test_contradiction_still_fires(text: str) -> None:
    assert rules(text) == ["values.contradiction"]


@pytest.mark.parametrize(
    "text",
    [
        "وزارة السياحة، التي كانت تُعرف سابقًا بهيئة السياحة، تطلق موسم الصيف.",
        "The Ministry of Tourism, formerly the Saudi Commission for Tourism, opens the season.",
        "The Ministry of Tourism (previously known as the Saudi Commission for Tourism) is hiring.",
        "أطلقت الوزارة (هيئة السياحة سابقًا) برنامجًا جديدًا.",
    ],
)
def test_historical_mention_is_not_a_retired_fact(text: str) -> None:
    assert rules(text) == []


@pytest.mark.parametrize("text", ["تعلن هيئة السياحة عن موسم الصيف.", "The Saudi Commission for Tourism announces the season."])
def test_current_use_of_a_retired_name_fires(text: str) -> None:
    assert rules(text) == ["facts.retired"]


@pytest.mark.parametrize(
    ("text", "word", "negated"),
    [
        ("لا نضمن نتيجة أي قضية.", "نضمن", True),
        ("ولن نضمن لكم شيئًا.", "نضمن", True),
        ("We do not guarantee the outcome.", "guarantee", True),
        ("We cannot guarantee the outcome.", "guarantee", True),
        ("نضمن لكم الفوز.", "نضمن", False),
        ("لا شك أننا نضمن لكم الفوز.", "نضمن", False),  # «لا شك»: certainty, not denial
        ("لا تقلق، نضمن لكم الفوز.", "نضمن", False),  # the negator is in another clause
        ("لا نقدم خدمة العملاء في المقر.", "العملاء", False),  # not a promise word: still said
        ("Not only do we guarantee it.", "guarantee", False),
    ],
)
def test_a_negation_neutralises_a_promise_word_only(text: str, word: str, negated: bool) -> None:
    start = text.index(word)
    assert bool(negated_promise(text, start, start + len(word))) is negated
