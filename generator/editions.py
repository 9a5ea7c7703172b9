"""Editions: the stories of one day or one ISO week, and the names and
topics mentioned most in that period. Pure."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .corpus import ENTITY_KINDS, TAGS, Site, Term

DAY = "day"
WEEK = "week"
TOP_TERMS = 8


@dataclass(frozen=True, slots=True)
class Edition:
    key: str                       # '2026-02-12' or '2026-W07'
    period: str                    # DAY | WEEK
    start: date                    # the day, or the Monday of the week
    articles: tuple[int, ...]      # indexes into Site.articles, newest first


def day_key(moment: datetime) -> str:
    return moment.date().isoformat()


def week_key(moment: datetime) -> str:
    year, week, _ = moment.date().isocalendar()
    return f"{year}-W{week:02d}"


def editions(site: Site, period: str) -> list[Edition]:
    """Newest edition first; a story belongs to the day (week) of its own date."""
    keyed = day_key if period == DAY else week_key
    groups: dict[str, list[int]] = {}
    for index, article in enumerate(site.articles):
        groups.setdefault(keyed(article.date), []).append(index)
    found = []
    for key, members in groups.items():
        first = site.articles[members[-1]].date.date()
        start = first if period == DAY else date.fromisocalendar(*first.isocalendar()[:2], 1)
        found.append(Edition(key, period, start, tuple(members)))
    return sorted(found, key=lambda e: e.key, reverse=True)


def top_terms(site: Site, members: tuple[int, ...], kinds: tuple[str, ...],
              limit: int = TOP_TERMS) -> list[tuple[Term, int]]:
    """The terms most mentioned by these stories, with their counts."""
    return site.most_mentioned(members, kinds, limit)


def top_entities(site: Site, members: tuple[int, ...]) -> list[tuple[Term, int]]:
    return top_terms(site, members, ENTITY_KINDS)


def top_tags(site: Site, members: tuple[int, ...]) -> list[tuple[Term, int]]:
    return top_terms(site, members, (TAGS,))
