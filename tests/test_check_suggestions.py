"""A suggestion is what the rewriter would write: the writer's case and Arabic proclitics kept."""

from __future__ import annotations

import pytest

from persona.check.engine import check_text
from persona.check.registry import example_persona
from persona.rewrite.rules import rewrite_text

PERSONA = example_persona()


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("Customers can book online.", "Beneficiaries"),
        ("CUSTOMERS can book online.", "BENEFICIARIES"),
        ("Our customers can book online.", "beneficiaries"),
        ("متاحة للعملاء على مدار الساعة", "للمستفيدين"),
        ("نرحب بالعملاء في البوابة", "بالمستفيدين"),
        ("والعملاء مرحب بهم", "والمستفيدين"),
        ("العملاء مرحب بهم", "المستفيدين"),
    ],
)
def test_prefer_suggestion_is_inflected_like_the_match(text, suggestion):
    [finding] = [f for f in check_text(PERSONA, text).findings if f.rule == "vocabulary.prefer"]
    assert finding.suggestion == suggestion
    assert suggestion in rewrite_text(PERSONA, text)[0]  # the rewriter writes exactly that
