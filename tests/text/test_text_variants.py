"""Inflected forms of listed Arabic terms: found as typed, precise, and suggested in the same form."""

from __future__ import annotations

import pytest

from persona.check.engine import check_text
from persona.check.registry import example_persona
from persona.text.matcher import TermMatcher
from persona.text.variants import arabic_forms


def found(terms: list[str], text: str) -> list[str]:
    matcher = TermMatcher([(t, t) for t in terms], inflect=True)
    return [m.text for m in matcher.find(text)]


@pytest.mark.parametrize(
    ("term", "typed"),
    [
        ("العملاء", "عملاؤكم"),  # hamza on waw before a suffix
        ("العملاء", "لعملائهم"),  # hamza on ya, with a preposition
        ("العملاء", "عملاءنا"),
        ("الزبائن", "زبائنها"),
        ("الخدمة", "خدمتكم"),  # ة → ت
        ("الخدمة", "وخدماتنا"),  # sound feminine plural + suffix
        ("مجاني", "مجانية"),  # feminine of a relative adjective
        ("مجاني", "المجانيات"),
        ("نموذج", "نموذجًا"),  # tanween
        ("النموذج", "نموذجين"),  # dual
        ("نضمن", "يضمن"),  # another person of a listed verb
        ("نضمن", "تضمنون"),
        ("المستفيدين", "مستفيديكم"),  # sound plural loses its ن before a suffix
        ("مستشفى", "مستشفاكم"),  # final ى → ا
        ("طباعة النموذج", "طباعة نموذجكم"),  # the last word of a phrase inflects
        ("الموظف", "موظفون"),
        ("مضمون", "مضمونة"),  # feminine of a passive participle مفعول (its root ends in ن)
        ("مضمون", "مضمونًا"),
        ("المكتوب", "مكتوبات"),
    ],
)
def test_inflected_form_is_found_as_typed(term: str, typed: str) -> None:
    assert found([term], f"نص قبل {typed} ونص بعد.") == [typed]


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("المدرس", "زرت المدرسة صباحًا."),  # «مدرسه» "his teacher" folds like «مدرسة» "school"
        ("المكتب", "افتتحت المكتبة العامة."),  # no feminine of a participle-like noun
        ("المكتب", "تضم المكتبات آلاف الكتب."),
        ("عمل", "هذا حل عملي."),  # ـي "my" is not generated on a three-letter core
        ("الفرع", "شاهدنا آثار فرعون."),  # no masculine plural of a plain noun
        ("العملاء", "العملاق الجديد"),  # never inside another word
        ("نضمن", "الضمان الاجتماعي"),  # no root stemming
    ],
)
def test_look_alikes_do_not_match(term: str, text: str) -> None:
    assert found([term], text) == []


def test_forms_stay_few_and_exclude_the_term_itself() -> None:
    forms = [form for form, _ in arabic_forms("العملاء")]
    assert "العملاء" not in forms
    assert len(forms) < 40
    assert arabic_forms("customers") == []
    assert arabic_forms("ال") == []


def test_names_in_retired_facts_do_not_inflect() -> None:
    persona = example_persona({"facts": {"retired": [{"old": "هيئة السياحة", "new": "وزارة السياحة"}]}})
    assert [f.rule for f in check_text(persona, "هيئة سياحتنا").findings] == []
    assert [f.match for f in check_text(persona, "زوروا هيئة السياحة").findings] == ["هيئة السياحة"]


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("عملاؤكم", "مستفيديكم"),
        ("لعملائهم", "لمستفيديهم"),
        ("وزبائنها", "ومستفيديها"),
        ("العملاء", "المستفيدين"),
    ],
)
def test_suggestion_is_inflected_like_the_match(typed: str, suggestion: str) -> None:
    result = check_text(example_persona(), f"نرحب {typed} في الفروع.")
    [finding] = [f for f in result.findings if f.rule == "vocabulary.prefer"]
    assert (finding.match, finding.suggestion) == (typed, suggestion)


def test_offsets_are_exact_with_diacritics_and_tatweel() -> None:
    text = "نخدم عُمَلاءَكُم وزبـــائنها"
    matches = TermMatcher([("العملاء", 1), ("الزبائن", 2)], inflect=True).find(text)
    assert [m.text for m in matches] == ["عُمَلاءَكُم", "وزبـــائنها"]
    assert all(text[m.start:m.end] == m.text for m in matches)
