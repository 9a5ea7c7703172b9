"""Related stories: ranked by the entities and tags two stories share.

A shared name counts more than a shared topic, and a rare term more than a
common one (a story sharing 'Bundestag' with half the site says little).
Ties go to the more recent story. Pure (the last site's postings are kept
as a numpy array, an invisible cache).

Only the WINDOW stories around a story in date order are considered (on a
site of at most WINDOW stories: all of them). News relate to news of the
same period, and a bounded window keeps the cost per story bounded: scoring
every story that shares any term costs O(N) per story (the commonest term
holds half the site), O(N²) per site, which took minutes at 100,000.

Speed within the window: the scores of all stories in the window are summed
at once in numpy (np.bincount over the window's part of each term's
postings, concatenated in term order), which adds each story's weights in
the same order as the plain algorithm (`related_reference`, kept for the
tests), from 0.0, so the floats are exactly its floats. Only the stories
whose score can still round to the top `limit` are then ranked in Python,
by the plain algorithm's key."""
from __future__ import annotations

import math
from bisect import bisect_left
from itertools import chain
from typing import Any

from .corpus import TAGS, TERM_KINDS, Site, Term

KIND_WEIGHT = {TAGS: 1.0, "people": 2.0, "places": 1.5, "organisations": 2.0}
MAX_RELATED = 5
WINDOW = 2000         # stories considered around each one (months of a busy site)
_MARGIN = 1e-6        # far above float error, far below a ranking step (1e-9 rounding)
_FEW = 40             # candidates at most that are ranked in plain Python
_GROUPS = 256         # about as many group maxima bound the limit-th best score


def window(total: int, index: int, size: int = WINDOW) -> tuple[int, int]:
    """[lo, hi): `size` stories around `index` in date order, shifted at
    either end of the site so that every story gets as many."""
    lo = max(0, min(index - size // 2, total - size))
    return lo, min(total, lo + size)


def _weight(kind: str, term: Term, total: int) -> float:
    # inverse document frequency over the whole site: rarer terms bind stories tighter
    return KIND_WEIGHT[kind] * math.log(1 + total / len(term.articles))


def _weighted(site: Site, index: int) -> list[tuple[Term, float]]:
    total = len(site.articles)
    article = site.articles[index]
    return [(term, _weight(kind, term, total)) for kind in TERM_KINDS for term in site.article_terms(article, kind)]


class _Postings:
    """One site's term postings, all in one numpy array, and each term's
    weight; terms by id, kept alive here (as is the site) so that the ids
    stay theirs."""

    def __init__(self, site: Site) -> None:
        # imported here: only planning pays for it, not every command's start
        import numpy
        self.np = numpy
        self.site = site
        self.total = len(site.articles)
        self.at: dict[int, tuple[Term, int, float]] = {}       # id(term) → term, offset, weight
        offset = 0
        for (kind, _), term in site.terms.items():
            if term.articles:           # (a term without stories weighs nothing, is nobody's)
                self.at[id(term)] = (term, offset, _weight(kind, term, self.total))
                offset += len(term.articles)
        # intp, as np.bincount wants them: 8 MB for 100,000 stories
        self.postings = numpy.fromiter(chain.from_iterable(t.articles for t in site.terms.values()),
                                       dtype=numpy.intp, count=offset)


_last: _Postings | None = None      # of the site asked about last (plan asks for all its stories)


def _postings(site: Site) -> _Postings:
    global _last
    if _last is None or _last.site is not site:
        _last = _Postings(site)
    return _last


def forget() -> None:
    global _last
    _last = None


def related(site: Site, index: int, limit: int = MAX_RELATED, size: int = WINDOW) -> list[int]:
    """Indexes of at most `limit` stories related to site.articles[index];
    empty when nothing is shared. Equals `related_reference`."""
    if limit <= 0:
        return []
    lo, hi = window(len(site.articles), index, size)
    store = _postings(site)
    at = store.at
    postings = store.postings
    np = store.np
    article = site.articles[index]
    parts: list[Any] = []             # each term's postings in the window, in _weighted's order
    weights: list[float] = []
    counts: list[int] = []
    for kind in TERM_KINDS:
        for term in site.article_terms(article, kind):
            found = term.articles
            start = bisect_left(found, lo)
            end = bisect_left(found, hi, start)
            if end > start:
                entry = at.get(id(term))    # (its id is its: the store keeps its terms alive)
                if entry is not None:
                    parts.append(postings[entry[1] + start:entry[1] + end])
                    weights.append(entry[2])
                else:                   # not in site.terms when the store was made
                    parts.append(np.array(found[start:end], dtype=np.intp))
                    weights.append(_weight(kind, term, store.total))
                counts.append(end - start)
    if not parts:
        return []
    # each story's weights added in term order from 0.0: the reference's floats
    scores = np.bincount(np.concatenate(parts) - lo, np.array(weights).repeat(counts), hi - lo)
    scores[index - lo] = 0.0            # not related to itself; every weight is > 0
    return _top(np, scores, limit, lo)


def _top(np: Any, scores: Any, limit: int, lo: int) -> list[int]:
    """The reference's ranking of the stories with a score (> 0)."""
    # A lower bound of the limit-th best score: the limit-th best of the
    # maxima of disjoint groups of scores (each of the `limit` best maxima is
    # another story's score), cheaper than partitioning all scores. A story
    # more than the margin below it rounds below it too, so at least `limit`
    # stories rank before that story: only the others are ranked.
    rows = scores.size // _GROUPS
    if rows > 1:                        # (the last few scores may stay out of every group)
        columns = scores.size // rows
        bound = scores[:rows * columns].reshape(rows, columns).max(axis=0)
    else:
        bound = scores
    threshold = 0.0
    if limit < bound.size:
        threshold = np.partition(bound, bound.size - limit)[bound.size - limit] - _MARGIN
    found = (scores >= threshold).nonzero()[0] if threshold > 0.0 else scores.nonzero()[0]
    if found.size <= _FEW:
        ranked = sorted(zip([-round(score, 9) for score in scores[found].tolist()], found.tolist()))
        return [lo + other for _, other in ranked[:limit]]
    # many near-ties: round each distinct score once (Python's round, as the
    # reference does), then order by rounded score, then index
    distinct, which = np.unique(scores[found], return_inverse=True)
    rounded = np.array([round(score, 9) for score in distinct.tolist()])[which]
    return (found[np.lexsort((found, -rounded))[:limit]] + lo).tolist()


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
