"""Step 5 (rewriter only): the persona's signature, where it fits the message.

The signature in the message's language goes on a line of its own, before a closing block of
hashtags when the message ends with one. It is left out when:

* the message is signed already (in any language), or already gives every contact point the
  signature names (its numbers, compared by digits; its links);
* the message is solemn: a Quranic verse (﴿…﴾), a hadith, a condolence or a fraud warning (the
  ``solemn`` phrases of ``persona/data/unsigned.tsv``): no signature at all;
* the signature is a contact line (it names a number or a link) and the message already gives a
  contact point: a contact cue of ``unsigned.tsv`` («للاستفسار», "call") with a number of four
  digits or more, a link, a handle or an e-mail;
* the message tells the reader not to reply ("do not reply", «لا ترد», «يرجى عدم الرد»): a
  help line after that contradicts it;
* the message is already too long for the channel, or the signed text would break a rule the
  text passes (too long, too many links, hashtags or emoji, too many sentences for the intent:
  the document refuses a signed text that adds a finding).

Digits follow the message: a message written with Arabic-Indic digits gets its signature in
Arabic-Indic digits (``١٩٥٠``), one written with Western digits keeps them.
"""

from __future__ import annotations

import re

from persona import lexicons
from persona.rewrite.steps.document import Document
from persona.rewrite.steps.fit import LENGTH
from persona.rewrite.steps.plan import Signature, numbers_in
from persona.rewrite.types import Change
from persona.text import spans, tokens
from persona.text.normalize import fold

__all__ = ["SIGNATURE", "add_signature", "same_digits"]

SIGNATURE = "signature"
_TO_INDIC = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")
_TO_ASCII = str.maketrans("\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669", "0123456789")
_INDIC_RE = re.compile("[\u0660-\u0669]")
_LONG_NUMBER_RE = re.compile(r"(?<!\d)\d[\d \-]{2,}\d(?!\d)")
_WESTERN_RE = re.compile("[0-9]")
# Folded (lower case, Arabic letters folded): a message that asks for no reply.
_NO_REPLY_RE = re.compile(
    r"\b(?:do\s+not|don'?t|please\s+do\s+not)\s+(?:reply|respond)\b|\bno-?reply\b"
    r"|(?<!\w)(?:لا\s+ترد|لا\s+تردوا|لا\s+تردي|يرجي\s+عدم\s+الرد|الرجاء\s+عدم\s+الرد|نرجو\s+عدم\s+الرد"
    r"|يرجي\s+عدم\s+الرد\s+علي)(?!\w)"
)
_TRAILING_TAGS_RE = re.compile(r"(?:[ \t]*#[^\s#]+)+[ \t]*$")
# Tags that end a sentence as its object («تابعوا المستجدات عبر وسم #ناجز و #العدل»), joined by a
# conjunction or a comma, or after a word that introduces them: the signature goes after them.
_LISTED_TAGS_RE = re.compile(r"#[^\s#]+[ \t]*(?:\u0648|\u0623\u0648|and|or|&|/|,|\u060c)[ \t]*#[^\s#]+"
                             r"(?:[ \t]*(?:\u0648|\u0623\u0648|and|or|&|/|,|\u060c)?[ \t]*#[^\s#]+)*[ \t]*$",
                             re.IGNORECASE)
_INTRODUCES_TAGS = frozenset({"على", "علي", "عبر", "وسم", "بوسم", "هاشتاق", "هاشتاغ", "بهاشتاق", "via", "on",
                              "using", "follow", "tag", "hashtag", "with"})


def add_signature(doc: Document) -> None:
    """Sign the message when the signature fits it (see the module)."""
    text = doc.text
    signature = doc.plan.signature(doc.context.language)  # the checker's language of the message
    if signature is None or doc.has(LENGTH) or not _wants_signature(doc, text, signature):
        return
    line = same_digits(text, signature.text)
    doc.propose(_signed(text, line), [Change(SIGNATURE, "", line)], step="signature")


def same_digits(message: str, text: str) -> str:
    """``text`` with the digits the message uses: Arabic-Indic when it has those and no Western ones
    (links and hashtags aside), Western when it has only those."""
    indic = bool(_INDIC_RE.search(message))
    western = bool(_WESTERN_RE.search(tokens_free(message)))
    if indic and not western:
        return text.translate(_TO_INDIC)
    if western and not indic:
        return text.translate(_TO_ASCII)
    return text


def tokens_free(text: str) -> str:
    """``text`` without links and hashtags (their digits say nothing about the writer's digits)."""
    cuts = sorted((s.start, s.end) for s in (*tokens.find_links(text), *tokens.find_hashtags(text)))
    out, last = [], 0
    for start, end in cuts:
        out.append(text[last:start])
        last = max(last, end)
    out.append(text[last:])
    return " ".join(out)


def _signed(text: str, line: str) -> str:
    """The signature on its own line, before a closing block of hashtags."""
    if not text:
        return line
    last_line_start = text.rfind("\n") + 1
    tags = _TRAILING_TAGS_RE.search(text, last_line_start)
    if tags is not None and _tags_end_a_sentence(text, last_line_start, tags.start()):
        return text + "\n" + line
    if tags is not None and tags.start() > last_line_start:  # text, then tags on the same line
        return text[:tags.start()].rstrip() + "\n" + line + "\n" + tags.group().strip()
    if tags is not None and last_line_start > 0:  # a line of tags closes the message
        return text[:last_line_start].rstrip("\n") + "\n" + line + "\n" + text[last_line_start:]
    return text + "\n" + line


def _tags_end_a_sentence(text: str, line_start: int, tags_start: int) -> bool:
    """Are the closing tags of the last line the end of its sentence, not a block after it?"""
    if tags_start <= line_start:
        return False
    if _LISTED_TAGS_RE.search(text, line_start):
        return True
    words = text[line_start:tags_start].split()
    return bool(words) and words[-1].lower() in _INTRODUCES_TAGS


def _has_cue(folded: str, kind: str) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(cue)}(?!\w)", folded) for cue in lexicons.unsigned_cues()[kind])


def _has_contact_point(doc: Document, text: str, folded: str) -> bool:
    """A contact cue («للاستفسار», "call") with a number of four digits or more, a link, a handle
    or an e-mail: the message says already how to reach someone."""
    if not _has_cue(folded, "contact"):
        return False
    ctx = doc.context
    return bool(ctx.links or ctx.handles or spans.find_emails(text)
                or _LONG_NUMBER_RE.search(tokens_free(text).translate(_TO_ASCII)))


def _wants_signature(doc: Document, text: str, signature: Signature) -> bool:
    folded = fold(text).text
    if any(key in folded for key in doc.plan.signed_keys) or _NO_REPLY_RE.search(folded):
        return False
    lowered_folded = folded.lower()
    if "\ufd3e" in text or spans.find_quran(text) or _has_cue(lowered_folded, "solemn"):
        return False
    if not signature.numbers and not signature.links:
        return True
    if _has_contact_point(doc, text, lowered_folded):
        return False
    lowered = text.lower().translate(_TO_ASCII)
    return not (signature.numbers <= numbers_in(lowered) and all(link in lowered for link in signature.links))
