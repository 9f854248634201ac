"""Post length: X (twitter-text v3) weighting, the overflow offset, other channels."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from persona.text import _xdata
from persona.text.xcount import (
    fit_index_for_channel,
    length_for_channel,
    plain_length,
    x_fit_index,
    x_url_spans,
    x_weighted_length,
)

MAKE_POSTS = Path(__file__).resolve().parents[1] / "corpus" / "make_posts.py"

HAND_MADE = [
    "",
    "a",
    "مرحبا بكم في موقعنا https://www.moj.gov.sa/ar/services?x=1 شكرا",
    "english text 日本語 😷 https://example.com",
    "👨‍👩‍👧‍👦 family 🧑🏽‍💻",
    "🇸🇦🇸🇦 flag 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
    "👍🏽 ok 🏻",
    "1️⃣ #️⃣ *️⃣ 1⃣ keycaps",
    "© ® ™ ‼ ⁉ ↔ ☺ ☺️ ❤ ❤️",
    "line\r\nbreak\rx\ny",
    "e\u0301 cafe\u0301 ا\u0653",
    "example.com and www.test.co.uk/path and moj.gov.sa",
    "http://twitter.com/これは日本語です。example.com中国語",
    "t.co/abc https://t.co/abcdefghij?x=1 https://t.co/" + "a" * 50,
    "x" * 300,
    "ع" * 300,
    "中" * 150,
    "foo.bar baz.qux office. Thank you.",
    "@user.com #tag.com $x.com info@moj.gov.sa",
    "-example.com _x.com .x.com /x.com",
    "(https://en.wikipedia.org/wiki/Foo_(bar)) https://my.gov.sa.evil.com/x)",
    "\u200fexample.com\u200e ‏https://x.com‏",
    "test…example.com a.b.c.d.e.f.com.sa xn--abc.com نص.com كلام",
    "🧑‍🤝‍🧑 🫠 🐦‍🔥 a\u200db\u200c \u2028\u2029\u3000",
    "www.موقع.com Ｈｅｌｌｏ ｅｘａｍｐｌｅ．ｃｏｍ \u212a.com 𝐁𝐨𝐥𝐝",
    "for enquiries call 920000000 or visit https://portal.example.gov.sa\n#Saudi #Vision2030",
]


def test_weights_by_hand() -> None:
    assert x_weighted_length("hello") == 5
    assert x_weighted_length("مرحبا") == 5  # Arabic is in U+0000–U+10FF: weight 1
    assert x_weighted_length("日本") == 4  # CJK: weight 2
    assert x_weighted_length("“quoted” — ok") == 13  # U+2010–U+201F: weight 1
    assert x_weighted_length("😀") == 2
    assert x_weighted_length("👨‍👩‍👧") == 2  # a ZWJ sequence counts once
    assert x_weighted_length("🇸🇦") == 2
    assert x_weighted_length("©") == 2  # in twitter-text's emoji list
    assert x_weighted_length("https://www.moj.gov.sa/" + "x" * 100) == 23
    assert x_weighted_length("see moj.gov.sa") == 4 + 23  # bare domains count as links on X
    assert x_weighted_length("a\r\nb") == 3  # CRLF is one line break
    assert x_weighted_length("e\u0301") == 1  # NFC first


def test_url_spans() -> None:
    text = "Visit https://www.moj.gov.sa/services, or moj.gov.sa. Thanks."
    spans = x_url_spans(text)
    assert [text[a:b] for a, b in spans] == ["https://www.moj.gov.sa/services", "moj.gov.sa"]
    assert x_url_spans("no links here. None.") == []


def test_fit_index_plain_and_arabic() -> None:
    assert x_fit_index("a" * 280, 280) is None
    assert x_fit_index("a" * 281, 280) == 280
    assert x_fit_index("ع" * 300, 280) == 280
    assert x_fit_index("中" * 141, 280) == 140
    assert x_fit_index("", 0) is None


def test_fit_index_units_do_not_split() -> None:
    text = "a" * 270 + " https://example.com/page"
    assert x_weighted_length(text) == 271 + 23
    assert x_fit_index(text, 280) == 271  # the whole link is beyond the limit
    emoji_text = "a" * 279 + "👨‍👩‍👧"
    assert x_fit_index(emoji_text, 280) == 279
    assert x_fit_index(emoji_text, 281) is None
    assert x_fit_index("©", 1) == 0  # an emoji weighs 2 even where its code point weighs 1


def test_fit_index_maps_back_to_original_offsets() -> None:
    text = "ab\r\n" + "c" * 280
    assert x_weighted_length(text) == 283
    i = x_fit_index(text, 280)
    assert i == 281 and text[i] == "c"
    decomposed = "e\u0301" * 300
    i = x_fit_index(decomposed, 280)
    assert i == 560 and decomposed[i] == "e"
    crlf_only = "\r\n" * 10
    assert x_fit_index(crlf_only, 5) == 10  # the 6th line break starts at offset 10


def test_other_channels_count_code_points() -> None:
    text = "مرحبا 👨‍👩‍👧 https://example.com"
    assert plain_length(text) == len(text)
    assert length_for_channel("facebook", text) == len(text)
    assert length_for_channel("X", text) == length_for_channel("twitter", text) == x_weighted_length(text)
    assert fit_index_for_channel("facebook", "abcdef", 4) == 4
    assert fit_index_for_channel("facebook", "abcd", 4) is None
    assert fit_index_for_channel("x", "a" * 281, 280) == 280


# --- agreement with twitter-text-parser (the reference implementation) --------

import twitter_text  # noqa: E402  (the reference implementation, a test dependency)


def reference(text: str) -> int:
    return twitter_text.parse_tweet(text).weightedLength


@pytest.mark.parametrize("text", HAND_MADE)
def test_agrees_with_twitter_text_by_hand(text: str) -> None:
    assert x_weighted_length(text) == reference(text)


def test_agrees_with_twitter_text_on_corpus(tmp_path: Path) -> None:
    out = tmp_path / "posts.jsonl"
    subprocess.run([sys.executable, str(MAKE_POSTS), "2000", "--jsonl", str(out)], check=True)
    posts = [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()]
    mismatches = [p for p in posts if x_weighted_length(p) != reference(p)]
    assert mismatches == []


_PIECES = st.sampled_from(
    [
        "a",
        "Z",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\r",
        ".",
        "/",
        "-",
        "_",
        "@",
        "#",
        "(",
        ")",
        "?",
        "=",
        "com",
        "sa",
        "gov",
        "www.",
        "https://",
        "http://",
        "t.co/",
        "x.com",
        "moj.gov.sa/s",
        "ع",
        "م",
        "\u064e",
        "\u0640",
        "\u200b",
        "\u200f",
        "e\u0301",
        "\u0301",
        "ا\u0653",
        "中",
        "한",
        "😀",
        "👍🏽",
        "👨‍👩‍👧",
        "🇸🇦",
        "1️⃣",
        "©",
        "™",
        "\ufe0f",
        "\u200d",
        "…",
        "“",
        "\u3000",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_agrees_with_twitter_text_on_random_text(text: str) -> None:
    assert x_weighted_length(text) == reference(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_fit_index_is_consistent(text: str) -> None:
    total = x_weighted_length(text)
    assert x_fit_index(text, total) is None
    if total:
        i = x_fit_index(text, total - 1)
        assert i is not None and 0 <= i < len(text)


def test_vendored_data_matches_installed_twitter_text() -> None:
    from persona.text._gen_xdata import collect

    fresh = collect()
    for name, value in fresh.items():
        assert getattr(_xdata, name) == value, name
