"""The style guide in a real browser: Debian's Chromium driven by Playwright.

The site is built from the samples (plus the hostile fixtures), served on
127.0.0.1 by the standard library, and browsed: home → persona, the language
switch, search in Arabic and in English. Every test fails on a console error,
on a request to any host but 127.0.0.1, and on any JavaScript dialog (the
hostile persona must never run). Screenshots go to each test's tmp_path.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from persona.guide import build_site
from persona.loader import PersonaStore

from .conftest import SAMPLES

pytestmark = pytest.mark.browser

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("browser") / "site"
    build_site(PersonaStore.discover([SAMPLES, HOSTILE]).all(), out)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()




@dataclass
class Watched:
    """A page and everything that must not happen on it."""

    page: Any
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.errors == [], "console errors"
        assert self.external == [], "requests off 127.0.0.1"
        assert self.dialogs == [], "a script ran"


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = Watched(page)
    page.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.errors.append(str(e)))
    page.on("request", lambda r: None if _local(r.url) else watch.external.append(r.url))

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield watch
    context.close()


def _local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


def search(page: Any, query: str) -> Any:
    """Type into the guide's search box (persona-search.js) like a person would; return the result items."""
    box = page.locator("#pg-search-input")
    box.click()
    box.type(query, delay=60)
    # Results arrive for every prefix typed; wait for the list made for the whole query
    # (persona-search.js marks it with data-query), not for whichever list shows first.
    page.locator(f"#pg-search-results[data-query={json.dumps(query, ensure_ascii=False)}]").wait_for(
        state="attached", timeout=15_000)
    results = page.locator(".pg-search__result")
    results.first.wait_for(state="visible", timeout=15_000)
    return results


def test_english_home_persona_page_and_search(watched: Watched, base_url: str, tmp_path: Path) -> None:
    page = watched.page
    page.goto(f"{base_url}/index.html")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/index.html")
    assert page.locator("html").get_attribute("dir") == "ltr"
    page.screenshot(path=tmp_path / "en-home.png", full_page=True)

    page.locator(".pg-glance").get_by_role("link", name="Ministry of Justice").click()
    page.wait_for_url("**/en/personas/legal.html")
    assert page.locator("h1#entity").inner_text() == "Ministry of Justice"
    for section in ("Voice", "Vocabulary", "Kinds of message", "Before and after"):
        assert page.get_by_role("heading", name=section).first.is_visible()
    assert page.locator("svg.pg-gauge").is_visible()
    page.screenshot(path=tmp_path / "en-legal.png", full_page=True)

    results = search(page, "beneficiaries")
    assert results.count() > 0
    assert "beneficiar" in results.first.inner_text().lower()
    page.screenshot(path=tmp_path / "en-search.png")
    watched.assert_clean()


def test_arabic_pages_are_rtl_and_searchable(watched: Watched, base_url: str, tmp_path: Path) -> None:
    page = watched.page
    page.goto(f"{base_url}/ar/index.html")
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    page.screenshot(path=tmp_path / "ar-home.png", full_page=True)

    page.locator(".pg-glance").get_by_role("link", name="وزارة العدل").click()
    page.wait_for_url("**/ar/personas/legal.html")
    assert page.locator("h1#entity").inner_text() == "وزارة العدل"
    # the content column is laid out right to left: the title hugs the right edge
    box = page.locator("h1#entity").bounding_box()
    column = page.locator(".md-content").bounding_box()
    assert box["x"] + box["width"] > column["x"] + column["width"] * 0.6
    page.screenshot(path=tmp_path / "ar-legal.png", full_page=True)

    results = search(page, "المستفيدين")
    assert results.count() > 0
    page.screenshot(path=tmp_path / "ar-search.png")
    watched.assert_clean()


def test_language_switch_keeps_the_page(watched: Watched, base_url: str) -> None:
    page = watched.page
    page.goto(f"{base_url}/en/personas/education.html")
    page.locator("a.pg-other-lang").click()
    page.wait_for_url("**/ar/personas/education.html")
    assert page.locator("h1#entity").inner_text() == "وزارة التعليم"
    # the theme's language menu leads to the other build too
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.md-select__link[hreflang='en']").click()
    page.wait_for_url("**/en/**")
    assert page.locator("html").get_attribute("lang") == "en"
    watched.assert_clean()


def test_hostile_persona_is_text_and_never_runs(watched: Watched, base_url: str, tmp_path: Path) -> None:
    page = watched.page
    page.goto(f"{base_url}/en/personas/hostile.html")
    title = page.locator("h1#entity").inner_text()
    assert title.startswith("<script>alert(1)</script> [x](javascript:alert(1)) {{ 7*7 }} *bold*")
    assert page.locator("script:has-text('alert(')").count() == 0
    assert page.locator("text=<script>alert(25)</script>").first.is_visible()
    page.locator("a[href^='https://example.gov.sa/ok']").hover()
    page.screenshot(path=tmp_path / "hostile.png", full_page=True)

    results = search(page, "heading")  # a word of the hostile summary, shown in the result
    assert "<iframe src=javascript:alert(4)>" in results.first.inner_text()
    page.wait_for_timeout(500)
    page.screenshot(path=tmp_path / "hostile-search.png")
    watched.assert_clean()
