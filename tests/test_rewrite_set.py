"""The offline rewriter never makes a text worse, on a set of realistic drafts (tests/rewrite_set).

Each case names a persona, a draft, and what the rewrite must keep, must not contain and should
become (see tests/rewrite_set/msa.yaml). Every rewrite must also keep every number, date, link,
handle, e-mail and quotation of the draft (a retired number or link may become the current one),
pass the meaning gate, leave no stray U+FE0F and no unbalanced quotation mark, and score no worse
than the draft, rule by rule.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from persona.check.engine import check_text
from persona.check.gate import meaning_findings
from persona.loader import PersonaStore
from persona.model import Persona
from persona.rewrite.rules import rewrite_offline
from persona.text import tokens
from persona.text.details import details
from tests.conftest import SAMPLES

SET = Path(__file__).parent / "rewrite_set"
KEPT = ("number", "date", "link", "handle", "email", "quotation")


def cases() -> list[dict[str, Any]]:
    out = []
    for path in sorted(SET.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            out.append({**case, "file": path.name})
    return out


CASES = cases()


@pytest.fixture(scope="module")
def store() -> PersonaStore:
    return PersonaStore.discover([SAMPLES])


def test_the_set_is_large_and_varied() -> None:
    assert len(CASES) >= 40
    assert len({c["id"] for c in CASES}) == len(CASES)
    arabic = [c for c in CASES if any("\u0600" <= ch <= "\u06ff" for ch in c["text"])]
    assert len(arabic) >= 30 and len(CASES) - len(arabic) >= 8
    assert sum("﴿" in c["text"] for c in CASES) and sum("«" in c["text"] for c in CASES) >= 3


def _retired(persona: Persona) -> set[tuple[str, str]]:
    """(kind, key) of the persona's retired values (the rewrite may replace them by the current ones)."""
    return {(d.kind, d.key) for r in persona.facts.retired if r.new for d in details(r.old)}


def _replaced_link(persona: Persona, link: str) -> bool:
    return any(r.new and tokens.link_is_verified(link, [r.old]) for r in persona.facts.retired)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_the_rewrite_is_no_worse(store: PersonaStore, case: dict[str, Any]) -> None:
    persona = store.get(case["persona"])
    channel = case.get("channel") or persona.default_channel
    draft = case["text"]
    result = rewrite_offline(persona, draft, channel=channel)
    text = result.text
    where = f"{case['id']}: {draft!r} -> {text!r}"
    # Every number, date, link, handle, e-mail and quotation is still there.
    found = {(d.kind, d.key) for d in details(text)}
    retired = _retired(persona)
    for detail in details(draft):
        if detail.kind not in KEPT or (detail.kind, detail.key) in retired:
            continue
        if detail.kind == "link" and _replaced_link(persona, detail.text):
            continue
        assert (detail.kind, detail.key) in found, (detail.text, where)
    dropped = [c.from_ for c in result.changes if c.rule == "channel.length"]
    assert meaning_findings(persona, draft, text, channel=channel, dropped=dropped) == [], where
    # What the case says.
    for kept in case.get("keep", []):
        assert kept in text, (kept, where)
    for wrong in case.get("must_not", []):
        assert wrong not in text, (wrong, where)
    for good in case.get("becomes", []):
        assert good in text, (good, where)
    # No stray variation selector, no lone quotation mark.
    emoji = tokens.find_emoji(text)
    for i, ch in enumerate(text):
        if ch == "\ufe0f":
            assert any(e.start <= i <= e.end for e in emoji), where
    assert text.count("«") == text.count("»") and text.count("﴿") == text.count("﴾"), where
    # No worse than the draft: the score, and every rule's count of findings.
    before = check_text(persona, draft, channel=channel)
    assert result.score >= before.score, where
    counts_before = Counter(f.rule for f in before.findings)
    counts_after = Counter(f.rule for f in result.findings)
    assert all(counts_after[rule] <= counts_before[rule] for rule in counts_after), (where, counts_after)
