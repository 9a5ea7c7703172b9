"""Listings that help an editor curate the tag and entity registries:
usage counts and suggested merges. Pure: articles and registries in, rows out."""
from __future__ import annotations

from collections import Counter
from typing import Any

from .model import Article

ENTITY_KINDS = ("people", "places", "organisations")
TYPE_OF_KIND = {"people": "person", "places": "place", "organisations": "organisation"}


def tag_report(articles: list[Article], registry: Any) -> tuple[list[tuple[str, int]], list[tuple[str, str, str]]]:
    """Tags by use (most used first) and (keep, merge, reason) suggestions."""
    from .tagging import suggest_merges
    per_article = {a.id: list(a.tags) for a in articles}
    counts = Counter(tag for tags in per_article.values() for tag in set(tags))
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    return rows, suggest_merges(per_article, registry)


def entity_counts(articles: list[Article]) -> dict[tuple[str, str], int]:
    """(kind, canonical name) → number of articles mentioning it."""
    counts: Counter[tuple[str, str]] = Counter()
    for article in articles:
        for kind in ENTITY_KINDS:
            counts.update((kind, name) for name in set(getattr(article.entities, kind)))
    return dict(counts)


def entity_report(articles: list[Article], registry: Any) -> tuple[dict[str, list[tuple[str, int]]],
                                                                  list[Any], list[tuple[str, str]]]:
    """Per kind, names by use; likely duplicates ('Netanyahu'/'Netanjahu',
    'USA'/'Vereinigte Staaten'); and one-off names the registry does not know,
    the ones most worth a look."""
    from .ner.registry import suggest_duplicates
    counts = entity_counts(articles)
    by_kind: dict[str, list[tuple[str, int]]] = {kind: [] for kind in ENTITY_KINDS}
    for (kind, name), n in sorted(counts.items(), key=lambda item: (-item[1], item[0][1].casefold())):
        by_kind[kind].append((name, n))
    duplicates = suggest_duplicates({(TYPE_OF_KIND[k], name): n for (k, name), n in counts.items()})
    one_offs = [(kind, name) for (kind, name), n in sorted(counts.items())
                if n == 1 and registry.lookup(name) is None]
    return by_kind, duplicates, one_offs


def format_counts(rows: list[tuple[str, int]]) -> list[str]:
    width = max((len(str(n)) for _, n in rows), default=1)
    return [f"{n:>{width}}  {name}" for name, n in rows]
