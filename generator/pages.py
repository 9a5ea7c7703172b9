"""content/pages/*.md → standalone pages such as 'about'. The front matter
(title, lang) is optional; without a title the first '# heading' is used."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ContentError
from .frontmatter import split
from .text import slugify


@dataclass(frozen=True, slots=True)
class Page:
    slug: str
    title: str
    body: str                      # Markdown, without the title heading
    lang: str


def parse(text: str, path: Path, default_lang: str) -> Page:
    meta: dict[str, Any] = {}
    body = text.lstrip("\ufeff")
    if body.startswith("---\n"):
        document = split(body, path)
        meta, body = document.meta, document.body
    title = str(meta.get("title") or "").strip()
    heading = re.match(r"\s*# +(.+)\n?", body)
    if not title and heading:
        title = heading.group(1).strip()
    if heading and heading.group(1).strip() == title:
        body = body[heading.end():]           # the template shows the title
    if not title:
        raise ContentError("a page needs a 'title:' or a '# heading'", path, 1)
    slug = str(meta.get("slug") or slugify(path.stem))
    return Page(slug, title, body.strip() + "\n", str(meta.get("lang") or default_lang))
