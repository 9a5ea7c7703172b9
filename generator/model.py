"""The data model: plain frozen dataclasses, no I/O.

Data flows one way: a seed becomes an ArticleDraft (ingest), a content file
becomes an Article (corpus), and all Articles together make a Site."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path


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
