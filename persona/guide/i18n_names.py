"""Names the guide gives to what persona files and the checker spell as ids: kinds of message,
occasions, sectors, channels, languages and the checker's rules, in Arabic and English.

An id with no name here is shown as written (isolated for bidi when its script differs from the
page's), never guessed at.
"""

from __future__ import annotations

from persona.check.messages import INTENT_NAMES as _CHECKER_INTENT_NAMES

Names = dict[str, dict[str, str]]

INTENT_ORDER: tuple[str, ...] = ("service", "strategy", "inquiry_reply", "correction")

INTENT_NAMES: Names = _CHECKER_INTENT_NAMES  # one list: the checker's messages name them too

INTENT_PURPOSES: Names = {
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

#: Occasions in the order the guide shows them; a persona's other occasions follow.
OCCASION_ORDER: tuple[str, ...] = ("crisis", "condolence", "national_day", "founding_day", "eid", "ramadan")

OCCASION_NAMES: Names = {
    "crisis": {"ar": "الأزمات والطوارئ", "en": "Crisis and emergencies"},
    "condolence": {"ar": "التعزية والمواساة", "en": "Condolences"},
    "national_day": {"ar": "اليوم الوطني", "en": "National Day"},
    "founding_day": {"ar": "يوم التأسيس", "en": "Founding Day"},
    "flag_day": {"ar": "يوم العلم", "en": "Flag Day"},
    "eid": {"ar": "التهنئة بالعيد", "en": "Eid greetings"},
    "ramadan": {"ar": "شهر رمضان", "en": "Ramadan"},
}

SECTOR_NAMES: Names = {
    "government": {"ar": "العمل الحكومي", "en": "Government"},
    "legal": {"ar": "العدل والقضاء", "en": "Justice"},
    "justice": {"ar": "العدل والقضاء", "en": "Justice"},
    "education": {"ar": "التعليم", "en": "Education"},
    "culture": {"ar": "الثقافة", "en": "Culture"},
    "entertainment": {"ar": "الترفيه", "en": "Entertainment"},
    "health": {"ar": "الصحة", "en": "Health"},
    "tourism": {"ar": "السياحة", "en": "Tourism"},
    "finance": {"ar": "المالية", "en": "Finance"},
    "transport": {"ar": "النقل", "en": "Transport"},
    "sports": {"ar": "الرياضة", "en": "Sports"},
    "municipal": {"ar": "الشؤون البلدية", "en": "Municipal affairs"},
    "housing": {"ar": "الإسكان", "en": "Housing"},
    "commerce": {"ar": "التجارة", "en": "Commerce"},
    "energy": {"ar": "الطاقة", "en": "Energy"},
    "environment": {"ar": "البيئة", "en": "Environment"},
    "media": {"ar": "الإعلام", "en": "Media"},
    "interior": {"ar": "الداخلية", "en": "Interior"},
    "labor": {"ar": "الموارد البشرية", "en": "Labour"},
    "technology": {"ar": "التقنية", "en": "Technology"},
    "agriculture": {"ar": "الزراعة", "en": "Agriculture"},
    "water": {"ar": "المياه", "en": "Water"},
}

CHANNEL_NAMES: Names = {
    "x": {"ar": "إكس", "en": "X"},
    "twitter": {"ar": "إكس", "en": "X"},
    "facebook": {"ar": "فيسبوك", "en": "Facebook"},
    "instagram": {"ar": "إنستغرام", "en": "Instagram"},
    "linkedin": {"ar": "لينكدإن", "en": "LinkedIn"},
    "youtube": {"ar": "يوتيوب", "en": "YouTube"},
    "tiktok": {"ar": "تيك توك", "en": "TikTok"},
    "snapchat": {"ar": "سناب شات", "en": "Snapchat"},
    "whatsapp": {"ar": "واتساب", "en": "WhatsApp"},
    "telegram": {"ar": "تيليجرام", "en": "Telegram"},
    "threads": {"ar": "ثريدز", "en": "Threads"},
    "website": {"ar": "الموقع الإلكتروني", "en": "Website"},
    "web": {"ar": "الموقع الإلكتروني", "en": "Website"},
    "email": {"ar": "البريد الإلكتروني", "en": "E-mail"},
    "sms": {"ar": "الرسائل النصية", "en": "SMS"},
    "app": {"ar": "التطبيق", "en": "App"},
}

LANGUAGE_NAMES: Names = {
    "ar": {"ar": "العربية", "en": "Arabic"},
    "en": {"ar": "الإنجليزية", "en": "English"},
    "fr": {"ar": "الفرنسية", "en": "French"},
    "ur": {"ar": "الأردية", "en": "Urdu"},
}

#: A short title for each of the checker's rules, and for what the rewriter changes.
RULE_TITLES: Names = {
    "vocabulary.prefer": {"ar": "المفردة المفضّلة", "en": "Preferred term"},
    "vocabulary.avoid": {"ar": "لفظ تتجنبه الجهة", "en": "Avoided term"},
    "voice.emoji": {"ar": "الرموز التعبيرية", "en": "Emoji"},
    "voice.exclamations": {"ar": "علامات التعجب", "en": "Exclamation marks"},
    "voice.contractions": {"ar": "الاختصارات الإنجليزية", "en": "Contractions"},
    "voice.sentence_length": {"ar": "طول الجملة", "en": "Sentence length"},
    "voice.informal": {"ar": "العامية والتعبير الدارج", "en": "Informal words"},
    "voice.person": {"ar": "ضمير المتكلم", "en": "Who speaks"},
    "voice.formality": {"ar": "درجة الرسمية", "en": "Formality"},
    "channel.length": {"ar": "طول المنشور", "en": "Post length"},
    "channel.hashtags": {"ar": "عدد الوسوم", "en": "Hashtags"},
    "channel.links": {"ar": "عدد الروابط", "en": "Links"},
    "channel.unknown": {"ar": "قناة غير معرّفة", "en": "Unknown channel"},
    "values.contradiction": {"ar": "مناقضة موقف معلن", "en": "Contradicts a claim"},
    "facts.retired": {"ar": "معلومة قديمة", "en": "Outdated fact"},
    "facts.unverified": {"ar": "معلومة غير معتمدة", "en": "Unverified fact"},
    "facts.date": {"ar": "التاريخ", "en": "Dates"},
    "intent.missing": {"ar": "عنصر ناقص", "en": "Missing element"},
    "intent.length": {"ar": "طول الرسالة", "en": "Message length"},
    "intent.unknown": {"ar": "نوع رسالة غير معرّف", "en": "Unknown kind of message"},
    "meaning.lost": {"ar": "معنى سقط", "en": "Meaning lost"},
    "meaning.added": {"ar": "تفصيل مضاف", "en": "Detail added"},
    "meaning.language": {"ar": "لغة الرسالة", "en": "Language"},
    "signature": {"ar": "التوقيع", "en": "Signature"},
}


def name_in(names: Names, key: str, lang: str) -> str | None:
    """The name of ``key`` in ``lang`` (English when there is no ``lang`` text), or None."""
    known = names.get(key) or names.get(key.lower())
    if not known:
        return None
    return known.get(lang) or known.get("en")
