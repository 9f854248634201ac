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


#: Every piece of the printed article's text, with its colour and the colour of what it sits on
#: (its own and its ancestors' backgrounds, laid over white paper).
PRINTED_TEXT = """() => {
  const rgb = (c) => {  // rgb(0, 0, 0) / rgba(…), or color(srgb 0.7 0.1 0.1) with parts from 0 to 1
    const parts = (c.replace(/^color\\(srgb/, '').match(/[\\d.]+/g) || []).map(Number);
    return c.startsWith('color(') ? parts.map((v, i) => (i < 3 ? v * 255 : v)) : parts;
  };
  const background = (e) => {  // the element's background and its ancestors', laid over white paper
    const layers = [];
    for (; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      const alpha = c.length === 3 ? 1 : c[3];
      if (alpha > 0) layers.push([c, alpha]);
      if (alpha >= 1) break;
    }
    return layers.reverse().reduce((under, [c, a]) => under.map((u, i) => c[i] * a + u * (1 - a)),
                                   [255, 255, 255]);
  };
  const out = [];
  const walk = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    const e = node.parentElement;
    if (!node.textContent.trim() || e.closest('svg') || !e.getClientRects().length) continue;
    const style = getComputedStyle(e);
    if (style.visibility === 'hidden') continue;
    out.push({text: node.textContent.trim().slice(0, 40), cls: e.className, color: rgb(style.color).slice(0, 3),
              background: background(e)});
  }
  return out;
}"""


def luminance(rgb: list[float]) -> float:
    """WCAG's relative luminance: 0 for black, 1 for white."""
    parts = [c / 255 for c in rgb]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in parts]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(one: list[float], two: list[float]) -> float:
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_printed_text_is_dark_ink_on_white_paper(browser: Any, base_url: str, lang: str, scheme: str) -> None:
    """No chip prints black on blue (the link to the other language's page did): on paper every
    word of the page is dark on white or near-white, in the light and the dark scheme alike, and the
    link to the other language, which paper cannot follow, is left out."""
    page = browser.new_page()
    page.goto(f"{base_url}/{lang}/personas/legal.html")
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    page.wait_for_timeout(400)  # the theme's colour transitions settle
    assert page.locator("a.pg-other-lang").count() == 1 and page.locator("a.pg-other-lang").is_visible()
    page.emulate_media(media="print")
    page.wait_for_timeout(400)  # and again, to the print colours
    assert not page.locator("a.pg-other-lang").is_visible()
    texts = page.evaluate(PRINTED_TEXT)
    assert len(texts) > 100
    # paper, or the pale tint of a highlighter (the checker's marks), never a coloured box
    on_colour = [t for t in texts if luminance(t["background"]) < 0.6]
    assert on_colour == [], on_colour[:5]
    faint = [t for t in texts if contrast(t["color"], t["background"]) < 4.5]
    assert faint == [], faint[:5]
    # the marks still show what the checker flags
    assert any("pg-flag" in t["cls"] and t["background"] != [255, 255, 255] for t in texts)
    page.close()
