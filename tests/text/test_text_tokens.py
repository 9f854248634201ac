"""Links, phone numbers, handles, hashtags, emoji, sentences, clauses, words, '!'."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from persona.text.tokens import (
    Span,
    count_words,
    exclamations,
    find_emoji,
    find_handles,
    find_hashtags,
    find_links,
    find_phones,
    link_is_verified,
    phone_digits,
    split_clauses,
    split_sentences,
    words,
)


def texts(spans: list[Span]) -> list[str]:
    return [s.text for s in spans]


def assert_exact(source: str, spans: list[Span]) -> None:
    for s in spans:
        assert source[s.start : s.end] == s.text
    assert spans == sorted(spans)


# --- links ------------------------------------------------------------------------


def test_links_http_and_bare_with_path() -> None:
    text = "Visit https://www.moj.gov.sa/services, or moj.gov.sa/x. Also www.x.com! And moj.gov.sa."
    found = find_links(text)
    assert texts(found) == ["https://www.moj.gov.sa/services", "moj.gov.sa/x", "www.x.com", "moj.gov.sa"]
    assert_exact(text, found)


def test_a_bare_domain_is_a_link_only_with_a_valid_top_level_domain() -> None:
    # the contract's 2026-12 links: a domain with a valid TLD, with or without a path
    text = "احجز من webook.com أو www.najiz-sa.com، وافتح الملف report.txt أو config.yaml."
    assert texts(find_links(text)) == ["webook.com", "www.najiz-sa.com"]
    assert texts(find_links("Node.js, e.g. this, and 8.30 pm")) == []
    assert texts(find_links("write to info@webook.com")) == []


def test_links_trailing_punctuation_and_brackets() -> None:
    text = "(see https://en.wikipedia.org/wiki/Foo_(bar)). [a](https://x.com/a) «https://x.com/b» 'https://x.com/c'"
    assert texts(find_links(text)) == [
        "https://en.wikipedia.org/wiki/Foo_(bar)",
        "https://x.com/a",
        "https://x.com/b",
        "https://x.com/c",
    ]


def test_links_inside_arabic_text() -> None:
    text = "للمزيد: https://www.moj.gov.sa،شكرا وزوروا moj.gov.sa/servicesللمزيد؟ https://x.com/a؟"
    assert texts(find_links(text)) == ["https://www.moj.gov.sa", "moj.gov.sa/services", "https://x.com/a"]


def test_not_links() -> None:
    assert find_links("email info@moj.gov.sa/x or info@moj.gov.sa, 3.5 kg, e.g. this, https://") == []
    assert find_links("no dots here / at all") == []


def test_link_verification_boundaries() -> None:
    facts = ["https://my.gov.sa", "https://www.moj.gov.sa/"]
    assert link_is_verified("https://my.gov.sa", facts)
    assert link_is_verified("https://my.gov.sa/services?x=1", facts)
    assert link_is_verified("https://my.gov.sa#top", facts)
    assert link_is_verified("https://my.gov.sa?x", facts)
    assert not link_is_verified("https://my.gov.sa.evil.com", facts)
    assert not link_is_verified("https://my.gov.sa.evil.com/x", facts)
    assert not link_is_verified("https://my.gov.saudi", facts)
    assert not link_is_verified("https://my.gov.sa@evil.com", facts)


def test_link_verification_scheme_host_case_and_bare() -> None:
    facts = ["https://my.gov.sa/Services"]
    assert link_is_verified("HTTP://MY.GOV.SA/Services/renew", facts)
    assert link_is_verified("my.gov.sa/Services", facts)  # bare = https
    assert not link_is_verified("https://my.gov.sa/services", facts)  # paths are case-sensitive
    assert link_is_verified("https://www.moj.gov.sa", ["https://www.moj.gov.sa/"])  # trailing / ignored


def test_www_is_part_of_the_host() -> None:
    assert not link_is_verified("https://moj.gov.sa/x", ["https://www.moj.gov.sa"])
    assert not link_is_verified("https://www.moj.gov.sa/x", ["https://moj.gov.sa"])
    assert link_is_verified("https://moj.gov.sa/x", ["https://www.moj.gov.sa", "moj.gov.sa"])


# --- phones -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call 920000000 for details.", ["920000000"]),
        ("للاستفسار اتصل على 920000000", ["920000000"]),
        ("اتصل على ٩٢٠٠٠٠٠٠٠ الآن", ["٩٢٠٠٠٠٠٠٠"]),
        ("Call +966 11 123 4567 or 011-123-4567", ["+966 11 123 4567", "011-123-4567"]),
        ("dial 00966 50 123 4567.", ["00966 50 123 4567"]),
        ("For enquiries, contact 1950.", ["1950"]),
        ("اتصل على 1950", ["1950"]),
        ("الرقم الموحد 1950", ["1950"]),
        ("call us on 2030", ["2030"]),
        ("Our short number 9999 works", ["9999"]),
    ],
)
def test_phones_found(text: str, expected: list[str]) -> None:
    found = find_phones(text)
    assert texts(found) == expected
    assert_exact(text, found)


@pytest.mark.parametrize(
    "text",
    [
        "Open 24 hours, 3 days a week",
        "نضمن لكم الرد خلال ٢٤ ساعة",
        "In 2024 we launched; by 2030 more. #Vision2030 #2030",
        "رؤية 2030",
        "Growth of 1500% and 2500 %",
        "1,500,000 visitors",
        "From 10:30 to 12:45 on 2024-05-01 or 01/05/2024 or 01.05.2024",
        "It costs 1500.50 or SAR 5000 or 5000 ريال or $2500",
        "https://bit.ly/3xYzAbc12345 and https://x.com/920000000",
        "abc12345 12345abc",
    ],
)
def test_not_phones(text: str) -> None:
    assert find_phones(text) == []


def test_phone_digits() -> None:
    assert phone_digits("+966 11 123 4567") == "111234567"
    assert phone_digits("00966-11-123-4567") == "111234567"
    assert phone_digits("966111234567") == "111234567"
    assert phone_digits("٩٢٠٠٠٠٠٠٠") == "920000000"
    assert phone_digits("۹۲۰ ۰۰۰ ۰۰۰") == "920000000"
    assert phone_digits("011 123 4567") == "0111234567"  # trunk 0 kept
    assert phone_digits("9661950") == "9661950"  # too short to carry a country code
    assert phone_digits("1950") == "1950"


# --- handles, hashtags ----------------------------------------------------------------


def test_handles() -> None:
    text = (
        "Follow @MojKsa and ＠x, not info@moj.gov.sa, @abcdefghijklmnopq, https://medium.com/@user or @a_b_1"
    )
    found = find_handles(text)
    assert texts(found) == ["@MojKsa", "＠x", "@a_b_1"]
    assert_exact(text, found)


def test_hashtags() -> None:
    text = "#موسم_الرياض #Saudi #Vision2030 #2030 https://x.com/a#frag a#b #️⃣ #_x1 ##x &#x #العدل."
    found = find_hashtags(text)
    assert texts(found) == ["#موسم_الرياض", "#Saudi", "#Vision2030", "#_x1", "#العدل"]
    assert_exact(text, found)


# --- emoji ------------------------------------------------------------------------------


def test_emoji_sequences_are_one_span() -> None:
    text = "hi 👨‍👩‍👧 🇸🇦 👍🏽 1️⃣ 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f 🚀🔥"
    found = find_emoji(text)
    assert texts(found) == [
        "👨‍👩‍👧",
        "🇸🇦",
        "👍🏽",
        "1️⃣",
        "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
        "🚀",
        "🔥",
    ]
    assert_exact(text, found)


def test_text_default_symbols_are_not_emoji() -> None:
    assert find_emoji("© 2024 Ministry® ™ ‼ ⁉ ↔ ☺ ❤") == []
    assert texts(find_emoji("❤️ ☺️ ©️")) == ["❤️", "☺️", "©️"]


def test_emoji_offsets_in_arabic() -> None:
    text = "فعاليات الموسم الجديد 🎉 لا تفوتكم"
    [e] = find_emoji(text)
    assert (e.start, e.text) == (22, "🎉")
    assert find_emoji("plain ascii :)") == [] and find_emoji("نص عربي فقط") == []


def test_every_emoji_of_the_package_is_seen_whole() -> None:
    import emoji

    for e in emoji.EMOJI_DATA:
        found = find_emoji(f"a {e} b")
        if len(e) == 1 and not found:
            continue  # a text-default symbol
        assert texts(found) == [e], e


# --- sentences, clauses -----------------------------------------------------------------


def test_sentences_english() -> None:
    text = (
        "Dear Mr. Smith, the U.S. office is open. Visit moj.gov.sa/x. "
        "It costs 3.5 SAR! Really?! e.g. this. Wait… ok"
    )
    assert texts(split_sentences(text)) == [
        "Dear Mr. Smith, the U.S. office is open.",
        "Visit moj.gov.sa/x.",
        "It costs 3.5 SAR!",
        "Really?!",
        "e.g. this.",
        "Wait…",
        "ok",
    ]


def test_sentences_arabic_and_lines() -> None:
    text = "يسرنا أن نعلن. هل تعلم؟ نعم، بالتأكيد؛ شكرا۔\r\n\r\n  Line two  \nline three"
    found = split_sentences(text)
    assert texts(found) == ["يسرنا أن نعلن.", "هل تعلم؟", "نعم، بالتأكيد؛ شكرا۔", "Line two", "line three"]
    assert_exact(text, found)


def test_sentences_quotes_and_abbreviations() -> None:
    assert texts(split_sentences('He said "stop." Then left. Say no. Then No. 5 works.')) == [
        'He said "stop."',
        "Then left.",
        "Say no.",
        "Then No. 5 works.",
    ]
    assert split_sentences("   \n\n ") == []


def test_clauses() -> None:
    sentence = "Dear citizens, at 10:30 we serve 1,500 people; see https://x.com/a,b — thanks: ok، نعم؛ لا"
    found = split_clauses(sentence)
    assert texts(found) == [
        "Dear citizens,",
        "at 10:30 we serve 1,500 people;",
        "see https://x.com/a,b —",
        "thanks:",
        "ok،",
        "نعم؛",
        "لا",
    ]
    assert_exact(sentence, found)
    assert texts(split_clauses("no separators here")) == ["no separators here"]


# --- words, exclamations ----------------------------------------------------------------------


def test_words_keep_arabic_marks_and_apostrophes() -> None:
    text = "العَمِيلَ don't client’s 24/7 e-service الزبـــون"
    found = words(text)
    assert texts(found) == ["العَمِيلَ", "don't", "client’s", "24", "7", "e", "service", "الزبـــون"]
    assert_exact(text, found)
    assert count_words(text) == 8
    assert count_words("") == 0


def test_exclamations() -> None:
    text = "Wow!! Great! ！ https://x.com/#!/a ‼ لا تفوتكم!!"
    found = exclamations(text)
    assert [(s.text, s.end - s.start) for s in found] == [("!!", 2), ("!", 1), ("！", 1), ("‼", 1), ("!!", 2)]
    assert exclamations("calm.") == []


# --- property: spans are exact slices ------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "a", "Z", " ", "\n", "\r\n", ".", ",", "!", "?", "؟", "،", ":", "/", "-", "@", "#", "_", "'",
        "(", ")", "1", "٣", "2024", "920000000", "+966", "https://", "www.", "x.com", "moj.gov.sa/s",
        "ع", "ال", "\u064e",
        "\u0640", "\u200b", "😀", "👍🏽", "👨‍👩‍👧", "🇸🇦", "1️⃣", "©", "❤️", "…", "Mr.", "call ",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_every_finder_returns_exact_sorted_spans(text: str) -> None:
    for finder in (
        find_links, find_phones, find_handles, find_hashtags, find_emoji,
        split_sentences, split_clauses, words, exclamations,
    ):  # fmt: skip
        found = finder(text)
        assert_exact(text, found)
        for s in found:
            assert s.start < s.end
    assert count_words(text) == len(words(text))
