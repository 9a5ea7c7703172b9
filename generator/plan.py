"""Site → the list of pages to render. Each Job names its output file, its
template and exactly the values the template gets; a page's digest is built
from these, so listing pages depend on titles, dates and summaries of the
stories they list, never on their bodies."""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from functools import lru_cache, partial
from typing import Any, overload

from . import editions, entitypage, feeds, i18n, related, routes, search
from .config import SiteConfig
from .corpus import ENTITY_KINDS, TAGS, Site, Term
from .errors import BuildError
from .render import may_read
from .articlepage import front_digest, with_body
from .job import Card, Job
from .model import Article
from .sources import Extras

__all__ = ["Job", "Jobs", "article_job", "front_digest", "plan", "with_body"]
KIND_LABEL = {"tags": "tag", "people": "person", "places": "place", "organisations": "organisation"}
SCHEMA_TYPE = {"people": "Person", "places": "Place", "organisations": "Organization"}


def plan(site: Site, config: SiteConfig, extras: Extras | None = None,
         body: Callable[[Article], str] | None = None, reads: Reads = None) -> Jobs:
    """`body`: an article's Markdown, when the Site's articles do not carry
    it (corpus.Bodies). `reads`: per template, the page values it may read
    (render.templates); values no template reads are not worked out."""
    try:
        return _plan(site, config, extras or Extras(), body, reads or {})
    finally:
        _SHARED.clear()


Reads = dict[str, frozenset[str]] | None

# A page planned on demand: an article (its index in the Site), or the
# n-th of a term's pages and feeds.
Slot = Job | int | tuple[Term, int]


class Jobs(Sequence[Job]):
    """Every page of the site, in order. Articles' and terms' pages (with
    related stories and entity details, most of the planning) are made when
    asked for, so that the forked render workers plan them, each its own
    share, from the Site they inherit; the parent holds only the other
    pages. The output of every page is known up front."""

    def __init__(self, slots: list[Slot], outputs: list[str], make: Callable[[int | tuple[Term, int]], Job]) -> None:
        self._slots = slots
        self.outputs = outputs
        self._make = make

    def __len__(self) -> int:
        return len(self._slots)

    @overload
    def __getitem__(self, position: int) -> Job: ...
    @overload
    def __getitem__(self, position: slice) -> list[Job]: ...

    def __getitem__(self, position: int | slice) -> Job | list[Job]:
        if isinstance(position, slice):
            return [self[i] for i in range(len(self))[position]]
        slot = self._slots[position]
        return slot if isinstance(slot, Job) else self._make(slot)

    def __iter__(self) -> Iterator[Job]:
        return (self[i] for i in range(len(self)))

    def article_index(self, position: int) -> int | None:
        """The Site index of the article whose page this is, else None."""
        slot = self._slots[position]
        return slot if isinstance(slot, int) else None

    def release(self) -> None:
        """Forget the values shared between pages made here, and the
        postings related stories were ranked from (they hold the site: in
        serve, that was one old site in memory until the next build)."""
        _SHARED.clear()
        _TERM_JOBS.clear()
        related.forget()


# Values many pages show (a term's link, a story's neighbour entry): one
# dict each, shared by every context that shows it (read-only; a digest
# pickles values, not identities). id → (source object, value), for one plan.
_SHARED: dict[tuple[str, Any], tuple[Any, Any]] = {}


def _shared(kind: str, source: Any, make: Any) -> Any:
    key = (kind, id(source))
    found = _SHARED.get(key)
    if found is None or found[0] is not source:
        found = _SHARED[key] = (source, make(source))
    return found[1]


def _shared_common(config: SiteConfig, lang: str, extras: Extras) -> dict[str, Any]:
    key = ("common", lang)
    found = _SHARED.get(key)
    if found is None or found[0][0] is not config or found[0][1] is not extras:
        found = _SHARED[key] = ((config, extras), _common(config, lang, extras))
    return dict(found[1])


def _plan(site: Site, config: SiteConfig, extras: Extras, body: Callable[[Article], str] | None,
          reads: dict[str, frozenset[str]]) -> Jobs:
    lang = config.language
    urls = routes.Urls(config.base_url)
    common = _common(config, lang, extras)
    cards = [_card(site, a, lang) for a in site.articles]
    site_feed = _feed_links(routes.INDEX)
    front = _paginated("index.html", routes.INDEX, cards, config, common, {"heading": None, "feeds": site_feed})
    front += _feeds(routes.INDEX, config.title, site.articles, site, urls, config)
    # article and term pages are made on demand (Jobs), by the worker that renders them
    slots: list[Slot] = [*front, *range(len(site.articles))]
    outputs = [job.output for job in front] + [routes.output_file(card["url"]) for card in cards]
    listed = _listed(front) + [card["url"] for card in cards]       # for the sitemap
    for term in site.terms.values():
        if term.has_page:
            term_pages = _term_pages(term, config.page_size)
            feeds_of_term = _term_feeds(term) if config.feeds.terms else []
            slots += [(term, n) for n in range(len(term_pages) + len(feeds_of_term))]
            outputs += [*map(routes.output_file, term_pages), *feeds_of_term]
            listed += term_pages
    rest = _listing_jobs(site, cards, config, common, extras, search.marked_count(outputs))
    slots += rest
    outputs += [job.output for job in rest]
    machine = _machine_files(listed + _listed(rest), urls)
    slots += machine
    outputs += [job.output for job in machine]
    _check_unique(slots, outputs)
    return Jobs(slots, outputs, partial(_make, site, cards=cards, config=config, extras=extras, urls=urls,
                                        common=common, body=body, reads=reads))


def _listed(jobs: list[Job]) -> list[str]:
    """The URLs of the HTML pages among `jobs` the sitemap lists: all but the 404."""
    return [job.context["page_url"] for job in jobs if job.output.endswith(".html") and job.output != routes.NOT_FOUND]


def _term_pages(term: Term, page_size: int) -> list[str]:
    """The URLs of a term's pages, as _term_jobs makes them."""
    url = routes.term(term.kind, term.slug)
    return [routes.page(url, n) for n in range(1, max(1, -(-len(term.articles) // page_size)) + 1)]


def _term_feeds(term: Term) -> list[str]:
    url = routes.term(term.kind, term.slug)
    return [routes.feed(url, "atom"), routes.feed(url, "json")]


# the jobs of the term made last, by the process that makes them: a term's
# pages are made one by one, mostly in a row
_TERM_JOBS: dict[tuple[str, str], tuple[Term, list[Job]]] = {}


def _make(site: Site, slot: int | tuple[Term, int], *, cards: list[dict[str, Any]], config: SiteConfig,
          extras: Extras, urls: routes.Urls, common: dict[str, Any], body: Callable[[Article], str] | None,
          reads: dict[str, frozenset[str]]) -> Job:
    if isinstance(slot, int):
        return article_job(site, slot, cards=cards, config=config, extras=extras, urls=urls, body=body,
                           read=reads.get("article.html"))
    term, number = slot
    found = _TERM_JOBS.get((term.kind, term.slug))
    if found is None or found[0] is not term:
        _TERM_JOBS.clear()
        found = _TERM_JOBS[(term.kind, term.slug)] = (term, _term_jobs(site, term, cards, config, common, extras,
                                                                       urls, reads.get("term.html")))
    return found[1][number]


def _listing_jobs(site: Site, cards: list[dict[str, Any]], config: SiteConfig, common: dict[str, Any],
                  extras: Extras, indexed: int) -> list[Job]:
    """The indexes, editions, archive, extra pages, search, 404. `indexed`:
    the pages the search index holds, which decide its shards."""
    lang = config.language
    urls = routes.Urls(config.base_url)
    jobs = []
    jobs.append(_job(routes.TAGS_INDEX, "tags_index.html", common, lang,
                     terms=_term_list(site.terms_of(TAGS))))
    groups = [{"kind": kind, "terms": _term_list(site.terms_of(kind))} for kind in ENTITY_KINDS]
    jobs.append(_job(routes.ENTITIES_INDEX, "entities_index.html", common, lang, groups=groups))
    if config.editions.enabled:
        jobs += _edition_jobs(site, cards, config, common, urls)
    jobs.append(_job(routes.ARCHIVE, "archive.html", common, lang, months=_archive(site, cards, lang)))
    for page in extras.pages:
        url = routes.static_page(page.slug)
        jobs.append(Job(routes.output_file(url), "page.html",
                        {**_common(config, page.lang, extras), "page_url": url, "page": {"title": page.title}},
                        markdown=page.body, lang=page.lang))
    if config.search.enabled:
        # Pagefind keeps one index per language; the search page merges the others in
        others = sorted({a.lang.lower() for a in site.articles} - {lang.lower()})
        # a big site's index is split in shards (search.py), merged in too
        jobs.append(_job(routes.SEARCH, "search.html", common, lang, other_languages=others,
                         search_bundles=search.bundles(search.shard_count(indexed))))
    jobs.append(_job(routes.NOT_FOUND, "404.html", common, lang))
    return jobs


def _check_unique(slots: list[Slot], outputs: list[str]) -> None:
    seen: dict[str, str] = {}
    for slot, output in zip(slots, outputs):
        template = (slot.template if isinstance(slot, Job) else "article.html" if isinstance(slot, int)
                    else "term.html")
        if output in seen:
            raise BuildError(f"two pages would be written to {output} ({seen[output]} and {template})")
        seen[output] = template


def _job(url: str, template: str, common: dict[str, Any], lang: str, **values: Any) -> Job:
    return Job(routes.output_file(url), template, {**common, "page_url": url, **values}, lang=lang)


def _common(config: SiteConfig, lang: str, extras: Extras) -> dict[str, Any]:
    return {"site": {"title": config.title, "description": config.description,
                     "base_url": config.base_url, "lang": config.language,
                     "search": config.search.enabled, "editions": config.editions.enabled,
                     "pages": [{"title": p.title, "url": routes.static_page(p.slug)} for p in extras.pages]},
            "lang": lang, "feeds": None}


def _feed_links(listing: str) -> dict[str, str]:
    return {"atom": routes.feed(listing, "atom"), "json": routes.feed(listing, "json")}


def _term_link(term: Term) -> dict[str, Any]:
    return _shared("term", term, _make_term_link)


def _make_term_link(term: Term) -> dict[str, Any]:
    return {"name": term.name, "kind": term.kind,
            "url": routes.term(term.kind, term.slug) if term.has_page else None}


@lru_cache(maxsize=1 << 14)
def day_label(day: date, lang: str) -> str:
    """i18n.long_date, which shows the day only, once per day and language
    (Babel takes ~20 µs a call; a site shows each day on hundreds of pages)."""
    return i18n.long_date(day, lang)


@lru_cache(maxsize=1 << 12)
def _month_label(first: date, lang: str) -> str:
    """i18n.month_year of the first day of a month, once per month and language."""
    return i18n.month_year(first, lang)


def _card(site: Site, article: Article, site_lang: str) -> dict[str, Any]:
    """What a listing shows of a story."""
    return Card({
        "title": article.title,
        "url": routes.article(article.slug),
        "date": article.date.isoformat(),
        "date_text": day_label(article.date.date(), article.lang),
        "day": article.date.date().isoformat(),
        "day_text": day_label(article.date.date(), site_lang),
        "summary": article.summary,
        "lang": article.lang,
        "tags": [_term_link(t) for t in site.article_terms(article, TAGS)],
        "entities": [_term_link(t) for kind in ENTITY_KINDS for t in site.article_terms(article, kind)],
    })


def _paginated(template: str, url: str, cards: list[dict[str, Any]], config: SiteConfig,
               common: dict[str, Any], extra: dict[str, Any]) -> list[Job]:
    size = config.page_size
    total = max(1, -(-len(cards) // size))
    jobs = []
    for number in range(1, total + 1):
        page_url = routes.page(url, number)
        pagination = {
            "number": number, "total": total,
            "prev": routes.page(url, number - 1) if number > 1 else None,
            "next": routes.page(url, number + 1) if number < total else None,
        }
        context = {**common, **extra, "page_url": page_url, "stories": cards[(number - 1) * size: number * size],
                   "pagination": pagination}
        jobs.append(Job(routes.output_file(page_url), template, context, lang=config.language))
    return jobs


def _feeds(listing: str, title: str, articles: Any, site: Site, urls: routes.Urls,
           config: SiteConfig) -> list[Job]:
    # a feed shows the newest max_items only: no entries for the rest. A story
    # is in the feeds of the site and of each of its terms: one entry, one
    # item, each a Card, digested once rather than in each feed's digest
    entries = [_shared("entry", a, lambda a: Card(feeds.article_entry(
                   a, [t.name for t in site.article_terms(a, TAGS)], urls)))
               for a in _newest(articles, config.feeds.max_items)]
    return feeds.feed_jobs(listing, title, entries, urls, config.language,
                           config.author or config.title, config.feeds.max_items, _json_item)


def _json_item(entry: dict[str, Any]) -> dict[str, Any]:
    return _shared("item", entry, lambda entry: Card(feeds.json_item(entry)))


def _term_jobs(site: Site, term: Term, cards: list[dict[str, Any]], config: SiteConfig,
               common: dict[str, Any], extras: Extras, urls: routes.Urls,
               read: frozenset[str] | None = None) -> list[Job]:
    url = routes.term(term.kind, term.slug)
    info = None if term.kind == TAGS or not may_read(read, "term", "info") else \
        entitypage.details(site, term, extras.registry, config.language)
    extra = {"term": {"name": term.name, "kind": term.kind, "kind_label": KIND_LABEL[term.kind],
                      "count": len(term.articles), "info": info},
             "feeds": _feed_links(url) if config.feeds.terms else None}
    jobs = _paginated("term.html", url, [cards[i] for i in term.articles], config, common, extra)
    if not config.feeds.terms:
        return jobs
    title = f"{term.name} – {config.title}"
    newest = _newest(term.articles, config.feeds.max_items)
    return jobs + _feeds(url, title, [site.articles[i] for i in newest], site, urls, config)


def _newest(items: Any, max_items: int) -> Any:
    """The items feeds.feed_jobs keeps (it slices again: a negative count
    must not be applied twice)."""
    return items[:max_items] if max_items >= 0 else items


def article_job(site: Site, index: int, *, cards: list[dict[str, Any]], config: SiteConfig,
                extras: Extras, urls: routes.Urls, body: Callable[[Article], str] | None = None,
                read: frozenset[str] | None = None) -> Job:
    """The page of site.articles[index]. Its body (the Markdown and what is
    counted from it) enters only through `with_body`, so that can swap a
    new body into a job planned before. `read`: what article.html may read
    (render.may_read); related stories and JSON-LD only when it does."""
    article = site.articles[index]
    newer = cards[index - 1] if index > 0 else None
    older = cards[index + 1] if index + 1 < len(cards) else None
    card = cards[index]
    groups = [{"kind": kind, "terms": [_term_link(t) for t in site.article_terms(article, kind)]}
              for kind in ENTITY_KINDS]
    context = {
        **_shared_common(config, article.lang, extras),
        "page_url": card["url"],
        "article": {**card, "reading_minutes": 0, "words": 0,
                    "entity_groups": [g for g in groups if g["terms"]], "id": article.id},
        "newer": _neighbour(newer), "older": _neighbour(older),
        "og_locale": article.lang.replace("-", "_"),
    }
    if may_read(read, "related"):
        context["related"] = [_neighbour(cards[i]) for i in related.related(site, index)]
    if may_read(read, "jsonld"):
        context["jsonld"] = _jsonld(site, article, config, urls)
    job = Job(routes.output_file(card["url"]), "article.html", context, lang=article.lang)
    return with_body(job, article, None if body is None else body(article))


def _jsonld(site: Site, article: Article, config: SiteConfig, urls: routes.Urls) -> dict[str, Any]:
    """schema.org NewsArticle; names link to their entity pages."""
    url = urls.absolute(routes.article(article.slug))
    # a name's entry is the same in every story that mentions it: made once
    mentions = [_shared("mention", t, partial(_mention, urls))
                for kind in ENTITY_KINDS for t in site.article_terms(article, kind)]
    about = [_shared("about", t, partial(_about, urls)) for t in site.article_terms(article, TAGS)]
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
        "description": article.summary, "datePublished": article.date.isoformat(),
        "inLanguage": article.lang, "url": url, "mainEntityOfPage": url,
        "wordCount": article.words,
        "publisher": _shared("publisher", config, partial(_publisher, urls)),
    }
    if about:
        data["about"] = about
    if mentions:
        data["mentions"] = mentions
    return data


def _mention(urls: routes.Urls, term: Term) -> dict[str, Any]:
    return {"@type": SCHEMA_TYPE[term.kind], "name": term.name, "url": urls.absolute(routes.term(term.kind, term.slug))}


def _about(urls: routes.Urls, term: Term) -> dict[str, Any]:
    return {"@type": "Thing", "name": term.name,
            **({"url": urls.absolute(routes.term(term.kind, term.slug))} if term.has_page else {})}


def _publisher(urls: routes.Urls, config: SiteConfig) -> dict[str, Any]:
    return {"@type": "Organization", "name": config.title, "url": urls.absolute("")}


def _neighbour(card: dict[str, Any] | None) -> dict[str, Any] | None:
    return _shared("neighbour", card, _make_neighbour) if card else None


def _make_neighbour(card: dict[str, Any]) -> dict[str, Any]:
    return {"title": card["title"], "url": card["url"], "date": card["date"],
            "date_text": card["date_text"], "lang": card["lang"]}


def _term_list(terms: list[Term]) -> list[dict[str, Any]]:
    ordered = sorted(terms, key=lambda t: (-len(t.articles), t.name.casefold(), t.slug))
    return [{**_term_link(t), "count": len(t.articles)} for t in ordered]


def _edition_jobs(site: Site, cards: list[dict[str, Any]], config: SiteConfig, common: dict[str, Any],
                  urls: routes.Urls) -> list[Job]:
    lang = config.language
    jobs: list[Job] = []
    index_groups = []
    for period in (editions.DAY, editions.WEEK):
        found = editions.editions(site, period)
        links = [{"key": e.key, "url": routes.edition(e.key), "title": _edition_title(e, lang),
                  "count": len(e.articles)} for e in found]
        index_groups.append({"period": period, "editions": links})
        for position, edition in enumerate(found):
            jobs.append(_job(routes.edition(edition.key), "edition.html", common, lang,
                             edition={**links[position], "period": period,
                                      "top_entities": _counted(editions.top_entities(site, edition.articles)),
                                      "top_tags": _counted(editions.top_tags(site, edition.articles))},
                             stories=[cards[i] for i in edition.articles],
                             newer=links[position - 1] if position > 0 else None,
                             older=links[position + 1] if position + 1 < len(links) else None,
                             feeds={"atom": routes.edition_feed(period, "atom"),
                                    "json": routes.edition_feed(period, "json")}))
        entries = [{"id": f"urn:newsdigest:edition:{e.key}", "url": urls.absolute(routes.edition(e.key)),
                    "title": _edition_title(e, lang), "lang": lang, "tags": [],
                    "date": site.articles[e.articles[0]].date.isoformat(),
                    "summary": " · ".join(site.articles[i].title for i in e.articles)} for e in found]
        title = f"{i18n.translate(lang, period + '_editions')} – {config.title}"
        jobs += feeds.edition_feed_jobs(period, title, entries, urls, lang, config.author or config.title,
                                        config.feeds.max_items)
    jobs.append(_job(routes.EDITIONS_INDEX, "editions_index.html", common, lang, groups=index_groups))
    return jobs


def _edition_title(edition: editions.Edition, lang: str) -> str:
    if edition.period == editions.DAY:
        return i18n.long_date(edition.start, lang)
    return i18n.week_label(edition.start, lang)


def _counted(terms: list[tuple[Term, int]]) -> list[dict[str, Any]]:
    return [{**_term_link(term), "count": count} for term, count in terms]


def _archive(site: Site, cards: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    months: dict[str, dict[str, Any]] = {}
    for index, (article, card) in enumerate(zip(site.articles, cards)):
        key = site.month(index)
        month = months.setdefault(key, {"key": key, "label": _month_label(article.date.date().replace(day=1), lang),
                                        "stories": []})
        month["stories"].append({k: card[k] for k in ("title", "url", "date", "date_text", "lang")})
    return list(months.values())


def _machine_files(pages: list[str], urls: routes.Urls) -> list[Job]:
    """sitemap.xml lists `pages` (every HTML page but the 404); robots.txt
    points at it."""
    return [Job(routes.SITEMAP, "sitemap.xml", {"pages": sorted(urls.absolute(url) for url in pages)}),
            Job(routes.ROBOTS, "robots.txt", {"sitemap": urls.absolute(routes.SITEMAP)}),
            Job(routes.NOJEKYLL, "nojekyll.txt", {})]
