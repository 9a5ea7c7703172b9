"""The entity registry: content/entities.yaml, edited by people.

    entities:
      - name: Benjamin Netanjahu
        type: person            # person | place | organisation
        aliases: [Netanyahu, Bibi Netanjahu]
        description: Israeli prime minister
        wikidata: Q43723        # optional
    ignore: [Legende, Passend zum Thema]   # names never reported
    types:                                 # force a type for a name the model gets wrong
      Weisses Haus: organisation

Aliases are recognised in text and canonicalised to `name`.  Loading goes
through the project's strict safe loader (generator.yamlio); the composed node
tree is used only to give errors a line number:
`content/entities.yaml:12: entity 3 has no name`.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import ContentError
from ..yamlio import load_yaml

from .duplicates import Duplicate, suggest_duplicates  # noqa: F401  (part of the registry API)

TYPE_LABELS = {"person": "PER", "place": "LOC", "organisation": "ORG", "organization": "ORG"}


class RegistryError(ContentError, ValueError):
    """A bad entities file; the message is one line, `path:line: message`."""


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    type: str  # person | place | organisation
    aliases: tuple[str, ...] = ()
    description: str = ""
    wikidata: str | None = None

    @property
    def label(self) -> str:
        return TYPE_LABELS[self.type]


@dataclass(frozen=True, slots=True)
class Registry:
    entries: tuple[Entry, ...] = ()
    ignore: frozenset[str] = frozenset()  # lowercased
    forced: tuple[tuple[str, str], ...] = ()  # (lowercased name, label)
    _by_form: dict[str, Entry] = field(default_factory=dict, init=False, repr=False, compare=False)
    _forced: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            for form in (entry.name, *entry.aliases):
                self._by_form.setdefault(form.lower(), entry)
        self._forced.update(self.forced)

    def lookup(self, surface: str) -> Entry | None:
        return self._by_form.get(surface.lower())

    def is_ignored(self, name: str) -> bool:
        return name.lower() in self.ignore

    def forced_label(self, name: str) -> str | None:
        entry = self.lookup(name)
        return self._forced.get(name.lower()) or (entry.label if entry else None)

    def surface_forms(self) -> Iterator[tuple[str, Entry]]:
        for entry in self.entries:
            for form in (entry.name, *entry.aliases):
                yield form, entry

    def without(self, names: frozenset[str]) -> Registry:
        """A copy without entries named (or aliased) by any of `names` (for tests)."""
        low = {n.lower() for n in names}
        keep = tuple(e for e in self.entries if not ({e.name.lower(), *map(str.lower, e.aliases)} & low))
        return Registry(keep, self.ignore, self.forced)


EMPTY = Registry()


def load_registry(path: str | Path) -> Registry:
    path = Path(path)
    if not path.is_file():
        return EMPTY
    return parse_registry(path.read_text(encoding="utf-8"), path)


def parse_registry(text: str, path: Path) -> Registry:
    """The registry in `text` (read from `path`); pure."""
    # the strict loader first: it refuses aliases (YAML bombs), duplicate keys
    # and huge files, naming file and line; then the node tree for line numbers
    data = load_yaml(text, path, error=RegistryError)
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    return _build(path, data, root)


def _line(node, *keys) -> int:
    """Line of the node reached by following mapping keys / sequence indexes."""
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), node)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
    return (node.start_mark.line + 1) if node is not None else 1


def _build(path: Path, data, root) -> Registry:
    def fail(msg: str, *keys) -> RegistryError:
        return RegistryError(f"{path}:{_line(root, *keys)}: {msg}")

    if data is None:
        return EMPTY
    if not isinstance(data, dict):
        raise fail("top level must be a mapping with 'entities', 'ignore', 'types'")
    unknown = set(data) - {"entities", "ignore", "types"}
    if unknown:
        key = sorted(map(str, unknown))[0]
        raise fail(f"unknown key {key!r} (expected entities, ignore, types)", key)
    entries = []
    for i, raw in enumerate(data.get("entities") or []):
        if not isinstance(raw, dict):
            raise fail(f"entity {i + 1} must be a mapping", "entities", i)
        name, etype = raw.get("name"), raw.get("type")
        if not isinstance(name, str) or not name.strip():
            raise fail(f"entity {i + 1} has no name", "entities", i)
        if etype not in TYPE_LABELS:
            raise fail(f"entity {name!r}: type must be person, place or organisation, not {etype!r}", "entities", i, "type")
        aliases = raw.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise fail(f"entity {name!r}: aliases must be a list of strings", "entities", i, "aliases")
        extra = set(raw) - {"name", "type", "aliases", "description", "wikidata"}
        if extra:
            raise fail(f"entity {name!r}: unknown key {sorted(extra)[0]!r}", "entities", i, sorted(extra)[0])
        wikidata = raw.get("wikidata")
        entries.append(Entry(name.strip(), "organisation" if etype == "organization" else etype,
                             tuple(a.strip() for a in aliases), str(raw.get("description") or ""),
                             str(wikidata) if wikidata else None))
    ignore = data.get("ignore") or []
    if not isinstance(ignore, list) or not all(isinstance(n, str) for n in ignore):
        raise fail("ignore must be a list of names", "ignore")
    types = data.get("types") or {}
    if not isinstance(types, dict):
        raise fail("types must map names to person, place or organisation", "types")
    forced = []
    for name, etype in types.items():
        if etype not in TYPE_LABELS:
            raise fail(f"types: {name!r} must be person, place or organisation, not {etype!r}", "types", name)
        forced.append((str(name).lower(), TYPE_LABELS[etype]))
    return Registry(tuple(entries), frozenset(n.lower() for n in ignore), tuple(forced))
