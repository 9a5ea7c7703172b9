"""ParsedSeed → the fields ingest writes: title, summary, language, entities,
tags. Pure apart from the lazily loaded models it calls."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .language import detect
from .model import BlockKind, EntityNames, ParsedSeed
from .text import derive_headline, truncate_at_sentence

if TYPE_CHECKING:
    from .ner.registry import Registry
    from .tagregistry import TagRegistry

SUMMARY_MAX = 300


@dataclass(frozen=True, slots=True)
class Extraction:
    title: str
    summary: str
    lang: str
    entities: EntityNames
    tags: tuple[str, ...]


def extract(seed: ParsedSeed, default_lang: str, entity_registry: Registry | None = None,
            tag_registry: TagRegistry | None = None, max_tags: int = 8,
            archive_tags: Mapping[str, str] | None = None, ner_backend: Any = None) -> Extraction:
    """`archive_tags` maps a tag concept to the form the archive already uses,
    so the same concept gets the same tag across articles."""
    from .ner import extract_article_entities
    from .tagging import TagInput, concept_key, suggest_tags

    running = [b.text for b in seed.blocks if b.kind is BlockKind.PARAGRAPH]
    headings = tuple(b.text for b in seed.blocks if b.kind is BlockKind.HEADING)
    lang = detect(" ".join(running), default=default_lang)
    lede = seed.lede
    title = seed.meta.title or derive_headline(lede, lang)
    # Captions without their photo credit: a credit names a photographer or
    # agency, never a subject of the story.
    ner_texts = ([seed.meta.title] if seed.meta.title else []) + [
        b.text for b in seed.blocks]
    found = extract_article_entities(ner_texts, lang=lang, registry=entity_registry, backend=ner_backend)
    entities = EntityNames(found.people, found.places, found.organisations)
    surface = tuple(dict.fromkeys(entities.all() + tuple(
        part for name in entities.all() for part in name.split())))
    tags = suggest_tags(TagInput(title=title, lede=lede, headings=headings,
                                 paragraphs=tuple(running[1:]), lang=lang,
                                 entity_names=surface),
                        registry=tag_registry, limit=max_tags)
    if archive_tags:
        tags = list(dict.fromkeys(archive_tags.get(concept_key(t, tag_registry), t) for t in tags))
    return Extraction(title=title, summary=truncate_at_sentence(lede, SUMMARY_MAX), lang=lang,
                      entities=entities, tags=tuple(tags))
