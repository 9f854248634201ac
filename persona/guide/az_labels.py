"""The words of the A–Z word list, the downloads and the last-changed date, in Arabic and English.

Kept apart from :mod:`persona.guide.i18n` (the other pages' words), with the same shape.
"""

from __future__ import annotations

AZ_LABELS: dict[str, dict[str, str]] = {
    "az": {"ar": "المفردات من أ إلى ي", "en": "Words A to Z"},
    "az_intro": {
        "ar": "كل كلمة وعبارة وردت في مفردات أي جهة، مرتبة على حروف الهجاء: من يستخدمها ومن يتجنبها "
        "وما يُكتب بدلًا منها. تُرتَّب الكلمة على حرفها الأول بعد «ال» التعريف، "
        "والهمزة على الألف (أ، إ، آ) في باب الألف.",
        "en": "Every word and phrase in any entity's vocabulary, in alphabetical order: who uses it, "
        "who avoids it, and what to write instead.",
    },
    "az_section_ar": {"ar": "الكلمات العربية", "en": "Arabic terms"},
    "az_section_en": {"ar": "الكلمات الإنجليزية", "en": "English terms"},
    "az_jump": {"ar": "انتقل إلى حرف", "en": "Jump to a letter"},
    "az_no_terms": {"ar": "لا كلمات تبدأ بهذا الحرف", "en": "no terms start with this letter"},
    "az_other": {"ar": "أخرى", "en": "Other"},
    "az_use": {"ar": "استخدمها", "en": "Use it"},
    "az_dont": {"ar": "لا تستخدمها", "en": "Don't use it"},
    "az_write_instead": {"ar": "اكتب بدلًا منها", "en": "write instead"},
    "az_everyone": {"ar": "كل الجهات", "en": "every entity"},
    "az_spellings": {"ar": "يشمل أيضًا", "en": "also covers"},
    "downloads": {"ar": "التنزيلات", "en": "Downloads"},
    "downloads_intro": {
        "ar": "مفردات كل جهة في ملف CSV (بترميز يونيكود مع علامة ترتيب البايتات، حتى يعرض إكسل "
        "العربية سليمة) وملف JSON، ومفردات Vale جاهزة (accept.txt للمعتمد وreject.txt للمرفوض).",
        "en": "Each entity's word list as CSV (UTF-8 with a byte-order mark, so Excel shows Arabic "
        "correctly) and JSON, and as a Vale vocabulary (accept.txt and reject.txt).",
    },
    "word_list": {"ar": "قائمة المفردات", "en": "Word list"},
    "vale_vocabulary": {"ar": "مفردات Vale", "en": "Vale vocabulary"},
    "vale_zip": {"ar": "ملف مضغوط لـ Vale", "en": "Vale folder (zip)"},
    # The persona page's download links: Arabic pages name the formats in Arabic (the format's own
    # name is the link's title).
    "dl_csv": {"ar": "جدول بيانات", "en": "CSV"},
    "dl_json": {"ar": "ملف بيانات", "en": "JSON"},
    "dl_vale": {"ar": "مفردات للتدقيق الآلي", "en": "Vale vocabulary"},
    "last_changed": {"ar": "آخر تعديل", "en": "Last changed"},
}

#: Gregorian month names as the Gulf writes them, and in English.
MONTHS: dict[str, tuple[str, ...]] = {
    "ar": ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
           "نوفمبر", "ديسمبر"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}


def az_label(key: str, lang: str) -> str:
    words = AZ_LABELS[key]
    return words.get(lang) or words["en"]
