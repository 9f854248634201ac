"""The 404 page of each language works wherever a host shows it.

A static host answers a missing address with the 404 page of its language
folder, at that address (``/ar/personas/gone.html`` shows ``/ar/404.html``), so
the page's styles, scripts and links must not depend on where it is shown. In
Chromium, at three depths in both languages: every stylesheet and script loads,
the guide's own stylesheet applies, the page is in its language and direction,
every link on it leads to a page that exists, and following one lands on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from persona.guide import build_site
from persona.loader import PersonaStore

from .conftest import SAMPLES
from .guide_site import LANGS, served, watch

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("notfound") / "site"
    build_site(PersonaStore.discover([SAMPLES]).all(), out)
    return out


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with served(site) as url:
        yield url


def _addresses(lang: str) -> list[tuple[str, int]]:
    return [(f"/{lang}/404.html", 200), (f"/{lang}/personas/gone.html", 404), (f"/{lang}/a/b/c/gone", 404)]


@pytest.mark.parametrize("lang", LANGS)
def test_404_page_is_styled_and_its_links_work_at_any_depth(browser: Any, base_url: str, lang: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watched = watch(page)
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.request.resource_type != "document" else None)
    try:
        for address, status in _addresses(lang):
            response = page.goto(base_url + address)
            assert response is not None and response.status == status, address
            page.wait_for_load_state("networkidle")
            html = page.locator("html")
            assert (html.get_attribute("lang"), html.get_attribute("dir")) == (lang, "rtl" if lang == "ar" else "ltr")
            # the theme's stylesheet (a sticky header) and the guide's own (its colour variables) apply
            assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
            assert page.evaluate("getComputedStyle(document.body).getPropertyValue('--pg-good')").strip()
            sheets = page.evaluate("[...document.querySelectorAll('link[rel=stylesheet]')].map(l => !!l.sheet)")
            assert sheets and all(sheets), address
            heading = page.locator("article h1").inner_text()
            assert heading == ("404 — الصفحة غير موجودة" if lang == "ar" else "404 — Page not found"), heading
            home = page.locator("article p a")  # a way on, to the language's own home
            assert home.get_attribute("href") == f"/{lang}/index.html"
            links = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
            local = [href for href in links if not href.startswith(("#", "http:", "https:", "mailto:"))]
            assert len(local) >= 8, local  # home, the personas, voices, glossary, rules, the other language
            for href in sorted(set(local)):
                target = urljoin(base_url + address, href)
                assert page.request.get(target).status == 200, f"{address}: {href} -> {target}"
        assert failed == [], "a style, script or picture did not load"
        # follow the first persona link from a deep missing address
        page.goto(f"{base_url}/{lang}/a/b/c/gone")
        link = page.locator(".md-nav a[href*='/personas/']").first
        href = link.get_attribute("href")
        link.evaluate("a => a.click()")  # the drawer's links are off screen on a desktop-wide page too
        page.wait_for_url(f"**{urlsplit(urljoin(base_url, href)).path}")
        assert page.locator("h1#entity").count() == 1
    finally:
        context.close()
    # the one console error allowed: each missing address's own 404 status
    assert all("404 (Not Found)" in error for error in watched.errors) and len(watched.errors) == 3
    assert watched.external == [] and watched.dialogs == []


def test_the_other_language_link_leads_to_its_home(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{base_url}/ar/personas/gone.html")
        menu = page.locator("a.md-select__link[hreflang='en']")
        assert menu.get_attribute("href") == "/en/index.html"
        menu.evaluate("a => a.click()")
        page.wait_for_url("**/en/index.html")
        assert page.locator("html").get_attribute("lang") == "en"
    finally:
        context.close()


def test_only_the_404_pages_use_absolute_links(site: Path) -> None:
    """Every other page keeps relative links: it works opened as a file or from any sub-folder."""
    for lang in LANGS:
        for page in (site / lang).rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            absolute = 'href="/' in text or 'src="/' in text
            assert absolute == (page.name == "404.html"), page
