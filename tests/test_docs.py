"""The user documentation builds strictly and covers the live CLI, the rules and the persona format.

The reference pages are generated at build time (``docs/hooks.py``), so they
cannot drift from the code; these tests make sure the build really runs them,
that every console session in the guides still behaves as shown (a wrong exit
code fails the strict build), and that every public name of the two contracts
— commands, flags, rule ids, persona fields — appears in the built site.
"""

from __future__ import annotations

import html
import importlib
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CONTRACT_COPY = DOCS / "reference" / "contract"
LEFTOVERS = ("<!-- generated:", "<!-- run", "--8&lt;--", "--8<--", "Generated content unavailable")
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*[a-z]")


def gen(name: str) -> ModuleType:
    if str(DOCS) not in sys.path:
        sys.path.insert(0, str(DOCS))
    return importlib.import_module(f"gen.{name}")


def contract(name: str) -> str:
    return (CONTRACT_COPY / name).read_text(encoding="utf-8")


def mkdocs_build(config: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs-site")
    done = mkdocs_build(ROOT / "mkdocs.yml", out)
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stderr[-6000:]}"
    return out


def article(site: Path, page: str) -> str:
    """The main content of a built page, as HTML."""
    raw = (site / page / "index.html").read_text(encoding="utf-8")
    match = re.search(r"<article\b.*?</article>", raw, re.DOTALL)
    assert match, f"{page}: no <article>"
    return match.group(0)


def text_of(fragment: str) -> str:
    """Visible text, whitespace collapsed (so code blocks and tables compare as text)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def missing(expected: set[str], text: str) -> set[str]:
    """The names of ``expected`` that do not occur in ``text`` as whole tokens."""
    return {name for name in expected if not re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", text)}


def nav_pages() -> list[str]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    pages: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            else:
                pages.append(value)

    walk(config["nav"])
    return pages


# ---------------------------------------------------------------------------------- the build


def test_every_page_is_built_and_fully_generated(site: Path):
    for page in nav_pages():
        if not (DOCS / page).exists():
            continue  # written by someone else, not there yet: the strict build would have said so
        built = site / ("" if page == "index.md" else page.removesuffix(".md")) / "index.html"
        assert built.is_file(), page
        body = built.read_text(encoding="utf-8")
        for leftover in LEFTOVERS:
            assert leftover not in body, f"{page}: {leftover!r} was not expanded"
    assert (site / "persona.schema.json").is_file()


def test_console_sessions_are_real_output(site: Path):
    """The tour shows what the commands print, not a copy that can go stale."""
    text = text_of(article(site, "getting-started"))
    listing = subprocess.run(
        [sys.executable, "-c", "from persona.cli import main; main(['list'])"],
        cwd=ROOT / "docs" / "examples",
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    assert listing.strip() and " ".join(listing.split()) in text
    assert "$ persona check launch.md" in text


# ---------------------------------------------------------------------------- CLI reference


def test_cli_reference_covers_every_live_command_and_option(site: Path):
    text = text_of(article(site, "reference/cli"))
    commands = gen("cli_ref").walk()
    assert {c.path for c in commands} >= {"persona", "persona check", "persona guide build"}
    for command in commands:
        assert f"{command.path}" in text, command.path
        assert " ".join(command.help_page.split()) in text, f"{command.path}: --help output differs"
        for param in command.params:
            assert not missing(set(param.opts) if param.kind == "option" else {param.name}, text), (
                command.path,
                param.name,
            )


def test_cli_reference_covers_the_cli_contract(site: Path):
    spec = contract("cli.md")
    text = text_of(article(site, "reference/cli"))
    commands = {m.strip() for m in re.findall(r"^\| `(persona(?: [a-z]+)+)", spec, re.MULTILINE)}
    assert {"persona check", "persona rewrite", "persona guide build", "persona guide serve"} <= commands
    assert not missing(commands, text)
    flags = set(FLAG.findall(spec))
    assert {"--personas", "--fail-on", "--as", "--backend", "--out", "--format"} <= flags
    assert not missing(flags, text)
    for values in ("text|json|sarif", "error|warning|suggestion|never", "rules|openai", "yaml|json"):
        assert values in text, values


def test_environment_and_exit_codes_are_documented(site: Path):
    everything = " ".join(
        text_of(article(site, p.removesuffix(".md") if p != "index.md" else ""))
        for p in ("errors.md", "recipes/models.md", "reference/cli.md")
    )
    assert not missing(
        {"OPENAI_BASE_URL", "OPENAI_API_KEY", "PERSONA_PATH", "--model", "--in-place"}, everything
    )
    errors = text_of(article(site, "errors"))
    assert re.search(r"file:line:column: field: problem", errors)
    assert "Traceback" not in errors
    # The key appears once, in the command line of the backend-failure session; never in its output.
    assert errors.count("sk-secret-do-not-print") == 1


# ---------------------------------------------------------------------------- rules reference


def test_rules_reference_covers_registry_and_contract(site: Path):
    from persona.check.registry import all_rules

    page = article(site, "reference/rules")
    text = text_of(page)
    contract_ids = set(re.findall(r"^\| `([a-z]+\.[a-z_]+)` \|", contract("cli.md"), re.MULTILINE))
    assert len(contract_ids) >= 18
    live = {rule.id for rule in all_rules()}
    assert contract_ids <= live
    assert not missing(live, text)
    for rule in all_rules():
        assert f'id="{gen("rules_ref").anchor(rule.id)}"' in page, rule.id
        for example in rule.examples:
            assert " ".join(example.text.split()) in text, (rule.id, example.text)
    assert "persona-disable" in text and "persona-enable" in text and "--fail-on" in text


def test_every_sarif_help_uri_is_a_section_of_the_built_rules_reference(site: Path):
    """SARIF rules link to their section of the published reference: the page and the anchor exist."""
    from persona.check.registry import all_rules
    from persona.check.sarif import DOCS_URL, render_sarif

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_url"] == DOCS_URL
    rules = render_sarif([], all_rules())["runs"][0]["tool"]["driver"]["rules"]
    ids_by_page: dict[str, set[str]] = {}
    for rule in rules:
        page, _, fragment = rule["helpUri"].removeprefix(DOCS_URL).partition("#")
        if page not in ids_by_page:
            built = (site / page / "index.html").read_text(encoding="utf-8")
            ids_by_page[page] = set(re.findall(r'\bid="([^"]+)"', built))
        assert fragment and fragment in ids_by_page[page], rule["helpUri"]
    assert len(rules) == len(all_rules()) and list(ids_by_page) == ["reference/rules/"]


# ---------------------------------------------------------------------------- persona format


def _spec_paths(node: object, prefix: str, maps: set[str], texts: set[str]) -> set[str]:
    """Field paths of the contract's example persona (map keys → ``<name>``; text values are leaves)."""
    out: set[str] = set()
    if prefix in texts:
        return out
    if isinstance(node, dict):
        for key, value in node.items():
            # example keys of a map field (x, facebook, service…) are not field names
            path = f"{prefix}.<name>" if prefix in maps else (f"{prefix}.{key}" if prefix else str(key))
            if prefix not in maps:
                out.add(path)
            out |= _spec_paths(value, path, maps, texts)
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, dict):
                out |= _spec_paths(item, f"{prefix}[]", maps, texts)
    return out


def test_format_reference_covers_every_field(site: Path):
    format_ref = gen("format_ref")
    page = article(site, "reference/persona-format")
    text = text_of(page)
    fields = format_ref.fields()
    for field in fields:
        assert field.description, f"{field.path} has no description"
    assert not missing({f.path for f in fields}, text)

    block = re.search(r"```yaml\n(.*?)```", contract("persona-format.md"), re.DOTALL)
    assert block
    maps = {f.path for f in fields if f.type.startswith("map:")}
    assert maps == {"channels", "intents", "occasions"}
    texts = {f.path for f in fields if f.type == "text"}
    from_spec = _spec_paths(yaml.safe_load(block.group(1)), "", maps, texts)
    assert {
        "voice.formality",
        "facts.retired[].new",
        "intents.<name>.requires",
        "examples[].after",
    } <= from_spec
    assert not missing(from_spec, text)


def test_format_reference_states_the_merge_rules(site: Path):
    from persona.model import CONCATENATED_LISTS

    rows = {
        text_of(m.group(1)).split(" ")[0]: text_of(m.group(1))
        for m in re.finditer(r"<tr>(.*?)</tr>", article(site, "reference/persona-format"), re.DOTALL)
    }
    for path in CONCATENATED_LISTS:
        dotted = ".".join(path)
        assert "concatenated" in rows[dotted], dotted
    assert "replaced by the child's list" in rows["audiences"]
    assert "merged key by key" in rows["voice"] and "merged key by key" in rows["channels"]
    assert "the child's value overrides" in rows["voice.formality"]
    assert "replaced as a whole" in rows["name"]


def test_tutorial_names_the_four_kinds_of_message(site: Path):
    text = text_of(article(site, "writing-a-persona"))
    assert not missing({"service", "strategy", "inquiry_reply", "correction", "extends"}, text)
    assert "yaml-language-server: $schema=" in text


# ---------------------------------------------------------------------------- the checks can fail


def test_coverage_check_reports_what_is_missing():
    assert missing({"--personas", "--no-such-flag", "voice.emoji"}, "use --personas and voice.emoji.") == {
        "--no-such-flag"
    }
    assert missing({"--as"}, "--assume") == {"--as"}


def test_a_page_whose_command_misbehaves_fails_the_strict_build(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        "# Stale\n\n<!-- run: persona show no-such-persona -->\n", encoding="utf-8"
    )
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: stale\ndocs_dir: {docs}\nhooks:\n  - {DOCS / 'hooks.py'}\n", encoding="utf-8"
    )
    done = mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "out")
    assert done.returncode != 0
    assert "exited with 2 (expected 0)" in done.stderr
