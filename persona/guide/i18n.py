"""The guide's own words in Arabic and English, and localised persona text.

Persona text fields are a string or a ``{lang: text}`` map. :func:`localize`
picks the site language with :func:`persona.model.text_in`'s fallback and
remembers when it fell back, so that templates can mark the element with the
language it is really in (``lang``/``dir`` attributes and a visible hint).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from persona.model import text_in, text_language
from persona.text.normalize import is_arabic

SITE_LANGUAGES: tuple[str, ...] = ("ar", "en")
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
_LATIN = re.compile("[A-Za-z]")


def direction(lang: str) -> str:
    return "rtl" if lang.split("-")[0] in RTL_LANGUAGES else "ltr"


@dataclass(frozen=True, slots=True)
class Localized:
    """A text in one language; ``lang`` is set only when it is not the page's language."""

    text: str
    lang: str | None = None  # the language actually shown, when it differs from the page's

    @property
    def fallback(self) -> bool:
        return self.lang is not None

    def __bool__(self) -> bool:
        return bool(self.text)


def script_language(text: str) -> str | None:
    """The language a plain (untranslated) string is evidently in: ``ar`` for Arabic script,
    ``en`` for Latin letters, None for neither (numbers, handles' punctuation…)."""
    if is_arabic(text):
        return "ar"
    return "en" if _LATIN.search(text) else None


def localize(value: str | dict[str, str] | None, lang: str) -> Localized:
    """The text in ``lang``, or the best other language marked as a fallback.

    A plain string has no declared language; it is marked when its script is
    plainly another language's (English text on an Arabic page, and vice versa).
    """
    if value is None:
        return Localized("")
    if isinstance(value, str):
        written = script_language(value)
        foreign = written is not None and written != lang and lang in SITE_LANGUAGES
        return Localized(value, written if foreign else None)
    if text_language(value, lang):
        return Localized(value[lang])
    text = text_in(value, lang)
    shown = next((code for code, v in value.items() if v == text), None)
    return Localized(text, shown)


LABELS: dict[str, dict[str, str]] = {
    "site_name": {"ar": "دليل أسلوب الجهات الحكومية", "en": "Government voice and style guide"},
    "language_name": {"ar": "العربية", "en": "English"},
    "home": {"ar": "الرئيسية", "en": "Home"},
    "home_intro": {
        "ar": "لكل جهة صوتها: جمهورها وقنواتها ومفرداتها وما تعلنه عن نفسها. "
        "هذا الدليل مولَّد من ملفات الشخصيات نفسها التي يستخدمها المدقق والمعيد للصياغة، "
        "فما تقرؤه هنا هو ما يُطبَّق على كل مسودة.",
        "en": "Every entity has its own voice: its audiences, channels, words and public claims. "
        "This guide is generated from the same persona files the checker and the rewriter use, "
        "so what you read here is what every draft is held to.",
    },
    "entities": {"ar": "الجهات", "en": "Entities"},
    "at_a_glance": {"ar": "الجهات في لمحة", "en": "Every entity at a glance"},
    "shared": {"ar": "ما يجمعها", "en": "What they share"},
    "shared_intro": {
        "ar": "ما يلي مشترك بين جميع الجهات، فهو يسري على كل منشور أيًّا كانت الجهة.",
        "en": "The following is common to every entity: it applies to every post, whoever publishes it.",
    },
    "bases": {"ar": "الأساس المشترك", "en": "Common base"},
    "based_on": {"ar": "مبنية على", "en": "Based on"},
    "extended_by": {"ar": "تبني عليها", "en": "Extended by"},
    "shared_values": {"ar": "مواقف معلنة مشتركة", "en": "Shared claims"},
    "shared_facts": {"ar": "نقاط تواصل مشتركة", "en": "Shared contact points"},
    "shared_terms": {"ar": "مفردات مشتركة", "en": "Shared vocabulary"},
    "nothing_shared": {"ar": "لا شيء مشترك بين جميع الجهات.", "en": "Nothing is common to every entity."},
    "spectrum": {"ar": "طيف الرسمية", "en": "Formality spectrum"},
    "spectrum_intro": {
        "ar": "موضع كل جهة على مقياس الرسمية من 1 (عفوي) إلى 5 (رسمي جدًا).",
        "en": "Where each entity sits on the formality scale, from 1 (casual) to 5 (very formal).",
    },
    "name": {"ar": "الجهة", "en": "Entity"},
    "sector": {"ar": "القطاع", "en": "Sector"},
    "formality": {"ar": "الرسمية", "en": "Formality"},
    "languages": {"ar": "اللغات", "en": "Languages"},
    "channels_col": {"ar": "القنوات", "en": "Channels"},
    "no_page_in_lang": {"ar": "لا تنشر بالعربية", "en": "Does not publish in English"},
    "page_in_other": {"ar": "هذه الصفحة بالإنجليزية", "en": "This page in Arabic"},
    "summary": {"ar": "نبذة", "en": "Summary"},
    "voice": {"ar": "الصوت", "en": "Voice"},
    "traits": {"ar": "السمات", "en": "Traits"},
    "we_are": {"ar": "نحن", "en": "We are"},
    "we_are_not": {"ar": "ولسنا", "en": "We are not"},
    "formality_target": {"ar": "الرسمية المستهدفة", "en": "Target formality"},
    "tolerance": {"ar": "الهامش المسموح", "en": "Tolerance"},
    "mechanics": {"ar": "قواعد الكتابة", "en": "Writing rules"},
    "emoji": {"ar": "الرموز التعبيرية", "en": "Emoji"},
    "emoji_none": {"ar": "لا نستخدمها", "en": "never"},
    "emoji_sparing": {"ar": "باعتدال: {n} على الأكثر في الرسالة", "en": "sparingly: at most {n} per message"},
    "emoji_free": {"ar": "مسموحة", "en": "allowed"},
    "exclamations": {"ar": "علامة التعجب", "en": "Exclamation marks"},
    "contractions": {"ar": "الاختصارات الإنجليزية (don't)", "en": "Contractions (don't, we're)"},
    "allowed": {"ar": "مسموحة", "en": "allowed"},
    "not_allowed": {"ar": "غير مسموحة", "en": "not allowed"},
    "sentence_words": {"ar": "أطول جملة", "en": "Longest sentence"},
    "words": {"ar": "{n} كلمة", "en": "{n} words"},
    "no_limit": {"ar": "بلا حد", "en": "no limit"},
    "person": {"ar": "المتكلم", "en": "Who speaks"},
    "person_we": {"ar": "نحن (الجهة)", "en": "we (the entity)"},
    "person_i": {"ar": "أنا", "en": "I"},
    "person_none": {"ar": "بلا ضمير متكلم", "en": "no first person"},
    "audiences": {"ar": "الجمهور والقنوات التي تصله", "en": "Audiences and the channels that reach them"},
    "reached_on": {"ar": "نصل إليهم عبر", "en": "Reached on"},
    "channel_rules": {"ar": "قواعد القنوات", "en": "Channel rules"},
    "channel": {"ar": "القناة", "en": "Channel"},
    "max_length": {"ar": "أقصى طول", "en": "Max length"},
    "max_hashtags": {"ar": "أقصى عدد للوسوم", "en": "Max hashtags"},
    "max_links": {"ar": "أقصى عدد للروابط", "en": "Max links"},
    "x_counting": {
        "ar": "يُحتسب الطول في X كما تحتسبه المنصة: كل رابط 23 حرفًا، والرموز التعبيرية حرفان.",
        "en": "X counts length the way X does: every link is 23 characters, emoji count 2.",
    },
    "unknown_channel": {"ar": "قناة غير معرّفة لدى الجهة", "en": "not a channel of this entity"},
    "vocabulary": {"ar": "المفردات", "en": "Vocabulary"},
    "use": {"ar": "استخدم", "en": "Use"},
    "instead_of": {"ar": "بدلًا من", "en": "Instead of"},
    "avoid": {"ar": "تجنّب", "en": "Avoid"},
    "why": {"ar": "السبب", "en": "Why"},
    "severity": {"ar": "الشدة", "en": "Severity"},
    "claims": {"ar": "المواقف المعلنة وما يناقضها", "en": "Claims and what contradicts them"},
    "claim": {"ar": "ما نعلنه", "en": "What we claim"},
    "contradicted_by": {"ar": "ما يناقضه في مسودة", "en": "Contradicted in a draft by"},
    "facts": {"ar": "الحقائق ونقاط التواصل", "en": "Facts and contact points"},
    "current": {"ar": "المعتمدة حاليًا", "en": "Current"},
    "links": {"ar": "الروابط", "en": "Links"},
    "phones": {"ar": "الأرقام", "en": "Phone numbers"},
    "handles": {"ar": "الحسابات", "en": "Handles"},
    "retired": {"ar": "معلومات قديمة لا تُكرَّر", "en": "Retired: never repeat"},
    "old": {"ar": "القديم", "en": "Old"},
    "new": {"ar": "الحالي", "en": "Now"},
    "note": {"ar": "ملاحظة", "en": "Note"},
    "intents": {"ar": "أنواع الرسائل", "en": "Kinds of message"},
    "must_contain": {"ar": "يجب أن تتضمن", "en": "Must contain"},
    "max_sentences": {"ar": "أقصى عدد للجمل", "en": "At most"},
    "sentences": {"ar": "{n} جمل", "en": "{n} sentences"},
    "nothing_required": {"ar": "لا متطلبات إضافية", "en": "no extra requirements"},
    "intent_not_set": {
        "ar": "لم تحدد الجهة متطلبات لهذا النوع",
        "en": "this entity sets no requirements for this kind",
    },
    "req_link": {"ar": "رابطًا", "en": "a link"},
    "req_phone": {"ar": "رقم تواصل", "en": "a phone number"},
    "req_handle": {"ar": "حسابًا رسميًا", "en": "an official handle"},
    "req_hashtag": {"ar": "وسمًا", "en": "a hashtag"},
    "examples": {"ar": "قبل وبعد", "en": "Before and after"},
    "before": {"ar": "قبل", "en": "Before"},
    "after": {"ar": "بعد", "en": "After"},
    "signature": {"ar": "التوقيع", "en": "Signature"},
    "none_defined": {"ar": "لا شيء محدد.", "en": "None defined."},
    "every_voice": {"ar": "رسالة واحدة بكل الأصوات", "en": "One message, every voice"},
    "every_voice_intro": {
        "ar": "الرسالة نفسها بعد أن أعاد المعيد الآلي (دون اتصال بالإنترنت) صياغتها بصوت كل جهة، "
        "مع التغييرات التي أجراها ونتيجة الفحص.",
        "en": "The same message rewritten into each entity's voice by the offline rewriter, "
        "with the changes it made and the checker's score.",
    },
    "original": {"ar": "الرسالة الأصلية", "en": "The original message"},
    "changes": {"ar": "التغييرات", "en": "Changes"},
    "no_changes": {"ar": "لا تغيير", "en": "no change"},
    "score": {"ar": "النتيجة", "en": "Score"},
    "remaining": {"ar": "ملاحظات باقية", "en": "Remaining findings"},
    "rewrite_failed": {"ar": "تعذرت إعادة الصياغة", "en": "Could not rewrite"},
    "glossary": {"ar": "المسرد", "en": "Glossary"},
    "glossary_intro": {
        "ar": "كل مصطلح ورد في مفردات أي جهة، ومن تفضّله ومن تتجنبه. "
        "التعارض: جهة تفضّل ما تتجنبه جهة أخرى أو تستبدله.",
        "en": "Every term in any entity's vocabulary, who prefers it and who avoids it. "
        "A conflict: one entity prefers what another avoids or replaces.",
    },
    "term": {"ar": "المصطلح", "en": "Term"},
    "conflicts": {"ar": "تعارضات", "en": "Conflicts"},
    "conflict": {"ar": "تعارض", "en": "conflict"},
    "no_conflicts": {"ar": "لا تعارض بين الجهات.", "en": "No conflicts between entities."},
    "all_terms": {"ar": "كل المصطلحات", "en": "All terms"},
    "role_prefer": {"ar": "تفضّله", "en": "prefers it"},
    "role_instead": {"ar": "تستبدله بـ", "en": "replaces it with"},
    "role_avoid": {"ar": "تتجنبه", "en": "avoids it"},
    "rules": {"ar": "قواعد الفحص", "en": "Checker rules"},
    "rules_intro": {
        "ar": "كل ما يفحصه الأمر persona check في المسودات، مع أمثلة تُطلق القاعدة وأخرى تمر بسلام. "
        "تُطبَّق الأمثلة على شخصية مثال: وزارة العدل.",
        "en": "Everything persona check looks for in a draft, with examples that trigger each rule "
        "and examples that pass. The examples are checked against an example persona, a ministry of justice.",
    },
    "rule": {"ar": "القاعدة", "en": "Rule"},
    "flagged": {"ar": "تُنبَّه", "en": "flagged"},
    "passes": {"ar": "تمر", "en": "passes"},
    "error": {"ar": "خطأ", "en": "error"},
    "warning": {"ar": "تحذير", "en": "warning"},
    "suggestion": {"ar": "اقتراح", "en": "suggestion"},
    "fallback_hint": {"ar": "غير متوفر بالعربية", "en": "not available in English"},
    "casual": {"ar": "عفوي", "en": "casual"},
    "very_formal": {"ar": "رسمي جدًا", "en": "very formal"},
    "level_1": {"ar": "عفوي", "en": "casual"},
    "level_2": {"ar": "ودّي", "en": "relaxed"},
    "level_3": {"ar": "محايد", "en": "neutral"},
    "level_4": {"ar": "رسمي", "en": "formal"},
    "level_5": {"ar": "رسمي جدًا", "en": "very formal"},
    "dark_mode": {"ar": "التبديل إلى الوضع الداكن", "en": "Switch to dark mode"},
    "light_mode": {"ar": "التبديل إلى الوضع الفاتح", "en": "Switch to light mode"},
    "choose_language": {"ar": "اختر اللغة", "en": "Choose a language"},
}

INTENT_ORDER: tuple[str, ...] = ("service", "strategy", "inquiry_reply", "correction")

INTENT_NAMES: dict[str, dict[str, str]] = {
    "service": {"ar": "خدمة", "en": "Service"},
    "strategy": {"ar": "استراتيجية", "en": "Strategy"},
    "inquiry_reply": {"ar": "رد على استفسار", "en": "Inquiry reply"},
    "correction": {"ar": "تصحيح صورة", "en": "Correction"},
}

INTENT_PURPOSES: dict[str, dict[str, str]] = {
    "service": {
        "ar": "تعرض خدمة واحدة وطريقة الاستفادة منها، بما يناسب نوع المستفيد، "
        "ويمكن إعادتها في المناسبات والمواسم.",
        "en": "Presents one service and how to use it, tailored to the kind of beneficiary; "
        "re-used around occasions and seasons.",
    },
    "strategy": {
        "ar": "تشرح مسؤوليات الجهة وخططها باختصار وبساطة، مربوطة بما يهم القارئ: المواطن أو المستثمر.",
        "en": "Explains the entity's responsibilities and plans briefly and simply, "
        "tied to what the reader cares about: a citizen, an investor.",
    },
    "inquiry_reply": {
        "ar": "تجيب عن السؤال مباشرة وبأقل الخطوات، وتوجّهه إلى الإدارة المختصة؛ لا ردود آلية معلّبة.",
        "en": "Answers the question directly, in the fewest steps, and routes it to the right department; "
        "never a canned auto-reply.",
    },
    "correction": {
        "ar": "تصحح صورة سلبية قديمة مع الوقت، بالحقائق والأرقام: قنوات جديدة، ومدة خدمة أقصر.",
        "en": "Repairs an old negative image over time with facts and figures: "
        "new channels, a faster average service time.",
    },
}


#: Labels that count: in Arabic the number agrees with its noun («جملتان», «٥ كلمات», «٢٥ كلمة»).
_COUNTED_AR = {"words": "word", "sentences": "sentence"}


def label(key: str, lang: str, **values: object) -> str:
    """One of the guide's own words; ``{n}``-style placeholders are filled from ``values``."""
    if lang == "ar" and key in _COUNTED_AR and isinstance(values.get("n"), int):
        from persona.check.messages import count_ar

        return count_ar(int(values["n"]), _COUNTED_AR[key])  # type: ignore[call-overload]
    text = LABELS[key].get(lang) or LABELS[key]["en"]
    return text.format(**values) if values else text


def intent_name(name: str, lang: str) -> str:
    known = INTENT_NAMES.get(name)
    return (known.get(lang) or known["en"]) if known else name
