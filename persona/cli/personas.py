"""`persona list`, `show`, `validate`, `schema`: working with persona files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from persona.cli.app import app
from persona.cli.common import PersonasOption, ShowFormat, print_json, warn
from persona.errors import Problem, UserError
from persona.loader import PersonaStore, check_id, display_path
from persona.model import text_in


def open_store(personas: list[Path] | None, extra_files: list[Path] | tuple[Path, ...] = ()) -> PersonaStore:
    """Discover personas and warn about ids defined twice."""
    store = PersonaStore.discover(personas, extra_files)
    for persona_id, winner, loser in store.duplicates:
        first, second = display_path(winner), display_path(loser)
        warn(f"persona {persona_id!r} is defined in {first} and {second}; using {first}")
    return store


@app.command("list")
def list_personas(personas: PersonasOption = None) -> None:
    """A table of every persona found: id, name, sector, formality, languages, channels."""
    store = open_store(personas)
    rows = [("ID", "NAME", "SECTOR", "FORMALITY", "LANGUAGES", "CHANNELS")]
    for persona in store.all():
        rows.append(
            (
                persona.id,
                text_in(persona.name, "en"),
                persona.sector or "",
                str(persona.voice.formality),
                ",".join(persona.languages),
                ",".join(persona.channels),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


@app.command("show")
def show(
    persona_id: Annotated[str, typer.Argument(metavar="ID", help="Persona id, e.g. legal.")],
    format: Annotated[ShowFormat, typer.Option("--format", help="Output format.")] = ShowFormat.yaml,
    personas: PersonasOption = None,
) -> None:
    """The persona after `extends` is resolved."""
    check_id(persona_id)
    persona = open_store(personas).get(persona_id)
    document = persona.model_dump(mode="json", exclude_none=True, by_alias=True)
    if format is ShowFormat.json:
        print_json(document)
    else:
        import yaml

        typer.echo(yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100), nl=False)


@app.command("validate")
def validate(
    files: Annotated[list[Path] | None, typer.Argument(help="Persona files (default: every persona found).")] = None,
    personas: PersonasOption = None,
) -> None:
    """Validate persona files: every problem as file:line:col: field: problem."""
    from persona.validation import term_warnings

    files = files or []
    for path in files:
        if not path.is_file():
            raise UserError([Problem("no such file" if not path.exists() else "not a file", str(path))])
    store = open_store(personas, files)
    ids = [path.stem for path in files] if files else store.ids()
    problems: list[Problem] = []
    for persona_id in ids:
        try:
            persona = store.get(persona_id)
            typer.echo(f"ok  {persona_id}  ({display_path(store.files[persona_id])})")
            for field, problem in term_warnings(persona):
                warn(f"{display_path(store.files[persona_id])}: {field}: {problem}")
        except UserError as err:
            problems.extend(p for p in err.problems if p not in problems)
    if problems:
        raise UserError(problems)


@app.command("schema")
def schema() -> None:
    """JSON Schema of the persona file (for editors: # yaml-language-server: $schema=...)."""
    from persona.schema import persona_json_schema

    print_json(persona_json_schema())
