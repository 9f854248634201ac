"""The one-pass term matcher: whole words, Arabic proclitics, original offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from persona.text.matcher import Match, TermMatcher, is_word_char
from persona.text.normalize import fold


def texts(matcher: TermMatcher, text: str) -> list[str]:
    return [m.text for m in matcher.find(text)]


def test_latin_whole_words_case_insensitive() -> None:
    m = TermMatcher([("client", "c")])
    assert texts(m, "Client, clientele, clients and the client's file") == ["Client", "client"]


def test_latin_match_offsets_are_original() -> None:
    m = TermMatcher([("customers", "p")])
    text = "Dear Customers!"
    [hit] = m.find(text)
    assert (hit.start, hit.end, hit.text, hit.payload) == (5, 14, "Customers", "p")


def test_arabic_proclitics_on_al_term() -> None:
    m = TermMatcher([("العميل", "x")])
    for word in ["العميل", "والعميل", "بالعميل", "فالعميل", "للعميل", "وللعميل", "كالعميل", "وبالعميل"]:
        text = f"خدمة {word} هنا"
        assert texts(m, text) == [word], word


def test_arabic_bare_term_takes_article_and_proclitics() -> None:
    m = TermMatcher([("عميل", "x")])
    for word in ["عميل", "العميل", "للعميل", "وعميل", "بعميل", "لعميل", "والعميل"]:
        assert texts(m, f"{word}.") == [word], word


def test_arabic_never_inside_another_word() -> None:
    m = TermMatcher([("العميل", "x"), ("عمل", "y")])
    assert texts(m, "العميلين يعمل المعمل عملاء") == []
    assert texts(m, "هذا عمل العميل") == ["عمل", "العميل"]


def test_al_variant_needs_the_lam() -> None:
    m = TermMatcher([("العميل", "x")])
    assert texts(m, "لعميل") == []  # «ل» + «عميل» is "for a client", not "the client"
    assert texts(m, "فلعميل") == []


def test_reported_text_keeps_diacritics_and_tatweel() -> None:
    m = TermMatcher([("العميل", "x"), ("الزبون", "z")])
    text = "نخدم العَمِيلَ والزبـــون"
    assert texts(m, text) == ["العَمِيلَ", "والزبـــون"]
    for hit in m.find(text):
        assert text[hit.start : hit.end] == hit.text


def test_letter_variants_match() -> None:
    m = TermMatcher([("إدارة", "x")])
    assert texts(m, "الادارة المختصة") == ["الادارة"]
    strict = TermMatcher([("مره", "x")], clitics=False, letters=False)
    assert texts(strict, "مرة واحدة") == []
    assert texts(strict, "حلوة مره") == ["مره"]
    assert texts(strict, "والمره") == []  # no clitics in strict lists


def test_zero_width_inside_term() -> None:
    m = TermMatcher([("guarantee", "x")])
    text = "We guar\u200bantee it"
    [hit] = m.find(text)
    assert hit.text == "guar\u200bantee"
    assert text[hit.start : hit.end] == hit.text


def test_crlf_and_multiword_across_whitespace() -> None:
    m = TermMatcher([("print the form", "x")])
    text = "Please\r\nprint  the\r\nform today"
    [hit] = m.find(text)
    assert hit.text == "print  the\r\nform"
    assert (hit.start, hit.end) == (8, 24)


def test_emoji_before_match_uses_code_point_offsets() -> None:
    m = TermMatcher([("customers", "x")])
    text = "👨‍👩‍👧 🎉 customers"
    [hit] = m.find(text)
    assert hit.start == text.index("customers") == 8
    assert text[hit.start : hit.end] == "customers"


def test_overlapping_terms_longest_wins() -> None:
    m = TermMatcher([("the form", "a"), ("print the form", "b"), ("office", "c"), ("visit our office", "d")])
    found = m.find("print the form or visit our office, office")
    assert [(h.text, h.payload) for h in found] == [
        ("print the form", "b"),
        ("visit our office", "d"),
        ("office", "c"),
    ]


def test_partial_overlaps_are_kept() -> None:
    m = TermMatcher([("new e-service", "a"), ("e-service portal", "b")])
    assert [h.payload for h in m.find("our new e-service portal")] == ["a", "b"]


def test_duplicate_folded_terms_keep_all_payloads() -> None:
    m = TermMatcher([("Client", "first"), ("client", "second"), ("العميل", "ar1"), ("عميل", "ar2")])
    assert [h.payload for h in m.find("client")] == ["first", "second"]
    assert [h.payload for h in m.find("والعميل")] == ["ar1", "ar2"]


def test_same_payload_reported_once() -> None:
    payload = {"use": "beneficiaries"}
    m = TermMatcher([("العميل", payload), ("عميل", payload)])
    assert len(m.find("العميل")) == 1


def test_punctuation_terms() -> None:
    m = TermMatcher([("e-service", "a"), ("24/7", "b"), ("#Saudi", "c")])
    assert texts(m, "Our e-service works 24/7. #Saudi") == ["e-service", "24/7", "#Saudi"]
    assert texts(m, "e-services 124/7 #SaudiArabia") == []


def test_sorted_by_start() -> None:
    m = TermMatcher([("b", 1), ("a", 2)])
    found = m.find("b a b")
    assert [h.start for h in found] == [0, 2, 4]


def test_empty_terms_and_text() -> None:
    m = TermMatcher([("", 1), ("   ", 2)])
    assert len(m) == 0
    assert m.find("anything") == []
    assert TermMatcher([("x", 1)]).find("") == []


def test_shared_fold() -> None:
    m = TermMatcher([("العميل", 1)])
    text = "والعميل"
    assert m.find(text, fold(text)) == m.find(text)


def test_is_word_char() -> None:
    assert is_word_char("a") and is_word_char("ع") and is_word_char("٣") and is_word_char("_")
    assert is_word_char("\u064e")  # a mark
    assert not is_word_char("'") and not is_word_char(" ") and not is_word_char("-")


def test_many_terms_cost_is_one_pass() -> None:
    terms = [(f"term{i}x", i) for i in range(10_000)] + [("client", "c")]
    m = TermMatcher(terms)
    text = ("our client asked about term42x and nothing else. " * 20_000)[:1_000_000]
    found = m.find(text)  # its speed is measured in bench/, not asserted here
    assert len(found) == 2 * text.count("term42x")
    assert {match.payload for match in found} == {42, "c"}


_ALPHABET = st.sampled_from(
    list("abc AB'’-_.")
    + list("العميلوبفكةىأإآ")
    + ["\u064e", "\u0651", "\u0670", "\u0640", "\u200b", "\u200f", "\u202b", "\ufeff", "\u00ad"]
    + ["\n", "\r\n", "\t", "\u00a0", "😀", "👨\u200d👩\u200d👧", "🇸🇦", "İ", "ς"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join), st.data())
def test_matches_are_exact_slices(text: str, data: st.DataObject) -> None:
    terms = []
    for _ in range(data.draw(st.integers(0, 4))):
        if text:
            i = data.draw(st.integers(0, len(text) - 1))
            j = data.draw(st.integers(i + 1, len(text)))
            terms.append(text[i:j])
    terms.append(data.draw(st.lists(_ALPHABET, min_size=1, max_size=5).map("".join)))
    for clitics, letters in ((True, True), (False, False)):
        matcher = TermMatcher([(t, k) for k, t in enumerate(terms)], clitics=clitics, letters=letters)
        found = matcher.find(text)
        for hit in found:
            assert isinstance(hit, Match)
            assert 0 <= hit.start < hit.end <= len(text)
            assert text[hit.start : hit.end] == hit.text
        assert found == sorted(found, key=lambda h: (h.start, -h.end))


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=30).map("".join))
def test_whole_word_term_is_found_between_spaces(word: str) -> None:
    """A term made of a word, placed alone between spaces, is always found."""
    term = fold(word).text.strip()
    if not term or not all(is_word_char(c) for c in term.replace(" ", "")):
        return
    text = f"x {word} y"
    found = TermMatcher([(word, 1)]).find(text)
    assert found, (word, text)
