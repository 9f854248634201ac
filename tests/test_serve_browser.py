"""The drafting desk in a real browser: Debian's Chromium, driven by Playwright, against `persona serve`.

The server is the installed script on a free port. Drafts are typed with real
keystrokes. Every test fails on a console error, on a request to any host but
127.0.0.1 and on any JavaScript dialog. Screenshots go to each test's tmp_path
(and to $PERSONA_SCREENSHOTS when set, to look at them).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import SAMPLES
from tests.serve_server import ServeProcess

pytestmark = pytest.mark.browser

# Saudi dialect (وش رايكم), the ministry's retired number and an emoji: three findings in one line.
ARABIC = "وش رايكم بالخدمة الجديدة؟ للاستفسار اتصلوا على 920000000 😀"
ENGLISH = "Dear customers, call 920000000 to register your case."
TOKEN = "desk-browser-token-5e6f7a8b9c0d"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    log = tmp_path_factory.mktemp("desk") / "serve.log"
    with ServeProcess(["--personas", str(SAMPLES), "--rate-limit", "0"], log) as running:
        yield running




@dataclass
class Watched:
    """A page and everything that must not happen on it."""

    page: Any
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.errors == [], "console errors"
        assert self.external == [], "requests off 127.0.0.1"
        assert self.dialogs == [], "a script ran"
        assert self.requested, "the page made no request at all"


def _local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


def open_page(browser: Any, **options: Any) -> tuple[Any, Watched]:
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
    page = context.new_page()
    watch = Watched(page)
    page.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.errors.append(str(e)))

    def on_request(request: Any) -> None:
        watch.requested.append(request.url)
        if not _local(request.url):
            watch.external.append(request.url)

    page.on("request", on_request)

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return context, watch


@pytest.fixture
def desk(browser: Any) -> Iterator[Watched]:
    context, watch = open_page(browser, permissions=["clipboard-read", "clipboard-write"])
    yield watch
    context.close()


def shot(page: Any, tmp_path: Path, name: str) -> None:
    page.screenshot(path=tmp_path / name, full_page=True)
    keep = os.environ.get("PERSONA_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp_path / name, Path(keep) / name)


def open_desk(watch: Watched, server: ServeProcess, lang: str, persona: str = "legal") -> Any:
    page = watch.page
    page.goto(f"{server.url}/desk/{lang}/?persona={persona}")
    page.wait_for_selector("body[data-ready=true]")
    return page


def type_draft(page: Any, text: str, wait_for_rule: str) -> None:
    page.locator("#draft").click()
    page.keyboard.type(text, delay=15)
    page.wait_for_function("t => document.querySelector('#draft').value === t", arg=text)
    page.wait_for_selector(f".finding[data-rule='{wait_for_rule}']")
    page.wait_for_function("() => document.querySelectorAll('#marks mark').length > 0")


def marks(page: Any) -> list[dict[str, Any]]:
    """Each mark under the draft: its text, the rules it marks, and where it is on screen."""
    return page.eval_on_selector_all("#marks mark", """els => els.map(m => {
        const r = m.getBoundingClientRect();
        return {text: m.textContent, rules: m.dataset.rules.split(' '), x: r.x, right: r.right, y: r.y};
    })""")


def mark_for(found: list[dict[str, Any]], rule: str) -> dict[str, Any]:
    matching = [m for m in found if rule in m["rules"]]
    assert matching, f"no mark for {rule}: {found}"
    return matching[0]


# -- Arabic -------------------------------------------------------------------------------------


def test_arabic_draft_marks_dialect_retired_number_and_emoji_in_place(
        desk: Watched, server: ServeProcess, tmp_path: Path) -> None:
    page = open_desk(desk, server, "ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    type_draft(page, ARABIC, "voice.emoji")
    page.wait_for_selector(".finding[data-rule='facts.retired']")
    found = marks(page)
    informal, retired, emoji = (mark_for(found, rule) for rule in ("voice.informal", "facts.retired", "voice.emoji"))
    assert informal["text"].startswith("وش") and ARABIC.startswith(informal["text"])
    assert retired["text"] == "920000000"
    assert emoji["text"] == "😀"
    # Right to left: the first words of the draft are on the right, the emoji at the end on the left.
    assert informal["x"] > retired["x"] > emoji["x"]
    assert page.eval_on_selector("#marks", "el => el.matches(':dir(rtl)')")
    editor = page.locator("#editor").bounding_box()
    for mark in (informal, retired, emoji):
        assert editor["x"] <= mark["x"] and mark["right"] <= editor["x"] + editor["width"]
    # Each finding's offsets slice the draft to its match, as the API says.
    for item in page.locator(".finding").all():
        start, end = int(item.get_attribute("data-start")), int(item.get_attribute("data-end"))
        match = item.locator(".match")
        if end > start:
            assert "".join(list(ARABIC)[start:end]) in match.inner_text()
    count = page.locator("#xcount")
    assert count.get_attribute("data-length") == str(len(ARABIC) + 1)  # the emoji counts 2, as on X
    assert "/280" in count.inner_text()
    shot(page, tmp_path, "desk-ar-findings.png")
    desk.assert_clean()


def test_arabic_apply_a_fix(desk: Watched, server: ServeProcess, tmp_path: Path) -> None:
    page = open_desk(desk, server, "ar")
    type_draft(page, ARABIC, "facts.retired")
    page.locator(".finding[data-rule='facts.retired'] button.apply").click()
    page.wait_for_function("() => document.querySelector('#draft').value.includes('1950')")
    assert page.locator("#draft").input_value() == ARABIC.replace("920000000", "1950")
    page.wait_for_function("() => !document.querySelector(\".finding[data-rule='facts.retired']\")")
    assert page.locator(".finding[data-rule='voice.emoji']").count() == 1  # the rest is still there
    assert "1950" in page.locator("#status").inner_text()
    shot(page, tmp_path, "desk-ar-fixed.png")
    desk.assert_clean()


def test_arabic_every_voice_rewrite_and_copy(desk: Watched, server: ServeProcess, tmp_path: Path) -> None:
    page = open_desk(desk, server, "ar")
    page.locator("#persona").select_option("all")
    type_draft(page, ARABIC, "facts.retired")
    assert page.locator(".voice-group").count() == len(list(SAMPLES.glob("*.yaml")))
    page.locator("#rewrite").click()
    page.wait_for_selector(".card")
    expected = httpx.post(server.url + "/api/v1/rewrite", json={"text": ARABIC, "persona": "all"}, timeout=60).json()
    cards = page.locator(".card")
    assert cards.count() == len(expected["results"])
    assert [c.get_attribute("data-persona") for c in cards.all()] == [r["persona"] for r in expected["results"]]
    legal = page.locator(".card[data-persona='legal']")
    assert legal.locator("ins").count() > 0 and "1950" in legal.locator(".text").inner_text()
    assert "facts.retired" in legal.inner_text()  # what changed
    legal.locator("button.copy").click()
    page.wait_for_function("() => document.querySelector('#status').textContent.length > 0")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == next(r["text"] for r in expected["results"] if r["persona"] == "legal")
    shot(page, tmp_path, "desk-ar-every-voice.png")
    desk.assert_clean()


# -- English ---------------------------------------------------------------------------------------


def test_english_marks_apply_and_rewrite(desk: Watched, server: ServeProcess, tmp_path: Path) -> None:
    page = open_desk(desk, server, "en")
    assert page.locator("html").get_attribute("dir") == "ltr"
    type_draft(page, ENGLISH, "facts.retired")
    found = marks(page)
    customers, retired = mark_for(found, "vocabulary.prefer"), mark_for(found, "facts.retired")
    assert (customers["text"], retired["text"]) == ("customers", "920000000")
    assert customers["x"] < retired["x"]  # left to right
    shot(page, tmp_path, "desk-en-findings.png")
    page.locator(".finding[data-rule='vocabulary.prefer'] button.apply").click()
    page.wait_for_function("() => document.querySelector('#draft').value.includes('beneficiaries')")
    assert page.locator("#draft").input_value() == ENGLISH.replace("customers", "beneficiaries")
    page.locator("#rewrite").click()
    page.wait_for_selector(".card[data-persona='legal']")
    assert "1950" in page.locator(".card .text").inner_text()
    shot(page, tmp_path, "desk-en-rewrite.png")
    desk.assert_clean()


def test_keyboard_only(desk: Watched, server: ServeProcess) -> None:
    page = open_desk(desk, server, "en")
    for _ in range(12):  # from the top of the page to the draft with Tab alone
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "draft":
            break
    assert page.evaluate("document.activeElement.id") == "draft"
    page.keyboard.type(ENGLISH, delay=15)
    page.wait_for_selector(".finding[data-rule='vocabulary.prefer'] button.apply")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('apply')"):
            break
    assert page.evaluate("document.activeElement.closest('.finding').dataset.rule") == "vocabulary.prefer"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#draft').value.includes('beneficiaries')")
    assert page.evaluate("document.activeElement.id") == "draft"  # back in the draft, at the fix
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(".card")
    desk.assert_clean()


def test_phone_viewport(browser: Any, server: ServeProcess, tmp_path: Path) -> None:
    context, watch = open_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True,
                               has_touch=True, device_scale_factor=2)
    try:
        page = open_desk(watch, server, "ar")
        page.locator("#persona").select_option("all")
        type_draft(page, ARABIC, "voice.emoji")
        page.locator("#rewrite").tap()
        page.wait_for_selector(".card")
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 390  # nothing sideways
        boxes = [card.bounding_box() for card in page.locator(".card").all()[:2]]
        assert boxes[1]["y"] >= boxes[0]["y"] + boxes[0]["height"]  # stacked, one per row
        assert page.locator("#draft").bounding_box()["width"] <= 390
        assert page.locator("#rewrite").bounding_box()["height"] >= 44  # a thumb-sized target
        shot(page, tmp_path, "desk-ar-phone.png")
        watch.assert_clean()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_axe_finds_no_violation(browser: Any, server: ServeProcess, lang: str, axe_js: Path) -> None:
    context, watch = open_page(browser, bypass_csp=True)  # axe is injected as a script tag
    try:
        page = open_desk(watch, server, lang)
        type_draft(page, ARABIC if lang == "ar" else ENGLISH, "facts.retired")
        page.locator("#rewrite").click()
        page.wait_for_selector(".card")
        page.add_script_tag(path=str(axe_js))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
        assert violations == []
        watch.assert_clean()
    finally:
        context.close()


def test_the_desk_asks_for_the_token_once(browser: Any, tmp_path: Path) -> None:
    args = ["--host", "0.0.0.0", "--personas", str(SAMPLES)]
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    with ServeProcess(args, tmp_path / "log", env={"PERSONA_TOKEN": TOKEN}, headers=bearer) as server:
        context, watch = open_page(browser)
        try:
            page = watch.page
            page.goto(f"{server.url}/desk/en/?persona=legal")
            page.wait_for_selector("#token-form:not([hidden])")
            assert page.evaluate("document.activeElement.id") == "token"
            page.keyboard.type(TOKEN)
            page.keyboard.press("Enter")
            page.wait_for_selector("body[data-ready=true]")
            page.reload()  # asked once: the tab remembers it
            page.wait_for_selector("body[data-ready=true]")
            assert page.locator("#token-form").is_hidden()
            type_draft(page, ENGLISH, "facts.retired")
            watch.assert_clean()
        finally:
            context.close()


def test_the_guide_from_the_desk(desk: Watched, server: ServeProcess) -> None:
    server.wait_for_guide()
    page = open_desk(desk, server, "ar")
    page.locator("#guide-link").click()
    page.wait_for_url("**/guide/ar/**")
    assert page.locator("html").get_attribute("dir") == "rtl"
    desk.assert_clean()
