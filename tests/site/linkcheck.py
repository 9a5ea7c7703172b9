"""A link checker for a built site: every href/src in every HTML page,
resolved against the site's base path, must name a file in site/."""
from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"href", "src"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in LINK_ATTRIBUTES and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def target(site: Path, base_path: str, page_url: str, link: str) -> Path | None:
    """The file a link names, or None for links that leave the site."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:                                   # '#x' or '?q=': this page
        path = page_url
    elif parts.path.startswith("/"):
        path = parts.path
    else:
        path = posixpath.join(posixpath.dirname(page_url) + "/", parts.path)
    normal = posixpath.normpath(unquote(path))
    path = normal + "/" if path.endswith("/") and not normal.endswith("/") else normal
    if not path.startswith(base_path) and path + "/" != base_path:
        return site / "__outside_base_path__" / path.lstrip("/")
    relative = path[len(base_path):] if path.startswith(base_path) else ""
    file = site / relative
    return file / "index.html" if relative == "" or relative.endswith("/") else file


def broken_links(site: Path, base_path: str) -> list[str]:
    problems = []
    pages = sorted(site.rglob("*.html"))
    parsed = {page: parse(page) for page in pages}
    for page, links in parsed.items():
        relative = page.relative_to(site).as_posix()
        page_url = base_path + (relative[:-len("index.html")] if relative.endswith("index.html") else relative)
        for link in links.links:
            file = target(site, base_path, page_url, link)
            if file is None:
                continue
            if not file.is_file():
                problems.append(f"{relative}: {link} → missing {file}")
                continue
            fragment = urlsplit(link).fragment
            if fragment and file.suffix == ".html" and fragment not in parsed.get(file, parse(file)).ids:
                problems.append(f"{relative}: {link} → no id '{fragment}'")
    return problems
