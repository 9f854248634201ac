"""The on-disk cache of validated personas: a hit is the persona itself; any change is a miss."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from persona import persona_cache
from persona.errors import UserError
from persona.loader import PersonaStore
from tests.conftest import Run


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PERSONA_CACHE_DIR", str(folder))
    monkeypatch.delenv("PERSONA_NO_CACHE", raising=False)
    return folder / "personas"


def _entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("*.json")) if cache_dir.exists() else []


def test_a_hit_is_the_same_persona(samples: Path, cache_dir: Path) -> None:
    for persona_id in PersonaStore.discover([samples]).ids():
        fresh = PersonaStore.discover([samples]).get(persona_id)
        assert persona_cache.load(PersonaStore.discover([samples]), persona_id) == fresh  # miss: written
        store = PersonaStore.discover([samples])
        assert persona_cache.load(store, persona_id) == fresh  # hit
        assert not store._raw, "a hit parses no YAML"
    assert len(_entries(cache_dir)) == 5


def test_changed_bytes_are_a_miss_even_with_the_same_size_and_time(samples: Path) -> None:
    path = samples / "culture.yaml"
    persona_cache.load(PersonaStore.discover([samples]), "culture")
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "formality: 3" in text
    path.write_text(text.replace("formality: 3", "formality: 2", 1), encoding="utf-8")
    import os

    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert persona_cache.load(PersonaStore.discover([samples]), "culture").voice.formality == 2


def test_a_changed_parent_is_a_miss(samples: Path) -> None:
    assert persona_cache.load(PersonaStore.discover([samples]), "legal").extends == "government"
    parent = samples / "government.yaml"
    text = parent.read_text(encoding="utf-8")
    assert '"@mygovsa"' in text
    parent.write_text(text.replace('"@mygovsa"', '"@changed_by_test"'), encoding="utf-8")
    store = PersonaStore.discover([samples])
    assert "@changed_by_test" in persona_cache.load(store, "legal").facts.handles  # inherited from the parent


def test_a_parent_found_elsewhere_is_a_miss(samples: Path, tmp_path: Path) -> None:
    persona_cache.load(PersonaStore.discover([samples]), "legal")
    other = tmp_path / "team"
    other.mkdir()
    (other / "government.yaml").write_text(
        (samples / "government.yaml").read_text(encoding="utf-8").replace("formality: 4", "formality: 3"),
        encoding="utf-8")
    store = PersonaStore.discover([other, samples])  # government now resolves to team/government.yaml
    assert persona_cache.load(store, "legal") == store.get("legal")


def test_corrupt_entries_are_misses(samples: Path, cache_dir: Path) -> None:
    persona_cache.load(PersonaStore.discover([samples]), "culture")
    [entry] = _entries(cache_dir)
    for broken in ("{not json", json.dumps({"chain": [], "persona": {"id": 3}}), "[]"):
        entry.write_text(broken, encoding="utf-8")
        store = PersonaStore.discover([samples])
        assert persona_cache.load(store, "culture") == store.get("culture")


def test_errors_come_from_the_files(samples: Path, cache_dir: Path) -> None:
    (samples / "culture.yaml").write_text("id: culture\nvoice: {formalty: 3}\n", encoding="utf-8")
    with pytest.raises(UserError, match="formalty"):
        persona_cache.load(PersonaStore.discover([samples]), "culture")
    with pytest.raises(UserError, match="unknown persona"):
        persona_cache.load(PersonaStore.discover([samples]), "nobody")
    assert _entries(cache_dir) == []


def test_can_be_turned_off(samples: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERSONA_NO_CACHE", "1")
    persona_cache.load(PersonaStore.discover([samples]), "culture")
    assert _entries(cache_dir) == []


def test_an_unwritable_cache_is_skipped(samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("PERSONA_CACHE_DIR", str(blocker))
    store = PersonaStore.discover([samples])
    assert persona_cache.load(store, "legal") == store.get("legal")


def test_old_entries_are_pruned(samples: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(persona_cache, "MAX_ENTRIES", 4)
    cache_dir.mkdir(parents=True)
    for i in range(4):
        (cache_dir / f"old-{i}.json").write_text("{}", encoding="utf-8")
    persona_cache.load(PersonaStore.discover([samples]), "culture")
    assert len(_entries(cache_dir)) == 2


def test_check_output_is_the_same_from_the_cache(persona_exe: Callable[..., Run], samples: Path,
                                                 tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("Hey folks! Customers can now book appointments online 🎉 Call 920000000!!\n", encoding="utf-8")
    env = {"PERSONA_CACHE_DIR": str(tmp_path / "cache")}
    args = ("check", str(post), "--as", "legal", "--format", "json", "--personas", str(samples))
    runs = [persona_exe(*args, env=env) for _ in range(2)]
    uncached = persona_exe(*args, env={**env, "PERSONA_NO_CACHE": "1"})
    assert runs[0].stdout == runs[1].stdout == uncached.stdout and runs[1].code == uncached.code == 1
    assert list((tmp_path / "cache" / "personas").glob("*.json"))


def test_an_entry_edited_by_hand_is_a_miss(samples: Path, cache_dir: Path) -> None:
    persona_cache.load(PersonaStore.discover([samples]), "legal")
    [entry] = _entries(cache_dir)
    head, _, body = entry.read_bytes().partition(b"\n")  # the seal's line, then the JSON
    data = json.loads(body)
    data["persona"]["voice"]["formality"] = "five"  # a value validation would refuse
    entry.write_bytes(head + b"\n" + json.dumps(data, ensure_ascii=False).encode())
    store = PersonaStore.discover([samples])
    loaded = persona_cache.load(store, "legal")
    assert loaded.voice.formality == 5
    assert store._raw, "the files were read again"


def test_rewrite_as_all_reads_through_the_cache(persona_exe: Callable[..., Run], samples: Path,
                                               tmp_path: Path) -> None:
    """``rewrite --as all`` stores every persona it compiles, and a second run gives the same rewrites."""
    env = {"PERSONA_CACHE_DIR": str(tmp_path / "cache")}
    args = ("rewrite", "--as", "all", "--format", "json", "--personas", str(samples),
            "يرجى التكرم بمراجعة الفرع لاستلام الوثيقة")
    first = persona_exe(*args, env=env)
    entries = sorted((tmp_path / "cache" / "personas").glob("*.json"))
    assert len(entries) == len(PersonaStore.discover([samples]).ids()), first.stderr
    stamps = [entry.stat().st_mtime_ns for entry in entries]
    second = persona_exe(*args, env=env)
    uncached = persona_exe(*args, env={**env, "PERSONA_NO_CACHE": "1"})
    assert first.stdout == second.stdout == uncached.stdout and first.code == second.code == uncached.code
    assert [entry.stat().st_mtime_ns for entry in entries] == stamps  # hits: nothing written again
