"""Quotations, Quran and e-mail addresses are not the entity's own prose; the engine enforces each rule's skips."""

from __future__ import annotations

import pytest

from persona.check.engine import check_text
from persona.check.registry import all_rules, example_persona
from persona.text.spans import find_emails, find_quotes, find_quran, within

TOURISM = {"facts": {"retired": [{"old": "هيئة السياحة", "new": "وزارة السياحة"}]}}


def rules_on(text: str, overrides: dict | None = None) -> list[tuple[str, str]]:
    return [(f.rule, f.match) for f in check_text(example_persona(overrides), text).findings]


def test_spans_are_found_with_their_marks() -> None:
    text = 'قال: «أنا هنا» و"نعم" و“yes” ﴿إِنَّا أَعْطَيْنَاكَ﴾ info@moj.gov.sa'
    quotes = [text[s:e] for s, e in find_quotes(text)]
    assert quotes == ["«أنا هنا»", '"نعم"', "“yes”"]
    assert [text[s:e] for s, e in find_quran(text)] == ["﴿إِنَّا أَعْطَيْنَاكَ﴾"]
    assert [text[s:e] for s, e in find_emails(text)] == ["info@moj.gov.sa"]


def test_unclosed_quote_quotes_nothing() -> None:
    assert find_quotes("قال «أنا سعيد بالعملاء") == []


def test_within() -> None:
    spans = [(2, 5), (10, 20)]
    assert within(spans, 2, 5) and within(spans, 11, 19)
    assert not within(spans, 4, 6) and not within(spans, 0, 1) and not within(spans, 21, 22)


@pytest.mark.parametrize(
    "text",
    [
        'قال معالي الرئيس: "أنا سعيد بخدمة العملاء".',  # an official's words
        "قال رسول الله ﷺ: «أنا وكافل اليتيم في الجنة هكذا».",  # a hadith
        'The minister said: "I guarantee our customers will be served."',
        "﴿وَأَوْفُوا بِالْعَهْدِ إِنَّ الْعَهْدَ كَانَ مَسْئُولًا﴾ أنا",
    ],
)
def test_quoted_voice_and_vocabulary_are_not_the_entitys(text: str) -> None:
    found = [rule for rule, match in rules_on(text) if rule.startswith(("voice.person", "vocabulary."))
             and match != "أنا"]
    assert found == [], text


def test_quran_is_untouchable_but_text_after_it_is_checked() -> None:
    assert rules_on("﴿وَأَوْفُوا بِالْعَهْدِ﴾ أنا سعيد.") == [("voice.person", "أنا")]


def test_the_same_words_outside_quotes_are_flagged() -> None:
    assert ("voice.person", "أنا") in rules_on("أنا سعيد بخدمة العملاء.")
    assert ("vocabulary.prefer", "العملاء") in rules_on("أنا سعيد بخدمة العملاء.")


def test_email_address_is_not_prose() -> None:
    assert rules_on("راسلونا على customers@moj.gov.sa أو guarantee@moj.gov.sa") == []
    assert rules_on("We guarantee it.") == [("vocabulary.avoid", "guarantee")]


def test_underscored_hashtag_words_are_read_and_reported_at_the_tag() -> None:
    assert rules_on("زوروا #هيئة_السياحة اليوم", TOURISM) == [("facts.retired", "#هيئة_السياحة")]
    assert rules_on("شكرًا #لعملاء_الوزارة") == [("vocabulary.prefer", "#لعملاء_الوزارة")]
    assert rules_on("#السياحة_في_السعودية", TOURISM) == []


def test_a_retired_fact_in_quotes_is_still_outdated() -> None:
    assert rules_on("زوروا «هيئة السياحة»", TOURISM) == [("facts.retired", "هيئة السياحة")]


def test_every_rule_declares_known_skips() -> None:
    for rule in all_rules():
        assert rule.skips <= {"quote", "quran", "email"}, rule.id
    skips = {rule.id: rule.skips for rule in all_rules()}
    assert skips["voice.person"] == {"quote", "quran", "email"}
    assert skips["channel.length"] == frozenset()
