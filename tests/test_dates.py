"""facts.date: paired Hijri/Gregorian dates (Umm al-Qura) and weekdays, both digit systems and languages."""

from __future__ import annotations

import json

import pytest

from persona.check.engine import check_text
from persona.check.registry import example_persona
from persona.text.dates import find_dates, pairs, to_gregorian


def date_findings(text: str) -> list[tuple[str, str | None]]:
    return [(f.match, f.suggestion) for f in check_text(example_persona(), text).findings if f.rule == "facts.date"]


@pytest.mark.parametrize(
    ("text", "calendar", "ymd"),
    [
        ("١ محرم ١٤٤٧هـ", "hijri", (1447, 1, 1)),
        ("15 رمضان 1446 هـ", "hijri", (1446, 9, 15)),
        ("٣ ذو الحجة ١٤٤٥", "hijri", (1445, 12, 3)),
        ("٢٦ يونيو ٢٠٢٥م", "gregorian", (2025, 6, 26)),
        ("٢٦ حزيران ٢٠٢٥", "gregorian", (2025, 6, 26)),
        ("June 26, 2025", "gregorian", (2025, 6, 26)),
        ("1 Muharram 1447 AH", "hijri", (1447, 1, 1)),
        ("١٤٤٧/٠١/٠١هـ", "hijri", (1447, 1, 1)),
        ("2025-06-26", "gregorian", (2025, 6, 26)),
    ],
)
def test_dates_are_read(text: str, calendar: str, ymd: tuple[int, int, int]) -> None:
    [mention] = find_dates(f"في {text} تبدأ")
    assert (mention.calendar, (mention.year, mention.month, mention.day)) == (calendar, ymd)


def test_umm_al_qura_conversion() -> None:
    [mention] = find_dates("١ محرم ١٤٤٧هـ")
    assert str(to_gregorian(mention)) == "2025-06-26"


def test_pairs_need_to_be_given_as_the_same_day() -> None:
    text = "من ١ محرم ١٤٤٧هـ الموافق ٢٦ يونيو ٢٠٢٥م، وحتى ٣٠ يونيو ٢٠٢٥م"
    assert [(h.text, g.text) for h, g in pairs(text, find_dates(text))] == [("١ محرم ١٤٤٧هـ", "٢٦ يونيو ٢٠٢٥م")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("تبدأ الدراسة ١ محرم ١٤٤٧هـ الموافق ٢٩ يونيو ٢٠٢٥م.", [("٢٩ يونيو ٢٠٢٥م", "٢٦ يونيو ٢٠٢٥م")]),
        ("تبدأ الدراسة 1 محرم 1447هـ الموافق 29 يونيو 2025م.", [("29 يونيو 2025م", "26 يونيو 2025م")]),
        ("Opens 1 Muharram 1447 AH (29 June 2025).", [("29 June 2025", "26 June 2025")]),
        ("يبدأ التسجيل يوم الأحد ٢٦ يونيو ٢٠٢٥م.", [("الأحد", "الخميس")]),
        ("Registration opens on Sunday, 26 June 2025.", [("Sunday", "Thursday")]),
        ("يوم الأحد ١ محرم ١٤٤٧هـ الموافق ٢٦ يونيو ٢٠٢٥م", [("الأحد", "الخميس")]),
    ],
)
def test_disagreeing_dates_are_errors_with_the_correct_date(text: str, expected: list) -> None:
    assert date_findings(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "يوم الخميس ١ محرم ١٤٤٧هـ الموافق ٢٦ يونيو ٢٠٢٥م",
        "Thursday, 26 June 2025 (1 Muharram 1447 AH)",
        "استقبلنا أكثر من ٣٤٠٠٠ زائر عام ٢٠٢٤م",
        "تدخل اللائحة حيز التنفيذ في ١٤٤٧هـ",
        "الأحد القادم موعد الافتتاح، ويستمر المعرض حتى ٣٠ يونيو ٢٠٢٥م",
        'قال الوزير: "يوم الأحد ٢٦ يونيو ٢٠٢٥م"',  # quoted: not the entity's date
    ],
)
def test_consistent_or_partial_dates_pass(text: str) -> None:
    assert date_findings(text) == []


def test_message_follows_the_drafts_language() -> None:
    [ar] = [f for f in check_text(example_persona(), "يوم الأحد ٢٦ يونيو ٢٠٢٥م").findings if f.rule == "facts.date"]
    [en] = [f for f in check_text(example_persona(), "Sunday, 26 June 2025").findings if f.rule == "facts.date"]
    assert "الخميس" in ar.message and "Thursday" in en.message


def test_a_wrong_pair_and_a_wrong_weekday_are_both_reported() -> None:
    text = "يوم الأحد ١ محرم ١٤٤٧هـ الموافق ٢٩ يونيو ٢٠٢٥م"
    assert date_findings(text) == [("الأحد", "الخميس"), ("٢٩ يونيو ٢٠٢٥م", "٢٦ يونيو ٢٠٢٥م")]



@pytest.mark.parametrize(("month", "plain"), [("ſafar", "Safar"), ("ſha'ban", "Sha'ban"), ("jumada ıı", "Jumada II"),
                                               ("Rabı I", "Rabi I"), ("Aprıl", "April")])
def test_a_month_with_a_dotless_i_or_long_s_is_read_not_a_traceback(persona_exe, tmp_path, month: str,
                                                                     plain: str) -> None:
    """The month pattern ignores case, so it takes «ı» for i and «ſ» for s: the month is still known
    (it was a KeyError traceback)."""
    mark = "م" if month == "Aprıl" else "هـ"
    [mention] = find_dates(f"يبدأ في 7 {month} 1447{mark}")
    [same] = find_dates(f"يبدأ في 7 {plain} 1447{mark}")
    assert (mention.calendar, mention.month, mention.day) == (same.calendar, same.month, same.day)
    draft = tmp_path / "draft.txt"
    draft.write_text(f"تبدأ الدراسة 7 {month} 1447هـ الموافق 1 يناير 2025م.\n", encoding="utf-8")
    run = persona_exe("check", str(draft), "--as", "legal", "--format", "json")
    assert run.code in (0, 1) and "Traceback" not in run.stderr and not run.stderr, run.stderr
    found = [f for f in json.loads(run.stdout)["results"][0]["findings"] if f["rule"] == "facts.date"]
    expected = date_findings(f"تبدأ الدراسة 7 {plain} 1447هـ الموافق 1 يناير 2025م.")
    assert [(f["match"], f["suggestion"]) for f in found] == expected
