"""Numbers are classified; only phones are phone facts."""

from __future__ import annotations

import pytest

from persona.check.engine import check_text
from persona.check.registry import example_persona
from persona.loader import PersonaStore
from persona.text.numbers import classify_numbers
from persona.text.tokens import find_links, find_phones
from tests.conftest import SAMPLES


def kinds(text: str) -> list[tuple[str, str]]:
    links = [tuple(link) for link in find_links(text)]
    return [(n.text, n.kind) for n in classify_numbers(text, links)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("استقبل المعرض أكثر من ٣٤٠٠٠ زائر", [("٣٤٠٠٠", "count")]),
        ("أطلقنا المنصة عام ٢٠٢٤م", [("٢٠٢٤", "year")]),
        ("تبدأ الدراسة في ١ محرم ١٤٤٧هـ", [("١", "count"), ("١٤٤٧", "hijri_year")]),
        ("ارتفعت نسبة الرضا إلى ٨٥٪", [("٨٥", "percentage")]),
        ("نستقبلكم من الساعة ٨ صباحًا حتى 14:30", [("٨", "time"), ("14:30", "time")]),
        ("الموعد 01/05/2024", [("01/05/2024", "date")]),
        ("للاستفسار اتصل على 920000000", [("920000000", "phone")]),
        ("More than 12,500 visitors in 2025", [("12,500", "count"), ("2025", "year")]),
    ],
)
def test_numbers_are_classified(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اتصلوا بنا على ١٩٣٣", ["١٩٣٣"]),  # «على» folds to «علي»: the cue works
        ("تواصل معنا على 8001244444", ["8001244444"]),
        ("جوال: 0551234567", ["0551234567"]),
        ("رقم الطوارئ 937", ["937"]),
        ("+966 11 123 4567", ["+966 11 123 4567"]),
        ("الرقم المجاني 800 124 4444", ["800 124 4444"]),
        ("الرقم الموحد ١٩٩٠٩٩", ["١٩٩٠٩٩"]),
        ("Call us on 2030.", ["2030"]),
    ],
)
def test_phones_by_shape_or_cue(text: str, expected: list[str]) -> None:
    assert [p.text for p in find_phones(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "استقبل المعرض أكثر من ٣٤٠٠٠ زائر خلال الأسبوع الأول",
        "حصل البرنامج على ٣٤٠٠٠ طلب",  # «على» alone does not make a count a phone
        "بلغ عدد المستفيدين 125000 مستفيد",
        "Over 34000 visitors attended",
        "تدخل اللائحة حيز التنفيذ في ١٤٤٧ هـ",
        "٣ ٤٠٠ ٠٠٠ زائر",
        "In 2024 we opened 9999 new files",
    ],
)
def test_counts_years_and_amounts_are_not_phones(text: str) -> None:
    assert find_phones(text) == []


def test_a_count_is_not_an_unverified_phone() -> None:
    result = check_text(example_persona(), "استقبلت المحاكم أكثر من ٣٤٠٠٠ طلب خلال عام ٢٠٢٤م بنسبة رضا ٨٥٪.")
    assert [f.rule for f in result.findings if f.rule.startswith("facts.")] == []


def test_the_personas_own_number_is_a_phone_without_a_cue() -> None:
    result = check_text(example_persona({"intents": {"inquiry_reply": {"requires": ["phone"]}}}),
                        "للمساعدة: 1950", intent="inquiry_reply")
    assert [f.rule for f in result.findings] == []


@pytest.mark.parametrize("persona_id", ["legal", "education", "culture", "government", "entertainment"])
def test_sample_signatures_carry_a_cued_phone(persona_id: str) -> None:
    persona = PersonaStore.discover([SAMPLES]).get(persona_id)
    signature = persona.signature
    for text in ([signature] if isinstance(signature, str) else list((signature or {}).values())):
        digits = any(c.isdigit() for c in text)
        if digits:
            assert find_phones(text), text  # by its cue (للاستفسار، للمساعدة، call), not because it is known


def test_phone_digits_of_a_long_run_are_read_but_not_remembered() -> None:
    from persona.text import numbers

    before = numbers._remembered_digits.cache_info().currsize
    assert numbers.phone_digits("+966 " + "١" * 500) == "1" * 500
    assert numbers._remembered_digits.cache_info().currsize == before
    assert numbers.phone_digits("+966 11 123 4567") == "111234567"
