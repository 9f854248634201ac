"""The built-in language data: informal markers, register pairs, contractions.

The data lives in plain text files under ``persona/data/`` so that linguists can
extend it without touching code; this module only reads and validates them.
Files are read from the package's folder (through :mod:`importlib.resources` when the
package is not a folder on disk, e.g. in a zip), so they also work from an installed
wheel, and every result is cached.

File formats (UTF-8, one entry a line, fields separated by a TAB, blank lines
and lines starting with ``#`` ignored):

* ``informal_<lang>.txt`` — ``term[<TAB>category[<TAB>review]]``; categories are
  :data:`CATEGORIES` (``slang`` when omitted); the review is an editor's note on why the
  entry is informal and what it could be mistaken for (matching ignores it).
* ``register_<lang>.tsv`` (casual -> formal) and ``warm_<lang>.tsv``
  (formal -> warmer) — ``source<TAB>target[<TAB>flag]...``; flags: ``greeting``
  (a salutation) and ``safe`` (the swap certainly keeps meaning and grammar in any
  sentence, e.g. a spelling of the same word: the checker's fix is then applied by
  ``check --fix``; unflagged swaps are unsafe fixes, for a human to review).
* ``contractions_en.tsv`` — ``contraction<TAB>expansion``.
* ``first_person.tsv`` — ``lang<TAB>word``.
* ``swap_guards.tsv`` — ``lang<TAB>source<TAB>guard``: the context in which an unflagged
  register pair is safe after all (:data:`GUARDS`; «وش» → «ماذا» before a verb).
* ``cta_<lang>.txt`` — ``phrase<TAB>anywhere|start``: calls to action, and whether they
  count anywhere or only where a clause starts.

A malformed line raises :class:`ValueError` naming the file and the line.
Entries are returned in file order; callers matching phrases should prefer the
longest one at a position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Literal, NoReturn

__all__ = [
    "CATEGORIES",
    "CallToAction",
    "InformalTerm",
    "RegisterPair",
    "calls_to_action",
    "contractions",
    "first_person",
    "informal_terms",
    "name_words",
    "register_pairs",
    "swap_guards",
]

#: Allowed categories of an informal term.
CATEGORIES: frozenset[str] = frozenset({"slang", "greeting", "abbreviation", "intensifier", "dialect"})
_DEFAULT_CATEGORY = "slang"
_GREETING_FLAG = "greeting"
_SAFE_FLAG = "safe"
_PAIR_FLAGS = (_GREETING_FLAG, _SAFE_FLAG)
_DIRECTION_FILES: dict[str, str] = {"formal": "register", "warm": "warm"}
_LANG_RE = re.compile(r"[a-z]{2,3}")

Direction = Literal["formal", "warm"]


@dataclass(frozen=True, slots=True)
class InformalTerm:
    """A word or phrase that marks informal writing (``category`` in :data:`CATEGORIES`)."""

    term: str
    category: str
    #: The editor's note: why the entry is informal, and its MSA or name look-alike risk.
    review: str = ""


@dataclass(frozen=True, slots=True)
class RegisterPair:
    """``source`` rewritten as ``target``; ``is_greeting`` marks a salutation, ``safe`` a swap
    that certainly keeps meaning and grammar (a safe fix)."""

    source: str
    target: str
    is_greeting: bool = False
    safe: bool = False


@dataclass(frozen=True, slots=True)
class CallToAction:
    """A phrase that asks the reader to act; ``anywhere`` False: only where a clause starts."""

    phrase: str
    anywhere: bool


_CTA_PLACES = ("anywhere", "start")
#: When a register swap may be applied without a human (see persona/data/swap_guards.tsv).
GUARDS: frozenset[str] = frozenset({"unsafe", "alone", "opening", "before_definite", "interrogative", "purpose",
                                     "not_after_that", "nominative", "passive"})


# --- reading -----------------------------------------------------------------


def _read_text(name: str) -> str | None:
    """The text of ``persona/data/<name>``, or None when there is no such file."""
    folder = Path(__file__).parent / "data"
    if folder.is_dir():  # importlib.resources would import tempfile, zipfile…: ~8 ms at every start
        path = folder / name
    else:
        from importlib import resources

        path = resources.files("persona") / "data" / name  # type: ignore[assignment]
    if not path.is_file():
        return None
    return path.read_text(encoding="utf-8-sig")


def _rows(text: str, name: str, min_fields: int, max_fields: int) -> Iterator[tuple[int, list[str]]]:
    """``(line number, fields)`` of every entry line of ``text``, checked for shape."""
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [field.strip() for field in line.split("\t")]
        if not min_fields <= len(fields) <= max_fields:
            expected = str(min_fields) if min_fields == max_fields else f"{min_fields} to {max_fields}"
            _fail(name, lineno, f"expected {expected} tab-separated fields, found {len(fields)}")
        if not all(fields):
            _fail(name, lineno, "empty field")
        yield lineno, fields


def _fail(name: str, lineno: int, problem: str) -> NoReturn:
    raise ValueError(f"persona/data/{name}, line {lineno}: {problem}")


def _known_lang(lang: str) -> str | None:
    """``lang`` lower-cased when it can name a data file, else None."""
    lang = lang.strip().lower()
    return lang if _LANG_RE.fullmatch(lang) else None


# --- parsing (pure: text in, entries out) --------------------------------------


def _parse_informal(text: str, name: str) -> tuple[InformalTerm, ...]:
    terms = []
    for lineno, fields in _rows(text, name, 1, 3):
        category = fields[1] if len(fields) >= 2 else _DEFAULT_CATEGORY
        if category not in CATEGORIES:
            _fail(name, lineno, f"unknown category {category!r} (expected one of {sorted(CATEGORIES)})")
        review = fields[2] if len(fields) == 3 else ""
        terms.append(InformalTerm(fields[0], category, review))
    return tuple(terms)


def _parse_pairs(text: str, name: str) -> tuple[RegisterPair, ...]:
    pairs = []
    for lineno, fields in _rows(text, name, 2, 2 + len(_PAIR_FLAGS)):
        flags = fields[2:]
        for flag in flags:
            if flag not in _PAIR_FLAGS or flags.count(flag) > 1:
                _fail(name, lineno, f"a flag after the pair must be one of {list(_PAIR_FLAGS)}, found {flag!r}")
        pairs.append(RegisterPair(fields[0], fields[1], _GREETING_FLAG in flags, _SAFE_FLAG in flags))
    return tuple(pairs)


def _parse_contractions(text: str, name: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for lineno, (contraction, expansion) in _rows(text, name, 2, 2):
        key = contraction.lower().replace("\u2019", "'")
        if key in table:
            _fail(name, lineno, f"duplicate contraction {contraction!r}")
        table[key] = expansion
    return table


def _parse_first_person(text: str, name: str) -> dict[str, tuple[str, ...]]:
    words: dict[str, list[str]] = {}
    for lineno, (lang, word) in _rows(text, name, 2, 2):
        if not _LANG_RE.fullmatch(lang):
            _fail(name, lineno, f"bad language code {lang!r}")
        words.setdefault(lang, []).append(word)
    return {lang: tuple(found) for lang, found in words.items()}


def _parse_cta(text: str, name: str) -> tuple[CallToAction, ...]:
    entries = []
    for lineno, (phrase, where) in _rows(text, name, 2, 2):
        if where not in _CTA_PLACES:
            _fail(name, lineno, f"second field must be one of {list(_CTA_PLACES)}, found {where!r}")
        entries.append(CallToAction(phrase, where == "anywhere"))
    return tuple(entries)


def _parse_guards(text: str, name: str) -> dict[tuple[str, str], str]:
    table: dict[tuple[str, str], str] = {}
    for lineno, (lang, source, guard) in _rows(text, name, 3, 3):
        if not _LANG_RE.fullmatch(lang):
            _fail(name, lineno, f"bad language code {lang!r}")
        if guard not in GUARDS:
            _fail(name, lineno, f"unknown guard {guard!r} (expected one of {sorted(GUARDS)})")
        table[(lang, source.lower())] = guard
    return table


# --- public API ----------------------------------------------------------------


@lru_cache(maxsize=64)
def informal_terms(lang: str) -> tuple[InformalTerm, ...]:
    """The informal markers of ``lang`` (``informal_<lang>.txt``); () for an unknown language."""
    code = _known_lang(lang)
    name = f"informal_{code}.txt"
    text = _read_text(name) if code else None
    return _parse_informal(text, name) if text is not None else ()


@lru_cache(maxsize=64)
def register_pairs(lang: str, direction: Direction) -> tuple[RegisterPair, ...]:
    """Rewrite pairs of ``lang``: ``"formal"`` = casual -> formal, ``"warm"`` = formal -> warmer.

    () for an unknown language; ValueError for an unknown direction.
    """
    if direction not in _DIRECTION_FILES:
        raise ValueError(f"direction must be 'formal' or 'warm', not {direction!r}")
    code = _known_lang(lang)
    name = f"{_DIRECTION_FILES[direction]}_{code}.tsv"
    text = _read_text(name) if code else None
    return _parse_pairs(text, name) if text is not None else ()


@lru_cache(maxsize=1)
def _contraction_table() -> MappingProxyType[str, str]:
    name = "contractions_en.tsv"
    text = _read_text(name)
    return MappingProxyType(_parse_contractions(text, name) if text is not None else {})


def contractions() -> dict[str, str]:
    """English contractions (lower-case, straight apostrophe) -> expansions; a fresh dict each call."""
    return dict(_contraction_table())


@lru_cache(maxsize=1)
def _first_person_table() -> MappingProxyType[str, tuple[str, ...]]:
    name = "first_person.tsv"
    text = _read_text(name)
    return MappingProxyType(_parse_first_person(text, name) if text is not None else {})


def first_person(lang: str) -> tuple[str, ...]:
    """First-person-singular pronouns of ``lang`` ("I", "أنا"…); () for an unknown language."""
    code = _known_lang(lang)
    return _first_person_table().get(code, ()) if code else ()


@lru_cache(maxsize=16)
def calls_to_action(lang: str) -> tuple[CallToAction, ...]:
    """The calls to action of ``lang`` (``cta_<lang>.txt``, folded spelling); () for an unknown language."""
    code = _known_lang(lang)
    name = f"cta_{code}.txt"
    text = _read_text(name) if code else None
    return _parse_cta(text, name) if text is not None else ()


@lru_cache(maxsize=1)
def name_words() -> frozenset[str]:
    """Words after which an Arabic word is a name (``names_ar.txt``), folded."""
    from persona.text.normalize import fold_term

    name = "names_ar.txt"
    text = _read_text(name) or ""
    return frozenset(fold_term(fields[0]) for _, fields in _rows(text, name, 1, 1))


@lru_cache(maxsize=1)
def _guard_table() -> MappingProxyType[tuple[str, str], str]:
    name = "swap_guards.tsv"
    text = _read_text(name)
    return MappingProxyType(_parse_guards(text, name) if text is not None else {})


def swap_guards(lang: str) -> MappingProxyType[str, str]:
    """Register sources of ``lang`` (lower-cased) whose swap is guarded, and their guard."""
    return _guards_of(_known_lang(lang) or "")


_UNSIGNED_KINDS = ("solemn", "contact")


@lru_cache(maxsize=1)
def unsigned_cues() -> MappingProxyType[str, tuple[str, ...]]:
    """Phrases after which the rewriter adds no signature (``unsigned.tsv``), by kind, folded."""
    from persona.text.normalize import fold

    name = "unsigned.tsv"
    cues: dict[str, list[str]] = {kind: [] for kind in _UNSIGNED_KINDS}
    for lineno, (kind, phrase) in _rows(_read_text(name) or "", name, 2, 2):
        if kind not in cues:
            _fail(name, lineno, f"unknown kind {kind!r} (expected one of {list(_UNSIGNED_KINDS)})")
        cues[kind].append(fold(phrase).text.lower())
    return MappingProxyType({kind: tuple(found) for kind, found in cues.items()})


@lru_cache(maxsize=8)
def _guards_of(code: str) -> MappingProxyType[str, str]:
    """:func:`swap_guards` of a language code, built once (it is read for every register swap)."""
    return MappingProxyType({source: guard for (key, source), guard in _guard_table().items() if key == code})
