"""The A–Z word list: every vocabulary term of every persona, by its first letter, with a jump bar.

Like GOV.UK's style guide A to Z, each entry says who uses the term, who avoids it, and what to
write instead. The page's own script comes first with its alphabet in the jump bar (the 28 letters
of the Arabic alphabet on the Arabic site, A–Z on the English one), then the other script's terms
with theirs. A letter without entries is shown in the bar, but not as a link.

An Arabic term is filed under its first letter once the article «ال» is set aside (a dictionary of
terms files «العميل» under ع) and the hamza forms of alef (أ إ آ ٱ, and a bare ء) are read as ا: so
«الإجراءات» is under ا and «أونلاين» is under ا too. Within a letter, terms follow the alphabet's
order letter by letter (not the code points' order, which puts ة between ب and ت).
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from persona.guide.az_labels import az_label
from persona.guide.glossary import Term, build_glossary
from persona.guide.i18n import direction, script_language
from persona.guide.site import AZ
from persona.text.normalize import strip_marks

if TYPE_CHECKING:
    from persona.guide.render import Page, Renderer

ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
LATIN_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
OTHER = "#"

#: Letter forms read as the letter they are filed under.
_ARABIC_FOLDS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ء": "ا", "ؤ": "و", "ئ": "ي",
                               "ى": "ي", "ة": "ه"})
_ARABIC_ORDER = {letter: i for i, letter in enumerate(ARABIC_LETTERS)}

#: Words whose «ال» is part of the word, not the article (the verbal nouns of roots in ل, and God's name).
_NOT_THE_ARTICLE = frozenset({"الله", "اللهم", "التزام", "التماس", "التحاق", "التفات", "التقاط", "التباس",
                              "التقاء", "التهاب", "التواء"})


def _without_article(text: str) -> str:
    first, _, rest = text.partition(" ")
    if first.startswith("ال") and len(first) > 3 and first not in _NOT_THE_ARTICLE:
        first = first[2:]
    return f"{first} {rest}".rstrip() if rest else first


def filing_form(term: str) -> str:
    """The form a term is filed and sorted by: Arabic without diacritics and article, hamza forms
    read as their letter; Latin without accents, in capitals."""
    bare = strip_marks(unicodedata.normalize("NFC", term)).strip()
    if script_language(bare) == "ar":
        return _without_article(bare).translate(_ARABIC_FOLDS)
    decomposed = unicodedata.normalize("NFKD", bare)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def first_letter(term: str) -> tuple[str, str]:
    """``(script, letter)``: the section (``ar``/``en``) and the letter a term is filed under
    (``#`` when it starts with neither an Arabic nor a Latin letter)."""
    form = filing_form(term)
    script = script_language(form) or "en"
    head = form[:1]
    alphabet = ARABIC_LETTERS if script == "ar" else LATIN_LETTERS
    return script, head if head in alphabet else OTHER


def collation_key(term: str) -> tuple[tuple[int, int], ...]:
    """Sorts in the alphabet's order, letter by letter; a space sorts first (a word before its phrases)."""
    def weight(char: str) -> tuple[int, int]:
        if char == " ":
            return (0, 0)
        if char in _ARABIC_ORDER:
            return (1, _ARABIC_ORDER[char])
        return (2, ord(char))

    return tuple(weight(c) for c in filing_form(term))


def entry_anchor(term: Term) -> str:
    """A stable id for a term's entry (the same term keeps its link when others are added)."""
    return "az-" + hashlib.sha1(term.key.encode("utf-8")).hexdigest()[:10]


@dataclass(slots=True)
class Letter:
    letter: str
    anchor: str
    entries: list[Term] = field(default_factory=list)


@dataclass(slots=True)
class Section:
    script: str  # "ar" or "en": whose alphabet
    heading: str
    letters: list[Letter]

    @property
    def count(self) -> int:
        return sum(len(letter.entries) for letter in self.letters)


def _anchor(script: str, letter: str) -> str:
    if letter == OTHER:
        return f"az-{script}-other"
    if script == "ar":
        return f"az-ar-{ARABIC_LETTERS.index(letter) + 1}"
    return f"az-en-{letter.lower()}"


def sections(terms: list[Term], lang: str) -> list[Section]:
    """The page's script first; every letter of each alphabet (empty ones too), then ``#`` if used."""
    scripts = ["ar", "en"] if lang == "ar" else ["en", "ar"]
    out = []
    for script in scripts:
        alphabet = ARABIC_LETTERS if script == "ar" else LATIN_LETTERS
        letters = {letter: Letter(letter, _anchor(script, letter)) for letter in [*alphabet, OTHER]}
        for term in terms:
            term_script, letter = first_letter(term.display)
            if term_script == script:
                letters[letter].entries.append(term)
        for group in letters.values():
            group.entries.sort(key=lambda t: (collation_key(t.display), t.display))
        shown = [v for k, v in letters.items() if k != OTHER or v.entries]
        section = Section(script, az_label(f"az_section_{script}", lang), shown)
        if section.count or script == scripts[0]:
            out.append(section)
    return out


def page(renderer: Renderer) -> Page:
    """The A–Z page of the renderer's language."""
    from persona.guide.downloads import download_links

    lang = renderer.lang
    terms = build_glossary(renderer.site.personas)
    anchors = {term.key: entry_anchor(term) for term in terms}
    by_spelling = {spelling: anchors[term.key] for term in terms for spelling in term.spellings}
    return renderer._render(
        "az.md.j2", AZ, az_label("az", lang),
        sections=sections(terms, lang), anchor_of=entry_anchor, spelling_anchor=by_spelling.get,
        names={p.id: renderer.persona_name(p, AZ) for p in renderer.site.personas},
        everyone=frozenset(p.id for p in renderer.site.personas) if len(renderer.site.personas) > 1 else None,
        say=lambda key: renderer.html.isolate(az_label(key, lang)), plain=lambda key: az_label(key, lang),
        section_dir=direction,
        downloads=[(p, download_links(p, AZ)) for p in renderer.site.personas],
    )
