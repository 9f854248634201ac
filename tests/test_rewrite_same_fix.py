"""One fix text everywhere: the rules rewriter writes exactly the checker's fixes.

The rewriter has no fix of its own for a checker rule: it applies the fixes the checker attaches
to its findings (:mod:`persona.rewrite.steps.fixes`). This walks every rule example and every
sample persona example (before and after) and checks, for every fix the rewriter may apply in its
first pass, that it either wrote that fix exactly (the same edit text) or left the finding for
the writer (because applying it would have made the text worse). It never writes another text
for the same finding.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from persona.check.engine import check_text
from persona.check.registry import all_rules, example_persona
from persona.loader import PersonaStore
from persona.model import Persona, text_variants
from persona.rewrite.steps import rewrite_document
from persona.rewrite.steps.document import Document
from persona.rewrite.steps.fixes import fixes_to_apply
from tests.conftest import SAMPLES


def drafts() -> Iterator[tuple[str, Persona, str, str | None]]:
    for rule in all_rules():
        for i, example in enumerate(rule.examples):
            if example.source is None:  # meaning.* examples are rewrites of a source
                yield f"{rule.id}#{i}", example_persona(example.persona), example.text, example.channel
    store = PersonaStore.discover([SAMPLES])
    for persona_id in store.ids():
        persona = store.get(persona_id)
        for i, example in enumerate(persona.examples):
            for side, value in (("before", example.before), ("after", example.after)):
                for text in text_variants(value):
                    yield f"{persona_id}#{i}.{side}", persona, text, example.channel


DRAFTS = list(drafts())


def test_the_walk_covers_every_fixing_rule() -> None:
    fixed = {f.rule for _, persona, text, channel in DRAFTS
             for f in check_text(persona, text, channel=channel).findings if f.fix and f.fix.applies()}
    assert {"vocabulary.prefer", "voice.exclamations", "voice.contractions", "voice.emoji", "voice.informal",
            "facts.retired"} <= fixed


@pytest.mark.parametrize(("name", "persona", "text", "channel"), DRAFTS, ids=[d[0] for d in DRAFTS])
def test_the_rewriter_writes_the_checkers_fix(name: str, persona: Persona, text: str, channel: str | None) -> None:
    candidates = fixes_to_apply(Document(persona, text, channel))
    rewritten = rewrite_document(persona, text, channel)
    written = {(c.rule, c.from_, c.to) for c in rewritten.changes}
    left = {(f.rule, f.match) for f in rewritten.result.findings}
    for candidate in candidates:
        finding = candidate.finding
        edits = {(finding.rule, text[e.start:e.end].strip(), e.text.strip()) for e in candidate.fix.edits
                 if not (e.end - e.start == 1 and text[e.start:e.end].lower() == e.text.lower())}
        if edits <= written:
            continue  # the checker's very fix
        assert (finding.rule, finding.match) in left, (name, finding, rewritten.text, rewritten.changes)
        # Left for the writer: then no other text was written for it.
        assert not any(rule == finding.rule and old == finding.match for rule, old, _ in written), name


def test_dont_is_do_not_in_both() -> None:
    persona = example_persona({})
    [finding] = [f for f in check_text(persona, "DON'T WAIT.").findings if f.rule == "voice.contractions"]
    assert finding.suggestion == "DO NOT" and finding.fix is not None
    assert [e.text for e in finding.fix.edits] == ["DO NOT"]
    assert rewrite_document(persona, "DON'T WAIT.").text.startswith("DO NOT WAIT.")
    [finding] = [f for f in check_text(persona, "Don't wait.").findings if f.rule == "voice.contractions"]
    assert finding.suggestion == "Do not"
    assert rewrite_document(persona, "Don't wait.").text.startswith("Do not wait.")


def test_no_fix_code_in_the_rewriter() -> None:
    """The rewriter's steps never name a checker rule's replacement lists (one home for each fix)."""
    steps = Path(__file__).resolve().parent.parent / "persona" / "rewrite" / "steps"
    source = "\n".join(p.read_text(encoding="utf-8") for p in steps.glob("*.py"))
    for name in ("contractions(", "register_pairs(lang, \"formal\")", "retired_phones", "exclamations("):
        assert name not in source, name
