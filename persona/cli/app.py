"""The ``persona`` Typer application and its root options; command modules register on it."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="persona",
    help="Brand personas as code: check drafts, rewrite messages into each voice, publish the style guide.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)



def _print_version(value: bool) -> None:
    if value:
        from persona import __version__

        print(f"persona {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Print the version and exit.", is_eager=True,
                                 callback=_print_version),
) -> None:
    """Brand personas as code: check drafts, rewrite messages into each voice, publish the style guide."""

