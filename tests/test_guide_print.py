"""A persona page prints as a clean handout: Chromium's own print rendering (``page.pdf()``).

The printed page has the persona's content and none of the site's chrome (header, drawer,
search, footer), in both languages; the PDF is real (Chromium's print pipeline) and its text
is read back with the print media applied to the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from persona.guide import build_site
from persona.loader import PersonaStore

from .conftest import SAMPLES
from .guide_site import served

pytestmark = pytest.mark.browser

CHROME = (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".pg-search")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("print") / "site"
    build_site(PersonaStore.discover([SAMPLES]).all(), out)
    with served(out) as url:
        yield url


@pytest.mark.parametrize(("lang", "title"), [("ar", "وزارة العدل"), ("en", "Ministry of Justice")])
def test_a_persona_page_prints_as_a_handout(browser: Any, base_url: str, tmp_path: Path, lang: str, title: str) -> None:
    page = browser.new_page()
    page.goto(f"{base_url}/{lang}/personas/legal.html")
    pdf = page.pdf(path=str(tmp_path / f"legal-{lang}.pdf"), format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000

    page.emulate_media(media="print")
    hidden = {sel: page.evaluate(
        "s => [...document.querySelectorAll(s)].every(e => getComputedStyle(e).display === 'none')", sel)
        for sel in CHROME}
    assert all(hidden.values()), hidden
    assert page.locator("h1#entity").inner_text() == title
    # Tables are printed whole, not inside a scroll box that paper cannot scroll.
    overflow = page.evaluate("[...document.querySelectorAll('.md-typeset .pg-table')].map(t => getComputedStyle(t).overflowX)")
    assert overflow and set(overflow) == {"visible"}
    # An outside link says where it goes.
    after = page.evaluate("""() => { const a = document.querySelector('.md-typeset a[href^="http"]');
        return a ? getComputedStyle(a, '::after').content : null; }""")
    assert after is not None and "http" in after
    # Printed on white, whatever the reader's colour scheme.
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    page.close()
