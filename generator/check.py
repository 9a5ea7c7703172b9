"""Check a built site: every internal link, anchor and asset resolves, pages
are in sitemap.xml, feeds are well-formed, and every URL suits base_url.

Pure core: `check_files(files, base_url)` over a map of site paths → bytes.
`check_folder` is the I/O edge that reads site/ into that map. URL
resolution follows how a static host serves the folder: 'x/' is 'x/index.html',
and '/repo/x/' on a project site is 'x/' below site/."""
from __future__ import annotations

import gzip
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .errors import BuildError
from .feedcheck import FEED_TYPES, check_feed

LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0", "[::1]", "::1")
ASSET_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload",
              "manifest", "mask-icon"}
ASSET_ATTRS = {("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"),
               ("source", "srcset"), ("video", "src"), ("video", "poster"), ("audio", "src"),
               ("iframe", "src"), ("embed", "src"), ("object", "data"), ("track", "src"),
               ("input", "src")}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PAGEFIND_BASE = re.compile(r"""baseUrl["']?\s*[:=]\s*(?:["']([^"']*)["'])?""")
# what a problem is called, by the kind of reference that failed
NOUN = {"link": "broken link", "asset": "missing asset", "canonical": "broken canonical URL",
        "sitemap": "broken sitemap entry", "feed": "broken feed URL", "jsonld": "broken JSON-LD URL",
        "search": "broken search result URL", "meta": "broken meta URL", "json": "broken URL"}


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    path: str        # below site/, POSIX
    message: str


@dataclass(frozen=True, slots=True)
class CheckReport:
    problems: tuple[Problem, ...]
    files: int
    references: int

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.ok:
            return f"No problems: checked {self.references} URLs in {self.files} files"
        where = len({p.path for p in self.problems})
        return (f"{len(self.problems)} problem(s) in {where} file(s); "
                f"checked {self.references} URLs in {self.files} files")


@dataclass(frozen=True, slots=True)
class Base:
    """base_url split once: scheme and host are empty for a path-only base."""
    url: str
    scheme: str
    host: str
    path: str

    @classmethod
    def of(cls, base_url: str) -> Base:
        parts = urlsplit(base_url)
        path = parts.path or "/"
        return cls(base_url, parts.scheme.lower(), parts.netloc.lower(),
                   path if path.endswith("/") else path + "/")

    @property
    def absolute(self) -> bool:
        return bool(self.host)


@dataclass(frozen=True, slots=True)
class Ref:
    kind: str        # a key of NOUN
    url: str


@dataclass(slots=True)
class Page:
    """What the checker needs from one HTML file."""
    ids: set[str] = field(default_factory=set)
    refs: list[Ref] = field(default_factory=list)
    jsonld: list[str] = field(default_factory=list)
    canonical: str | None = None
    noindex: bool = False
    feeds: list[tuple[str, str]] = field(default_factory=list)   # (type, href)
    malformed: list[str] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._script: list[str] | None = None
        self._style: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        page = self.page
        # a quote in an attribute name: a value that ended early at an unescaped quote
        page.malformed += [f"<{tag} {k}>" for k in a if re.search(r"[\"'<=]", k)]
        if "id" in a:
            page.ids.add(a["id"])
        if tag == "a" and "name" in a:
            page.ids.add(a["name"])
        if tag in ("a", "area") and "href" in a:
            page.refs.append(Ref("link", a["href"]))
        elif tag == "form" and a.get("action"):
            page.refs.append(Ref("link", a["action"]))
        elif tag == "link" and "href" in a:
            self._link(a)
        elif tag == "meta":
            self._meta(a)
        elif tag == "script" and a.get("type", "").lower() == "application/ld+json":
            self._script = []
        elif tag == "style":
            self._style = []
        for name, value in a.items():
            if (tag, name) in ASSET_ATTRS and value:
                urls = _srcset(value) if name == "srcset" else [value]
                page.refs += [Ref("asset", u) for u in urls]

    def _link(self, a: dict[str, str]) -> None:
        rels = set(a.get("rel", "").lower().split())
        if rels & {"preconnect", "dns-prefetch"}:
            return
        if "canonical" in rels:
            self.page.canonical = a["href"]
            self.page.refs.append(Ref("canonical", a["href"]))
        elif rels & ASSET_RELS:
            self.page.refs.append(Ref("asset", a["href"]))
        else:
            self.page.refs.append(Ref("link", a["href"]))
            if "alternate" in rels and a.get("type", "").lower() in FEED_TYPES:
                self.page.feeds.append((a["type"].lower(), a["href"]))

    def _meta(self, a: dict[str, str]) -> None:
        key = (a.get("property") or a.get("name") or "").lower()
        content = a.get("content", "")
        if key == "robots" and "noindex" in content.lower():
            self.page.noindex = True
        elif key in ("og:url", "og:image", "twitter:image") and content:
            self.page.refs.append(Ref("meta", content))
        elif a.get("http-equiv", "").lower() == "refresh":
            match = re.search(r"url\s*=\s*['\"]?([^'\"]+)", content, re.IGNORECASE)
            if match:
                self.page.refs.append(Ref("link", match.group(1).strip()))

    def handle_data(self, data: str) -> None:
        for buffer in (self._script, self._style):
            if buffer is not None:
                buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.page.jsonld.append("".join(self._script))
            self._script = None
        elif tag == "style" and self._style is not None:
            self.page.refs += [Ref("asset", u) for u in css_urls("".join(self._style))]
            self._style = None


def _srcset(value: str) -> list[str]:
    return [part.split()[0] for part in value.split(",") if part.split()]


def css_urls(text: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(text)]


def parse_page(html: str) -> Page:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.page


def page_url(path: str) -> str:
    """The site path a file is served at: 'a/index.html' → 'a/'."""
    if path == "index.html":
        return ""
    return path[: -len("index.html")] if path.endswith("/index.html") else path


class Checker:
    """One pass over a site; collects problems, never raises for content."""

    def __init__(self, files: Mapping[str, bytes], base_url: str) -> None:
        self.files = files
        self.base = Base.of(base_url)
        self.problems: set[Problem] = set()
        self.references = 0
        self.pages: dict[str, Page] = {}
        self._feed_kinds: dict[str, str | None] = {}
        self._pagefind_base: str | None = None
        for path in sorted(files):
            if path.endswith((".html", ".htm")):
                self.pages[path] = parse_page(self.text(path))

    def text(self, path: str) -> str:
        return self.files[path].decode("utf-8", errors="replace")

    def report(self, path: str, message: str) -> None:
        self.problems.add(Problem(path, message))

    # -- resolution --------------------------------------------------------
    def locate(self, url: str, source: str) -> tuple[str | None, str, str | None]:
        """(site path or None when external, fragment, base-URL mistake)."""
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme and scheme not in ("http", "https"):
            return None, "", None                       # mailto:, tel:, data: …
        base = self.base
        if scheme or parts.netloc:
            host = parts.netloc.lower()
            if host.split(":")[0] in LOCAL_HOSTS and host != base.host:
                return None, "", "points at a local development server"
            if host != base.host:
                return None, "", None                   # another site
            path = parts.path or "/"
            if (scheme and scheme != base.scheme) or not _under(path, base.path):
                return None, "", f"not under base_url {base.url}"
            return path[len(base.path):], parts.fragment, None
        if parts.path.startswith("/"):
            if not _under(parts.path, base.path):
                return None, "", f"root-absolute link outside the base path {base.path}"
            return parts.path[len(base.path):], parts.fragment, None
        if not parts.path:
            return source, parts.fragment, None          # '#id' or '?q' on this page
        if source == "404.html":
            return None, "", ("relative link in 404.html, which is served at any missing "
                              "address: use a root-absolute link")
        # 'a/index.html' is served at '/a/': either way its links resolve against 'a/'
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), parts.path))
        if joined == ".." or joined.startswith("../"):
            return None, "", "climbs above the site root"
        joined = "" if joined == "." else joined
        if parts.path.endswith("/") and joined:
            joined += "/"
        return joined, parts.fragment, None

    def target_file(self, site_path: str) -> str | None:
        return next((c for c in _candidates(site_path) if c in self.files), None)

    def check_ref(self, source: str, ref: Ref, *, need_absolute: bool = False,
                  base_only: bool = False) -> str | None:
        """Report what is wrong with one reference; returns the file it reaches."""
        self.references += 1
        noun = NOUN[ref.kind]
        path, fragment, mistake = self.locate(ref.url, source)
        if mistake:
            self.report(source, f"{noun} {ref.url} ({mistake})")
            return None
        if path is None or base_only:
            return None
        if need_absolute and self.base.absolute and not urlsplit(ref.url).scheme:
            self.report(source, f"{noun} {ref.url} (must be an absolute URL under {self.base.url})")
        target = self.target_file(path)
        if target is None:
            self.report(source, f"{noun} {ref.url} (no file {_candidates(path)[0]} in the site)")
            return None
        frag = unquote(fragment)
        if frag and frag != "top" and target in self.pages and frag not in self.pages[target].ids:
            self.report(source, f"broken anchor {ref.url} (no id '{frag}' in {target})")
        return target

    # -- the checks --------------------------------------------------------
    def run(self) -> CheckReport:
        for path, page in self.pages.items():
            self.check_page(path, page)
        for path in sorted(self.files):
            if path.endswith(".css"):
                for url in css_urls(self.text(path)):
                    self.check_ref(path, Ref("asset", url))
            elif path.endswith((".xml", ".atom", ".rss", ".json")):
                self.check_data_file(path)
            elif path.endswith(".pf_fragment"):
                self.check_search_fragment(path)
            elif path == "robots.txt":
                for line in self.text(path).splitlines():
                    if line.lower().startswith("sitemap:"):
                        self.check_ref(path, Ref("sitemap", line.split(":", 1)[1].strip()),
                                       need_absolute=True)
        if "sitemap.xml" in self.files:
            self.check_sitemap()
        return CheckReport(tuple(sorted(self.problems)), len(self.files), self.references)

    def check_page(self, path: str, page: Page) -> None:
        for ref in page.refs:
            absolute = ref.kind in ("canonical", "meta")
            self.check_ref(path, ref, need_absolute=absolute)
        for where in page.malformed[:1]:
            self.report(path, f"malformed HTML attribute {where} (an unescaped quote in a value?)")
        for block in page.jsonld:
            try:
                data = json.loads(block)
            except json.JSONDecodeError as exc:
                self.report(path, f"invalid JSON-LD ({exc})")
                continue
            for key, url in _jsonld_urls(data):
                self.check_ref(path, Ref("jsonld", url), need_absolute=True, base_only=key == "@id")
        for kind, href in page.feeds:
            target = self.check_ref(path, Ref("feed", href))
            if target is not None and FEED_TYPES[kind] != self.feed_kind(target):
                self.report(path, f"feed link {href} ({target} is not a valid "
                                  f"{FEED_TYPES[kind]} feed)")

    def feed_kind(self, path: str) -> str | None:
        if path not in self._feed_kinds:     # every page links the same few feeds
            self._feed_kinds[path] = check_feed(self.files[path], path).kind \
                if path.endswith((".xml", ".json")) else None
        return self._feed_kinds[path]

    def check_data_file(self, path: str) -> None:
        result = check_feed(self.files[path], path)
        for message in result.problems:
            self.report(path, message)
        for key, url in result.urls:
            # an Atom/JSON Feed id is a name, not an address: only its base is checked
            self.check_ref(path, Ref("feed", url), need_absolute=True, base_only=key == "id")
        if (result.kind is None and not result.problems and path.endswith(".json")
                and not path.startswith("pagefind/")):
            for _, url in _json_urls(json.loads(self.files[path])):
                self.check_ref(path, Ref("json", url))

    def pagefind_base(self) -> str:
        """The baseUrl the site's script gives Pagefind ('/' when unset)."""
        if self._pagefind_base is None:
            self._pagefind_base = "/"
            for path in sorted(self.files):
                if path.endswith((".html", ".js")) and not path.startswith("pagefind/"):
                    match = PAGEFIND_BASE.search(self.text(path))
                    if match:     # a computed value: trust it to be the base path
                        self._pagefind_base = match.group(1) if match.group(1) is not None else self.base.path
                        break
        return self._pagefind_base

    def check_search_fragment(self, path: str) -> None:
        try:
            raw = gzip.decompress(self.files[path]).removeprefix(b"pagefind_dcd")
            url = json.loads(raw)["url"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            self.report(path, f"unreadable search index fragment ({exc})")
            return
        if not re.match(r"^(https?:)?//", url):      # how Pagefind builds a result URL
            url = re.sub("/+", "/", f"{self.pagefind_base()}/{url}")
        self.check_ref(path, Ref("search", url))

    def check_sitemap(self) -> None:
        listed: set[str] = set()
        for source, loc in self.sitemap_locs("sitemap.xml", depth=0):
            target = self.check_ref(source, Ref("sitemap", loc), need_absolute=True)
            if target:
                listed.add(target)
        for path, page in self.pages.items():
            if path in listed or path == "404.html" or page.noindex or self.canonical_elsewhere(path, page):
                continue
            self.report(path, "missing from sitemap.xml (list it, or mark the page noindex)")

    def canonical_elsewhere(self, path: str, page: Page) -> bool:
        if page.canonical is None:
            return False
        target, _, _ = self.locate(page.canonical, path)
        return target is not None and self.target_file(target) not in (path, None)

    def sitemap_locs(self, path: str, depth: int) -> Iterator[tuple[str, str]]:
        try:
            root = ET.fromstring(self.files[path])
        except ET.ParseError as exc:
            self.report(path, f"sitemap is not well-formed XML ({exc})")
            return
        if root.tag == f"{SITEMAP_NS}sitemapindex" and depth == 0:
            for loc in root.iter(f"{SITEMAP_NS}loc"):
                child = self.check_ref(path, Ref("sitemap", (loc.text or "").strip()), need_absolute=True)
                if child:
                    yield from self.sitemap_locs(child, depth + 1)
        elif root.tag == f"{SITEMAP_NS}urlset":
            for url in root.findall(f"{SITEMAP_NS}url"):
                entry = url.find(f"{SITEMAP_NS}loc")
                if entry is None or not (entry.text or "").strip():
                    self.report(path, "sitemap <url> without <loc>")
                else:
                    yield path, (entry.text or "").strip()
        else:
            self.report(path, f"not a sitemap (root element {root.tag})")


def _candidates(site_path: str) -> list[str]:
    """Files a static host serves for a path; 'x' redirects to 'x/' on GitHub Pages."""
    path = unquote(site_path.partition("?")[0])
    return [path + "index.html"] if path == "" or path.endswith("/") else [path, path + "/index.html"]


def _under(path: str, base_path: str) -> bool:
    return path.startswith(base_path) or path == base_path.rstrip("/")


JSONLD_URL_KEYS = ("@id", "url", "mainEntityOfPage", "image", "logo", "contentUrl",
                   "thumbnailUrl", "embedUrl", "discussionUrl")


def _jsonld_urls(data: Any) -> Iterator[tuple[str, str]]:
    if isinstance(data, list):
        for item in data:
            yield from _jsonld_urls(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key in JSONLD_URL_KEYS and isinstance(value, str):
                yield key, value
            elif key in JSONLD_URL_KEYS and isinstance(value, list):
                yield from ((key, v) for v in value if isinstance(v, str))
            else:
                yield from _jsonld_urls(value)


def _json_urls(data: Any) -> Iterator[tuple[str, str]]:
    """'url'/'href' values in other JSON (a search index of our own)."""
    if isinstance(data, list):
        for item in data:
            yield from _json_urls(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key in ("url", "href") and isinstance(value, str):
                yield key, value
            else:
                yield from _json_urls(value)


def check_files(files: Mapping[str, bytes], base_url: str) -> CheckReport:
    return Checker(files, base_url).run()


def read_folder(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        raise BuildError("no built site here (run 'newsdigest build' first)", folder)
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def check_folder(folder: Path, base_url: str) -> CheckReport:
    return check_files(read_folder(folder), base_url)

