"""Safe YAML loading that remembers where every value came from.

PyYAML's ``SafeLoader`` composes the document into nodes; we build plain Python
values from those nodes ourselves so that

* only the standard YAML tags are accepted (``!!python/...`` and any other
  custom tag is refused with its position),
* alias expansion is bounded (a "billion laughs" document fails fast instead of
  exhausting memory),
* duplicate keys are reported instead of silently overwritten, and
* every value's position is recorded in a :class:`SourceMap`, so validation
  errors can point at ``file:line:col``, and so is every plain scalar that a
  YAML 1.2 reader (editors, JSON Schema tools) reads otherwise than this YAML 1.1
  one (``yes``, ``no``, ``on``, ``1_000``, ``0o17``, ``1e3``): ``SourceMap.yaml11``.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from persona.encoding import decode, read_bytes
from persona.errors import Problem, UserError

MAX_NODES = 200_000
#: Nesting deeper than this is refused (PyYAML composes recursively: ~500 levels exhaust Python's stack).
MAX_DEPTH = 100

Path_ = tuple[str | int, ...]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:timestamp",
}


@dataclass(frozen=True, slots=True)
class Mark:
    file: str
    line: int  # 1-based
    column: int  # 1-based
    path: Path_ = ()  # where the value sits in its own file (before `extends` merging)


@dataclass
class SourceMap:
    """Positions of values (and of mapping keys) by their path in the document."""

    values: dict[Path_, Mark] = field(default_factory=dict)
    keys: dict[Path_, Mark] = field(default_factory=dict)
    #: Plain scalars (values, or keys at their child's path) read otherwise by YAML 1.2, as written.
    yaml11: dict[Path_, str] = field(default_factory=dict)

    def locate(self, path: Path_, *, key: bool = False) -> Mark | None:
        """The mark of ``path``, or of its nearest ancestor that has one."""
        return self.locate_field(path, key=key)[0]

    def locate_field(self, path: Path_, *, key: bool = False) -> tuple[Mark | None, Path_]:
        """The nearest mark, and ``path`` as it is written in that mark's own file."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while True:
            mark = table.get(probe) or (self.values.get(probe) if key else None)
            if mark is not None:
                return mark, (*mark.path, *path[len(probe):])
            if not probe:
                return None, tuple(path)
            probe = probe[:-1]


def _mark(file: str, node: yaml.Node, path: Path_ = ()) -> Mark:
    return Mark(file, node.start_mark.line + 1, node.start_mark.column + 1, path)


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.nodes = 0
        self.source = SourceMap()
        self._scalars = yaml.SafeLoader("")

    def fail(self, node: yaml.Node, path: Path_, message: str) -> UserError:
        mark = _mark(self.file, node)
        return UserError([Problem(message, self.file, mark.line, mark.column, dotted(path) or None)])

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(node, path, f"document too large: more than {MAX_NODES} values (alias expansion?)")
        if node.tag not in _STANDARD_TAGS:
            raise self.fail(node, path, f"tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed")
        self.source.values.setdefault(path, _mark(self.file, node, path))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(cast(yaml.ScalarNode, node), path, path)  # neither mapping nor sequence

    def _scalar(self, node: yaml.ScalarNode, path: Path_, own: Path_ | None = None) -> Any:
        """The value of a scalar; ``own`` is where it is noted when YAML 1.2 reads it otherwise."""
        value = self._construct(node, path)
        if own is not None and node.style is None and not _same_reading(value, yaml12_reading(node.value)):
            self.source.yaml11[own] = node.value
        return value

    def _construct(self, node: yaml.ScalarNode, path: Path_) -> Any:
        try:
            value = self._scalars.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise self.fail(node, path, f"invalid value: {getattr(exc, 'problem', exc)}") from None
        except ValueError:  # an integer of more digits than Python converts (sys.get_int_max_str_digits)
            raise self.fail(node, path, f"invalid value: a number of more than {_max_digits()} digits") from None
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates stay text: persona files have no date fields
        return value

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, path, "merge keys (<<) are not supported")
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, path, "keys must be plain strings")
            key_value = self._scalar(key_node, path)
            key = str(key_value)
            child = (*path, key)
            if not _same_reading(key_value, yaml12_reading(key_node.value)) and key_node.style is None:
                self.source.yaml11[child] = key_node.value
            if key in result:
                raise self.fail(key_node, child, "duplicate key")
            self.source.keys[child] = _mark(self.file, key_node, child)
            result[key] = self.build(value_node, child)
        return result


_YAML12_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_YAML12_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_YAML12_INT_RE = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_YAML12_FLOAT_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_YAML12_SPECIAL = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}


def yaml12_reading(text: str) -> Any:
    """What a YAML 1.2 reader (core schema) makes of a plain scalar."""
    if text in _YAML12_NULLS:
        return None
    if text in _YAML12_BOOLS:
        return _YAML12_BOOLS[text]
    if _YAML12_INT_RE.fullmatch(text):
        base = 8 if text.startswith("0o") else 16 if text.startswith("0x") else 10
        try:
            return int(text[2:] if base != 10 else text, base)
        except ValueError:  # more digits than Python converts: no reader takes it as a number we use
            return text
    if _YAML12_FLOAT_RE.fullmatch(text):
        return float(text)
    return _YAML12_SPECIAL.get(text.lower(), text)


def _max_digits() -> int:
    return getattr(sys, "get_int_max_str_digits", lambda: 4300)()


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _DepthLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing nesting deeper than :data:`MAX_DEPTH` (composing recurses)."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _same_reading(value: Any, other: Any) -> bool:
    if type(value) is not type(other):
        return False
    return value == other or (isinstance(value, float) and math.isnan(value) and math.isnan(other))


def dotted(path: Path_) -> str:
    """``("voice", "traits", 2)`` → ``voice.traits[2]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not part:
            out += '[""]'  # an empty key (channels: {"": …})
        else:
            out += f".{part}" if out else str(part)
    return out


def load_yaml_text(text: str, file: str) -> tuple[Any, SourceMap]:
    """Parse one YAML document safely, returning the value and its source map."""
    try:
        node = yaml.compose(text, Loader=_DepthLoader)
    except _TooDeep as exc:
        deep = Problem(f"nested too deeply (more than {MAX_DEPTH} levels)", file, exc.mark.line + 1,
                       exc.mark.column + 1)
        raise UserError([deep]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if mark is None:
            raise UserError([Problem(f"YAML syntax error: {problem}", file)]) from None
        raise UserError(
            [Problem(f"YAML syntax error: {problem}", file, mark.line + 1, mark.column + 1)]
        ) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise UserError([Problem(f"character U+{code:04X} is not allowed in YAML", file, line, column)]) from None
    except yaml.YAMLError as exc:
        raise UserError([Problem(f"YAML error: {str(exc).splitlines()[0]}", file)]) from None
    if node is None:
        return None, SourceMap()
    builder = _Builder(file)
    value = builder.build(node, ())
    return value, builder.source


def load_yaml_file(path: Path, display: str | None = None) -> tuple[Any, SourceMap]:
    """Read and parse a YAML file; every failure is a one-line :class:`UserError`."""
    from persona.limits import persona_limit, too_large

    name = display or str(path)
    limit = persona_limit()
    data = read_bytes(path, name, directory="is a directory, not a persona file", limit=limit)
    if limit is not None and len(data) > limit:
        raise too_large("a persona file", limit, persona=True, file=name)
    return load_yaml_text(decode(data, name), name)
