"""The one place that maps pages to URLs and output files. URLs are
relative to the site root; `Urls` turns them into links under base_url."""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from .model import Article


def article(slug: str) -> str:
    return f"articles/{slug}/"


def term(kind: str, slug: str) -> str:
    return f"tags/{slug}/" if kind == "tags" else f"entities/{kind}/{slug}/"


def page(path: str, number: int) -> str:
    """Pagination: page 1 is the path itself, then path + 'page/N/'."""
    return path if number <= 1 else f"{path}page/{number}/"


def edition(key: str) -> str:
    """'2026-02-12' (a day) or '2026-W07' (an ISO week)."""
    return f"editions/{key}/"


def static_page(slug: str) -> str:
    return f"{slug}/"


def feed(listing: str, kind: str) -> str:
    """A listing's feeds sit beside it: 'tags/x/feed.xml', 'tags/x/feed.json'."""
    return f"{listing}feed.{'xml' if kind == 'atom' else 'json'}"


def edition_feed(period: str, kind: str) -> str:
    return f"editions/{period}.{'xml' if kind == 'atom' else 'json'}"


INDEX = ""
TAGS_INDEX = "tags/"
ENTITIES_INDEX = "entities/"
EDITIONS_INDEX = "editions/"
ARCHIVE = "archive/"
SEARCH = "search/"
NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NOJEKYLL = ".nojekyll"
PAGEFIND_DIR = "pagefind"


def output_file(url: str) -> str:
    """'articles/x/' → 'articles/x/index.html'; files stay as they are."""
    if url == "" or url.endswith("/"):
        return f"{url}index.html"
    return url


@dataclass(frozen=True, slots=True)
class Urls:
    base_url: str

    @property
    def base_path(self) -> str:
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def link(self, url: str) -> str:
        """A root-relative link that works under a project subpath."""
        return self.base_path + quote(url, safe="/#?=&%.-_~")

    def absolute(self, url: str) -> str:
        """For feeds, sitemaps, canonical URLs: absolute where base_url is."""
        base = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        return posixpath.join(base, quote(url, safe="/#?=&%.-_~")) if url else base

    def article(self, item: Article) -> str:
        return self.link(article(item.slug))
