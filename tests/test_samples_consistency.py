"""The sample personas practise what they preach: every `after` example passes its own
persona's checker, and every `before` example is caught."""

from __future__ import annotations

import pytest

from persona.check.engine import check_text
from persona.loader import PersonaStore
from persona.model import text_variants
from tests.conftest import SAMPLES

STORE = PersonaStore.discover([SAMPLES])
CASES = [(pid, i, example) for pid in STORE.ids() for i, example in enumerate(STORE.get(pid).examples)]


@pytest.mark.parametrize(("persona_id", "index", "example"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_after_passes_and_before_is_caught(persona_id, index, example):
    persona = STORE.get(persona_id)
    for after in text_variants(example.after):
        result = check_text(persona, after, channel=example.channel, intent=example.intent)
        assert result.findings == [], (after, [(f.rule, f.match, f.message) for f in result.findings])
    for before in text_variants(example.before):
        result = check_text(persona, before, channel=example.channel, intent=example.intent)
        assert result.findings, before
