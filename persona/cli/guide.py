"""`persona guide build` and `persona guide serve`: the style-guide site."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from persona.cli.app import app
from persona.cli.common import PersonasOption, warn

guide_app = typer.Typer(help="Compile the personas into a static, bilingual style-guide site.",
                        no_args_is_help=True)
app.add_typer(guide_app, name="guide")

OutOption = Annotated[
    Path,
    typer.Option("--out", help="Where to write the site (ar/, en/ and a language chooser).", file_okay=False),
]
PortOption = Annotated[
    int, typer.Option("--port", help="Port on 127.0.0.1 (0: any free port).", min=0, max=65535)
]


def _build(personas: list[Path] | None, out: Path) -> None:
    from persona.cli.personas import open_store
    from persona.guide import build_site

    store = open_store(personas)
    report = build_site(store.all(), out, warn=warn, sources=store.files)
    for reason in report.omitted:
        warn(f"left out {reason}")
    counts = ", ".join(f"{lang}: {n} pages" for lang, n in report.pages.items())
    typer.echo(f"Built the style guide in {out} ({counts}) in {report.seconds:.1f} s", err=True)


@guide_app.command("build")
def build(out: OutOption = Path("site"), personas: PersonasOption = None) -> None:
    """Build the guide: <out>/ar/ (Arabic, right to left), <out>/en/ and <out>/index.html."""
    _build(personas, out)
    typer.echo(str(out / "index.html"))


@guide_app.command("serve")
def serve(
    port: PortOption = 8000,
    personas: PersonasOption = None,
) -> None:
    """Serve the guide on 127.0.0.1 and rebuild it whenever a persona file changes."""
    from persona.guide.serve import serve as serve_site
    from persona.loader import persona_dirs

    serve_site(lambda out: _build(personas, out), persona_dirs(personas), port)
