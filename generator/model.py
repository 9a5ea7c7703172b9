"""The data model: plain frozen dataclasses, no I/O.

Data flows one way: a seed becomes an ArticleDraft (ingest), a content file
becomes an Article (corpus), and all Articles together make a Site."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any


class BlockKind(Enum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    CAPTION = "caption"
    TEASER = "teaser"


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    text: str
    credit: str | None = None  # photo credit of a caption


@dataclass(frozen=True, slots=True)
class SeedMeta:
    """What the optional leading lines of a seed say."""
    title: str | None = None
    date: datetime | None = None
    source_url: str | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedSeed:
    meta: SeedMeta
    blocks: tuple[Block, ...]

    @property
    def lede(self) -> str:
        return next((b.text for b in self.blocks if b.kind is BlockKind.PARAGRAPH), "")


@dataclass(frozen=True, slots=True)
class EntityNames:
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()

    def all(self) -> tuple[str, ...]:
        return self.people + self.places + self.organisations

    def __reduce__(self) -> tuple[Any, ...]:
        return EntityNames, (self.people, self.places, self.organisations)


@dataclass(frozen=True, slots=True)
class Article:
    """One article as the build sees it, read from content/articles/*.md."""
    id: str
    slug: str
    title: str
    date: datetime
    lang: str
    summary: str
    tags: tuple[str, ...]
    entities: EntityNames
    body: str                      # Markdown
    source_path: Path
    words: int = 0
    draft: bool = False
    extra: tuple[tuple[str, object], ...] = field(default=())

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.words / 200))

    def with_body(self, body: str) -> Article:
        """This article with another body (dataclasses.replace, which looks
        the fields up each time, took twice as long: 10,000 times a build)."""
        return Article(self.id, self.slug, self.title, self.date, self.lang, self.summary, self.tags,
                       self.entities, body, self.source_path, self.words, self.draft, self.extra)

    def __reduce__(self) -> tuple[Any, ...]:
        # By value, the path as text: a slotted dataclass's default pickling
        # (a __setstate__ per field, the Path rebuilt from its parts) was most
        # of the cost of sending 10,000 articles from the reading processes
        return _article, (self.id, self.slug, self.title, self.date, self.lang, self.summary, self.tags,
                          self.entities, self.body, str(self.source_path), self.words, self.draft, self.extra)


def _article(id: str, slug: str, title: str, date: datetime, lang: str, summary: str,  # noqa: A002
             tags: tuple[str, ...], entities: EntityNames, body: str, source_path: str, words: int,
             draft: bool, extra: tuple[tuple[str, object], ...]) -> Article:
    return Article(id, slug, title, date, lang, summary, tags, entities, body, Path(source_path), words, draft,
                   extra)
