"""Turn pydantic's validation errors into one-line, located, human messages."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Union

import yaml
from pydantic import BaseModel
from pydantic_core import ErrorDetails

from persona.errors import Problem, shorten
from persona.model import LANGUAGE_CODE_PATTERN
from persona.yamlsource import Path_, SourceMap, dotted, yaml12_reading


def data_path(loc: tuple[Any, ...], data: Any) -> Path_:
    """Keep the parts of a pydantic ``loc`` that index into the data; drop union tags."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if _indexes(node, part):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not _looks_like_type_tag(part):
            path.append(part)  # a missing or unknown key
            node = None
    return tuple(path)


def _indexes(node: Any, part: Any) -> bool:
    """Is ``part`` a key of the mapping, or an index of the list, ``node``?"""
    if isinstance(node, dict):
        return isinstance(part, str) and part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _looks_like_type_tag(part: str) -> bool:
    return "[" in part or part.startswith(("constrained-", "function-")) or part in {
        "str", "int", "dict", "list", "bool", "float", "none"
    }


def model_at(path: Path_, root: type[BaseModel]) -> type[BaseModel] | None:
    """The model class whose instance lives at ``path`` (for key suggestions)."""
    annotation: Any = root
    for part in path:
        model = _unwrap_model(annotation)
        if model is not None and isinstance(part, str):
            field = model.model_fields.get(part)
            if field is None:
                return None
            annotation = field.annotation
            continue
        args = typing.get_args(_strip_optional(annotation))
        if not args:
            return None
        annotation = args[-1]
    return _unwrap_model(annotation)


def _strip_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return members[0]
    return annotation


def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    annotation = _strip_optional(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _bounds(path: Path_, root: type[BaseModel]) -> tuple[Any, Any]:
    if not path or not isinstance(path[-1], str):
        return None, None
    model = model_at(path[:-1], root)
    field = model.model_fields.get(path[-1]) if model else None
    low = high = None
    for meta in field.metadata if field else ():
        low = getattr(meta, "ge", None) if getattr(meta, "ge", None) is not None else low
        high = getattr(meta, "le", None) if getattr(meta, "le", None) is not None else high
    return low, high


def describe(error: ErrorDetails, path: Path_, root: type[BaseModel]) -> str:
    """A short message for one pydantic error."""
    kind = error["type"]
    got = shorten(error.get("input"))
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return _unknown_key(path, root)
    if kind == "missing":
        return "required field is missing"
    if kind in ("greater_than_equal", "less_than_equal"):
        low, high = _bounds(path, root)
        if low is not None and high is not None:
            return f"must be between {low} and {high} (got {got})"
        bound = ctx.get("ge", ctx.get("le"))
        return f"must be {'at least' if kind == 'greater_than_equal' else 'at most'} {bound} (got {got})"
    if kind == "greater_than":
        return f"must be greater than {ctx.get('gt')} (got {got})"
    if kind in ("int_parsing", "int_type", "int_from_float", "int_parsing_size"):
        return f"must be a whole number (got {got})"
    if kind in ("bool_parsing", "bool_type"):
        return f"must be true or false (got {got})"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '').replace(chr(39), '')} (got {got})"
    if kind == "string_type":
        hint = " — put it in quotes" if isinstance(error.get("input"), int | float) else ""
        return f"must be text (got {got}){hint}"
    if kind == "text_type":
        return f"must be text or a map of language to text, e.g. {{ar: …, en: …}} (got {got})"
    if kind == "list_type":
        return f"must be a list (got {got})"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"must be a mapping (got {got})"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == LANGUAGE_CODE_PATTERN:
        return f"must be a language code such as ar, en or ar-SA (got {got})"
    if kind == "string_pattern_mismatch":
        return f"must be lower-case letters, digits and dashes (got {got})"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_short":
        return f"must have at least {ctx.get('min_length', 1)} item(s)"
    return f"{error['msg']} (got {got})"


def _unknown_key(path: Path_, root: type[BaseModel]) -> str:
    model = model_at(path[:-1], root)
    key = str(path[-1]) if path else ""
    if model is None:
        return "unknown field"
    close = difflib.get_close_matches(key, list(model.model_fields), n=1, cutoff=0.6)
    return "unknown field" + (f" (did you mean '{close[0]}'?)" if close else "")


def collapse_union_errors(errors: list[ErrorDetails], data: Any) -> list[tuple[ErrorDetails, Path_]]:
    """One error per data path: a Text field that is neither str nor map gives one message."""
    grouped: dict[Path_, list[ErrorDetails]] = {}
    for error in errors:
        grouped.setdefault(data_path(error["loc"], data), []).append(error)
    for path in [p for p, group in grouped.items() if _only_branch_type_errors(group)]:
        if any(len(other) > len(path) and other[: len(path)] == path for other in grouped):
            del grouped[path]  # {Arabic: …}: the map branch says what is wrong inside, not "must be text"
    out: list[tuple[ErrorDetails, Path_]] = []
    for path, group in grouped.items():
        tags = {str(p) for e in group for p in e["loc"] if isinstance(p, str) and _looks_like_type_tag(p)}
        if len(group) > 1 and any(t.startswith("dict[") for t in tags) and any(
            t == "str" or t.startswith("constrained-str") for t in tags
        ):
            merged = dict(group[0])
            merged["type"] = "text_type"
            out.append((typing.cast(ErrorDetails, merged), path))
        else:
            out.extend((e, path) for e in group[:1])
    return out


def _only_branch_type_errors(group: list[ErrorDetails]) -> bool:
    """Errors of a union's branches at the union itself (``name`` is not a string, not a map)."""
    return all(e["type"] in ("string_type", "dict_type") and any(
        isinstance(p, str) and _looks_like_type_tag(p) for p in e["loc"]) for e in group)


def to_problems(
    errors: list[ErrorDetails], data: Any, source: SourceMap, file: str, root: type[BaseModel]
) -> list[Problem]:
    """Located problems, one per offending field, in document order."""
    problems: list[Problem] = []
    for error, path in collapse_union_errors(errors, data):
        mark, own_path = source.locate_field(path, key=error["type"] in ("extra_forbidden", "missing"))
        problems.append(
            Problem(
                describe(error, path, root),
                mark.file if mark else file,
                mark.line if mark else None,
                mark.column if mark else None,
                dotted(own_path) or None,
            )
        )
    problems.sort(key=lambda p: (p.file or "", p.line or 0, p.column or 0))
    return problems


def term_warnings(persona: Any) -> list[tuple[str, str]]:
    """(field, problem) for each persona term that can never match a draft after normalisation.

    A term that folds to nothing (only diacritics, tatweel, zero-width characters or spaces), and
    an ``except:`` phrase that does not contain its own term (it can never be where the term is).
    """
    from persona.text.normalize import fold_term

    out: list[tuple[str, str]] = []

    def check(field: str, term: str) -> None:
        if not fold_term(term):
            out.append((field, f"'{term}' can never match: nothing is left after normalisation "
                               "(diacritics, tatweel and zero-width characters are removed)"))

    def check_except(field: str, terms: list[str], phrases: list[str] | None) -> None:
        for j, phrase in enumerate(phrases or ()):
            folded = fold_term(phrase)
            if not any(fold_term(t) and fold_term(t) in folded for t in terms):
                out.append((f"{field}.except[{j}]", f"'{phrase}' does not contain the term, so it never applies"))

    for i, prefer in enumerate(persona.vocabulary.prefer):
        for j, term in enumerate(prefer.instead_of):
            check(f"vocabulary.prefer[{i}].instead_of[{j}]", term)
        check_except(f"vocabulary.prefer[{i}]", prefer.instead_of, prefer.except_)
    for i, avoid in enumerate(persona.vocabulary.avoid):
        check(f"vocabulary.avoid[{i}].term", avoid.term)
        check_except(f"vocabulary.avoid[{i}]", [avoid.term], avoid.except_)
    for i, value in enumerate(persona.values):
        for j, phrase in enumerate(value.contradicted_by):
            check(f"values[{i}].contradicted_by[{j}]", phrase)
        check_except(f"values[{i}]", value.contradicted_by, value.except_)
    for i, entry in enumerate(persona.facts.retired):
        check(f"facts.retired[{i}].old", entry.old)
    return out


def yaml_reading_problems(source: SourceMap, root: type[BaseModel]) -> list[Problem]:
    """One problem for each scalar that YAML 1.1 and YAML 1.2 read differently (``SourceMap.yaml11``).

    persona reads YAML 1.1 (``exclamations: yes`` is true, ``languages: [ar, no]`` holds
    false); editors and JSON Schema tools read YAML 1.2 (the texts "yes" and "no"). Rather
    than guess which was meant, such a file is refused with the way to say it for both:
    ``write true or false`` where the field is a boolean, plain digits where it is a
    number, quotes anywhere else.
    """
    problems = []
    for path, written in source.yaml11.items():
        old, new = _reading(yaml.safe_load(written)), _reading(yaml12_reading(written))
        kind = _expected_kind(path, root)
        if kind == "bool":
            advice = "write true or false"
        elif kind == "int":
            advice = "write the number in plain digits"
        else:
            advice = f'quote "{written}"'
        mark, own_path = source.locate_field(path)
        problems.append(Problem(f"{written} is {old} to YAML 1.1 readers but {new} to YAML 1.2 ones: {advice}",
                                mark.file if mark else None, mark.line if mark else None,
                                mark.column if mark else None, dotted(own_path) or None))
    problems.sort(key=lambda p: (p.file or "", p.line or 0, p.column or 0))
    return problems


def _reading(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"the number {value:g}" if isinstance(value, float) else f"the number {value}"
    if value is None:
        return "null"
    return f'the text "{value}"'


def _expected_kind(path: Path_, root: type[BaseModel]) -> str:
    """``bool``, ``int`` or ``text``: what the field at ``path`` holds (text when unknown)."""
    annotation: Any = root
    for part in path:
        model = _unwrap_model(annotation)
        if model is not None:
            field = next((f for name, f in model.model_fields.items() if part in (name, f.alias)), None)
            if field is None:
                return "text"
            annotation = field.annotation
            continue
        containers = [a for a in _members(annotation) if typing.get_origin(a) in (list, dict)]
        if not containers:
            return "text"
        annotation = typing.get_args(containers[-1])[-1]
    members = {_base(a) for a in _members(annotation)}
    return "bool" if bool in members else "int" if int in members else "text"


def _members(annotation: Any) -> list[Any]:
    annotation = _base(annotation)
    if typing.get_origin(annotation) in (Union, types.UnionType):
        return [_base(a) for a in typing.get_args(annotation) if a is not type(None)]
    return [annotation]


def _base(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation
