"""The persona format reference, generated from the pydantic models in ``persona.model``.

Types, defaults, constraints and descriptions come from the models. The merge
rule of each field under ``extends`` is not written down here: it is found by
running the loader's own ``merge`` on a parent and a child that both set the
field, so the page says what the code does.
"""

from __future__ import annotations

import enum
import json
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo


@dataclass
class FieldDoc:
    """One field of the persona file."""

    path: str  # "voice.formality", "audiences[].name", "channels.<name>.max_length"
    model: str  # the model that declares it
    name: str
    type: str
    default: str
    description: str
    merge: str


@dataclass
class Section:
    path: str  # "" for the top level
    model: type[BaseModel]
    fields: list[FieldDoc]


def _text_args() -> tuple[Any, ...]:
    from persona.model import Text

    return typing.get_args(Text)


def _non_none(annotation: Any) -> tuple[Any, bool]:
    """The annotation without ``None``, and whether it was optional."""
    if typing.get_origin(annotation) in (typing.Union, _UnionType):
        args = typing.get_args(annotation)
        rest = tuple(a for a in args if a is not type(None))
        if len(rest) < len(args):
            if len(rest) == 1:
                return rest[0], True
            return typing.Union[rest], True  # noqa: UP007
    return annotation, False


_UnionType = type(int | str)


def _is_text(annotation: Any) -> bool:
    annotation, _ = _non_none(annotation)
    return typing.get_origin(annotation) in (typing.Union, _UnionType) and typing.get_args(annotation) == _text_args()


LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"


def _constraints(items: list[Any], container: bool = False) -> list[str]:
    from persona.model import PERSONA_ID_PATTERN

    out: list[str] = []
    for item in items:
        if isinstance(item, FieldInfo):
            out += _constraints(list(item.metadata), container)
            continue
        for attr, word in (("ge", "≥"), ("gt", ">"), ("le", "≤"), ("lt", "<")):
            if getattr(item, attr, None) is not None:
                out.append(f"{word} {getattr(item, attr)}")
        for attr, word in (("min_length", "at least"), ("max_length", "at most")):
            value = getattr(item, attr, None)
            if value is None or (attr == "min_length" and value == 1 and not container):
                continue
            unit = ("entry" if value == 1 else "entries") if container else "characters"
            out.append(f"{word} {value} {unit}")
        pattern = getattr(item, "pattern", None)
        if pattern in (PERSONA_ID_PATTERN, LANGUAGE_PATTERN):
            continue
        if pattern:
            out.append(f"pattern `{pattern}`")
    return out


def type_name(annotation: Any, metadata: list[Any] | None = None) -> str:
    """A reader-friendly type for a field annotation."""
    metadata = list(metadata or [])
    annotation, _ = _non_none(annotation)
    if _is_text(annotation):
        return "text"
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return type_name(base, [*extra, *metadata])
    if origin is typing.Literal:
        return " \\| ".join(f"`{v}`" for v in typing.get_args(annotation))
    if origin is list:
        (item,) = typing.get_args(annotation)
        inner = type_name(item)
        limits = _constraints(metadata, container=True)
        return f"list of {inner}" + (f" ({', '.join(limits)})" if limits else "")
    if origin is dict:
        _, value = typing.get_args(annotation)
        return f"map: name → {type_name(value)}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return " \\| ".join(f"`{m.value}`" for m in annotation)
    base = {str: "string", int: "integer", bool: "boolean", float: "number"}.get(annotation, str(annotation))
    limits = _constraints(metadata)
    from persona.model import PERSONA_ID_PATTERN

    patterns = {getattr(m, "pattern", None) for m in metadata}
    if PERSONA_ID_PATTERN in patterns:
        base = "id: `a-z`, `0-9`, `-`"
    elif LANGUAGE_PATTERN in patterns:
        base = "language code (`ar`, `en`, `en-GB`)"
    return base + (f" ({', '.join(limits)})" if limits else "")


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "**required**"
    value = info.get_default(call_default_factory=True)
    if value is None:
        return "—"
    if isinstance(value, BaseModel):
        return "see below"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{json.dumps(value, ensure_ascii=False)}`" if isinstance(value, list | dict) else f"`{value}`"


# ---------------------------------------------------------------------------- merge rules, probed


def _probe_values(annotation: Any) -> tuple[Any, Any]:
    """A parent value and a child value of the field's shape, different in every part."""
    annotation, _ = _non_none(annotation)
    if _is_text(annotation):
        return {"ar": "أب", "en": "parent"}, {"en": "child"}
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _probe_values(typing.get_args(annotation)[0])
    if origin is list:
        return ["parent"], ["child"]
    if origin is dict or (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return {"a": "parent"}, {"b": "child"}
    return "parent", "child"


def _nest(keys: list[str], value: Any) -> dict[str, Any]:
    out: Any = value
    for key in reversed(keys):
        out = {key: out}
    return out


def merge_rule(keys: list[str] | None, annotation: Any) -> str:
    """How ``extends`` combines this field, found by running the loader's merge."""
    if keys is None:
        return "part of its list item"
    from persona.loader import merge
    from persona.yamlsource import SourceMap

    parent_value, child_value = _probe_values(annotation)
    merged, _ = merge(_nest(keys, parent_value), SourceMap(), _nest(keys, child_value), SourceMap())
    got: Any = merged
    for key in keys:
        got = got[key]
    if isinstance(parent_value, list):
        if got == parent_value + child_value:
            return "**concatenated**, parent's entries first"
        return "replaced by the child's list"
    if _is_text(annotation):
        return "replaced as a whole" if got == child_value else "merged language by language"
    if isinstance(parent_value, dict):
        return "merged key by key" if got == {**parent_value, **child_value} else "replaced as a whole"
    return "the child's value overrides"


# ---------------------------------------------------------------------------- walking the models


def sections() -> list[Section]:
    """The top level first, then every nested model in order of first appearance."""
    from persona.model import Persona

    out: list[Section] = []
    seen: set[type[BaseModel]] = set()

    def visit(model: type[BaseModel], path: str, keys: list[str] | None) -> None:
        seen.add(model)
        section = Section(path, model, [])
        out.append(section)
        nested: list[tuple[type[BaseModel], str, list[str] | None]] = []
        for name, info in model.model_fields.items():
            field_path = f"{path}.{name}" if path else name
            field_keys = [*keys, name] if keys is not None else None
            description = (info.description or "").strip()
            section.fields.append(
                FieldDoc(
                    path=field_path,
                    model=model.__name__,
                    name=name,
                    type=type_name(info.annotation, list(info.metadata)),
                    default=_default(info),
                    description=description,
                    merge=merge_rule(field_keys, info.annotation),
                )
            )
            child, suffix, child_keys = _nested_model(info.annotation, field_keys)
            if child is not None and child not in seen:
                nested.append((child, field_path + suffix, child_keys))
        for child, child_path, child_keys in nested:
            visit(child, child_path, child_keys)

    visit(Persona, "", [])
    return out


def _nested_model(annotation: Any, keys: list[str] | None) -> tuple[type[BaseModel] | None, str, list[str] | None]:
    annotation, _ = _non_none(annotation)
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, "", keys
    if origin is list:
        (item,) = typing.get_args(annotation)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item, "[]", None  # items of a list merge as part of the list
    if origin is dict:
        _, value = typing.get_args(annotation)
        if isinstance(value, type) and issubclass(value, BaseModel):
            return value, ".<name>", [*keys, "probe"] if keys is not None else None
    return None, "", None


def fields() -> list[FieldDoc]:
    return [f for section in sections() for f in section.fields]


def _cell(text: str) -> str:
    return text.replace("\n", " ").replace("|", "\\|")


def render() -> str:
    """The Markdown body of the persona format reference."""
    out: list[str] = []
    for section in sections():
        name = section.model.__name__
        if section.path:
            out += [f"### {name} {{ #{name.lower()} }}", "", f"`{section.path}`", ""]
            doc = (section.model.__doc__ or "").strip()
            if doc and not doc.startswith(("Usage docs", "A base class")):
                out += [doc, ""]
        else:
            out += ["### Persona { #persona }", "", "The top level of a persona file.", ""]
        out += [
            "| field | type | default | description | under `extends` |",
            "| --- | --- | --- | --- | --- |",
        ]
        for f in section.fields:
            out.append(f"| `{f.path}` | {f.type} | {_cell(f.default)} | {_cell(f.description)} | {f.merge} |")
        out.append("")
    return "\n".join(out)


def concatenated_lists() -> list[str]:
    from persona.model import CONCATENATED_LISTS

    return sorted(".".join(path) for path in CONCATENATED_LISTS)


def render_text_exceptions() -> str:
    """A sentence naming the text fields that do not merge as a whole (empty when there are none)."""
    odd = [f for f in fields() if f.type == "text" and f.merge not in ("replaced as a whole", "part of its list item")]
    if not odd:
        return ""
    names = ", ".join(f"`{f.path}`" for f in odd)
    verb = "is" if len(odd) == 1 else "are"
    return f"The exception {verb} {names}, inside a map: {odd[0].merge}, as its row below says."
