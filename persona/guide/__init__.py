"""The style-guide site: personas compiled into a bilingual, offline mkdocs-material site.

Heavy dependencies (jinja2, mkdocs, yaml) are imported inside the functions that
need them, so that importing this package costs the ``persona`` command nothing.
"""

from __future__ import annotations

from persona.guide.build import BuildReport, build_site

__all__ = ["BuildReport", "build_site"]
