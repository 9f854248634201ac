"""The CLI reference, generated from the live ``persona`` command (click introspection)."""

from __future__ import annotations

import enum
import html
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer

HELP_WIDTH = 100


@dataclass
class ParamDoc:
    """One argument or option of a command."""

    kind: str  # "argument" | "option"
    name: str  # what users type: "--format" or "ID"
    opts: list[str]
    type: str
    default: str | None
    required: bool
    repeatable: bool
    help: str


@dataclass
class CommandDoc:
    """One command (or group) of the CLI."""

    path: str  # "persona guide build"
    help: str
    usage: str
    help_page: str  # the verbatim output of `--help`
    is_group: bool
    params: list[ParamDoc] = field(default_factory=list)


def root_command() -> Any:
    from persona.cli.full import app

    return typer.main.get_command(app)


def walk() -> list[CommandDoc]:
    """Every command of the live CLI, depth first, groups before their commands."""
    command = root_command()
    ctx = command.context_class(command, info_name="persona", max_content_width=HELP_WIDTH, terminal_width=HELP_WIDTH)
    return list(_walk(command, ctx))


def _walk(command: Any, ctx: Any) -> Iterator[CommandDoc]:
    is_group = hasattr(command, "list_commands")
    yield CommandDoc(
        path=ctx.command_path,
        help=(command.help or "").strip(),
        usage=command.get_usage(ctx).strip(),
        help_page=command.get_help(ctx).rstrip(),
        is_group=is_group,
        params=[_param(p, ctx) for p in command.get_params(ctx) if not getattr(p, "hidden", False)],
    )
    if is_group:
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is None or getattr(sub, "hidden", False):
                continue
            yield from _walk(sub, sub.context_class(sub, info_name=name, parent=ctx))


def _param(param: Any, ctx: Any) -> ParamDoc:
    kind = getattr(param, "param_type_name", "option")
    is_flag = bool(getattr(param, "is_flag", False))
    name = (param.metavar or param.name.upper()) if kind == "argument" else max(param.opts, key=len)
    default = param.default
    if callable(default) or default in (None, (), []) or (is_flag and default is False):
        default_text = None
    else:
        default_text = _show_value(default)
    return ParamDoc(
        kind=kind,
        name=name,
        opts=[*param.opts, *getattr(param, "secondary_opts", [])],
        type="flag" if is_flag else (param.metavar or _type_name(param) + _range(param)),
        default=default_text,
        required=bool(param.required),
        repeatable=bool(getattr(param, "multiple", False)) or getattr(param, "nargs", 1) == -1,
        help=(getattr(param, "help", None) or "").strip(),
    )


def _range(param: Any) -> str:
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        return f" {low}–{high}"
    if low is not None:
        return f" ≥ {low}"
    if high is not None:
        return f" ≤ {high}"
    return ""


def _show_value(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, list | tuple):
        return " ".join(_show_value(v) for v in value)
    return str(value)


def _type_name(param: Any) -> str:
    """A reader-friendly type: ``yaml|json``, ``PATH``, ``TEXT``, ``INTEGER``…"""
    click_type = getattr(param, "type", None)  # classic click
    if click_type is not None:
        choices = getattr(click_type, "choices", None)
        if choices:
            return "|".join(str(getattr(c, "value", c)) for c in choices)
        return str(getattr(click_type, "name", click_type)).upper()
    descriptor = getattr(param, "type_descriptor", None)  # typer >= 0.20 (vendored click)
    return _annotation_name(getattr(descriptor, "annotation", str))


def _annotation_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, set):
        return _annotation_name(typing.get_args(annotation)[0])
    if origin is typing.Union or str(origin) == "<class 'types.UnionType'>":
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _annotation_name(args[0]) if len(args) == 1 else "|".join(_annotation_name(a) for a in args)
    if origin is typing.Annotated:
        return _annotation_name(typing.get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "|".join(str(m.value) for m in annotation)
    names = {str: "TEXT", int: "INTEGER", float: "NUMBER", bool: "BOOLEAN", Path: "PATH"}
    if isinstance(annotation, type):
        return names.get(annotation, annotation.__name__.upper())
    return str(annotation).upper()


def _cell(text: str) -> str:
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")


def _type_cell(type_name: str) -> str:
    """Choices as separate code spans (a pipe inside a code span would show its escape)."""
    return " \\| ".join(f"`{part}`" for part in type_name.split("|"))


def render() -> str:
    """The Markdown body of the CLI reference."""
    out: list[str] = []
    for doc in walk():
        depth = doc.path.count(" ")
        level = "#" * min(2 + max(depth - 1, 0), 4)
        title = f"`{doc.path}`"
        out += [f"{level} {title}", ""]
        out += [f"```text\n{doc.usage}\n```", ""]
        if doc.help:
            out += [doc.help, ""]
        rows = [p for p in doc.params if p.name != "--help"]
        if rows:
            out += ["| argument / option | type | default | description |", "| --- | --- | --- | --- |"]
            for p in rows:
                names = ", ".join(f"`{o}`" for o in p.opts) if p.kind == "option" else f"`{p.name}`"
                notes = []
                if p.required:
                    notes.append("required")
                if p.repeatable:
                    notes.append("repeatable" if p.kind == "option" else "any number")
                extra = f" ({', '.join(notes)})" if notes else ""
                default = f"`{p.default}`" if p.default is not None else ""
                out.append(f"| {names} | {_type_cell(p.type)}{extra} | {default} | {_cell(p.help)} |")
            out.append("")
        out += [
            f'??? example "`{doc.path} --help`"',
            "",
            "    ```text",
            *(f"    {line}" if line else "" for line in doc.help_page.splitlines()),
            "    ```",
            "",
        ]
    return "\n".join(out)
