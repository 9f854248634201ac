"""The prompt templates: a team's ``--template DIR`` first, then the packaged ones.

Templates may come from users, so they run in Jinja2's sandbox with ``StrictUndefined`` (a
typo in a variable is an error, not an empty string) and autoescape off (the output is plain
text, not HTML). The ``quoted`` filter writes a term between double quotes as it is: no JSON
escapes, so Arabic reaches the model as Arabic. ``jinja2`` is imported on first render.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from persona.errors import Problem, UserError

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

PACKAGED_TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE_NAMES = ("system.j2", "user.j2", "repair.j2")


def quoted(term: object) -> str:
    """A term between double quotes, as written (no JSON escapes: Arabic stays Arabic)."""
    return f'"{term}"'


@dataclass
class Templates:
    """The three prompt templates: a team's directory first, then the packaged ones."""

    directory: Path | None = None

    def __post_init__(self) -> None:
        if self.directory is not None and not self.directory.is_dir():
            raise UserError.one("--template: no such directory", file=str(self.directory))
        self._env: SandboxedEnvironment | None = None

    def path(self, name: str) -> Path:
        """Where the template ``name`` is read from."""
        if self.directory is not None and (self.directory / name).is_file():
            return self.directory / name
        return PACKAGED_TEMPLATES / name

    def sources(self) -> dict[str, str]:
        """The text of each template in use (part of the cache key)."""
        return {name: self.path(name).read_text(encoding="utf-8") for name in TEMPLATE_NAMES}

    def environment(self) -> SandboxedEnvironment:
        if self._env is None:
            from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
            from jinja2.sandbox import SandboxedEnvironment

            loaders = [FileSystemLoader(str(self.directory))] if self.directory else []
            loaders.append(FileSystemLoader(str(PACKAGED_TEMPLATES)))
            self._env = SandboxedEnvironment(
                loader=ChoiceLoader(loaders),
                undefined=StrictUndefined,
                autoescape=False,
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=False,
            )
            self._env.filters["quoted"] = quoted
        return self._env

    def render(self, name: str, context: dict[str, Any]) -> str:
        """Render one template; any template mistake becomes one located line (exit 2)."""
        import jinja2
        from jinja2.sandbox import SecurityError

        where = str(self.path(name))
        try:
            return self.environment().get_template(name).render(context).strip()
        except jinja2.TemplateSyntaxError as err:
            raise UserError([Problem(f"template syntax error: {err.message}", where, err.lineno)]) from None
        except SecurityError as err:
            raise UserError([Problem(f"template not allowed by the sandbox: {err}", where)]) from None
        except jinja2.UndefinedError as err:
            raise UserError([Problem(f"template error: {err.message}", where)]) from None
        except jinja2.TemplateError as err:
            raise UserError([Problem(f"template error: {err}", where)]) from None
