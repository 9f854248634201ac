"""The JSON API of `persona serve`, against the real server: the installed script on a free port, over HTTP.

Every document is compared with the CLI's own JSON for the same input (the API
must not invent its documents). The model backend is tests/chat_server.py, a
real local chat-completions server; its key is a distinctive secret that must
never come back in a response or in the server's output.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.chat_server import ChatServer, Reply
from tests.conftest import REPO, SAMPLES
from tests.serve_server import ServeProcess

SECRET = "sk-serve-test-SECRET-0a1b2c3d4e5f"
TOKEN = "desk-token-7f3e9a1c5b2d4e6f8a0b"
# A Saudi-dialect draft with a retired number and an emoji, as a writer would type it for the ministry.
ARABIC = "وش رايكم بالخدمة الجديدة؟ للاستفسار اتصلوا على 920000000 😀"
ENGLISH = "Dear customers, we guarantee your case will be registered within one hour!!"
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with ServeProcess(["--personas", str(SAMPLES)], log) as running:
        yield running


def post(server: ServeProcess, path: str, body: object, **kwargs: object) -> httpx.Response:
    return httpx.post(server.url + path, json=body, timeout=60, **kwargs)  # type: ignore[arg-type]


def error_of(response: httpx.Response, status: int, field: str | None) -> str:
    """The response is the API's JSON error with this status and field; its message."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    document = response.json()
    assert document["version"] == 1
    assert document["error"]["status"] == status
    assert document["error"]["field"] == field
    assert "Traceback" not in response.text
    return str(document["error"]["message"])


# -- documents: the CLI's --------------------------------------------------------------------


def test_check_is_the_cli_document_with_exact_offsets(server: ServeProcess, persona_exe) -> None:
    response = post(server, "/api/v1/check", {"text": ARABIC, "persona": "legal", "channel": "x"})
    assert response.status_code == 200
    document = response.json()
    cli = persona_exe("check", "--as", "legal", "--channel", "x", "--format", "json",
                      "--personas", str(SAMPLES), "-", input=ARABIC)
    assert cli.code == 1
    assert document == json.loads(cli.stdout)
    findings = {f["rule"]: f for f in document["results"][0]["findings"]}
    assert {"voice.informal", "facts.retired", "voice.emoji"} <= set(findings)
    for finding in document["results"][0]["findings"]:
        assert ARABIC[finding["start"]:finding["end"]] == finding["match"]
    assert findings["voice.informal"]["start"] == 0 and findings["voice.informal"]["match"].startswith("وش")
    assert findings["facts.retired"]["match"] == "920000000"
    assert findings["facts.retired"]["suggestion"] == "1950"
    assert findings["voice.emoji"]["match"] == "😀"


def test_check_with_intent_and_a_clean_draft(server: ServeProcess) -> None:
    clean = "يمكنكم تسجيل الدعوى إلكترونيًا عبر منصة ناجز: https://najiz.sa"
    document = post(server, "/api/v1/check", {"text": clean, "persona": "legal", "intent": "service"}).json()
    result = document["results"][0]
    assert (result["persona"], result["intent"], result["score"]) == ("legal", "service", 100)
    assert result["findings"] == []


def test_rewrite_every_voice_is_the_cli_document(server: ServeProcess, persona_exe) -> None:
    response = post(server, "/api/v1/rewrite", {"text": ARABIC, "persona": "all", "channel": "x"})
    assert response.status_code == 200
    cli = persona_exe("rewrite", "--as", "all", "--channel", "x", "--format", "json",
                      "--personas", str(SAMPLES), ARABIC)
    assert cli.code == 0, cli.stderr
    assert response.json() == json.loads(cli.stdout)
    ids = [r["persona"] for r in response.json()["results"]]
    assert ids == sorted(path.stem for path in SAMPLES.glob("*.yaml"))
    legal = next(r for r in response.json()["results"] if r["persona"] == "legal")
    assert "920000000" not in legal["text"] and "1950" in legal["text"]
    assert {"rule": "facts.retired", "from": "920000000", "to": "1950"} in legal["changes"]


def test_personas_show_and_rules_are_the_cli_documents(server: ServeProcess, persona_exe) -> None:
    listing = httpx.get(server.url + "/api/v1/personas").json()
    assert [p["id"] for p in listing["personas"]] == sorted(p.stem for p in SAMPLES.glob("*.yaml"))
    legal_row = next(p for p in listing["personas"] if p["id"] == "legal")
    assert legal_row["name"]["ar"] == "وزارة العدل" and "x" in legal_row["channels"]
    assert "service" in legal_row["intents"]
    shown = httpx.get(server.url + "/api/v1/personas/legal").json()
    cli = persona_exe("show", "legal", "--format", "json", "--personas", str(SAMPLES))
    assert shown == json.loads(cli.stdout)
    rules = httpx.get(server.url + "/api/v1/rules").json()
    assert rules == json.loads(persona_exe("rules", "--format", "json").stdout)


def test_count_is_xs_count(server: ServeProcess) -> None:
    from persona.text.xcount import x_weighted_length

    text = "تم إطلاق الخدمة 🎉 https://najiz.sa/services/" + "أ" * 10
    document = post(server, "/api/v1/count", {"text": text, "persona": "legal"}).json()
    assert document["x"] == {"length": x_weighted_length(text), "max_length": 280}
    assert document["x"]["length"] == len("تم إطلاق الخدمة ") + 2 + 1 + 23 + 10
    assert document["channel"]["name"] == "x"


def test_openapi_names_every_endpoint(server: ServeProcess) -> None:
    schema = httpx.get(server.url + "/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {"/check", "/rewrite", "/count", "/personas", "/personas/{id}", "/rules"}
    finding = schema["components"]["schemas"]["Finding"]["properties"]
    assert finding["fix"] == {"$ref": "#/components/schemas/Fix"}


# -- bad input: 4xx, the field named, never a traceback ---------------------------------------


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"persona": "legal"}, 422, "text"),
    ({"text": 5, "persona": "legal"}, 422, "text"),
    ({"text": "x"}, 422, "persona"),
    ({"text": "x", "persona": ["legal"]}, 422, "persona"),
    ({"text": "x", "persona": "../../etc/passwd"}, 422, "persona"),
    ({"text": "x", "persona": "legl"}, 404, "persona"),
    ({"text": "x", "persona": "legal", "channel": 3}, 422, "channel"),
    ({"text": "x", "persona": "legal", "intent": "a b"}, 422, "intent"),
    ({"text": "x", "persona": "legal", "tone": "warm"}, 422, "tone"),
    ([1, 2], 422, "body"),
])
def test_bad_check_bodies(server: ServeProcess, body: object, status: int, field: str) -> None:
    message = error_of(post(server, "/api/v1/check", body), status, field)
    if status == 404:
        assert "did you mean 'legal'" in message


def test_not_json_and_not_declared_json(server: ServeProcess) -> None:
    broken = httpx.post(server.url + "/api/v1/check", content=b'{"text": "x",', headers=JSON)
    assert "not valid JSON" in error_of(broken, 400, "body")
    latin = httpx.post(server.url + "/api/v1/check", content=b'{"text": "\xe9"}', headers=JSON)
    error_of(latin, 400, "body")
    plain = httpx.post(server.url + "/api/v1/check", content=b'{"text": "x", "persona": "legal"}',
                       headers={"Content-Type": "text/plain"})
    error_of(plain, 415, "Content-Type")


def test_bad_rewrite_bodies(server: ServeProcess) -> None:
    error_of(post(server, "/api/v1/rewrite", {"text": "  ", "persona": "legal"}), 422, "text")
    error_of(post(server, "/api/v1/rewrite", {"text": "x", "persona": "legal", "backend": "gpt"}), 422, "backend")
    error_of(post(server, "/api/v1/rewrite", {"text": "x", "persona": "nobody"}), 404, "persona")
    unconfigured = post(server, "/api/v1/rewrite", {"text": "x", "persona": "legal", "backend": "openai"})
    assert "OPENAI_API_KEY" in error_of(unconfigured, 503, "backend")


def test_unknown_paths_methods_and_personas(server: ServeProcess) -> None:
    error_of(httpx.get(server.url + "/api/v1/nothing"), 404, "path")
    error_of(httpx.get(server.url + "/api/v1/check"), 405, "method")
    error_of(httpx.get(server.url + "/api/v1/personas/nobody"), 404, "id")
    error_of(httpx.get(server.url + "/api/v1/personas/Legal!"), 422, "id")
    error_of(httpx.delete(server.url + "/api/v1/personas/legal"), 405, "method")
    error_of(httpx.put(server.url + "/api/v1/personas/legal", json={"id": "legal"}), 405, "method")


def test_body_limit_declared_and_streamed(server: ServeProcess) -> None:
    big = {"text": "أ" * 40_000, "persona": "legal"}  # 80 KB of UTF-8
    assert "64 KB" in error_of(post(server, "/api/v1/check", big), 413, "body")

    def chunks() -> Iterator[bytes]:  # no Content-Length: the server counts what arrives
        yield b'{"persona": "legal", "text": "'
        for _ in range(70):
            yield b"a" * 1024
        yield b'"}'

    streamed = httpx.post(server.url + "/api/v1/check", content=chunks(), headers=JSON)
    error_of(streamed, 413, "body")
    just_under = {"text": "a" * 60_000, "persona": "legal"}
    assert post(server, "/api/v1/check", just_under).status_code == 200


def test_a_page_elsewhere_cannot_reach_the_api_through_dns_rebinding(server: ServeProcess) -> None:
    refused = httpx.get(server.url + "/api/v1/personas", headers={"Host": "attacker.example:8000"})
    error_of(refused, 421, "Host")
    assert httpx.get(server.url + "/api/v1/personas", headers={"Host": "localhost"}).status_code == 200


def test_guide_is_served_in_both_languages(server: ServeProcess) -> None:
    server.wait_for_guide()
    arabic = httpx.get(server.url + "/guide/ar/")
    assert arabic.status_code == 200 and 'dir="rtl"' in arabic.text
    assert httpx.get(server.url + "/guide/en/").status_code == 200
    escape = httpx.get(server.url + "/guide/%2e%2e/%2e%2e/%2e%2e/etc/passwd")
    assert escape.status_code == 404 and "root:" not in escape.text
    desk = httpx.get(server.url + "/desk/ar/")
    assert desk.status_code == 200 and 'dir="rtl"' in desk.text and 'lang="ar"' in desk.text
    assert "script-src 'self'" in desk.headers["content-security-policy"]


# -- limits, token, key -------------------------------------------------------------------------


def test_rate_limit_per_client(tmp_path: Path) -> None:
    with ServeProcess(["--personas", str(SAMPLES), "--rate-limit", "30"], tmp_path / "log") as server:
        statuses = [post(server, "/api/v1/check", {"text": "x", "persona": "legal"}).status_code
                    for _ in range(20)]
        assert statuses[:3] == [200, 200, 200]
        assert 429 in statuses
        refused = post(server, "/api/v1/check", {"text": "x", "persona": "legal"})
        error_of(refused, 429, None)
        assert int(refused.headers["retry-after"]) >= 1


def test_beyond_loopback_needs_a_token(tmp_path: Path, persona_exe) -> None:
    refused = persona_exe("serve", "--host", "0.0.0.0", "--port", "1", env={"PERSONA_TOKEN": ""})
    assert refused.code == 2
    assert refused.stderr.count("\n") == 1 and "PERSONA_TOKEN" in refused.stderr
    assert "Traceback" not in refused.stderr
    args = ["--host", "0.0.0.0", "--personas", str(SAMPLES)]
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    with ServeProcess(args, tmp_path / "log", env={"PERSONA_TOKEN": TOKEN}, headers=bearer) as server:
        assert "every API request needs 'Authorization: Bearer $PERSONA_TOKEN'" in server.output()
        body = {"text": ARABIC, "persona": "legal"}
        error_of(post(server, "/api/v1/check", body), 401, "Authorization")
        error_of(post(server, "/api/v1/check", body, headers={"Authorization": "Bearer wrong"}), 401, "Authorization")
        error_of(httpx.get(server.url + "/api/v1/personas", headers={"Authorization": TOKEN}), 401, "Authorization")
        assert post(server, "/api/v1/check", body, headers=bearer).status_code == 200
        page = httpx.get(server.url + "/desk/en/")  # the page itself is public; it asks for the token
        assert page.status_code == 200 and TOKEN not in page.text
        assert TOKEN not in server.output()


def test_model_rewrites_keep_the_key_on_the_server(tmp_path: Path) -> None:
    # keeps the draft's number (the meaning gate rejects an answer that swaps it for another persona's)
    clean = "نرحب بآرائكم في الخدمة الجديدة، وللاستفسار يُرجى الاتصال على 920000000."
    with ChatServer(lambda _request: Reply(content=clean, delay=0.3)) as chat:
        env = {**chat.env(SECRET), "PERSONA_CACHE_DIR": str(tmp_path / "cache")}
        args = ["--personas", str(SAMPLES), "--model-concurrency", "2"]
        with ServeProcess(args, tmp_path / "log", env=env) as server:
            response = post(server, "/api/v1/rewrite", {"text": ARABIC, "persona": "all", "backend": "openai"})
            assert response.status_code == 200, response.text
            results = response.json()["results"]
            assert len(results) == len(list(SAMPLES.glob("*.yaml")))
            assert {r["backend"] for r in results} == {"openai"}
            assert all(r["text"] == clean for r in results)
            assert 1 <= chat.max_in_flight <= 2  # bounded concurrency for model calls
            assert all({k.lower(): v for k, v in r.headers.items()}["authorization"] == f"Bearer {SECRET}"
                       for r in chat.chat_requests())
            # The endpoint rejects the key and echoes it back: neither the response nor the log may show it.
            chat.responder = lambda _request: Reply(status=401, body={"error": {"message": f"bad key {SECRET}"}})
            failed = post(server, "/api/v1/rewrite", {"text": ENGLISH + " again", "persona": "legal",
                                                      "backend": "openai"})
            assert failed.status_code in (502, 503)
            error_of(failed, failed.status_code, "backend")
            for path in ("/api/v1/personas", "/api/v1/openapi.json", "/desk/ar/", "/desk/static/desk.js"):
                assert SECRET not in httpx.get(server.url + path).text
            assert SECRET not in failed.text and SECRET not in response.text
            assert SECRET not in server.output() and "Traceback" not in server.output()


# -- persona files on disk ------------------------------------------------------------------------


def test_edited_persona_files_are_picked_up_without_restart(tmp_path: Path) -> None:
    personas = tmp_path / "personas"
    shutil.copytree(SAMPLES, personas)
    draft = {"text": "نعلن اليوم عن الخدمة المطورة للمستفيدين.", "persona": "legal"}
    with ServeProcess(["--personas", str(personas)], tmp_path / "log") as server:
        before = post(server, "/api/v1/check", draft).json()["results"][0]["findings"]
        assert not any(f["match"] == "المطورة" for f in before)
        legal = personas / "legal.yaml"
        text = legal.read_text(encoding="utf-8")
        assert "\n  avoid:\n" in text
        legal.write_text(text.replace("\n  avoid:\n", "\n  avoid:\n    - term: المطورة\n", 1), encoding="utf-8")
        after = post(server, "/api/v1/check", draft).json()["results"][0]["findings"]
        assert [f["rule"] for f in after if f["match"] == "المطورة"] == ["vocabulary.avoid"]
        legal.write_text("id: legal\nvoice: {formality: 9}\n", encoding="utf-8")  # broken on disk
        broken = post(server, "/api/v1/check", draft)
        assert "legal.yaml" in error_of(broken, 503, "persona")
        assert post(server, "/api/v1/check", {**draft, "persona": "culture"}).status_code == 200
        listing = httpx.get(server.url + "/api/v1/personas").json()
        assert "legal" not in [p["id"] for p in listing["personas"]]
        assert any("legal.yaml" in problem for problem in listing["problems"])
        (personas / "newcomer.yaml").write_text(
            "id: newcomer\nextends: government\nname: {ar: جهة جديدة, en: Newcomer}\n", encoding="utf-8")
        assert httpx.get(server.url + "/api/v1/personas/newcomer").status_code == 200
    assert legal.read_text(encoding="utf-8") == "id: legal\nvoice: {formality: 9}\n"  # the API wrote nothing


# -- the docs show real output -------------------------------------------------------------------------

DOCS_EXAMPLE = re.compile(r"```console\n\$ (curl -s http://127\.0\.0\.1:8000/api/v1/[^\n]+)\n(.*?)\n```", re.DOTALL)


def test_the_docs_curl_examples_are_real_output(server: ServeProcess) -> None:
    page = (REPO / "docs" / "serve.md").read_text(encoding="utf-8")
    examples = DOCS_EXAMPLE.findall(page)
    assert len(examples) >= 4
    for command, shown in examples:
        here = command.replace("127.0.0.1:8000", f"127.0.0.1:{server.port}")
        ran = subprocess.run(["bash", "-c", here], capture_output=True, text=True, timeout=60)
        assert ran.stdout.rstrip("\n") == shown, f"{command}: refresh with python docs/gen/refresh_serve_examples.py"
