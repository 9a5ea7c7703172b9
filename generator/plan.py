"""Site → the list of pages to render. Each Job names its output file, its
template and exactly the values the template gets; a page's digest is built
from these, so listing pages depend on titles, dates and summaries of the
stories they list, never on their bodies."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from . import i18n, routes
from .config import SiteConfig
from .corpus import ENTITY_KINDS, TAGS, Site, Term
from .model import Article

KIND_LABEL = {"tags": "tag", "people": "person", "places": "place", "organisations": "organisation"}


@dataclass(frozen=True, slots=True)
class Job:
    output: str                      # path below site/, POSIX
    template: str
    context: dict[str, Any]
    markdown: str | None = None      # an article body, converted at render time
    lang: str = "en"
    digest_extra: str = field(default="")

    def digest(self, template_digest: str, config_digest: str) -> str:
        hasher = hashlib.sha256()
        for part in (template_digest, config_digest, self.template, self.lang, self.digest_extra,
                     self.markdown or ""):
            hasher.update(part.encode())
            hasher.update(b"\0")
        hasher.update(json.dumps(self.context, sort_keys=True, ensure_ascii=False, default=str).encode())
        return hasher.hexdigest()


def plan(site: Site, config: SiteConfig) -> list[Job]:
    lang = config.language
    common = _common(config, lang)
    jobs: list[Job] = []
    cards = [_card(site, a) for a in site.articles]
    jobs += _paginated("index.html", routes.INDEX, cards, config, common, {"heading": None})
    for index, article in enumerate(site.articles):
        jobs.append(_article_job(site, index, article, cards, config))
    for term in site.terms.values():
        if not term.has_page:
            continue
        url = routes.term(term.kind, term.slug)
        extra = {"term": {"name": term.name, "kind": term.kind, "kind_label": KIND_LABEL[term.kind],
                          "count": len(term.articles)}}
        jobs += _paginated("term.html", url, [cards[i] for i in term.articles], config, common, extra)
    jobs.append(Job(routes.output_file(routes.TAGS_INDEX), "tags_index.html",
                    {**common, "page_url": routes.TAGS_INDEX,
                     "terms": _term_list(site.terms_of(TAGS))}, lang=lang))
    groups = [{"kind": kind, "terms": _term_list(site.terms_of(kind))} for kind in ENTITY_KINDS]
    jobs.append(Job(routes.output_file(routes.ENTITIES_INDEX), "entities_index.html",
                    {**common, "page_url": routes.ENTITIES_INDEX, "groups": groups}, lang=lang))
    jobs.append(Job(routes.NOT_FOUND, "404.html", {**common, "page_url": routes.NOT_FOUND}, lang=lang))
    return jobs


def _common(config: SiteConfig, lang: str) -> dict[str, Any]:
    return {"site": {"title": config.title, "description": config.description,
                     "base_url": config.base_url, "lang": config.language,
                     "search": config.search.enabled},
            "lang": lang}


def _term_link(term: Term) -> dict[str, Any]:
    return {"name": term.name, "kind": term.kind,
            "url": routes.term(term.kind, term.slug) if term.has_page else None}


def _card(site: Site, article: Article) -> dict[str, Any]:
    """What a listing shows of a story."""
    return {
        "title": article.title,
        "url": routes.article(article.slug),
        "date": article.date.isoformat(),
        "date_text": i18n.long_date(article.date, article.lang),
        "day": article.date.date().isoformat(),
        "summary": article.summary,
        "lang": article.lang,
        "tags": [_term_link(t) for t in site.article_terms(article, TAGS)],
        "entities": [_term_link(t) for kind in ENTITY_KINDS for t in site.article_terms(article, kind)],
    }


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


def _article_job(site: Site, index: int, article: Article, cards: list[dict[str, Any]],
                 config: SiteConfig) -> Job:
    newer = cards[index - 1] if index > 0 else None
    older = cards[index + 1] if index + 1 < len(cards) else None
    card = cards[index]
    groups = [{"kind": kind, "terms": [_term_link(t) for t in site.article_terms(article, kind)]}
              for kind in ENTITY_KINDS]
    context = {
        **_common(config, article.lang),
        "page_url": card["url"],
        "article": {**card, "reading_minutes": article.reading_minutes, "words": article.words,
                    "entity_groups": [g for g in groups if g["terms"]], "id": article.id},
        "newer": _neighbour(newer), "older": _neighbour(older),
    }
    return Job(routes.output_file(card["url"]), "article.html", context,
               markdown=article.body, lang=article.lang)


def _neighbour(card: dict[str, Any] | None) -> dict[str, Any] | None:
    return {"title": card["title"], "url": card["url"]} if card else None


def _term_list(terms: list[Term]) -> list[dict[str, Any]]:
    ordered = sorted(terms, key=lambda t: (-len(t.articles), t.name.casefold(), t.slug))
    return [{**_term_link(t), "count": len(t.articles)} for t in ordered]
