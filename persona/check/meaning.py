"""The meaning gate: does a rewrite keep what its original says?

Three rules, which look only at drafts that carry their ``original`` (``persona check
REWRITE --source ORIGINAL``, and every rewrite, rules or model):

* ``meaning.lost``: a number, date, link, handle, e-mail, hashtag of the persona's or
  quotation of the original is missing from the rewrite. Two exceptions: a retired fact
  replaced by its current value (``920000000`` → ``1950``), and the details of a clause
  the rewriter dropped whole to fit the channel (``dropped``; the rewriter reports those as
  changes);
* ``meaning.added``: a number, date, link or handle in the rewrite that is in neither the
  original nor the persona's facts (links, phones, handles, current values, signature);
* ``meaning.language``: the rewrite is not in the original's language, unless a
  translation was asked for (``lang``).

Details are found and compared by :mod:`persona.text.details` (digits normalised, both
calendars, canonical links). :func:`persona.check.gate.meaning_findings` is the entry point for the rewriter
and the desk.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from persona.check.context import Context, compile_persona
from persona.check.messages import say
from persona.check.negation import negators
from persona.check.rule import Hit, Rule, fires, passes, registered, rule
from persona.check.types import Draft
from persona.text import details as found
from persona.text import tokens
from persona.text.details import Detail
from persona.text.normalize import fold
from persona.text.tokens import link_is_verified
from persona.text_fields import text_variants

if TYPE_CHECKING:
    from persona.model import Persona

MEANING_RULES = ("meaning.added", "meaning.language", "meaning.lost")
LANGUAGE_NAMES = {"ar": "Arabic", "en": "English"}
_LANGUAGE_NAMES_AR = {"ar": "العربية", "en": "الإنجليزية"}
_KIND_NAMES_AR = {"number": "رقم", "date": "تاريخ", "link": "رابط", "email": "بريد إلكتروني", "handle": "حساب",
                  "hashtag": "وسم", "quotation": "اقتباس"}
# What must survive, and what must not appear from nowhere (hashtags: only the persona's own).
_KEPT_KINDS = frozenset({"number", "date", "link", "email", "handle", "hashtag", "quotation"})
_ADDED_KINDS = frozenset({"number", "date", "link", "handle"})
_MIN_LETTERS = 12  # fewer letters than this: too little text to tell its language


def meaning_rules() -> list[Rule]:
    """The meaning gate's rules (registered by this module, so ``persona rules`` lists them)."""
    return registered(MEANING_RULES)


_LANGUAGES: dict[tuple[str, int], str | None] = {}


def _original_language(text: str, persona: Persona) -> str | None:
    """:func:`language_of` the original, remembered (a rewrite is checked against it many times)."""
    key = (text, id(persona))
    if key not in _LANGUAGES:
        if len(_LANGUAGES) > 1024:
            _LANGUAGES.clear()
        _LANGUAGES[key] = language_of(text, persona)
    return _LANGUAGES[key]


def language_of(text: str, persona: Persona) -> str | None:
    """The checker's language of ``text`` (``ar``/``en``), None when it has too few letters to tell."""
    if sum(ch.isalpha() for ch in text) < _MIN_LETTERS:
        return None
    return Context(Draft(text=text), compile_persona(persona)).language


@lru_cache(maxsize=4096)
def _details(text: str) -> tuple[Detail, ...]:
    """:func:`persona.text.details.details`, remembered: a rewrite is compared with one original
    many times (every step of the rules rewriter, every repair round)."""
    return tuple(found.details(text))


# -- the persona's facts, as detail keys -------------------------------------------------------


_PERSONA_KEYS: dict[int, tuple[Persona, frozenset[tuple[str, str]]]] = {}


def _persona_keys(persona: Persona) -> frozenset[tuple[str, str]]:
    """(kind, key) of every detail the persona itself provides: facts, current values, signature, tags."""
    cached = _PERSONA_KEYS.get(id(persona))
    if cached is not None and cached[0] is persona:
        return cached[1]
    if len(_PERSONA_KEYS) > 256:
        _PERSONA_KEYS.clear()
    keys = _collect_persona_keys(persona)
    _PERSONA_KEYS[id(persona)] = (persona, keys)
    return keys


def _collect_persona_keys(persona: Persona) -> frozenset[tuple[str, str]]:
    facts = persona.facts
    texts = [*facts.phones, *facts.handles, *facts.urls, *(r.new for r in facts.retired if r.new)]
    texts += _all_texts(persona.signature)
    keys = {(d.kind, d.key) for t in texts for d in _details(t)}
    keys |= {("number", found.number_key(p)) for p in facts.phones if p.strip().isdigit()}
    keys |= {("handle", h.lower() if h.startswith("@") else "@" + h.lower()) for h in facts.handles}
    keys |= {("hashtag", tag) for tag in own_hashtags(persona)}
    return frozenset(keys)


def own_hashtags(persona: Persona) -> frozenset[str]:
    """The persona's own hashtags, folded, as the rewriter defines them (the tags of its examples'
    ``after``, every language: ``persona.rewrite.steps.plan.Plan.own_tags``)."""
    return frozenset(fold(tag.text).text for example in persona.examples
                     for text in text_variants(example.after) for tag in tokens.find_hashtags(text))


def _all_texts(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, dict):
        return [str(v) for v in value.values() if v]
    return [str(value)]


def _retired_replacements(persona: Persona) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """(kind, key) of a retired value → (kind, key) of its current values."""
    out: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for entry in persona.facts.retired:
        if not entry.new:
            continue
        new: set[tuple[str, str]] = {(d.kind, d.key) for d in _details(entry.new)} or {("text", entry.new.casefold())}
        for old in _details(entry.old):
            out.setdefault((old.kind, old.key), set()).update(new)
    return out


def _retired_link_replacements(persona: Persona, link: str) -> set[tuple[str, str]]:
    """(kind, key) of the current values of every retired link that ``link`` starts with."""
    return {(d.kind, d.key) for entry in persona.facts.retired
            if entry.new and link_is_verified(link, [entry.old]) for d in _details(entry.new)}


def _verified_link(persona: Persona, link: str) -> bool:
    urls = [*persona.facts.urls, *(r.new for r in persona.facts.retired if r.new)]
    return link_is_verified(link, urls)


# -- the rules ----------------------------------------------------------------------------------


def _describe(detail: Detail, lang: str = "en") -> str:
    if lang == "ar":
        return f"«{detail.text}» ({_KIND_NAMES_AR[detail.kind]})"
    return f"'{detail.text}' ({detail.kind})"


def _negations(ctx: Context) -> tuple[list[str], list[str]]:
    """(negators of the original that the rewrite lost, negators the rewrite added): «لن تحتاج»
    → «ستحتاج» reverses the meaning. Compared by count, within one language (a translation says
    its "not" in other words), leaving out clauses the rewriter dropped whole and the persona's
    signature."""
    original = ctx.draft.original or ""
    if _original_language(original, ctx.persona) != ctx.language:
        return [], []
    before = negators(original)
    for clause in ctx.draft.dropped:
        for word in negators(clause):
            if word in before:
                before.remove(word)
    after = negators(ctx.message)
    for signature in text_variants(ctx.persona.signature):
        if signature.strip() and signature.strip() in ctx.message and signature.strip() not in original:
            for word in negators(signature):
                if word in after:
                    after.remove(word)
    if len(before) > len(after):
        return _minus(before, after) or before[len(after):], []
    if len(after) > len(before):
        return [], _minus(after, before) or after[len(before):]
    return [], []


def _minus(words: list[str], other: list[str]) -> list[str]:
    rest = list(words)
    for word in other:
        if word in rest:
            rest.remove(word)
    return rest


def _lost(ctx: Context) -> list[Detail]:
    original = ctx.draft.original or ""
    persona = ctx.persona
    kept = {(d.kind, d.key) for d in _details(ctx.message)}
    kept_text = ctx.message.casefold()
    mine = _persona_keys(persona)
    replaced = _retired_replacements(persona)
    not_required = {(d.kind, d.key) for clause in ctx.draft.dropped for d in _details(clause)}
    kept |= {("hashtag", fold(d.text).text) for d in _details(ctx.message) if d.kind == "hashtag"}
    lost: list[Detail] = []
    for detail in _details(original):
        ident = (detail.kind, detail.key)
        if detail.kind == "hashtag":  # compared folded, as the rewriter compares them (#رؤية_2030 = #رؤيه_2030)
            ident = ("hashtag", fold(detail.text).text)
            if ident not in mine and (detail.kind, detail.key) not in mine:
                continue  # channel fitting may trim someone else's hashtag (reported as a change)
        if detail.kind not in _KEPT_KINDS or ident in kept or (detail.kind, detail.key) in not_required:
            continue
        if detail.kind == "quotation" and " ".join(detail.key.split()) in " ".join(ctx.message.split()):
            continue  # the same words, in other quotation marks
        current = replaced.get(ident, set())
        if detail.kind == "link":  # a retired link matches by prefix: .../eServices/booking
            current = current | _retired_link_replacements(persona, detail.text)
        if any(c in kept or (c[0] == "text" and c[1] in kept_text) for c in current):
            continue  # a retired fact replaced by its current value
        lost.append(detail)
    return lost


@rule(
    "meaning.lost",
    "error",
    "A number, date, link, handle, e-mail, hashtag, quotation or negation of the original is missing from the rewrite.",
    scope="body",
    needs="original",
    examples=[
        fires("تعلن الوزارة عن خدمة جديدة عبر ناجز.", "ar",
              source="تعلن الوزارة عن خدمة جديدة عبر ناجز، للاستفسار اتصلوا على 1950."),
        fires("قال تعالى ﴿وَأَوْفُوا بِالْعَهْدِ﴾ صدق الله العظيم.", "ar",
              source="قال تعالى ﴿وَأَوْفُوا بِالْعَهْدِ إِنَّ الْعَهْدَ كَانَ مَسْئُولًا﴾ صدق الله العظيم."),
        fires("The service opens on 15 March.", "en", source="The service opens on 15 March 2025."),
        fires("Apply on our portal.", "en", source="Apply at https://www.moj.gov.sa/apply by Sunday."),
        fires("وستحتاج إلى زيارة الفرع لإتمام الطلب.", "ar", source="لن تحتاج إلى زيارة الفرع لإتمام الطلب."),
        fires("There is need to visit our office.", "en", source="There is no need to visit our office."),
        fires("نضمن نتيجة أي قضية.", "ar", source="لا نضمن نتيجة أي قضية."),
        passes("لا تحتاجون إلى مراجعة الفرع.", "ar", source="ما تحتاجون تراجعون الفرع."),
        passes("للاستفسار اتصلوا على ١٩٥٠ قبل ١٥ مارس ٢٠٢٥.", "ar",
               source="للاستفسار اتصل على 1950 قبل 15/3/2025."),
        passes("For enquiries, call 1950.", "en", source="For enquiries call 920000000."),
        passes("Apply at https://www.moj.gov.sa/apply from 1 June 2025.", "en",
               source="Customers can apply at https://www.moj.gov.sa/apply from June 1, 2025!"),
    ],
)
def lost(ctx: Context) -> Iterator[Hit]:
    if ctx.draft.original is None:
        return
    lang = ctx.message_language
    messages = []
    missing = _lost(ctx)
    if missing:
        listed = ("، " if lang == "ar" else ", ").join(_describe(d, lang) for d in missing)
        messages.append(say("meaning.lost", lang, listed=listed))
    dropped, _added = _negations(ctx)
    if dropped:
        messages.append(say("meaning.lost.negation", lang, negation=_quote(dropped, lang)))
    if messages:  # one finding: the engine keeps one per rule and place
        yield Hit(ctx.body_start, ctx.body_start, " ".join(messages))


def _quote(words: list[str], lang: str) -> str:
    return ("، " if lang == "ar" else ", ").join((f"«{w}»" if lang == "ar" else f"'{w}'") for w in words)


@rule(
    "meaning.added",
    "error",
    "A number, date, link, handle or negation in the rewrite that is in neither the original nor the persona's facts.",
    scope="body",
    needs="original",
    examples=[
        fires("خدمة التوثيق متاحة خلال 3 أيام عبر ناجز.", "ar", source="خدمة التوثيق متاحة عبر ناجز."),
        fires("Details: https://bit.ly/3xYz", "en", source="Details are on our website."),
        fires("Follow @MojNews for updates.", "en", source="Follow us for updates."),
        fires("لن تحتاج إلى زيارة الفرع.", "ar", source="ستحتاج إلى زيارة الفرع لاستلام الصك."),
        passes("خدمة التوثيق متاحة عبر ناجز، للاستفسار: 1950", "ar", source="خدمة التوثيق متاحة عبر ناجز."),
        passes("Details: https://www.moj.gov.sa/services", "en", source="Details are on our website."),
        passes("Visit us before ١٥/٣/٢٠٢٥.", "en", source="Visit us before 15/3/2025."),
    ],
)
def added(ctx: Context) -> Iterator[Hit]:
    if ctx.draft.original is None:
        return
    persona = ctx.persona
    given = _details(ctx.draft.original)
    original = {(d.kind, d.key) for d in given}
    # the parts of the original's dates count as its numbers ("15/3/2025" → 15, 3, 2025)
    original_numbers = {d.key for d in given if d.kind == "number"}
    original_numbers |= {part for d in given if d.kind == "date" for part in _date_parts(d.key)}
    mine = _persona_keys(persona)
    for detail in _details(ctx.message):
        ident = (detail.kind, detail.key)
        if detail.kind not in _ADDED_KINDS or ident in original or ident in mine:
            continue
        if detail.kind == "link" and _verified_link(persona, detail.text):
            continue
        if detail.kind == "number" and detail.key in original_numbers:
            continue
        yield Hit(ctx.body_start + detail.span.start, ctx.body_start + detail.span.end,
                  say("meaning.added", ctx.message_language, detail=_describe(detail, ctx.message_language)))
    _dropped, negations = _negations(ctx)
    if negations:
        lang = ctx.message_language
        yield Hit(ctx.body_start, ctx.body_start, say("meaning.added.negation", lang, negation=_quote(negations, lang)))


@rule(
    "meaning.language",
    "error",
    "The rewrite is not in the original's language (unless a translation was asked for with --lang).",
    scope="body",
    needs="original",
    examples=[
        fires("The ministry announces a new service on the Najiz platform.", "en",
              source="تعلن وزارة العدل عن خدمة جديدة عبر منصة ناجز."),
        fires("تعلن الوزارة عن إطلاق خدمة جديدة للمستفيدين.", "ar",
              source="The ministry is launching a new service for beneficiaries."),
        passes("تعلن وزارة العدل عن خدمة جديدة عبر منصة ناجز.", "ar",
               source="الوزارة تطلق خدمة جديدة على ناجز."),
        passes("The ministry announces a new service on the Najiz platform.", "en",
               source="تعلن وزارة العدل عن خدمة جديدة عبر منصة ناجز.", asked_lang="en"),
    ],
)
def language(ctx: Context) -> Iterator[Hit]:
    if ctx.draft.original is None:
        return
    wanted = ctx.draft.lang or _original_language(ctx.draft.original, ctx.persona)
    got = language_of(ctx.message, ctx.persona)
    if wanted is None or got is None or wanted == got:
        return
    lang = ctx.message_language
    if lang == "ar":
        yield Hit(ctx.body_start, ctx.body_start,
                  say("meaning.language.asked" if ctx.draft.lang else "meaning.language", lang,
                      got=_LANGUAGE_NAMES_AR.get(got, got), wanted=_LANGUAGE_NAMES_AR.get(wanted, wanted)))
        return
    yield Hit(ctx.body_start, ctx.body_start,
              say("meaning.language.asked" if ctx.draft.lang else "meaning.language", lang,
                  got=LANGUAGE_NAMES.get(got, got), wanted=LANGUAGE_NAMES.get(wanted, wanted)))


def _date_parts(key: str) -> list[str]:
    """The numbers of a date key ``calendar:year-month-day``."""
    return [part for part in key.partition(":")[2].split("-") if part != "?"]


def read_original(path: str) -> str:
    """The message of ``--source ORIGINAL`` (a file, or ``-``), front matter left out."""
    from persona.errors import Problem, UserError
    from persona.inputs import is_archive, iter_drafts

    if is_archive(path):
        raise UserError([Problem("--source takes one message, not an archive of posts", path)])
    draft = next(iter(iter_drafts([path])))
    return draft.text[draft.body_start:]


def with_original(drafts: Iterable[Draft], source: str, lang: str | None) -> Iterator[Draft]:
    """The drafts as rewrites of the message in ``source`` (read once, before the first draft)."""
    original = read_original(source)

    def generate() -> Iterator[Draft]:
        for draft in drafts:
            draft.original, draft.lang = original, lang
            yield draft

    return generate()
