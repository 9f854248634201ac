"""The A–Z word list, the word-list downloads (CSV, JSON, Vale) and each persona's last-changed date.

The site is built for real by the installed ``persona`` script (``persona guide build``: mkdocs and
the theme), from the samples plus a persona written here whose terms try formula injection, regex
metacharacters and HTML, and whose Arabic terms test the filing rules.

Vale itself is not run: its PyPI package (``vale``) and its npm wrappers download the binary from
GitHub when first run, which this project's machines cannot reach. The vocabulary files are checked
against Vale's documented format instead (the layout, one regular expression per line).
"""

from __future__ import annotations

import csv
import functools
import html
import io
import itertools
import json
import os
import re
import subprocess
import threading
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from persona.guide.changed import last_changed
from persona.loader import PersonaStore

from .conftest import PERSONA_EXE, SAMPLES

ARABIC_ALPHABET = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"  # written out here, not taken from the code under test
FORMULAS = ('=HYPERLINK("https://evil.example","x")', "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3")

WORDLIST_PERSONA = """\
id: wordlist-check
name: {ar: "هيئة فحص المفردات", en: "Word List Check Authority"}
languages: [ar, en]
vocabulary:
  prefer:
    - use: "الإجراءات"
      instead_of: ['=HYPERLINK("https://evil.example","x")', "المعاملات الورقية"]
      note: {ar: "+الأوضح للمستفيد", en: "-clearer for the reader"}
    - use: "إلكترونيًا"
      instead_of: ["أونلاين"]
    - use: "Self-service (portal)"
      instead_of: ["@SUM(A1:A9)", "a.b*c?"]
    - use: "ثلاثاء"
      instead_of: ["الثلاثا"]
  avoid:
    - term: "<script>alert('az')</script>"
      reason: "<b>never markup</b>"
    - term: "+cmd|' /C calc'!A0"
    - term: "-2+3"
    - term: "#hashtag"
"""


# --- the built site ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extra_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wordlist") / "personas"
    folder.mkdir()
    (folder / "wordlist-check.yaml").write_text(WORDLIST_PERSONA, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, extra_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("az") / "site"
    done = subprocess.run([PERSONA_EXE, "guide", "build", "--out", str(out), "--personas", str(SAMPLES),
                           "--personas", str(extra_dir)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def store(extra_dir: Path) -> PersonaStore:
    return PersonaStore.discover([SAMPLES, extra_dir])


class Page(HTMLParser):
    """The ids, the links, the text, and the A–Z jump bars (letters, in order, linked or not)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self.bars: list[list[tuple[str, str | None]]] = []  # per jump bar: (letter, href or None)
        self.heads: dict[str, str] = {}  # letter heading id → its letter
        self.entries: dict[str, str] = {}  # dt id → the letter heading above it
        self._in_bar = False
        self._item: list[Any] | None = None
        self._head: str | None = None
        self._letter: str | None = None
        self._dt: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and "href" in values:
            self.hrefs.append(values["href"])
        if tag == "nav" and "pg-az-jump" in values.get("class", ""):
            self._in_bar = True
            self.bars.append([])
        if self._in_bar and tag == "li":
            self._item = ["", None]
        if self._item is not None and tag == "a":
            self._item[1] = values["href"]
        if tag == "h3" and "pg-az-head" in values.get("class", ""):
            self._head = values["id"]
        if tag == "dt" and values.get("id"):
            self._dt = values["id"]
            if self._letter:
                self.entries[self._dt] = self._letter

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_bar = False
        if tag == "li" and self._item is not None:
            self.bars[-1].append((self._item[0].strip(), self._item[1]))
            self._item = None
        if tag == "h3" and self._head:
            self._letter = self._head
            self._head = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._item is not None:
            self._item[0] += data
        if self._head:
            self.heads[self._head] = self.heads.get(self._head, "") + data.strip()

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


def az_page(site: Path, lang: str) -> tuple[str, Page]:
    text = (site / lang / "az.html").read_text(encoding="utf-8")
    return text, Page(text)


def vocabulary_terms(store: PersonaStore) -> set[str]:
    terms = set()
    for persona in store.all():
        for prefer in persona.vocabulary.prefer:
            terms |= {prefer.use, *prefer.instead_of}
        terms |= {avoid.term for avoid in persona.vocabulary.avoid}
    return terms


def entry_letter(page: Page, term_text: str, raw: str) -> str:
    """The letter heading (its text) of the entry whose <dt> shows ``term_text``."""
    for match in re.finditer(r'<dt id="([^"]+)">(.*?)</dt>', raw, re.S):
        own = re.sub(r'<span class="pg-muted">.*?</span>', "", match.group(2))  # drop "(also covers …)"
        shown = html.unescape(re.sub(r"<[^>]+>", "", own)).strip()
        if shown == term_text:
            return page.heads[page.entries[match.group(1)]]
    raise AssertionError(f"no entry for {term_text!r}")


# --- the A–Z page -----------------------------------------------------------------------------


def test_arabic_page_has_the_arabic_alphabet_first_in_order_with_empty_letters_not_linked(site: Path) -> None:
    raw, page = az_page(site, "ar")
    arabic_bar, latin_bar = page.bars
    assert "".join(letter for letter, _ in arabic_bar) == ARABIC_ALPHABET
    assert [letter for letter, _ in latin_bar][:26] == list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    linked = [(letter, href) for letter, href in arabic_bar if href]
    empty = [letter for letter, href in arabic_bar if href is None]
    assert len(linked) >= 10 and empty, (linked, empty)  # the samples leave letters empty (ذ, ظ…)
    for letter, href in linked:
        assert href.startswith("#") and href[1:] in page.ids, letter
        assert page.heads[href[1:]] == letter  # the link goes to that letter's heading
    for letter in empty:  # shown, but neither a link nor a heading
        assert letter not in page.heads.values()
    assert re.search(r'<li class="pg-az-off"[^>]*><span>ذ</span></li>', raw)
    assert '<html lang="ar" dir="rtl"' in raw


def test_arabic_terms_are_filed_after_the_article_with_hamza_forms_under_alef(site: Path) -> None:
    raw, page = az_page(site, "ar")
    assert entry_letter(page, "الإجراءات", raw) == "ا"  # «ال» set aside, then إ read as ا: not ل
    assert entry_letter(page, "إلكترونيًا", raw) == "ا"  # إ is the word's own letter, not an article
    assert entry_letter(page, "أونلاين", raw) == "ا"
    assert entry_letter(page, "الثلاثا", raw) == "ث"
    assert entry_letter(page, "الطلب", raw) == "ط"
    assert entry_letter(page, "آنف الذكر", raw) == "ا"
    assert entry_letter(page, "نفيدكم", raw) == "ن"
    # Within a letter, the alphabet's order: «ثلاثاء» (ث ل ا) before «الثلاثا» (ث ل ا ث ا)? both start ثلاث;
    # in ا: «الأبناء» (ابناء) before «الإجراءات» (اجراءات) before «أونلاين» (اونلاين).
    order = [html.unescape(m) for m in re.findall(r'<dt id="[^"]+">([^<(]+)', raw)]
    order = [o.strip() for o in order]
    assert order.index("الأبناء") < order.index("الإجراءات") < order.index("أونلاين")


def test_english_page_has_a_to_z_first_and_links_every_letter_it_uses(site: Path) -> None:
    raw, page = az_page(site, "en")
    latin_bar, arabic_bar = page.bars
    assert [letter for letter, _ in latin_bar][:26] == list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert "".join(letter for letter, _ in arabic_bar) == ARABIC_ALPHABET
    assert entry_letter(page, "AlUla", raw) == "A"
    assert entry_letter(page, "hereby", raw) == "H"
    assert entry_letter(page, "#hashtag", raw) == "Other"
    assert entry_letter(page, "Self-service (portal)", raw) == "S"
    assert dict(latin_bar)["J"] is None  # no sample term starts with J
    assert '<html lang="en" dir="ltr"' in raw


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_vocabulary_term_is_on_the_page_escaped(site: Path, store: PersonaStore, lang: str) -> None:
    raw, page = az_page(site, lang)
    text = page.plain
    missing = [term for term in vocabulary_terms(store) if " ".join(term.split()) not in text]
    assert missing == []
    assert "<script>alert('az')" not in raw and "<b>never markup</b>" not in raw
    assert "&lt;script&gt;alert(" in raw


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_entries_name_who_uses_and_avoids_and_what_to_write_instead(site: Path, lang: str) -> None:
    raw, page = az_page(site, lang)
    wrapped = r'(?:<bdi [^>]*>)?{}(?:</bdi>)?'  # a term in the other script is isolated for bidi
    entry = re.search(rf'<dt id="([^"]+)">{wrapped.format("المعاملات الورقية")}</dt>\s*<dd[^>]*>(.*?)</dd>', raw, re.S)
    assert entry is not None
    body = entry.group(2)
    instead = re.search(rf'<a href="#([^"]+)">{wrapped.format("الإجراءات")}</a>', body)
    assert instead is not None and instead.group(1) in page.ids  # "write instead" links to that entry
    assert "wordlist-check.html" in body  # who avoids it, linked to the persona page
    # «أونلاين» every persona avoids (the samples through their base, and the one written here):
    everyone = re.search(rf'<dt id="[^"]+">{wrapped.format("أونلاين")}</dt>\s*<dd[^>]*>(.*?)</dd>', raw, re.S)
    assert everyone is not None and ("كل الجهات" if lang == "ar" else "every entity") in everyone.group(1)
    assert "personas/" not in everyone.group(1)
    legal = re.search(rf'<dt id="[^"]+">{wrapped.format("ruling")}</dt>\s*<dd[^>]*>(.*?)</dd>', raw, re.S)
    assert legal is not None and "personas/legal.html" in legal.group(1)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_link_on_the_page_resolves(site: Path, lang: str) -> None:
    _, page = az_page(site, lang)
    root = site / lang
    assert page.hrefs
    for href in page.hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue
        target = (root / unquote(parts.path)).resolve() if parts.path else root / "az.html"
        assert target.is_file(), href
        if parts.fragment and target.suffix == ".html":
            ids = page.ids if target == root / "az.html" else Page(target.read_text(encoding="utf-8")).ids
            assert unquote(parts.fragment) in ids, href


def test_the_page_is_in_the_navigation_of_both_languages(site: Path) -> None:
    for lang, title in (("ar", "المفردات من أ إلى ي"), ("en", "Words A to Z")):
        home = (site / lang / "index.html").read_text(encoding="utf-8")
        assert re.search(rf'href="az\.html"[^>]*>\s*(<[^>]+>\s*)*{re.escape(title)}', home), lang


# --- downloads --------------------------------------------------------------------------------


def downloads(site: Path, lang: str, persona_id: str) -> Path:
    return site / lang / "downloads" / persona_id


def test_csv_opens_in_excel_as_utf8_parses_and_round_trips_arabic(site: Path) -> None:
    data = (downloads(site, "ar", "wordlist-check") / "wordlist-check-words.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    terms = {row["term"]: row for row in rows}
    assert terms["الإجراءات"]["status"] == "prefer"
    assert terms["المعاملات الورقية"]["use_instead"] == "الإجراءات"
    assert terms["أونلاين"]["use_instead"] == "إلكترونيًا"
    assert terms["الإجراءات"]["note_ar"] == "'+الأوضح للمستفيد"  # a note is a cell too


def test_csv_neutralises_every_formula(site: Path) -> None:
    data = (downloads(site, "en", "wordlist-check") / "wordlist-check-words.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    for formula in FORMULAS:
        assert "'" + formula in cells, formula
    assert "'-clearer for the reader" in cells


def test_json_parses_and_keeps_the_terms_as_written(site: Path, store: PersonaStore) -> None:
    for persona in store.all():
        document = json.loads((downloads(site, "ar", persona.id) / f"{persona.id}-words.json").read_text("utf-8"))
        assert document["persona"] == persona.id
        written = {row["term"] for row in document["terms"]}
        expected = {p.use for p in persona.vocabulary.prefer}
        expected |= {old for p in persona.vocabulary.prefer for old in p.instead_of}
        expected |= {a.term for a in persona.vocabulary.avoid}
        assert written == expected
    raw = (downloads(site, "en", "wordlist-check") / "wordlist-check-words.json").read_text("utf-8")
    assert "<" not in raw and ">" not in raw  # markup only as \u escapes: no tag in the file as such
    check = json.loads(raw)
    assert "<script>alert('az')</script>" in {row["term"] for row in check["terms"]}
    assert {"term": FORMULAS[0], "status": "avoid", "use_instead": "الإجراءات"}.items() <= \
        next(r for r in check["terms"] if r["term"] == FORMULAS[0]).items()


def vocab(site: Path, persona_id: str) -> tuple[list[str], list[str]]:
    folder = downloads(site, "en", persona_id) / "vale" / "styles" / "config" / "vocabularies" / persona_id
    accept = (folder / "accept.txt").read_text(encoding="utf-8")
    reject = (folder / "reject.txt").read_text(encoding="utf-8")
    for text in (accept, reject):
        assert text.endswith("\n") and "\n\n" not in text and "\r" not in text
    return accept.splitlines(), reject.splitlines()


def test_vale_vocabulary_is_one_escaped_pattern_per_line(site: Path) -> None:
    accept, reject = vocab(site, "wordlist-check")
    assert not [line for line in accept + reject if line.startswith("#") or not line.strip()]  # no comments
    patterns = {line: re.compile(line) for line in accept + reject}  # every line is a regular expression
    for term in ["الإجراءات", "إلكترونيًا", "Self-service (portal)"]:
        assert any(p.fullmatch(term) for p in patterns.values() if p.pattern in accept), term
    for term in ["a.b*c?", "@SUM(A1:A9)", FORMULAS[0], FORMULAS[2], "-2+3", "#hashtag", "<script>alert('az')</script>"]:
        assert any(p.fullmatch(term) for p in patterns.values() if p.pattern in reject), term
    # The metacharacters are literal: «a.b*c?» does not match what the unescaped regex would.
    dotted = next(p for p in patterns.values() if p.pattern in reject and p.fullmatch("a.b*c?"))
    assert not dotted.fullmatch("aXbbb") and not dotted.fullmatch("ab")
    assert "Self-service \\(portal\\)" in accept  # has capitals: accepted (and enforced) as written
    assert "(?i)\\#hashtag" in reject  # rejected whatever the case


def test_vale_vocabulary_of_a_sample_accepts_and_rejects_as_the_persona_says(site: Path) -> None:
    accept, reject = vocab(site, "legal")
    assert "AlUla" not in accept and "(?i)beneficiaries" in accept and "المستفيدين" in accept
    assert "(?i)verdict" in reject and "(?i)hereby" in reject and "نحيطكم علمًا" in reject
    draft = "Hereby the VERDICT was sent to the beneficiaries. نحيطكم علمًا بأن الحكم صدر."
    flagged = {m.group(0) for line in reject for m in re.finditer(line, draft)}
    assert flagged == {"Hereby", "VERDICT", "نحيطكم علمًا"}


def test_vale_zip_holds_the_layout_and_a_config_and_is_reproducible(site: Path) -> None:
    ar = (downloads(site, "ar", "legal") / "legal-vale.zip").read_bytes()
    en = (downloads(site, "en", "legal") / "legal-vale.zip").read_bytes()
    assert ar == en  # no timestamp of its own: the same bytes from every build
    with zipfile.ZipFile(io.BytesIO(ar)) as archive:
        names = archive.namelist()
        assert names == [".vale.ini", "styles/config/vocabularies/legal/accept.txt",
                         "styles/config/vocabularies/legal/reject.txt"]
        config = archive.read(".vale.ini").decode("utf-8")
        assert "Vocab = legal" in config and "StylesPath = styles" in config
        accept, reject = vocab(site, "legal")
        assert archive.read(names[1]).decode("utf-8").splitlines() == accept
        assert archive.read(names[2]).decode("utf-8").splitlines() == reject
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_persona_page_links_its_downloads_and_shows_when_it_changed(site: Path) -> None:
    for lang, label in (("ar", "آخر تعديل"), ("en", "Last changed")):
        raw = (site / lang / "personas" / "legal.html").read_text(encoding="utf-8")
        page = Page(raw)
        for href in [h for h in page.hrefs if "downloads/" in h]:
            assert (site / lang / "personas" / href).resolve().is_file(), href
        assert {"../downloads/legal/legal-words.csv", "../downloads/legal/legal-words.json",
                "../downloads/legal/legal-vale.zip"} <= set(page.hrefs)
        stamp = re.search(rf'{label}: <time datetime="([^"]+)">([^<]+)</time>', raw)
        assert stamp is not None, lang
        # legal extends government: it changed when the later of the two files last changed
        expected = max(_git_date(SAMPLES / "legal.yaml"), _git_date(SAMPLES / "government.yaml"))
        assert datetime.fromisoformat(stamp.group(1)) == expected


def _git_date(path: Path) -> datetime:
    done = subprocess.run(["git", "log", "-1", "--format=%cI", "--", path.name], cwd=path.parent,
                          capture_output=True, text=True, check=True)
    return datetime.fromisoformat(done.stdout.strip())


# --- last changed -----------------------------------------------------------------------------


def _commit(repo: Path, message: str, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, check=True, env=env)


BASE = "id: base\nname: {ar: أساس, en: Base}\n"
CHILD = "id: child\nextends: base\nname: {ar: فرع, en: Child}\n"
OTHER = "id: other\nname: {ar: أخرى, en: Other}\n"


def test_last_changed_is_the_last_commit_of_the_file_or_of_what_it_extends(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    folder = repo / "personas"
    folder.mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    (folder / "base.yaml").write_text(BASE, encoding="utf-8")
    (folder / "child.yaml").write_text(CHILD, encoding="utf-8")
    (folder / "other.yaml").write_text(OTHER, encoding="utf-8")
    _commit(repo, "first", "2024-03-05T10:20:30+03:00")
    (folder / "other.yaml").write_text(OTHER + "sector: culture\n", encoding="utf-8")
    _commit(repo, "other changes", "2024-06-01T08:00:00+03:00")
    (folder / "base.yaml").write_text(BASE + "sector: legal\n", encoding="utf-8")
    _commit(repo, "base changes", "2025-01-09T23:30:00+03:00")
    (folder / "new.yaml").write_text("id: new\nname: {ar: جديد, en: New}\n", encoding="utf-8")  # never committed
    os.utime(folder / "new.yaml", (1_700_000_000, 1_700_000_000))

    store = PersonaStore.discover([folder])
    dates = last_changed(store.all(), store.files)
    assert dates["other"] == datetime.fromisoformat("2024-06-01T08:00:00+03:00")
    assert dates["base"] == datetime.fromisoformat("2025-01-09T23:30:00+03:00")
    assert dates["child"] == dates["base"]  # its parent changed after it did
    assert dates["new"] == datetime.fromtimestamp(1_700_000_000, UTC)  # untracked: its modification time

    out = tmp_path / "site"
    done = subprocess.run([PERSONA_EXE, "guide", "build", "--out", str(out), "--personas", str(folder)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    ar = (out / "ar" / "personas" / "child.html").read_text(encoding="utf-8")
    en = (out / "en" / "personas" / "other.html").read_text(encoding="utf-8")
    assert '<time datetime="2025-01-09T23:30:00+03:00">9 يناير 2025</time>' in ar  # the committer's own date
    assert '<time datetime="2024-06-01T08:00:00+03:00">1 June 2024</time>' in en


def test_last_changed_outside_git_is_the_modification_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # never find a repository above
    (folder / "other.yaml").write_text(OTHER, encoding="utf-8")
    july = datetime(2023, 7, 14, 16, 45, tzinfo=UTC).timestamp()
    os.utime(folder / "other.yaml", (july, july))
    store = PersonaStore.discover([folder])
    assert last_changed(store.all(), store.files) == {"other": datetime(2023, 7, 14, 16, 45, tzinfo=UTC)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(july) - 86_400))  # reproducible builds clamp to it
    assert last_changed(store.all(), store.files)["other"] == datetime(2023, 7, 13, 16, 45, tzinfo=UTC)


def test_last_changed_asks_git_once_for_a_folder_of_personas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "repo"
    folder.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    for n in range(12):
        (folder / f"p{n}.yaml").write_text(f"id: p{n}\nname: P{n}\n", encoding="utf-8")
    _commit(folder, "twelve", "2024-02-02T02:02:02+00:00")
    calls = tmp_path / "calls.log"
    shim = tmp_path / "bin"
    shim.mkdir()
    real_git = subprocess.run(["sh", "-c", "command -v git"], capture_output=True, text=True, check=True).stdout.strip()
    (shim / "git").write_text(f'#!/bin/sh\necho "$@" >> "{calls}"\nexec "{real_git}" "$@"\n', encoding="utf-8")
    (shim / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{shim}{os.pathsep}{os.environ['PATH']}")
    store = PersonaStore.discover([folder])
    dates = last_changed(store.all(), store.files)
    assert set(dates.values()) == {datetime.fromisoformat("2024-02-02T02:02:02+00:00")} and len(dates) == 12
    assert len(calls.read_text(encoding="utf-8").splitlines()) == 1


# --- in Chromium ------------------------------------------------------------------------------


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


SHOTS = Path(os.environ.get("PERSONA_SHOTS", "/tmp/shots"))


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("width,height,mobile", [(1280, 900, False), (390, 844, True)], ids=["desktop", "phone"])
def test_az_page_in_chromium(browser: Any, axe_js: Path, base_url: str, lang: str, width: int, height: int,
                             mobile: bool) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=mobile, has_touch=mobile)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append(d.message), d.dismiss()))
    page.goto(f"{base_url}/{lang}/az.html")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"az-{lang}-{'phone' if mobile else 'desktop'}.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the screen
    letter = "ط" if lang == "ar" else "R"
    bar = page.locator("nav.pg-az-jump").first
    assert bar.locator("li.pg-az-off a").count() == 0  # an empty letter is never a link
    bar.get_by_role("link", name=letter, exact=True).click()
    page.wait_for_function("location.hash.length > 1")
    heading = page.locator(page.evaluate("location.hash"))
    assert heading.inner_text().strip() == letter
    top = heading.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < height / 2  # scrolled to the letter (not hidden under the sticky bar)
    if mobile:  # each download link is a line of its own, never split beside the next one's words
        stacked = page.evaluate("""() => [...document.querySelectorAll('.pg-downloads td:not(:first-child)')].map(
            td => [...td.querySelectorAll('a')].map(a => { const r = a.getBoundingClientRect(); return [r.top, r.bottom]; }))""")
        assert stacked and all(len(cell) >= 2 for cell in stacked)
        for cell in stacked:
            assert all(below[0] >= above[1] - 1 for above, below in itertools.pairwise(cell)), cell
    page.add_script_tag(path=str(axe_js))
    found = page.evaluate("""async () => (await axe.run(document.querySelector('article'),
        {runOnly: ['wcag2a', 'wcag2aa', 'best-practice']})).violations.map(v => v.id + ': ' + v.nodes.length)""")
    assert found == []
    assert errors == []
    context.close()


def test_glossary_files_a_word_whose_alef_has_hamza_under_alef_not_under_its_third_letter(store: PersonaStore) -> None:
    from persona.guide.glossary import build_glossary

    shown = [term.display for term in build_glossary(store.all())]
    # «إلكترونيًا» folds to «الكترونيا», which only looks like it has an article: it is not «كترونيا» (ك, after ط)
    assert shown.index("إلكترونيًا") < shown.index("الطلب")
    assert shown.index("الطلب") < shown.index("العملاء")  # ط before ع: the article is set aside
