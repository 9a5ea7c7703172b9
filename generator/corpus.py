"""content/articles/*.md → Site: every article, every tag and entity term,
each term's articles newest first. Taxonomies are always rebuilt from all
front matter, so a listing is never stale."""
from __future__ import annotations

import heapq
import logging
import os
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import tzinfo
from functools import lru_cache, partial
from pathlib import Path
from typing import Protocol

from . import frontmatter
from .config import SiteConfig
from .errors import BuildError, ContentError, GeneratorError
from .model import Article
from .text import prepare_word_count
from .text import slugify as _slugify

log = logging.getLogger(__name__)
TAGS = "tags"
ENTITY_KINDS = ("people", "places", "organisations")
TERM_KINDS = (TAGS, *ENTITY_KINDS)
MIN_PARALLEL_PARSE = 1000       # fewer files to parse: forking costs more than it saves
PARSE_CHUNK = 256               # files per task: fewer, larger results through the pipe (64: 0.1 s slower at 10k)
# a name is looked up once per article and kind, on every page that lists it
slugify = lru_cache(maxsize=1 << 16)(_slugify)


@dataclass(frozen=True, slots=True)
class Term:
    kind: str                       # "tags" | "people" | "places" | "organisations"
    name: str                       # display name
    slug: str
    articles: tuple[int, ...]       # indexes into Site.articles, newest first
    has_page: bool


@dataclass(frozen=True, slots=True)
class Site:
    articles: tuple[Article, ...]                 # newest first
    terms: dict[tuple[str, str], Term]            # (kind, slug) → Term
    # (id(article), kind) → (article, its terms): plan asks several times per article
    _article_terms: dict[tuple[int, str], tuple[Article, list[Term]]] = field(
        default_factory=dict, compare=False, repr=False)
    # (index, kinds) → the (kind, slug) of each of its article's terms of those kinds
    _term_keys: dict[tuple[int, tuple[str, ...]], tuple[tuple[str, str], ...]] = field(
        default_factory=dict, compare=False, repr=False)
    _key_of: dict[int, tuple[str, str]] = field(default_factory=dict, compare=False, repr=False)  # id(term) → key
    _months: list[str] = field(default_factory=list, compare=False, repr=False)     # each article's 'YYYY-MM'

    def month(self, index: int) -> str:
        """The 'YYYY-MM' of an article's date: each entity's chart counts
        its articles by month (a strftime per mention, 60,000 at 10,000
        articles, made once per article instead)."""
        if not self._months:
            self._months.extend(a.date.strftime("%Y-%m") for a in self.articles)
        return self._months[index]

    def terms_of(self, kind: str) -> list[Term]:
        return [t for (k, _), t in self.terms.items() if k == kind]

    def term(self, kind: str, name: str) -> Term | None:
        return self.terms.get((kind, slugify(name)))

    def most_mentioned(self, members: Iterable[int], kinds: tuple[str, ...], limit: int,
                       exclude: tuple[str, str] | None = None) -> list[tuple[Term, int]]:
        """The `limit` terms of these kinds that most of these articles
        mention, with their counts; ties by name. Edition and entity pages
        ask this of every edition and name, so the counting runs in C and
        only the terms that reach the top counts are ordered by name."""
        counts: Counter[tuple[str, str]] = Counter()
        for index in members:
            counts.update(self._keys_of(index, kinds))
        if exclude is not None:
            del counts[exclude]
        if 0 < limit < len(counts):
            floor = heapq.nlargest(limit, counts.values())[-1]
            counts = Counter({key: count for key, count in counts.items() if count >= floor})
        ranked = sorted(counts.items(), key=lambda item: (-item[1], self.terms[item[0]].name.casefold(), item[0]))
        return [(self.terms[key], count) for key, count in ranked[:limit]]

    def _keys_of(self, index: int, kinds: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        keys = self._term_keys.get((index, kinds))
        if keys is None:
            if not self._key_of:
                self._key_of.update((id(term), key) for key, term in self.terms.items())
            article = self.articles[index]
            # the keys of self.terms themselves: a tuple of references per article
            keys = self._term_keys[(index, kinds)] = tuple(
                self._key_of[id(term)] for kind in kinds for term in self.article_terms(article, kind))
        return keys

    def article_terms(self, article: Article, kind: str) -> list[Term]:
        """A new list each time (callers may keep it); computed once."""
        key = (id(article), kind)
        cached = self._article_terms.get(key)
        if cached is None or cached[0] is not article:
            names = article.tags if kind == TAGS else getattr(article.entities, kind)
            # one per slug, first spelling's place; not by Term hash, which hashes its postings
            terms: dict[str, Term] = {}
            for name in names:
                term = self.term(kind, name)
                if term is not None:
                    terms.setdefault(term.slug, term)
            cached = self._article_terms[key] = (article, list(terms.values()))
        return list(cached[1])


class ParseCache(Protocol):
    def get(self, path: Path, stamp: tuple[int, int]) -> Article | None: ...
    def put(self, path: Path, stamp: tuple[int, int], article: Article) -> None: ...


def discover(config: SiteConfig, cache: ParseCache | None = None, workers: int = 1,
             bodies: Bodies | None = None) -> list[Article]:
    """Read and check every article; collect all errors, then fail once.
    `workers` > 1: parse the files the cache does not hold in that many
    forked processes (YAML is most of a cold build's serial start).
    With `bodies`, the articles come without their bodies, which `bodies`
    holds: a worker writes each body into it where it read it, so only
    the front matter comes back through the pipe (a tenth of the bytes)."""
    folder = config.root / config.content_dir / "articles"
    if not folder.is_dir():
        return []
    slots: list[Article | tuple[Path, tuple[int, int]]] = []
    # names sorted as text: the order of sorted(glob), without comparing
    # Path objects (a tenth of a second at 10,000 articles)
    with os.scandir(folder) as entries:
        names = sorted(entry.name for entry in entries if entry.name.endswith(".md"))
    for name in names:
        path = folder / name
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        article = cache.get(path, stamp) if cache else None
        slots.append((path, stamp) if article is None else article)
    # a body is never longer than its file: room for it, reserved in file order
    tasks = [(str(slot[0]), bodies.reserve(slot[1][1]) if bodies else 0, slot[1][1])
             for slot in slots if isinstance(slot, tuple)]
    read = partial(_parse, language=config.language, zone=config.zone,
                   into=None if bodies is None else bodies.fileno())
    parsed = iter(_parse_all(tasks, read, workers))
    articles: list[Article] = []
    errors: list[str] = []
    for slot in slots:
        if isinstance(slot, tuple):
            result = next(parsed)
            if isinstance(result, str):
                errors.append(result)
                log.error(result)
                continue
            article, stored = result
            if cache:
                cache.put(*slot, article)
            if bodies is not None:
                article = bodies.placed(article, stored) if stored else bodies.keep(article)
        else:
            article = slot if bodies is None else bodies.keep(slot)
        articles.append(article)
    if errors:
        raise ContentError(f"{len(errors)} content error(s); first: {errors[0]}")
    return articles


Task = tuple[str, int, int]         # a file, and the offset and size of the room for its body
# the article, and where its body went in the store (None: the article has it); or what is wrong
Parsed = tuple[Article, tuple[int, int] | None] | str


def _parse(task: Task, language: str, zone: tzinfo, into: int | None) -> Parsed:
    """The article, or the message of what is wrong with it. `into`: the
    file descriptor of a Bodies store, where the body goes, at the task's
    offset; then the article comes without it, with (offset, length)."""
    source, offset, room = task
    path = Path(source)        # made here: a Path costs more to send than to make
    try:
        article = frontmatter.parse(_read(path), path, language, zone)
    except GeneratorError as exc:
        return str(exc)
    if into is None:
        return article, None
    data = article.body.encode("utf-8")
    if len(data) > room:            # the file grew since its stat: the parent stores it
        return article, None
    os.pwrite(into, data, offset)
    return article.with_body(""), (offset, len(data))


def _parse_all(tasks: list[Task], parse: Callable[[Task], Parsed], workers: int) -> Iterable[Parsed]:
    if len(tasks) >= MIN_PARALLEL_PARSE:
        prepare_word_count()
    if workers <= 1 or len(tasks) < MIN_PARALLEL_PARSE:
        return map(parse, tasks)
    import multiprocessing      # here: most builds read no article (parallel.run says why)
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return list(pool.imap(parse, tasks, chunksize=PARSE_CHUNK))


class Bodies:
    """Article bodies in an unnamed temporary file instead of in memory (at
    100,000 articles they are half a gigabyte, and only an article's own
    page shows its body). Forked processes inherit the file: discover's
    workers write bodies at offsets reserved for them, the render workers
    read at an offset (pread and pwrite: no shared file position)."""

    def __init__(self, folder: Path | None = None) -> None:
        self._file = tempfile.TemporaryFile(dir=folder)     # noqa: SIM115 - open as long as the store
        self._at: dict[str, tuple[int, int]] = {}       # source path → offset, length
        self._end = 0                                    # where the next body or room goes

    def fileno(self) -> int:
        return self._file.fileno()

    def reserve(self, size: int) -> int:
        """The offset of `size` bytes of room, for a body written later
        (`placed`); room left unused stays a hole in the file."""
        offset, self._end = self._end, self._end + size
        return offset

    def placed(self, article: Article, where: tuple[int, int]) -> Article:
        """`article` (without its body), whose body was written at `where`
        (offset, length) in reserved room."""
        self._at[str(article.source_path)] = where
        return article

    def keep(self, article: Article) -> Article:
        """The article without its body, which this store keeps."""
        data = article.body.encode("utf-8")
        os.pwrite(self.fileno(), data, self._end)
        self._at[str(article.source_path)] = (self._end, len(data))
        self._end += len(data)
        return article.with_body("")

    def raw(self, source: str) -> bytes:
        """The body of the article read from `source`, as UTF-8."""
        offset, length = self._at[source]
        return os.pread(self.fileno(), length, offset) if length else b""

    def body(self, article: Article) -> str:
        return self.raw(str(article.source_path)).decode("utf-8")

    def close(self) -> None:
        self._file.close()


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(f"not UTF-8 (byte {exc.start})", path, hint="save the file as UTF-8") from None
    except OSError as exc:
        raise ContentError(f"cannot read: {exc.strerror}", path) from None


def build_site(articles: list[Article], min_tag_articles: int = 2, include_drafts: bool = False) -> Site:
    """Pure: sort articles newest first, group terms by slug."""
    chosen = [a for a in articles if include_drafts or not a.draft]
    ordered = tuple(sorted(chosen, key=lambda a: (-a.date.timestamp(), a.slug)))
    _check_unique_slugs(ordered)
    members: dict[tuple[str, str], list[int]] = defaultdict(list)
    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for index, article in enumerate(ordered):
        for kind in TERM_KINDS:
            names = article.tags if kind == TAGS else getattr(article.entities, kind)
            for slug, name in dict((slugify(n), n) for n in names).items():
                members[(kind, slug)].append(index)
                spellings[(kind, slug)][name] += 1
    # A one-article tag gets no page, unless the whole site is that small.
    tag_threshold = min(min_tag_articles, max(1, len(ordered)))
    terms = {}
    for key in sorted(members):
        kind, slug = key
        name = min(spellings[key].items(), key=lambda item: (-item[1], item[0]))[0]
        has_page = kind != TAGS or len(members[key]) >= tag_threshold
        terms[key] = Term(kind, name, slug, tuple(members[key]), has_page)
    return Site(ordered, terms)


def _check_unique_slugs(articles: tuple[Article, ...]) -> None:
    seen: dict[str, Path] = {}
    for article in articles:
        if article.slug in seen:
            raise BuildError(f"slug '{article.slug}' is used by {seen[article.slug]} too",
                             article.source_path, hint="give one of them another 'slug:' in its front matter")
        seen[article.slug] = article.source_path
