"""Issue 16 item 12: cache entries are sealed with a per-installation secret; the rewrite cache is bounded.

A forged entry (a checksum anyone can recompute, or none) is a miss: it cannot make ``check`` pass,
crash it, or put words in a rewrite. The key is a 0600 file of 32 bytes, made once even when many
first runs start together. The rewrite cache keeps at most ``$PERSONA_REWRITE_CACHE_MAX`` bytes,
dropping the least recently used entries first.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from persona import persona_cache
from persona.digest import digest
from persona.loader import PersonaStore
from persona.rewrite.cache import RewriteCache, parse_size
from tests.chat_server import ChatServer, Reply
from tests.conftest import PERSONA_EXE, Run

POST = "Hey folks! Customers can now book appointments online 🎉 Call 920000000!!\n"
CLEAN = "Beneficiaries can register a case electronically through Najiz: https://najiz.sa"
PERMISSIVE = """\
id: legal
name: {en: Anything goes, ar: كل شيء}
voice: {formality: 1}
"""


def _check(persona_exe: Callable[..., Run], post: Path, samples: Path, cache: Path) -> Run:
    # The full CLI, which reads the persona cache (the fast check path reads its own sealed
    # snapshots instead: tests/test_fast_check.py forges those).
    return persona_exe("check", str(post), "--as", "legal", "--format", "json", "--personas", str(samples),
                       env={"PERSONA_CACHE_DIR": str(cache), "PERSONA_NO_FAST": "1"})


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "personas").glob("*.json"))


def _permissive_payload(tmp_path: Path) -> dict[str, object]:
    """What a validated persona that allows this post dumps to (the forger's material)."""
    folder = tmp_path / "forger"
    folder.mkdir()
    (folder / "legal.yaml").write_text(PERMISSIVE, encoding="utf-8")
    return PersonaStore.discover([folder]).get("legal").model_dump(mode="json")


def _old_digest(payload: object) -> str:
    """The plain sha256 the cache used to trust."""
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _forgeries(entry: Path, payload: object) -> list[bytes]:
    """An entry of the old format with a recomputed digest, and the sealed format with a plain digest
    (the one the cache seals with, unkeyed, and the sha256 of the HMAC format before it)."""
    data = entry.read_bytes()
    body = data.partition(b"\n")[2] if data.startswith(persona_cache.SEAL_TAG + b" ") else data
    chain = json.loads(body)["chain"]
    forged = json.dumps({"chain": chain, "persona": payload}, ensure_ascii=False).encode()
    old = json.dumps({"chain": chain, "persona": payload, "digest": _old_digest(payload)}).encode()
    return [old, persona_cache.SEAL_TAG + b" " + digest(forged).encode() + b"\n" + forged,
            b"persona-hmac-sha256 " + hashlib.sha256(forged).hexdigest().encode() + b"\n" + forged]


def test_a_forged_persona_entry_cannot_make_check_pass(persona_exe, samples: Path, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    cache = tmp_path / "cache"
    honest = _check(persona_exe, post, samples, cache)
    assert honest.code == 1 and json.loads(honest.stdout), honest.stderr
    [entry] = _entries(cache)
    permissive = _permissive_payload(tmp_path)
    for forged in _forgeries(entry, permissive):
        entry.write_bytes(forged)
        run = _check(persona_exe, post, samples, cache)
        assert (run.code, run.stdout) == (honest.code, honest.stdout), "a forged entry was trusted"
        assert entry.read_bytes() != forged, "the miss wrote a sealed entry back"


@pytest.mark.parametrize("payload", [{"id": "legal", "voice": 5}, {"id": ["x"], "terms": "nope"}, [], None])
def test_a_forged_entry_cannot_crash_check(persona_exe, samples: Path, tmp_path: Path, payload: object) -> None:
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    cache = tmp_path / "cache"
    honest = _check(persona_exe, post, samples, cache)
    [entry] = _entries(cache)
    for forged in _forgeries(entry, payload):
        entry.write_bytes(forged)
        run = _check(persona_exe, post, samples, cache)
        assert "Traceback" not in run.stderr
        assert (run.code, run.stdout) == (honest.code, honest.stdout)


def test_the_key_is_a_private_file_made_once_even_by_racing_first_runs(samples: Path, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    cache = tmp_path / "cache"
    env = {**{k: v for k, v in os.environ.items() if k != "PERSONA_PATH"}, "PERSONA_CACHE_DIR": str(cache)}
    args = [PERSONA_EXE, "check", str(post), "--as", "legal", "--personas", str(samples)]
    racing = [subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(6)]
    for proc in racing:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 1 and b"Traceback" not in err
    key = cache / "secret.key"
    info = key.lstat()
    assert stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o600 and info.st_size == 32
    assert not list(cache.glob(".secret.*")), "no temporary key file is left behind"
    [entry] = _entries(cache)
    before = entry.stat()
    subprocess.run(args, env=env, capture_output=True, check=False, timeout=120)
    after = entry.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns), "the racers' entry is a hit"
    assert key.read_bytes() == key.read_bytes() and key.stat().st_ino == info.st_ino


@pytest.mark.parametrize("spoil", ["world-readable", "symlink", "short"])
def test_a_key_others_could_know_is_not_trusted(persona_exe, samples: Path, tmp_path: Path, spoil: str) -> None:
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    cache = tmp_path / "cache"
    honest = _check(persona_exe, post, samples, cache)
    key = cache / "secret.key"
    if spoil == "world-readable":
        key.chmod(0o644)
    elif spoil == "symlink":
        planted = tmp_path / "planted.key"
        planted.write_bytes(b"k" * 32)
        planted.chmod(0o600)
        key.unlink()
        key.symlink_to(planted)
    else:
        key.write_bytes(b"short")
    [entry] = _entries(cache)
    entry.unlink()
    run = _check(persona_exe, post, samples, cache)
    assert (run.code, run.stdout) == (honest.code, honest.stdout) and "Traceback" not in run.stderr
    assert _entries(cache) == [], "nothing is cached under a key that is not private"


def test_an_entry_moved_under_another_name_is_a_miss(samples: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERSONA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PERSONA_NO_CACHE", raising=False)
    persona_cache.load(PersonaStore.discover([samples]), "legal")
    [legal_entry] = _entries(tmp_path / "cache")
    persona_cache.load(PersonaStore.discover([samples]), "culture")
    [culture_entry] = [e for e in _entries(tmp_path / "cache") if e != legal_entry]
    culture_entry.write_bytes(legal_entry.read_bytes())
    store = PersonaStore.discover([samples])
    assert persona_cache.load(store, "culture").id == "culture"


def test_seal_and_unseal(tmp_path: Path) -> None:
    sealed = persona_cache.seal(b'{"a": 1}', "name", tmp_path)
    assert sealed is not None
    assert persona_cache.unseal(sealed, "name", tmp_path) == b'{"a": 1}'
    assert persona_cache.unseal(sealed, "other", tmp_path) is None
    assert persona_cache.unseal(sealed.replace(b"1}", b"2}"), "name", tmp_path) is None
    assert persona_cache.unseal(b"garbage", "name", tmp_path) is None
    other = tmp_path / "other-installation"
    assert persona_cache.unseal(sealed, "name", other) is None, "another installation's key differs"


# -- the rewrite cache -------------------------------------------------------------------------------

@pytest.fixture
def server():
    with ChatServer() as running:
        yield running


def test_a_forged_rewrite_entry_is_never_printed(persona_exe, samples: Path, server: ChatServer,
                                                 tmp_path: Path) -> None:
    server.responder = lambda _r: Reply(content=CLEAN)
    env = {**server.env(), "PERSONA_CACHE_DIR": str(tmp_path / "cache")}
    args = ("rewrite", "Dear customers!!", "--as", "legal", "--backend", "openai", "--personas", str(samples))
    first = persona_exe(*args, env=env)
    assert first.code == 0 and CLEAN in first.stdout, first.stderr
    [entry] = list((tmp_path / "cache" / "rewrite").rglob("*.json"))
    entry.write_text(json.dumps({"texts": ["FORGED: wire the fee to IBAN SA00 0000"]}), encoding="utf-8")
    second = persona_exe(*args, env=env)
    assert second.code == 0 and "FORGED" not in second.stdout and CLEAN in second.stdout
    assert len(server.chat_requests()) == 2, "the forged entry was a miss: the model was asked again"


def test_the_rewrite_cache_evicts_the_least_recently_used(tmp_path: Path) -> None:
    cache = RewriteCache(tmp_path, max_bytes=4000)
    keys = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(15)]  # ~300 bytes each: 13 fit
    base = 1_700_000_000
    for i, key in enumerate(keys[:10]):
        cache.put(key, {"texts": ["x" * 200]})
        os.utime(cache.path(key), (base + i, base + i))  # an old, ordered history
    assert cache.get(keys[0]) == {"texts": ["x" * 200]}  # a hit touches the oldest
    for key in keys[10:]:
        cache.put(key, {"texts": ["x" * 200]})
    stored = list((tmp_path / "rewrite").rglob("*.json"))
    assert sum(p.stat().st_size for p in stored) <= 4000
    assert cache.path(keys[0]).exists(), "the entry used last survives"
    assert not cache.path(keys[1]).exists(), "the least recently used went first"
    assert cache.path(keys[-1]).exists()


def test_the_cap_is_set_by_the_environment(persona_exe, samples: Path, server: ChatServer, tmp_path: Path) -> None:
    server.responder = lambda r: Reply(content=f"{CLEAN} ({len(r.messages[-1]['content'])})")
    posts = tmp_path / "posts.jsonl"
    posts.write_text("".join(json.dumps({"id": i, "text": f"Dear customers, case {i} {'!' * i}"}) + "\n"
                             for i in range(40)), encoding="utf-8")
    cache = tmp_path / "cache"
    env = {**server.env(), "PERSONA_CACHE_DIR": str(cache), "PERSONA_REWRITE_CACHE_MAX": "8k"}
    run = persona_exe("rewrite", "--file", str(posts), "--as", "legal", "--backend", "openai",
                      "--personas", str(samples), "--format", "json", env=env)
    assert run.code in (0, 1) and "Traceback" not in run.stderr, run.stderr
    stored = list((cache / "rewrite").rglob("*.json"))
    assert stored and sum(p.stat().st_size for p in stored) <= 8 * 1024
    bad = persona_exe("rewrite", "Hi", "--as", "legal", "--backend", "openai", "--personas", str(samples),
                      env={**env, "PERSONA_REWRITE_CACHE_MAX": "lots"})
    assert bad.code == 2 and bad.stderr.strip().count("\n") == 0 and "PERSONA_REWRITE_CACHE_MAX" in bad.stderr


def test_parse_size() -> None:
    assert parse_size("50M") == 50 * 1024 * 1024 and parse_size("500k") == 512_000
    assert parse_size("1G") == 1024**3 and parse_size("1234") == 1234 and parse_size("2MiB") == 2 * 1024**2
