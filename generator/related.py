"""Related stories: ranked by the entities and tags two stories share.

A shared name counts more than a shared topic, and a rare term more than a
common one (a story sharing 'Bundestag' with half the site says little).
Ties go to the more recent story. Pure.

Speed: scoring every story that shares any term costs O(N) per story (a
common tag holds thousands), O(N²) per site. The rare, heavy terms are
visited first; once no story outside the candidates can still reach the
top `limit`, the common terms are only checked for the candidates (bisect
a set per term). Each candidate's score is then summed in the
original term order, so the floats, and the ranking, are exactly those of
the plain algorithm (`related_reference`, kept for the tests)."""
from __future__ import annotations

import heapq
import math

from .corpus import TAGS, TERM_KINDS, Site, Term

KIND_WEIGHT = {TAGS: 1.0, "people": 2.0, "places": 1.5, "organisations": 2.0}
MAX_RELATED = 5
_MARGIN = 1e-6        # far above float error, far below a ranking step (1e-9 rounding aside)


def _weighted(site: Site, index: int) -> list[tuple[Term, float]]:
    total = len(site.articles)
    article = site.articles[index]
    # inverse document frequency: rarer terms bind stories tighter
    return [(term, KIND_WEIGHT[kind] * math.log(1 + total / len(term.articles)))
            for kind in TERM_KINDS for term in site.article_terms(article, kind)]


def related(site: Site, index: int, limit: int = MAX_RELATED) -> list[int]:
    """Indexes of at most `limit` stories related to site.articles[index];
    empty when nothing is shared."""
    weighted = _weighted(site, index)
    order = sorted(range(len(weighted)), key=lambda k: -weighted[k][1])
    remaining = sum(w for _, w in weighted)
    hits: dict[int, int] = {}           # story → bitmask of shared term positions
    bound: dict[int, float] = {}        # story → partial score (a lower bound)
    done = 0
    for done, k in enumerate(order):
        if len(bound) >= limit and heapq.nlargest(limit, bound.values())[-1] > remaining + _MARGIN:
            break                       # no unseen story can reach the top any more
        term, weight = weighted[k]
        bit = 1 << k
        for other in term.articles:
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
    candidates = hits.keys()
    for k in order[done:]:              # common terms: only whether candidates share them
        bit = 1 << k
        for other in candidates & _members(site, weighted[k][0]):
            hits[other] |= bit
    by_mask: dict[int, float] = {}
    for mask in set(hits.values()):
        score = 0.0
        for k, (_, weight) in enumerate(weighted):
            if mask >> k & 1:
                score += weight
        by_mask[mask] = round(score, 9)
    return heapq.nsmallest(limit, hits, key=lambda i: (-by_mask[hits[i]], i))


_SETS: list[tuple[Site, dict[tuple[str, str], frozenset[int]]]] = []


def _members(site: Site, term: Term) -> frozenset[int]:
    """The term's stories as a set, built once per Site."""
    if not _SETS or _SETS[0][0] is not site:
        _SETS[:] = [(site, {})]
    sets = _SETS[0][1]
    key = (term.kind, term.slug)
    found = sets.get(key)
    if found is None:
        found = sets[key] = frozenset(term.articles)
    return found


def related_reference(site: Site, index: int, limit: int = MAX_RELATED) -> list[int]:
    """The plain O(N)-per-story ranking that `related` must equal."""
    scores: dict[int, float] = {}
    for term, weight in _weighted(site, index):
        for other in term.articles:
            if other != index:
                scores[other] = scores.get(other, 0.0) + weight
    # articles are newest first, so a smaller index is more recent
    ranked = sorted(scores, key=lambda i: (-round(scores[i], 9), i))
    return ranked[:limit]
