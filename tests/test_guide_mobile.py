"""The style guide on a phone: Chromium with mobile emulation at 360, 390 and 414 px.

Every page type of both languages (the root chooser, home, each persona, glossary,
rules, voices, 404) must fit the screen: the document is no wider than the
viewport, the page is not zoomed out to fit, the title is whole, and the closed
navigation drawer stays off screen (on the right in Arabic, on the left in
English). Wide tables scroll inside their own box, and their last column can be
reached. The site is built from the samples plus the hostile fixtures (long
unbroken strings, markup-looking names). Screenshots of a persona page in each
language go to the test's tmp_path (and to ``$PERSONA_TEST_SHOTS`` when set).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from persona.guide import build_site
from persona.loader import PersonaStore

from .conftest import SAMPLES
from .guide_site import LANGS, page_paths, served, watch

pytestmark = pytest.mark.browser

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
WIDTHS = (360, 390, 414)

#: What a page measures on a phone: widths, zoom, the title's and the closed drawer's boxes.
MEASURE = """() => {
  const box = (el) => { if (!el) return null; const r = el.getBoundingClientRect();
                        return {left: r.left, right: r.right, width: r.width}; };
  const h1 = document.querySelector('h1');
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    scale: window.visualViewport.scale,
    dir: getComputedStyle(document.body).direction,
    h1: box(h1), h1Clipped: h1 ? h1.scrollWidth > h1.clientWidth + 1 : null,
    drawer: box(document.querySelector('.md-sidebar--primary')),
  };
}"""

#: Every guide table: its box, and whether its last column comes into view once scrolled to its end.
TABLES = """() => [...document.querySelectorAll('.md-content table')].map((table) => {
  const r = table.getBoundingClientRect();
  const overflows = table.scrollWidth > table.clientWidth + 1;
  const rtl = getComputedStyle(table).direction === 'rtl';
  table.scrollLeft = rtl ? -table.scrollWidth : table.scrollWidth;
  const cells = table.querySelector('tr').children;
  const last = cells[cells.length - 1].getBoundingClientRect();
  const out = {left: r.left, right: r.right, overflows, lastLeft: last.left, lastRight: last.right};
  table.scrollLeft = 0;
  return out;
})"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mobile") / "site"
    build_site(PersonaStore.discover([SAMPLES, HOSTILE]).all(), out)
    return out


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with served(site) as url:
        yield url


def phone(browser: Any, width: int) -> Any:
    return browser.new_context(viewport={"width": width, "height": 800}, screen={"width": width, "height": 800},
                               device_scale_factor=2, is_mobile=True, has_touch=True)


def fit_problems(page: Any, width: int, where: str) -> list[str]:
    """What does not fit on a phone ``width`` px wide (empty when the page fits)."""
    m = page.evaluate(MEASURE)
    problems = []
    if m["scrollWidth"] > width or m["innerWidth"] > width:
        problems.append(f"{where}: {m['scrollWidth']} px wide on a {width} px screen (innerWidth {m['innerWidth']})")
    if m["scale"] < 0.99:
        problems.append(f"{where}: zoomed out to {m['scale']:.2f} to fit")
    if m["h1"] is None or m["h1"]["left"] < -1 or m["h1"]["right"] > width + 1 or m["h1Clipped"]:
        problems.append(f"{where}: the title is cut: {m['h1']}")
    drawer = m["drawer"]
    if drawer is not None:  # closed: wholly off screen, on the side the text starts from
        hidden = drawer["left"] >= width - 1 if m["dir"] == "rtl" else drawer["right"] <= 1
        if not hidden:
            problems.append(f"{where}: the closed drawer shows at the edge: {drawer}")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_fits_a_phone(browser: Any, base_url: str, site: Path, lang: str, width: int) -> None:
    context = phone(browser, width)
    page = context.new_page()
    watched = watch(page)
    problems: list[str] = []
    checked = 0
    try:
        for kind, paths in page_paths(site, lang).items():
            for path in paths:
                page.goto(f"{base_url}/{lang}/{path}")
                page.wait_for_load_state("load")
                assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
                problems += fit_problems(page, width, f"{lang}/{path} ({kind})")
                checked += 1
        assert watched.errors == []
        # the 404 as a host serves it, at a missing address two folders deep: the document's own
        # status is the one error the console may show
        response = page.goto(f"{base_url}/{lang}/personas/no-such-entity.html")
        assert response is not None and response.status == 404
        page.wait_for_load_state("load")
        problems += fit_problems(page, width, f"{lang}: missing page (404)")
    finally:
        context.close()
    assert checked >= 11  # home, 6 personas at least, glossary, rules, voices, 404
    assert problems == []
    assert len(watched.errors) == 1 and "status of 404 (Not Found)" in watched.errors[0]
    assert watched.external == [] and watched.dialogs == []


@pytest.mark.parametrize("width", WIDTHS)
def test_root_chooser_fits_a_phone(browser: Any, base_url: str, width: int) -> None:
    context = phone(browser, width)
    page = context.new_page()
    watched = watch(page)
    try:
        page.goto(f"{base_url}/index.html")
        assert fit_problems(page, width, "index.html") == []
        for lang in LANGS:  # both choices are whole and on screen
            box = page.locator(f"a[hreflang='{lang}']").bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        page.locator("a[hreflang='ar']").tap()
        page.wait_for_url("**/ar/index.html")
    finally:
        context.close()
    watched.assert_clean()


@pytest.mark.parametrize("lang", LANGS)
def test_wide_tables_scroll_in_their_own_box(browser: Any, base_url: str, site: Path, lang: str) -> None:
    width = WIDTHS[0]
    context = phone(browser, width)
    page = context.new_page()
    overflowing = 0
    try:
        for path in ["index.html", *page_paths(site, lang)["persona"], "glossary.html"]:
            page.goto(f"{base_url}/{lang}/{path}")
            for table in page.evaluate(TABLES):
                where = f"{lang}/{path}: {table}"
                assert table["left"] >= -1 and table["right"] <= width + 1, where
                # scrolled to its end, the table's last column is on screen
                assert table["lastLeft"] >= -1 and table["lastRight"] <= width + 1, where
                overflowing += table["overflows"]
    finally:
        context.close()
    assert overflowing > 0  # the five-column table at a glance is wider than 360 px: it must scroll


@pytest.mark.parametrize("lang", LANGS)
def test_drawer_opens_on_a_phone(browser: Any, base_url: str, lang: str, tmp_path: Path) -> None:
    width = 390
    context = phone(browser, width)
    page = context.new_page()
    watched = watch(page)
    try:
        page.goto(f"{base_url}/{lang}/personas/legal.html")
        page.wait_for_load_state("load")
        title = page.locator("h1#entity")
        assert title.inner_text() == ("وزارة العدل" if lang == "ar" else "Ministry of Justice")
        assert fit_problems(page, width, f"{lang}/personas/legal.html") == []
        shot = tmp_path / f"{lang}-legal-{width}.png"
        page.screenshot(path=shot)
        named = os.environ.get("PERSONA_TEST_SHOTS")
        if named:
            Path(named).mkdir(parents=True, exist_ok=True)
            shutil.copy(shot, Path(named) / shot.name)
        page.locator("label.md-header__button[for='__drawer']").tap()
        drawer = page.locator(".md-sidebar--primary")
        page.wait_for_function(
            "w => { const r = document.querySelector('.md-sidebar--primary').getBoundingClientRect();"
            " return r.left >= -1 && r.right <= w + 1; }", arg=width)
        box = drawer.bounding_box()
        assert box is not None
        # the drawer slides in from the side the text starts from
        assert (box["x"] + box["width"] >= width - 1) if lang == "ar" else (box["x"] <= 1)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()
    watched.assert_clean()
