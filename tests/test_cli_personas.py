"""`persona list/show/validate/schema`, in-process (CliRunner, main) and as the installed script."""

from __future__ import annotations

import json

import jsonschema
import yaml
from typer.testing import CliRunner

from persona.cli.full import app

SAMPLE_IDS = ["culture", "education", "entertainment", "government", "legal"]


def test_list_with_clirunner_shows_every_sample(samples):
    result = CliRunner().invoke(app, ["list", "--personas", str(samples)])
    assert result.exit_code == 0, result.output
    rows = result.output.strip().splitlines()
    assert rows[0].split()[:3] == ["ID", "NAME", "SECTOR"]
    assert [row.split()[0] for row in rows[1:]] == SAMPLE_IDS


def test_show_json_merges_inherited_fields(cli, samples):
    run = cli("show", "legal", "--format", "json", "--personas", str(samples))
    assert run.code == 0, run.stderr
    legal = json.loads(run.stdout)
    government = json.loads(cli("show", "government", "--format", "json", "--personas", str(samples)).stdout)
    assert legal["extends"] == "government"
    assert legal["channels"]["x"]["max_length"] == 280  # inherited
    own = yaml.safe_load((samples / "legal.yaml").read_text(encoding="utf-8"))
    inherited_avoid = [a["term"] for a in government["vocabulary"]["avoid"]]
    assert [a["term"] for a in legal["vocabulary"]["avoid"]][: len(inherited_avoid)] == inherited_avoid
    assert len(legal["vocabulary"]["avoid"]) == len(inherited_avoid) + len(own["vocabulary"].get("avoid", []))


def test_show_yaml_round_trips(cli, samples):
    run = cli("show", "entertainment", "--personas", str(samples))
    assert run.code == 0
    assert yaml.safe_load(run.stdout)["id"] == "entertainment"


def test_validate_passes_on_samples_and_fails_with_located_lines(cli, samples):
    ok = cli("validate", "--personas", str(samples))
    assert ok.code == 0 and ok.stdout.count("ok  ") == 5
    (samples / "broken.yaml").write_text("id: broken\nname: x\nvoice:\n  formalty: 4\n", encoding="utf-8")
    bad = cli("validate", "--personas", str(samples))
    assert bad.code == 2
    assert bad.stderr.strip().endswith("broken.yaml:4:3: voice.formalty: unknown field (did you mean 'formality'?)")
    assert "Traceback" not in bad.stderr


def test_validate_named_file_outside_the_persona_dirs(cli, tmp_path, samples):
    other = tmp_path / "elsewhere"
    other.mkdir()
    path = other / "team.yaml"
    path.write_text("id: team\nextends: legal\nname: Team\n", encoding="utf-8")
    run = cli("validate", str(path), "--personas", str(samples))
    assert run.code == 0, run.stderr


def test_schema_is_a_json_schema_that_accepts_samples_and_rejects_typos(cli, samples):
    run = cli("schema")
    schema = json.loads(run.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in samples.glob("*.yaml"):
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert not errors, (path.name, errors[0].message)
    assert list(validator.iter_errors({"id": "x", "voice": {"formalty": 3}}))


def test_committed_schema_is_up_to_date(cli):
    from tests.conftest import REPO

    committed = json.loads((REPO / "persona.schema.json").read_text(encoding="utf-8"))
    assert committed == json.loads(cli("schema").stdout), "run: persona schema > persona.schema.json"


def test_samples_reference_the_schema():
    from tests.conftest import SAMPLES

    for path in SAMPLES.glob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../persona.schema.json")


def test_unknown_persona_and_path_ids_exit_2_with_one_line(cli, samples):
    run = cli("show", "legl", "--personas", str(samples))
    assert run.code == 2 and run.stderr == "unknown persona 'legl' (did you mean 'legal'?)\n"
    run = cli("show", "../personas/legal", "--personas", str(samples))
    assert run.code == 2 and len(run.stderr.strip().splitlines()) == 1 and "is not a persona id" in run.stderr


def test_bad_option_value_is_one_line(cli, samples):
    run = cli("show", "legal", "--format", "xml", "--personas", str(samples))
    assert run.code == 2
    assert len(run.stderr.strip().splitlines()) == 1 and "--format" in run.stderr


def test_installed_script_works_from_an_empty_directory(persona_exe, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    listing = persona_exe("list", cwd=empty)
    assert listing.code == 0, listing.stderr
    assert [row.split()[0] for row in listing.stdout.strip().splitlines()[1:]] == SAMPLE_IDS
    assert persona_exe("validate", cwd=empty).code == 0
    shown = persona_exe("show", "legal", "--format", "json", cwd=empty)
    assert json.loads(shown.stdout)["voice"]["formality"] == 5
    assert json.loads(persona_exe("schema", cwd=empty).stdout)["title"] == "persona file"


def test_installed_script_reports_bad_persona_file_without_traceback(persona_exe, tmp_path):
    folder = tmp_path / "personas"
    folder.mkdir()
    (folder / "evil.yaml").write_text("id: evil\nname: !!python/object/apply:os.system [echo pwned]\n", encoding="utf-8")
    run = persona_exe("validate", cwd=tmp_path)
    assert run.code == 2
    assert run.stderr == "personas/evil.yaml:2:7: name: tag !!python/object/apply:os.system is not allowed\n"
    assert "pwned" not in run.stdout


def test_persona_path_environment_variable(persona_exe, tmp_path, samples):
    run = persona_exe("list", cwd=tmp_path / "personas" / "..", env={"PERSONA_PATH": str(samples)})
    assert run.code == 0
