"""persona.schema.json and persona's validator refuse the same persona files, and accept the same.

Each broken persona of the battery has one defect. It is checked twice, with real parts:

* by ``check-jsonschema`` against the committed persona.schema.json, as an editor or a CI
  step sees the file (YAML 1.2, ruamel.yaml);
* by the installed ``persona validate FILE``: exit 2 and one line ``file:line:col: field: problem``.

Both must refuse it. The only disagreements allowed are those a schema cannot express,
listed in :data:`SCHEMA_CANNOT_SEE` with the reason; for each, the test checks that the
validator refuses and the schema accepts, so the list never outlives its reason.
The valid battery (the bundled samples, the docs' example personas and edge cases that
are valid) must be accepted by both.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import PERSONA_EXE

REPO = Path(__file__).resolve().parent.parent
SCHEMA = REPO / "persona.schema.json"
CHECK_JSONSCHEMA = str(Path(sys.executable).parent / "check-jsonschema")

HEAD = "id: {id}\nname: {{ar: وزارة العدل, en: Ministry of Justice}}\n"

#: (id, the rest of the file after id and name, the field the validator names). One defect each.
BROKEN: list[tuple[str, str, str]] = [
    ("formality-bool", "voice: {formality: true}", "voice.formality"),
    ("formality-quoted", 'voice: {formality: "5"}', "voice.formality"),
    ("formality-high", "voice: {formality: 6}", "voice.formality"),
    ("formality-fraction", "voice: {formality: 4.5}", "voice.formality"),
    ("tolerance-negative", "voice: {tolerance: -1}", "voice.tolerance"),
    ("max-emoji-quoted", 'voice: {max_emoji: "2"}', "voice.max_emoji"),
    ("sentence-words-zero", "voice: {max_sentence_words: 0}", "voice.max_sentence_words"),
    ("exclamations-yes", "voice: {exclamations: yes}", "voice.exclamations"),
    ("contractions-off", "voice: {contractions: off}", "voice.contractions"),
    ("exclamations-quoted", 'voice: {exclamations: "true"}', "voice.exclamations"),
    ("exclamations-number", "voice: {exclamations: 1}", "voice.exclamations"),
    ("emoji-unknown", "voice: {emoji: lots}", "voice.emoji"),
    ("emoji-no", "voice: {emoji: no}", "voice.emoji"),
    ("person-unknown", "voice: {person: they}", "voice.person"),
    ("voice-typo", "voice: {formalty: 3}", "voice.formalty"),
    ("voice-null", "voice: null", "voice"),
    ("top-typo", "sumary: Ministry", "sumary"),
    ("name-language-word", None, "name.Arabic"),
    ("name-empty", None, "name"),
    ("name-number", None, "name"),
    ("name-missing", None, "name"),
    ("summary-number", "summary: {ar: 5}", "summary.ar"),
    ("sector-list", "sector: [legal]", "sector"),
    ("languages-empty", "languages: []", "languages"),
    ("languages-word", "languages: [Arabic]", "languages[0]"),
    ("traits-number", "voice: {traits: [5]}", "voice.traits[0]"),
    ("audience-no-name", "audiences: [{id: citizens}]", "audiences[0].name"),
    ("audience-bad-id", "audiences: [{id: Citizens, name: Citizens}]", "audiences[0].id"),
    ("channel-empty-name", 'channels: {"": {max_length: 280}}', 'channels[""]'),
    ("channel-null", "channels: {x: null}", "channels.x"),
    ("max-length-quoted", 'channels: {x: {max_length: "280"}}', "channels.x.max_length"),
    ("max-length-zero", "channels: {x: {max_length: 0}}", "channels.x.max_length"),
    ("max-links-negative", "channels: {x: {max_links: -1}}", "channels.x.max_links"),
    ("max-hashtags-bool", "channels: {x: {max_hashtags: false}}", "channels.x.max_hashtags"),
    ("prefer-no-use", "vocabulary: {prefer: [{instead_of: [عميل]}]}", "vocabulary.prefer[0].use"),
    ("prefer-empty-list", "vocabulary: {prefer: [{use: مستفيد, instead_of: []}]}", "vocabulary.prefer[0].instead_of"),
    ("prefer-fix-safe", "vocabulary: {prefer: [{use: مستفيد, instead_of: [عميل], fix: safe}]}",
     "vocabulary.prefer[0].fix"),
    ("avoid-severity", "vocabulary: {avoid: [{term: حصري, severity: fatal}]}", "vocabulary.avoid[0].severity"),
    ("avoid-except-text", "vocabulary: {avoid: [{term: مراجعة, except: مراجعة الطلب}]}",
     "vocabulary.avoid[0].except"),
    ("value-no-claim", "values: [{contradicted_by: [مجانًا]}]", "values[0].claim"),
    ("retired-no-old", "facts: {retired: [{new: '1950'}]}", "facts.retired[0].old"),
    ("urls-text", "facts: {urls: 'https://www.moj.gov.sa'}", "facts.urls"),
    ("phones-number", "facts: {phones: [1950]}", "facts.phones[0]"),
    ("intent-requirement", "intents: {service: {requires: [email]}}", "intents.service.requires[0]"),
    ("intent-zero", "intents: {service: {max_sentences: 0}}", "intents.service.max_sentences"),
    ("example-no-after", "examples: [{before: مرحبا عميلنا}]", "examples[0].after"),
    ("example-typo", "examples: [{before: a, after: b, chanel: x}]", "examples[0].chanel"),
    ("extends-number", "extends: 5", "extends"),
    ("extends-not-an-id", "extends: Government", "extends"),
    ("signature-map-number", "signature: {en: 7}", "signature.en"),
]
#: Broken files whose defect is in the YAML itself (no field to name).
BROKEN_YAML: list[tuple[str, str]] = [
    ("duplicate-key", "id: duplicate-key\nname: A\nname: B\n"),
    ("python-tag", "id: python-tag\nname: !!python/object:os.system x\n"),
    ("not-a-mapping", "- id\n- name\n"),
    ("empty-file", ""),
    ("syntax-error", "id: syntax-error\nname: [unclosed\n"),
]
_NAMES = {
    "name-language-word": "name: {Arabic: وزارة العدل}\n",
    "name-empty": 'name: ""\n',
    "name-number": "name: 2030\n",
    "name-missing": "",
}

#: What a schema cannot express. (id, file text, why): the validator refuses, the schema accepts.
SCHEMA_CANNOT_SEE: list[tuple[str, str, str]] = [
    ("id-not-file-name", "id: another-name\nname: A\n",
     "the id must equal the file name: a schema sees the content, not the file's name"),
    ("parent-missing", "id: parent-missing\nextends: nowhere\nname: A\n",
     "the parent of extends must exist: it is another file"),
    ("cycle-a", "id: cycle-a\nextends: cycle-b\nname: A\n", "an extends cycle spans files"),
    ("no-name-anywhere", "id: no-name-anywhere\nextends: nameless-parent\n",
     "a child may leave out name only if its parent gives one: the parent is another file"),
    ("language-no", "id: language-no\nname: A\nlanguages: [ar, no]\n",
     "YAML 1.1 reads no as false, YAML 1.2 as the text 'no': the schema sees one reading (a valid code); "
     "persona refuses the form both ways read differently"),
    ("max-length-exponent", "id: max-length-exponent\nname: A\nchannels: {x: {max_length: 1e3}}\n",
     "YAML 1.2 reads 1e3 as the number 1000, YAML 1.1 as text: persona refuses the form"),
    ("max-length-octal", "id: max-length-octal\nname: A\nchannels: {x: {max_length: 0o430}}\n",
     "YAML 1.2 reads 0o430 as 280, YAML 1.1 as text: persona refuses the form"),
    ("max-length-underscore", "id: max-length-underscore\nname: A\nchannels: {x: {max_length: 1_000}}\n",
     "YAML 1.1 reads 1_000 as 1000, YAML 1.2's core schema (yaml-language-server) as text; ruamel.yaml, "
     "under check-jsonschema, reads 1000: persona refuses the form"),
    ("merge-key", "id: merge-key\nname: A\nintents:\n  service: &s {max_sentences: 3}\n"
                  "  correction: {<<: *s}\n",
     "a YAML reader applies a merge key (<<) before any schema sees the data; persona refuses it"),
]
#: Files the cases above need, valid themselves (not part of either battery).
SUPPORT = {
    "cycle-b": "id: cycle-b\nextends: cycle-a\nname: B\n",
    "nameless-parent": "id: nameless-parent\nsector: legal\n",
}

#: Valid edge cases both must accept (besides the bundled and the docs' personas).
VALID_EDGES: list[tuple[str, str]] = [
    ("formality-whole-float", "id: formality-whole-float\nname: A\nvoice: {formality: 5.0}\n"),
    ("hex-length", "id: hex-length\nname: A\nchannels: {x: {max_length: 0x118}}\n"),
    ("quoted-no", 'id: quoted-no\nname: A\nlanguages: [ar, "no"]\n'),
    ("booleans", "id: booleans\nname: A\nvoice: {exclamations: false, contractions: TRUE}\n"),
    ("regional-language", "id: regional-language\nname: {ar-SA: وزارة العدل, en: Ministry of Justice}\n"),
    ("child-without-name", "id: child-without-name\nextends: legal\n"),
    ("nulls", "id: nulls\nname: A\nchannels: {x: {max_length: null, max_links: ~}}\nsector: null\n"),
]

LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?:(?P<field>[^:]+): )?(?P<problem>.+)$")


def _broken_files() -> dict[str, str]:
    files = {}
    for persona_id, rest, _field in BROKEN:
        head = HEAD.format(id=persona_id)
        if persona_id in _NAMES:
            head = f"id: {persona_id}\n{_NAMES[persona_id]}"
        files[persona_id] = head + (rest + "\n" if rest else "")
    files.update(BROKEN_YAML)
    return files


def _schema_refusals(folder: Path, names: list[str]) -> set[str]:
    """The files check-jsonschema refuses (schema errors or files it cannot read as YAML)."""
    proc = subprocess.run(
        [CHECK_JSONSCHEMA, "--schemafile", str(SCHEMA), "-o", "json", *(f"{n}.yaml" for n in names)],
        cwd=folder, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    return {Path(e["filename"]).stem for e in [*report.get("errors", []), *report.get("parse_errors", [])]}


_ENV = {**{k: v for k, v in os.environ.items() if k != "PERSONA_PATH"}, "PERSONA_NO_CACHE": "1"}


def _validate(folder: Path, name: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PERSONA_EXE, "validate", f"{name}.yaml"], cwd=folder, capture_output=True,
                          text=True, timeout=120, env=_ENV)


def _validate_all(folder: Path, names: list[str]) -> dict[str, subprocess.CompletedProcess[str]]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        return dict(zip(names, pool.map(lambda n: _validate(folder, n), names), strict=True))


def _write(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str], dict[str, subprocess.CompletedProcess[str]]]:
    folder = tmp_path_factory.mktemp("broken") / "personas"
    files = _broken_files()
    _write(folder, files)
    names = sorted(files)
    return folder, _schema_refusals(folder, names), _validate_all(folder, names)


def test_the_battery_is_large_and_each_case_has_one_defect() -> None:
    assert len(_broken_files()) >= 30
    assert len({case[0] for case in BROKEN}) == len(BROKEN)


def test_the_schema_refuses_every_broken_persona(broken) -> None:
    _, refused, _ = broken
    accepted = sorted(set(_broken_files()) - refused)
    assert accepted == [], f"persona.schema.json accepts what the validator refuses: {accepted}"


@pytest.mark.parametrize(("persona_id", "field"), [(c[0], c[2]) for c in BROKEN])
def test_the_validator_refuses_with_one_located_line(broken, persona_id: str, field: str) -> None:
    _, _, runs = broken
    run = runs[persona_id]
    assert run.returncode == 2, (persona_id, run.stdout, run.stderr)
    lines = run.stderr.splitlines()
    assert len(lines) == 1, lines
    m = LINE.match(lines[0])
    assert m, lines[0]
    assert m["file"] == f"{persona_id}.yaml" and m["field"] == field, lines[0]
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("persona_id", [c[0] for c in BROKEN_YAML])
def test_the_validator_refuses_broken_yaml_with_one_line(broken, persona_id: str) -> None:
    _, _, runs = broken
    run = runs[persona_id]
    assert run.returncode == 2, (persona_id, run.stdout, run.stderr)
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and LINE.match(lines[0]) and lines[0].startswith(f"{persona_id}.yaml:"), lines


def test_ambiguous_yaml_forms_say_how_to_write_them(broken) -> None:
    _, _, runs = broken
    assert runs["exclamations-yes"].stderr.strip().endswith("write true or false")
    assert runs["contractions-off"].stderr.strip().endswith("write true or false")
    assert runs["emoji-no"].stderr.strip().endswith('quote "no"')


def test_what_a_schema_cannot_see_is_refused_by_the_validator_only(tmp_path: Path) -> None:
    folder = tmp_path / "personas"
    files = {name: text for name, text, _why in SCHEMA_CANNOT_SEE}
    _write(folder, {**files, **SUPPORT})
    refused = _schema_refusals(folder, sorted(files))
    runs = _validate_all(folder, sorted(files))
    for name, _text, why in SCHEMA_CANNOT_SEE:
        assert runs[name].returncode == 2 and len(runs[name].stderr.splitlines()) == 1, (name, runs[name].stderr)
        assert LINE.match(runs[name].stderr.splitlines()[0]), runs[name].stderr
        assert name not in refused, f"{name}: the schema refuses it now; remove it from SCHEMA_CANNOT_SEE ({why})"
    assert runs["language-no"].stderr.strip().endswith('quote "no"')
    assert runs["max-length-underscore"].stderr.strip().endswith("write the number in plain digits")
    assert runs["max-length-exponent"].stderr.strip().endswith("write the number in plain digits")


def _valid_personas(tmp_path: Path) -> tuple[list[Path], list[Path]]:
    """Every persona folder the project ships, and the edge cases, copied under tmp_path.

    The tutorial's first step is an empty file (the reader fills it in): both refuse an
    empty file (``empty-file`` above), so it is left out here.
    """
    folders = [REPO / "personas", *sorted((REPO / "docs" / "examples").glob("**/personas"))]
    edges = tmp_path / "edges" / "personas"
    _write(edges, dict(VALID_EDGES))
    (edges / "legal.yaml").write_text((REPO / "personas" / "legal.yaml").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    (edges / "government.yaml").write_text((REPO / "personas" / "government.yaml").read_text(encoding="utf-8"),
                                           encoding="utf-8")
    return [*folders, edges], [p for f in [*folders, edges] for p in sorted(f.glob("*.yaml"))
                               if p.read_text(encoding="utf-8").strip()]


def test_both_accept_every_valid_persona(tmp_path: Path) -> None:
    folders, files = _valid_personas(tmp_path)
    assert len(files) >= 15
    for folder in folders:
        names = sorted(p.stem for p in folder.glob("*.yaml") if p.read_text(encoding="utf-8").strip())
        if not names:
            continue
        refused = _schema_refusals(folder, names)
        assert refused == set(), f"persona.schema.json refuses valid personas in {folder}: {refused}"
        run = subprocess.run([PERSONA_EXE, "validate", *(f"{n}.yaml" for n in names)], cwd=folder,
                             capture_output=True, text=True, timeout=300,
                             env=_ENV)
        assert run.returncode == 0, (folder, run.stderr)
        assert run.stdout.count("ok  ") == len(names)


def test_the_committed_schema_is_the_generated_one() -> None:
    from persona.schema import persona_json_schema

    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == persona_json_schema(), (
        "run: persona schema > persona.schema.json")


def test_the_schema_documents_the_text_maps_and_the_required_name() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    name = schema["properties"]["name"]["anyOf"][1]
    assert name["additionalProperties"] is False
    assert {"required": ["name"]} in schema["anyOf"]
