"""One language guesser (persona.text.language) for the checker, the rules rewriter and the prompt."""

from __future__ import annotations

import pytest

from persona.check.context import Context, compile_persona
from persona.check.registry import example_persona
from persona.check.types import Draft
from persona.rewrite.prompts import message_language
from persona.rewrite.transforms import language_of
from persona.text.language import guess_language, letter_counts, script_language


@pytest.mark.parametrize(("text", "lang"), [
    ("abc نجز", "ar"),  # a tie goes to Arabic: the three guessers used to disagree here
    ("سجّل الآن في منصة Najiz", "ar"),
    ("Book your appointment on Najiz (ناجز) today", "en"),
    ("للاستفسار: ١٩٥٠ أو https://www.moj.gov.sa/ar/eServices/najiz-services-portal", "ar"),  # links aside
    ("Call 1950 — ١٩٥٠", "en"),  # Arabic-Indic digits are not letters
    ("مُعْتَمَدٌ", "ar"),
    ("Café déjà vu", "en"),
])
def test_checker_rewriter_and_prompt_agree(text: str, lang: str) -> None:
    persona = example_persona()
    assert guess_language(text) == lang
    assert Context(Draft(text=text), compile_persona(persona)).language == lang
    assert language_of(text) == lang
    assert message_language(text, persona) == lang


def test_no_letters_no_language() -> None:
    assert script_language("١٩٥٠ — 2026/03/01 !!") is None
    assert guess_language("١٩٥٠", default="ar") == "ar"
    assert message_language("١٩٥٠", example_persona()) == example_persona().primary_language


def test_letters_are_counted_without_marks_or_punctuation() -> None:
    assert letter_counts("مرحبًا، كيف الحال؟") == (13, 0)  # مرحبا كيف الحال
    assert letter_counts("see www.example.com now") == (0, 6)


@pytest.mark.parametrize(
    "text",
    [
        "احجز من webook.com أو www.najiz-sa.com",
        "راسلونا على info@moj.gov.sa أو تابعوا @MOJ_KSA",
        "تابعونا عبر #VisionSaudiArabia2030 و #MOJ_News",
        "التفاصيل في najiz.sa/services/booking",
    ],
)
def test_links_domains_handles_and_emails_are_not_latin_words(text: str) -> None:
    assert script_language(text) == "ar"


def test_an_arabic_draft_with_domains_gets_arabic_messages(persona_exe) -> None:  # type: ignore[no-untyped-def]
    out = persona_exe("check", "-", "--as", "legal", input="احجز من webook.com أو www.najiz-sa.com").stdout
    assert "الرابط «webook.com» ليس من روابط الجهة المعتمدة." in out
    assert "is not one of" not in out


def test_english_with_a_domain_stays_english() -> None:
    assert script_language("Book your seat at webook.com before Sunday.") == "en"
    assert script_language("Visit e.g. the site, then book.") == "en"
