"""The offline rules rewriter: every transformation, both languages, idempotence, the corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from persona.check.engine import check_text
from persona.loader import PersonaStore
from persona.model import Persona
from persona.rewrite.rules import RulesBackend, plan_for, rewrite_offline, rewrite_text
from persona.rewrite.steps import fixes as fixes_module
from persona.rewrite.steps.document import Document
from persona.rewrite.steps.fixes import fixes_to_apply
from persona.rewrite.transforms import language_of, tidy
from persona.rewrite.types import Change, Request, Rewrite
from persona.text import tokens, xcount
from persona.text.inflect import arabic_replacement, match_case
from tests.conftest import SAMPLES, corpus

UNFIXABLE = frozenset({"vocabulary.avoid", "values.contradiction", "facts.unverified"})
FIXABLE = frozenset({
    "vocabulary.prefer", "voice.emoji", "voice.exclamations", "voice.contractions",
    "facts.retired", "channel.hashtags", "channel.length",
})


@pytest.fixture(scope="module")
def store() -> PersonaStore:
    return PersonaStore.discover([SAMPLES])


@pytest.fixture(scope="module")
def legal(store: PersonaStore) -> Persona:
    return store.get("legal")


@pytest.fixture(scope="module")
def entertainment(store: PersonaStore) -> Persona:
    return store.get("entertainment")


@pytest.fixture(scope="module")
def culture(store: PersonaStore) -> Persona:
    return store.get("culture")


@pytest.fixture(scope="module")
def education(store: PersonaStore) -> Persona:
    return store.get("education")


def make_persona(**fields: Any) -> Persona:
    """A small persona for focused tests (no signature unless given)."""
    data: dict[str, Any] = {"id": "test", "name": "Test", "languages": ["en", "ar"]}
    data.update(fields)
    return Persona.model_validate(data)


def rules_of(persona: Persona, text: str, channel: str | None = None, intent: str | None = None) -> set[str]:
    return {f.rule for f in check_text(persona, text, channel=channel, intent=intent).findings}


def _signatures() -> frozenset[str]:
    from persona.model import text_variants

    store = PersonaStore.discover([SAMPLES])
    return frozenset(v.strip() for pid in store.ids() for v in text_variants(store.get(pid).signature))


SIGNATURES = _signatures()


def body(text: str) -> str:
    """The rewrite without the signature line the rewriter added (its other lines joined by spaces)."""
    return " ".join(line for line in text.split("\n") if line not in SIGNATURES)


# --- transforms ---------------------------------------------------------------


@pytest.mark.parametrize(("typed", "term", "use", "expected"), [
    ("customers", "customers", "beneficiaries", "beneficiaries"),
    ("Customers", "customers", "beneficiaries", "Beneficiaries"),
    ("CUSTOMERS", "customers", "beneficiaries", "BENEFICIARIES"),
    ("Riyadh Festival", "Riyadh Festival", "Riyadh Season", "Riyadh Season"),
    ("al ula", "Al Ula", "AlUla", "AlUla"),
    ("Customer care", "customer care", "beneficiary services", "Beneficiary services"),
    ("POA", "POA", "power of attorney", "power of attorney"),
])
def test_match_case(typed: str, term: str, use: str, expected: str) -> None:
    assert match_case(typed, term, use) == expected


def test_match_case_acronym_at_sentence_start() -> None:
    assert match_case("POA", "POA", "power of attorney", sentence_start=True) == "Power of attorney"


@pytest.mark.parametrize(("typed", "term", "use", "expected"), [
    ("العميل", "العميل", "المستفيد", "المستفيد"),
    ("والعميل", "العميل", "المستفيد", "والمستفيد"),
    ("للعميل", "العميل", "المستفيد", "للمستفيد"),
    ("وللعميل", "العميل", "المستفيد", "وللمستفيد"),
    ("بالعملاء", "العملاء", "المستفيدين", "بالمستفيدين"),
    ("فالعملاء", "العملاء", "المستفيدين", "فالمستفيدين"),
    ("كالعميل", "العميل", "المستفيد", "كالمستفيد"),
    ("العَمِيلَ", "العميل", "المستفيد", "المستفيد"),
    ("الزبـــون", "الزبون", "المستفيد", "المستفيد"),
    ("العميل", "عميل", "مستفيد", "المستفيد"),       # the bare term in a definite word
    ("للعميل", "عميل", "مستفيد", "للمستفيد"),
    ("لعميل", "عميل", "مستفيد", "لمستفيد"),         # preposition, no article
    ("وعميل", "عميل", "مستفيد", "ومستفيد"),
    ("بتوكيل", "توكيل", "وكالة", "بوكالة"),
    ("للعملاء", "العملاء", "الطلاب وأولياء الأمور", "للطلاب وأولياء الأمور"),
    ("للمدرس", "المدرس", "اللجنة", "للجنة"),         # ل + اللجنة is written للجنة
    ("والأغراض القديمة", "الأغراض القديمة", "القطع الأثرية", "والقطع الأثرية"),
])
def test_arabic_replacement_carries_proclitics(typed: str, term: str, use: str, expected: str) -> None:
    assert arabic_replacement(typed, term, use) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Great  news .", "Great news."),
    ("مرحبا ، بكم", "مرحبا، بكم"),
    ("Done. .", "Done."),
    ("Wait ...", "Wait ..."),
    ("  a  \n\n\n\n b ", "a\n\nb"),
    ("Use .NET today", "Use .NET today"),
    ("Line\n!\nNext", "Line\nNext"),
])
def test_tidy(text: str, expected: str) -> None:
    assert tidy(text) == expected
    assert tidy(tidy(text)) == tidy(text)


def test_language_by_script_majority() -> None:
    assert language_of("مرحبا بكم في https://najiz.sa") == "ar"
    assert language_of("Welcome to Najiz, مرحبا") == "en"


# --- 1. retired facts -----------------------------------------------------------


@pytest.mark.parametrize(("typed", "expected"), [
    ("920000000", "1950"),
    ("920 000 000", "1950"),
    ("920-000-000", "1950"),
    ("٩٢٠٠٠٠٠٠٠", "١٩٥٠"),  # the writer's digits are kept
])
def test_retired_phone_by_digits(legal: Persona, typed: str, expected: str) -> None:
    text, changes = rewrite_text(legal, f"للاستفسار اتصل على {typed} اليوم")
    assert f"اتصل على {expected} اليوم" in text
    assert Change("facts.retired", typed, expected) in changes
    assert "facts.retired" not in rules_of(legal, text)


def test_retired_link_by_prefix(legal: Persona) -> None:
    message = "Book online: http://www.moj.gov.sa/ar/eServices/booking now."
    # A deeper link than the retired one would lose its path: an unsafe fix, left for the writer…
    text, _ = rewrite_text(legal, message)
    assert "eServices/booking" in text and "facts.retired" in rules_of(legal, text)
    # …applied when asked for.
    text, changes = rewrite_text(legal, message, unsafe=True)
    assert "https://najiz.sa" in text and "eServices" not in text
    assert changes[0].rule == "facts.retired"
    assert "facts.retired" not in rules_of(legal, text)
    text, _ = rewrite_text(legal, "Book online: https://www.moj.gov.sa/ar/eServices now.")
    assert "Book online: https://najiz.sa now." in text  # the retired link itself: safe


def test_retired_link_prefix_needs_a_boundary(legal: Persona) -> None:
    message = "See https://www.moj.gov.sa/ar/eServicesArchive for the archive."
    assert "https://www.moj.gov.sa/ar/eServicesArchive" in rewrite_text(legal, message)[0]


def test_retired_names_in_both_languages(education: Persona) -> None:
    text, _ = rewrite_text(education, "Log in to Future Gate today.")
    assert body(text) == "Log in to Madrasati today."
    text, _ = rewrite_text(education, "سجّلوا الدخول عبر بوابة المستقبل اليوم.")
    assert "عبر منصة مدرستي اليوم" in text
    # With proclitics the new name is an unsafe fix (applied when asked for).
    assert "وببوابة المستقبل" in rewrite_text(education, "التسجيل متاح وببوابة المستقبل أيضًا.")[0]
    text, _ = rewrite_text(education, "التسجيل متاح وببوابة المستقبل أيضًا.", unsafe=True)
    assert "وبمنصة مدرستي" in text


def test_retired_fact_without_replacement_stays_for_the_writer() -> None:
    persona = make_persona(facts={"retired": [{"old": "Old Portal"}]})
    text, changes = rewrite_text(persona, "Use the Old Portal today.")
    assert text == "Use the Old Portal today."
    assert changes == []
    assert "facts.retired" in rules_of(persona, text)


# --- 2. vocabulary ----------------------------------------------------------------


def test_vocabulary_keeps_case(legal: Persona) -> None:
    text, changes = rewrite_text(legal, "Customers and CUSTOMERS and clients are welcome.")
    assert body(text) == "Beneficiaries and BENEFICIARIES and beneficiaries are welcome."
    assert [c.to_json() for c in changes[:3]] == [
        {"rule": "vocabulary.prefer", "from": "Customers", "to": "Beneficiaries"},
        {"rule": "vocabulary.prefer", "from": "CUSTOMERS", "to": "BENEFICIARIES"},
        {"rule": "vocabulary.prefer", "from": "clients", "to": "beneficiaries"},
    ]


def test_vocabulary_arabic_proclitics(legal: Persona) -> None:
    text, _ = rewrite_text(legal, "نرحب بالعملاء وللعميل حق الاعتراض.")
    assert body(text) == "نرحب بالمستفيدين وللمستفيد حق الاعتراض."
    assert "vocabulary.prefer" not in rules_of(legal, text)
    # «الزبون» ends like a plural (ـون): the swap is left for the writer unless asked for.
    assert "والزبون" in rewrite_text(legal, "والزبون أولًا.")[0]
    assert "والمستفيد أولًا." in rewrite_text(legal, "والزبون أولًا.", unsafe=True)[0]


def test_vocabulary_whole_words_only(legal: Persona) -> None:
    message = "Our clientele survey closes today."
    assert body(rewrite_text(legal, message)[0]) == message


def test_vocabulary_acronym_at_sentence_start(legal: Persona) -> None:
    text, _ = rewrite_text(legal, "POA requests are open. Issue a POA online.")
    assert body(text) == "Power of attorney requests are open. Issue a power of attorney online."


def test_contradictions_and_avoided_terms_are_never_rewritten(legal: Persona) -> None:
    # «أولوية لكبار العملاء» contradicts a claim: its «العملاء» must not be quietly fixed.
    message = "نقدم أولوية لكبار العملاء في الحجز"
    text, changes = rewrite_text(legal, message)
    assert "أولوية لكبار العملاء" in text
    assert not [c for c in changes if c.rule == "vocabulary.prefer"]
    assert "values.contradiction" in rules_of(legal, text)
    text, _ = rewrite_text(legal, "We guarantee a response within 24 hours.")
    assert "guarantee" in text
    assert "vocabulary.avoid" in rules_of(legal, text)


def test_links_and_handles_are_never_rewritten() -> None:
    persona = make_persona(vocabulary={"prefer": [{"use": "beneficiaries", "instead_of": ["customers"]}]})
    message = "Customers: see https://example.gov.sa/customers or ask @customers"
    text, _ = rewrite_text(persona, message)
    assert text == "Beneficiaries: see https://example.gov.sa/customers or ask @customers"


def test_a_hashtag_is_never_edited_inside() -> None:
    persona = make_persona(vocabulary={"prefer": [{"use": "Riyadh Season", "instead_of": ["RiyadhFest"]}]})
    for unsafe in (False, True):
        text, changes = rewrite_text(persona, "Tickets are out #RiyadhFest", unsafe=unsafe)
        assert (text, changes) == ("Tickets are out #RiyadhFest", [])


def test_a_retired_hashtag_is_replaced_whole(education: Persona) -> None:
    text, changes = rewrite_text(education, "Log in today #Future_Gate")
    assert text.endswith("\n#Madrasati") and "Future" not in text
    assert Change("facts.retired", "#Future_Gate", "#Madrasati") in changes


# --- 3. register ----------------------------------------------------------------------


def test_casual_to_formal_english(legal: Persona) -> None:
    text, changes = rewrite_text(legal, "Hey folks! you're gonna love the new portal.")
    assert body(text) == "Dear all, you are going to love the new portal."
    assert {c.rule for c in changes} >= {"voice.informal", "voice.contractions"}
    assert "voice.informal" not in rules_of(legal, text)


def test_casual_to_formal_arabic(legal: Persona) -> None:
    text, changes = rewrite_text(legal, "وش رايكم؟ أصبحت بوابة القضايا متاحة على مدار الساعة.")
    assert body(text) == "ما رأيكم؟ أصبحت بوابة القضايا متاحة على مدار الساعة."
    assert changes[0] == Change("voice.informal", "وش رايكم", "ما رأيكم")


def test_formal_to_warm_for_a_casual_persona(entertainment: Persona) -> None:
    text, changes = rewrite_text(entertainment, "We are pleased to announce that tickets are on sale.")
    assert body(text) == "Great news: tickets are on sale."
    assert changes[0].rule == "voice.formality"


def test_middle_register_is_left_alone(culture: Persona) -> None:
    message = "Hey folks, we are pleased to announce that the museum is open."
    assert body(rewrite_text(culture, message)[0]) == message


# --- 4. contractions ---------------------------------------------------------------------


@pytest.mark.parametrize(("message", "expected"), [
    ("Don't miss the deadline.", "Do not miss the deadline."),
    ("don’t miss the deadline.", "do not miss the deadline."),
    ("We're open and it is free.", "We are open and it is free."),
    ("It's free.", "It's free."),  # 's is "is" or "has": an unsafe fix, left for the writer
    ("DON'T WAIT.", "DO NOT WAIT."),
])
def test_contractions_expanded_where_forbidden(education: Persona, message: str, expected: str) -> None:
    text, _ = rewrite_text(education, message)
    assert body(text) == expected
    assert ("voice.contractions" in rules_of(education, text)) == ("'" in expected)


def test_contractions_kept_where_allowed(culture: Persona) -> None:
    assert body(rewrite_text(culture, "Don't miss the exhibition.")[0]) == "Don't miss the exhibition."


# --- 5. emoji ------------------------------------------------------------------------------


def test_emoji_removed_cleanly(legal: Persona) -> None:
    text, changes = rewrite_text(legal, "The portal 🎉 is open 🚀🔥. Thank you 👍")
    assert body(text) == "The portal is open. Thank you"
    assert [c.from_ for c in changes if c.rule == "voice.emoji"] == ["🎉", "🚀", "🔥", "👍"]
    assert "voice.emoji" not in rules_of(legal, text)


def test_emoji_limited_to_max(culture: Persona, education: Persona) -> None:
    assert body(rewrite_text(culture, "Open today 🎉🚀🔥")[0]) == "Open today 🎉🚀"
    assert body(rewrite_text(education, "بدأ التسجيل 🎉 👍")[0]) == "بدأ التسجيل 🎉"


def test_emoji_free_voice_keeps_them() -> None:
    persona = make_persona(voice={"emoji": "free"})
    assert rewrite_text(persona, "Open 🎉🎉🎉")[0] == "Open 🎉🎉🎉"


# --- 6. exclamations --------------------------------------------------------------------------


@pytest.mark.parametrize(("message", "expected"), [
    ("The portal is open!", "The portal is open."),
    ("The portal is open!!! Book now.", "The portal is open. Book now."),
    ("Heads up! the portal is open.", "Please note. The portal is open."),  # alone: "heads up on…" stays
    ("Really?! It is open.", "Really? It is open."),
    ("لا تفوتكم!!", "لا تفوتكم."),
    ("صحيح؟! الخدمة متاحة.", "صحيح؟ الخدمة متاحة."),
    ("Open now!Book today.", "Open now. Book today."),
    ("Really⁉ It is open.", "Really? It is open."),
    ("Open now‼", "Open now."),
])
def test_exclamations_where_not_allowed(legal: Persona, message: str, expected: str) -> None:
    text, _ = rewrite_text(legal, message)
    assert body(text) == expected
    assert "voice.exclamations" not in rules_of(legal, text)


def test_double_exclamations_become_one_where_allowed(entertainment: Persona) -> None:
    text, changes = rewrite_text(entertainment, "Tickets are out!!! لا تفوتكم!! Yes‼")
    assert body(text) == "Tickets are out! لا تفوتكم! Yes!"
    assert Change("voice.exclamations", "!!!", "!") in changes


# --- 7. hashtags -----------------------------------------------------------------------------


def test_hashtags_trimmed_own_tags_first(entertainment: Persona) -> None:
    text, changes = rewrite_text(entertainment, "الفعاليات بدأت #السعودية #فعاليات #موسم_الرياض", "x")
    assert text == "الفعاليات بدأت\nنشوفكم هناك\n#السعودية #موسم_الرياض"  # the signature before the tags
    assert changes[0] == Change("channel.hashtags", "#فعاليات", "")
    assert "channel.hashtags" not in rules_of(entertainment, text, "x")


def test_hashtags_trimmed_first_ones_kept(legal: Persona) -> None:
    text, _ = rewrite_text(legal, "Thank you. #Vision2030 #Saudi #Riyadh", "x")
    assert body(text) == "Thank you. #Vision2030 #Saudi"


def test_hashtag_inside_a_sentence_keeps_its_words(legal: Persona) -> None:
    text, _ = rewrite_text(legal, "#Saudi #Vision2030 courts now serve #Riyadh and Jeddah online.", "x")
    assert body(text) == "#Saudi #Vision2030 courts now serve Riyadh and Jeddah online."


def test_hashtags_untouched_without_a_channel(legal: Persona) -> None:
    message = "Thank you. #Vision2030 #Saudi #Riyadh"
    assert body(rewrite_text(legal, message)[0]) == message


# --- 8. signature ------------------------------------------------------------------------------


def test_signature_in_the_message_language(culture: Persona) -> None:
    signed = "The museum is open.\nSee you among the arts"
    assert rewrite_text(culture, "The museum is open.", "x")[0] == signed
    assert rewrite_text(culture, "المتحف مفتوح.", "x")[0] == "المتحف مفتوح.\nنلقاكم في رحاب الثقافة"


def test_signature_not_repeated_or_redundant(legal: Persona) -> None:
    signed = rewrite_text(legal, "The portal is open.", "x")[0]
    assert signed == "The portal is open.\nFor enquiries, call 1950."
    assert rewrite_text(legal, signed, "x") == (signed, [])
    # The message already gives the number the signature would add.
    assert rewrite_text(legal, "For details call 1950.", "x")[0] == "For details call 1950."


def test_signature_only_when_the_channel_has_room(culture: Persona) -> None:
    message = " ".join(["The museum is open every day of the week."] * 6) + " Entry is free, always."
    assert 280 - len("\nSee you among the arts") < xcount.x_weighted_length(message) <= 280
    text, _ = rewrite_text(culture, message, "x")
    assert text == message


def test_signature_respects_intent_sentence_limit(legal: Persona) -> None:
    message = "Thank you for asking. Hearings are set by the court. See your case file."
    assert rewrite_text(legal, message, "x", "inquiry_reply")[0] == message


def test_no_signature_in_a_language_the_persona_lacks() -> None:
    persona = make_persona(signature={"en": "Thanks"})
    assert rewrite_text(persona, "المتحف مفتوح.")[0] == "المتحف مفتوح."


# --- 9. channel length ---------------------------------------------------------------------------


def short_channel(limit: int, **extra: Any) -> Persona:
    return make_persona(channels={"x": {"max_length": limit}}, facts={"urls": ["https://najiz.sa"],
                        "phones": ["1950"]}, **extra)


def test_fits_by_dropping_the_lightest_pieces() -> None:
    persona = short_channel(120)
    message = ("Good news: beneficiaries can now book notarization appointments online. "
               "The service was designed with lawyers and families in mind. "
               "Start here: https://najiz.sa/appointments/new-booking-for-everyone")
    text, changes = rewrite_text(persona, message, "x")
    assert xcount.x_weighted_length(text) <= 120
    assert "https://najiz.sa/appointments/new-booking-for-everyone" in text
    assert text == ("Beneficiaries can now book notarization appointments online. "
                    "Start here: https://najiz.sa/appointments/new-booking-for-everyone")
    assert [c.rule for c in changes] == ["channel.length", "channel.length"]
    assert "channel.length" not in rules_of(persona, text, "x")


def test_fitting_keeps_numbers_phones_and_calls_to_action() -> None:
    persona = short_channel(100)
    message = ("تعلن الوزارة عن تحديث خدماتها. "
               "تستغرق الخدمة 3 أيام عمل. "
               "نشكر جميع المستفيدين على تعاونهم الدائم معنا ونتمنى لهم التوفيق. "
               "للاستفسار اتصلوا على 1950")
    text, changes = rewrite_text(persona, message, "x")
    assert text == "تعلن الوزارة عن تحديث خدماتها. تستغرق الخدمة 3 أيام عمل. للاستفسار اتصلوا على 1950"
    assert changes == [Change("channel.length", "نشكر جميع المستفيدين على تعاونهم الدائم معنا ونتمنى لهم التوفيق.",
                              "")]
    assert "channel.length" not in rules_of(persona, text, "x")


def test_fitting_never_drops_the_lead_or_cuts_a_quotation() -> None:
    persona = short_channel(90)
    message = ("تعلن الوزارة عن تحديث شامل لخدماتها الإلكترونية في جميع المناطق. "
               "وقال الوزير: «الخدمة للجميع دون استثناء». "
               "نشكر جميع المستفيدين على تعاونهم الدائم معنا.")
    text, changes = rewrite_text(persona, message, "x")
    assert text.startswith("تعلن الوزارة عن تحديث شامل لخدماتها الإلكترونية في جميع المناطق.")
    assert "«الخدمة للجميع دون استثناء»" in text and text.count("«") == text.count("»")
    assert all(c.rule == "channel.length" and "«" not in c.from_ for c in changes)


def test_fitting_drops_a_trailing_clause_and_keeps_the_full_stop() -> None:
    persona = short_channel(70)
    message = "Beneficiaries can now book appointments online, as promised. Call 1950."
    text, changes = rewrite_text(persona, message, "x")
    assert text == "Beneficiaries can now book appointments online. Call 1950."
    assert changes == [Change("channel.length", ", as promised", "")]


def test_fitting_never_cuts_a_word() -> None:
    persona = short_channel(60)
    message = "Registration opens Sunday, and everyone is welcome to apply through the portal today."
    text, _ = rewrite_text(persona, message, "x")
    words = set(re.findall(r"\w+", message.lower()))
    assert set(re.findall(r"\w+", text.lower())) <= words
    assert len(text) <= 60 and text.endswith(".")


def test_fitting_drops_hashtags_then_signature_last() -> None:
    persona = short_channel(70, signature={"en": "For enquiries, call 1950."})
    message = "Book at https://najiz.sa today. #Justice #Saudi #Riyadh\nFor enquiries, call 1950."
    text, changes = rewrite_text(persona, message, "x")
    assert "https://najiz.sa" in text
    assert xcount.x_weighted_length(text) <= 70
    dropped = [c.from_ for c in changes if c.rule == "channel.length"]
    assert dropped[:1] == ["#Riyadh"]


def test_fitting_never_drops_what_the_writer_must_fix() -> None:
    persona = short_channel(60, vocabulary={"avoid": [{"term": "guarantee"}]},
                            values=[{"claim": "Fully digital", "contradicted_by": ["print the form"]}])
    message = "We guarantee quick service. Please print the form and bring it. The portal is open."
    text, _ = rewrite_text(persona, message, "x")
    assert "guarantee" in text and "print the form" in text
    assert {"vocabulary.avoid", "values.contradiction"} <= rules_of(persona, text, "x")


def test_x_counts_links_as_23() -> None:
    persona = short_channel(60)
    link = "https://najiz.sa/" + "a" * 80
    message = f"Book online: {link}"
    assert rewrite_text(persona, message, "x")[0] == message


def test_unfixable_length_is_left_for_the_writer() -> None:
    persona = short_channel(30)
    message = "Call 1950 or visit https://najiz.sa for every service of the ministry."
    text, _ = rewrite_text(persona, message, "x")
    assert text == message
    assert "channel.length" in rules_of(persona, text, "x")


# --- the pipeline as a whole ------------------------------------------------------------------------


def test_clean_message_is_unchanged(legal: Persona) -> None:
    message = "Beneficiaries can book appointments through https://najiz.sa. For enquiries, call 1950."
    assert rewrite_text(legal, message, "x") == (message, [])


def test_full_rewrite_both_languages(legal: Persona) -> None:
    text, _ = rewrite_text(legal, "Hey folks! clients can't wait 🎉🎉 Call 920000000!! #A #B #C", "x")
    assert text == "Dear all, beneficiaries cannot wait. Call 1950. #A #B"
    arabic = "يا هلا والله! بإمكان العملاء الآن حجز المواعيد 🚀🔥 اتصل على 920000000"
    text, _ = rewrite_text(legal, arabic, "x")
    assert text == "مرحبا بكم. بإمكان المستفيدين الآن حجز المواعيد. اتصل على 1950"


def test_backend_protocol_and_offline_rewrite(legal: Persona) -> None:
    backend = RulesBackend()
    assert backend.name == "rules"
    text, changes = backend.rewrite(Request("Customers welcome!", legal, "x", None))
    assert body(text) == "Beneficiaries welcome."
    result = rewrite_offline(legal, "Customers welcome!", channel="x")
    assert result.backend == "rules" and result.persona == "legal" and result.channel == "x"
    assert result.text == text and result.attempts == [text] and result.changes == changes
    assert result.check is not None and result.findings == [] and result.score == 100
    first = {"rule": "vocabulary.prefer", "from": "Customers", "to": "Beneficiaries"}
    assert result.to_json()["changes"][0] == first


def test_plan_is_compiled_once_per_persona(legal: Persona, culture: Persona) -> None:
    assert plan_for(legal) is plan_for(legal)
    assert plan_for(legal) is not plan_for(culture)


# --- the corpus: fixable findings gone, facts kept, idempotent -------------------------------------------


@pytest.fixture(scope="module")
def posts(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, str]]:
    path = corpus(300, tmp_path_factory.mktemp("corpus"))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _kept_facts(persona: Persona, message: str) -> tuple[list[str], list[str]]:
    """The verified links and the numbers that are not retired facts, as the writer typed them."""
    retired = {tokens.phone_digits(r.old) for r in persona.facts.retired}
    links = [s.text for s in tokens.find_links(message)
             if tokens.link_is_verified(s.text, persona.facts.urls)]
    tagged = [(s.start, s.end) for s in (*tokens.find_hashtags(message), *tokens.find_links(message))]
    numbers = [m.group() for m in re.finditer(r"\d[\d ٠-٩-]*\d|\d", message)
               if tokens.phone_digits(m.group()) not in retired
               and not any(s <= m.start() < e for s, e in tagged)]
    return links, numbers


def assert_no_worse(persona: Persona, message: str, channel: str | None, result: Rewrite,
                    idempotent: bool = True) -> None:
    """The rewrite scores no lower, has no rule with more findings, keeps the meaning, leaves what the
    writer must fix in sight, and is a fixed point (no fix left that could still be kept)."""
    from collections import Counter

    from persona.check.gate import meaning_findings

    draft = check_text(persona, message, channel=channel)
    assert result.score >= draft.score, (message, result.text)
    before, after = Counter(f.rule for f in draft.findings), Counter(f.rule for f in result.findings)
    assert all(after[rule] <= before[rule] for rule in after), (message, result.text, after - before)
    dropped = [c.from_ for c in result.changes if c.rule == "channel.length"]
    assert meaning_findings(persona, message, result.text, channel=channel, dropped=dropped) == []
    assert {f.rule for f in draft.findings} & UNFIXABLE <= {f.rule for f in result.findings}, (message, result.text)
    if not idempotent:
        return
    # A fixed point: no fix left that could still be kept. (Both are asserted on realistic drafts only:
    # in a random mix of fragments, whose language is a tie, the signature can tip the balance, and
    # the meaning gate, which compares with the original, then lets a rewrite of a rewrite go further.)
    doc = Document(persona, result.text, channel, source=message, dropped=dropped)
    for candidate in fixes_to_apply(doc):
        assert not doc.propose(*fixes_module._splice(doc.text, [candidate]), step="test"), (message, result.text,
                                                                                            candidate)
    assert rewrite_text(persona, result.text, channel) == (result.text, []), (message, result.text)


@pytest.mark.parametrize("persona_id", sorted(p.stem for p in Path(SAMPLES).glob("*.yaml")))
def test_corpus_property(store: PersonaStore, posts: list[dict[str, str]], persona_id: str) -> None:
    persona = store.get(persona_id)
    channels = [c for c in ("x", "facebook") if persona.channel(c)]
    for channel in channels:
        for post in posts:
            result = rewrite_offline(persona, post["text"], channel=channel)
            assert_no_worse(persona, post["text"], channel, result)
            links, numbers = _kept_facts(persona, post["text"])
            for fact in (*links, *numbers):
                assert fact in result.text or any(fact in c.from_ for c in result.changes
                                                   if c.rule == "channel.length"), (fact, post["text"], result.text)


# --- generated drafts ------------------------------------------------------------------------------------

FRAGMENTS = [
    "Hey folks!", "Dear citizens,", "customers can now book appointments online.", "Don't miss it!!",
    "We're open 🎉", "🚀🔥", "Call 920000000 for details.", "Learn more: https://www.moj.gov.sa/services",
    "Visit https://bit.ly/3xYzAbc now!", "#Saudi", "#Vision2030 #Saudi #Riyadh", "Thank you.",
    "It's super easy to submit your request", "Wow?!", "POA requests are open.", "CLIENTS",
    "يا هلا والله!", "بإمكان العملاء الآن حجز المواعيد", "وللعميل حق الاعتراض", "لا تفوتكم!!",
    "وش رايكم؟", "للاستفسار اتصل على ٩٢٠٠٠٠٠٠٠", "#موسم_الرياض #السعودية #فعاليات", "👍", "،", "\n",
    "The Saudi Commission for Tourism and National Heritage welcomes you.", "بوابة المستقبل", "Future Gate",
    "http://www.moj.gov.sa/ar/eServices/x", "920 001 900", "نضمن لكم الرد خلال ٢٤ ساعة", "super easy",
    "قال «وش رايكم» ثم مضى", "﴿وَأَوْفُوا بِالْعَهْدِ﴾", "شركة زين", "info@moj.gov.sa", "⭐️", "عشان الحر",
    "وش تبون؟", "يستطيع العملاء الحجز",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12),
       persona_id=st.sampled_from(["legal", "entertainment", "culture", "education", "government"]),
       channel=st.sampled_from(["x", None]))
def test_generated_drafts(store: PersonaStore, parts: list[str], persona_id: str,
                          channel: str | None) -> None:
    persona = store.get(persona_id)
    message = " ".join(parts)
    assert_no_worse(persona, message, channel, rewrite_offline(persona, message, channel=channel), idempotent=False)


def test_arabic_emoji_before_a_call_to_action_leaves_a_full_stop(legal: Persona) -> None:
    text = rewrite_text(legal, "أصبح حجز المواعيد متاحًا إلكترونيًا 🎉🎉 للاستفسار اتصل على 1950", "x")[0]
    assert "إلكترونيًا. للاستفسار" in text
    assert rewrite_text(legal, "حجز المواعيد 🎉 متاح إلكترونيًا", "x")[0].startswith("حجز المواعيد متاح إلكترونيًا")


@pytest.mark.parametrize(("text", "expected"), [
    ("Book now.", True),
    ("For enquiries, call 1950.", True),
    ("Learn more at the portal", True),
    ("customers can now book appointments", False),
    ("للاستفسار اتصلوا على 1950", True),
    ("احجزوا الآن", True),
    ("سجل الحضور اليومي متاح", True),        # a clause starting with the singular imperative
    ("أضفنا سجل الحضور اليومي", False),      # «سجل» the noun, inside a statement
    ("The museum is open.", False),
])
def test_calls_to_action(text: str, expected: bool) -> None:
    from persona.text.cta import is_call_to_action

    assert is_call_to_action(text) is expected


@pytest.mark.parametrize("message", [
    "Hey folks! clients can't wait 🎉🎉 Call 920000000!! #A #B #C",
    "يا هلا والله! بإمكان العملاء الآن حجز المواعيد 🚀🔥 اتصل على 920000000",
    " ".join(["تعلن الوزارة عن تحديث شامل لخدماتها الإلكترونية في جميع المناطق."] * 6),
])
def test_the_loop_reuses_the_rules_backends_check_and_it_is_the_real_one(legal: Persona, message: str) -> None:
    from persona.rewrite.service import RewriteOptions, Rewriter

    result = Rewriter(RewriteOptions(backend="rules", cache=False)).rewrite(legal, message, channel="x")
    fresh = check_text(legal, result.text, channel="x", source="rewrite", original=message,
                       dropped=result.dropped)
    assert result.check is not None and result.check.findings == fresh.findings


def test_a_prefer_entry_marked_fix_unsafe_is_offered_but_applied_only_when_asked() -> None:
    from persona.check.engine import check_text
    from persona.loader import PersonaStore
    from persona.rewrite.rules import rewrite_offline
    from tests.conftest import SAMPLES

    education = PersonaStore.discover([SAMPLES]).get("education")
    draft = "Our legal aid desk will serve our customers before their hearing."
    finding = next(f for f in check_text(education, draft).findings if f.rule == "vocabulary.prefer")
    assert finding.suggestion == "students and parents" and finding.fix is not None
    assert finding.fix.applicability == "unsafe"
    assert "customers" in rewrite_offline(education, draft).text
    assert "serve our students and parents" in rewrite_offline(education, draft, unsafe=True).text
