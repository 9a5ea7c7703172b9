"""What the site knows about a name beyond the articles: its type, a
description, aliases and a Wikidata id, from content/entities.yaml.

The file has one parser, the NER registry's (generator/ner/registry.py); this
is the site's view of it, keyed by page kind. Pure: `parse` gets the text."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .ner.registry import parse_registry
from .text import slugify

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
    registry = parse_registry(text, path)
    return Registry(tuple(EntityInfo(e.name, KIND_OF_TYPE[e.type], e.aliases, e.description.strip(),
                                     e.wikidata or "") for e in registry.entries))
