"""The fix engine (persona.check.fixes): one pass, overlaps, the fixed point, and each rule's fixes."""

from __future__ import annotations

import pytest

from persona.check.engine import check_text
from persona.check.fixes import apply_fixes, fix_text, fix_to_fixed_point, fixable
from persona.check.registry import all_rules, example_persona
from persona.check.types import Edit, Finding, Fix, Result
from persona.loader import PersonaStore
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def legal():
    return PersonaStore.discover([SAMPLES]).get("legal")


def safe(start: int, end: int, text: str) -> Fix:
    return Fix("safe", (Edit(start, end, text),))


# -- one pass -------------------------------------------------------------------------


def test_edits_apply_from_the_end_so_offsets_hold():
    text, applied = apply_fixes("aa bb cc", [safe(6, 8, "CCC"), safe(0, 2, "A")])
    assert text == "A bb CCC" and len(applied) == 2


def test_overlapping_fix_is_left_for_the_next_pass():
    first, second = safe(0, 5, "x"), safe(3, 8, "y")
    text, applied = apply_fixes("abcdefgh", [second, first])
    assert text == "xfgh" and applied == [first]


def test_touching_replacements_both_apply_but_two_insertions_at_one_offset_do_not():
    assert apply_fixes("ab", [safe(0, 1, "A"), safe(1, 2, "B")])[0] == "AB"
    text, applied = apply_fixes("ab", [safe(1, 1, "X"), safe(1, 1, "Y")])
    assert text == "aXb" and len(applied) == 1


def test_a_fix_goes_in_whole_or_not_at_all():
    both = Fix("safe", (Edit(0, 1, "A"), Edit(4, 5, "E")))
    blocked = safe(4, 5, "e!")
    text, applied = apply_fixes("abcde", [blocked, both])  # `blocked` starts later: `both` wins
    assert text == "AbcdE" and applied == [both]


def test_applicability_decides_what_applies():
    fixes = [safe(0, 1, "S"), Fix("unsafe", (Edit(2, 3, "U"),)), Fix("display", (Edit(4, 5, "D"),))]
    assert apply_fixes("a b c", fixes)[0] == "S b c"
    assert apply_fixes("a b c", fixes, unsafe=True)[0] == "S U c"


def test_nothing_before_protect_before_is_edited():
    text, applied = apply_fixes("---\nx\n---\nbody", [safe(4, 5, "y"), safe(10, 14, "BODY")], protect_before=10)
    assert text == "---\nx\n---\nBODY" and len(applied) == 1


def test_an_edit_out_of_range_is_never_applied():
    assert apply_fixes("abc", [safe(2, 9, "x"), safe(2, 1, "y")]) == ("abc", [])


# -- the fixed point ---------------------------------------------------------------------


def _finding(fix: Fix) -> Finding:
    return Finding("t.rule", "warning", fix.edits[0].start, fix.edits[0].end, "", "m", fix=fix)


def test_fixed_point_applies_the_overlapped_fix_on_the_next_pass():
    def check(text: str) -> Result:  # one rule upper-cases "a" with the next letter, one "c" with the one before
        found = []
        if text[0] == "a":
            found.append(_finding(safe(0, 2, text[0:2].upper())))
        if text[2] == "c":
            found.append(_finding(safe(1, 3, text[1:3].upper())))
        return Result("-", "p", None, None, found, text)

    outcome = fix_to_fixed_point("abc", check)  # the two fixes overlap on "b"
    assert outcome.text == "ABC" and outcome.passes == 2 and outcome.applied == 2
    assert outcome.result.findings == [] and outcome.changed


def test_fixed_point_stops_when_two_fixes_undo_each_other():
    def check(text: str) -> Result:
        return Result("-", "p", None, None, [_finding(safe(0, 1, "b" if text == "a" else "a"))], text)

    outcome = fix_to_fixed_point("a", check, max_passes=50)
    assert outcome.passes == 1 and outcome.text == "b"
    assert outcome.result.text == "b"  # the result is always the check of the text returned


# -- fixes of the real rules ----------------------------------------------------------------


def _rules_examples():
    for rule in all_rules():
        for example in rule.examples:
            yield pytest.param(rule.id, example, id=f"{rule.id}:{example.text[:30]}")


@pytest.mark.parametrize(("rule_id", "example"), list(_rules_examples()))
def test_no_safe_fix_remains_after_fixing_a_rule_example(rule_id, example):
    persona = example_persona(example.persona)
    outcome = fix_text(persona, example.text, channel=example.channel, intent=example.intent)
    assert not [f for f in outcome.result.findings if fixable(f)], outcome.text
    again = check_text(persona, outcome.text, channel=example.channel, intent=example.intent)
    assert [f.to_json() for f in again.findings] == [f.to_json() for f in outcome.result.findings]


@pytest.mark.parametrize(("draft", "fixed"), [
    ("Call 920000000 now!", "Call 1950 now."),
    ("للاستفسار اتصل على ٩٢٠٠٠٠٠٠٠", "للاستفسار اتصل على ١٩٥٠"),  # in the digits the writer typed
    ("للاستفسار اتصل على 920000000", "للاستفسار اتصل على 1950"),
    ("DON'T miss the deadline.", "DO NOT miss the deadline."),
    ("Don’t miss the deadline.", "Do not miss the deadline."),
    ("Is the portal open?!", "Is the portal open?"),  # not «?.»
    ("Our customers can book online.", "Our beneficiaries can book online."),
    ("نرحب بالعميل في البوابة.", "نرحب بالمستفيد في البوابة."),  # proclitic carried, no case ending
])
def test_safe_fixes_on_realistic_drafts(legal, draft, fixed):
    assert fix_text(legal, draft).text == fixed


@pytest.mark.parametrize(("draft", "rule", "why"), [
    # Sound masculine plural: the subject is nominative here («المستفيدون»), not «المستفيدين».
    ("العملاء راضون عن الخدمة.", "vocabulary.prefer", "case ending"),
    ("It's been a long week for the team.", "voice.contractions", "it is / it has"),
    ("We'd like to thank everyone.", "voice.contractions", "we would / we had"),
    ("Tell us what you wanna see next.", "voice.informal", "register swap"),
])
def test_unsafe_fixes_wait_for_a_human(legal, draft, rule, why):
    result = check_text(legal, draft)
    ours = [f for f in result.findings if f.rule == rule and f.fix is not None]
    assert ours and all(f.fix.applicability == "unsafe" for f in ours), why
    after_safe = fix_text(legal, draft).text
    assert all(draft[f.start:f.end] in after_safe for f in ours)
    assert fix_text(legal, draft, unsafe=True).text != draft


def test_person_suggestion_is_only_displayed(legal):
    result = check_text(legal, "I am pleased to announce the new service.")
    person = [f for f in result.findings if f.rule == "voice.person"]
    assert person and person[0].fix is not None and person[0].fix.applicability == "display"
    assert fix_text(legal, "I am pleased to announce the new service.", unsafe=True).text.startswith("I am")


def test_a_deep_retired_link_keeps_its_path_unless_a_human_agrees(legal):
    draft = "Apply at https://www.moj.gov.sa/ar/eServices/contracts today."
    finding = next(f for f in check_text(legal, draft).findings if f.rule == "facts.retired")
    assert finding.fix is not None and finding.fix.applicability == "unsafe"
    whole = "Apply at https://www.moj.gov.sa/ar/eServices today."
    assert fix_text(legal, whole).text == "Apply at https://najiz.sa today."


def test_safe_flag_of_the_register_lexicon(legal):
    assert fix_text(legal, "See you tonite at the ministry.").text == "See you tonight at the ministry."
    assert fix_text(legal, "Pls register before Sunday.").text == "Please register before Sunday."
    assert fix_text(legal, "We wanna hear from you.").text == "We wanna hear from you."  # not flagged: unsafe


def test_after_anna_the_sound_plural_ending_is_certain(legal):
    # «أنّ» makes its noun accusative: «المستفيدين» is then right, and the fix is safe.
    assert fix_text(legal, "يسعدنا أن العملاء راضون عن الخدمة.").text == "يسعدنا أن المستفيدين راضون عن الخدمة."


def test_the_only_verified_number_is_an_unsafe_fix_for_an_unknown_one():
    persona = example_persona()  # one verified number: 1950
    draft = "اتصل على 8001234567 للاستفسار"
    finding = next(f for f in check_text(persona, draft).findings if f.rule == "facts.unverified")
    assert finding.fix is not None and finding.fix.applicability == "unsafe"
    assert fix_text(persona, draft).text == draft
    assert fix_text(persona, draft, unsafe=True).text == "اتصل على 1950 للاستفسار"
