"""voice.*: emoji, exclamations, contractions, sentence length, informal words, person, formality."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from persona.check.builtin import Builtin
from persona.check.context import Context
from persona.check.edits import emoji_fix, exclamation_fix, greeting_end, starts_sentence
from persona.check.formality import LONG_SENTENCE_WORDS, estimate
from persona.check.messages import say
from persona.check.rule import Hit, fires, passes, rule
from persona.check.swaps import guarded_swap, overlaps, protected_of
from persona.check.types import Edit, Fix
from persona.text.cta import arabic_opener
from persona.text.inflect import match_case, swap_is_safe
from persona.text.spans import within

_FORMALITY_SKIPS = frozenset({"quote", "quran"})


def _builtins(ctx: Context, kind: str) -> Iterator[tuple[int, int, Builtin]]:
    for match in ctx.builtin_matches:
        item = match.payload
        if isinstance(item, Builtin) and item.kind == kind:
            yield match.start, match.end, item


@rule(
    "voice.emoji",
    "error",
    "Emoji where the persona uses none, or more than max_emoji where it uses them sparingly.",
    examples=[
        fires("The new portal is live 🎉", "en"),
        fires("أصبحت بوابة القضايا متاحة 👍", "ar"),
        fires("Season tickets are out 🎉🎉", "en", persona={"voice": {"emoji": "sparing", "max_emoji": 1}}),
        passes("The new portal is live.", "en"),
        passes("© 2026 Ministry of Justice™", "en"),
        passes("Season tickets are out 🎉", "en", persona={"voice": {"emoji": "sparing", "max_emoji": 1}}),
    ],
)
def emoji(ctx: Context) -> Iterator[Hit]:
    voice = ctx.persona.voice
    allowed = {"none": 0, "sparing": voice.max_emoji, "free": None}[voice.emoji]
    if allowed is None or len(ctx.emoji) <= allowed:
        return
    first = ctx.emoji[allowed]
    if allowed == 0:
        message = say("voice.emoji.none", ctx.message_language, count=len(ctx.emoji))
    else:
        message = say("voice.emoji.many", ctx.message_language, count=len(ctx.emoji), allowed=allowed)
    yield Hit(first.start, first.end, message, fix=emoji_fix(ctx.text, ctx.emoji[allowed:], arabic_opener))


@rule(
    "voice.exclamations",
    "warning",
    "'!' where the persona does not exclaim; '!!' anywhere.",
    examples=[
        fires("The portal is open!", "en"),
        fires("لا تفوتكم!", "ar"),
        fires("Tickets are out!!", "en", persona={"voice": {"exclamations": True}}),
        passes("Tickets are out!", "en", persona={"voice": {"exclamations": True}}),
        passes("The portal is open.", "en"),
    ],
    fix="safe",
)
def exclamations(ctx: Context) -> Iterator[Hit]:
    allowed = ctx.persona.voice.exclamations
    lang = ctx.message_language
    for span in ctx.exclamations:
        if len(span.text) > 1 or "\u203c" in span.text:  # ‼ is a double mark
            key = "voice.exclamations.double" if allowed else "voice.exclamations.double_none"
            message = say(key, lang, text=span.text)
        elif not allowed:
            message = say("voice.exclamations.single", lang)
        else:
            continue
        # Beside another mark («?!») the "!" goes; «⁉» keeps its question; a new full stop
        # capitalises the Latin word after it (persona.check.edits.exclamation_fix).
        yield Hit(span.start, span.end, message, "!" if allowed else ".",
                  fix=exclamation_fix(ctx.text, span, allowed))


def _ambiguous(contraction: str) -> bool:
    """'s is "is" or "has", 'd "would" or "had", ain't any of five: the expansion is a guess."""
    key = contraction.lower().replace("\u2019", "'")
    return (key.endswith(("'s", "'d")) and key != "let's") or key == "ain't"


@rule(
    "voice.contractions",
    "warning",
    "English contractions where the persona does not use them; the suggestion is the expansion.",
    # Safe fix, in the writer's case (DON'T -> DO NOT), but for 's, 'd and ain't: "it's" is
    # "it is" or "it has", "he'd" "he would" or "he had" (unsafe: a human picks).
    examples=[
        fires("We're updating the portal tonight.", "en"),
        fires("Don’t miss the deadline.", "en"),
        passes("We are updating the portal tonight.", "en"),
        passes("We're updating the portal tonight.", "en", persona={"voice": {"contractions": True}}),
    ],
    fix="safe",
)
def contractions(ctx: Context) -> Iterator[Hit]:
    if ctx.persona.voice.contractions:
        return
    for start, end, item in _builtins(ctx, "contraction"):
        found = ctx.text[start:end]
        expansion = match_case(found, item.term, item.replacement or "")
        fix = Fix("unsafe" if _ambiguous(found) else "safe", (Edit(start, end, expansion),))
        yield Hit(start, end, say("voice.contractions", ctx.message_language, expansion=expansion, found=found),
                  expansion, fix=fix)


@rule(
    "voice.sentence_length",
    "warning",
    "A sentence longer than the persona's max_sentence_words.",
    examples=[
        fires("The ministry would like to inform all beneficiaries that the procedures for registering "
              "contracts have been updated and are now available through the unified portal at any time.", "en"),
        fires("تود الوزارة أن تحيط جميع المستفيدين علمًا بأن إجراءات توثيق العقود قد حُدّثت وأصبحت متاحة "
              "عبر البوابة الموحدة في أي وقت ومن أي مكان دون الحاجة إلى مراجعة الفروع أو الانتظار.", "ar"),
        passes("Contract registration is now available online.", "en"),
    ],
)
def sentence_length(ctx: Context) -> Iterator[Hit]:
    limit = ctx.persona.voice.max_sentence_words
    if limit is None or len(ctx.word_texts) <= limit:  # no sentence has more words than the whole prose
        return
    for sentence, count in zip(ctx.sentences, ctx.sentence_words, strict=True):
        if count > limit:
            yield Hit(sentence.start, sentence.end,
                      say("voice.sentence_length", ctx.message_language, count=count, limit=limit))


@rule(
    "voice.informal",
    "warning",
    "Slang, casual greetings or Saudi/Gulf dialect words in a persona of formality 4 or 5.",
    # Unsafe fix (a register swap may change grammar), but for the swaps the lexicon flags
    # `safe` (tonite -> tonight), unless an apostrophe follows (kids' -> children').
    examples=[
        fires("Hey folks, the portal is open.", "en"),
        fires("ابغى أقولكم إن التسجيل صار أسهل.", "ar"),
        fires("فعاليات الموسم مره حلوة.", "ar"),
        passes("The portal is now open.", "en"),
        passes("زرت المعرض مرة واحدة.", "ar"),
        passes("Hey folks, the portal is open.", "en", persona={"voice": {"formality": 2}}),
    ],
    fix="unsafe",
)
def informal(ctx: Context) -> Iterator[Hit]:
    if ctx.persona.voice.formality < 4:
        return
    protected = partial(protected_of, ctx)
    for start, end, item in _builtins(ctx, "informal"):
        found = ctx.text[start:end]
        what = "dialect" if item.lang == "ar" and item.category == "dialect" else "informal"
        lang = ctx.message_language
        message = say(f"voice.informal.{what}", lang, found=found, formality=ctx.persona.voice.formality)
        if not item.replacement:
            yield Hit(start, end, message)
            continue
        replacement, fix = _register_fix(ctx, start, end, item, protected)
        message += say("voice.informal.try", lang, replacement=replacement)
        yield Hit(start, end, message, replacement, fix=fix)


def _register_fix(ctx: Context, start: int, end: int, item: Builtin,
                  protected: Callable[[], list[tuple[int, int]]]) -> tuple[str, Fix]:
    """The formal replacement as the writer would type it, and how safe it is there.

    Safe when the lexicon flags the pair ``safe`` (and :func:`swap_is_safe` agrees), or when its
    guard allows it in this context (:func:`persona.check.swaps.guarded_swap`: «وش» → «ماذا»
    before a verb); never inside a quotation, name or hashtag. An opening greeting shouted
    before a lower-case sentence takes a comma ("Hey folks! you…" → "Dear all, you…").
    """
    text, target = ctx.text, item.replacement or ""
    guarded, safe = guarded_swap(item.lang, item.term, target, item.greeting, text, start, end)
    if guarded is None:
        replacement = target if item.lang == "ar" else match_case(
            text[start:end], item.term, target, sentence_start=starts_sentence(text, start))
        # The flag is a linguist's verdict on the pair; for English the article before it must still fit.
        safe = item.safe and text[end:end + 1] not in ("'", "\u2019") and (item.lang == "ar" or swap_is_safe(
            text[start:end], item.term, target, replacement, text[max(0, start - 4):start]))
    elif item.lang == "ar":
        replacement = guarded
    else:
        replacement = match_case(text[start:end], item.term, guarded, sentence_start=starts_sentence(text, start))
    stop = end
    if item.greeting:
        if item.lang != "ar":
            found = text[start:end]
            replacement = target.upper() if found.isupper() and len(found) > 1 else target
        stop, comma = greeting_end(text, start, end, ctx.persona.voice.exclamations)
        replacement += comma
    safe = safe and not overlaps(start, stop, protected())
    return replacement, Fix("safe" if safe else "unsafe", (Edit(start, stop, replacement),))


@rule(
    "voice.person",
    "suggestion",
    "First person singular ('I', 'أنا') where the persona speaks as 'we'.",
    examples=[
        fires("I am pleased to announce the new service.", "en"),
        fires("أنا سعيد بإطلاق الخدمة الجديدة.", "ar"),
        passes("We are pleased to announce the new service.", "en"),
        passes("I am pleased to announce the new service.", "en", persona={"voice": {"person": "i"}}),
        passes('The minister said: "I am proud of the team."', "en"),
        passes("قال معالي الوزير: «أنا فخور بما تحقق».", "ar"),
        fires("نتابع طلباتكم بنفسي حتى تكتمل.", "ar"),
    ],
    fix="display",
)
def person(ctx: Context) -> Iterator[Hit]:
    if ctx.persona.voice.person != "we":
        return
    for start, end, _item in _builtins(ctx, "first_person"):
        found = ctx.text[start:end]
        yield Hit(start, end, say("voice.person", ctx.message_language, found=found), _plural_of(found))


#: The first person plural of each singular word (the suggestion): «بنفسي» → «بأنفسنا», not «نحن».
_PLURAL_AR = {"أنا": "نحن", "انا": "نحن", "إنني": "إننا", "إني": "إننا", "أنني": "أننا", "انني": "اننا",
              "أني": "أننا", "عندي": "عندنا", "معي": "معنا", "بنفسي": "بأنفسنا", "إياي": "إيانا"}
_PLURAL_EN = {"i": "we", "me": "us", "my": "our", "myself": "ourselves", "mine": "ours"}


def _plural_of(found: str) -> str:
    if _is_arabic(found):
        return _PLURAL_AR.get(found, "نحن")
    plural = _PLURAL_EN.get(found.lower(), "we")
    return plural.capitalize() if found[:1].isupper() and found != "I" else plural


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


@rule(
    "voice.formality",
    "warning",
    "The draft's estimated formality (1–5) is further than tolerance from the persona's target.",
    examples=[
        fires("Hey folks! You're gonna love the new portal 😀", "en"),
        fires("يا هلا والله! ابغى أقولكم إن التسجيل صار أسهل 👍", "ar"),
        fires("We are pleased to announce that, pursuant to the regulations, registration shall commence "
              "prior to the season.", "en", persona={"voice": {"formality": 1, "emoji": "free"}}),
        passes("The new regulation takes effect next month.", "en"),
        passes("تدخل اللائحة الجديدة حيز التنفيذ الشهر القادم.", "ar"),
        passes("Registration is open!", "en"),
        passes("Registration for the new term is open 🎉", "en",
               persona={"voice": {"formality": 4, "emoji": "sparing", "max_emoji": 1}}),
    ],
)
def formality(ctx: Context) -> Iterator[Hit]:
    counts = {"informal": 0, "contraction": 0, "formal": 0}
    matches = ctx.builtin_matches
    if matches:
        quoted = ctx.skipped(_FORMALITY_SKIPS)
        for match in matches:
            kind = getattr(match.payload, "kind", "")
            if kind in counts and not (quoted and within(quoted, match.start, match.end)):
                counts[kind] += 1
    voice = ctx.persona.voice
    marks = ctx.exclamations
    # What the persona's own policy allows is no evidence against its register.
    allowed_emoji = 0 if voice.emoji == "none" else voice.max_emoji if voice.emoji == "sparing" else len(ctx.emoji)
    words = ctx.word_texts
    result = estimate(
        informal=counts["informal"],
        contractions=0 if voice.contractions else counts["contraction"],
        emoji=max(0, len(ctx.emoji) - allowed_emoji),
        exclamations=sum(1 for m in marks if len(m.text) > 1) if voice.exclamations else len(marks),
        formal=counts["formal"],
        words=words,
        sentences=len(ctx.sentences) if len(words) >= LONG_SENTENCE_WORDS else 0,  # (else: not long)
    )
    if result.value is None or abs(result.value - voice.formality) <= voice.tolerance:
        return
    lang = ctx.message_language
    direction = say("voice.formality.casual" if result.value < voice.formality else "voice.formality.formal", lang)
    yield Hit(ctx.body_start, ctx.body_start,
              say("voice.formality", lang, value=result.value, target=voice.formality, tolerance=voice.tolerance,
                  direction=direction, signals=result.explain(lang)))
