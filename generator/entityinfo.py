"""content/entities.yaml → what the site knows about a name beyond the
articles: its type, a description, aliases and a Wikidata id.

Format: `entities:` is a list of {name, type: person|place|organisation,
aliases: [], description: "", wikidata: Q…}. Pure: `parse` gets the text."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ContentError
from .text import slugify
from .yamlio import load_yaml

KIND_OF_TYPE = {"person": "people", "place": "places", "organisation": "organisations"}


@dataclass(frozen=True, slots=True)
class EntityInfo:
    name: str
    kind: str                      # "people" | "places" | "organisations"
    aliases: tuple[str, ...] = ()
    description: str = ""
    wikidata: str = ""


@dataclass(frozen=True, slots=True)
class Registry:
    entries: tuple[EntityInfo, ...] = ()

    def find(self, kind: str, name: str) -> EntityInfo | None:
        """The entry whose name or an alias has this slug, of this kind."""
        slug = slugify(name)
        for entry in self.entries:
            if entry.kind == kind and slug in {slugify(n) for n in (entry.name, *entry.aliases)}:
                return entry
        return None


def parse(text: str, path: Path) -> Registry:
    data = load_yaml(text, path) or {}
    if not isinstance(data, dict) or not isinstance(data.get("entities", []), list):
        raise ContentError("expected 'entities:' with a list of entries", path, 1)
    return Registry(tuple(_entry(raw, number, path) for number, raw in enumerate(data.get("entities") or [], 1)))


def _entry(raw: Any, number: int, path: Path) -> EntityInfo:
    where = f"entities[{number}]"
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
        raise ContentError(f"{where}: expected a mapping with a 'name'", path)
    kind = KIND_OF_TYPE.get(str(raw.get("type", "")))
    if kind is None:
        raise ContentError(f"{where} ({raw['name']}): 'type' must be person, place or organisation", path)
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ContentError(f"{where} ({raw['name']}): 'aliases' must be a list of names", path)
    return EntityInfo(raw["name"].strip(), kind, tuple(aliases), str(raw.get("description") or "").strip(),
                      str(raw.get("wikidata") or "").strip())
