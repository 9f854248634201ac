"""Persona files: models, inheritance, discovery and every error path's message shape."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from persona.errors import UserError
from persona.loader import PersonaStore, bundled_dir, check_id, persona_dirs

BASE = """
id: base
name: {ar: حكومة, en: Government}
voice:
  formality: 4
  emoji: sparing
vocabulary:
  prefer:
    - use: beneficiaries
      instead_of: [customers]
  avoid:
    - term: guarantee
      reason: legal promise
values:
  - claim: {en: fully digital}
    contradicted_by: [print the form]
facts:
  urls: [https://www.gov.sa]
  phones: ["1950"]
  retired:
    - {old: "920000000", new: "1950"}
channels:
  x: {max_length: 280, max_hashtags: 2}
examples:
  - {before: a, after: b}
"""

CHILD = """
id: child
extends: base
name: {ar: وزارة, en: Ministry}
voice:
  formality: 5
vocabulary:
  prefer:
    - use: المستفيدين
      instead_of: [العملاء]
facts:
  urls: [https://www.moj.gov.sa]
channels:
  facebook: {max_length: 2000}
examples:
  - {before: c, after: d}
"""

LINE = re.compile(r"^[^:\n]+\.yaml:\d+:\d+: [\w.\[\]]+: .+$")


def problems(store: PersonaStore, persona_id: str) -> list[str]:
    with pytest.raises(UserError) as info:
        store.get(persona_id)
    return [str(p) for p in info.value.problems]


def test_inheritance_merges_maps_overrides_scalars_and_concatenates_lists(write_persona, tmp_path):
    write_persona("base", BASE)
    write_persona("child", CHILD)
    persona = PersonaStore.discover([tmp_path / "personas"]).get("child")
    assert persona.voice.formality == 5
    assert persona.voice.emoji == "sparing"  # inherited key of a merged map
    assert [p.use for p in persona.vocabulary.prefer] == ["beneficiaries", "المستفيدين"]  # parent first
    assert [a.term for a in persona.vocabulary.avoid] == ["guarantee"]
    assert persona.facts.urls == ["https://www.gov.sa", "https://www.moj.gov.sa"]
    assert persona.facts.phones == ["1950"]
    assert [r.old for r in persona.facts.retired] == ["920000000"]
    assert set(persona.channels) == {"x", "facebook"}
    assert [e.before for e in persona.examples] == ["a", "c"]
    assert persona.name == {"ar": "وزارة", "en": "Ministry"}
    assert persona.extends == "base"


def test_child_text_field_replaces_parent_text_as_a_whole(write_persona, tmp_path):
    write_persona("base", BASE + "intents:\n  service: {description: {ar: خدمة, en: Service}}\n")
    write_persona("child", "id: child\nextends: base\nname: {en: Only English}\n"
                           "intents:\n  service: {description: {en: A service post}, requires: [link]}\n")
    persona = PersonaStore.discover([tmp_path / "personas"]).get("child")
    assert persona.name == {"en": "Only English"}  # no Arabic name borrowed from the parent
    assert persona.intents["service"].description == {"en": "A service post"}
    assert persona.intents["service"].requires == ["link"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: bad\nname: x\nvoice:\n  formalty: 3\n",
         "bad.yaml:4:3: voice.formalty: unknown field (did you mean 'formality'?)"),
        ("id: bad\nname: x\nvoice:\n  formality: 9\n", "bad.yaml:4:14: voice.formality: must be between 1 and 5 (got 9)"),
        ("id: bad\nname: x\nvoice:\n  formality: high\n", "bad.yaml:4:14: voice.formality: must be a whole number"),
        ("id: bad\nname: x\nvoice:\n  tolerance: -1\n", "bad.yaml:4:14: voice.tolerance: must be at least 0 (got -1)"),
        ("id: bad\nname: x\nvoice:\n  emoji: lots\n", "bad.yaml:4:10: voice.emoji: must be one of none, sparing or free"),
        ("id: bad\nname: x\nvoice:\n  person: you\n", "bad.yaml:4:11: voice.person: must be one of we, i or none"),
        ("id: bad\nname: x\nchannels:\n  x: {max_length: 0}\n", "bad.yaml:4:19: channels.x.max_length: must be greater than 0"),
        ("id: bad\nname: x\nfacts:\n  phones: [1950]\n", "bad.yaml:4:12: facts.phones[0]: must be text (got 1950) — put it in quotes"),
        ("id: bad\nname: [a]\n", "bad.yaml:2:7: name: must be text or a map of language to text"),
        ("id: bad\n", "bad.yaml:1:1: name: required field is missing"),
        ("id: bad\nname: x\nvocabulary:\n  avoid:\n    - reason: r\n", "bad.yaml:5:7: vocabulary.avoid[0].term: required field is missing"),
        ("id: bad\nname: x\nvoice: 3\n", "bad.yaml:3:8: voice: must be a mapping (got 3)"),
        ("id: wrong\nname: x\n", "bad.yaml:1:5: id: must equal the file name 'bad' (got 'wrong')"),
        ("id: bad\nname: x\nintents:\n  service: {requires: [fax]}\n",
         "bad.yaml:4:24: intents.service.requires[0]: must be one of link, phone, handle or hashtag"),
    ],
)
def test_each_invalid_field_is_one_located_line(write_persona, tmp_path, text, expected):
    write_persona("bad", text)
    lines = problems(PersonaStore.discover([tmp_path / "personas"]), "bad")
    assert len(lines) == 1, lines
    assert lines[0].endswith(expected) or expected in lines[0], lines[0]
    assert LINE.match(lines[0]), lines[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: bad\nname: [x\n", "bad.yaml:3:1: YAML syntax error"),
        ("id: bad\nname: !!python/object/apply:os.system [echo hi]\n", "bad.yaml:2:7: name: tag !!python/object/apply:os.system is not allowed"),
        ("id: bad\nname: x\nname: y\n", "bad.yaml:3:1: name: duplicate key"),
        ("- a\n- b\n", "bad.yaml:1:1: a persona file must be a mapping"),
    ],
)
def test_yaml_level_errors_are_located(write_persona, tmp_path, text, expected):
    write_persona("bad", text)
    lines = problems(PersonaStore.discover([tmp_path / "personas"]), "bad")
    assert len(lines) == 1 and expected in lines[0], lines


def test_alias_bomb_fails_fast_without_printing_the_expansion(write_persona, tmp_path):
    layers = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        layers.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    write_persona("bomb", "id: bomb\nname: x\nextra:\n  " + "\n  ".join(layers) + "\n")
    lines = problems(PersonaStore.discover([tmp_path / "personas"]), "bomb")
    assert len(lines) == 1 and "document too large" in lines[0]
    assert len(lines[0]) < 200


def test_non_utf8_file_is_named_with_position(tmp_path):
    folder = tmp_path / "personas"
    folder.mkdir()
    (folder / "latin.yaml").write_bytes(b"id: latin\nname: caf\xe9\n")
    lines = problems(PersonaStore.discover([folder]), "latin")
    assert lines == [f"{folder / 'latin.yaml'}:2:10: not valid UTF-8 text"] or lines[0].endswith(
        "latin.yaml:2:10: not valid UTF-8 text"
    )


def test_missing_parent_and_cycles_name_the_files(write_persona, tmp_path):
    write_persona("orphan", "id: orphan\nextends: nobody\nname: x\n")
    write_persona("a", "id: a\nextends: b\nname: x\n")
    write_persona("b", "id: b\nextends: a\nname: y\n")
    store = PersonaStore.discover([tmp_path / "personas"])
    [orphan] = problems(store, "orphan")
    assert orphan.endswith("orphan.yaml:2:10: extends: parent persona 'nobody' not found")
    [cycle] = problems(store, "a")
    assert "extends: extends cycle:" in cycle and "a.yaml" in cycle and "b.yaml" in cycle


def test_error_in_parent_points_into_the_parent_file(write_persona, tmp_path):
    write_persona("base", "id: base\nname: x\nvoice: {formality: 7}\n")
    write_persona("kid", "id: kid\nextends: base\n")
    [line] = problems(PersonaStore.discover([tmp_path / "personas"]), "kid")
    assert "base.yaml:3:20: voice.formality: must be between 1 and 5 (got 7)" in line


def test_huge_value_is_never_printed_in_full(write_persona, tmp_path):
    write_persona("big", "id: big\nname: x\nvoice: {formality: '" + "9" * 100_000 + "'}\n")
    [line] = problems(PersonaStore.discover([tmp_path / "personas"]), "big")
    assert "big.yaml:3:20: voice.formality: must be a whole number" in line
    assert len(line.split("big.yaml", 1)[1]) < 120


def test_ten_thousand_terms_load(write_persona, tmp_path):
    terms = "\n".join(f"    - {{term: word{i}}}" for i in range(10_000))
    write_persona("huge", f"id: huge\nname: x\nvocabulary:\n  avoid:\n{terms}\n")
    persona = PersonaStore.discover([tmp_path / "personas"]).get("huge")
    assert len(persona.vocabulary.avoid) == 10_000


def test_ids_that_are_paths_are_refused_before_touching_files():
    for bad in ["../etc/passwd", "legal.yaml", "/tmp/x", "Legal", ""]:
        with pytest.raises(UserError) as info:
            check_id(bad)
        assert "is not a persona id" in str(info.value)


def test_unknown_id_suggests_close_ids(write_persona, tmp_path):
    write_persona("legal", "id: legal\nname: x\n")
    with pytest.raises(UserError) as info:
        PersonaStore.discover([tmp_path / "personas"]).get("legl")
    assert str(info.value) == "unknown persona 'legl' (did you mean 'legal'?)"


def test_discovery_order(tmp_path: Path, monkeypatch):
    one, two, local = tmp_path / "one", tmp_path / "two", tmp_path / "work" / "personas"
    for d in (one, two, local):
        d.mkdir(parents=True)
    cwd = tmp_path / "work"
    assert persona_dirs([one, two], env={"PERSONA_PATH": str(local)}, cwd=cwd) == [one, two]
    assert persona_dirs(None, env={"PERSONA_PATH": f"{two}:{one}"}, cwd=cwd) == [two, one]
    assert persona_dirs(None, env={}, cwd=cwd) == [local]
    assert persona_dirs(None, env={}, cwd=tmp_path) == [bundled_dir()]
    with pytest.raises(UserError, match="no such directory"):
        persona_dirs([tmp_path / "missing"], env={})


def test_first_directory_wins_for_duplicate_ids(tmp_path: Path):
    one, two = tmp_path / "one", tmp_path / "two"
    for d, name in ((one, "First"), (two, "Second")):
        d.mkdir()
        (d / "dup.yaml").write_text(f"id: dup\nname: {name}\n", encoding="utf-8")
    store = PersonaStore.discover([one, two])
    assert store.get("dup").name == "First"
    assert [(pid, a.parent.name, b.parent.name) for pid, a, b in store.duplicates] == [("dup", "one", "two")]


def test_bundled_samples_are_valid_and_complete():
    store = PersonaStore.discover([bundled_dir()])
    personas = {p.id: p for p in store.all()}
    assert set(personas) >= {"government", "legal", "entertainment", "education", "culture"}
    for pid in ("legal", "entertainment", "education", "culture"):
        persona = personas[pid]
        raw = store.raw(pid).data
        own_terms = len(raw.get("vocabulary", {}).get("prefer", [])) + len(raw.get("vocabulary", {}).get("avoid", []))
        assert own_terms >= 12, pid
        assert persona.extends == "government"
        assert {"service", "strategy", "inquiry_reply", "correction"} <= set(persona.intents), pid
        assert len(raw.get("examples", [])) >= 3, pid
        assert persona.channel("x") is not None and persona.channel("twitter") is not None
    assert personas["legal"].voice.formality == 5
    assert personas["entertainment"].voice.formality <= 2
    assert "facebook" in personas["entertainment"].channels


def test_trusted_construction_rebuilds_every_sample_exactly():
    from persona.model import Persona, construct_trusted

    for persona in PersonaStore.discover([bundled_dir()]).all():
        rebuilt = construct_trusted(Persona, persona.model_dump(mode="json"))
        assert rebuilt == persona
        assert rebuilt.voice.formality == persona.voice.formality
        assert rebuilt.channel("twitter") == persona.channel("x")
