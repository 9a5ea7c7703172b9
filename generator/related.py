"""Related stories: ranked by the entities and tags two stories share.

A shared name counts more than a shared topic, and a rare term more than a
common one (a story sharing 'Bundestag' with half the site says little).
Ties go to the more recent story. Pure."""
from __future__ import annotations

import math

from .corpus import TAGS, TERM_KINDS, Site

KIND_WEIGHT = {TAGS: 1.0, "people": 2.0, "places": 1.5, "organisations": 2.0}
MAX_RELATED = 5


def related(site: Site, index: int, limit: int = MAX_RELATED) -> list[int]:
    """Indexes of at most `limit` stories related to site.articles[index];
    empty when nothing is shared."""
    article = site.articles[index]
    total = len(site.articles)
    scores: dict[int, float] = {}
    for kind in TERM_KINDS:
        for term in site.article_terms(article, kind):
            # inverse document frequency: rarer terms bind stories tighter
            weight = KIND_WEIGHT[kind] * math.log(1 + total / len(term.articles))
            for other in term.articles:
                if other != index:
                    scores[other] = scores.get(other, 0.0) + weight
    # articles are newest first, so a smaller index is more recent
    ranked = sorted(scores, key=lambda i: (-round(scores[i], 9), i))
    return ranked[:limit]
