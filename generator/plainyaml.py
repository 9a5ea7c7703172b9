"""Front matter in the plain YAML that ingest and most people write, read
without PyYAML's scanner and node graph: about an eighth of the time, which
was most of parsing an article.

`load` understands block mappings nested by indentation, block sequences
and one-line flow sequences of scalars, plain scalars and quoted ones
without escapes (both also folded over lines). Plain scalars are typed
by PyYAML's own resolver and constructors, so a date or a number comes out
exactly as yaml.safe_load gives it. Anything else (comments, escapes, block
scalars, anchors, tabs, duplicate keys, odd indentation) returns None, and
the caller loads the text with PyYAML, which also reports the errors."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml

# Never seen by the fast path: tabs, line breaks other than \n (YAML also
# breaks lines at \r, \x85, \u2028 and \u2029), a BOM, non-printables
_UNSUPPORTED = re.compile("[\t\r\x85\u2028\u2029\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_KEY = re.compile(r"( *)([A-Za-z_][A-Za-z0-9_-]*):(?= |\Z)")
_ITEM = re.compile(r" *- +(?=[^ ])")
# what may not start a plain scalar (YAML's indicators), and what may not be
# in one (': ' and ' #' end it, a trailing ':' makes it a key)
_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_QUOTED_LIST = re.compile(r'\[ *"[^"\\]*"(?: *, *"[^"\\]*")* *\]\Z')
_QUOTED_ITEM = re.compile(r'"([^"\\]*)"')
_FLOW_ITEM = re.compile(r' *(?:"([^"\\]*)"|([^-?:,\[\]{}#&*!|>\'"%@` ][^,\[\]{}#:\'"]*?)) *(,|\])')
_STR = "tag:yaml.org,2002:str"
MAX_DEPTH = 20              # nested mappings; deeper is left to PyYAML (and its limit)
_RESOLVER = yaml.resolver.Resolver()


class _Scalars(yaml.constructor.SafeConstructor):
    """PyYAML's constructors for typed plain scalars (dates, numbers,
    booleans, null), without a loader around them."""

    def __init__(self) -> None:     # construct_scalar and the tables are all they use
        pass


_SCALARS = _Scalars()


class _NotPlain(Exception):
    """The text is outside the subset: PyYAML must read it."""


def load(text: str) -> dict[str, Any] | None:
    """The mapping `text` holds, equal to what yaml.safe_load returns, or
    None when the text is outside the plain subset (or not a mapping)."""
    if _UNSUPPORTED.search(text):
        return None
    lines = text.split("\n")
    try:
        mapping, end = _mapping(lines, _skip_blank(lines, 0), 0, 0)
    except _NotPlain:
        return None
    if not mapping or _skip_blank(lines, end) != len(lines):
        return None
    return mapping


def _skip_blank(lines: list[str], position: int) -> int:
    while position < len(lines) and not lines[position].strip(" "):
        position += 1
    return position


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _mapping(lines: list[str], position: int, indent: int, depth: int) -> tuple[dict[str, Any], int]:
    if depth > MAX_DEPTH:
        raise _NotPlain
    mapping: dict[str, Any] = {}
    while (position := _skip_blank(lines, position)) < len(lines):
        line = lines[position]
        match = _KEY.match(line)
        if match is None or (found := len(match[1])) > indent:
            if _indent(line) < indent:
                break
            raise _NotPlain
        if found < indent:
            break
        key = _key(match[2])
        if key in mapping:
            raise _NotPlain         # PyYAML names the duplicate
        position += 1
        rest = line[match.end():].strip(" ")
        if not rest:
            mapping[key], position = _nested(lines, position, indent, depth)
        else:
            mapping[key], position = _value(rest, lines, position, indent)
    return mapping, position


def _nested(lines: list[str], position: int, indent: int, depth: int) -> tuple[Any, int]:
    """What follows `key:` with nothing after it: a deeper mapping, a
    sequence (also at the key's own indentation), or null."""
    following = _skip_blank(lines, position)
    if following == len(lines):
        return None, following
    line = lines[following]
    found = _indent(line)
    if line.startswith("-", found) and found >= indent:
        return _sequence(lines, following, found)
    if found > indent:
        return _mapping(lines, following, found, depth + 1)
    return None, position


def _sequence(lines: list[str], position: int, indent: int) -> tuple[list[Any], int]:
    items = []
    while (position := _skip_blank(lines, position)) < len(lines):
        line = lines[position]
        found = _indent(line)
        if found < indent or (found == indent and not line.startswith("-", found)):
            break
        match = _ITEM.match(line)
        if match is None or found > indent:
            raise _NotPlain         # nested, empty or deeper items
        item, position = _value(line[match.end():].rstrip(" "), lines, position + 1, indent)
        if type(item) is list:
            raise _NotPlain         # a flow sequence in a sequence: read by PyYAML
        items.append(item)
    return items, position


def _value(text: str, lines: list[str], position: int, indent: int) -> tuple[Any, int]:
    """A scalar or flow sequence starting on the line before `position`,
    plain scalars continued on lines indented deeper than `indent`."""
    first = text[0]
    if first in "'\"":
        return _quoted(text, lines, position, indent)
    if first == "[":
        return _flow(text), position
    if not _is_plain(text):
        raise _NotPlain
    return _plain(text, lines, position, indent)


def _quoted(text: str, lines: list[str], position: int, indent: int) -> tuple[str, int]:
    """A quoted scalar without escapes ('' is a quote in single quotes)."""
    quote = text[0]
    parts = [text[1:]]
    while quote not in _unpaired(parts[-1], quote):
        more = _continuation(lines, position, indent)
        if more is None:
            raise _NotPlain         # not closed
        separator, continued, position = more
        parts += [separator, continued]
    inner = "".join(parts)
    if inner[-1] != quote or quote in _unpaired(inner[:-1], quote) or (quote == '"' and "\\" in inner):
        raise _NotPlain
    return (inner[:-1].replace("''", "'") if quote == "'" else inner[:-1]), position


def _unpaired(text: str, quote: str) -> str:
    return text.replace("''", "") if quote == "'" else text


def _plain(text: str, lines: list[str], position: int, indent: int) -> tuple[Any, int]:
    parts = [text]
    while (more := _continuation(lines, position, indent)) is not None:
        separator, continued, position = more
        if not _is_plain(continued):
            raise _NotPlain
        parts += [separator, continued]
    return _typed("".join(parts)), position


def _continuation(lines: list[str], position: int, indent: int) -> tuple[str, str, int] | None:
    """The next line of a scalar (indented deeper than `indent`) as YAML
    folds it in: after a space if it follows at once, after n newlines if n
    blank lines come first; and the position after it. None: the scalar
    ended before."""
    following = _skip_blank(lines, position)
    if following == len(lines) or _indent(lines[following]) <= indent:
        return None
    continued = lines[following].strip(" ")
    if continued.startswith(("---", "...")):
        raise _NotPlain             # a document marker, or text PyYAML may take for one
    return "\n" * (following - position) if following > position else " ", continued, following + 1


def _is_plain(text: str) -> bool:
    return text[0] not in _NOT_PLAIN_START and ": " not in text and " #" not in text and text[-1] != ":"


def _flow(text: str) -> list[Any]:
    """A one-line flow sequence of double-quoted or plain scalars."""
    if text == "[]":
        return []
    if _QUOTED_LIST.match(text):
        return _QUOTED_ITEM.findall(text)
    items = []
    at = 1
    while True:
        match = _FLOW_ITEM.match(text, at)
        if match is None:
            raise _NotPlain
        items.append(match[1] if match[1] is not None else _typed(match[2]))
        at = match.end()
        if match[3] == "]":
            break
    if at != len(text):
        raise _NotPlain
    return items


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    if _RESOLVER.resolve(yaml.ScalarNode, name, (True, False)) != _STR:
        raise _NotPlain             # `yes:`, `null:`: not a text key
    return name


def _typed(value: str) -> Any:
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    if tag == _STR:
        return value
    construct = _Scalars.yaml_constructors.get(tag)
    if construct is None:
        raise _NotPlain
    return construct(_SCALARS, yaml.ScalarNode(tag, value))
