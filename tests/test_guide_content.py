"""What the guide's pages say, read from a real build (the installed `persona guide build`, so a
real mkdocs build): Arabic pages in Arabic, mixed-direction runs isolated, arrows that point the
way the page reads, one chip per phrase grouped by language, the showcase rewrites, do/don't
pairs, tone by situation, and examples annotated with what the checker really flags."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from persona.check.messages import DESCRIPTIONS_AR
from persona.check.registry import all_rules
from persona.guide.az_labels import AZ_LABELS
from persona.guide.i18n import LABELS, localize
from persona.loader import PersonaStore
from persona.model import Persona

from .conftest import PERSONA_EXE, REPO, SAMPLES

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
#: Names of file formats and tools, and the files Vale reads, written in Latin letters in Arabic
#: too (isolated in <bdi>).
PRODUCT_NAMES = frozenset({"CSV", "JSON", "Vale", "accept.txt", "reject.txt"})
LATIN_WORD = re.compile(r"[A-Za-z]{2,}|\b[A-Za-z]\b")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("content") / "site"
    run = subprocess.run([PERSONA_EXE, "guide", "build", "--out", str(out), "--personas", str(SAMPLES)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("content-hostile") / "site"
    run = subprocess.run([PERSONA_EXE, "guide", "build", "--out", str(out), "--personas", str(SAMPLES),
                          "--personas", str(HOSTILE)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return out


def personas(*folders: Path) -> list[Persona]:
    return PersonaStore.discover(list(folders or (SAMPLES,))).all()


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def arabic_pages(site: Path) -> Iterator[Path]:
    yield site / "ar" / "index.html"
    yield site / "ar" / "rules.html"
    yield site / "ar" / "voices.html"
    yield site / "ar" / "glossary.html"
    yield site / "ar" / "az.html"
    yield site / "ar" / "404.html"
    yield from sorted((site / "ar" / "personas").glob("*.html"))


class Article(HTMLParser):
    """The text of the page's own content (<article>), split into what is plain page prose and
    what sits in an isolate: <bdi>, <code>, or an element marked as English (lang="en")."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                      "track", "wbr"})
    ISOLATING = frozenset({"bdi", "code", "kbd", "script", "style", "svg"})

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.prose: list[str] = []  # text outside any isolate, inside <article>
        self.isolated: list[str] = []  # the text of each innermost isolate with Latin in it
        self.elements: list[tuple[str, dict[str, str], str]] = []  # (tag, attrs, text) of every element
        self._texts: list[list[str]] = []
        self._inner: list[bool] = []  # per open element: does it hold an isolate?
        self.feed(html)

    @classmethod
    def isolates(cls, tag: str, attrs: dict[str, str]) -> bool:
        """<bdi>, <code>…, English-marked or left-to-right isolated (HTML's dir attribute isolates)."""
        return tag in cls.ISOLATING or attrs.get("lang", "").startswith("en") or attrs.get("dir") == "ltr"

    def _isolated(self) -> bool:
        """In <bdi>, <code>…, or where the nearest lang/dir says English or left to right (an
        Arabic block inside an English section, ``<dd lang="ar" dir="rtl">``, is prose again)."""
        if any(tag in self.ISOLATING for tag, _ in self.stack):
            return True
        for _, attrs in reversed(self.stack):
            if "lang" in attrs or "dir" in attrs:
                return attrs.get("lang", "").startswith("en") or attrs.get("dir") == "ltr"
        return False

    def _in_article(self) -> bool:
        return any(tag == "article" for tag, _ in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        self.stack.append((tag, {k: v or "" for k, v in attrs}))
        self._texts.append([])
        self._inner.append(False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if not any(name == tag for name, _ in self.stack):
            return
        while self.stack:
            name, attrs = self.stack.pop()
            text = "".join(self._texts.pop())
            holds_isolate = self._inner.pop()
            if self._texts:
                self._texts[-1].append(text)
            if self._in_article() or name == "article":
                self.elements.append((name, attrs, text))
                if self.isolates(name, attrs):
                    if not holds_isolate and LATIN_WORD.search(text):
                        self.isolated.append(text)  # the innermost isolate: one term, link, example
                    if self._inner:
                        self._inner[-1] = True
                elif holds_isolate and self._inner:
                    self._inner[-1] = True
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._texts:
            self._texts[-1].append(data)
        if self._in_article() and not self._isolated():
            self.prose.append(data)

    def by_class(self, css: str) -> list[tuple[str, dict[str, str], str]]:
        return [e for e in self.elements if css in e[1].get("class", "").split()]


def data_strings(people: list[Persona]) -> list[str]:
    """Every string of the persona files, the rules' example drafts and the sample messages:
    what may legitimately show in Latin letters on an Arabic page (as data, isolated)."""
    from persona.guide.voices import SAMPLE_MESSAGES

    # the checker's Arabic texts quote English words (don't, we're): they are examples, not prose
    out: list[str] = [*SAMPLE_MESSAGES.values(), *DESCRIPTIONS_AR.values()]

    def walk(value: Any) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                out.append(str(key))
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for persona in people:
        walk(persona.model_dump(mode="json", by_alias=True))
    for rule in all_rules():
        out.append(rule.id)
        for example in rule.examples:
            out += [example.text, getattr(example, "channel", None) or "", getattr(example, "intent", None) or ""]
    return out


# --- 1. Arabic pages are in Arabic --------------------------------------------------------------


def test_arabic_pages_have_no_latin_word_outside_an_isolate(site: Path) -> None:
    for page in arabic_pages(site):
        prose = " ".join(Article(read(page)).prose)
        latin = LATIN_WORD.findall(prose)
        assert not latin, f"{page.relative_to(site)}: Latin words in Arabic prose: {sorted(set(latin))[:20]}"


def test_arabic_inside_the_a_to_z_english_section_is_read_as_prose(site: Path) -> None:
    """The A–Z's English section is lang="en", its entries' notes <dd lang="ar">: those are Arabic
    prose again, so the check above reads them (an English word there would fail it)."""
    from persona.guide.az_labels import az_label

    html = read(site / "ar" / "az.html")
    english_section = html[html.index('id="az-en"'):html.index('id="downloads"')]
    article = Article(f"<article>{english_section}</article>")
    prose = " ".join(article.prose)
    assert az_label("az_use", "ar") in prose and az_label("az_dont", "ar") in prose
    assert "affordable" not in prose  # the English terms themselves stay isolated
    assert "affordable" in " ".join(article.isolated)
    # and an English word dropped into such a note is caught
    leaked = english_section.replace(az_label("az_use", "ar"), "Use it", 1)
    assert "Use" in LATIN_WORD.findall(" ".join(Article(f"<article>{leaked}</article>").prose))


def test_latin_isolates_on_arabic_pages_hold_only_data(site: Path) -> None:
    """A <bdi> may hold a persona's English term, link or example, never the guide's own English."""
    data = data_strings(personas())
    # the checker's own word lists give a fixed "do" its words too ("Hey" → "Hello")
    lexicons = [path.read_text(encoding="utf-8") for path in (REPO / "persona" / "data").iterdir()]
    words = {w.lower() for item in [*data, *lexicons] for w in LATIN_WORD.findall(item)}
    rule_ids = {rule.id for rule in all_rules()}
    for page in arabic_pages(site):
        for text in Article(read(page)).isolated:
            stripped = text.strip().strip("\u200e\u200f")
            option = re.fullmatch(r"--[a-z][a-z-]*", stripped)  # a command-line option, as <code>
            # data as written, or made of its words (a "do" is an example's sentence with the fixes applied)
            ok = bool(option) or stripped in rule_ids or stripped in PRODUCT_NAMES \
                or any(stripped in item for item in data) \
                or all(w.lower() in words for w in LATIN_WORD.findall(stripped))
            assert ok, f"{page.relative_to(site)}: English that is not persona data: {stripped!r}"


def test_no_english_guide_text_on_arabic_pages(site: Path) -> None:
    english = [texts["en"] for texts in [*LABELS.values(), *AZ_LABELS.values()] if len(texts["en"].split()) >= 3]
    english += [str(rule.description) for rule in all_rules()]
    for page in arabic_pages(site):
        text = unescape(read(page))
        found = [e for e in english if e in text]
        assert not found, f"{page.relative_to(site)}: {found[:3]}"


def test_rules_page_gives_every_rule_its_arabic_description(site: Path) -> None:
    html = read(site / "ar" / "rules.html")
    article = Article(html)
    cards = article.by_class("pg-rule")
    assert len(cards) == len(all_rules())
    text = unescape(html)
    for rule in all_rules():
        assert rule.id in DESCRIPTIONS_AR, rule.id
        # The description's Arabic words are there (its Latin runs are isolated in <bdi>).
        words = re.sub(r"[A-Za-z'’\-]+", " ", DESCRIPTIONS_AR[rule.id]).split()
        assert all(word in text for word in words), rule.id
        assert str(rule.description) not in text
    english = read(site / "en" / "rules.html")
    assert all(str(rule.description).split(" (")[0] in unescape(english) for rule in all_rules())


def test_mixed_runs_are_isolated_in_bdi(site: Path) -> None:
    legal = read(site / "ar" / "personas" / "legal.html")
    # English vocabulary of the persona, on the Arabic page, each in its own isolate
    assert '<bdi lang="en" dir="ltr">beneficiaries</bdi>' in legal
    # a link inside Arabic persona prose, isolated left to right
    assert '<bdi dir="ltr">https://najiz.sa</bdi>' in legal
    # the Arabic description's English examples are isolated
    rules = read(site / "ar" / "rules.html")
    assert '<bdi lang="en" dir="ltr">don&#39;t</bdi>' in rules
    # and on the English site, Arabic runs in English text are isolated right to left
    english = read(site / "en" / "personas" / "legal.html")
    assert '<bdi lang="ar" dir="rtl">المستفيدين</bdi>' in english


def test_tolerance_is_isolated_so_it_never_reads_one_plus_minus(site: Path) -> None:
    for lang in ("ar", "en"):
        html = read(site / lang / "personas" / "legal.html")
        assert '<bdi dir="ltr">±1</bdi>' in html
    arabic = read(site / "ar" / "personas" / "legal.html")
    assert "±" in arabic and "±" not in re.sub(r"<bdi dir=\"ltr\">±\d+</bdi>", "", arabic)


def test_arrows_point_the_way_the_page_reads(site: Path) -> None:
    for lang, right, wrong in (("ar", "←", "→"), ("en", "→", "←")):
        html = read(site / lang / "voices.html")
        arrows = re.findall(r'<span class="pg-arrow" aria-hidden="true">(.)</span>', html)
        assert arrows and set(arrows) == {right}, (lang, set(arrows))
        article = html[html.index("<article"):html.index("</article>")]
        assert wrong not in article, lang


def test_sector_channel_and_language_are_named_in_the_page_language(site: Path) -> None:
    legal_ar = Article(read(site / "ar" / "personas" / "legal.html"))
    badges = " ".join(text for _, _, text in legal_ar.by_class("pg-badge"))
    assert "العدل والقضاء" in badges and "العربية" in badges and "الإنجليزية" in badges
    channels = " ".join(text for _, _, text in legal_ar.by_class("pg-chip"))
    assert "إكس" in channels
    home = Article(read(site / "ar" / "index.html"))
    assert not LATIN_WORD.findall(" ".join(home.prose))
    for name in ("الثقافة", "التعليم", "الترفيه", "فيسبوك", "إنستغرام"):
        assert name in " ".join(home.prose)
    english = read(site / "en" / "personas" / "legal.html")
    assert "Justice" in english and ">X<" in english


def test_an_unknown_sector_is_shown_as_written_and_escaped(hostile_site: Path) -> None:
    html = read(hostile_site / "ar" / "personas" / "hostile.html")
    assert "&lt;b&gt;sector&lt;/b&gt;" in html and "<b>sector</b>" not in html


def test_claims_have_one_chip_per_phrase_grouped_by_language(site: Path) -> None:
    legal = next(p for p in personas() if p.id == "legal")
    for lang in ("ar", "en"):
        html = read(site / lang / "personas" / "legal.html")
        claims = html[html.index('class="pg-claims"'):html.index('id="facts"')]
        article = Article(f"<article>{claims}</article>")
        chips = [unescape(text) for tag, attrs, text in article.elements
                 if tag == "li" and "pg-chip" in attrs.get("class", "")]
        for value in legal.values:
            for phrase in value.contradicted_by:
                assert phrase in chips, (lang, phrase)
        assert len(chips) == sum(len(v.contradicted_by) for v in legal.values)
        # grouped: in every claim's cell the page's own language comes first, each group labelled
        first = "بالعربية" if lang == "ar" else "In English"
        second = "بالإنجليزية" if lang == "ar" else "In Arabic"
        labels = re.findall(r'<span class="pg-chip-group-label">([^<]+)</span>', claims)
        assert labels[:2] == [first, second], labels[:2]
        assert "، <bdi" not in claims and ", <bdi" not in claims


def test_examples_in_the_page_language_come_first_others_are_folded_away(site: Path) -> None:
    legal = next(p for p in personas() if p.id == "legal")
    html = read(site / "ar" / "personas" / "legal.html")
    examples = html[html.index('class="pg-examples"'):]
    folded = examples[examples.index("<details"):]
    for example in legal.examples:
        before = localize(example.before, "ar")
        where = folded if before.fallback else examples[:examples.index("<details")]
        plain = unescape(re.sub(r"<[^>]+>", "", re.sub(r"<sup[^>]*>.*?</sup>", "", where)))
        assert unescape(before.text)[:20] in plain, before.text


# --- 2. The showcase: one message, every voice ----------------------------------------------------


def voice_cards(html: str) -> list[str]:
    body = html[html.index('class="pg-voices"'):html.index("</article>")]
    return body.split('<div class="pg-card pg-voice-card">')[1:]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_voice_scores_better_than_the_original_and_says_what_it_changed(site: Path, lang: str) -> None:
    from persona.check.engine import check_text
    from persona.guide.voices import SAMPLE_INTENT, SAMPLE_MESSAGES
    from persona.rewrite.rules import rewrite_offline

    message = SAMPLE_MESSAGES[lang]
    assert ("ar" if re.search("[\u0600-\u06ff]", message) else "en") == lang  # the page's own language
    html = read(site / lang / "voices.html")
    assert "Kindly print the form" not in html
    cards = voice_cards(html)
    people = [p for p in personas() if lang in p.languages]
    assert len(cards) == len(people)
    for persona, card in zip(people, cards, strict=True):
        before = int(re.search(r'class="pg-score-before"[^>]*>(\d+)<', card).group(1))  # type: ignore[union-attr]
        after = int(re.search(r'class="pg-score-after"[^>]*>(\d+)<', card).group(1))  # type: ignore[union-attr]
        # the figures are the real checker's and the real rewriter's
        result = rewrite_offline(persona, message, channel="x", intent=SAMPLE_INTENT)
        assert before == check_text(persona, message, channel="x", intent=SAMPLE_INTENT).score
        assert after == result.score
        assert after > before and after >= 90, (persona.id, before, after)
        changes = re.findall(r'<li><span class="pg-change-rule">', card)
        assert len(changes) == len(result.changes) > 0, persona.id
        count = re.search(r'class="pg-changes-title">[^<(]*\((\d+)\)', card)
        assert count and int(count.group(1)) == len(result.changes)
        for change in result.changes:
            assert change.rule in card
        assert "pg-rewritten" in card


def test_voices_differ_by_persona(site: Path) -> None:
    """The casual voices keep an exclamation mark and emoji; the most formal drops every emoji."""
    cards = dict(zip([p.id for p in personas() if "ar" in p.languages],
                     voice_cards(read(site / "ar" / "voices.html")), strict=True))
    rewritten = {pid: re.search(r'<p class="pg-rewritten"[^>]*>(.*?)</p>', card, re.S).group(1)  # type: ignore[union-attr]
                 for pid, card in cards.items()}
    assert "🎉" not in rewritten["legal"] and "!" not in rewritten["legal"]
    assert "🎉🎉" in rewritten["entertainment"] and "!" in rewritten["entertainment"]
    assert len(set(rewritten.values())) >= 3


# --- 3. Do/don't pairs beside each rule -----------------------------------------------------------


def section(html: str, start_id: str, end_id: str) -> str:
    return html[html.index(f'id="{start_id}"'):html.index(f'id="{end_id}"')]


def pairs_in(html: str) -> list[tuple[str, str, str]]:
    """(don't text, its marked words, do text) of every pair."""
    out = []
    for block in html.split('<div class="pg-dodont"')[1:]:
        block = re.sub(r'<span class="pg-dodont-label"><span[^>]*>[^<]*</span>[^<]*</span>', "", block)
        dont = re.search(r'<p class="pg-dont">(.*?)</p>', block, re.S).group(1)  # type: ignore[union-attr]
        do = re.search(r'<p class="pg-do">(.*?)</p>', block, re.S).group(1)  # type: ignore[union-attr]
        marked = re.search(r"<mark[^>]*>(.*?)</mark>", dont, re.S).group(1)  # type: ignore[union-attr]
        text = lambda h: unescape(re.sub(r"<[^>]+>", "", h))  # noqa: E731
        out.append((text(dont), text(marked), text(do)))
    return out


def example_mentions(persona: Persona, words: str) -> bool:
    return any(words in text for e in persona.examples for text in (localize(e.before, "ar").text,
                                                                    localize(e.before, "en").text))


def test_replaced_and_avoided_terms_have_do_dont_pairs_beside_them(site: Path) -> None:
    from persona.check.engine import check_text

    legal = next(p for p in personas() if p.id == "legal")
    html = read(site / "ar" / "personas" / "legal.html")
    vocabulary = section(html, "vocabulary", "claims")
    pairs = pairs_in(vocabulary)
    assert len(pairs) >= 4
    # a pair from the persona's own example: the flagged clause and the same clause fixed
    dont, marked, do = next(pair for pair in pairs if pair[1] == "لعملائنا")
    assert "يسرنا أن نعلن لعملائنا الكرام" in dont and "لمستفيدينا" in do and "لعملائنا" not in do
    # the "do" really passes what the "don't" breaks (the real checker, on both)
    flagged = {f.rule for f in check_text(legal, dont).findings}
    fixed = {f.rule for f in check_text(legal, do).findings}
    assert "vocabulary.prefer" in flagged and "vocabulary.prefer" not in fixed
    # an entry no example shows gets no made-up pair: «عريضة الدعوى» is in no example
    assert not any(example_mentions(legal, "عريضة الدعوى") for _ in [0])
    assert not any("عريضة الدعوى" in dont for dont, _, _ in pairs)
    # every pair's "do" passes the rule its "don't" breaks, with the real checker
    for dont, marked, do in pairs:
        assert any(f.match == marked for f in check_text(legal, dont).findings), dont
        assert not any(f.match == marked for f in check_text(legal, do).findings), do
    # each prefer row is followed by its pair
    assert vocabulary.count('class="pg-pair-row"') == len(pairs)


def test_writing_rules_claims_and_retired_facts_have_pairs(site: Path) -> None:
    html = read(site / "ar" / "personas" / "legal.html")
    voice = pairs_in(section(html, "voice", "audiences"))
    assert any(marked == "!!" and do.endswith(".") and "!" not in do for _, marked, do in voice)
    assert any(marked == "وش تبون" and "ماذا تريدون" in do for _, marked, do in voice)
    claims = pairs_in(section(html, "claims", "facts"))
    assert any("طباعة النموذج" in marked for _, marked, _ in claims)
    facts = pairs_in(section(html, "facts", "intents"))
    assert any(marked == "920000000" and "1950" in do for _, marked, do in facts)
    # every "do" is free of what its "don't" was flagged for
    for dont, marked, do in voice + claims + facts:
        assert marked not in do, (dont, do)


# --- 4. Tone by situation -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_tone_by_situation_shows_every_intent_and_occasion(site: Path, lang: str) -> None:
    from persona.guide.i18n import intent_name, occasion_name

    for persona in personas():
        html = read(site / lang / "personas" / f"{persona.id}.html")
        intents = section(html, "intents", "occasions")
        for name, intent in persona.intents.items():
            assert f"<h3>{intent_name(name, lang)}</h3>" in intents
            if intent.tone:
                assert localize(intent.tone, lang).text in unescape(re.sub(r"<[^>]+>", "", intents))
        occasions = section(html, "occasions", "examples")
        assert persona.occasions, persona.id  # every sample inherits the base's occasions
        text = unescape(re.sub(r"<[^>]+>", "", occasions))
        for name, occasion in persona.occasions.items():
            assert f"<h3>{occasion_name(name, lang)}</h3>" in occasions
            assert localize(occasion.tone, lang).text in text
            for item in [*occasion.do, *occasion.dont]:
                assert localize(item, lang).text in text
        assert occasions.count('class="pg-card pg-situation pg-occasion"') == len(persona.occasions)
    legal = read(site / "ar" / "personas" / "legal.html")
    crisis = section(legal, "occasion-1", "occasion-2")
    assert "الأزمات والطوارئ" in crisis and "بلا رموز تعبيرية" in crisis and "5/5" in crisis


def test_an_occasion_unknown_to_the_guide_is_named_by_the_persona(tmp_path: Path) -> None:
    folder = tmp_path / "personas"
    folder.mkdir()
    (folder / "museum.yaml").write_text(
        "id: museum\nname: {ar: متحف, en: Museum}\nlanguages: [ar, en]\nchannels: {x: {max_length: 280}}\n"
        "occasions:\n  heritage_week:\n    name: {ar: أسبوع التراث, en: Heritage week}\n"
        "    tone: {ar: احتفاء هادئ بالتراث, en: A quiet celebration of heritage}\n"
        "  <script>x</script>:\n    tone: {ar: نص, en: text}\n", encoding="utf-8")
    out = tmp_path / "site"
    run = subprocess.run([PERSONA_EXE, "guide", "build", "--out", str(out), "--personas", str(folder)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    arabic = read(out / "ar" / "personas" / "museum.html")
    assert "<h3>أسبوع التراث</h3>" in arabic and "احتفاء هادئ بالتراث" in arabic
    assert "<script>x</script>" not in arabic and "&lt;script&gt;x&lt;/script&gt;" in arabic


# --- 5. Before/after annotated with what the checker flags ----------------------------------------


def test_every_before_is_annotated_with_the_real_checkers_findings(site: Path) -> None:
    from persona.check.engine import check_text

    for lang in ("ar", "en"):
        for persona in personas():
            html = read(site / lang / "personas" / f"{persona.id}.html")
            examples = html[html.index('class="pg-examples"'):html.index("</article>")]
            for number, example in enumerate(persona.examples, start=1):
                card = examples.split(f'id="example-{number}"')[1].split('class="pg-example"')[0]
                before = localize(example.before, lang).text
                result = check_text(persona, before, channel=example.channel, intent=example.intent, lang=lang)
                spans = {(f.start, f.end) for f in result.findings if f.end > f.start}
                legend = re.findall(rf'<li id="example-{number}-f(\d+)"', card)
                assert len(legend) == len(result.findings), (persona.id, number)
                assert f"<strong>{result.score}</strong>/100" in card
                marks = re.findall(r'<mark class="pg-flag pg-flag-(\w+)" title="([^"]*)" '
                                   r'aria-describedby="([^"]*)">(.*?)</mark>', card, re.S)
                assert bool(marks) == bool(spans)
                for _severity, title, described, _ in marks:
                    for ref in described.split():
                        assert f'id="{ref}"' in card  # every mark points at its legend entry
                    assert title
                for finding in result.findings:
                    assert unescape(finding.message) in unescape(re.sub(r"<[^>]+>", "", card))
                    if finding.end > finding.start:
                        marked = "".join(unescape(re.sub(r"<sup.*?</sup>|<[^>]+>", "", m[3])) for m in marks)
                        assert finding.match in marked


def test_annotations_on_the_arabic_page_speak_arabic(site: Path) -> None:
    html = read(site / "ar" / "personas" / "legal.html")
    # the English example (folded away) is annotated in Arabic too, its words isolated
    assert "تجنّب «<bdi lang=\"en\" dir=\"ltr\">guarantee</bdi>»" in html
    legend = " ".join(re.findall(r'<ol class="pg-legend">(.*?)</ol>', html, re.S))
    assert "Avoid" not in legend and "Write" not in legend
