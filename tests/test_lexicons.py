"""The built-in language data (persona/data) and its loader (persona.lexicons)."""

from __future__ import annotations

import re

import pytest

from persona import lexicons
from persona.lexicons import InformalTerm, RegisterPair
from persona.text.matcher import TermMatcher
from persona.text.normalize import fold_term

LANGS = ("en", "ar")
DIRECTIONS = ("formal", "warm")
ARABIC_MARKS_RE = re.compile("[\u064b-\u065f\u0670\u0640]")  # tashkeel, superscript alef, tatweel
ARABIC_LETTER_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
CATEGORIES = {
    "en": {"slang", "greeting", "abbreviation", "intensifier"},
    "ar": {"dialect", "greeting", "slang", "intensifier"},
}


def listing(text: str, sep: str | None = None) -> list[str]:
    """A word list written as one string (``sep`` between items; whitespace by default)."""
    return [item.strip() for item in text.split(sep) if item.strip()]


# Normal Modern Standard Arabic words (or names) that look like dialect: never informal.
MSA_WORDS = listing(
    "مرة بوش الآن كذلك اليوم ترى تراه ترانا كذا سوى ماله أبشر ابشر أبشروا ابشروا زين هلا طيب حلو "
    "عادي تمام يعني صار يصير حيل حبتين تبين يبغون بكرة مرسي حياك حياكم تسلم مشكور زي جيب يجيب جاب شو "
    "توني تونا حنا أبي لين فلوس عيال ربعي ودي قدام برا جوا سويت كيف لماذا ماذا أين متى جدا نحن هذه "
    "الذي ما لا "
)
# Normal formal English: never informal.
FORMAL_EN_WORDS = listing(
    "great|new|check|check out|thanks|thank you|hello|good morning|please|welcome|dear|info|ok|okay|"
    "cool|tons of|a ton of|thru|later|take care|tech|app|fr|rn|np|pm|msg|imo|fab|no problem|no way|"
    "drop by|all good|on the house",
    sep="|",
)


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def contains_phrase(text: str, phrase: str) -> bool:
    """``phrase`` occurs in ``text`` as whole words (case-insensitive)."""
    hay, needle = tokens(text), tokens(phrase)
    return any(hay[i : i + len(needle)] == needle for i in range(len(hay) - len(needle) + 1))


def informal(lang: str) -> set[str]:
    return {t.term for t in lexicons.informal_terms(lang)}


def all_arabic_strings() -> list[str]:
    strings = [t.term for t in lexicons.informal_terms("ar")]
    for direction in DIRECTIONS:
        for pair in lexicons.register_pairs("ar", direction):
            strings += [pair.source, pair.target]
    return strings + list(lexicons.first_person("ar"))


# --- sizes -------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_enough_informal_terms(lang: str) -> None:
    assert len(lexicons.informal_terms(lang)) >= 150


@pytest.mark.parametrize("lang", LANGS)
def test_enough_register_pairs(lang: str) -> None:
    assert len(lexicons.register_pairs(lang, "formal")) >= 100
    assert len(lexicons.register_pairs(lang, "warm")) >= 40


def test_enough_contractions() -> None:
    assert len(lexicons.contractions()) >= 60


# --- well-formed entries -------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_informal_terms_are_unique_and_categorised(lang: str) -> None:
    terms = lexicons.informal_terms(lang)
    keys = [fold_term(t.term, letters=False) for t in terms]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    assert {t.category for t in terms} <= CATEGORIES[lang]
    assert {"greeting"} <= {t.category for t in terms}


@pytest.mark.parametrize("lang", LANGS)
def test_entries_are_already_in_matching_form(lang: str) -> None:
    """No stray spaces, zero-width characters, capitals (English) or marks: what is listed is matched."""
    strings = [t.term for t in lexicons.informal_terms(lang)]
    strings += [p.source for p in lexicons.register_pairs(lang, "formal")]
    for s in strings:
        assert s and fold_term(s, letters=False) == s, s


@pytest.mark.parametrize(("lang", "direction"), [(lang, d) for lang in LANGS for d in DIRECTIONS])
def test_register_pairs_are_unique_and_change_something(lang: str, direction: str) -> None:
    pairs = lexicons.register_pairs(lang, direction)
    sources = [p.source.lower() for p in pairs]
    assert len(sources) == len(set(sources)), sorted(s for s in sources if sources.count(s) > 1)
    for pair in pairs:
        assert pair.source.strip() == pair.source and pair.target.strip() == pair.target, pair
        assert pair.source.lower() != pair.target.lower(), pair


def test_english_informal_terms_are_lower_case_latin() -> None:
    for term in informal("en"):
        assert re.fullmatch(r"[a-z0-9][a-z0-9' -]*[a-z0-9]|[a-z]", term), term


def test_english_register_case() -> None:
    """Casual side lower-case; formal side lower-case, except a greeting, written as it opens a message."""
    for direction in DIRECTIONS:
        for pair in lexicons.register_pairs("en", direction):
            assert pair.source == pair.source.lower(), pair
            if pair.is_greeting:
                assert pair.target[0].isupper(), pair
            else:
                assert pair.target == pair.target.lower(), pair


def test_arabic_has_no_diacritics_or_tatweel() -> None:
    offenders = [s for s in all_arabic_strings() if ARABIC_MARKS_RE.search(s)]
    assert not offenders


def test_arabic_entries_are_in_arabic_script() -> None:
    for s in all_arabic_strings():
        letters = [ch for ch in s if ch.isalpha()]
        assert letters and all(ARABIC_LETTER_RE.match(ch) for ch in letters), s


# --- linguistic sanity ---------------------------------------------------------


def test_msa_words_are_not_informal() -> None:
    listed = informal("ar")
    assert [w for w in MSA_WORDS if w in listed] == []


def test_formal_english_words_are_not_informal() -> None:
    listed = informal("en")
    assert [w for w in FORMAL_EN_WORDS if w in listed] == []


def test_dialect_words_the_spec_names_are_informal() -> None:
    listed = informal("ar")
    for word in (
        "وش",
        "ليش",
        "ابغى",
        "أبغى",
        "مره",
        "الحين",
        "عشان",
        "ايش",
        "إيش",
        "يا هلا",
        "يعطيكم العافية",
    ):
        assert word in listed, word
    listed = informal("en")
    for word in (
        "gonna",
        "wanna",
        "awesome",
        "guys",
        "folks",
        "y'all",
        "lol",
        "omg",
        "btw",
        "hey",
        "hey folks",
    ):
        assert word in listed, word


def test_strict_matching_keeps_once_apart_from_very() -> None:
    """With the real data and the checker's strict matcher: «مره» is found, «مرة» "once" is not."""
    matcher = TermMatcher(((t.term, t) for t in lexicons.informal_terms("ar")), clitics=False, letters=False)
    found = [m.text for m in matcher.find("الخدمة مره سهلة، جربها مرة واحدة الآن")]
    assert found == ["مره"]
    assert matcher.find("يسرنا أن نعلن أن الخدمة متاحة الآن عبر المنصة.") == []


@pytest.mark.parametrize(("lang", "direction"), [(lang, d) for lang in LANGS for d in DIRECTIONS])
def test_targets_contain_no_informal_term(lang: str, direction: str) -> None:
    """The formal side of a casual pair, and the warm side of a formal one, is never slang or dialect."""
    markers = informal(lang)
    for pair in lexicons.register_pairs(lang, direction):
        hits = [m for m in markers if contains_phrase(pair.target, m)]
        assert not hits, (pair, hits)


@pytest.mark.parametrize("lang", LANGS)
def test_stiff_side_of_warm_pairs_is_not_informal(lang: str) -> None:
    markers = informal(lang)
    for pair in lexicons.register_pairs(lang, "warm"):
        assert not [m for m in markers if contains_phrase(pair.source, m)], pair


@pytest.mark.parametrize(("lang", "direction"), [(lang, d) for lang in LANGS for d in DIRECTIONS])
def test_rewriting_is_idempotent(lang: str, direction: str) -> None:
    """No target contains a source of the same table, so applying it twice changes nothing more."""
    pairs = lexicons.register_pairs(lang, direction)
    for pair in pairs:
        again = [p.source for p in pairs if contains_phrase(pair.target, p.source)]
        assert not again, (pair, again)


@pytest.mark.parametrize("lang", LANGS)
def test_single_word_casual_sides_are_informal_markers(lang: str) -> None:
    """A one-word casual side is flagged by the checker too: never a fix for what no one reports."""
    markers = informal(lang)
    missing = [p.source for p in lexicons.register_pairs(lang, "formal") if " " not in p.source]
    assert [s for s in missing if s not in markers] == []


@pytest.mark.parametrize("lang", LANGS)
def test_casual_phrases_with_a_marker_are_markers_themselves(lang: str) -> None:
    """«عشان كذا» must be flagged as a whole, so the suggestion is «لذلك», not «لكي» for «عشان» alone."""
    markers = informal(lang)
    for pair in lexicons.register_pairs(lang, "formal"):
        if any(contains_phrase(pair.source, m) for m in markers):
            assert pair.source in markers, pair


def test_arabic_casual_sides_all_contain_a_marker() -> None:
    markers = informal("ar")
    for pair in lexicons.register_pairs("ar", "formal"):
        assert any(contains_phrase(pair.source, m) for m in markers), pair


@pytest.mark.parametrize("lang", LANGS)
def test_greeting_flag_agrees_with_category(lang: str) -> None:
    categories = {t.term: t.category for t in lexicons.informal_terms(lang)}
    for pair in lexicons.register_pairs(lang, "formal"):
        if pair.source in categories:
            assert pair.is_greeting == (categories[pair.source] == "greeting"), pair


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_english_targets_use_no_contractions(direction: str) -> None:
    for pair in lexicons.register_pairs("en", direction):
        assert "'" not in pair.target and "\u2019" not in pair.target, pair


def test_a_and_an_still_agree_after_rewriting() -> None:
    """Where the casual side starts with an article, the formal side carries the right one."""
    for pair in lexicons.register_pairs("en", "formal"):
        first, *rest = pair.target.split()
        if first in ("a", "an") and rest:
            assert (first == "an") == (rest[0][0] in "aeiou"), pair


# --- contractions --------------------------------------------------------------


def test_contractions_shape() -> None:
    table = lexicons.contractions()
    for short, full in table.items():
        assert "'" in short and "\u2019" not in short, short
        assert short == short.lower(), short
        assert "'" not in full and full, (short, full)
        assert full.split()[0] in ("I", "cannot") or full == full.lower(), (short, full)


def test_common_contractions_expand() -> None:
    table = lexicons.contractions()
    expected = {
        "don't": "do not",
        "won't": "will not",
        "can't": "cannot",
        "it's": "it is",
        "we're": "we are",
        "i'm": "I am",
        "let's": "let us",
        "ain't": "is not",
        "they'll": "they will",
        "i'd": "I would",
    }
    assert {k: table[k] for k in expected} == expected


def test_contractions_are_not_slang_and_slang_is_not_contractions() -> None:
    table = lexicons.contractions()
    assert "gonna" not in table and "y'all" not in table
    assert not set(table) & informal("en")


def test_contractions_returns_a_fresh_dict() -> None:
    table = lexicons.contractions()
    table["don't"] = "changed"
    assert lexicons.contractions()["don't"] == "do not"


# --- first person --------------------------------------------------------------


def test_first_person_words() -> None:
    en, ar = lexicons.first_person("en"), lexicons.first_person("ar")
    assert {"I", "me", "my", "myself"} <= set(en)
    assert {"أنا", "انا"} <= set(ar)
    for ambiguous in ("mine", "we", "لي", "بي", "نفسي", "لدي", "لدى", "نحن"):
        assert ambiguous not in en + ar
    assert len(en) == len(set(en)) and len(ar) == len(set(ar))


# --- loader --------------------------------------------------------------------


def test_api_types_and_cache() -> None:
    term = lexicons.informal_terms("en")[0]
    pair = lexicons.register_pairs("en", "formal")[0]
    assert isinstance(term, InformalTerm) and isinstance(pair, RegisterPair)
    assert lexicons.informal_terms("en") is lexicons.informal_terms("en")
    assert lexicons.register_pairs("EN", "formal") == lexicons.register_pairs("en", "formal")
    with pytest.raises(AttributeError):
        term.term = "x"  # type: ignore[misc]


@pytest.mark.parametrize("lang", ["fr", "", "xx-YY", "../data/informal_en", "EN/../ar"])
def test_unknown_language_is_empty(lang: str) -> None:
    assert lexicons.informal_terms(lang) == ()
    assert lexicons.register_pairs(lang, "formal") == ()
    assert lexicons.register_pairs(lang, "warm") == ()
    assert lexicons.first_person(lang) == ()


def test_unknown_direction_raises() -> None:
    with pytest.raises(ValueError, match="direction"):
        lexicons.register_pairs("en", "casual")  # type: ignore[arg-type]


def test_comments_blank_lines_and_default_category() -> None:
    text = "# header\n\ngonna\tslang\n  # indented comment\nfoo\n"
    assert lexicons._parse_informal(text, "t.txt") == (
        InformalTerm("gonna", "slang"),
        InformalTerm("foo", "slang"),
    )
    reviewed = lexicons._parse_informal("وش\tdialect\tGulf 'what' (MSA ماذا)\n", "t.txt")
    assert reviewed == (InformalTerm("وش", "dialect", "Gulf 'what' (MSA ماذا)"),)
    pairs = lexicons._parse_pairs("hey\tHello\tgreeting\nkids\tchildren\n", "t.tsv")
    assert pairs == (RegisterPair("hey", "Hello", True), RegisterPair("kids", "children", False))


@pytest.mark.parametrize(
    ("parse", "text", "line"),
    [
        (lexicons._parse_informal, "ok\tslang\tnote\nbad\tslang\tnote\textra\n", 2),
        (lexicons._parse_informal, "ok\tslang\t\n", 1),
        (lexicons._parse_informal, "# c\nword\tnot-a-category\n", 2),
        (lexicons._parse_informal, "word\t\n", 1),
        (lexicons._parse_pairs, "a\tb\n\nonly-one-field\n", 3),
        (lexicons._parse_pairs, "a    b\n", 1),
        (lexicons._parse_pairs, "a\tb\tgreetings\n", 1),
        (lexicons._parse_pairs, "\tb\n", 1),
        (lexicons._parse_cta, "call\tstart\nbook\teverywhere\n", 2),
        (lexicons._parse_cta, "call\n", 1),
        (lexicons._parse_contractions, "don't\tdo not\ndon't\tdo not\n", 2),
        (lexicons._parse_first_person, "english\tI\n", 1),
    ],
)
def test_malformed_line_names_file_and_line(parse, text: str, line: int) -> None:
    with pytest.raises(ValueError, match=rf"persona/data/broken\.tsv, line {line}:"):
        parse(text, "broken.tsv")


def test_calls_to_action_are_data() -> None:
    for lang in ("en", "ar"):
        entries = lexicons.calls_to_action(lang)
        assert entries and {e.anywhere for e in entries} == {True, False}
    assert lexicons.CallToAction("call", False) in lexicons.calls_to_action("en")
    assert lexicons.CallToAction("للاستفسار", True) in lexicons.calls_to_action("ar")
    assert lexicons.calls_to_action("xx") == ()


def test_every_arabic_entry_carries_an_editors_review() -> None:
    """issue 13: each Saudi/Gulf marker says why it is dialect and what MSA it could be taken for."""
    terms = lexicons.informal_terms("ar")
    unreviewed = [t.term for t in terms if not t.review.strip()]
    assert not unreviewed, f"entries without a review: {unreviewed}"
    # a review is a note, not a copy of the term or its category
    assert all(t.review not in (t.term, t.category) and len(t.review) >= 10 for t in terms)


REVIEW_REMOVED = listing("واو بتوصل بتخلص زيك زيكم يسوى")


@pytest.mark.parametrize("word", REVIEW_REMOVED)
def test_entries_removed_at_review_stay_out(word: str) -> None:
    """MSA look-alikes the review took out: neither a marker nor a casual side to swap."""
    assert word not in {t.term for t in lexicons.informal_terms("ar")}
    assert word not in {p.source for p in lexicons.register_pairs("ar", "formal")}
    matcher = TermMatcher(((t.term, t) for t in lexicons.informal_terms("ar")), clitics=False, letters=False)
    sentence = {"واو": "تحذف واو الجماعة", "بتوصل": "نرحب بتوصل الطرفين إلى اتفاق",
                "بتخلص": "يسمح بتخلص المنشآت من النفايات", "زيك": "ارتد زيك المدرسي",
                "زيكم": "احضروا زيكم الرياضي", "يسوى": "يسوى النزاع وديا"}[word]
    assert not matcher.find(sentence)
