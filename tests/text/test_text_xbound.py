"""Issue 18: channel.length's quick bound is never below X's exact weighted length."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from persona.check.engine import check_text
from persona.check.registry import example_persona
from persona.text.xbound import x_upper_bound
from persona.text.xcount import x_weighted_length

# Code points NFC turns into more than one (U+0344 → 2, U+FB2C → 3, U+1D15E → 2, U+1D160 → 3).
EXPANDING = sorted(
    chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and len(unicodedata.normalize("NFC", chr(c))) > 1
)

ADVERSARIAL = [
    "©",
    "®",
    "™",
    "‼",
    "中",
    "한",
    "😀",
    "👍🏽",
    "🇸🇦",
    "1️⃣",
    "#⃣",
    "\ufe0f",
    "\u200d",
    "\u0344",
    "\ufb2c",
    "\U0001d15e",
    "\U0001d160",
    "\u0958",
    "\u2adc",
    "t.co",
    "a.co",
    "x.com",
    "https://t.co/x",
    "moj.gov.sa",
    "وزارة.السعودية",
    ".",
    " ",
    "\r\n",
    "\r",
    "ع",
    "e\u0301",
    "ا\u0653",
]


def test_expanding_characters_are_known() -> None:
    assert {"\u0344", "\ufb2c", "\U0001d15e", "\U0001d160"} <= set(EXPANDING)


@pytest.mark.parametrize(
    "text",
    [
        "©" * 141,
        "®" * 200,
        "\ufb2c" * 100,
        "\U0001d160" * 60,
        "\u0344" * 141,
        "t.co " * 12,
        "تابعوا الخدمات الجديدة © الوزارة ® " * 6 + "©" * 20,
    ],
)
def test_bound_on_adversarial_text(text: str) -> None:
    assert x_upper_bound(text) >= x_weighted_length(text)


_PIECE = st.one_of(
    st.sampled_from(ADVERSARIAL),
    st.sampled_from(EXPANDING),
    st.characters(codec="utf-8"),
    st.text(max_size=5),
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECE, max_size=40).map("".join))
def test_bound_is_never_low_on_random_text(text: str) -> None:
    assert x_upper_bound(text) >= x_weighted_length(text)


@pytest.mark.parametrize("text", ["©" * 141, "\ufb2c" * 100, "نص " * 20 + "©" * 120])
def test_over_length_posts_of_light_emoji_and_expanding_characters_get_a_finding(text: str) -> None:
    assert x_weighted_length(text) > 280
    rules = [f.rule for f in check_text(example_persona(), text, channel="x").findings]
    assert "channel.length" in rules
