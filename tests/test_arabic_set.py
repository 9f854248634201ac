"""The realistic evaluation set (tests/arabic_set): every expected finding is reported, no must-not finding is.

Each draft lists *every* finding of the evaluated rules it should get (`expect`), so a finding of
those rules that is not listed fails too: the set measures precision as well as recall
(`python bench/arabic_quality.py` prints both per rule).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from persona.check.engine import check_text
from persona.model import Persona

SET = Path(__file__).parent / "arabic_set"
EVALUATED = {"vocabulary.prefer", "vocabulary.avoid", "values.contradiction", "facts.retired",
             "facts.unverified", "facts.date", "voice.informal", "voice.person"}
PERSONA = Persona.model_validate(yaml.safe_load((SET / "persona.yaml").read_text(encoding="utf-8")))
DRAFTS = [d for path in sorted(SET.glob("*.yaml")) if path.name != "persona.yaml"
          for d in yaml.safe_load(path.read_text(encoding="utf-8"))]


def parse(item: str) -> tuple[str, str | None]:
    rule, _, match = item.partition(": ")
    return rule.strip(), match or None


def test_the_set_is_big_and_varied() -> None:
    assert len(DRAFTS) >= 50
    assert len({d["id"] for d in DRAFTS}) == len(DRAFTS)
    arabic = [d for d in DRAFTS if any("\u0600" <= c <= "\u06ff" for c in d["text"])]
    assert len(arabic) >= 40
    assert sum(1 for d in DRAFTS if d.get("must_not")) >= 15


@pytest.mark.parametrize("draft", DRAFTS, ids=[d["id"] for d in DRAFTS])
def test_draft(draft: dict) -> None:
    result = check_text(PERSONA, draft["text"])
    got = sorted((f.rule, f.match) for f in result.findings if f.rule in EVALUATED)
    expected = sorted(parse(item) for item in draft.get("expect") or [])
    assert got == expected, draft["text"]
    for item in draft.get("must_not") or []:
        rule, match = parse(item)
        assert not any(f.rule == rule and (match is None or f.match == match) for f in result.findings), item
    for finding in result.findings:
        assert draft["text"][finding.start:finding.end] == finding.match
