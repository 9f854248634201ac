"""Inflected forms of a listed Arabic term, generated once when a persona compiles.

The matcher (:class:`~persona.text.matcher.TermMatcher` with ``inflect=True``)
adds every form below to its one automaton, so finding them costs nothing more
per draft. Forms are generated on the *folded* term (ة → ه, ى → ي, أ إ آ → ا;
ؤ ئ ء stay), from the term's last word, and are deliberately few: a precise
list of endings, never a stemmer (a root matches hundreds of unrelated words).

For a last word ``w`` (its core ``c`` is ``w`` without «ال»):

* **the core alone** when ``w`` has the article: «العملاء» → «عملاء» (the
  matcher still lets «ال»/«لل» and the proclitics stand before it);
* **pronoun suffixes** ـي ـنا ـك ـكم ـكن ـه ـها ـهم ـهن ـهما on the core, with the
  spelling changes they cause: ة → ت («خدمتكم»), the hamza seat of a final
  «اء» (ء ؤ ئ: «عملاؤكم», «عملائهم», «عملاءكم»), final ى → ا («مستشفاكم»),
  the ن of a sound plural or dual dropped («المستفيدين» → «مستفيديكم»). ـي
  ("my") only on cores of four letters or more («عملي» is "practical");
* **tanween** of the accusative: core + ا («نموذجًا» → folded «نموذجا»);
* **sound plural and dual** of a singular core: the dual ـان ـين
  («نموذجين»); a core ending in ة takes ـات ـتان ـتين («خدمات»); a relative
  adjective in ـي also takes ـة ـات ـون ـتان ـتين («مجانية»); a participle in م…
  (four letters or more) takes ـون («مستفيدون»), never ـة or ـات («مدرس» is a
  teacher, «مدرسة» a school; «مكتب» an office, «مكتبات» libraries), except a passive
  participle مفعول, whose feminine is always the same word («مضمون» → «مضمونة»، «مضمونات»);
* **verb persons** of a listed imperfect verb (one word of four letters or more
  starting with ن ي ت, no article, not ending in ة): the other prefixes and the
  plural ـون («نضمن» → «يضمن», «تضمن», «يضمنون»), each with the object suffixes.

:func:`arabic_forms` returns ``(folded form, ending)`` pairs: the ending names
what was added (``"+كم"``, ``"tanween"``, ``"plural"``, ``"verb"``, ``"bare"``)
so that a suggestion can be inflected the same way.
"""

from __future__ import annotations

from persona.text.normalize import fold_term

__all__ = ["PRONOUN_SUFFIXES", "arabic_forms"]

#: Attached pronouns, longest first (ـهما before ـها and ـه).
PRONOUN_SUFFIXES: tuple[str, ...] = ("هما", "كم", "كن", "نا", "ها", "هم", "هن", "ك", "ه", "ي")
_ARTICLE = "ال"
_MIN_CORE = 3
_VERB_PREFIXES = ("ن", "ي", "ت")
_OBJECT_SUFFIXES = ("كم", "نا", "ها", "هم", "ك", "ه")


def _stems(core: str, raw_last: str) -> list[str]:
    """The forms of ``core`` that a pronoun suffix attaches to."""
    if raw_last.endswith("ة"):
        return [core[:-1] + "ت"]
    if raw_last.endswith("ى"):
        return [core[:-1] + "ا"]
    if core.endswith("اء"):
        return [core, core[:-1] + "ؤ", core[:-1] + "ئ"]
    if core.endswith("ء"):
        return [core, core[:-1] + "ئ"]
    if len(core) > 4 and core.endswith(("ين", "ون", "ان")) and not _passive_participle(core):
        return [core[:-1]]  # sound plural or dual: the ن drops (مستفيديكم، مستفيدوكم)
    return [core]


def _with_suffixes(stem: str, core_len: int) -> list[tuple[str, str]]:
    out = []
    for suffix in PRONOUN_SUFFIXES:
        if suffix == "ي" and (core_len < 4 or stem.endswith("ي")):
            continue
        out.append((stem + suffix, "+" + suffix))
    return out


def _number_forms(core: str, raw_last: str) -> list[str]:
    """Sound plural, dual and feminine forms of a singular core."""
    if core.endswith(("ون", "ين", "ات", "ان", "اء")) and len(core) > 4 and not _passive_participle(core):
        return []  # already plural or dual (not «مضمون»: a singular مفعول whose root ends in ن)
    if raw_last.endswith("ة"):
        base = core[:-1]
        return [base + "ات", base + "تان", base + "تين"]
    if raw_last.endswith(("ى", "ا", "ء")):
        return []
    forms = [core + "ان", core + "ين"]  # dual (and the genitive plural of the forms below)
    # a relative adjective («مجاني») or a passive participle مفعول («مضمون»): the feminine is regular
    if (core.endswith("ي") and len(core) >= 4) or _passive_participle(core):
        forms += [core + "ون", core + "ه", core + "ات", core + "تان", core + "تين"]
    elif core.startswith("م") and len(core) >= 4:  # participle: مستفيد، موظف (never +ة: مدرس/مدرسة)
        forms.append(core + "ون")
    return forms


def _passive_participle(core: str) -> bool:
    """The pattern مفعول («مضمون», «مكتوب», «مسموح»): its feminine is always the same word + ة,
    unlike an active participle or a noun of place («مدرس» teacher, «مدرسة» school)."""
    return len(core) == 5 and core[0] == "م" and core[3] == "و"


def _verb_forms(word: str, raw: str) -> list[str]:
    if len(word) < 4 or word[0] not in _VERB_PREFIXES or raw.endswith("ة") or word.startswith(_ARTICLE):
        return []
    rest = word[1:]
    forms = [p + rest for p in _VERB_PREFIXES if p != word[0]]
    forms += [p + rest + "ون" for p in ("ي", "ت")]
    return forms


def arabic_forms(term: str) -> list[tuple[str, str]]:
    """The extra folded forms of ``term`` (not the term itself), with what each adds.

    Empty for a term that is not Arabic or whose last word is too short to inflect safely.
    """
    folded = fold_term(term)
    if not folded:
        return []
    head, _, last = folded.rpartition(" ")
    raw_last = term.strip().rsplit(None, 1)[-1]
    raw_last = "".join(ch for ch in raw_last if "\u0621" <= ch <= "\u064a")  # letters only
    if not last or not all("\u0621" <= ch <= "\u064a" for ch in last):
        return []
    prefix = head + " " if head else ""
    has_article = last.startswith(_ARTICLE) and len(last) > len(_ARTICLE) + 2
    core = last[len(_ARTICLE):] if has_article else last
    if len(core) < _MIN_CORE:
        return []
    forms: list[tuple[str, str]] = []
    if has_article:
        forms.append((core, "bare"))
    # Number forms first: «مجانيه» (folded «مجانية») is the feminine, which any spelling may take,
    # before it is the pronoun ـه, which only a typed ه may take.
    for plural in _number_forms(core, raw_last):
        forms.append((plural, "plural"))
        if plural.endswith("ات"):
            forms += [(plural + suffix, "+" + suffix) for suffix in PRONOUN_SUFFIXES if suffix != "ي"]
    for stem in _stems(core, raw_last):
        forms += _with_suffixes(stem, len(core))
    if not raw_last.endswith(("ة", "ى", "ا", "ء")) and not core.endswith("ي"):
        forms.append((core + "ا", "tanween"))
    if not head:
        for verb in _verb_forms(last, raw_last):
            forms.append((verb, "verb"))
            forms += [(verb + suffix, "verb+" + suffix) for suffix in _OBJECT_SUFFIXES]
    seen = {folded}
    out = []
    for form, ending in forms:
        key = prefix + form
        if key not in seen:
            seen.add(key)
            out.append((key, ending))
    return out
