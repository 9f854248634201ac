"""Issue 16 items 9 and 10: what reaches a terminal is clean, and bad input never gives a traceback.

Item 9: terminal control sequences (OSC title and hyperlink, CSI clear-screen, C1 controls, BEL,
bidi overrides) in persona strings, file names, JSONL ids, ``--channel``, model answers and
endpoint errors never reach stdout or stderr raw — in every format, although the output here is
a pipe, not a terminal. JSON (and SARIF) stay valid and carry C1 characters as ``\\u009b`` escapes,
so nothing is lost for whoever parses them.

Item 10: inputs that used to end in a Python traceback give one line and exit 2.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from persona.terminal import strip_controls
from tests.chat_server import ChatServer, Reply
from tests.conftest import Run

OSC_TITLE = "\x1b]0;PWNED\x07"
OSC_LINK = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"
CLEAR = "\x1b[2J\x1b[H"
C1_CSI = "\x9b2J"
C1_OSC = "\x9d0;C1TITLE\x9c"
RLO = "\u202eexe.txt"
HOSTILE = f"{OSC_TITLE}{OSC_LINK}{CLEAR}{C1_CSI}{C1_OSC}{RLO}\x07"
#: What must never be printed: ESC, BEL, any C1 control, the bidi embeddings and overrides.
RAW = re.compile("[\x1b\x07\x80-\x9f\u202a-\u202e]")


def yaml_string(text: str) -> str:
    """``text`` as a double-quoted YAML scalar (escapes for every control)."""
    return json.dumps(text)  # JSON's escapes are YAML's: \u001b, \u009b, \u202e


def assert_clean(run: Run) -> None:
    for name, stream in (("stdout", run.stdout), ("stderr", run.stderr)):
        found = RAW.search(stream)
        assert found is None, f"raw {found[0]!r} on {name}: {stream[max(0, found.start() - 40):found.end() + 40]!r}"
    assert "Traceback" not in run.stderr, run.stderr


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
       | st.lists(st.sampled_from([OSC_TITLE, OSC_LINK, CLEAR, C1_CSI, C1_OSC, RLO, "\\", "a", "ب", "\n", '"']),
                  max_size=12).map("".join))
def test_strip_controls_keeps_json_valid_and_faithful(text: str) -> None:
    printed = strip_controls(json.dumps({"v": text}, ensure_ascii=False))
    assert RAW.search(printed) is None
    assert json.loads(printed) == {"v": text}
    assert RAW.search(strip_controls(text)) is None


@pytest.fixture
def hostile_persona(tmp_path: Path) -> Path:
    folder = tmp_path / "personas"
    folder.mkdir()
    (folder / "evil.yaml").write_text(
        "id: evil\n"
        f"name: {{en: {yaml_string('Evil ' + HOSTILE + ' Corp')}, ar: {yaml_string('شركة ' + HOSTILE)}}}\n"
        f"summary: {{en: {yaml_string(HOSTILE)}, ar: {yaml_string(HOSTILE)}}}\n"
        "voice: {formality: 3}\n"
        "channels: {x: {max_length: 280}}\n"
        "vocabulary:\n"
        "  avoid:\n"
        "    - term: hereby\n"
        f"      reason: {{en: {yaml_string('Bad ' + HOSTILE)}, ar: {yaml_string('سيئ ' + HOSTILE)}}}\n"
        "      severity: error\n",
        encoding="utf-8")
    return folder


@pytest.fixture
def hostile_drafts(tmp_path: Path) -> list[Path]:
    named = tmp_path / f"post{OSC_TITLE}{CLEAR}\u202e.md"
    named.write_text(f"We hereby announce {HOSTILE} the new service.\n", encoding="utf-8")
    archive = tmp_path / "posts.jsonl"
    archive.write_text(
        json.dumps({"id": f"a{HOSTILE}", "text": "We hereby announce it.", "channel": f"x{OSC_TITLE}"}) + "\n"
        + json.dumps({"id": f"b{C1_CSI}", "text": "نعلن hereby الخدمة"}) + "\n",
        encoding="utf-8")
    return [named, archive]


def test_list_show_and_validate_print_no_control(persona_exe: Callable[..., Run], hostile_persona: Path) -> None:
    for args in (("list",), ("show", "evil"), ("validate",), ("show", "evil", "--format", "json")):
        run = persona_exe(*args, "--personas", str(hostile_persona))
        assert run.code in (0, 2), (args, run.stderr)
        assert_clean(run)
    listed = persona_exe("list", "--personas", str(hostile_persona))
    assert "Evil" in listed.stdout and "Corp" in listed.stdout and "\\u009b" in listed.stdout


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
@pytest.mark.parametrize("channel", [None, f"x{OSC_TITLE}{C1_CSI}"])
def test_check_prints_no_control_in_any_format(persona_exe: Callable[..., Run], hostile_persona: Path,
                                               hostile_drafts: list[Path], fmt: str, channel: str | None) -> None:
    args = ["check", *map(str, hostile_drafts), "--as", "evil", "--personas", str(hostile_persona), "--format", fmt]
    if channel:
        args += ["--channel", channel]
    run = persona_exe(*args)
    assert run.code in (1, 2), run.stderr
    assert_clean(run)
    if fmt in ("json", "sarif") and run.code == 1:
        json.loads(run.stdout)  # still valid JSON
    if fmt == "json" and run.code == 1:
        sources = [r["source"] for r in json.loads(run.stdout)["results"]]
        assert any(s.endswith(f"#a{HOSTILE}") for s in sources), "JSON loses nothing: every control, escaped"
        assert any(s.endswith(f"#b{C1_CSI}") for s in sources), sources


def test_json_output_carries_c1_escaped(persona_exe: Callable[..., Run], hostile_persona: Path,
                                        hostile_drafts: list[Path]) -> None:
    run = persona_exe("check", str(hostile_drafts[1]), "--as", "evil", "--personas", str(hostile_persona),
                      "--format", "json")
    assert run.code == 1 and "\\u009b" in run.stdout and "\x9b" not in run.stdout
    parsed = json.loads(run.stdout)
    assert parsed["results"][1]["source"].endswith(f"#b{C1_CSI}")
    messages = [f["message"] for r in parsed["results"] for f in r["findings"]]
    assert any(C1_CSI in m and OSC_TITLE in m for m in messages), "nothing of the message is lost in JSON"


def test_stdin_filename_and_text_from_stdin(persona_exe: Callable[..., Run], hostile_persona: Path) -> None:
    run = persona_exe("check", "-", "--stdin-filename", f"n{OSC_TITLE}{C1_OSC}.md", "--as", "evil",
                      "--personas", str(hostile_persona), input=f"We hereby {HOSTILE} say.\n")
    assert run.code == 1
    assert_clean(run)


@pytest.fixture
def server():
    with ChatServer() as running:
        yield running


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_rewrite_prints_no_control_from_the_model(persona_exe: Callable[..., Run], samples: Path,
                                                 server: ChatServer, tmp_path: Path, fmt: str) -> None:
    server.responder = lambda _r: Reply(content=f"Beneficiaries can register {HOSTILE} online.")
    env = {**server.env(), "PERSONA_CACHE_DIR": str(tmp_path / "cache")}
    run = persona_exe("rewrite", "Dear customers!!", "--as", "legal", "--backend", "openai", "--format", fmt,
                      "--personas", str(samples), "--retries", "0", env=env)
    assert run.code in (0, 1), run.stderr
    assert_clean(run)
    assert "Beneficiaries can register" in run.stdout
    if fmt == "json":
        assert C1_CSI in json.dumps(json.loads(run.stdout), ensure_ascii=False)


@pytest.mark.parametrize("status", [400, 500])
def test_rewrite_prints_no_control_from_an_endpoint_error(persona_exe: Callable[..., Run], samples: Path,
                                                         server: ChatServer, tmp_path: Path, status: int) -> None:
    server.responder = lambda _r: Reply(status=status, body={"error": {"message": f"denied {HOSTILE}",
                                                                       "type": HOSTILE}})
    env = {**server.env(), "PERSONA_CACHE_DIR": str(tmp_path / "cache")}
    run = persona_exe("rewrite", "Dear customers!!", "--as", "legal", "--backend", "openai",
                      "--personas", str(samples), "--retries", "0", env=env)
    assert run.code == 2
    assert_clean(run)


def test_rewrite_with_a_hostile_channel_and_archive(persona_exe: Callable[..., Run], hostile_persona: Path,
                                                    hostile_drafts: list[Path]) -> None:
    for args in (("rewrite", "We hereby announce.", "--channel", f"x{OSC_TITLE}{C1_CSI}"),
                 ("rewrite", "--file", str(hostile_drafts[1])),
                 ("rewrite", "--file", str(hostile_drafts[1]), "--format", "json"),
                 ("rewrite", "--file", str(hostile_drafts[0]))):
        run = persona_exe(*args, "--as", "evil", "--personas", str(hostile_persona))
        assert run.code in (0, 1, 2), run.stderr
        assert_clean(run)
