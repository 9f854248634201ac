"""The guide's search in a real browser, in Arabic and in English (Pagefind + persona-search.js).

The site is the real build of the samples (plus the hostile fixtures), indexed by the real
pagefind binary and served on 127.0.0.1. Queries are typed with real keystrokes into the
search box found by its label. Every test also fails on a console error, a request off
127.0.0.1 or a JavaScript dialog (see ``Watched`` in test_guide_browser).
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from persona.guide.search import LABELS, search_form, search_forms, with_search_forms

from .test_guide_browser import Watched, base_url, watched  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def open_box(page: Any, lang: str) -> Any:
    box = page.get_by_label(LABELS[lang]["label"])
    assert box.get_attribute("type") == "search"
    return box


def search(page: Any, lang: str, query: str) -> list[dict[str, str]]:
    """Type ``query`` into the search box like a person; return the results shown for it."""
    box = open_box(page, lang)
    box.click()
    box.press("Control+A")
    box.press("Backspace")
    box.type(query, delay=40)
    page.locator(f"#pg-search-results[data-query={json.dumps(query, ensure_ascii=False)}]").wait_for(
        state="attached", timeout=15_000)
    items = page.locator(".pg-search__result a")
    return [
        {"href": items.nth(i).get_attribute("href") or "", "title": items.nth(i).locator(".pg-search__title").inner_text(),
         "excerpt": items.nth(i).locator(".pg-search__excerpt").inner_text()}
        for i in range(items.count())
    ]


def status(page: Any) -> str:
    return str(page.locator("#pg-search-status").inner_text())


def page_of(result: dict[str, str]) -> str:
    return result["href"].split("#")[0]


def visible_text(page: Any, url: str) -> str:
    page.goto(url)
    return str(page.locator("article").inner_text())


# --- a word on a page finds that page first -------------------------------------------------------

FIRST = [
    ("ar", "العدل", "/ar/personas/legal.html"),
    ("ar", "الأحساء", "/ar/personas/culture.html"),
    ("en", "Justice", "/en/personas/legal.html"),
    ("en", "notarization", "/en/personas/legal.html"),
]


@pytest.mark.parametrize(("lang", "word", "expected"), FIRST)
def test_a_word_on_a_page_finds_that_page_first(watched: Watched, base_url: str, lang: str, word: str,  # noqa: F811
                                                expected: str) -> None:
    page = watched.page
    assert word in visible_text(page, f"{base_url}{expected}")
    page.goto(f"{base_url}/{lang}/index.html")
    results = search(page, lang, word)
    assert results, status(page)
    assert page_of(results[0]) == expected, results[0]
    first = results[0]
    assert first["title"] and word.lower() in first["excerpt"].lower()  # the excerpt shows the word found
    assert page.locator(".pg-search__result mark").first.is_visible()
    watched.assert_clean()


# --- an inflected form finds it too ---------------------------------------------------------------

INFLECTED = [
    # (language, form typed, page, a form of the word that is on the page)
    ("ar", "بالمستفيدين", "/ar/personas/legal.html", "المستفيدين"),
    ("ar", "والعدل", "/ar/personas/legal.html", "العدل"),  # و before ال: persona's own rule
    ("ar", "فالأحساء", "/ar/personas/culture.html", "الأحساء"),
    ("ar", "وَبِالْمُسْتَفِيدِين", "/ar/personas/legal.html", "المستفيدين"),  # with tashkeel
    ("en", "notarized", "/en/personas/legal.html", "notarization"),
    ("en", "enforcing", "/en/personas/legal.html", "enforcement"),
]


@pytest.mark.parametrize(("lang", "typed", "expected", "on_page"), INFLECTED)
def test_an_inflected_form_finds_the_page(watched: Watched, base_url: str, lang: str, typed: str,  # noqa: F811
                                          expected: str, on_page: str) -> None:
    page = watched.page
    text = visible_text(page, f"{base_url}{expected}")
    assert on_page in text and typed not in text  # the page has another form of the word only
    results = search(page, lang, typed)
    assert expected in [page_of(r) for r in results[:3]], [page_of(r) for r in results]
    watched.assert_clean()


# --- a nonsense word finds nothing ----------------------------------------------------------------

NONSENSE = [
    ("ar", "زرنوقيطس"),
    ("ar", "والزرنوقيط"),  # a proclitic and the article on a nonsense stem
    ("ar", "بالقرطمشة"),
    ("en", "qwzxplorb"),
    ("en", "glorbfendling"),
]


@pytest.mark.parametrize(("lang", "word"), NONSENSE)
def test_a_nonsense_word_finds_nothing(watched: Watched, base_url: str, lang: str, word: str) -> None:  # noqa: F811
    page = watched.page
    page.goto(f"{base_url}/{lang}/personas/legal.html")
    assert search(page, lang, word) == []
    assert status(page) == LABELS[lang]["none"].replace("{query}", word)
    watched.assert_clean()


# --- the box itself --------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_the_box_is_labelled_keyboard_driven_and_laid_out_in_the_page_direction(
        watched: Watched, base_url: str, lang: str, direction: str, tmp_path: Path) -> None:  # noqa: F811
    page = watched.page
    page.goto(f"{base_url}/{lang}/rules.html")
    assert page.get_by_role("search").count() == 1
    box = open_box(page, lang)
    assert box.get_attribute("placeholder") == LABELS[lang]["placeholder"]
    assert page.evaluate("getComputedStyle(document.querySelector('.pg-search__panel')).direction") == direction
    assert page.locator(".md-search").count() == 0  # the theme's (broken) search is gone
    page.keyboard.press("/")  # the shortcut focuses the box
    assert page.evaluate("document.activeElement.id") == "pg-search-input"
    word = "العدل" if lang == "ar" else "Justice"
    results = search(page, lang, word)
    page.screenshot(path=tmp_path / f"{lang}-search.png")
    box.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == results[0]["href"]
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "pg-search-input"
    box.press("Enter")
    page.wait_for_url(f"**{page_of(results[0])}*")
    assert page.locator("h1").first.is_visible()
    box = open_box(page, lang)
    search(page, lang, word)
    box.press("Escape")
    assert box.input_value() == "" and page.locator(".pg-search__panel").is_hidden()
    watched.assert_clean()


def test_the_query_is_normalised_as_the_index_is(watched: Watched, base_url: str) -> None:  # noqa: F811
    words = ["والعدل", "فالمستفيدين", "وَالْعَدْل", "والد", "وزارة", "والي", "بالمستفيدين", "الـعـدل", "فال", "ولا",
             "والـ", "justice", "وَ", "فالأحساء"]
    page = watched.page
    page.goto(f"{base_url}/ar/index.html")
    in_browser = page.evaluate("(words) => words.map(w => window.personaSearch.searchForm(w))", words)
    assert in_browser == [search_form(w) for w in words]
    assert in_browser[:3] == ["العدل", "المستفيدين", "العدل"] and in_browser[3] == "والد"  # too short after ال
    assert in_browser[4] == "وزارة" and in_browser[9] == "ولا"  # no article after و: the word stays
    watched.assert_clean()


def test_words_only_indexed_through_their_extra_form_never_show_the_hidden_block(
        watched: Watched, base_url: str) -> None:  # noqa: F811
    page = watched.page
    page.goto(f"{base_url}/ar/personas/legal.html")
    hidden = page.locator(".pg-search-forms")
    assert hidden.count() == 1 and hidden.is_hidden()
    forms = str(hidden.text_content()).split()
    text = str(page.locator("article").inner_text())
    only_hidden = [f for f in forms if f not in text.split()]
    assert only_hidden, forms
    results = search(page, "ar", only_hidden[0])
    legal = [r for r in results if page_of(r) == "/ar/personas/legal.html"]
    assert legal, results  # found through the hidden form …
    for first, second in itertools.pairwise(forms):  # … and the excerpt is the page's own text
        assert f"{first} {second}" not in legal[0]["excerpt"]
    watched.assert_clean()


def test_a_hostile_persona_is_shown_as_text_in_results(watched: Watched, base_url: str) -> None:  # noqa: F811
    page = watched.page
    page.goto(f"{base_url}/en/index.html")
    results = search(page, "en", "alert")
    hostile = [r for r in results if page_of(r) == "/en/personas/hostile.html"]
    assert hostile and "<script>alert(1)</script>" in hostile[0]["title"]
    assert page.locator(".pg-search__results script, .pg-search__results iframe, .pg-search__results img").count() == 0
    page.wait_for_timeout(300)
    watched.assert_clean()  # no dialog: nothing ran


# --- the extra forms, without a browser ----------------------------------------------------------


def test_search_forms_cover_the_conjunction_before_the_article() -> None:
    assert search_forms("والعدل أساس الحكم فالمستفيدين والد ولا وزارة") == ["العدل", "المستفيدين"]
    assert search_forms("العدل والعدل") == []  # the form is already on the page
    assert search_forms("Justice and justice") == []
    html = with_search_forms("<p>والعدل <script>والشيطان</script></p>")
    assert re.search(r'<div class="pg-search-forms" hidden [^>]*data-pagefind-meta="forms:1">العدل</div>$', html)
    assert with_search_forms("<p>العدل</p>") == "<p>العدل</p>"



# --- excerpts keep apart the words of what the page shows apart ---------------------------------

#: On the page, words that the layout shows apart with no space between them in the markup: the
#: last word of an element and the first of its next sibling when either is a box of its own (a
#: badge, a chip, a flex item) or a superscript (the checker's finding numbers). Returned glued, as
#: an indexer that joins adjacent text nodes would write them.
GLUED_PAIRS = """() => {
  const words = (e) => (e.textContent || '').trim().split(/\\s+/).filter(Boolean);
  const apart = (e) => getComputedStyle(e).display !== 'inline' || e.tagName === 'SUP'
    || getComputedStyle(e.parentElement).display.includes('flex');
  const out = new Set();
  for (const e of document.querySelectorAll('article[data-pagefind-body] *')) {
    const prev = e.previousSibling;
    if (!prev || prev.nodeType !== Node.ELEMENT_NODE || e.closest('[data-pagefind-ignore], [hidden]')) continue;
    if (!(apart(e) || apart(prev))) continue;
    const before = words(prev), after = words(e);
    if (before.length && after.length) out.add(before[before.length - 1] + after[0]);
  }
  return [...out];
}"""

EXCERPT_QUERIES = [
    ("ar", "اللغات"), ("ar", "الرسمية"), ("ar", "نحيطكم"), ("ar", "تعديل"),
    ("en", "Languages"), ("en", "Formality"), ("en", "advised"), ("en", "changed"),
]


@pytest.mark.parametrize(("lang", "word"), EXCERPT_QUERIES)
def test_excerpts_never_run_the_words_of_adjacent_badges_together(
        watched: Watched, base_url: str, lang: str, word: str) -> None:  # noqa: F811
    """The persona page's badges (sector, languages, formality, based on, last changed, word list)
    and the finding numbers on its annotated drafts are separate words in a result's excerpt, as on
    the page; the link to the other language's page is not content, so no excerpt shows it."""
    page = watched.page
    page.goto(f"{base_url}/{lang}/personas/legal.html")
    glued = page.evaluate(GLUED_PAIRS)
    badges = page.locator("article .pg-meta .pg-badge:not(.pg-other-lang)")
    assert badges.count() >= 5
    other = str(page.locator("a.pg-other-lang").inner_text()).strip()
    results = search(page, lang, word)
    legal = [r for r in results if page_of(r) == f"/{lang}/personas/legal.html"]
    assert legal, results
    for result in results:
        excerpt = result["excerpt"]
        assert not [g for g in glued if g in excerpt], (result["href"], excerpt)
        assert other not in excerpt, excerpt
    watched.assert_clean()
