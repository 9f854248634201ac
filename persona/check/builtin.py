"""The checker's built-in word lists, compiled into one strict single-pass matcher.

Strict means: whole words, diacritics and tatweel removed, case folded, but no
Arabic letter folding and no clitics (spec: «مرة» "once" is never «مره»).
The lists themselves are data files in ``persona/data`` (see persona.lexicons).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from persona.text.matcher import TermMatcher


@dataclass(frozen=True, slots=True)
class Builtin:
    kind: str  # "informal" | "contraction" | "first_person" | "formal"
    lang: str
    term: str
    replacement: str | None = None  # expansion of a contraction, formal form of a casual word
    category: str | None = None
    safe: bool = False  # the replacement is a safe fix (the lexicon's `safe` flag)
    greeting: bool = False  # the replacement is a salutation (the lexicon's `greeting` flag)

    def __reduce__(self) -> tuple[type[Builtin], tuple[object, ...]]:
        # Unpickled by calling the class: the stored matcher holds ~2,000 of these, and a frozen
        # dataclass's own __setstate__ (a fields() lookup each) takes 2 ms more of every start.
        return Builtin, (self.kind, self.lang, self.term, self.replacement, self.category, self.safe,
                         self.greeting)


@cache
def builtin_entries() -> tuple[tuple[str, Builtin], ...]:
    from persona import lexicons  # only to build the matcher: a start that reads the stored one never does

    entries: list[tuple[str, Builtin]] = []
    for lang in ("en", "ar"):
        formal = {p.source.lower(): p for p in lexicons.register_pairs(lang, "formal")}
        for item in lexicons.informal_terms(lang):
            pair = formal.get(item.term.lower())
            entries.append((item.term, Builtin("informal", lang, item.term, pair.target if pair else None,
                                               item.category, pair is not None and pair.safe,
                                               pair is not None and pair.is_greeting)))
            if lang == "ar" and item.category == "dialect":
                for form, prefix in dialect_forms(item.term):
                    # «وعشان» → «ولأن»: the conjunction carried over (not a safe fix); a suffixed verb has none.
                    target = prefix + pair.target if pair and prefix is not None else None
                    entries.append((form, Builtin("informal", lang, item.term, target, item.category)))
        for word in lexicons.first_person(lang):
            entries.append((word, Builtin("first_person", lang, word)))
        # The formal side of the "warm" pairs is evidence of a formal register.
        for pair in lexicons.register_pairs(lang, "warm"):
            entries.append((pair.source, Builtin("formal", lang, pair.source, pair.target)))
    for short, full in lexicons.contractions().items():
        entries.append((short, Builtin("contraction", "en", short, full)))
    return tuple(entries)


_OBJECT_SUFFIXES = ("كم", "ك", "ه", "ها", "هم", "نا")


def dialect_forms(term: str) -> list[tuple[str, str | None]]:
    """The forms of a dialect marker the strict matcher would miss, each with the conjunction it
    adds (None: a suffixed form, with no in-place replacement): a leading و or ف («وعشان»,
    «فمو»), and a verb of four letters or more in the imperfect with an object suffix
    («نشوف» → «نشوفكم», «ونشوفكم»). Only the listed spelling takes them (no letter folding)."""
    forms: list[tuple[str, str | None]] = [("\u0648" + term, "\u0648"), ("\u0641" + term, "\u0641")]
    if " " not in term and len(term) >= 4 and term[0] in "نتيابأ" and term[-1] not in "هةيى":
        forms += [(term + suffix, None) for suffix in _OBJECT_SUFFIXES]
        forms += [("\u0648" + term + suffix, None) for suffix in _OBJECT_SUFFIXES]
    return forms


@cache
def builtin_matcher() -> TermMatcher:
    """The matcher of :func:`builtin_entries`, kept compiled with the persona snapshots
    (:func:`persona.snapshot.load_compiled`): building it takes ~20 ms of every start."""
    from persona import snapshot

    sources, version = _matcher_sources()
    matcher = snapshot.load_compiled("builtin-matcher", sources, version)
    if isinstance(matcher, TermMatcher):
        return matcher
    matcher = TermMatcher(builtin_entries(), clitics=False, letters=False)
    snapshot.store_compiled("builtin-matcher", sources, version, matcher)
    return matcher


def _matcher_sources() -> tuple[list[str], str]:
    """The files (under ``persona/``) the matcher is made from, and the automaton library it is made with."""
    import ahocorasick

    package = Path(__file__).resolve().parent.parent
    data = sorted(f"data/{path.name}" for path in (package / "data").iterdir() if path.is_file())
    library = Path(ahocorasick.__file__ or "")
    info = library.stat()
    return [*_MATCHER_CODE, *data], f"{library}:{info.st_size}:{info.st_mtime_ns}"


#: The modules that make the built-in matcher: its entries, the lexicons, the matcher and its folding.
_MATCHER_CODE = ("check/builtin.py", "lexicons.py", "text/matcher.py", "text/normalize.py", "text/variants.py")
