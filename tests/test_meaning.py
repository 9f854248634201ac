"""The meaning gate: a rewrite keeps the original's numbers, dates, links, handles, quotations, language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from persona.check.gate import meaning_findings
from persona.loader import PersonaStore
from persona.text.details import details

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def legal():
    return PersonaStore.discover([REPO / "personas"]).get("legal")


@pytest.fixture(scope="module")
def entertainment():
    return PersonaStore.discover([REPO / "personas"]).get("entertainment")


def rules(findings) -> list[str]:
    return sorted(f.rule for f in findings)


def test_digits_in_either_script_and_grouping_are_the_same_number(legal):
    source = "يبدأ التسجيل يوم 15/3/2025 ويستمر 10 أيام، ورسوم الخدمة 1,500 ريال."
    rewrite = "يبدأ التسجيل يوم ١٥/٣/٢٠٢٥ ويستمر ١٠ أيام، ورسوم الخدمة ١٥٠٠ ريال."
    assert meaning_findings(legal, source, rewrite) == []


def test_a_written_date_is_the_same_day_as_its_numeric_form(legal):
    assert meaning_findings(legal, "The office opens on 15/3/2025.", "The office opens on 15 March 2025.") == []
    assert meaning_findings(legal, "يبدأ التقديم في 1 رمضان 1446هـ", "يبدأ التقديم في ١ رمضان ١٤٤٦هـ") == []


def test_both_calendars_must_survive(legal):
    source = "تبدأ الخدمة يوم 1 رمضان 1446هـ الموافق 1 مارس 2025م."
    found = meaning_findings(legal, source, "تبدأ الخدمة يوم 1 مارس 2025م.")
    assert rules(found) == ["meaning.lost"]
    assert "1 رمضان 1446هـ" in found[0].message


def test_a_changed_number_is_lost_and_added(legal):
    found = meaning_findings(legal, "المهلة 30 يومًا من تاريخ الإشعار.", "المهلة 60 يومًا من تاريخ الإشعار.")
    assert rules(found) == ["meaning.added", "meaning.lost"]
    added = next(f for f in found if f.rule == "meaning.added")
    assert added.match == "60"


def test_a_bare_thank_you_loses_everything(legal):
    source = "للاستفسار عن خدمة التوثيق اتصلوا على 1950 أو زوروا https://najiz.sa قبل 30 يونيو."
    found = meaning_findings(legal, source, "شكرًا لكم.")
    assert rules(found) == ["meaning.lost"]
    for part in ("1950", "https://najiz.sa", "30 يونيو"):
        assert part in found[0].message


def test_a_retired_fact_replaced_by_its_current_value_is_kept(legal):
    source = "For enquiries call 920000000 or see https://www.moj.gov.sa/ar/eServices"
    assert meaning_findings(legal, source, "For enquiries, call 1950 or see https://najiz.sa") == []
    # dropping it without its replacement is a loss
    assert rules(meaning_findings(legal, source, "For enquiries, see https://najiz.sa")) == ["meaning.lost"]


def test_the_quran_must_be_quoted_word_for_word(legal):
    source = "قال تعالى: ﴿إِنَّ اللَّهَ يَأْمُرُكُمْ أَن تُؤَدُّوا الْأَمَانَاتِ إِلَىٰ أَهْلِهَا﴾"
    changed = "قال تعالى: ﴿إن الله يأمركم أن تؤدوا الأمانات إلى أهلها﴾"  # diacritics dropped: not word for word
    assert rules(meaning_findings(legal, source, changed)) == ["meaning.lost"]
    assert meaning_findings(legal, source, source.replace("قال تعالى:", "قال الله تعالى:")) == []


def test_a_quotation_may_change_its_marks_not_its_words(legal):
    source = 'قال الوزير: «العدالة الناجزة حق للجميع».'
    assert meaning_findings(legal, source, 'صرّح الوزير: "العدالة الناجزة حق للجميع".') == []
    assert rules(meaning_findings(legal, source, "صرّح الوزير: «العدالة حق للجميع».")) == ["meaning.lost"]


def test_handles_emails_and_persona_hashtags(entertainment):
    source = "Tickets at https://riyadhseason.com, questions to help@riyadhseason.com #RiyadhSeason #Fun"
    rewrite = "Tickets at https://riyadhseason.com #RiyadhSeason"
    found = meaning_findings(entertainment, source, rewrite)
    assert rules(found) == ["meaning.lost"]
    assert "help@riyadhseason.com" in found[0].message
    assert "#Fun" not in found[0].message  # not the persona's hashtag: channel fitting may trim it
    assert "#RiyadhSeason" in meaning_findings(entertainment, source, "Tickets at https://riyadhseason.com, "
                                               "questions to help@riyadhseason.com")[0].message


def test_a_clause_dropped_whole_to_fit_is_not_lost(legal):
    source = "خدمة التوثيق متاحة عبر ناجز، وللمزيد من التفاصيل يمكن زيارة https://www.moj.gov.sa/services"
    rewrite = "خدمة التوثيق متاحة عبر ناجز."
    assert rules(meaning_findings(legal, source, rewrite)) == ["meaning.lost"]
    dropped = ["وللمزيد من التفاصيل يمكن زيارة https://www.moj.gov.sa/services"]
    assert meaning_findings(legal, source, rewrite, dropped=dropped) == []


def test_the_persona_facts_and_signature_are_not_added(legal):
    source = "خدمة التوثيق متاحة عبر ناجز."
    assert meaning_findings(legal, source, "خدمة التوثيق متاحة عبر ناجز https://najiz.sa\nللاستفسار: 1950") == []
    found = meaning_findings(legal, source, "خدمة التوثيق متاحة عبر ناجز خلال 24 ساعة، تابعونا @Moj_News")
    assert [f.match for f in found if f.rule == "meaning.added"] == ["24", "@Moj_News"]


def test_language_switch_is_an_error_unless_asked(legal):
    source = "Beneficiaries can now book notary appointments on Najiz."
    arabic = "يمكن للمستفيدين الآن حجز مواعيد التوثيق عبر ناجز."
    assert rules(meaning_findings(legal, source, arabic)) == ["meaning.language"]
    assert meaning_findings(legal, source, arabic, lang="ar") == []
    assert rules(meaning_findings(legal, source, source, lang="ar")) == ["meaning.language"]


def test_dialect_and_msa_are_both_arabic(legal):
    source = "وش رايكم تحجزون موعدكم من ناجز؟ الخدمة متاحة ٢٤ ساعة"
    assert meaning_findings(legal, source, "ندعوكم إلى حجز مواعيدكم عبر منصة ناجز، والخدمة متاحة 24 ساعة.") == []


def test_details_inside_links_are_not_numbers():
    found = details("Apply at https://www.moj.gov.sa/2025/form before 5 June #Vision2030")
    assert [(d.kind, d.text) for d in found] == [
        ("link", "https://www.moj.gov.sa/2025/form"), ("date", "5 June"), ("hashtag", "#Vision2030")]


def test_cli_check_source(tmp_path: Path, persona_exe):
    original = tmp_path / "original.txt"
    original.write_text("تعلن الوزارة عن خدمة جديدة، للاستفسار اتصلوا على 1950 قبل 15/3/2025.\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("تعلن الوزارة عن خدمة جديدة، وللاستفسار يُرجى الاتصال على 1950 قبل 15/3/2025.\n",
                    encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("The ministry announces a new service.\n", encoding="utf-8")
    ok = persona_exe("check", str(good), "--as", "legal", "--source", str(original), "--format", "json")
    assert ok.code == 0, ok.stderr
    assert not [f for f in json.loads(ok.stdout)["results"][0]["findings"] if f["rule"].startswith("meaning.")]
    run = persona_exe("check", str(bad), "--as", "legal", "--source", str(original), "--format", "json")
    assert run.code == 1
    found = {f["rule"] for f in json.loads(run.stdout)["results"][0]["findings"]}
    assert {"meaning.lost", "meaning.language"} <= found
    translated = persona_exe("check", str(bad), "--as", "legal", "--source", str(original), "--lang", "en")
    assert "meaning.language" not in translated.stdout and "meaning.lost" in translated.stdout
    missing = persona_exe("check", str(good), "--as", "legal", "--source", str(tmp_path / "nope.txt"))
    assert missing.code == 2 and missing.stderr.strip().endswith("nope.txt: no such file")
    assert "Traceback" not in missing.stderr


def test_without_source_the_gate_is_silent(legal):
    from persona.check.engine import check_text

    assert not [f for f in check_text(legal, "شكرًا لكم.").findings if f.rule.startswith("meaning.")]


@pytest.mark.parametrize(
    ("source", "rewrite"),
    [
        ("لن تحتاج إلى زيارة الفرع بعد اليوم.", "وستحتاج إلى زيارة الفرع بعد اليوم."),
        ("لا نضمن نتيجة أي قضية؛ فالحكم يختص به القضاء وحده.", "نضمن نتيجة أي قضية؛ فالحكم يختص به القضاء وحده."),
        ("There is no need to visit our office.", "There is need to visit our office."),
        ("We do not charge a fee for this service.", "We charge a fee for this service."),
    ],
)
def test_a_negation_that_disappears_is_lost_meaning(legal, source: str, rewrite: str):
    found = meaning_findings(legal, source, rewrite)
    assert rules(found) == ["meaning.lost"]
    assert "negation" in found[0].message or "النفي" in found[0].message


def test_a_negation_that_appears_is_added_meaning(legal):
    found = meaning_findings(legal, "ستحتاج إلى زيارة الفرع لاستلام الصك.", "لن تحتاج إلى زيارة الفرع لاستلام الصك.")
    assert rules(found) == ["meaning.added"]
    assert "«لن»" in found[0].message


@pytest.mark.parametrize(
    ("source", "rewrite"),
    [
        ("ما تحتاج تروح الفرع، كل شي إلكتروني.", "لا تحتاج إلى زيارة الفرع، فكل الخدمات إلكترونية."),  # dialect → MSA
        ("We don't charge a fee.", "We do not charge a fee."),
        ("No need to print the form.", "You do not need to print the form."),
        ("لا تنسَ إرفاق الهوية.", "يرجى إرفاق الهوية."),  # «لا تنس» is no negation of the message
        ("وش تبون؟ ما تبون تسجلون بالبرنامج؟", "ماذا تريدون؟ ماذا تريدون التسجيل فيه؟"),  # a question's «ما»
        ("خدمة التوثيق متاحة عبر ناجز.", "خدمة التوثيق متاحة عبر ناجز.\nللاستفسار: 1950"),
    ],
)
def test_a_negation_kept_in_other_words_is_not_a_change(legal, source: str, rewrite: str):
    assert meaning_findings(legal, source, rewrite) == []


def test_meaning_messages_speak_the_draft_language_and_honour_lang(legal):
    source = "لن تحتاج إلى زيارة الفرع، للاستفسار: 1950"
    rewrite = "ستحتاج إلى زيارة الفرع."
    arabic = meaning_findings(legal, source, rewrite)
    assert rules(arabic) == ["meaning.lost"]
    assert not any("a" <= ch <= "z" for ch in arabic[0].message), arabic[0].message
    assert "«1950» (رقم)" in arabic[0].message and "النفي «لن»" in arabic[0].message
    english = meaning_findings(legal, source, "You will need to visit the branch.", lang="en")
    assert english and all("The rewrite" in f.message for f in english)
    switched = meaning_findings(legal, "تعلن وزارة العدل عن خدمة جديدة عبر منصة ناجز.",
                                "The ministry announces a new service on the Najiz platform.", lang="ar")
    assert [f.message for f in switched] == [
        "إعادة الصياغة باللغة الإنجليزية، والمطلوب أن تكون باللغة العربية كما طُلب بالخيار \u200e--lang."]


def test_the_gate_knows_the_persona_hashtags_the_rewriter_keeps():
    from persona.check.meaning import own_hashtags
    from persona.rewrite.steps.plan import Plan

    store = PersonaStore.discover([REPO / "personas"])
    for name in ("culture", "education", "entertainment", "government", "legal"):
        persona = store.get(name)
        assert own_hashtags(persona) == Plan(persona).own_tags, name
    assert own_hashtags(store.get("entertainment"))


def test_a_lost_persona_hashtag_is_reported_in_any_spelling(entertainment):
    source = "انطلقت فعاليات الموسم، احجزوا تذاكركم عبر https://riyadhseason.com #موسم_الرياض #فعاليات"
    found = meaning_findings(entertainment, source, "انطلقت فعاليات الموسم، احجزوا تذاكركم عبر https://riyadhseason.com")
    assert rules(found) == ["meaning.lost"] and "#موسم_الرياض" in found[0].message
    assert "#فعاليات" not in found[0].message  # not the persona's: channel fitting may trim it
    kept = "انطلقت فعاليات الموسم، احجزوا تذاكركم عبر https://riyadhseason.com #موسم_الرّياض"  # with a shadda
    assert meaning_findings(entertainment, source, kept) == []


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("direction", ["formal", "warm"])
def test_every_register_pair_keeps_its_negations(lang: str, direction: str):
    # the rules rewriter's swaps: «مدري» → «لا أدري», «مو» → «غير», «بناء على ما تقدم» → «لذلك»
    from persona import lexicons
    from persona.check.negation import negators

    changed = [(p.source, p.target) for p in lexicons.register_pairs(lang, direction)
               if len(negators(p.source)) != len(negators(p.target))]
    assert changed == []


def test_a_relative_or_interrogative_ma_is_no_negation():
    from persona.check.negation import negators

    assert negators("بناء على ما تقدم نعلن عن الخدمة، وفق ما تنص عليه اللائحة.") == []
    assert negators("ما تريدون؟") == []
    assert negators("ما تحتاج تروح الفرع، ومدري متى يفتح.") == ["ما", "مدري"]
