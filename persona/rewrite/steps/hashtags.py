"""Step 3 (rewriter only): at most the channel's ``max_hashtags``.

The persona's own hashtags (those in its examples) are kept first, then the first ones. A
hashtag that stands in a block of tags, or at the end of a message, goes whole; one inside a
sentence ("courts now serve #Riyadh and Jeddah") loses only its ``#`` so that the sentence still
reads. A hashtag is never edited otherwise. Tags listed with «و», "and", "&", "/" or a comma
between them («#وزارة_العدل و #ناجز و #رؤية_2030») are a list: what is dropped goes with its
joining word, so that no «و» or comma dangles («#وزارة_العدل و #ناجز»).
"""

from __future__ import annotations

import re

from persona.rewrite.steps.document import Document
from persona.rewrite.transforms import Edit, apply_edits, tidy
from persona.rewrite.types import Change
from persona.text import tokens
from persona.text.matcher import is_word_char
from persona.text.normalize import fold

__all__ = ["HASHTAGS", "is_inline", "trim_hashtags"]

HASHTAGS = "channel.hashtags"
_TAG_END = frozenset(".,\u060c;\u061b:!?\u061f")
# What joins two tags of a list: spaces, or a conjunction or a comma between spaces.
_JOIN_RE = re.compile(r"[ \t]*(?:(?:\u0648|\u0623\u0648|and|or|&|/|,|\u060c)[ \t]*)?", re.IGNORECASE)


def trim_hashtags(doc: Document) -> None:
    """Keep at most ``max_hashtags``: the persona's own first, then the first ones."""
    limit = doc.limits.max_hashtags
    if limit is None or not doc.has(HASHTAGS):
        return
    text = doc.text
    tags = doc.context.hashtags
    own = doc.plan.own_tags
    ranked = sorted(range(len(tags)), key=lambda i: (fold(tags[i].text).text not in own, i))
    keep = set(ranked[:limit])
    edits, changes = [], []
    for run in _lists(text, tags):
        if len(run) > 1:  # a list of tags: rebuilt from the kept ones and the words that joined them
            kept = [i for i in run if i in keep]
            new = "".join((text[tags[i - 1].end:tags[i].start] if n else "") + tags[i].text
                          for n, i in enumerate(kept))
            edits.append(Edit(tags[run[0]].start, tags[run[-1]].end, new))
            changes += [Change(HASHTAGS, tags[i].text, "") for i in run if i not in keep]
            continue
        i = run[0]
        if i in keep:
            continue
        tag = tags[i]
        new = tag.text[1:].replace("_", " ") if is_inline(text, tag, tags) else ""
        edits.append(Edit(tag.start, tag.end, new))
        changes.append(Change(HASHTAGS, tag.text, new))
    doc.propose(tidy(apply_edits(text, edits)), changes, step="hashtags")


def _lists(text: str, tags: list[tokens.Span]) -> list[list[int]]:
    """The hashtags grouped into lists: consecutive tags with only a joining word between them."""
    runs: list[list[int]] = []
    for i, tag in enumerate(tags):
        if runs and _joined(text, tags[runs[-1][-1]].end, tag.start):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _joined(text: str, end: int, start: int) -> bool:
    between = _JOIN_RE.fullmatch(text, end, start)
    return between is not None and (bool(between.group().strip()) or start > end or start == end)


def is_inline(text: str, tag: tokens.Span, tags: list[tokens.Span]) -> bool:
    """Is this hashtag part of a sentence (so dropping it would break the sentence)?"""
    after = tag.end
    while after < len(text) and text[after] in " \t":
        after += 1
    before = tag.start
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    following = text[after] if after < len(text) else ""
    preceding = text[before - 1] if before > 0 else ""
    joined = _JOIN_RE.match(text, tag.end)
    if following == "#" or (joined is not None and joined.end() in {t.start for t in tags}) \
            or any(t.start < before <= t.end for t in tags if t is not tag):
        return False  # part of a block of tags
    if following and is_word_char(following):
        return True  # the sentence goes on after it
    # "Tickets for #RiyadhSeason." — a single tag ending a sentence after a word.
    return following in _TAG_END and bool(preceding) and is_word_char(preceding)
