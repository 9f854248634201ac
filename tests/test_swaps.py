"""Where a swap is safe (persona.check.swaps): context guards, protected spans, the -ين form."""

from __future__ import annotations

import pytest

from persona.check.swaps import guarded_swap, plural_is_safe, protected_spans
from persona.text.normalize import strip_marks


def swap(text: str, source: str, target: str, greeting: bool = False, lang: str = "ar") -> tuple[str | None, bool]:
    start = text.index(source)
    return guarded_swap(lang, source, target, greeting, text, start, start + len(source))


@pytest.mark.parametrize(("text", "expected"), [
    ("وش تحتاجون؟", ("ماذا", True)),          # before a verb: «ماذا», never «ما» (a negation)
    ("وش الموضوع؟", ("ما", True)),            # before a definite noun: «ما»
    ("وش؟ الخدمة متوقفة", ("ماذا", True)),    # alone
    ("وش صار؟", ("ما", False)),               # a perfect verb: left for the writer
])
def test_the_interrogative(text: str, expected: tuple[str, bool]) -> None:
    assert swap(text, "وش", "ما") == expected


@pytest.mark.parametrize(("text", "safe"), [
    ("عشان تستفيد من الخدمة", True),
    ("عشان تسجلون في المنصة", False),   # «لكي تسجلون» does not parse («لكي تسجلوا»)
    ("عشان تسجلون؟", False),            # the question mark is not part of the verb
    ("عشان الحر نغلق", False),          # causal before a noun
])
def test_purpose(text: str, safe: bool) -> None:
    assert swap(text, "عشان", "لكي") == ("لكي", safe)


def test_greetings() -> None:
    assert swap("يا هلا والله! الخدمة متاحة", "يا هلا والله", "مرحبا بكم", True) == ("مرحبا بكم", True)
    assert swap("هلا والله بالجميع", "هلا والله", "مرحبا بكم", True) == ("مرحبا بكم", False)
    assert swap("Hey folks, the portal is open.", "Hey folks", "Dear all", True, "en") == ("Dear all", True)
    assert swap("We say hey folks to all.", "hey folks", "Dear all", True, "en") == ("Dear all", False)


def test_unguarded_pairs_are_left_to_the_flag() -> None:
    assert swap("ليش تنتظر؟", "ليش", "لماذا") == (None, False)


def test_now_except_in_until_then() -> None:
    assert swap("قدم طلبك الحين", "الحين", "الآن") == ("الآن", True)
    assert swap("وحتى ذلك الحين تبقى محفوظة", "الحين", "الآن") == ("الآن", False)


@pytest.mark.parametrize(("text", "typed", "safe"), [
    ("يستطيع العملاء الحجز", "العملاء", False),     # a subject: nominative
    ("العملاء مرحب بهم", "العملاء", False),
    ("خدمة العملاء متاحة", "العملاء", True),        # construct after a noun in ة
    ("نرحب بالعملاء", "بالعملاء", True),            # a proclitic preposition
    ("يسعدنا استقبال العملاء", "العملاء", True),    # after a verbal noun
    ("نؤكد أن العملاء راضون", "العملاء", True),     # after «أن»
    ("متاحة لجميع العملاء", "العملاء", True),
])
def test_the_sound_plural(text: str, typed: str, safe: bool) -> None:
    use = ("ب" if typed.startswith("ب") else "") + "المستفيدين"
    assert plural_is_safe(text, text.index(typed), typed, use) is safe


def test_protected_spans_cover_quotes_quran_emails_and_names() -> None:
    text = "قال «وش رايكم» ﴿وَأَوْفُوا﴾ info@moj.gov.sa شركة زين والمهندس عبدالله"
    covered = [text[s:e] for s, e in sorted(protected_spans(text))]
    assert "«وش رايكم»" in covered and "﴿وَأَوْفُوا﴾" in covered and "info@moj.gov.sa" in covered
    assert "زين" in covered and "عبدالله" in covered


def test_a_name_after_a_title_and_its_nisba_adjectives_is_protected() -> None:
    text = "شارك الرئيس الصيني شي جين بينغ في القمة، والمستشارة الألمانية أنغيلا ميركل وفريقها."
    covered = [text[s:e] for s, e in sorted(protected_spans(text))]
    assert "شي جين بينغ" in covered      # to the preposition «في»
    assert "أنغيلا ميركل" in covered     # to the conjunction «وفريقها»
    assert not any("القمة" in c for c in covered)


@pytest.mark.parametrize(("text", "source", "target"), [
    ("كلمنا إذا احتجت شي", "شي", "شيء"),             # an object: «شيئًا»
    ("شارك الرئيس الصيني شي جين بينغ", "شي", "شيء"),  # a name
    ("عازف كمان سعودي", "كمان", "أيضا"),              # the violin
    ("طلبك بيصير جاهز بكره", "بيصير", "سيصبح"),       # «سيصبح جاهزًا»
    ("الموعد بيكون متاح", "بيكون", "سيكون"),
    ("نعتذر لانو الموعد تغير", "لانو", "لأنه"),       # before a noun: «لأن الموعد»
    ("حاضر فيها الدكتور أحمد بدري", "بدري", "مبكرا"),  # a surname
    ("استولى عليها بالحيل", "بالحيل", "كثيرا"),       # MSA «by tricks»
])
def test_pairs_that_are_never_safe_in_place(text: str, source: str, target: str) -> None:
    assert swap(text, source, target) == (target, False)


@pytest.mark.parametrize(("text", "safe"), [
    ("الجو كويس اليوم", True),          # a predicate after a definite subject: nominative
    ("هو كويس", True),
    ("صار كويس", False),                # after «صار»: «جيدًا»
    ("كان الموظف كويس", False),         # «كان» two words before
    ("شفت موظف كويس", False),           # after an indefinite noun (or a verb): may be accusative
    ("كويس إنك جيت", False),            # opening the sentence
])
def test_an_adjective_whose_accusative_shows(text: str, safe: bool) -> None:
    assert swap(text, "كويس", "جيد") == ("جيد", safe)


@pytest.mark.parametrize(("text", "source", "target", "safe"), [
    ("يرجى تحديث بياناتكم", "يرجى", "نرجو", True),
    ("يُرجى تحديثُ بياناتِكم", "يُرجى", "نرجو", False),                       # «تحديثُ» would need «تحديثَ»
    ("تم تمديد المهلة حتى الخميس.", "تم تمديد", "مددنا", True),
    ("تم تمديد المهلة بقرار من مجلس الوزراء.", "تم تمديد", "مددنا", False),   # someone else acted
    ("تم تحديث اللائحة بموجب نظام المرافعات.", "تم تحديث", "قمنا بتحديث", False),
    ("تم تحديث اللائحة. صدرت بقرار من الوزير.", "تم تحديث", "قمنا بتحديث", True),  # another sentence
])
def test_a_passive_becomes_we_only_when_no_one_else_acted(text: str, source: str, target: str, safe: bool) -> None:
    start = text.index(source)
    assert guarded_swap("ar", strip_marks(source), target, False, text, start, start + len(source)) == (target, safe)


@pytest.mark.parametrize("text", [
    "شركة زين", "والمهندس عبدالله", "بمحمد", "د.محمد العتيبي", "Dr. Haya", "Mr. Smith", "للمهندس خالد",
    "قدّم الأستاذ ناصر", "ابو فهد", "زار معالي الوزير", "شركه", "وشركة",
])
def test_the_cue_prefilter_never_hides_a_cue_the_pattern_finds(text: str) -> None:
    from persona.check.swaps import _cue_re, _may_hold_a_cue
    from persona.text.normalize import fold

    folded = fold(text).text
    assert _cue_re().search(folded) is not None
    assert _may_hold_a_cue(folded)


@pytest.mark.parametrize("text", ["تعلن الوزارة عن خدمة جديدة.", "The portal is open.", "محمدية", "المشركة", "cooperation"])
def test_the_cue_prefilter_skips_texts_without_a_cue(text: str) -> None:
    from persona.check.swaps import _cue_re, _may_hold_a_cue
    from persona.text.normalize import fold

    folded = fold(text).text
    assert _cue_re().search(folded) is None
    assert not _may_hold_a_cue(folded)
