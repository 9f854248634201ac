"""Generators for persona's documentation, run at build time by ``docs/hooks.py``.

Each module renders one reference page (or part of one) from the live code, so
the published reference cannot drift from what the tool does:

* :mod:`gen.cli_ref` — the command line, walked through click's introspection;
* :mod:`gen.format_ref` — the persona file format, from the pydantic models;
* :mod:`gen.rules_ref` — the checks, from the checker's registry;
* :mod:`gen.run` — real output of the commands shown in the guides.
"""
