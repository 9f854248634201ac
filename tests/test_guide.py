"""The style-guide site: structure, bilingual pages, escaping, offline, CLI."""

from __future__ import annotations

import gzip
import json
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from persona.guide import build_site
from persona.guide.glossary import build_glossary
from persona.guide.i18n import localize
from persona.guide.offline import URL, is_namespace
from persona.guide.render import safe_link
from persona.guide.svg import SpectrumEntry, formality_gauge, formality_spectrum
from persona.loader import PersonaStore
from persona.model import Persona

from .conftest import PERSONA_EXE, SAMPLES

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
PERSONA_SECTIONS = ("entity", "voice", "audiences", "channels", "vocabulary", "claims", "facts", "intents", "occasions",
                    "examples")
HOME_SECTIONS = ("guide", "entities", "spectrum", "shared")


# --- helpers -----------------------------------------------------------------------------------


class Dom(HTMLParser):
    """Just enough of a DOM: the text of elements by id, the text of each section (from an h1/h2
    with an id to the next), every attribute, and <html>'s attributes."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                      "track", "wbr", "path", "rect", "circle", "line"})

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root: dict[str, str] = {}
        self.ids: dict[str, str] = {}
        self.sections: dict[str, str] = {}
        self._section: str | None = None
        self.attributes: list[tuple[str, str, str]] = []  # (tag, name, value)
        self.tags: list[str] = []
        self._open: list[tuple[str, str | None, list[str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        self.attributes += [(tag, k, v) for k, v in values.items()]
        if tag == "html":
            self.root = values
        if tag in ("h1", "h2") and values.get("id"):
            self._section = values["id"]
            self.sections[self._section] = ""
        if tag not in self.VOID:
            self._open.append((tag, values.get("id"), []))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            name, element_id, text = self._open.pop()
            if element_id:
                self.ids[element_id] = "".join(text)
            if self._open:
                self._open[-1][2].extend(text)
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._section:
            self.sections[self._section] += data
        if self._open:
            self._open[-1][2].append(data)


def load(personas_dirs: list[Path]) -> list[Persona]:
    return PersonaStore.discover(personas_dirs).all()


def pages(site: Path, suffixes: tuple[str, ...] = (".html",)) -> Iterator[Path]:
    return (p for p in sorted(site.rglob("*")) if p.suffix in suffixes and p.is_file())


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("guide") / "site"
    report = build_site(load([SAMPLES]), out)
    assert report.warnings == []
    return out


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "site"
    report = build_site(load([SAMPLES, HOSTILE]), out)
    assert report.warnings == []
    return out


def sample_personas() -> list[Persona]:
    return load([SAMPLES])


# --- structure ---------------------------------------------------------------------------------


def test_top_level_is_a_language_chooser(sample_site: Path) -> None:
    chooser = read(sample_site / "index.html")
    assert 'href="ar/index.html"' in chooser and 'href="en/index.html"' in chooser
    assert (sample_site / "ar" / "index.html").is_file() and (sample_site / "en" / "index.html").is_file()


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_sample_persona_has_a_page_with_every_section(sample_site: Path, lang: str) -> None:
    personas = sample_personas()
    assert len(personas) >= 5
    for persona in personas:
        assert lang in persona.languages
        page = sample_site / lang / "personas" / f"{persona.id}.html"
        assert page.is_file(), f"no {lang} page for {persona.id}"
        dom = Dom(read(page))
        missing = [s for s in PERSONA_SECTIONS if s not in dom.sections]
        assert not missing, f"{persona.id} ({lang}) lacks sections {missing}"
        assert dom.ids["entity"].strip() == localize(persona.name, lang).text


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_home_shows_every_entity_the_shared_base_and_the_spectrum(sample_site: Path, lang: str) -> None:
    html = read(sample_site / lang / "index.html")
    dom = Dom(html)
    assert all(s in dom.sections for s in HOME_SECTIONS)
    for persona in sample_personas():
        assert f'href="personas/{persona.id}.html"' in html
        assert localize(persona.name, lang).text in dom.sections["entities"]
    assert '<svg class="pg-spectrum"' in html
    # the samples extend one government base and share its claims
    government = next(p for p in sample_personas() if p.id == "government")
    assert localize(government.values[0].claim, lang).text in dom.sections["shared"]


def test_persona_page_content_comes_from_the_persona(sample_site: Path) -> None:
    legal = next(p for p in sample_personas() if p.id == "legal")
    html = read(sample_site / "en" / "personas" / "legal.html")
    assert '<svg class="pg-gauge"' in html
    for entry in legal.vocabulary.prefer:
        assert entry.use in html
    for entry in legal.vocabulary.avoid:
        assert entry.term in html
    for fact in legal.facts.retired:
        assert fact.old in html
    for name in ("Service", "Strategy", "Inquiry reply", "Correction"):
        assert f"<h3>{name}</h3>" in html
    assert html.count('class="pg-example"') == len(legal.examples)
    # the other language's version of this page is linked
    assert 'href="../../ar/personas/legal.html"' in html


def test_other_pages_exist_in_both_languages(sample_site: Path) -> None:
    for lang in ("ar", "en"):
        for name in ("glossary", "voices", "rules"):
            assert (sample_site / lang / f"{name}.html").is_file(), f"{lang}/{name}.html"


def test_rules_page_lists_every_registered_rule_with_examples(sample_site: Path) -> None:
    from persona.check.registry import all_rules

    html = read(sample_site / "en" / "rules.html")
    for rule in all_rules():
        assert f"<code>{rule.id}</code>" in html
    assert html.count('class="pg-fires"') >= len(all_rules())


def test_voices_page_rewrites_the_sample_into_every_persona(sample_site: Path) -> None:
    for lang in ("ar", "en"):
        html = read(sample_site / lang / "voices.html")
        assert html.count('class="pg-card pg-voice-card"') == len(sample_personas())
        assert "pg-rewritten" in html


def test_arabic_only_persona_has_no_english_page_but_is_named_on_the_english_home(hostile_site: Path) -> None:
    assert (hostile_site / "ar" / "personas" / "arabic-only.html").is_file()
    assert not (hostile_site / "en" / "personas" / "arabic-only.html").exists()
    home = read(hostile_site / "en" / "index.html")
    assert "جهة عربية فقط" in home
    assert 'href="personas/arabic-only.html"' not in home
    assert "Does not publish in English" in home


def test_missing_language_falls_back_and_is_marked(hostile_site: Path) -> None:
    # hostile's summary exists only in English: the Arabic page shows it marked as English
    html = read(hostile_site / "ar" / "personas" / "hostile.html")
    assert re.search(r'<span class="pg-fallback" lang="en" dir="ltr"[^>]*>\[click\]', html)


# --- right to left ------------------------------------------------------------------------------


def test_arabic_pages_are_rtl_and_english_pages_ltr(sample_site: Path) -> None:
    for lang, direction in (("ar", "rtl"), ("en", "ltr")):
        for page in pages(sample_site / lang):
            root = Dom(read(page)).root
            assert root.get("lang") == lang, page
            assert root.get("dir") == direction, page


def search_fragments(site: Path) -> list[dict[str, Any]]:
    """The pages of a language's Pagefind index (each fragment is gzip'd JSON after a signature)."""
    fragments = []
    for path in sorted((site / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        fragments.append(json.loads(data[len(b"pagefind_dcd"):]))
    return fragments


def test_search_indexes_each_language_with_pagefind(sample_site: Path) -> None:
    for lang in ("ar", "en"):
        entry = json.loads(read(sample_site / lang / "pagefind" / "pagefind-entry.json"))
        assert list(entry["languages"]) == [lang]  # one language per site, with its own stemmer
        urls = {fragment["url"] for fragment in search_fragments(sample_site / lang)}
        assert "/personas/legal.html" in urls and "/index.html" in urls
        assert "/404.html" not in urls  # only pages are indexed
        assert len(urls) == entry["languages"][lang]["page_count"] == len(list(pages(sample_site / lang))) - 1
        # the theme's search, which cannot search Arabic, is not shipped
        assert not (sample_site / lang / "search").exists()
        assert not (sample_site / lang / "assets" / "javascripts" / "lunr").exists()
        assert not list((sample_site / lang / "pagefind").glob("pagefind-*ui*"))
    legal = next(f for f in search_fragments(sample_site / "ar") if f["url"] == "/personas/legal.html")
    assert "وزارة العدل" in legal["content"] and "الرئيسية" not in legal["content"]  # the article, not the nav


# --- offline --------------------------------------------------------------------------------------


def allowed_urls(personas: list[Persona]) -> set[str]:
    """URLs a page may mention: every URL written in a persona or in a rule's examples."""
    texts = [json.dumps(p.model_dump(mode="json"), ensure_ascii=False) for p in personas]
    from persona.check.registry import all_rules

    texts += [example.text for rule in all_rules() for example in rule.examples]
    return {m.group(0) for text in texts for m in URL.finditer(text.replace('\\"', " "))}


def external_urls(site: Path, allowed: set[str]) -> list[tuple[str, str]]:
    found = []
    for path in pages(site, (".html", ".js", ".css")):
        for match in URL.finditer(read(path)):
            url = match.group(0).replace("&amp;", "&")
            if is_namespace(url) or any(url.startswith(a) or a.startswith(url) for a in allowed):
                continue
            found.append((str(path.relative_to(site)), url))
    return found


def test_no_external_url_anywhere_in_the_site(sample_site: Path) -> None:
    personas = sample_personas()
    assert external_urls(sample_site, allowed_urls(personas)) == []
    for path in pages(sample_site):
        assert "fonts.googleapis" not in read(path) and "fonts.gstatic" not in read(path)


def test_links_only_to_the_personas_own_http_urls(hostile_site: Path) -> None:
    personas = load([SAMPLES, HOSTILE])
    verified = {u for p in personas for u in p.facts.urls}
    for path in pages(hostile_site):
        for tag, name, value in Dom(read(path)).attributes:
            absolute = re.match(r"^[a-z][a-z0-9+.-]*:", value, re.IGNORECASE) and value != "data:,"
            if name in ("href", "src", "action", "xlink:href", "formaction") and absolute:
                assert value in verified and value.startswith(("http://", "https://")), (path, tag, value)
            assert not name.startswith("on"), (path, tag, name, value)


def test_the_offline_scan_catches_a_web_font(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text('<link href="https://fonts.googleapis.com/css?family=Roboto">')
    assert external_urls(tmp_path, set()) == [("page.html", "https://fonts.googleapis.com/css?family=Roboto")]


# --- escaping ------------------------------------------------------------------------------------


def test_hostile_strings_never_appear_unescaped(hostile_site: Path) -> None:
    for path in pages(hostile_site, (".html", ".xml")):
        html = read(path)
        assert "<script>alert" not in html, path
        injected = r"<(img|iframe|svg|style|u|b|i)\b[^>]*(onerror|onload|javascript|sector|audience)"
        assert not re.search(injected, html), path
        assert "javascript:alert" not in "".join(re.findall(r'href="[^"]*"', html)), path
        assert "<em>bold</em>" not in html and "<strong>after</strong>" not in html, path
        assert not re.search(r">\s*49\s*<", html), path


def test_hostile_text_is_shown_literally(hostile_site: Path) -> None:
    hostile = next(p for p in load([HOSTILE]) if p.id == "hostile")
    for lang in ("en", "ar"):
        html = read(hostile_site / lang / "personas" / "hostile.html")
        dom = Dom(html)
        assert dom.ids["entity"].strip() == localize(hostile.name, lang).text
        assert "{{ 7*7 }}" in dom.ids["entity"]
        assert "<script>alert(25)</script>" in dom.sections["examples"]
        assert "**after** [y](javascript:alert(26))" in dom.sections["examples"]
        assert "&lt;script&gt;alert(9)&lt;/script&gt;" in dom.sections["voice"]  # an entity stays an entity
        assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_urls_are_text_unless_safe_http(hostile_site: Path) -> None:
    html = read(hostile_site / "en" / "personas" / "hostile.html")
    assert 'href="https://example.gov.sa/ok?a=1&amp;b=2"' in html
    assert "onmouseover=&#34;alert(16)" in html or "onmouseover=&quot;alert(16)" in html
    assert 'href="javascript' not in html and 'href="data:' not in html


def test_hostile_names_are_escaped_in_the_search_index_and_navigation(hostile_site: Path) -> None:
    for lang in ("ar", "en"):
        # the index holds the page's text (shown as text by persona-search.js), never its markup
        hostile = next(f for f in search_fragments(hostile_site / lang) if f["url"] == "/personas/hostile.html")
        assert hostile["content"].startswith("<script>alert(1)</script>")
        for path in pages(hostile_site / lang):
            nav = read(path)
            assert "<script>alert(1)" not in nav and "<script>alert(30)" not in nav


def test_glossary_reports_a_conflict(hostile_site: Path) -> None:
    html = read(hostile_site / "en" / "glossary.html")
    conflicts = Dom(html).sections["conflicts"]
    assert "beneficiaries" in conflicts


# --- units -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.moj.gov.sa", True),
        ("HTTP://example.gov.sa/x?y=1&z=2", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<b>", False),
        ("https://", False),
        ("https://a.gov.sa/\"onmouseover=x", False),
        ("moj.gov.sa/services", False),
        ("//evil.example/x", False),
    ],
)
def test_safe_link(url: str, ok: bool) -> None:
    assert (safe_link(url) is not None) is ok


def test_svgs_escape_their_text() -> None:
    gauge = formality_gauge(3, 1, ["<a>"] * 5, "</svg><script>", rtl=True)
    entry = SpectrumEntry("<script>x</script>", 9, '"><b>')
    spectrum = formality_spectrum([entry], ["&"] * 5, "<c>", rtl=False)
    for svg in (gauge, spectrum):
        assert "<script>" not in svg and "<a>" not in svg and "<c>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;x&lt;/script&gt;" in spectrum and "&#34;&gt;&lt;b&gt;" in spectrum


def test_glossary_conflicts_only_between_different_personas() -> None:
    def persona(pid: str, **vocabulary: object) -> Persona:
        return Persona.model_validate({"id": pid, "name": pid, "vocabulary": vocabulary})

    a = persona("a", prefer=[{"use": "Customers", "instead_of": ["العميل"]}])
    b = persona("b", avoid=[{"term": "customers"}], prefer=[{"use": "عميل", "instead_of": ["x"]}])
    c = persona("c", prefer=[{"use": "beneficiaries", "instead_of": ["clients"]}],
                avoid=[{"term": "beneficiaries"}])
    terms = {t.key: t for t in build_glossary([a, b, c])}
    assert terms["customers"].conflict  # a prefers it, b avoids it (case folded)
    assert terms["customers"].spellings == ["Customers", "customers"]
    assert not terms["beneficiaries"].conflict  # only c disagrees with itself
    assert not terms["clients"].conflict
    # Arabic: the article does not make another term (the checker matches عميل in العميل)
    assert terms["عميل"].spellings == ["العميل", "عميل"]
    assert terms["عميل"].conflict  # b prefers it, a replaces it


def test_localize_marks_fallbacks() -> None:
    assert localize({"ar": "نص", "en": "text"}, "ar").lang is None
    assert localize({"en": "text"}, "ar").lang == "en"
    assert localize("plain English", "ar").lang == "en"
    assert localize("1950", "ar").lang is None
    assert localize("عربي", "ar").lang is None


def english_texts(p: Persona) -> Iterator[str]:
    """Every text of a persona that its English page must show."""
    en = lambda value: localize(value, "en").text  # noqa: E731
    yield en(p.name)
    yield en(p.summary)
    yield en(p.signature)
    yield from (en(t) for t in (*p.voice.traits, *p.voice.we_are, *p.voice.we_are_not))
    for audience in p.audiences:
        yield from (en(audience.name), en(audience.notes), *audience.channels)
    yield from p.channels
    for prefer in p.vocabulary.prefer:
        yield from (prefer.use, *prefer.instead_of, en(prefer.note))
    for avoid in p.vocabulary.avoid:
        yield from (avoid.term, en(avoid.reason))
    for value in p.values:
        yield from (en(value.claim), *value.contradicted_by)
    yield from (*p.facts.urls, *p.facts.phones, *p.facts.handles)
    for fact in p.facts.retired:
        yield from (fact.old, fact.new or "", en(fact.note))
    for name, intent in p.intents.items():
        yield from (name, en(intent.description))
    for example in p.examples:
        yield from (en(example.before), en(example.after), example.channel or "")


def test_every_text_of_the_hostile_persona_is_shown_literally(hostile_site: Path) -> None:
    """Nothing is dropped, and nothing is interpreted: each string is in the page's visible text."""
    hostile = next(p for p in load([HOSTILE]) if p.id == "hostile")
    visible = "".join(Dom(read(hostile_site / "en" / "personas" / "hostile.html")).sections.values())
    missing = [text for text in english_texts(hostile) if text not in visible]
    assert missing == []


# --- command line -------------------------------------------------------------------------------


def test_cli_build_writes_both_languages(cli: Callable[..., object], tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = cli("guide", "build", "--out", str(out), "--personas", str(SAMPLES))
    assert run.code == 0, run.stderr  # type: ignore[attr-defined]
    assert run.stdout.strip() == str(out / "index.html")  # type: ignore[attr-defined]
    assert "ar: " in run.stderr and "en: " in run.stderr  # type: ignore[attr-defined]
    # rebuilding into its own output is fine
    assert cli("guide", "build", "--out", str(out), "--personas", str(SAMPLES)).code == 0  # type: ignore[attr-defined]


def test_cli_build_refuses_a_folder_it_did_not_make(cli: Callable[..., object], tmp_path: Path) -> None:
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.md").write_text("do not delete")
    run = cli("guide", "build", "--out", str(out), "--personas", str(SAMPLES))
    assert run.code == 2  # type: ignore[attr-defined]
    assert len(run.stderr.strip().splitlines()) == 1 and "not empty" in run.stderr  # type: ignore[attr-defined]
    assert (out / "thesis.md").read_text() == "do not delete"


def test_cli_build_reports_an_invalid_persona_in_one_line(cli: Callable[..., object], tmp_path: Path,
                                                          write_persona: Callable[..., Path]) -> None:
    write_persona("broken", "id: broken\nname: Broken\nvoice: {formalty: 3}\n")
    run = cli("guide", "build", "--out", str(tmp_path / "out"), "--personas", str(tmp_path / "personas"))
    assert run.code == 2  # type: ignore[attr-defined]
    assert "broken.yaml" in run.stderr and "formalty" in run.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in run.stderr  # type: ignore[attr-defined]


def test_the_cli_does_not_import_mkdocs_until_the_guide_is_built() -> None:
    code = "import sys, persona.cli; print(sorted(m for m in ('mkdocs', 'material') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- serve --------------------------------------------------------------------------------------


def _lines(stream: Any) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    return lines


def _wait_for(lines: queue.Queue[str], pattern: str, seconds: float = 60) -> re.Match[str]:
    deadline = time.monotonic() + seconds
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        if match := re.search(pattern, line):
            return match
    raise AssertionError(f"no line matching {pattern!r} in {seen}")


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_serve_rebuilds_on_change_survives_a_broken_file_and_stops_on_ctrl_c(samples: Path) -> None:
    proc = subprocess.Popen([PERSONA_EXE, "guide", "serve", "--port", "0", "--personas", str(samples)],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        lines = _lines(proc.stderr)
        url = _wait_for(lines, r"http://127\.0\.0\.1:\d+/").group(0)
        assert "Ministry of Justice" in _get(url + "en/personas/legal.html")
        assert "__persona_build" in _get(url + "en/index.html")  # the live-reload script
        generation = _get(url + "__persona_build")

        legal = samples / "legal.yaml"
        renamed = legal.read_text(encoding="utf-8").replace("Ministry of Justice", "Ministry of Fairness")
        legal.write_text(renamed, encoding="utf-8")
        _wait_for(lines, r"Rebuilt")
        assert _get(url + "__persona_build") != generation
        assert "Ministry of Fairness" in _get(url + "en/personas/legal.html")

        legal.write_text("id: legal\nname: Broken\nvoice: {formalty: 3}\n", encoding="utf-8")
        _wait_for(lines, r"legal\.yaml.*formalty")
        assert "Ministry of Fairness" in _get(url + "en/personas/legal.html")  # the last good build

        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0
        _wait_for(lines, r"Stopped", seconds=5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# --- speed ---------------------------------------------------------------------------------------


def hundred_personas(target: Path) -> Path:
    """100 persona files: the samples copied under new ids (each copy extends its own base)."""
    target.mkdir()
    samples = sorted(SAMPLES.glob("*.yaml"))
    for copy in range(100 // len(samples)):
        for path in samples:
            text = re.sub(r"^id: (\S+)$", rf"id: \1-{copy}", path.read_text(encoding="utf-8"), flags=re.M)
            text = re.sub(r"^extends: (\S+)$", rf"extends: \1-{copy}", text, flags=re.M)
            (target / f"{path.stem}-{copy}.yaml").write_text(text, encoding="utf-8")
    return target


def test_a_hundred_personas_build_every_page(tmp_path: Path) -> None:
    # How long this takes is measured by bench/site.py, never asserted in a test.
    personas = load([hundred_personas(tmp_path / "personas")])
    assert len(personas) == 100
    report = build_site(personas, tmp_path / "site")
    assert report.pages["ar"] == report.pages["en"] == 100 + 5  # home, voices, glossary, A–Z, rules


def test_relative_out_directory_is_relative_to_the_working_directory(persona_exe, tmp_path):
    run = persona_exe("guide", "build", "--out", "site", cwd=tmp_path, timeout=300)
    assert run.code == 0, run.stderr
    assert (tmp_path / "site" / "ar" / "index.html").is_file()
    assert (tmp_path / "site" / "en" / "index.html").is_file()
