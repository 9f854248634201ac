"""Make a built site self-contained: nothing in it can reach the network.

mkdocs-material ships code paths that fetch from the Internet when a page uses
a feature the guide never uses (mermaid diagrams and a ResizeObserver polyfill
from unpkg.com, repository facts from api.github.com), plus documentation links
in comments and error messages of its bundled libraries, and source maps. After
each build we drop the source maps and the theme's search (lunr and its worker:
the guide searches with Pagefind, see :mod:`persona.guide.search`), and disarm
every remaining absolute http(s) URL in the theme's scripts and
styles (``https://host/…`` becomes ``[offline]host/…``), so the site works, and
can be verified to work, with no network at all. XML namespace identifiers are
names, not requests, and are kept.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

URL = re.compile(r"\bhttps?://[^\s\"'`<>()\\]+", re.IGNORECASE)

#: Namespace names that look like URLs but are never fetched.
XML_NAMESPACES: tuple[str, ...] = (
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/1998/Math/MathML",
    "http://www.w3.org/XML/1998/namespace",
    "http://www.w3.org/2000/xmlns/",
    "http://www.sitemaps.org/schemas/sitemap/0.9",
)

_DISARM = re.compile(r"\bhttps?://(?=[^\s\"'`<>()\\])", re.IGNORECASE)


_NAMESPACE_SET = frozenset(ns.rstrip("/") for ns in XML_NAMESPACES)


def is_namespace(url: str) -> bool:
    return url.rstrip("/") in _NAMESPACE_SET


def disarm(text: str) -> str:
    """``text`` with every absolute http(s) URL but the XML namespace names made unfetchable."""
    return URL.sub(lambda m: m.group(0) if is_namespace(m.group(0)) else _DISARM.sub("[offline]", m.group(0)),
                   text)


def harden(site_dir: Path) -> None:
    """Apply the offline rules to the theme's files in ``site_dir`` (pages are left alone)."""
    assets = site_dir / "assets"
    for source_map in assets.rglob("*.map"):
        source_map.unlink()
    shutil.rmtree(assets / "javascripts" / "lunr", ignore_errors=True)
    workers = assets / "javascripts" / "workers"
    for worker in workers.glob("search.*"):
        worker.unlink()
    if workers.is_dir() and not any(workers.iterdir()):
        workers.rmdir()
    for path in [*assets.rglob("*.js"), *assets.rglob("*.css")]:
        text = path.read_text(encoding="utf-8")
        disarmed = disarm(text)
        if disarmed != text:
            path.write_text(disarmed, encoding="utf-8")
