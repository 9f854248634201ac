"""``persona check --fix`` and ``--diff`` on files, standard input and archives.

Each draft is fixed to a fixed point (:func:`persona.check.fixes.fix_draft`) and
written back exactly as it was stored, but for the edits: UTF-8, its BOM if it had
one, its line endings (an edit replaces only its own span) and its front matter
(never edited). Nothing is written until every file that changes is known to be
writable: a read-only file fails the run (exit 2) with nothing changed. A
directory is walked without following symbolic links (:func:`persona.inputs.resolve_path`),
so a link found in it is neither read nor written. A symlink named on the command
line is followed: its target is fixed, the link stays a link. Archives are fixed
post by post into another file, never in place.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from persona.check.fixes import FixOutcome, fix_draft
from persona.errors import Problem, UserError
from persona.inputs import STDIN, Source, is_archive, read_source, read_stdin, resolve_path, rewrite_archive

if TYPE_CHECKING:
    from persona.check.batch import PersonaCache
    from persona.check.types import Draft, Result

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+")  # lines with their own endings, only these

__all__ = ["FileFix", "FixRequest", "check_writable", "fix_archive", "fix_files", "unified_diff", "write_fixes"]


@dataclass(frozen=True, slots=True)
class FixRequest:
    """What to fix with: the personas, the flags that win over each draft's own, ``--unsafe-fixes``."""

    personas: PersonaCache
    persona_id: str | None = None
    channel: str | None = None
    intent: str | None = None
    unsafe: bool = False
    lang: str | None = None  # --lang: the language the findings speak

    def fix(self, draft: Draft) -> FixOutcome:
        from persona.check.batch import resolve_context

        if self.lang:
            draft.lang = self.lang
        persona = resolve_context(draft, self.personas, persona_id=self.persona_id, channel=self.channel,
                                  intent=self.intent)
        return fix_draft(persona, draft, unsafe=self.unsafe)


@dataclass(frozen=True, slots=True)
class FileFix:
    """One file (or standard input) and what fixing it gave."""

    path: str
    source: Source
    outcome: FixOutcome

    @property
    def result(self) -> Result:
        return self.outcome.result

    def data(self) -> bytes:
        """The fixed file's bytes, stored as the original was."""
        return self.source.encode(self.outcome.text)

    def diff(self) -> str:
        return unified_diff(self.outcome.original, self.outcome.text, self.path)


def split_archives(paths: list[str]) -> tuple[list[str], list[str]]:
    """(the archives among ``paths``, everything else)."""
    return [p for p in paths if is_archive(p)], [p for p in paths if not is_archive(p)]


def fix_files(paths: list[str], request: FixRequest, *, stdin_text: str | None = None) -> list[FileFix]:
    """Fix every draft file named by ``paths`` (files, directories, ``-``), in memory.

    Archives are not drafts: pass them to :func:`fix_archive`. Bad paths fail before
    any draft is read.
    """
    files = [found for path in paths for found in resolve_path(path)]
    return list(_fix_each(files, request, stdin_text))


def _fix_each(files: list[str], request: FixRequest, stdin_text: str | None) -> Iterator[FileFix]:
    for path in files:
        source = read_stdin(stdin_text) if path == STDIN else read_source(path)
        yield FileFix(path, source, request.fix(source.draft))


def check_writable(fixes: list[FileFix]) -> None:
    """Every file that would change can be replaced; else one problem per file, nothing written."""
    problems = []
    for fix in fixes:
        if fix.path == STDIN or not fix.outcome.changed:
            continue
        target = os.path.realpath(fix.path)
        mode = os.stat(target).st_mode
        if not mode & 0o222 or not os.access(target, os.W_OK):
            problems.append(Problem("read-only file: not fixed (nothing was written)", fix.path))
        elif not os.access(os.path.dirname(target) or ".", os.W_OK | os.X_OK):
            problems.append(Problem("its folder is read-only: not fixed (nothing was written)", fix.path))
    if problems:
        raise UserError(problems)


_CHANGED = "changed since it was read (another program wrote it): not fixed, left as it is now; run again"


def write_fixes(fixes: list[FileFix]) -> int:
    """Write back every file that changed (atomically, through symlinks); how many were written.

    Each file is written only if it still holds the bytes that were fixed (checked for every file
    before the first write, and again for each under a lock just before its replace).
    """
    from persona.safe_write import FileChanged, LockBusy, expected, replace_checked, unchanged

    todo = []
    for fix in fixes:
        if fix.path == STDIN or not fix.outcome.changed:
            continue
        target = Path(os.path.realpath(fix.path))
        try:
            snapshot = expected(target, fix.source.encode(fix.outcome.original))
        except OSError as err:
            raise UserError([Problem(f"cannot write: {err.strerror}", fix.path)]) from None
        todo.append((fix, snapshot))
    changed = [Problem(_CHANGED, fix.path) for fix, snapshot in todo if not unchanged(snapshot)]
    if changed:
        raise UserError(changed)
    written = 0
    for fix, snapshot in todo:
        try:
            replace_checked(snapshot, fix.data())
        except FileChanged:
            raise UserError([Problem(_CHANGED, fix.path)]) from None
        except LockBusy:
            raise UserError([Problem("another persona process is writing in its folder: not fixed", fix.path)]) \
                from None
        except PermissionError:
            raise UserError([Problem("read-only file: not fixed", fix.path)]) from None
        except OSError as err:
            raise UserError([Problem(f"cannot write: {err.strerror}", fix.path)]) from None
        written += 1
    return written


def fix_archive(path: str, output: Path | None, request: FixRequest,
                on_post: Callable[[FixOutcome, Draft], None]) -> None:
    """Fix every post of the archive at ``path`` into ``output`` (None: only report, write nothing).

    ``on_post`` sees each post's outcome as it is fixed (for the report and the diff).
    ``output`` is written atomically, and is never the archive itself.
    """
    def new_text(draft: Draft) -> str:
        outcome = request.fix(draft)
        on_post(outcome, draft)
        return outcome.text

    if output is None:
        from persona.inputs import read_archive

        for draft in read_archive(path):
            new_text(draft)
        return
    if output.exists() and os.path.samefile(output, path):
        raise UserError([Problem("archives are fixed into another file, never in place", str(output),
                                 field="--output")])
    _write_atomically(output, lambda sink: rewrite_archive(path, sink, new_text))


def _write_atomically(output: Path, write: Callable[[BinaryIO], None]) -> None:
    from persona.paths import atomic_writer

    target = Path(os.path.realpath(output))
    try:
        with atomic_writer(target, mode=0o644) as sink:
            write(sink)
    except OSError as err:
        raise UserError([Problem(f"cannot write: {err.strerror}", str(output))]) from None


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff (``a/NAME`` → ``b/NAME``) that ``patch -p1`` applies; "" when equal.

    Lines keep their own endings; a last line without one is marked as diff does.
    """
    if before == after:
        return ""
    label = "stdin" if name == STDIN else name
    lines = difflib.unified_diff(_LINES.findall(before), _LINES.findall(after), f"a/{label}", f"b/{label}")
    out = []
    for line in lines:
        if line.endswith(("\n", "\r")):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)
