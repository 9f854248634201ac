"""Folding: what is removed, what is mapped, and the way back to the original."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from persona.text.normalize import Folded, fold, fold_term, is_arabic, strip_marks


def test_identity_when_nothing_is_removed() -> None:
    f = fold("Hello World")
    assert f.text == "hello world"
    assert f.origin is None
    assert f.span(6, 11) == (6, 11)


@pytest.mark.parametrize(
    ("original", "folded"),
    [
        ("العَمِيلَ", "العميل"),  # tashkeel
        ("الزبـــون", "الزبون"),  # tatweel
        ("إِنَّ", "ان"),  # shadda + hamza-below alef
        ("أحمد إلى آمنة ٱلله", "احمد الي امنه الله"),  # letter variants
        ("guar\u200bantee", "guarantee"),  # zero-width space
        ("\u202bمرحبا\u202c", "مرحبا"),  # bidi embedding
        ("soft\u00adware", "software"),
        ("\ufeffBOM", "bom"),
        ("a\u061cb", "ab"),  # Arabic letter mark
        ("ذَٰلِكَ", "ذلك"),  # superscript alef U+0670
        ("قَالُوٓا۟", "قالوا"),  # Quranic marks U+0653 and U+06DF
    ],
)
def test_removals_and_letter_folds(original: str, folded: str) -> None:
    assert fold(original).text == folded


def test_strict_form_keeps_letters() -> None:
    assert fold("مرّة أخرى", letters=False).text == "مرة أخرى"
    assert fold("مرّة أخرى").text == "مره اخري"
    assert fold_term("  مـرة ", letters=False) == "مرة"


def test_whitespace_runs_become_one_space() -> None:
    text = "print  the\r\n\tform\u00a0now \u200b  x"
    f = fold(text)
    assert f.text == "print the form now x"
    assert f.origin is not None
    assert len(f.origin) == len(f.text) + 1
    assert f.origin[-1] == len(text)
    # "form" begins after "\r\n\t": offsets are those of the original
    i = f.text.index("form")
    assert f.span(i, i + 4) == (text.index("form"), text.index("form") + 4)


def test_crlf_offsets() -> None:
    text = "line one\r\nline two\r\nclient"
    f = fold(text)
    i = f.text.index("client")
    start, end = f.span(i, i + 6)
    assert text[start:end] == "client"
    assert start == len(text) - 6


def test_case_folding_is_one_to_one() -> None:
    text = "İSTANBUL ÇA ĞÜ Straße ΟΔΟΣ ǅ"
    f = fold(text)
    assert f.origin is None
    assert len(f.text) == len(text)
    assert f.text.startswith("istanbul ça ğü straße")
    assert "ς" not in f.text  # final sigma folded to σ


def test_typographic_apostrophes() -> None:
    assert fold("client’s ‘x ʼy").text == "client's 'x 'y"


def test_span_extends_over_trailing_marks_not_controls() -> None:
    text = "العميلُ\u200b و"
    f = fold(text)
    start, end = f.span(0, 6)  # folded "العميل"
    assert text[start:end] == "العميلُ"  # damma included, ZWSP not
    text2 = "الزبونـــ x"
    f2 = fold(text2)
    assert text2[slice(*f2.span(0, 6))] == "الزبونـــ"
    text3 = "abc  "
    assert fold(text3).span(0, 3) == (0, 3)  # never over whitespace


def test_span_start_skips_leading_removed_chars() -> None:
    text = "\u200bguarantee"
    f = fold(text)
    assert text[slice(*f.span(0, 9))] == "guarantee"


def test_empty_span_and_empty_text() -> None:
    assert fold("").text == ""
    assert fold("").span(0, 0) == (0, 0)
    f = fold("a\u200bb")
    assert f.span(1, 1) == (2, 2)


def test_fold_term_strips_and_collapses() -> None:
    assert fold_term("  Print   THE form ") == "print the form"
    assert fold_term("العَمِيل") == "العميل"


def test_is_arabic() -> None:
    assert is_arabic("hello عميل")
    assert not is_arabic("hello 123")


def test_strip_marks() -> None:
    assert strip_marks("العَمِيلُ الزبـون\u200b") == "العميل الزبون"


def test_folded_is_frozen() -> None:
    f = fold("x")
    assert isinstance(f, Folded)
    with pytest.raises(AttributeError):
        f.text = "y"  # type: ignore[misc]


def test_mark_alone_between_spaces_leaves_one_space() -> None:
    text = "ب ـ ج \u064b د"
    f = fold(text)
    assert f.text == "ب ج د"
    assert f.origin is not None
    assert [text[f.origin[i]] for i in range(len(f.text))] == list("ب ج د")


# --- property: fold equals a naive per-character reference --------------------------

_DELETED = set(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640", "\u00ad", "\u061c", "\ufeff"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + [chr(c) for c in (*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065))]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
_LETTERS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"}


def naive_fold(text: str, letters: bool) -> tuple[str, list[int]]:
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch in _DELETED:
            continue
        if ch.isspace():
            if out and out[-1] == " ":
                continue
            ch = " "
        ch = "i" if ch == "İ" else ch.lower()
        ch = {"’": "'", "‘": "'", "ʼ": "'", "ς": "σ"}.get(ch, ch)
        if letters:
            ch = _LETTERS.get(ch, ch)
        out.append(ch)
        origin.append(i)
    return "".join(out), [*origin, len(text)]


_CHARS = st.sampled_from(
    [
        *"aZ 'ابةىأإآٱ’İΣς_-.",
        *("\u064e", "\u0651", "\u0670", "\u0640", "\u06d6", "\u200b", "\u200f", "\u202b", "\u2066"),
        *("\ufeff", "\u00ad", "\u061c", "\n", "\r\n", "\t", "\u00a0", "\u3000", "\u2028", "😀", "\u0301"),
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_CHARS, max_size=40).map("".join), st.booleans())
def test_fold_matches_naive_reference(text: str, letters: bool) -> None:
    expected_text, expected_origin = naive_fold(text, letters)
    f = fold(text, letters=letters)
    assert f.text == expected_text
    origin = f.origin if f.origin is not None else [*range(len(text) + 1)]
    assert origin == expected_origin
    assert "  " not in f.text
