"""Issue 16, items 7 and 8: `persona rewrite` against a hostile model endpoint on 127.0.0.1.

The endpoint is ``tests/hostile_server.py`` (raw sockets): it trickles, never ends its body,
sends 10 MB, never answers, or echoes the API key back in every form. The installed ``persona``
script runs in a subprocess. Time bounds are loose on purpose ("under 30 s, not minutes").
"""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import pytest

from tests.chat_server import closed_port
from tests.hostile_server import KEY, HostileServer

MESSAGE = "نرحب بكم في موقع الوزارة الجديد، ويسعدنا تلقي ملاحظاتكم عبر البريد"
LOOSE_BOUND = 30.0  # seconds: "less than a minute, not hours"


def leaked_forms(secret: str) -> list[str]:
    b64 = base64.b64encode(secret.encode()).decode()
    return [secret, secret.upper(), secret.lower(), b64.rstrip("="), base64.urlsafe_b64encode(secret.encode()).decode()]


def assert_nothing_leaks(secret: str, *texts: str) -> None:
    for text in texts:
        for form in leaked_forms(secret):
            assert form not in text, (form, text[:400])


def rewrite(persona_exe, samples: Path, server: HostileServer, tmp_path: Path, *args: str, env=None):
    full_env = {**server.env(), "PERSONA_CACHE_DIR": str(tmp_path / "cache"), **(env or {})}
    started = time.monotonic()
    run = persona_exe("rewrite", *args, "--as", "government", "--backend", "openai",
                      "--personas", str(samples), env=full_env, timeout=120)
    return run, time.monotonic() - started


def cache_bytes(tmp_path: Path) -> int:
    root = tmp_path / "cache"
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) if root.exists() else 0


@pytest.mark.parametrize("behaviour", ["trickle", "trickle-headers", "hang"])
def test_timeout_bounds_the_whole_request(persona_exe, samples, tmp_path, behaviour):
    """A byte every 0.5 s never trips a per-read timeout; the request's deadline cuts it at ~3 s."""
    with HostileServer(behaviour, interval=0.5) as server:
        run, elapsed = rewrite(persona_exe, samples, server, tmp_path, MESSAGE, "--timeout", "3", "--retries", "0")
    assert run.code == 2, run.stderr
    assert "Traceback" not in run.stderr
    (line,) = run.stderr.strip().splitlines()
    assert "no answer within 3 s after 1 attempt(s)" in line
    assert elapsed < LOOSE_BOUND
    assert run.stdout == ""


@pytest.mark.parametrize("behaviour", ["endless", "oversized", "oversized-chunked"])
def test_a_huge_or_endless_body_is_refused_in_one_line(persona_exe, samples, tmp_path, behaviour):
    with HostileServer(behaviour, size=10_000_000) as server:
        run, elapsed = rewrite(persona_exe, samples, server, tmp_path, MESSAGE, "--timeout", "20", "--retries", "0")
    assert run.code == 2, run.stderr
    assert "Traceback" not in run.stderr and "MemoryError" not in run.stderr
    (line,) = run.stderr.strip().splitlines()
    assert "the answer is larger than 1,000,000 bytes" in line
    assert elapsed < LOOSE_BOUND
    assert cache_bytes(tmp_path) < 1_000_000  # nothing of the 10 MB was cached


def test_the_size_cap_is_configurable(persona_exe, samples, tmp_path):
    with HostileServer("echo-key") as server:
        run, _ = rewrite(persona_exe, samples, server, tmp_path, MESSAGE, "--retries", "0",
                         env={"PERSONA_MAX_ANSWER_BYTES": "300"})
        bad, _ = rewrite(persona_exe, samples, server, tmp_path, MESSAGE, env={"PERSONA_MAX_ANSWER_BYTES": "lots"})
    assert run.code == 2 and "the answer is larger than 300 bytes" in run.stderr
    assert bad.code == 2 and "PERSONA_MAX_ANSWER_BYTES: expected a positive number of bytes" in bad.stderr


@pytest.mark.parametrize("format", ["text", "json"])
def test_an_answer_that_echoes_the_key_is_redacted_everywhere(persona_exe, samples, tmp_path, format):
    with HostileServer("echo-key") as server:
        run, _ = rewrite(persona_exe, samples, server, tmp_path, MESSAGE, "--format", format)
        assert server.keys and server.keys[0] == KEY  # the key really was sent, and echoed
    assert "[redacted]" in run.stdout  # the answer was shown, without the key
    assert_nothing_leaks(KEY, run.stdout, run.stderr)
    cached = [p.read_text(encoding="utf-8") for p in (tmp_path / "cache").rglob("*.json")]
    assert cached, "the answer was cached"
    assert_nothing_leaks(KEY, *cached)


def test_base_url_secrets_never_reach_a_message(persona_exe, samples, tmp_path):
    password, path_key, query_key = "pw-Secret-4242", "sk-pathkey-0123456789", "QSecretValue987654"
    url = f"http://admin:{password}@127.0.0.1:{closed_port()}/v1/{path_key}?api-key={query_key}&token=tok-55555555"
    with HostileServer("hang") as server:  # only for its env; the URL points elsewhere
        run, _ = rewrite(persona_exe, samples, server, tmp_path, MESSAGE, "--retries", "0",
                         env={"OPENAI_BASE_URL": url})
    assert run.code == 2
    (line,) = run.stderr.strip().splitlines()
    assert "cannot reach the model endpoint http://admin:[redacted]@127.0.0.1" in line
    for secret in (password, path_key, query_key, "tok-55555555", KEY):
        assert_nothing_leaks(secret, run.stdout, run.stderr)


def test_circuit_breaker_stops_a_batch_against_a_hung_endpoint(persona_exe, samples, tmp_path):
    """1,000 posts against a hung endpoint would take hours; after 3 failures in a row it stops."""
    posts = tmp_path / "posts.jsonl"
    posts.write_text("".join(json.dumps({"id": f"p{i}", "text": f"{MESSAGE} رقم {i}"}, ensure_ascii=False) + "\n"
                             for i in range(1000)), encoding="utf-8")
    output = tmp_path / "out.jsonl"
    with HostileServer("hang") as server:
        run, elapsed = rewrite(persona_exe, samples, server, tmp_path, "--file", str(posts), "--output", str(output),
                               "--timeout", "1", "--retries", "0", "--concurrency", "1", "--max-failures", "3")
        assert server.requests == 3
    assert run.code == 2
    assert "Traceback" not in run.stderr
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("stopped: 3 model requests in a row failed")
    assert last.endswith(f"0 rewrite(s) done, 3 failed, 997 not tried; run again with --output {output} to continue")
    assert elapsed < LOOSE_BOUND


def test_the_breaker_resets_on_success(tmp_path):
    """Failures must be consecutive: one good answer between them resets the count."""
    from persona.rewrite.llm import BackendError, ChatClient, FatalBackendError, ModelConfig
    from tests.chat_server import ChatServer, Reply

    with ChatServer() as server:
        server.script(Reply(status=500), Reply(status=500), Reply(content="ok"), Reply(status=500),
                      Reply(status=500), Reply(status=500))
        client = ChatClient(ModelConfig(model="m", base_url=server.url, api_key="k-12345678", retries=0,
                                        max_failures=3, structured=False), sleep=lambda _s: None)
        hello = [{"role": "user", "content": "hi"}]
        for expected in (BackendError, BackendError, None, BackendError, BackendError, BackendError,
                         FatalBackendError):
            if expected is None:
                assert client.complete(hello) == "ok"
                continue
            with pytest.raises(expected) as caught:
                client.complete(hello)
            assert (type(caught.value) is FatalBackendError) == (expected is FatalBackendError)
        assert len(server.chat_requests()) == 6  # the 7th was refused without a request
