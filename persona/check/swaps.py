"""How safe a word swap is where it stands: the applicability of a vocabulary or register fix.

A swap replaces a phrase in place. It is ``safe`` (applied by ``persona check --fix`` and by the
rules rewriter) only when it cannot change the sentence's grammar or sense there; otherwise it is
``unsafe``: shown, and applied only when the writer asks (``--unsafe-fixes``). What makes a swap
unsafe here:

* it stands inside something that is not the writer's prose to edit: a quotation («…», “…”,
  "…"), a Quranic verse ﴿…﴾, a hashtag, an e-mail address, or a name (the word after «شركة»,
  «السيد», "Mr."…: «زين» in «شركة زين» is a company, not "good");
* its register pair is guarded (``persona/data/swap_guards.tsv``) and the context does not
  allow it: «وش» is «ما» before a definite word but «ماذا» before a verb (never «ما», which
  reads as a negation), «عشان» is «لكي» only before a singular imperfect verb, a greeting is
  replaced only when it stands alone;
* (vocabulary) the replacement would give a nominative subject the «-ين» form: «يستطيع العملاء»
  must not become «يستطيع المستفيدين». «-ين» is safe after a preposition, in a construct
  («خدمة العملاء»), after «إن/أن» or with a proclitic preposition («للعملاء»).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from persona.check.edits import starts_sentence
from persona.text import spans as spans_of
from persona.text.inflect import swap_is_safe
from persona.text.lazy import lazy_re
from persona.text.normalize import Folded, fold, fold_term, is_arabic, strip_marks

__all__ = ["NAME_CUES", "TITLE_CUES", "guarded_swap", "plural_is_safe", "prefer_is_safe", "protected_of",
           "protected_spans"]

#: A word character, Arabic marks included (not ؟ or ،), for every pattern and pre-check below.
_WORD_CHAR = r"[\w\u064b-\u065f\u0670]"
_NEXT_WORD_RE = lazy_re(rf"[ \t]*({_WORD_CHAR}+)")
_PREV_WORD_RE = lazy_re(r"([\w\u064b-\u065f\u0670.]+)[ \t]*$")
_IMPERFECT = "\u064a\u062a\u0646\u0623\u0627"  # ي ت ن أ ا
_ARTICLE = "\u0627\u0644"
_THAT = frozenset({"ذلك", "تلك", "ذاك", "ذلكم", "حتى", "منذ", "وحتى", "ومنذ"})

#: Words after which the next word (or two) is a name: a company, a person, a place of business.
NAME_CUES: frozenset[str] = frozenset({
    "شركة", "شركه", "مؤسسة", "مؤسسه", "مجموعة", "مجموعه", "بنك", "مصرف", "مستشفى", "فندق", "مطعم", "مجمع",
    "السيد", "السيدة", "الأستاذ", "الاستاذ", "الأستاذة", "الدكتور", "الدكتورة", "د.", "الشيخ", "الأمير",
    "الأميرة", "المهندس", "المهندسة", "م.", "المواطن", "المواطنة", "الطالب", "الطالبة", "الأخ", "الأخت",
    "mr.", "mrs.", "ms.", "dr.", "company", "co.", "sheikh", "prince", "princess",
})
#: Titles before a person's full name, often a foreign one after a nisba adjective: «الرئيس الصيني
#: شي جين بينغ», «المستشارة الألمانية أنغيلا ميركل», «اللاعب البرازيلي نيمار». After one (and its
#: nisba adjectives), up to three words are the name.
TITLE_CUES: frozenset[str] = frozenset({
    "الرئيس", "الرئيسة", "رئيس", "رئيسة", "الملك", "الملكة", "الأمير", "الأميرة", "ولي", "الوزير", "الوزيرة",
    "وزير", "وزيرة", "السفير", "السفيرة", "المستشار", "المستشارة", "الأمين", "المبعوث", "المبعوثة", "النائب",
    "الزعيم", "اللاعب", "اللاعبة", "الفنان", "الفنانة", "المطرب", "المطربة", "المغني", "المغنية", "الممثل",
    "الممثلة", "المخرج", "المخرجة", "الكاتب", "الكاتبة", "الروائي", "الروائية", "الشاعر", "الشاعرة", "المدرب",
    "المدربة", "العازف", "العازفة", "الموسيقار", "البروفيسور", "الباحث", "الباحثة", "الإمام", "القاضي",
    "president", "king", "queen", "minister", "ambassador", "chancellor",
})
_NAME_STOPS: frozenset[str] = frozenset({
    "في", "من", "على", "إلى", "الى", "عن", "مع", "خلال", "أن", "إن", "ان", "الذي", "التي", "قد", "لقد",
    "يوم", "أمس", "اليوم", "غدا", "بعد", "قبل", "حيث", "كما", "وقد", "of", "in", "at", "on", "and", "said",
})
# A preposition, or a word that governs the genitive or accusative of the noun after it.
_GOVERNORS: frozenset[str] = frozenset({
    "في", "من", "على", "إلى", "الى", "عن", "مع", "لدى", "عند", "بين", "حول", "نحو", "دون", "بدون", "عبر",
    "منذ", "خلال", "لجميع", "لكل", "لكافة", "بجميع", "بكل", "جميع", "كل", "كافة", "بعض", "معظم", "أغلب",
    "اغلب", "عدد", "أعداد", "بإمكان", "بامكان", "إمكان", "امكان", "إن", "ان", "أن", "لأن", "لان", "بأن", "بان",
    "كأن", "لكن", "لكنّ", "ليت", "لعل", "أمام", "امام", "وراء", "تجاه", "لصالح", "بحق", "حق", "حقوق", "رضا",
    "خدمة", "خدمات", "بيانات", "طلبات", "احتياجات", "شكاوى", "ثقة", "تجربة", "مراكز", "مركز", "بوابة",
})
_CONSTRUCT_ENDINGS = ("\u0629", "\u0627\u062a")  # ة, ات: a noun in construct before a definite noun


def protected_spans(text: str, hashtags: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Quotations, Quranic verses, e-mail addresses and names in ``text`` (and ``hashtags``)."""
    spans = [*spans_of.find_quotes(text), *spans_of.find_quran(text), *spans_of.find_emails(text)]
    spans += _names(text)
    return spans + list(hashtags or ())


def protected_of(ctx: Any) -> list[tuple[int, int]]:
    """:func:`protected_spans` of a check context's draft and hashtags, found once per draft."""
    found = ctx.__dict__.get("_protected")
    if found is None:
        hashtags = [(t.start, t.end) for t in ctx.hashtags]
        if ctx.body_start:
            found = protected_spans(ctx.text, hashtags)
        else:  # the body is the text: its quotations, verses and addresses are the context's
            # The prose is the text itself when nothing was blanked: its fold is the context's.
            names = _names(ctx.text, ctx.folded if ctx.prose is ctx.text else None)
            found = [*ctx.quotes, *ctx.quran, *ctx.emails, *names, *hashtags]
        ctx.__dict__["_protected"] = found
    return found


def _names(text: str, folded: Folded | None = None) -> list[tuple[int, int]]:
    """The word after a name cue («شركة زين», «المهندس عبدالله», "Dr. Haya"): one word, two when
    both are capitalised. The cues: :data:`NAME_CUES` and the checker's name words
    (``persona/data/names_ar.txt``: titles, first names, kinship words), compared folded.
    ``folded`` may pass ``fold(text)`` when the caller has it."""
    if folded is None:
        folded = fold(text)
    spans = _titled_names(text)
    if not _may_hold_a_cue(folded.text):
        return spans
    for match in _cue_re().finditer(folded.text):
        after = _NEXT_WORD_RE().match(folded.text, match.end())
        if after is None:
            continue
        start, end = after.span(1)
        second = _NEXT_WORD_RE().match(folded.text, end)
        if second and text[folded.offset(start)].isupper() and text[folded.offset(second.start(1))].isupper():
            end = second.end(1)
        spans.append(folded.span(start, end))
    return spans


def _titled_names(text: str) -> list[tuple[int, int]]:
    """The name after a title and its nisba adjectives: «الرئيس الصيني شي جين بينغ» protects «شي جين
    بينغ» (up to three words, to a preposition, a conjunction «و…» or punctuation)."""
    spans: list[tuple[int, int]] = []
    if not _may_hold_a_title(text):
        return spans
    for match in _title_re().finditer(text):
        pos = match.end()
        word = _NEXT_WORD_RE().match(text, pos)
        while word is not None and _is_nisba(strip_marks(word.group(1))):
            pos = word.end(1)
            word = _NEXT_WORD_RE().match(text, pos)
        start = end = None
        for _ in range(3):
            word = _NEXT_WORD_RE().match(text, pos)
            if word is None:
                break
            bare = strip_marks(word.group(1))
            if bare.lower() in _NAME_STOPS or (start is not None and bare.startswith("\u0648")):
                break
            start = word.start(1) if start is None else start
            end = pos = word.end(1)
        if start is not None and end is not None:
            spans.append((start, end))
    return spans


def _is_nisba(word: str) -> bool:
    """A definite nisba adjective: «الصيني», «الألمانية», «السعودي»."""
    return _is_definite(word) and word.endswith(("\u064a", "\u064a\u0629", "\u064a\u0647")) and len(word) > 4


#: The letters the title pattern's IGNORECASE takes for i or s where ``str.lower()`` does not.
_CASE_ODDITIES_RE = re.compile("[\u0130\u0131\u017f]")


def _may_hold_a_title(text: str) -> bool:
    """Could :func:`_title_re` match in ``text``? Not without one of :data:`TITLE_CUES` in it, case
    aside: one pass of an Aho-Corasick automaton instead of the long alternation tried at every
    position (most drafts name no title)."""
    lowered = text.lower()
    return _CASE_ODDITIES_RE.search(text) is not None or next(_titles().iter(lowered), None) is not None


@cache
def _titles() -> Any:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for cue in TITLE_CUES:
        automaton.add_word(cue.lower(), cue)
    automaton.make_automaton()
    return automaton


@cache
def _title_re() -> re.Pattern[str]:
    alternatives = "|".join(re.escape(c) for c in sorted(TITLE_CUES, key=len, reverse=True))
    word = _WORD_CHAR
    return re.compile(rf"(?<!{word})[\u0648\u0641\u0628\u0644]?(?:{alternatives})(?!{word})", re.IGNORECASE)


@cache
def _cue_words() -> frozenset[str]:
    from persona import lexicons

    return frozenset({fold(c).text for c in NAME_CUES} | set(lexicons.name_words()))


_WORD_RUN_RE = lazy_re(f"{_WORD_CHAR}+")


def _may_hold_a_cue(ftext: str) -> bool:
    """Could :func:`_cue_re` match in the folded ``ftext``? Only where a whole word (a run of its
    word characters) is a cue, maybe after «و ف ب ل»: a cue is word characters and perhaps a final
    full stop, matched from a word's start to a non-word character. A set lookup per word instead of
    a hundred-odd alternatives tried at every position."""
    return not _cue_word_forms().isdisjoint(_WORD_RUN_RE().findall(ftext))


@cache
def _cue_word_forms() -> frozenset[str]:
    """The cues without a final full stop («د.» → «د», each a run of word characters), bare and
    after each of «و ف ب ل»."""
    bases = {c.removesuffix(".") for c in _cue_words()}
    assert all(_WORD_RUN_RE().fullmatch(b) for b in bases), "a name cue that is not one word"
    return frozenset(bases | {prefix + b for b in bases for prefix in "\u0648\u0641\u0628\u0644"})


@cache
def _cue_re() -> re.Pattern[str]:
    alternatives = "|".join(re.escape(c) for c in sorted(_cue_words(), key=len, reverse=True))
    word = _WORD_CHAR
    return re.compile(rf"(?<!{word})[\u0648\u0641\u0628\u0644]?(?:{alternatives})(?!{word})")


def overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans) or any(s <= start < e for s, e in spans if s == e)


# -- register pairs ---------------------------------------------------------------------------------


def _next_word(text: str, end: int) -> str | None:
    """The word right after ``end`` ("" when punctuation or the end of the line follows)."""
    match = _NEXT_WORD_RE().match(text, end)
    if match is None:
        return ""
    return strip_marks(match.group(1))


def _is_definite(word: str) -> bool:
    word = word.lstrip("\u0648\u0641")
    return word.startswith(_ARTICLE) or word.startswith("\u0644\u0644")


def _is_imperfect_verb(word: str) -> bool:
    return len(word) >= 3 and word[0] in _IMPERFECT and not _is_definite(word)


def guarded_swap(lang: str, source: str, target: str, greeting: bool, text: str, start: int,
                 end: int) -> tuple[str | None, bool]:
    """The replacement for the register pair ``source`` → ``target`` at ``text[start:end]``, and
    whether it is safe there (see :data:`persona.lexicons.GUARDS`); ``(None, False)`` when the pair
    has no guard (then the lexicon's ``safe`` flag decides).

    Greetings are guarded by their kind: an Arabic one is part of the sentence it opens («هلا
    والله بالجميع»), so it is replaced only when it stands alone; an English one only where it
    opens a sentence ("Hey folks, …" → "Dear all, …").
    """
    from persona import lexicons

    guard = lexicons.swap_guards(lang).get(source.lower())
    if guard is None and greeting:
        guard = "alone" if lang == "ar" else "opening"
    if guard is None:
        return None, False
    if guard == "opening":
        return target, starts_sentence(text, start)
    if guard == "not_after_that":
        previous = _PREV_WORD_RE().search(text, 0, start)
        return target, previous is None or strip_marks(previous.group(1)) not in _THAT
    following = _next_word(text, end)
    if guard == "unsafe":
        return target, False
    if guard == "alone":
        return target, following == ""
    if guard == "before_definite":
        return target, following == "" or _is_definite(following or "")
    if guard == "interrogative":
        if following == "" or _is_definite(following or ""):
            return ("ماذا" if following == "" else target), True
        if _is_imperfect_verb(following or ""):
            return "ماذا", True
        return target, False
    if guard == "passive":
        return target, not _next_has_case_vowel(text, end) and not _agent_follows(text, end)
    if guard == "nominative":
        return target, _cannot_be_accusative(text, start)
    if guard == "purpose":
        word = following or ""
        singular = not word.endswith(("\u0648\u0646", "\u064a\u0646", "\u0627\u0646"))
        return target, _is_imperfect_verb(word) and singular
    return target, False


#: Phrases that name who acted (folded): a passive with one of these after it is someone else's act.
_AGENT_CUES: tuple[str, ...] = ("بقرار من", "بقرار", "من قبل", "من طرف", "بموجب", "بتوجيه", "بتوجيهات",
                                "بأمر", "بناء على توجيه", "بناء على قرار", "بناء على أمر",
                                "بمرسوم", "بموافقة", "بمصادقة", "by order of", "by decision of")
_CASE_VOWELS = frozenset("\u064b\u064c\u064d\u064e\u064f\u0650")
_SENTENCE_END = lazy_re(r"[.!?\u061f\n]")


def _next_has_case_vowel(text: str, end: int) -> bool:
    """Does the word after ``end`` carry a written case vowel («تحديثُ»)? A swap that moves it from
    subject to object («يُرجى تحديثُ» → «نرجو تحديثَ») would leave that vowel wrong."""
    match = _NEXT_WORD_RE().match(text, end)
    return match is not None and any(ch in _CASE_VOWELS for ch in match.group(1)[-2:])


def _agent_follows(text: str, end: int) -> bool:
    """Does the rest of the sentence name who acted («تم تمديد المهلة بقرار من مجلس الوزراء»)? Then
    the passive must not become «we»: the account would claim the Council's decision."""
    stop = _SENTENCE_END().search(text, end)
    rest = fold(text[end:stop.start() if stop else len(text)]).text.lower()
    return any(re.search(rf"(?<!\w){re.escape(fold(cue).text)}(?!\w)", rest) for cue in _AGENT_CUES)


#: «كان» and its sisters (past, present, future, dialect): the predicate after them is accusative.
_KANA: frozenset[str] = frozenset({
    "كان", "كانت", "كانوا", "يكون", "تكون", "نكون", "أكون", "اكون", "سيكون", "ستكون", "سنكون", "بيكون",
    "بتكون", "صار", "صارت", "يصير", "تصير", "بيصير", "بتصير", "أصبح", "اصبح", "أصبحت", "اصبحت", "يصبح",
    "تصبح", "سيصبح", "ستصبح", "بات", "باتت", "يبات", "ظل", "ظلت", "يظل", "تظل", "ليس", "ليست", "لسنا",
    "مازال", "لازال", "لايزال", "يزال", "تزال", "رجع", "رجعت", "راح", "يبقى", "تبقى", "بقى", "بقي",
})
_PRONOUNS: frozenset[str] = frozenset({"هو", "هي", "هم", "هن", "نحن", "أنا", "انا", "أنت", "انت", "أنتم",
                                       "انتم", "احنا", "إحنا", "انتو", "هذا", "هذه", "هذي", "ذلك", "تلك"})
_GENITIVE_PREPOSITIONS: frozenset[str] = frozenset({"في", "من", "على", "إلى", "الى", "عن", "مع", "لدى",
                                                    "عند", "بين", "حول", "نحو", "دون", "بدون", "عبر"})


def _cannot_be_accusative(text: str, start: int) -> bool:
    """Is the word at ``start`` certainly not accusative: after a definite word, a pronoun or a
    preposition, with no «كان»-like verb among the two words before it?"""
    line_break = text.rfind("\n", 0, start)
    sentence = re.split(r"[.!?\u061f\u060c,;\u061b:\n]", text[max(0, start - 60, line_break + 1):start])[-1]
    before = [strip_marks(w) for w in _WORD_RUN_RE().findall(sentence)]
    if not before:
        return False
    if any(w in _KANA or w.lstrip("\u0648\u0641") in _KANA for w in before[-2:]):
        return False
    previous = before[-1]
    bare = previous.lstrip("\u0648\u0641") or previous
    return _is_definite(previous) or bare in _PRONOUNS or bare in _GENITIVE_PREPOSITIONS


# -- vocabulary ---------------------------------------------------------------------------------------


def prefer_is_safe(text: str, start: int, typed: str, term: str, use: str, replacement: str) -> bool:
    """Is the persona's swap of ``typed`` (a match of ``term``) by ``replacement`` certainly grammatical here?

    :func:`persona.text.inflect.swap_is_safe` answers for any sentence; when only the «-ين» ending
    of the replacement stands in its way, the position decides (:func:`plural_is_safe`).
    """
    if swap_is_safe(typed, term, use, replacement, text[max(0, start - 4):start]):
        return True
    if not is_arabic(term) or not _only_the_plural_ending(typed, term, use):
        return False
    return plural_is_safe(text, start, typed, replacement)


def _only_the_plural_ending(typed: str, term: str, use: str) -> bool:
    """The match is the listed term (with proclitics only), the term shows no case ending, and the
    replacement ends in «-ين» and agrees with it in gender."""
    folded_typed, folded_term = fold_term(typed), fold_term(term)
    core = folded_term[2:] if folded_term.startswith(_ARTICLE) and len(folded_term) > 3 else folded_term
    last_term, last_use = strip_marks(term).split()[-1:] or [""], strip_marks(use).split()[-1:] or [""]
    return (bool(core) and folded_typed.endswith(core)
            and not last_term[0].endswith(("\u0648\u0646", "\u064a\u0646", "\u0627\u0646"))
            and last_use[0].endswith("\u064a\u0646")
            and last_term[0].endswith("\u0629") == last_use[0].endswith("\u0629"))


# -- vocabulary: the -ين form ----------------------------------------------------------------------


def plural_is_safe(text: str, start: int, typed: str, replacement: str) -> bool:
    """May ``typed`` at ``start`` become ``replacement`` when that gives it the «-ين» ending?

    Only where the noun is certainly not a nominative subject: with a proclitic preposition
    («للعملاء» → «للمستفيدين»), after a preposition or a governing word, or in a construct after a
    noun ending in ة/ات («خدمة العملاء»). Anywhere else («يستطيع العملاء») it is left to the writer.
    """
    bare_new = strip_marks(replacement.split()[-1] if replacement.split() else replacement)
    bare_typed = strip_marks(typed)
    if not bare_new.endswith("\u064a\u0646") or bare_typed.endswith("\u064a\u0646"):
        return True
    folded = fold_term(bare_typed)
    if (folded[:1] in "\u0628\u0644\u0643" and not folded.startswith(_ARTICLE)) \
            or folded[:2] in ("\u0648\u0628", "\u0648\u0644", "\u0641\u0628", "\u0641\u0644", "\u0648\u0643"):
        return True
    previous = _PREV_WORD_RE().search(text, 0, start)
    if previous is None:
        return False
    word = strip_marks(previous.group(1)).lstrip("\u0648\u0641") or strip_marks(previous.group(1))
    return (word in _GOVERNORS or strip_marks(previous.group(1)) in _GOVERNORS
            or word.endswith(_CONSTRUCT_ENDINGS) or _is_verbal_noun(word))


def _is_verbal_noun(word: str) -> bool:
    """A verbal noun, which governs the genitive of the noun after it: «استقبال», «إصدار», «تسجيل».

    Only patterns no verb shares: استفعال (7 letters), إفعال (5, with the hamza below), تفعيل (5).
    """
    if len(word) == 7 and word.startswith("\u0627\u0633\u062a") and word[-2] == "\u0627":
        return True
    if len(word) == 5 and word[0] == "\u0625" and word[-2] == "\u0627":
        return True
    return len(word) == 5 and word[0] == "\u062a" and word[3] == "\u064a"
