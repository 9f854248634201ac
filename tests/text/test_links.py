"""Links as X makes them (persona.text.links): twitter-text's conformance data, X's rules, Arabic drafts.

One finder serves the rules, the tokenisers and X's length count; these tests hold it to
twitter-text's own conformance cases (tests/fixtures/twitter-text, 108 cases) and to the
reference implementation (twitter-text-parser, a test dependency), then to rules written
from X's documentation and to realistic Arabic drafts with their hard negatives.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from twitter_text.extract_urls import extract_urls_with_indices

from persona.text import tokens, xcount
from persona.text.links import canonical_link, find_link_offsets, link_is_verified

CONFORMANCE = Path(__file__).resolve().parent.parent / "fixtures" / "twitter-text" / "extract-urls.yml"
SECTIONS = ("urls", "urls_with_indices", "urls_with_directional_markers", "tco_urls_with_params")


def links(text: str) -> list[str]:
    return [text[a:b] for a, b in find_link_offsets(text)]


def _cases() -> list[tuple[str, dict[str, Any]]]:
    data = yaml.safe_load(CONFORMANCE.read_text(encoding="utf-8"))["tests"]
    return [(section, case) for section in SECTIONS for case in data[section]]


CASES = _cases()


def test_the_conformance_data_is_all_108_url_cases() -> None:
    assert len(CASES) == 108


@pytest.mark.parametrize(("section", "case"), CASES, ids=[f"{s}:{c['description'][:50]}" for s, c in CASES])
def test_conformance_case(section: str, case: dict[str, Any]) -> None:
    text = case["text"]
    found = [(text[a:b], [a, b]) for a, b in find_link_offsets(text)]
    expected = case["expected"]
    assert [url for url, _ in found] == [e["url"] if isinstance(e, dict) else e for e in expected]
    for (_, indices), e in zip(found, expected, strict=True):
        if isinstance(e, dict):
            assert indices == e["indices"]
    # ... and the reference implementation finds the same, at the same offsets
    reference = [(u["url"], u["indices"]) for u in extract_urls_with_indices(text)]
    assert found == [(url, list(ix)) for url, ix in reference]


# --- one finder for every part -------------------------------------------------------

_PIECES = st.sampled_from([
    " ", "\n", ".", ",", "!", "?", ")", "(", "/", "@", "#", "$", "-", "_", "'", "«", "»", "،", "؟",
    "https://", "http://", "www.", "t.co/", "abc", "x.com", "moj.gov.sa", "najiz.sa", "وزارة", ".السعودية",
    ".sa", ".com", ".pdf", ".py", "3.5", "info@", "ال", "中国", "xn--", "\u200f", "\u2066",
])  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join))
def test_rules_tokens_and_x_count_share_one_finder(text: str) -> None:
    offsets = find_link_offsets(text)
    assert [(s.start, s.end) for s in tokens.find_links(text)] == offsets
    assert xcount.x_url_spans(text) == offsets
    assert [tuple(u["indices"]) for u in extract_urls_with_indices(text)] == offsets


# --- X's rules, one by one ------------------------------------------------------------


def test_bare_domains_are_links_with_or_without_a_path() -> None:
    assert links("Book at webook.com or t.co today") == ["webook.com", "t.co"]
    assert links("moj.gov.sa/services and najiz.sa") == ["moj.gov.sa/services", "najiz.sa"]
    assert links("EXAMPLE.COM, Example.Sa.") == ["EXAMPLE.COM", "Example.Sa"]


def test_a_bare_domain_needs_one_of_xs_top_level_domains() -> None:
    # .pdf .txt .js .jpg are no TLD on X; .py (Paraguay) and .md (Moldova) are
    assert links("report.pdf notes.txt Node.js photo.jpg data.csv") == []
    assert links("app.py readme.md") == ["app.py", "readme.md"]
    assert links("foo.baz www.xxxxxxx.baz foo.comm") == []  # www. does not make a TLD


def test_internationalised_and_arabic_hosts_need_a_scheme() -> None:
    assert links("https://وزارة.السعودية") == ["https://وزارة.السعودية"]
    assert links("http://الرياض.com/") == ["http://الرياض.com/"]
    assert links("https://موقع.وزارة-الصحة.السعودية/") == ["https://موقع.وزارة-الصحة.السعودية/"]
    # without one, X links only ASCII names: an Arabic name with a dot is prose
    assert links("زوروا وزارة.السعودية") == []
    assert links("الرياض.com") == []
    assert links("www.وزارة.السعودية") == []


def test_non_latin_top_level_domains_are_not_cut_short() -> None:
    assert links("najiz.السعودية") == ["najiz.السعودية"]
    assert links("test http://foobar.پاکستان/ http://foobar.中国/") == ["http://foobar.پاکستان/", "http://foobar.中国/"]
    assert links("example.comてすとですtwitter.みんなです") == ["example.com", "twitter.みんな"]


def test_arabic_letters_end_a_path_as_they_do_on_x() -> None:
    assert links("https://وزارة.السعودية/خدمات") == ["https://وزارة.السعودية/"]
    assert links("https://najiz.sa/خدمات، ثم") == ["https://najiz.sa/"]
    assert links("https://twitter.com/Русские_слова") == ["https://twitter.com/Русские_слова"]  # Cyrillic is kept


def test_trailing_punctuation_is_not_part_of_a_link() -> None:
    assert links("Visit moj.gov.sa. Or najiz.sa, or x.com/a! Or https://x.com/b?") == [
        "moj.gov.sa", "najiz.sa", "x.com/a", "https://x.com/b"]
    assert links("(see https://x.com/a_(b)) and (moj.gov.sa)") == ["https://x.com/a_(b)", "moj.gov.sa"]
    assert links("«najiz.sa» “x.com/a”") == ["najiz.sa", "x.com/a"]


def test_tco_links_end_after_their_slug() -> None:
    text = "http://t.co/pbY2NfTZ's http://t.co/8MkmHU0k+c http://t.co/TKLp64dY.x http://t.co/FNkPfmii-"
    assert links(text) == ["http://t.co/pbY2NfTZ", "http://t.co/8MkmHU0k", "http://t.co/TKLp64dY",
                           "http://t.co/FNkPfmii"]
    assert links("http://t.co/" + "a" * 41) == []  # a slug over 40 characters
    assert links("http://t.co/" + "a" * 40) == ["http://t.co/" + "a" * 40]


def test_hosts_x_rejects() -> None:
    for host in ("-lead.twitter.com", "trail-.twitter.com", "_lead.twitter.com", "twitter_underscore.com",
                 "twitter.c_o_m", "tld-too-short.x", "localhost", "localhost:8000"):
        assert links(f"test http://{host}/x") == [], host
    assert links("http://domain.com-that-you-should-have-put-a-space-after") == []


def test_what_comes_before_a_link() -> None:
    # an e-mail address, a cashtag, a hashtag or a mention is no link
    assert links("info@moj.gov.sa mailto:info@moj.gov.sa #test.com @test.com $t.co/abc") == []
    # after - _ . / a bare name is no link either
    assert links("-najiz.sa _najiz.sa /najiz.sa") == []
    # bidi marks are no obstacle (an Arabic post often has them)
    assert links("\u200fnajiz.sa \u2066https://x.com/a\u2069") == ["najiz.sa", "https://x.com/a"]


def test_decimals_versions_and_abbreviations_are_not_links() -> None:
    assert links("3.5 kg, 8.30 pm, v1.2.3, 3.5.2, e.g. this, i.e. that, U.S.A. and a.m.") == []
    assert links("Mr.Smith Dr.Ali") == []


def test_the_length_bound_of_a_url() -> None:
    assert links("http://x.com/" + "a" * (4096 - len("http://x.com/") - len("https://"))) != []
    assert links("http://x.com/" + "a" * 5000) == []


# --- Arabic drafts ---------------------------------------------------------------------

ARABIC_DRAFTS = [
    # (draft, the links in it)
    ("أطلقت وزارة العدل خدمة التوثيق الإلكتروني عبر منصة najiz.sa، ويمكنكم البدء اليوم.", ["najiz.sa"]),
    ("للاطلاع على التفاصيل زوروا https://www.moj.gov.sa/ar/services.", ["https://www.moj.gov.sa/ar/services"]),
    ("رابط التسجيل: https://وزارة.السعودية/تسجيل", ["https://وزارة.السعودية/"]),
    ("ترا التسجيل سهل مرة، ادخل على webook.com وخلصها بدقيقة 👌", ["webook.com"]),
    ("يا جماعة الرابط هذا t.co/Ab12Cd34 لا تفوتكم الفعالية!", ["t.co/Ab12Cd34"]),
    # hard negatives: prose with a dot and no space, decimals, file names, e-mail addresses
    ("صدر قرار الوزارة.السعودية ماضية في التحول الرقمي.", []),
    ("ارتفع المؤشر 3.5 نقطة، والتقرير الكامل في الملف report.pdf المرفق.", []),
    ("راسلونا على info@moj.gov.sa وسنرد عليكم خلال يومين.", []),
    ("حملوا تطبيق Najiz. السعودية تتقدم رقميًا.", []),
    ("نشكر فريق Tawakkalna.وهذا إنجاز للجميع.", []),
    ("الإصدار 2.4.1 متاح الآن، إلخ.", []),
]


@pytest.mark.parametrize(("draft", "expected"), ARABIC_DRAFTS, ids=[d[:30] for d, _ in ARABIC_DRAFTS])
def test_arabic_draft(draft: str, expected: list[str]) -> None:
    assert links(draft) == expected
    assert [u["url"] for u in extract_urls_with_indices(draft)] == expected  # as X itself sees it


def test_an_ascii_name_before_an_arabic_tld_is_a_link_as_on_x() -> None:
    # X's rule, and a trap of Arabic typing: a missing space before «السعودية» makes a link
    assert links("حملوا تطبيق Najiz.السعودية تتقدم") == ["Najiz.السعودية"]


# --- verification ----------------------------------------------------------------------


def test_an_arabic_host_and_its_punycode_are_one_host() -> None:
    arabic = "https://وزارة.السعودية"
    puny = "https://" + "وزارة.السعودية".encode("idna").decode("ascii")
    assert canonical_link(arabic + "/x") == puny + "/x"
    assert link_is_verified(arabic + "/", [puny])
    assert link_is_verified(puny + "/x", [arabic])
    assert not link_is_verified("https://وزارة-العدل.السعودية/", [arabic])
    assert not link_is_verified("https://وزارة.السعودية.evil.com/", [arabic])


def test_a_look_alike_letter_is_another_host() -> None:
    assert not link_is_verified("https://najiz.s\u0430/", ["https://najiz.sa"])  # Cyrillic а
    assert not link_is_verified("https://my.gov.sa@evil.com", ["https://my.gov.sa"])
    assert link_is_verified("HTTPS://NAJIZ.SA:443/x", ["https://najiz.sa:443"])


# --- the rules, through the installed script --------------------------------------------


def _findings(persona_exe: Callable[..., Any], draft: str, *args: str) -> list[dict[str, Any]]:
    samples = Path(__file__).resolve().parent.parent.parent / "personas"
    run = persona_exe("check", "-", "--as", "legal", "--format", "json", *args,
                      env={"PERSONA_PATH": str(samples)}, input=draft)
    assert run.code in (0, 1), run.stderr
    return json.loads(run.stdout)["results"][0]["findings"]


def _rule(found: list[dict[str, Any]], rule: str) -> list[str]:
    return [f["match"] for f in found if f["rule"] == rule]


def test_unverified_arabic_and_bare_domains_are_findings(persona_exe: Callable[..., Any]) -> None:
    draft = ("رابط التسجيل: https://وزارة.السعودية/تسجيل\n"
             "أو احجزوا من webook.com أو najiz.sa/services أو t.co/Ab12")
    found = _findings(persona_exe, draft)
    assert _rule(found, "facts.unverified") == ["https://وزارة.السعودية/", "webook.com", "t.co/Ab12"]


def test_hard_negatives_are_no_link_findings(persona_exe: Callable[..., Any]) -> None:
    draft = ("صدر قرار الوزارة.السعودية ماضية في التحول الرقمي. ارتفع المؤشر 3.5 نقطة.\n"
             "التقرير في report.pdf وراسلونا على info@moj.gov.sa")
    found = _findings(persona_exe, draft)
    assert _rule(found, "facts.unverified") == []


def test_bare_domains_count_as_links_on_x(persona_exe: Callable[..., Any]) -> None:
    found = _findings(persona_exe, "الخدمة متاحة عبر najiz.sa و moj.gov.sa", "--channel", "x")
    assert _rule(found, "channel.links") == ["moj.gov.sa"]  # legal's x allows one link


def test_a_token_gives_the_same_links_wherever_and_however_often_it_is_written() -> None:
    """Links are found token by token (and remembered per token): the same token gives the same
    links at the start of a text, after a space or a line break, and the second time too."""
    from persona.text.links import find_link_offsets

    for _ in range(2):
        for text in ("moj.gov.sa/x", " moj.gov.sa/x", "\nmoj.gov.sa/x", "زوروا moj.gov.sa/x اليوم"):
            start = text.index("moj")
            assert find_link_offsets(text) == [(start, start + len("moj.gov.sa/x"))], repr(text)
        for text in ("#moj.gov.sa", "info@moj.gov.sa", "-moj.gov.sa", "report.pdf"):
            assert find_link_offsets(text) == [], repr(text)
        assert find_link_offsets("https://najiz.sa/خدمات و https://najiz.sa/خدمات") == [(0, 17), (25, 42)]


def test_a_long_token_is_searched_but_not_remembered() -> None:
    """Only short tokens' links are remembered: a draft of huge distinct tokens cannot grow the memo."""
    from persona.text import links

    for n in range(3):
        token = "https://moj.gov.sa/" + "a" * (3000 + n) + "?q=" + "x" * n
        before = links._remembered_links.cache_info().currsize
        assert links.find_link_offsets("See " + token) == [(4, 4 + len(token))]
        assert links._remembered_links.cache_info().currsize == before
