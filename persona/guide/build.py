"""Compile personas into the static, bilingual style-guide site.

For each site language (Arabic, then English) the pages are rendered from
Jinja2 templates into a temporary ``docs/`` folder with a generated
``mkdocs.yml`` (written with ``yaml.safe_dump``, never a string template), then
built programmatically with mkdocs-material into ``<out>/<lang>/``. The top of
``<out>`` gets a small static language chooser. Nothing in the result is loaded
from the network (see :mod:`persona.guide.offline`).
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from persona.errors import UserError
from persona.guide import offline, search
from persona.guide.changed import last_changed
from persona.guide.downloads import download_files, write_downloads
from persona.guide.i18n import direction, label
from persona.guide.render import Extras, Page, Renderer, placeholder_pattern
from persona.guide.rules import load_rules
from persona.guide.site import HOME, NAV_PAGES, RULES, VOICES, Site, persona_page
from persona.guide.voices import SAMPLE_MESSAGES, rewrite_everywhere
from persona.model import Persona

ASSETS = Path(__file__).parent / "assets"
STYLESHEETS = ("guide.css", "content.css", "az.css")  # content.css: chips, do/don't, tone, annotated drafts;
# az.css: the A–Z page and the downloads line
MARKER = ".persona-guide"  # marks an output folder as ours, so that rebuilding may replace it
STAGING, OLD = ".persona-guide-new-", ".persona-guide-old-"  # a build in progress, the site it replaces


@dataclass(slots=True)
class BuildReport:
    out: Path
    seconds: float = 0.0
    pages: dict[str, int] = field(default_factory=dict)  # per language
    omitted: list[str] = field(default_factory=list)  # pages left out, and why
    warnings: list[str] = field(default_factory=list)
    search_seconds: dict[str, float] = field(default_factory=dict)  # the search indexer's time, per language


def build_site(
    personas: Sequence[Persona], out: Path, warn: Callable[[str], None] | None = None,
    sources: Mapping[str, Path] | None = None,
) -> BuildReport:
    """Build the guide for ``personas`` into ``out`` (``out/ar``, ``out/en``, ``out/index.html``).

    ``sources`` (persona id → its file) dates each persona page with when the persona last changed.
    """
    started = time.perf_counter()
    if not personas:
        raise UserError.one("no personas to publish")
    out = out.resolve()  # mkdocs resolves a relative site_dir against its (temporary) config file
    _check_out(out)
    report = BuildReport(out)
    site = Site.of(personas)
    extras = _extras(site, report, warn)
    if sources:
        extras.changed = last_changed(site.personas, sources)
    token = f"pgblock{secrets.token_hex(8)}"  # unguessable: no persona text can fake a placeholder
    files = download_files(site.personas, extras.changed)
    created = not out.exists()
    staging: Path | None = None
    try:
        out.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(out)
        staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=out))
        with tempfile.TemporaryDirectory(prefix="persona-guide-") as tmp:
            for lang in site.languages:
                pages = Renderer(site, lang, extras, token).pages()
                report.pages[lang] = len(pages)
                config = _write_project(Path(tmp) / lang, lang, site, pages, staging / lang)
                report.warnings += _mkdocs_build(config, {page.path: page.blocks for page in pages}, token)
                offline.harden(staging / lang)
                report.search_seconds[lang] = search.build_index(staging / lang)
                write_downloads(staging / lang, files)
            chooser = Renderer(site, site.languages[0], extras).chooser()
            (staging / "index.html").write_text(chooser, encoding="utf-8")
        _swap_in(staging, out)
    except OSError as exc:  # a full disk, a read-only or unwritable folder: nothing half-built is left
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if created:
            shutil.rmtree(out, ignore_errors=True)
        raise UserError.one(f"cannot write the guide: {exc.strerror or exc}", file=str(out)) from None
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if created:
            shutil.rmtree(out, ignore_errors=True)
        raise
    for message in report.warnings:
        if warn:
            warn(message)
    report.seconds = time.perf_counter() - started
    return report


def _remove_leftovers(out: Path) -> None:
    """The staging and old folders a killed build left in ``out`` (ours by their names)."""
    for entry in out.iterdir():
        if entry.name.startswith((STAGING, OLD)) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)


def _swap_in(staging: Path, out: Path) -> None:
    """Replace what ``out`` holds by what ``staging`` (a folder inside it) holds: renames in one folder,
    so the earlier site is whole until the new one is; ``out`` itself stays (it may be a mount point)."""
    old = Path(tempfile.mkdtemp(prefix=OLD, dir=out))
    for entry in out.iterdir():
        if entry not in (staging, old) and entry.name != MARKER:
            os.rename(entry, old / entry.name)
    for entry in staging.iterdir():
        os.rename(entry, out / entry.name)
    (out / MARKER).write_text("Built by `persona guide build`; rebuilding replaces it.\n", encoding="utf-8")
    staging.rmdir()
    shutil.rmtree(old)


def _check_out(out: Path) -> None:
    """Refuse to write into a folder that holds something other than an earlier guide."""
    if out.exists() and not out.is_dir():
        raise UserError.one("--out: not a directory", file=str(out))
    if out.is_dir() and any(not e.name.startswith((STAGING, OLD)) for e in out.iterdir()) \
            and not (out / MARKER).exists():
        raise UserError.one("--out: the folder is not empty and was not built by `persona guide build`;"
                            " choose an empty or new folder", file=str(out))
    link = _first_symlink(out)
    if link is not None:
        raise UserError.one("--out: a symbolic link inside the earlier site; rebuilding would delete or"
                            " overwrite what it points to, so nothing was touched: remove the link"
                            " or choose another folder", file=str(link))


def _first_symlink(out: Path) -> Path | None:
    """A symbolic link anywhere inside ``out`` (never followed), or None."""
    if not out.is_dir():
        return None
    for root, dirs, files in os.walk(out, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(root, name)
            if path.is_symlink():
                return path
    return None


def _extras(site: Site, report: BuildReport, warn: Callable[[str], None] | None) -> Extras:
    extras = Extras(rules=load_rules(), sample_messages=dict(SAMPLE_MESSAGES))
    if extras.rules is None:
        report.omitted.append(f"{RULES}: the checker's rule registry (persona.check.registry) is missing")
    for lang in site.languages:
        extras.voices[lang] = rewrite_everywhere(site.personas_in(lang), SAMPLE_MESSAGES[lang], warn)
    if any(v is None for v in extras.voices.values()):
        report.omitted.append(f"{VOICES}: the offline rewriter (persona.rewrite.rules) is missing")
    return extras


def _write_project(root: Path, lang: str, site: Site, pages: list[Page], site_dir: Path) -> Path:
    """docs/ with every page and the stylesheet, and mkdocs.yml; returns the config's path."""
    import yaml

    docs = root / "docs"
    for page in pages:
        path = docs / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump({"title": page.title}, allow_unicode=True, sort_keys=False)
        path.write_text(f"---\n{front}---\n\n{page.body}", encoding="utf-8")
    (docs / "assets").mkdir(parents=True, exist_ok=True)
    for sheet in STYLESHEETS:
        shutil.copyfile(ASSETS / sheet, docs / "assets" / sheet)
    search.write_assets(docs / "assets", lang)
    config = root / "mkdocs.yml"
    config.write_text(
        yaml.safe_dump(_config(lang, site, pages, docs, site_dir), allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return config


def _config(lang: str, site: Site, pages: list[Page], docs: Path, site_dir: Path) -> dict[str, Any]:
    present = {page.path for page in pages}
    entities = [persona_page(p.id) for p in site.personas_in(lang)]
    nav: list[Any] = [HOME, {label("entities", lang): entities}]
    nav += [page for page in NAV_PAGES if page in present]
    return {
        "site_name": label("site_name", lang),
        "docs_dir": str(docs),
        "site_dir": str(site_dir),
        "use_directory_urls": False,
        "nav": nav,
        "theme": {
            "name": "material",
            "language": lang,
            "direction": direction(lang),
            "font": False,
            "features": ["navigation.sections", "navigation.top", "toc.follow"],
            "palette": [
                {"scheme": "default", "primary": "indigo", "accent": "indigo",
                 "toggle": {"icon": "material/brightness-7", "name": label("dark_mode", lang)}},
                {"scheme": "slate", "primary": "indigo", "accent": "indigo",
                 "toggle": {"icon": "material/brightness-4", "name": label("light_mode", lang)}},
            ],
        },
        "plugins": [],  # no theme search: its lunr index cannot search Arabic (persona.guide.search)
        "markdown_extensions": [{"toc": {"permalink": True}}, "attr_list"],
        "extra_css": [*(f"assets/{sheet}" for sheet in STYLESHEETS), search.STYLESHEET],
        "extra_javascript": [search.SCRIPT],
        "extra": {
            "generator": False,
            "alternate": [
                {"name": label("language_name", other), "link": f"../{other}/index.html", "lang": other}
                for other in site.languages
            ],
        },
    }


@contextmanager
def _captured_mkdocs_warnings() -> Iterator[list[str]]:
    """mkdocs logs to the ``mkdocs`` logger; collect its warnings instead of printing them."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(f"mkdocs: {record.getMessage()}")

    logger = logging.getLogger("mkdocs")
    handler = Collect(logging.WARNING)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def error_page_base(lang: str) -> str:
    """Where a language's 404 page finds its styles, pages and search index: ``/<lang>/``.

    A static host serves ``<lang>/404.html`` at whatever missing address was asked for
    (``/ar/no/such/page.html``), so its links cannot be relative; they are absolute, for the
    built folder served at the root of its host (what ``guide serve`` and a plain web server
    do). mkdocs itself would write ``/assets/…``, which exists in neither language folder.
    """
    return f"/{lang}/"


_HTML_TAG = re.compile(r"<html lang=\"([^\"]+)\"(?![^>]*\bdir=)")


def _with_direction(html: str) -> str:
    """The theme sets ``dir`` on <body> only; the root element should carry it too."""
    return _HTML_TAG.sub(lambda m: f'<html lang="{m.group(1)}" dir="{direction(m.group(1))}"', html, count=1)


#: The theme's 404 heading, in English whatever the site's language.
_NOT_FOUND = re.compile(r"<h1>404 - Not found</h1>")


def _not_found(lang: str) -> str:
    """The 404 page's heading and a way on, in the page's language."""
    from html import escape

    home = f'<a href="{error_page_base(lang)}index.html">{escape(label("home", lang))}</a>'
    return (f"<h1>404 — {escape(label('not_found', lang))}</h1>\n"
            f'<p class="pg-summary">{escape(label("not_found_hint", lang))}: {home}</p>')


def _mkdocs_build(config_file: Path, blocks: dict[str, list[str]], token: str) -> list[str]:
    """Build one language; each page's HTML blocks are put back in place of their placeholders."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    from mkdocs.plugins import BasePlugin
    from mkdocs.utils import is_error_template, normalize_url

    pattern = placeholder_pattern(token)

    class RestoreBlocks(BasePlugin):
        def on_page_content(self, html: str, page: Any, **_: Any) -> str:
            own = blocks.get(page.file.src_uri, [])
            return pattern.sub(lambda m: own[int(m.group(1))], html)

        def on_post_page(self, output: str, **_: Any) -> str:
            return _with_direction(output)

        def on_template_context(self, context: Any, template_name: str, config: Any) -> Any:
            if is_error_template(template_name):  # 404.html: absolute links into its own language
                base = error_page_base(config.theme["language"])
                context["base_url"] = base
                context["extra_css"] = [normalize_url(css, None, base) for css in config.extra_css]
                context["extra_javascript"] = [normalize_url(str(js), None, base) for js in config.extra_javascript]
            return context

        def on_post_template(self, output_content: str, template_name: str, config: Any) -> str:
            if is_error_template(template_name):  # the language menu: /ar/../en/… is /en/…
                lang = config.theme["language"]
                output_content = output_content.replace(f'href="{error_page_base(lang)}../', 'href="/')
                output_content = _NOT_FOUND.sub(lambda _: _not_found(lang), output_content, count=1)
            return _with_direction(output_content)

    with _captured_mkdocs_warnings() as messages:
        try:
            config = load_config(str(config_file))
            config.plugins["persona-guide-blocks"] = RestoreBlocks()
            config.plugins["persona-guide-search"] = search.plugin()  # after the blocks are back
            build(config)
        except MkDocsException as exc:
            raise UserError.one(f"building the guide failed: {exc}") from None
    return messages
