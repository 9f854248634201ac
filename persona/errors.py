"""User-facing errors: one line each, `file:line:col: field: problem`, exit code 2.

Every mistake a user can make (a bad persona file, an unknown persona id, an
unreadable draft, a failing model endpoint) is raised as a :class:`UserError`.
The CLI prints each problem on its own line on stderr and exits with 2; nothing
else reaches the user, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

MAX_VALUE_CHARS = 40


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem, located as precisely as we know."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        what = f"{self.field}: " if self.field else ""
        return f"{where}{what}{self.message}"


@dataclass
class UserError(Exception):
    """A mistake in what the user gave us. Carries one or more problems."""

    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def one(cls, message: str, **where: object) -> UserError:
        return cls([Problem(message, **where)])  # type: ignore[arg-type]

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def shorten(value: object, limit: int = MAX_VALUE_CHARS) -> str:
    """A short, single-line rendering of a user value for error messages."""
    text = repr(value)
    text = text.replace("\n", "\\n")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text
