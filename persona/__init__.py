"""persona — brand-persona style guides as code: check, rewrite, publish."""

__version__ = "0.1.0"
