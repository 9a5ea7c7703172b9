"""Related stories: ranked by the entities and tags two stories share.

A shared name counts more than a shared topic, and a rare term more than a
common one (a story sharing 'Bundestag' with half the site says little).
Ties go to the more recent story. Pure.

Only the WINDOW stories around a story in date order are considered (on a
site of at most WINDOW stories: all of them). News relate to news of the
same period, and a bounded window keeps the cost per story bounded: scoring
every story that shares any term costs O(N) per story (the commonest term
holds half the site), O(N²) per site, which took minutes at 100,000.

Speed within the window: the rare, heavy terms are visited first; once no
story outside the candidates can still reach the top `limit`, the common
terms are only checked for the candidates (bisect in the sorted postings).
Each candidate's score is then summed in the original term order, so the
floats, and the ranking, are exactly those of the plain algorithm
(`related_reference`, kept for the tests)."""
from __future__ import annotations

import heapq
import math
from bisect import bisect_left

from .corpus import TAGS, TERM_KINDS, Site, Term

KIND_WEIGHT = {TAGS: 1.0, "people": 2.0, "places": 1.5, "organisations": 2.0}
MAX_RELATED = 5
WINDOW = 2000         # stories considered around each one (months of a busy site)
_MARGIN = 1e-6        # far above float error, far below a ranking step (1e-9 rounding aside)


def window(total: int, index: int, size: int = WINDOW) -> tuple[int, int]:
    """[lo, hi): `size` stories around `index` in date order, shifted at
    either end of the site so that every story gets as many."""
    lo = max(0, min(index - size // 2, total - size))
    return lo, min(total, lo + size)


def _weighted(site: Site, index: int) -> list[tuple[Term, float]]:
    total = len(site.articles)
    article = site.articles[index]
    # inverse document frequency over the whole site: rarer terms bind stories tighter
    return [(term, KIND_WEIGHT[kind] * math.log(1 + total / len(term.articles)))
            for kind in TERM_KINDS for term in site.article_terms(article, kind)]


def _in_window(postings: tuple[int, ...], lo: int, hi: int) -> tuple[int, ...]:
    return postings[bisect_left(postings, lo):bisect_left(postings, hi)]


def _contains(postings: tuple[int, ...], item: int) -> bool:
    at = bisect_left(postings, item)
    return at < len(postings) and postings[at] == item


def related(site: Site, index: int, limit: int = MAX_RELATED, size: int = WINDOW) -> list[int]:
    """Indexes of at most `limit` stories related to site.articles[index];
    empty when nothing is shared."""
    lo, hi = window(len(site.articles), index, size)
    weighted = _weighted(site, index)
    postings = [_in_window(term.articles, lo, hi) for term, _ in weighted]
    order = sorted(range(len(weighted)), key=lambda k: -weighted[k][1])
    remaining = sum(w for _, w in weighted)
    hits: dict[int, int] = {}           # story → bitmask of shared term positions
    bound: dict[int, float] = {}        # story → partial score (a lower bound)
    done = 0
    for done, k in enumerate(order):
        if len(bound) >= limit and heapq.nlargest(limit, bound.values())[-1] > remaining + _MARGIN:
            break                       # no unseen story can reach the top any more
        weight = weighted[k][1]
        bit = 1 << k
        for other in postings[k]:
            if other != index:
                hits[other] = hits.get(other, 0) | bit
                bound[other] = bound.get(other, 0.0) + weight
        remaining -= weight
    else:
        done = len(order)
    if done < len(order) and len(bound) > limit:
        # a candidate that cannot reach the current k-th best even with every
        # remaining term is out too
        floor = heapq.nlargest(limit, bound.values())[-1] - remaining - _MARGIN
        hits = {other: mask for other, mask in hits.items() if bound[other] >= floor}
    for k in order[done:]:              # common terms: only whether candidates share them
        bit = 1 << k
        shared = ([o for o in postings[k] if o in hits] if len(postings[k]) < len(hits)
                  else [o for o in hits if _contains(postings[k], o)])
        for other in shared:
            hits[other] |= bit
    by_mask: dict[int, float] = {}
    for mask in set(hits.values()):
        score = 0.0
        for k, (_, weight) in enumerate(weighted):
            if mask >> k & 1:
                score += weight
        by_mask[mask] = round(score, 9)
    return heapq.nsmallest(limit, hits, key=lambda i: (-by_mask[hits[i]], i))


def related_reference(site: Site, index: int, limit: int = MAX_RELATED, size: int = WINDOW) -> list[int]:
    """The plain O(window)-per-story ranking that `related` must equal."""
    lo, hi = window(len(site.articles), index, size)
    scores: dict[int, float] = {}
    for term, weight in _weighted(site, index):
        for other in term.articles:
            if other != index and lo <= other < hi:
                scores[other] = scores.get(other, 0.0) + weight
    # articles are newest first, so a smaller index is more recent
    ranked = sorted(scores, key=lambda i: (-round(scores[i], 9), i))
    return ranked[:limit]
