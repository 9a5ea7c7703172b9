"""The optional inputs beside the articles: content/entities.yaml and
content/pages/*.md. Read here, at the edge; plan stays pure."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import entityinfo, pages
from .config import SiteConfig
from .errors import ContentError


@dataclass(frozen=True, slots=True)
class Extras:
    registry: entityinfo.Registry = field(default_factory=entityinfo.Registry)
    pages: tuple[pages.Page, ...] = ()


def load(config: SiteConfig) -> Extras:
    content = config.root / config.content_dir
    registry_path = content / "entities.yaml"
    registry = (entityinfo.parse(_read(registry_path), registry_path) if registry_path.is_file()
                else entityinfo.Registry())
    found = tuple(pages.parse(_read(p), p, config.language)
                  for p in sorted((content / "pages").glob("*.md")))
    return Extras(registry, found)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"cannot read: {exc}", path) from None
