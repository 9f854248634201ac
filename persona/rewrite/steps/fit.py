"""Step 4 (rewriter only): shorten the message to the channel's ``max_length``.

Only whole clauses or sentences are dropped, the lightest first (by words; a repeated sentence
weighs nothing), never a word. Never dropped:

* the clause the announcement is about: the lead (the first sentence of at least
  :data:`LEAD_WORDS` words) keeps its main clause (its other clauses may go);
* anything holding a link, number, phone, handle, quotation or Quranic verse, or a call to action
  (:mod:`persona.text.cta`), or what the writer must fix (an avoided term, a contradiction, a
  retired fact with no replacement).

Then the hashtags (foreign ones first), then a signature the writer typed, as a last resort.
Whatever goes is reported as a ``channel.length`` change and told to the meaning gate, which lets
the details of a dropped clause go. When only such content is left the ``channel.length`` finding
stays for the writer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from persona.check.swaps import overlaps
from persona.model import text_variants
from persona.rewrite.steps.document import Document
from persona.rewrite.steps.hashtags import is_inline
from persona.rewrite.transforms import Edit, apply_edits, tidy
from persona.rewrite.types import Change
from persona.text import spans, tokens
from persona.text.cta import is_call_to_action
from persona.text.normalize import fold

__all__ = ["LEAD_WORDS", "LENGTH", "fit_channel"]

LENGTH = "channel.length"
LEAD_WORDS = 4
_MAX_DROPS = 200
_MUST_SEE = frozenset({"vocabulary.avoid", "values.contradiction", "facts.retired"})
_DIGIT_RE = re.compile(r"\d")
_TERMINAL_RE = re.compile(r"[.!?\u061f\u2026\"'”’»)\]]+$")


@dataclass(frozen=True, slots=True)
class Unit:
    """A piece of the message that may be dropped to fit: a clause or a sentence."""

    start: int
    end: int
    weight: int
    capitalize: int | None = None  # offset of the letter that starts the sentence once dropped


def fit_channel(doc: Document) -> None:
    """Drop the lightest units, then hashtags, then a typed signature, until the text fits."""
    limit = doc.limits.max_length
    if limit is None or not doc.has(LENGTH):
        return
    text = doc.text
    changes: list[Change] = []
    dropped: list[str] = []
    flagged = [(f.start, f.end) for f in doc.result.findings
               if f.rule in _MUST_SEE and (f.fix is None or not f.fix.applies(doc.unsafe))]
    for _ in range(_MAX_DROPS):
        if doc.length(text) <= limit:
            break
        signature = _typed_signature(doc, text)
        units = _droppable_units(text, signature, flagged)
        if units:
            unit = min(units, key=lambda u: (u.weight, u.start))
            edits = [Edit(unit.start, unit.end, "")]
            if unit.capitalize is not None:
                edits.append(Edit(unit.capitalize, unit.capitalize + 1, text[unit.capitalize].upper()))
            piece = text[unit.start:unit.end]
        else:
            tag = _last_standalone_tag(doc, text)
            if tag is not None:
                edits, piece = [Edit(tag.start, tag.end, "")], tag.text
            elif signature is not None:
                edits, piece = [Edit(*signature, "")], text[signature[0]:signature[1]]
            else:
                break  # only protected content is left: the finding stays for the writer
        changes.append(Change(LENGTH, piece.strip(), ""))
        dropped.append(piece)
        flagged = _shift(flagged, edits)
        text = apply_edits(text, edits)
    doc.propose(tidy(text), changes, step="fit", dropped=dropped)


def _shift(flagged: list[tuple[int, int]], edits: list[Edit]) -> list[tuple[int, int]]:
    """Move the flagged spans past the removal ``edits[0]`` (a re-cased letter keeps lengths)."""
    cut = edits[0]
    width = cut.end - cut.start - len(cut.new)
    return [(s - width, e - width) if s >= cut.end else (s, e) for s, e in flagged]


def _typed_signature(doc: Document, text: str) -> tuple[int, int] | None:
    """The span of the persona's signature (in any language) when the writer typed it."""
    folded = fold(text)
    for variant in text_variants(doc.persona.signature):
        key = fold(variant.strip()).text
        at = folded.text.rfind(key) if key else -1
        if at >= 0:
            return folded.span(at, at + len(key))
    return None


def _droppable_units(text: str, keep: tuple[int, int] | None, flagged: list[tuple[int, int]]) -> list[Unit]:
    """Every sentence and non-main clause that carries nothing that must be kept (module doc)."""
    sentences = []
    for sentence in tokens.split_sentences(text):
        start, end = _trimmed(text, sentence.start, sentence.end)
        words = tokens.count_words(_prose(text[start:end]))
        if words:
            sentences.append((start, end, words))
    total = sum(words for _, _, words in sentences)
    lead = next((start for start, _, words in sentences if words >= LEAD_WORDS), None)
    quoted = [*spans.find_quotes(text), *spans.find_quran(text)]
    units: list[Unit] = []
    seen: set[str] = set()
    for start, end, words in sentences:
        if keep and keep[0] < end and start < keep[1]:
            continue
        key = fold(text[start:end]).text
        if key in seen and not overlaps(start, end, quoted):  # a repeated sentence says nothing new
            units.append(Unit(start, end, 0))
            continue
        seen.add(key)
        if start != lead and not _must_keep(text, start, end, flagged, quoted) and words < total:
            units.append(Unit(start, end, words))
        if not overlaps(start, end, quoted):  # «وقال المتحدث:» stays with the quotation it introduces
            units.extend(_clause_units(text, start, end, flagged, quoted))
    return units


def _clause_units(text: str, start: int, end: int, flagged: list[tuple[int, int]],
                  quoted: list[tuple[int, int]]) -> list[Unit]:
    """The clauses of a sentence that may go, keeping its main (heaviest) clause.

    A leading or middle clause goes with its separator (``Good news:``); a trailing one goes
    from the separator before it up to the sentence's final punctuation, which stays
    (``…online, which is great.`` → ``…online.``). A clause that cuts a quotation never goes.
    """
    clauses = [(start + c.start, start + c.end) for c in tokens.split_clauses(text[start:end])]
    if len(clauses) < 2:
        return []
    weights = [tokens.count_words(_prose(text[s:e])) for s, e in clauses]
    main = weights.index(max(weights))
    units = []
    for i, (s, e) in enumerate(clauses):
        if i == main or not weights[i] or _must_keep(text, s, e, flagged, quoted):
            continue
        if i == len(clauses) - 1:
            separator = clauses[i - 1][1] - 1
            terminal = _TERMINAL_RE.search(text, s, e)
            ended = separator > start and text[separator - 1] in ".!?\u061f\u2026"  # "Go!، …"
            units.append(Unit(separator, terminal.start() if terminal and not ended else e, weights[i]))
        else:
            after = clauses[i + 1][0]
            capitalize = after if i == 0 and text[start].isupper() and text[after].islower() else None
            units.append(Unit(s, after, weights[i], capitalize))
    return units


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _prose(text: str) -> str:
    """``text`` without hashtags, links and emoji (what counts as words of a sentence)."""
    cuts = [(s.start, s.end) for s in (*tokens.find_hashtags(text), *tokens.find_links(text),
                                          *tokens.find_emoji(text))]
    return apply_edits(text, [Edit(s, e, " ") for s, e in cuts]) if cuts else text


def _must_keep(text: str, start: int, end: int, flagged: list[tuple[int, int]],
               quoted: list[tuple[int, int]]) -> bool:
    """May ``text[start:end]`` never be dropped to fit?"""
    if overlaps(start, end, flagged) or overlaps(start, end, quoted):
        return True
    piece = text[start:end]
    if tokens.find_links(piece) or tokens.find_handles(piece):
        return True
    tags = tokens.find_hashtags(piece)
    bare = apply_edits(piece, [Edit(t.start, t.end, " ") for t in tags]) if tags else piece
    return bool(_DIGIT_RE.search(bare)) or is_call_to_action(piece)


def _last_standalone_tag(doc: Document, text: str) -> tokens.Span | None:
    """The hashtag to drop next when fitting: the last one outside a sentence, foreign tags first."""
    tags = tokens.find_hashtags(text)
    standalone = [t for t in tags if not is_inline(text, t, tags)]
    if not standalone:
        return None
    own = doc.plan.own_tags
    foreign = [t for t in standalone if fold(t.text).text not in own]
    return (foreign or standalone)[-1]
