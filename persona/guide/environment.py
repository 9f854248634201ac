"""The Jinja2 environment of the guide's templates, and how HTML regions skip Markdown.

Safety rule: a page is Markdown only in what the guide itself writes (section headings with
fixed ids, for the table of contents). Everything else, and so everything that comes from a
persona, is HTML rendered by Jinja2 with autoescape, inside ``{% filter html %}`` regions.
Those regions never reach Markdown at all: the page's Markdown holds a placeholder for each,
and the build puts the HTML back after Markdown has run (see ``build.py``). So neither
Markdown nor HTML nor Jinja syntax in a persona file is ever interpreted (and Markdown does not
spend time re-parsing large HTML).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True, slots=True)
class Page:
    """One generated page: its path in docs/, its escaped title, its Markdown with
    placeholders, and the HTML blocks that replace them after Markdown has run."""

    path: str
    title: str
    body: str
    blocks: list[str]


def placeholder_pattern(token: str) -> re.Pattern[str]:
    """How a block's placeholder looks once Markdown has made it a paragraph."""
    return re.compile(rf"<p>{re.escape(token)}x(\d+)</p>")


_BLOCK_END = re.compile(r"(</(?:td|th|tr|li|p|h[1-6]|div|ul|ol|table|thead|tbody)>)(?=<)")


def _stash(context: Any, html: str) -> Markup:
    """Jinja filter ``html``: keep a rendered HTML region aside, leave a placeholder.

    A line break after each closing block tag keeps words apart in search-result excerpts
    (the theme's indexer concatenates the text of adjacent cells)."""
    blocks: list[str] = context["blocks"]
    blocks.append(_BLOCK_END.sub("\\1\n", str(html)))
    return Markup(f"\n\n{context['block_token']}x{len(blocks) - 1}\n\n")


@cache
def environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        # `{#id}` is Markdown (attr_list heading ids), so Jinja comments are `{## … ##}`.
        comment_start_string="{##",
        comment_end_string="##}",
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["html"] = jinja2.pass_context(_stash)
    return env
