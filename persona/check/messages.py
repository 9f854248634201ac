"""Every finding's message, in English and in Arabic, in one place.

A finding speaks the draft's language (``Context.message_language``: ``--lang``
when given, else the draft's own). The Arabic texts are written as an Arabic
editor would put them — the quoted word in «», the advice first, numbers that
agree with their nouns — not translated word for word; English texts are the
contract's. :func:`say` fills a template; :func:`description` gives a rule's
one-line description in either language (``persona rules``, the guide).
"""

from __future__ import annotations

__all__ = ["DESCRIPTIONS_AR", "TEMPLATES", "count_ar", "description", "say"]

TEMPLATES: dict[str, dict[str, str]] = {
    "vocabulary.prefer": {"en": "Write '{use}', not '{typed}'.", "ar": "اكتب «{use}» بدلًا من «{typed}»."},
    "vocabulary.avoid": {"en": "Avoid '{typed}'.{why}", "ar": "تجنّب «{typed}».{why}"},
    "voice.emoji.none": {"en": "This voice uses no emoji (found {count}).",
                         "ar": "لا مكان للرموز التعبيرية في هذا الصوت، وقد ورد منها {count_ar}."},
    "voice.emoji.many": {"en": "{count} emoji; this voice uses at most {allowed}.",
                         "ar": "ورد {count_ar} من الرموز التعبيرية، وهذا الصوت يكتفي بـ{allowed} على الأكثر."},
    "voice.exclamations.double": {"en": "'{text}': one exclamation mark at most.",
                                  "ar": "«{text}»: تكفي علامة تعجب واحدة."},
    "voice.exclamations.double_none": {"en": "'{text}': one exclamation mark at most; this voice does not exclaim.",
                                       "ar": "«{text}»: هذا الصوت لا يستعمل علامات التعجب أصلًا."},
    "voice.exclamations.single": {"en": "This voice does not exclaim: end the sentence with a full stop.",
                                  "ar": "هذا الصوت لا يستعمل علامات التعجب؛ اختم الجملة بنقطة."},
    "voice.contractions": {"en": "Write '{expansion}', not '{found}'.", "ar": "اكتب '{expansion}' بدلًا من '{found}'."},
    "voice.sentence_length": {"en": "{count} words in one sentence; this voice uses at most {limit}.",
                              "ar": "الجملة طويلة: {count_ar}، والحد في هذا الصوت {limit}. قسّمها إلى جملتين أو أكثر."},
    "voice.informal.dialect": {"en": "'{found}' is dialect for this voice (formality {formality}).",
                               "ar": "«{found}» من العامية، ولا يناسب صوتًا رسميًا (درجة الرسمية {formality})."},
    "voice.informal.informal": {"en": "'{found}' is informal for this voice (formality {formality}).",
                                "ar": "«{found}» تعبير دارج لا يناسب صوتًا رسميًا (درجة الرسمية {formality})."},
    "voice.informal.try": {"en": " Try '{replacement}'.", "ar": " والأنسب: «{replacement}»."},
    "voice.person": {"en": "'{found}': this persona speaks as 'we'.",
                     "ar": "«{found}»: الجهة تتحدث بصيغة الجمع «نحن» لا بصيغة المفرد."},
    "voice.formality": {"en": "Estimated formality {value}, target {target} (±{tolerance}): {direction}. "
                              "Signals: {signals}.",
                        "ar": "النص {direction}: درجته المقدّرة {value} والمستهدفة {target} (بهامش {tolerance}). "
                              "المؤشرات: {signals}."},
    "voice.formality.casual": {"en": "too casual", "ar": "أقل رسمية مما ينبغي"},
    "voice.formality.formal": {"en": "too formal", "ar": "أكثر رسمية مما ينبغي"},
    "channel.length": {"en": "{total} characters{counted}; {channel} allows {limit}. The rest does not fit.",
                       "ar": "طول النص {total_ar}{counted}، والحد في {channel} {limit}؛ ما بعد هذا الموضع لا يتسع."},
    "channel.length.x": {"en": " as X counts it", "ar": " بحساب منصة X"},
    "channel.hashtags": {"en": "{count} hashtags; {channel} allows {allowed}.",
                         "ar": "في المنشور {count_ar}، والمسموح في {channel} {allowed}."},
    "channel.links": {"en": "{count} links; {channel} allows {allowed}.",
                      "ar": "في المنشور {count_ar}، والمسموح في {channel} {allowed}."},
    "channel.unknown": {"en": "The persona does not publish on '{channel}' (its channels: {known}).",
                        "ar": "الجهة لا تنشر على «{channel}»؛ قنواتها: {known}."},
    "values.contradiction": {"en": "'{match}' contradicts the claim \"{claim}\".",
                             "ar": "«{match}» يناقض ما تعلنه الجهة: «{claim}»."},
    "facts.retired": {"en": "'{old}' is outdated.", "ar": "«{old}» معلومة لم تعد صحيحة."},
    "facts.retired.new": {"en": "'{old}' is outdated; use '{new}'.",
                          "ar": "«{old}» معلومة لم تعد صحيحة؛ اكتب «{new}» بدلًا منها."},
    "facts.unverified.link": {"en": "The link '{link}' is not one of the persona's verified links.",
                              "ar": "الرابط «{link}» ليس من روابط الجهة المعتمدة."},
    "facts.unverified.phone": {"en": "The number '{phone}' is not a verified number{known}.",
                               "ar": "الرقم «{phone}» ليس من أرقام الجهة المعتمدة{known}."},
    "facts.unverified.handle": {"en": "The handle '{handle}' is not one of the persona's handles.",
                                "ar": "الحساب «{handle}» ليس من حسابات الجهة الرسمية."},
    "facts.date.pair": {"en": "'{hijri}' is {right} (Umm al-Qura), not '{greg}'.",
                        "ar": "التاريخان لا يتوافقان: «{hijri}» يوافق {right} في تقويم أم القرى، لا «{greg}»."},
    "facts.date.weekday": {"en": "'{date}' is a {right}.", "ar": "«{date}» يوافق يوم {right}، فراجع اسم اليوم."},
    "intent.missing": {"en": "A {intent} message must contain {requirement}.",
                       "ar": "رسالة «{intent}» يجب أن تتضمن {requirement}."},
    "intent.length": {"en": "{count} sentences; a {intent} message has at most {limit}.",
                      "ar": "في الرسالة {count_ar}، ورسالة «{intent}» لا تتجاوز {limit}."},
    "intent.unknown": {"en": "The persona defines no intent '{name}' (its intents: {known}).",
                       "ar": "لا تعرّف الجهة نوع رسالة باسم «{name}»؛ الأنواع المعرّفة: {known}."},
    "meaning.lost": {"en": "The rewrite lost what the original says: {listed}. Keep every one of them as written.",
                     "ar": "سقط من إعادة الصياغة ما يذكره النص الأصلي: {listed}. أبقِ عليها كما وردت."},
    "meaning.lost.negation": {"en": "The rewrite dropped the negation {negation} of the original: it now says "
                                    "the opposite. Keep the negation.",
                              "ar": "سقط من إعادة الصياغة النفي {negation} الوارد في النص الأصلي، فانقلب المعنى "
                                    "إلى ضده؛ أبقِ على النفي."},
    "meaning.added": {"en": "{detail} is in neither the original nor the persona's facts; "
                            "do not add details the original does not give.",
                      "ar": "{detail} لا يرد في النص الأصلي ولا في معلومات الجهة؛ لا تُضِف تفاصيل لم يذكرها الأصل."},
    "meaning.added.negation": {"en": "The rewrite adds the negation {negation}, which the original does not have: "
                                     "it now says the opposite.",
                               "ar": "أضافت إعادة الصياغة النفي {negation} وهو غير وارد في النص الأصلي، فانقلب "
                                     "المعنى إلى ضده."},
    "meaning.language": {"en": "The rewrite is in {got}; it must be in {wanted}, the original's language.",
                         "ar": "إعادة الصياغة باللغة {got}، والمطلوب أن تكون باللغة {wanted}، لغة النص الأصلي."},
    "meaning.language.asked": {"en": "The rewrite is in {got}; it must be in {wanted} (asked with --lang).",
                               "ar": "إعادة الصياغة باللغة {got}، والمطلوب أن تكون باللغة {wanted} كما طُلب "
                                     "بالخيار ‎--lang."},
    "text.hidden.bidi": {"en": "Invisible {names}: it changes the order readers see the text in, and can hide "
                                 "words. Remove it.",
                         "ar": "محرف خفي يتحكم في اتجاه النص ({names}): يغيّر الترتيب الذي يرى به القارئ النص، وقد "
                               "يُخفي كلمات؛ احذفه."},
    "text.hidden.zero_width": {"en": "Invisible {names} inside '{word}': readers see one word, searches and "
                                     "filters another. Remove it.",
                               "ar": "محرف خفي ({names}) داخل «{word}»: يرى القارئ كلمة، ويرى البحث والتصفية كلمة "
                                     "أخرى؛ احذفه."},
    "text.hidden.tags": {"en": "Invisible tag characters spell text no reader sees: '{revealed}'. Remove them.",
                         "ar": "محارف وسوم خفية تحمل نصًا لا يراه القارئ: «{revealed}»؛ احذفها."},
    "text.hidden.filler": {"en": "Invisible {names}: it shows as a blank but is a letter, not a space. Remove it.",
                           "ar": "محرف خفي ({names}) يظهر فراغًا وهو حرف لا مسافة؛ احذفه."},
    "text.hidden.fullwidth": {"en": "Fullwidth letters '{found}': readers see '{plain}', searches do not. "
                                    "Write '{plain}'.",
                              "ar": "حروف لاتينية عريضة «{found}»: يقرؤها القارئ «{plain}» ولا يجدها البحث؛ "
                                    "اكتب «{plain}»."},
    "text.hidden.homoglyph": {"en": "'{found}' in '{word}' is {script}, not Latin: the word only looks like "
                                    "'{word}'. Write '{plain}'.",
                              "ar": "«{found}» في «{word}» من الأبجدية {script}، لا اللاتينية: الكلمة تشبه «{word}» "
                                    "وليست هي؛ اكتب «{plain}»."},
}
#: The kinds of message the shared base defines, by name (a persona's own intent keeps its id).
INTENT_NAMES: dict[str, dict[str, str]] = {
    "service": {"ar": "خدمة", "en": "Service"},
    "strategy": {"ar": "استراتيجية", "en": "Strategy"},
    "inquiry_reply": {"ar": "رد على استفسار", "en": "Inquiry reply"},
    "correction": {"ar": "تصحيح صورة", "en": "Correction"},
}

REQUIREMENTS: dict[str, dict[str, str]] = {
    "link": {"en": "a link", "ar": "رابطًا"},
    "phone": {"en": "a phone number", "ar": "رقم تواصل"},
    "handle": {"en": "a handle (@name)", "ar": "حسابًا (@)"},
    "hashtag": {"en": "a hashtag", "ar": "وسمًا"},
}
#: The nouns counted in Arabic messages: (one, two, three to ten, eleven and more). A noun with
#: its adjective agrees as a whole: «كلمة عامية», «كلمتان عاميتان», «٣ كلمات عامية»,
#: «١١ كلمة عامية».
_NOUNS_AR: dict[str, tuple[str, str, str, str]] = {
    "emoji": ("رمز واحد", "رمزان", "رموز", "رمزًا"),
    "word": ("كلمة واحدة", "كلمتان", "كلمات", "كلمة"),
    "sentence": ("جملة واحدة", "جملتان", "جمل", "جملة"),
    "hashtag": ("وسم واحد", "وسمان", "وسوم", "وسمًا"),
    "link": ("رابط واحد", "رابطان", "روابط", "رابطًا"),
    "character": ("حرف واحد", "حرفان", "أحرف", "حرفًا"),
    # the formality estimate's signals (persona.check.formality), listed: one is the bare noun
    "informal word": ("كلمة عامية", "كلمتان عاميتان", "كلمات عامية", "كلمة عامية"),
    "contraction": ("اختصار", "اختصاران", "اختصارات", "اختصارًا"),
    "emoji signal": ("رمز تعبيري", "رمزان تعبيريان", "رموز تعبيرية", "رمزًا تعبيريًا"),
    "exclamation": ("علامة تعجب", "علامتا تعجب", "علامات تعجب", "علامة تعجب"),
    "formal phrase": ("عبارة رسمية", "عبارتان رسميتان", "عبارات رسمية", "عبارة رسمية"),
}
_COUNTED = {"voice.emoji.none": "emoji", "voice.emoji.many": "emoji", "voice.sentence_length": "word",
            "channel.hashtags": "hashtag", "channel.links": "link", "intent.length": "sentence"}

DESCRIPTIONS_AR: dict[str, str] = {
    "vocabulary.prefer": "لفظ للجهة بديل مفضّل عنه؛ والاقتراح هو البديل.",
    "vocabulary.avoid": "لفظ لا تستعمله الجهة أبدًا، وملف الهوية يبيّن السبب.",
    "voice.emoji": "رموز تعبيرية في صوت لا يستعملها، أو أكثر مما يسمح به.",
    "voice.exclamations": "علامة تعجب في صوت لا يتعجب، أو علامتان متتاليتان في أي صوت.",
    "voice.contractions": "اختصارات إنجليزية (don't، we're) في صوت لا يستعملها؛ والاقتراح هو الصيغة الكاملة.",
    "voice.sentence_length": "جملة أطول من الحد الأقصى لعدد الكلمات في هذا الصوت.",
    "voice.informal": "عامية أو تحية دارجة أو مفردات خليجية في صوت رسمي (الرسمية ٤ أو ٥).",
    "voice.person": "ضمير المتكلم المفرد («أنا») في صوت يتحدث بصيغة «نحن».",
    "voice.formality": "درجة رسمية النص (من ١ إلى ٥) أبعد عن درجة الجهة مما يسمح به الهامش.",
    "channel.length": "نص أطول مما تسمح به القناة (ومنصة X تحسب كما تحسب هي: الرابط ٢٣ حرفًا).",
    "channel.hashtags": "وسوم أكثر مما تسمح به القناة.",
    "channel.links": "روابط أكثر مما تسمح به القناة.",
    "channel.unknown": "قناة لا تنشر عليها الجهة.",
    "values.contradiction": "عبارة تناقض ما تعلنه الجهة عن نفسها؛ والرسالة تذكر الادعاء.",
    "facts.retired": "معلومة قديمة (رقم أو رابط أو اسم سابق)؛ والاقتراح هو المعلومة الحالية.",
    "facts.unverified": "رابط أو رقم أو حساب ليس من معلومات الجهة المعتمدة.",
    "facts.date": "تاريخ هجري وميلادي لا يتوافقان (تقويم أم القرى)، أو اسم يوم لا يطابق تاريخه.",
    "intent.missing": "رسالة ينقصها ما يتطلبه نوعها (رابط أو رقم تواصل…).",
    "intent.length": "جمل أكثر مما يسمح به نوع الرسالة (الرد على الاستفسار خطوات قليلة).",
    "intent.unknown": "نوع رسالة لا تعرّفه الجهة.",
    "meaning.lost": "رقم أو تاريخ أو رابط أو حساب أو بريد أو وسم للجهة أو اقتباس ورد في الأصل وسقط من إعادة الصياغة، "
                    "أو نفيٌ سقط فانقلب المعنى.",
    "meaning.added": "رقم أو تاريخ أو رابط أو حساب في إعادة الصياغة لا يرد في الأصل ولا في معلومات الجهة، "
                     "أو نفيٌ أُضيف فانقلب المعنى.",
    "text.hidden": "محارف خفية أو مشابهة تُري القارئ غير المكتوب: محارف الاتجاه التي تقلب النص، ومحارف بعرض صفري "
                   "داخل الكلمات، والحروف العريضة، وحروف سيريلية أو يونانية داخل كلمات لاتينية.",
    "meaning.language": "إعادة صياغة بغير لغة النص الأصلي (ما لم تُطلب الترجمة بالخيار ‎--lang).",
}


_ENGLISH = {key: texts["en"] for key, texts in TEMPLATES.items()}
_ARABIC = {key: texts["ar"] for key, texts in TEMPLATES.items()}


def count_ar(count: int, noun: str) -> str:
    """``count`` and ``noun`` as Arabic writes them (the one helper for Arabic number agreement:
    1 / 2 / 3–10 / 11 and more): «رمز واحد», «رمزان», «٣ رموز», «١٢ رمزًا»; «كلمتان عاميتان»."""
    one, two, few, many = _NOUNS_AR[noun]
    if count == 1:
        return one
    if count == 2:
        return two
    if count >= 100 and count % 100 == 0:  # «٣٠٠ حرف»: a round hundred takes the genitive singular
        return f"{count} {many.replace('ًا', '').replace('اً', 'ا')}"
    return f"{count} {few if 3 <= count % 100 <= 10 else many}"


def say(key: str, lang: str, **values: object) -> str:
    """The message ``key`` in ``lang`` (Arabic for ``ar``, else English), filled with ``values``."""
    if lang != "ar":
        return _ENGLISH[key].format_map(values)
    if key in _COUNTED and "count" in values:
        values["count_ar"] = count_ar(int(values["count"]), _COUNTED[key])  # type: ignore[call-overload]
    if "total" in values:
        values["total_ar"] = count_ar(int(values["total"]), "character")  # type: ignore[call-overload]
    return _ARABIC[key].format_map(values)


def intent_in(name: str | None, lang: str) -> str | None:
    """How an Arabic message names the intent ``name`` («خدمة», not «service»); English keeps the id."""
    if lang != "ar" or name is None:
        return name
    return INTENT_NAMES.get(name, {}).get("ar", name)


def requirement(name: str, lang: str) -> str:
    return REQUIREMENTS[name]["ar" if lang == "ar" else "en"]


def description(rule_id: str, english: str, lang: str) -> str:
    """A rule's one-line description in ``lang`` (the English one when there is no Arabic text)."""
    return DESCRIPTIONS_AR.get(rule_id, english) if lang == "ar" else english
