"""Links as X makes them, and whether a link is one of a persona's verified links.

One finder for every part of persona (spec, 2026-12 Additions: "a link is what X
turns into a link"): the rules (``channel.links``, ``facts.unverified``,
``facts.retired``), the tokenisers built on :mod:`persona.text.tokens` and X's
length count (:mod:`persona.text.xcount`, where every link weighs 23).

:func:`find_link_offsets` is twitter-text v3's ``extract_urls_with_indices``
(default options) over twitter-text's own regular expressions and TLD lists
(``_xdata.py``, copied from twitter-text-parser 3.0). Its rules, as X applies them:

* **With** ``http://`` or ``https://``: any host whose last label is one of X's
  TLDs (generic, country and internationalised: ``.com``, ``.sa``,
  ``.السعودية``, ``.みんな``), Arabic-script and other IDN hosts included
  (``https://وزارة.السعودية/``). A label may not start or end with ``-`` or
  ``_``, nor hold ``_``; a host not under a TLD X knows (``http://localhost``,
  ``http://tld-too-short.x``) is no link; the whole URL, host in punycode, must
  fit 4096 characters.
* **Without** a scheme: only ASCII hosts under one of X's TLDs
  (``example.com``, ``t.co``, ``moj.gov.sa/services``, ``najiz.السعودية``) —
  ``وزارة.السعودية`` without ``https://`` is prose to X, and so it is here —
  and not right after ``-``, ``_``, ``.`` or ``/``. Names whose last part is no
  TLD (``report.pdf``, ``Node.js``, ``3.5``, ``e.g.``) are not links; a name
  whose last part is one is (``app.py``: ``.py`` is Paraguay, on X too).
* Never right after a letter, digit, ``@``, ``$`` or ``#`` (an e-mail address
  ``info@moj.gov.sa``, a cashtag, a hashtag ``#test.com``).
* The path takes Latin (accented included) and Cyrillic letters, digits and
  ``-_.~!*'();:&=+$/%#[]|,@`` with balanced parentheses; it never ends in
  punctuation (``. , ; : ! ? '`` or an unbalanced ``)``). Arabic letters,
  Arabic punctuation (``، ؛ ؟``), spaces and closing quotes end it: X links
  ``https://najiz.sa/`` in ``https://najiz.sa/خدمات``.
* ``https://t.co/…`` ends after its slug (``http://t.co/abc's`` → ``http://t.co/abc``);
  a slug longer than 40 characters is no link.

Offsets are Python ``str`` indices of the string given (X counts on its NFC
form: :mod:`persona.text.xcount` passes that).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

__all__ = ["MAX_TCO_SLUG_LENGTH", "MAX_URL_LENGTH", "canonical_link", "find_link_offsets", "link_is_verified"]

MAX_URL_LENGTH = 4096
MAX_TCO_SLUG_LENGTH = 40

# twitter-text's whitespace: URLs never contain it, so only the tokens between it
# that hold a dot followed by a letter (every TLD starts with one) can hold a URL.
_SPACE_RE = re.compile(
    "[\\x09-\\x0D\\x20\\x85\\xA0\\u1680\\u180E\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]"
)
_DOT_LETTER_RE = re.compile(r"\.[^\W\d_]")

#: Results already known, ``{text: offsets}``: a persona snapshot holds those of the persona's
#: facts (:mod:`persona.snapshot`), so that a run whose drafts hold no link never compiles
#: the URL expression (~40 ms).
KNOWN_OFFSETS: dict[str, tuple[tuple[int, int], ...]] = {}


def find_link_offsets(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every link X makes in ``text`` (rules: module docstring), in order."""
    if "." not in text:
        return []
    known = KNOWN_OFFSETS.get(text)
    if known is not None:
        return list(known)
    urls: list[tuple[int, int]] = []
    done = 0
    for dot in _DOT_LETTER_RE.finditer(text):
        i = dot.start()
        if i < done:
            continue  # in a token already searched
        start, done = _token_bounds(text, i)
        before, token = text[start - 1] if start else "", text[start:done]
        found = _remembered_links(before, token) if len(token) <= _REMEMBERED_TOKEN else _token_links(before, token)
        urls.extend((start + a, start + b) for a, b in found)
    return urls


#: Tokens up to this long have their links remembered (posts repeat their links and dotted words);
#: a longer one, rare, is searched each time (the memo's size stays bounded).
_REMEMBERED_TOKEN = 256


def _token_links(before: str, token: str) -> tuple[tuple[int, int], ...]:
    """The links of one token (a run between twitter-text's spaces), offsets in the token.

    ``before`` is the space before it ("" at the start of the text): the one character of
    left context twitter-text's scan of the whole text sees. The URL expression looks no
    further back (it has no look-behind, and its ``^`` matches only at the start of the
    text, where ``before`` is ""), and a URL holds no space, so this is the whole text's answer.
    """
    res = _url_regexes()  # compiled only when some text could hold a link
    shift = len(before)
    found = [link for m in res.url.finditer(before + token) for link in _url_from_match(m, res)]
    return tuple((a - shift, b - shift) for a, b in found)


_remembered_links = functools.lru_cache(maxsize=4096)(_token_links)


def _token_bounds(text: str, i: int) -> tuple[int, int]:
    """The run of non-space characters (twitter-text's spaces) around ``text[i]``."""
    start = max(text.rfind(" ", 0, i), text.rfind("\n", 0, i)) + 1
    for m in _SPACE_RE.finditer(text, start, i):  # rarer spaces: tab, NBSP, ...
        start = m.end()
    after = _SPACE_RE.search(text, i)
    return start, (after.start() if after else len(text))


class _UrlRegexes:
    __slots__ = ("ascii_domain", "bad_before", "tco", "url")

    def __init__(self) -> None:
        from persona.text import _xdata
        from persona.text.stored_re import compile_stored

        # the two large expressions (~30 ms to compile) come from the cache after the first run
        self.url = compile_stored("url", _xdata.URL_PATTERN, _xdata.URL_FLAGS)
        self.ascii_domain = compile_stored("ascii-domain", _xdata.ASCII_DOMAIN_PATTERN, _xdata.ASCII_DOMAIN_FLAGS)
        self.tco = re.compile(_xdata.TCO_PATTERN, _xdata.TCO_FLAGS)
        self.bad_before = re.compile(_xdata.NO_PROTOCOL_BAD_BEFORE)


@functools.cache
def _url_regexes() -> _UrlRegexes:
    """Compiled on first use: the URL expression is large."""
    return _UrlRegexes()


def _url_from_match(m: re.Match[str], res: _UrlRegexes) -> list[tuple[int, int]]:
    """twitter-text's ``extract_urls_with_indices`` for one match of its URL regex."""
    _, before, url, protocol, domain, _, path, _ = m.groups()
    end = m.end()
    start = end - len(url)
    if not _is_valid_url(url, protocol or "https://", domain):
        return []
    if protocol is None:
        if res.bad_before.match(before):
            return []
        found = [[start + a.start(), start + a.end()] for a in res.ascii_domain.finditer(domain)]
        if found and path:
            found[-1][1] = end
        return [(a, b) for a, b in found]
    tco = res.tco.search(url)
    if tco:
        slug = tco.group(1)
        if slug and len(slug) > MAX_TCO_SLUG_LENGTH:
            return []
        end = start + len(tco.group(0))
    return [(start, end)]


def _is_valid_url(url: str, protocol: str, domain: str) -> bool:
    puny = _punycode(domain)
    if not puny:
        return False
    return len(protocol) + len(url) + len(puny) - len(domain) <= MAX_URL_LENGTH


def _punycode(host: str) -> str | None:
    """The ASCII (IDNA) form of ``host``, or None when it has none."""
    try:
        return host.encode("idna").decode("ascii") or None
    except (UnicodeError, ValueError):
        return None


# --- verification ----------------------------------------------------------------

_SCHEME_RE = re.compile(r"(?i)^https?://")


@functools.lru_cache(maxsize=4096)  # posts repeat their links; a pure function of the string
def canonical_link(link: str) -> str:
    """``https://`` + the host in lower-case ASCII (IDNA) + the rest as written (bare domains are https).

    ``https://وزارة.السعودية/x`` and its punycode form ``https://xn--mgbexc3i.xn--mgberp4a5d4ar/x``
    are the same link; a host with no IDNA form (not a link X makes) is only lower-cased.
    """
    link = link.strip()
    m = _SCHEME_RE.match(link)
    rest = link[m.end() :] if m else link
    cut = len(rest)
    for sep in "/?#":
        i = rest.find(sep)
        if i != -1:
            cut = min(cut, i)
    host, colon, port = rest[:cut].partition(":")
    ascii_host = (_punycode(host) or host).lower() if not host.isascii() else host.lower()
    return "https://" + ascii_host + colon + port + rest[cut:]


@functools.lru_cache(maxsize=1024)
def _canonical_prefix(prefix: str) -> str:
    """A verified-link prefix as :func:`link_is_verified` compares it: canonical, no trailing ``/``."""
    p = canonical_link(prefix)
    while p.endswith("/") and len(p) > len("https://"):
        p = p[:-1]
    return p


def link_is_verified(link: str, prefixes: Iterable[str]) -> bool:
    """True when ``link`` starts with one of ``prefixes`` (a persona's ``facts.urls``) at a boundary.

    Rules (spec "Links"): the prefix must be followed, in the link, by its end,
    ``/``, ``?`` or ``#`` — so ``https://my.gov.sa.evil.com`` is never verified by
    ``https://my.gov.sa``; scheme and host compare case-insensitively (paths do
    not); ``http`` and ``https`` are the same; a bare domain (``moj.gov.sa/x``)
    is read as https. A trailing ``/`` on a prefix is ignored. ``www.`` is part
    of the host: ``https://www.moj.gov.sa`` does NOT verify ``https://moj.gov.sa``
    (nor the reverse) unless both are listed. An internationalised host compares
    by its IDNA (punycode) form, so the Arabic and the ``xn--`` spelling of one
    host are one host, and a look-alike letter from another script is another host.
    """
    canonical = canonical_link(link)
    for prefix in prefixes:
        p = _canonical_prefix(prefix)
        if canonical == p or (canonical.startswith(p) and canonical[len(p)] in "/?#"):
            return True
    return False
