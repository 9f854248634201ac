"""Options and helpers shared by the commands."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

PersonasOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--personas",
        help="Directory of persona files (repeatable). Default: $PERSONA_PATH, ./personas, or the samples.",
        file_okay=False,
    ),
]


MaxBytesOption = Annotated[
    str | None,
    typer.Option(
        "--max-bytes",
        metavar="SIZE",
        help="Largest draft (a file, standard input, one post of an archive) read: bytes, or k, M, G "
        "(0: no limit). Default: $PERSONA_MAX_BYTES, else 1M.",
        show_default=False,
    ),
]


class ShowFormat(StrEnum):
    yaml = "yaml"
    json = "json"


class TextOrJson(StrEnum):
    text = "text"
    json = "json"


def warn(message: str) -> None:
    print(f"persona: warning: {message}", file=sys.stderr)


def print_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")

