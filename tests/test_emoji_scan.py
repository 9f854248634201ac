"""The emoji table (persona/text/_emoji_data.py) is the installed ``emoji`` package's, and the scanner
finds what ``emoji.emoji_list`` finds: on every emoji, on sequences the package takes apart, on text."""

from __future__ import annotations

from pathlib import Path

import emoji
from hypothesis import given, settings
from hypothesis import strategies as st

from persona.text import _emoji_data
from persona.text._gen_emoji_data import collect, render
from persona.text.emoji_scan import emoji_spans

# What emoji sequences are made of, and what breaks them.
PARTS = ["\u200d", "\ufe0f", "\ufe0e", "\u20e3", "🏻", "🏽", "🏿", "🦰", "🦳", "👨", "👩", "👧", "❤", "💋", "🇸", "🇦",
         "🏳", "🌈", "#", "1", "*", "©", "™", "a", " ", "ب", "\U000e0067", "\U000e007f", "🏴", "☝"]


def _reference(text: str) -> list[tuple[int, int]]:
    return [(e["match_start"], e["match_end"]) for e in emoji.emoji_list(text)]


def test_the_table_is_the_installed_packages() -> None:
    version, every, components = collect()
    assert (version, every, components) == (_emoji_data.EMOJI_VERSION, _emoji_data.EMOJI, _emoji_data.COMPONENTS)
    assert render(version, every, components) == Path(_emoji_data.__file__).read_text(encoding="utf-8")
    assert len(every) > 4000 and components


def test_every_emoji_alone_and_in_text() -> None:
    for item in _emoji_data.EMOJI:
        for text in (item, f"x{item}y", f"{item}{item}", f"{item}\u200d{item}", f"مرحبا {item}!"):
            assert emoji_spans(text) == _reference(text), ascii(text)


@settings(max_examples=3000)
@given(st.lists(st.sampled_from(PARTS + _emoji_data.EMOJI[::7]), max_size=12))
def test_random_sequences(parts: list[str]) -> None:
    text = "".join(parts)
    assert emoji_spans(text) == _reference(text), ascii(text)


@given(st.text(max_size=40))
def test_any_text(text: str) -> None:
    assert emoji_spans(text) == _reference(text), ascii(text)


def test_non_rgi_sequences_are_taken_apart_as_the_package_does() -> None:
    for text in ["👨\u200d🦰\u200d👧", "👍🏽\u200d❤", "🏽\u200d👨", "\u200d👨", "👨\u200d", "👨\u200d\u200d👩",
                 "❤\ufe0f\u200d🔥\u200d🔥", "🇸🇦🇸", "1\ufe0f\u20e3\u20e3"]:
        assert emoji_spans(text) == _reference(text), ascii(text)


def test_a_long_run_of_emoji_is_found_but_not_remembered() -> None:
    from persona.text import emojis

    run = "🎉" * 200
    before = len(emojis._EMOJI_RUNS)
    assert emojis.emoji_offsets("x " + run) == [(2 + i, 3 + i) for i in range(200)]
    assert len(emojis._EMOJI_RUNS) == before
