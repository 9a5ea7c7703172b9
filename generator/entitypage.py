"""What an entity page shows beyond its story list: the registry entry,
first and last mention, mentions per month as an SVG chart, and the names
mentioned most often together with it. Pure."""
from __future__ import annotations

from collections import Counter
from datetime import date
from functools import lru_cache
from typing import Any

from . import charts, i18n, routes
from .corpus import ENTITY_KINDS, Site, Term
from .entityinfo import Registry

TYPE_LABEL = {"people": "person", "places": "place", "organisations": "organisation"}
MAX_CO_MENTIONED = 8


def details(site: Site, term: Term, registry: Registry, lang: str) -> dict[str, Any]:
    info = registry.find(term.kind, term.name)
    first, last = site.articles[term.articles[-1]].date, site.articles[term.articles[0]].date    # newest first
    per_month = Counter(site.month(i) for i in term.articles)
    months = charts.month_range(site.month(term.articles[-1]), site.month(term.articles[0]))
    values = [(m, per_month.get(m, 0)) for m in months]
    peak = max(values, key=lambda v: (v[1], v[0]))[0]
    label = {m: _month_label(m, lang) for m in months}
    title = i18n.translate(lang, "mentions_chart", name=term.name)
    desc = i18n.translate(lang, "mentions_chart_desc", n=len(term.articles), first=label[months[0]],
                          last=label[months[-1]], peak=label[peak])
    aliases = [a for a in (info.aliases if info else ()) if a != term.name]
    return {
        "type_label": TYPE_LABEL[term.kind],
        "description": info.description if info else "",
        "aliases": aliases,
        "wikidata": f"https://www.wikidata.org/wiki/{info.wikidata}" if info and info.wikidata else None,
        "first": {"date": first.isoformat(), "text": _day_label(first.date(), lang)},
        "last": {"date": last.isoformat(), "text": _day_label(last.date(), lang)},
        "chart": charts.bar_chart([(label[m], c) for m, c in values], title, desc, "mentions"),
        "co_mentioned": co_mentioned(site, term),
    }


def co_mentioned(site: Site, term: Term, limit: int = MAX_CO_MENTIONED) -> list[dict[str, Any]]:
    ranked = site.most_mentioned(term.articles, ENTITY_KINDS, limit, exclude=(term.kind, term.slug))
    return [{"name": other.name, "kind": other.kind, "count": count, "url": routes.term(other.kind, other.slug)}
            for other, count in ranked]


@lru_cache(maxsize=1 << 12)
def _day_label(day: date, lang: str) -> str:
    """i18n.long_date shows the day only: once per day and language."""
    return i18n.long_date(day, lang)


@lru_cache(maxsize=1 << 12)
def _month_label(month: str, lang: str) -> str:
    """Once per month and language: every entity's chart labels the same months."""
    return i18n.month_year(_month_start(month), lang)


def _month_start(month: str) -> date:
    year, number = (int(p) for p in month.split("-"))
    return date(year, number, 1)
