"""axe-core finds no violation in the guide's own content, in both languages and both colour schemes.

axe-core (npm, pinned in package.json) is injected into every page type in
Chromium: the root chooser, home, each persona, glossary, the A–Z, rules, voices and 404,
in Arabic and English, light and dark. What persona writes must be clean. The
theme's chrome (header, drawer, search dialog, footer) is not persona's to fix:
it is audited separately and its violations are printed, not failed on.
"""

from __future__ import annotations

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
#: mkdocs-material's own parts of every page.
THEME_CHROME = (".md-header", ".md-tabs", ".md-sidebar", ".md-search", ".md-footer", ".md-top",
                ".md-dialog", ".md-skip", ".md-overlay", ".md-banner")
SCHEMES = ("default", "slate")

AXE_RUN = """async ([chrome, part]) => {
  const present = chrome.filter((s) => document.querySelector(s)).map((s) => [s]);
  if (part === 'chrome' && present.length === 0) return [];
  const context = part === 'chrome' ? {include: present} : {exclude: present};
  const result = await axe.run(context, {resultTypes: ['violations']});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5), count: v.nodes.length}));
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("a11y") / "site"
    build_site(PersonaStore.discover([SAMPLES, HOSTILE]).all(), out)
    return out


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with served(site) as url:
        yield url


def audit(page: Any, axe_js: Path, where: str) -> list[str]:
    """persona's violations on the loaded page; the theme's are printed for information."""
    page.add_script_tag(path=str(axe_js))
    own = page.evaluate(AXE_RUN, [list(THEME_CHROME), "content"])
    for violation in page.evaluate(AXE_RUN, [list(THEME_CHROME), "chrome"]):
        print(f"theme chrome (informational) {where}: {violation['id']} ×{violation['count']} {violation['nodes']}")
    return [f"{where}: {v['id']} ({v['impact']}) ×{v['count']}: {v['help']} {v['nodes']}" for v in own]


def use_scheme(page: Any, scheme: str) -> None:
    """The theme's palette toggle sets this attribute; colours settle after its transitions."""
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    page.wait_for_timeout(400)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_violation_in_the_guides_content(
        browser: Any, base_url: str, site: Path, axe_js: Path, lang: str, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    watched = watch(page)
    problems: list[str] = []
    audited: set[str] = set()
    try:
        for kind, paths in page_paths(site, lang).items():
            for path in paths:
                page.goto(f"{base_url}/{lang}/{path}")
                page.wait_for_load_state("load")
                use_scheme(page, scheme)
                problems += audit(page, axe_js, f"{lang}/{path} ({scheme})")
                audited.add(kind)
    finally:
        context.close()
    assert audited == {"home", "persona", "glossary", "az", "rules", "voices", "404"}
    assert problems == []
    watched.assert_clean()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_the_root_chooser(
        browser: Any, base_url: str, axe_js: Path, color_scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True,
                                  color_scheme=color_scheme)
    page = context.new_page()
    try:
        page.goto(f"{base_url}/index.html")
        assert page.get_by_role("heading", level=1).count() == 1
        assert audit(page, axe_js, f"index.html ({color_scheme})") == []
    finally:
        context.close()


def test_the_spectrum_is_a_labelled_group_of_links(browser: Any, base_url: str) -> None:
    """Screen readers reach each persona's page from the picture; a keyboard reaches the links."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{base_url}/en/index.html")
        group = page.get_by_role("group", name="Formality spectrum")
        assert group.count() == 1
        links = group.get_by_role("link")
        assert links.count() >= 5
        first = links.first
        first.focus()
        assert page.evaluate("document.activeElement.closest('svg.pg-spectrum') !== null")
        page.keyboard.press("Enter")
        page.wait_for_url("**/en/personas/*.html")
    finally:
        context.close()
