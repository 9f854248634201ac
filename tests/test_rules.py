"""The rule registry: every rule of the contract exists and proves itself on its own examples."""

from __future__ import annotations

import pytest

from persona.check.engine import check_text
from persona.check.registry import RuleExample, all_rules, example_persona

CONTRACT_RULES = {
    "vocabulary.avoid", "vocabulary.prefer", "voice.emoji", "voice.exclamations", "voice.contractions",
    "voice.sentence_length", "voice.informal", "voice.person", "voice.formality", "channel.length",
    "channel.hashtags", "channel.links", "channel.unknown", "values.contradiction", "facts.retired",
    "facts.unverified", "intent.missing", "intent.length",
}
ENGLISH_ONLY = {"voice.contractions"}
CONTRACT_SEVERITY = {
    "vocabulary.avoid": "error", "vocabulary.prefer": "warning", "voice.emoji": "error",
    "voice.exclamations": "warning", "voice.contractions": "warning", "voice.sentence_length": "warning",
    "voice.informal": "warning", "voice.person": "suggestion", "voice.formality": "warning",
    "channel.length": "error", "channel.hashtags": "warning", "channel.links": "warning",
    "channel.unknown": "warning", "values.contradiction": "error", "facts.retired": "error",
    "facts.unverified": "warning", "intent.missing": "warning", "intent.length": "warning",
}


def test_every_contract_rule_is_registered_with_its_severity():
    rules = {r.id: r for r in all_rules()}
    assert set(rules) >= CONTRACT_RULES
    for rule_id, severity in CONTRACT_SEVERITY.items():
        assert rules[rule_id].severity == severity, rule_id


def test_every_rule_has_examples_that_fire_and_pass_in_both_languages():
    for rule in all_rules():
        firing = [e for e in rule.examples if e.fires]
        silent = [e for e in rule.examples if not e.fires]
        assert firing and silent, rule.id
        if rule.id not in ENGLISH_ONLY:
            assert {"ar", "en"} <= {e.lang for e in firing}, f"{rule.id} needs an Arabic and an English example"
        assert rule.description.endswith(".") and len(rule.description) < 140, rule.id


@pytest.mark.parametrize(
    ("rule_id", "example"),
    [(r.id, e) for r in all_rules() for e in r.examples],
    ids=lambda v: v if isinstance(v, str) else ("fires" if v.fires else "passes") + ":" + v.text[:30],
)
def test_rule_example(rule_id: str, example: RuleExample):
    result = check_text(example_persona(example.persona), example.text, channel=example.channel, intent=example.intent,
                        original=example.source, lang=example.asked_lang)
    mine = [f for f in result.findings if f.rule == rule_id]
    if example.fires:
        assert mine, f"{rule_id} should fire on {example.text!r}; got {[f.rule for f in result.findings]}"
    else:
        assert not mine, f"{rule_id} should not fire on {example.text!r}: {mine}"
    for finding in result.findings:
        assert example.text[finding.start:finding.end] == finding.match


def test_the_engine_runs_a_rule_only_on_drafts_that_have_what_it_needs():
    from persona.check.context import Context, compile_persona
    from persona.check.engine import check_context
    from persona.check.rule import Hit, Rule
    from persona.check.types import Draft

    seen: list[str] = []

    def record(ctx: Context):
        seen.append(ctx.draft.text)
        yield Hit(0, 1, "seen")

    rules = [Rule("test.intent", "warning", "Needs an intent.", record, (), needs="intent"),
             Rule("test.original", "warning", "Needs an original.", record, (), needs="original"),
             Rule("test.any", "warning", "Needs nothing.", record, ())]
    persona = compile_persona(example_persona()).persona
    found = {}
    for draft in (Draft(text="plain"), Draft(text="intended", intent="service"),
                  Draft(text="rewrite", original="the original")):
        found[draft.text] = sorted(f.rule for f in check_context(Context(draft, compile_persona(persona)), rules).findings)
    assert found == {"plain": ["test.any"], "intended": ["test.any", "test.intent"],
                     "rewrite": ["test.any", "test.original"]}
    assert sorted(seen) == sorted(["plain", "intended", "intended", "rewrite", "rewrite"])


def test_a_rule_needs_an_intent_or_an_original_or_nothing():
    from persona.check.rule import rule

    with pytest.raises(ValueError, match="needs"):
        rule("test.bad", "warning", "Bad.", examples=[], needs="channel")
    assert {r.needs for r in all_rules() if r.id.startswith(("intent.", "meaning."))} <= {"intent", "original"}
    assert all(r.needs == "original" for r in all_rules() if r.id.startswith("meaning."))
