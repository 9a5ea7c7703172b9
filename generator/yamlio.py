"""The one YAML reader: safe loading only, C-accelerated where available
(and plain front matter without PyYAML's scanner: plainyaml), and strict
about what hand-written files get wrong (duplicate keys, aliases)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from . import plainyaml
from .errors import ContentError, GeneratorError

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_YAML_CHARS = 1_000_000
_STR_TAG = "tag:yaml.org,2002:str"


class StrictLoader(_Base):  # type: ignore[misc,valid-type]
    """SafeLoader that rejects duplicate keys and aliases: a duplicated key
    silently drops a value, and aliases are how 'billion laughs' bombs work."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise yaml.constructor.ConstructorError(
                None, None, "YAML aliases (*name) are not allowed", node.start_mark)
        return super().construct_object(node, deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag == _STR_TAG:
                key = key_node.value                # what constructing it would give
            else:
                key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen     # a set key passes this (as a frozenset)…
                seen.add(key)               # …but not this
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark) from None
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key}'", key_node.start_mark)
        # keys constructed above: forget them so that the check above does not
        # mistake the second construction for an alias
        for key_node, _ in node.value:
            self.constructed_objects.pop(key_node, None)
        return super().construct_mapping(node, deep)


def load_yaml(text: str, path: Path | str, line_offset: int = 0,
              error: type[GeneratorError] = ContentError) -> Any:
    """Parse YAML text; errors name the file and line (`line_offset` for
    front matter that starts below a `---`)."""
    if len(text) > MAX_YAML_CHARS:
        raise error(f"YAML document too large ({len(text):,} characters, limit "
                    f"{MAX_YAML_CHARS:,})", path)
    if (plain := plainyaml.load(text)) is not None:
        return plain
    try:
        return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - StrictLoader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 + line_offset if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(f"invalid YAML: {problem}", path, line) from None


def key_line(text: str, key_path: tuple[str, ...], line_offset: int = 0) -> int | None:
    """The line a (nested) key stands on, for error messages."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = None
    for key in key_path:
        if not isinstance(node, yaml.MappingNode):
            break
        for key_node, value_node in node.value:
            if key_node.value == key:
                line, node = key_node.start_mark.line + 1 + line_offset, value_node
                break
        else:
            break
    return line


def dump_yaml(data: Any) -> str:
    """Readable, stable YAML for files people edit: keys in the given order,
    Unicode as is, block style."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)
