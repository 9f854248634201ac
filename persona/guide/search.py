"""Search for the guide: a Pagefind index per language, and a small search box of our own.

mkdocs-material's search (lunr) cannot search Arabic: its tokenizer drops the
words, so a word on a page finds nothing. The guide turns it off and indexes
each built language folder with Pagefind instead (the ``pagefind[bin]`` wheel
ships the binary; the index and its WebAssembly run in the browser, offline).

Pagefind's Arabic stemmer (Snowball) folds hamza forms, ة/ه and ى/ي, and strips
ال, بال, كال, لل and a single و or ف — but not و or ف before ال, so «والعدل»
would never meet «العدل». :func:`search_forms` closes that gap on the index
side (each such word is also indexed without its و/ف, in a hidden block at the
end of the page) and ``persona-search.js`` applies the same rule to the query.

Only pages (not the 404 page or the language chooser) are indexed: the page's
``<article>`` is marked ``data-pagefind-body``, so the navigation, header and
footer repeated on every page never match.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from persona.errors import UserError
from persona.guide import offline
from persona.text.normalize import strip_marks

ASSETS = Path(__file__).parent / "assets"
SCRIPT = "assets/persona-search.js"
STYLESHEET = "assets/persona-search.css"
BUNDLE = "pagefind"

#: What the search box says, per site language.
LABELS: dict[str, dict[str, str]] = {
    "ar": {
        "label": "ابحث في الدليل",
        "placeholder": "ابحث",
        "loading": "يُحمَّل فهرس البحث…",
        "none": "لا نتائج لـ «{query}»",
        "one": "نتيجة واحدة",
        "two": "نتيجتان",
        "few": "{count} نتائج",
        "many": "{count} نتيجة",
        "failed": "تعذّر تحميل البحث",
        "results": "نتائج البحث",
    },
    "en": {
        "label": "Search the guide",
        "placeholder": "Search",
        "loading": "Loading the search index…",
        "none": "No results for “{query}”",
        "one": "1 result",
        "two": "2 results",
        "few": "{count} results",
        "many": "{count} results",
        "failed": "Search could not be loaded",
        "results": "Search results",
    },
}

_LABELS_SLOT = "/*persona-search-labels*/{}"
#: An Arabic word: letters, tatweel and marks (the same class as ARABIC_WORD in persona-search.js).
_ARABIC_WORD = re.compile("[\u0621-\u063a\u0640-\u065f\u066e-\u066f\u0670-\u06d3\u06d5-\u06ed]+")
#: و or ف before ال, with at least two letters after the article: «والعدل» → «العدل».
_CONJUNCTION_BEFORE_ARTICLE = re.compile(r"^[وف](?=ال[\u0621-\u064a]{2})")
_ARTICLE_TAG = re.compile(r'<article class="md-content__inner')
_SKIPPED_TAGS = frozenset({"script", "style", "svg", "template"})
#: Pagefind resolves result URLs against this placeholder origin; it is never requested, but the
#: offline rule (no http(s) URL anywhere) holds for the bundle too, so it becomes a private scheme.
_PARSE_BASE = ("https://example.com", "pagefind-base://example.com")
_PARSE_BASE_PATTERN = (r"https:\/\/example", r"pagefind-base:\/\/example")
_KEPT_BUNDLE_FILES = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")


def search_form(word: str) -> str:
    """The form a word is searched under beside Pagefind's own stem (the rule the query uses too)."""
    return _CONJUNCTION_BEFORE_ARTICLE.sub("", strip_marks(word))


def search_forms(text: str) -> list[str]:
    """The extra forms to index for ``text``: each Arabic word's :func:`search_form` that differs
    from every word already there, once, in order of appearance."""
    words = [strip_marks(m.group(0)) for m in _ARABIC_WORD.finditer(text)]
    present = set(words)
    forms: dict[str, None] = {}
    for word in words:
        form = search_form(word)
        if form != word and form not in present:
            forms[form] = None
    return list(forms)


class _Text(HTMLParser):
    """The text of an HTML fragment, without scripts, styles and SVG."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def text_of(fragment: str) -> str:
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return " ".join(parser.parts)


def with_search_forms(content: str) -> str:
    """A page's content HTML with the hidden block of its extra search forms appended (if any).

    The block is ``hidden`` (never shown, never read aloud) and its word count is given to the
    search box as Pagefind metadata, so that an excerpt is never taken from it."""
    forms = search_forms(text_of(content))
    if not forms:
        return content
    words = html.escape(" ".join(forms))
    return (f'{content}\n<div class="pg-search-forms" hidden data-pagefind-weight="0.5"'
            f' data-pagefind-meta="forms:{len(forms)}">{words}</div>')


def mark_indexed(page_html: str) -> str:
    """Tell Pagefind to index the page's article only (pages without the mark are not indexed)."""
    marked, count = _ARTICLE_TAG.subn(r'<article data-pagefind-body class="md-content__inner', page_html, count=1)
    if not count:
        raise UserError.one("building the guide failed: the theme's page has no <article> to index for search")
    return marked


def plugin() -> Any:
    """The mkdocs plugin that prepares each page for the index (mkdocs is imported here, lazily)."""
    from mkdocs.plugins import BasePlugin

    class SearchPages(BasePlugin):
        def on_page_content(self, html: str, **_: Any) -> str:
            return with_search_forms(html)

        def on_post_page(self, output: str, **_: Any) -> str:
            return mark_indexed(output)

    return SearchPages()


def write_assets(assets: Path, lang: str) -> None:
    """The search box's script (with its labels in ``lang``) and stylesheet, into ``assets``."""
    script = (ASSETS / "persona-search.js").read_text(encoding="utf-8")
    if _LABELS_SLOT not in script:
        raise AssertionError("persona-search.js lost its labels slot")
    labels = json.dumps(LABELS[lang], ensure_ascii=False)
    (assets / Path(SCRIPT).name).write_text(script.replace(_LABELS_SLOT, labels), encoding="utf-8")
    shutil.copyfile(ASSETS / "persona-search.css", assets / Path(STYLESHEET).name)


def pagefind_executable() -> Path:
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]
    except ImportError:
        raise UserError.one("building the guide failed: the search indexer is not installed"
                            " (pip install 'pagefind[bin]')") from None
    try:
        return Path(get_executable())
    except (FileNotFoundError, OSError):
        raise UserError.one("building the guide failed: the pagefind binary is missing from pagefind_bin") from None


def build_index(site_dir: Path) -> float:
    """Index the built pages of one language in ``site_dir`` into ``site_dir/pagefind``; returns the
    seconds the indexer took. Only what the search box loads is kept, with no http(s) URL in it."""
    started = time.perf_counter()
    command = [str(pagefind_executable()), "--site", str(site_dir), "--output-subdir", BUNDLE,
               "--keep-index-url", "--exclude-selectors", ".headerlink", "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UserError.one(f"building the guide failed: the search indexer did not run ({exc})") from None
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        problem = lines[-1] if lines else f"exit status {done.returncode}"
        raise UserError.one(f"building the guide failed: the search indexer failed ({problem})")
    seconds = time.perf_counter() - started
    _trim_bundle(site_dir / BUNDLE)
    return seconds


def _trim_bundle(bundle: Path) -> None:
    """Drop Pagefind's own UIs (the guide has its own box) and make the rest offline-clean."""
    for path in bundle.iterdir():
        if path.is_file() and path.name.startswith("pagefind-") and path.name not in _KEPT_BUNDLE_FILES:
            path.unlink()
    for name in ("pagefind.js", "pagefind-worker.js"):
        path = bundle / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        patched = text.replace(*_PARSE_BASE).replace(*_PARSE_BASE_PATTERN)
        patched = offline.disarm(patched)
        if patched != text:
            path.write_text(patched, encoding="utf-8")
