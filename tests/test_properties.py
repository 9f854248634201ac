"""Property-based tests: random persona documents and random drafts never crash the tool,
and every reported position slices the original text to the reported match."""

from __future__ import annotations

import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from persona.check.engine import check_text
from persona.check.registry import EXAMPLE_PERSONA
from persona.errors import UserError
from persona.loader import PersonaStore
from persona.model import Persona
from persona.yamlsource import load_yaml_text

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى"
MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640"
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202e\u2066\u2069\ufeff\u00ad"
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩"
PUNCT = "!?.,;:-'’\"()#@/؟،؛…"
EMOJI = ["🎉", "😀", "👍🏽", "🇸🇦", "👨‍👩‍👧", "©", "™", "❤️", "1️⃣"]
PIECES = ["customers", "العملاء", "والعميل", "guarantee", "نضمن", "print the form", "اطبع النموذج",
          "920000000", "٩٢٠٠٠٠٠٠٠", "https://www.moj.gov.sa/x", "bit.ly/abc", "@MojKsa", "#العدل",
          "Hey folks", "وش", "don't", "I", "أنا", "\r\n", "\n\n", "  "]

alphabet = st.sampled_from(list(string.ascii_letters + " \n\t" + ARABIC + MARKS + INVISIBLE + DIGITS + PUNCT))
fragments = st.one_of(st.text(alphabet, max_size=12), st.sampled_from(PIECES), st.sampled_from(EMOJI),
                      st.text(max_size=6))
drafts = st.lists(fragments, max_size=25).map("".join)

EXAMPLE = Persona.model_validate(EXAMPLE_PERSONA)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=drafts, channel=st.sampled_from([None, "x", "twitter", "facebook"]),
       intent=st.sampled_from([None, "service", "inquiry_reply", "advert"]))
def test_checker_never_raises_and_offsets_slice_the_original(text: str, channel, intent):
    result = check_text(EXAMPLE, text, channel=channel, intent=intent)
    lines = text.splitlines(keepends=True) or [""]
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.match
        assert finding.line >= 1 and finding.column >= 1
        assert finding.line <= max(1, len(lines)) + 1
    assert 0 <= result.score <= 100


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10, 10), st.text(max_size=8),
                    st.sampled_from(["none", "sparing", "x", "we", "error", "https://a.sa", "1950"]))
keys = st.sampled_from(["id", "name", "voice", "formality", "emoji", "vocabulary", "prefer", "avoid", "use",
                        "instead_of", "term", "values", "claim", "contradicted_by", "facts", "urls",
                        "retired", "old", "new", "channels", "x", "max_length", "intents", "requires",
                        "examples", "before", "after", "extends", "formalty", "ar", "en"])
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(keys, inner, max_size=5)),
                         max_leaves=25)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=documents)
def test_loader_never_raises_anything_but_user_errors(tmp_path_factory, document):
    folder = tmp_path_factory.mktemp("personas")
    if isinstance(document, dict):
        document = {**document, "id": "random"}
    (folder / "random.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    try:
        PersonaStore.discover([folder]).get("random")
    except UserError as err:
        for problem in err.problems:
            line = str(problem)
            assert "\n" not in line and len(line) < 400
            assert "random.yaml" in line


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200))
def test_yaml_loader_turns_any_text_into_a_value_or_a_user_error(text: str):
    try:
        load_yaml_text(text, "fuzz.yaml")
    except UserError as err:
        assert all("\n" not in str(p) for p in err.problems)
